"""The "Further reading" section: works an article recommends without citing them.

The works are bib keys listed in the directive, or chosen with sphinxcontrib-bibtex's filter
expressions (``:filter: keyword % "interpretability"``); works the article cites are left
out, since they are in its references already.
"""

from __future__ import annotations

import ast
import re
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from .appendix import appendix_from_directive
from .citations import bib_entries, depend_on_bib_files, unknown_key
from .compat import bibtex_filter_visitor
from .diagnostics import warn
from .domain import get_domain
from .export import plain_text
from .formatting import formatter_for
from .i18n import _
from .options import CheckedOptions, report_option_problems
from .order import POST_TRANSFORM_PRIORITY
from .sources import author_sort_key
from .walk import nodes_of
from .writers import add_placeholder


class enc_further_reading(nodes.General, nodes.Element):  # noqa: N801 - docutils' naming
    """Placeholder: ``keys`` listed, ``filter`` expression, ``docname``."""


class FurtherReadingDirective(SphinxDirective):
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = CheckedOptions(
        {"filter": directives.unchanged_required}
    )

    def run(self) -> list[nodes.Node]:
        report_option_problems(self)
        location = self.get_location()
        entries = bib_entries(self.env)
        keys = []
        unknown = False
        for key in re.split(r"[\s,]+", "\n".join(self.content).strip()):
            if not key:
                continue
            entry = entries.get(key)
            if entry is None:
                unknown = True
                warn(unknown_key(self.env, key), "unknown-key", location)
            else:
                keys.append(entry.key)
        expression = self.options.get("filter", "")
        if expression and not self._filter_is_valid(expression):
            expression = ""
        if not keys and "filter" not in self.options:
            warn("further-reading lists no work", "further-reading", location)
        # Formatting happens while writing: a list of keys is read again when one of its
        # entries changes (see .dependencies); a filter, or a key the bib files lack, may
        # select or find any entry, so such a list depends on the files as a whole.
        get_domain(self.env).note_further_reading(
            self.env.docname, keys, follows_citations=_asks_who_cites(expression)
        )
        if "filter" in self.options or unknown:
            depend_on_bib_files(self.env)
        node = enc_further_reading(keys=keys, filter=expression, docname=self.env.docname)
        self.set_source_info(node)
        return appendix_from_directive(self, "further-reading", _("Further reading"), [node])

    def _filter_is_valid(self, expression: str) -> bool:
        if bibtex_filter_visitor() is None:
            warn("this sphinxcontrib-bibtex has no filter expressions", "further-reading",
                 self.get_location())  # fmt: skip
            return False
        try:
            ast.parse(expression)
        except SyntaxError as error:
            warn(f"syntax error in :filter: {error.msg}", "further-reading", self.get_location())
            return False
        return True


def _asks_who_cites(expression: str) -> bool:
    """Whether a (valid) filter reads which articles cite each work."""
    if not expression:
        return False
    names = {node.id for node in ast.walk(ast.parse(expression)) if isinstance(node, ast.Name)}
    return bool(names & {"cited", "docnames"})


class FurtherReadingList(SphinxPostTransform):
    default_priority = POST_TRANSFORM_PRIORITY["FurtherReadingList"]

    def run(self, **kwargs: Any) -> None:
        placeholders = nodes_of(self.document, enc_further_reading)
        if not placeholders:
            return
        articles = get_domain(self.env).articles
        cited_in: dict[str, set[str]] = {}
        for docname, article in articles.items():
            for key, *_site in article["citations"]:
                cited_in.setdefault(key, set()).add(docname)
        for node in placeholders:
            node.replace_self(self._build(node, cited_in))

    def _build(self, node: enc_further_reading, cited_in: dict[str, set[str]]) -> list[nodes.Node]:
        entries = bib_entries(self.env)
        docname = node["docname"]
        chosen = {key: entries[key] for key in node["keys"] if key in entries}
        if node["filter"]:
            chosen.update(self._filtered(node, entries, cited_in))
        cited_here = {key for key, places in cited_in.items() if docname in places}
        for key in sorted(cited_here & set(node["keys"])):
            warn(f"{key!r} is cited in the article; further reading lists works it does not "
                 "cite", "further-reading", node)  # fmt: skip
        works = sorted(
            (entry for key, entry in chosen.items() if key not in cited_here),
            key=lambda entry: (author_sort_key(entry),
                               plain_text(entry.fields.get("title", "")).casefold(), entry.key),
        )  # fmt: skip
        if not works:
            return []
        formatter = formatter_for(self.env)
        listing = nodes.bullet_list(classes=["enc-further-reading-list"])
        for entry in works:
            text = formatter.reference_text(self.env, entry.key, node)
            listing += nodes.list_item("", nodes.paragraph("", "", text))
        return [listing]

    def _filtered(self, node: enc_further_reading, entries: Any,
                  cited_in: dict[str, set[str]]) -> dict[str, Any]:  # fmt: skip
        tree = ast.parse(node["filter"])
        FilterVisitor = bibtex_filter_visitor()  # noqa: N806 - a class
        found = {}
        for entry in entries.values():
            visitor = FilterVisitor(entry, node["docname"], cited_in.get(entry.key, set()))
            try:
                matched = visitor.visit(tree)
            except ValueError as error:
                warn(f"invalid :filter: {error}", "further-reading", node)
                return {}
            if matched:
                found[entry.key] = entry
        return found


def setup_further_reading(app: Sphinx) -> None:
    add_placeholder(app, enc_further_reading)
    app.add_directive("further-reading", FurtherReadingDirective)
    app.add_post_transform(FurtherReadingList)
