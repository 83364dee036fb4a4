"""Hatnotes: "Main article: X", "Further information: X" and "See also: X" atop a section.

Targets are documents, written as ``:doc:`` targets are (relative, or absolute with ``/``),
or as their files (``other.md``).
A target that is not a document of the project is reported and printed unlinked, never
left as a dead link. Whether it is one is decided while reading, so a page is read again
when a document its hatnotes name is added or removed.
"""

from __future__ import annotations

from collections.abc import Callable, Set

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import docname_join
from sphinx.util.docutils import SphinxDirective

from .diagnostics import warn
from .domain import get_domain
from .i18n import _

# Labels by kind, singular and plural; called at build time so the language applies.
LABELS: dict[str, Callable[[int], str]] = {
    "main": lambda count: _("Main article:") if count == 1 else _("Main articles:"),
    "further": lambda count: _("Further information:"),
    "see-also": lambda count: _("See also:"),
}


def document_link(directive: SphinxDirective, target: str) -> nodes.Node:
    """A ``:doc:`` cross-reference to ``target``, or its text with a warning if it is
    not a document of the project."""
    target = without_source_suffix(directive.env, target)
    docname = docname_join(directive.env.docname, target)
    get_domain(directive.env).note_hatnote_target(directive.env.docname, docname)
    if docname not in directive.env.found_docs:
        warn(
            f"hatnote target {target!r} is not a document of this project",
            "hatnote-target",
            location=directive.get_location(),
        )
        return nodes.inline(target, target, classes=["enc-missing-target"])
    reference = addnodes.pending_xref(
        target,
        refdomain="std",
        reftype="doc",
        reftarget=target,
        refexplicit=False,
        refwarn=True,
        refdoc=directive.env.docname,
    )
    reference += nodes.inline(target, target, classes=["xref", "std", "std-doc"])
    return reference


def without_source_suffix(env: BuildEnvironment, target: str) -> str:
    """``other.md`` as ``other``: a target written as a file name, with one of the project's
    source suffixes, names the document (as a MyST author links ``[Other](other.md)``)."""
    for suffix in env.config.source_suffix:
        if target.endswith(suffix) and len(target) > len(suffix):
            return target[: -len(suffix)]
    return target


def joined(links: list[nodes.Node]) -> list[nodes.Node]:
    """``A``, ``A and B``, ``A, B and C``."""
    result: list[nodes.Node] = []
    for index, link in enumerate(links):
        if index:
            last = index == len(links) - 1
            result.append(nodes.Text(" " + _("and") + " " if last else ", "))
        result.append(link)
    return result


def hatnote(directive: SphinxDirective, kind: str) -> list[nodes.Node]:
    targets = [target for target in " ".join(directive.arguments).replace(",", " ").split()]
    if not targets:
        warn(f"{directive.name} names no article", "hatnote-target", directive.get_location())
        return []
    links = [document_link(directive, target) for target in targets]
    label = LABELS[kind](len(targets))
    note = nodes.paragraph(classes=["enc-hatnote", f"enc-hatnote-{kind}"])
    directive.set_source_info(note)
    note += nodes.emphasis("", f"{label} ", *joined(links))
    return [note]


class MainArticleDirective(SphinxDirective):
    required_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        return hatnote(self, "main")


class FurtherInformationDirective(SphinxDirective):
    required_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        return hatnote(self, "further")


def pages_naming_added_or_removed(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    appeared_or_gone = added | removed
    if not appeared_or_gone:
        return []
    return sorted(
        docname
        for docname, targets in get_domain(env).hatnote_targets.items()
        if not targets.isdisjoint(appeared_or_gone)
    )


def setup_hatnotes(app: Sphinx) -> None:
    app.connect("env-get-outdated", pages_naming_added_or_removed)
    app.add_directive("main-article", MainArticleDirective)
    app.add_directive("further-information", FurtherInformationDirective)
