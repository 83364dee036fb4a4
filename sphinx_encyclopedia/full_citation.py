"""A work's full citation in the text: ``:full-citation:`key``` writes the entry in the
site's citation style where it stands, as a Wikipedia citation template outside a reference
does (an author's list of works, a "Works" section, a sentence naming a book).

It is no citation: no marker, no number, no back-link, not in the references list nor in the
sources index. The entry is formatted once a build, as the lists' entries are, and the page
is read again when the entry changes (see .dependencies).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxRole

from .citations import bib_entries, depend_on_bib_files, unknown_key
from .diagnostics import warn
from .domain import get_domain
from .formatting import formatter_for
from .locations import role_line, role_location
from .order import POST_TRANSFORM_PRIORITY
from .walk import nodes_of
from .writers import add_placeholder


class enc_full_citation(nodes.Inline, nodes.Element):  # noqa: N801 - docutils' naming
    """Where a full citation goes: ``key``, replaced by the formatted entry while writing."""


class FullCitationRole(SphinxRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        line = role_line(self)
        key = self.text.strip()
        entry = bib_entries(self.env).get(key) if key else None
        if entry is None:
            if key:
                warn(unknown_key(self.env, key), "unknown-key", role_location(self, line))
            else:
                warn(f"full citation without a key: {self.rawtext}", "empty-citation",
                     role_location(self, line))  # fmt: skip
            depend_on_bib_files(self.env)
            return [not_found(key, self.rawtext)], []
        get_domain(self.env).note_full_citation(self.env.docname, entry.key)
        node = enc_full_citation(key=entry.key)
        self.set_source_info(node, line)
        return [node], []


def not_found(key: str, rawtext: str = "") -> nodes.inline:
    """As a broken marker shows: the key, marked, where the citation would be."""
    return nodes.inline(rawtext, f"[{key}?]", classes=["enc-cite-error"])


class FullCitations(SphinxPostTransform):
    default_priority = POST_TRANSFORM_PRIORITY["FullCitations"]

    def run(self, **kwargs: Any) -> None:
        placeholders = nodes_of(self.document, enc_full_citation)
        if not placeholders:
            return
        formatter = formatter_for(self.env)
        entries = bib_entries(self.env)
        for node in placeholders:
            if node["key"] in entries:
                node.replace_self(formatter.reference_text(self.env, node["key"], node))
            else:  # removed from the bib since the page was read; it is read again next time
                node.replace_self(not_found(node["key"]))


def setup_full_citation(app: Sphinx) -> None:
    add_placeholder(app, enc_full_citation)
    app.add_role("full-citation", FullCitationRole())
    app.add_post_transform(FullCitations)
