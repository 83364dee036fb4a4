"""Wikipedia's appendix sections (See also, References, …) at the end of the article, in order.

A directive such as ``references`` brings its own heading, wherever it is written, as a
section of the article's top level; this module moves such sections to the end of the article
in Wikipedia's order. A directive written as the only content of a section the author titled
keeps the author's heading and place. Both are decided on the parsed document, not in the
directive, so that parsers other than reStructuredText (MyST) behave the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

APPENDIX_ORDER = ("see-also", "notes", "references", "further-reading", "external-links")


def appendix_section(document: nodes.document, kind: str, title: str) -> nodes.section:
    section = nodes.section(classes=[f"enc-{kind}"], enc_appendix=kind)
    section += nodes.title(title, title)
    section["names"].append(nodes.fully_normalize_name(title))
    document.note_implicit_target(section, section)
    return section


def appendix_from_directive(
    directive: SphinxDirective, kind: str, title: str, content: Sequence[nodes.Node]
) -> list[nodes.Node]:
    section = appendix_section(directive.state.document, kind, title)
    directive.set_source_info(section)
    section.extend(content)
    return [section]


def _merge_into_author_section(section: nodes.section) -> bool:
    """Keep the author's heading when the directive is all that a titled section holds."""
    parent = section.parent
    if not (
        isinstance(parent, nodes.section)
        and len(parent.children) == 2
        and isinstance(parent[0], nodes.title)
        and parent[1] is section
    ):
        return False
    parent.remove(section)
    parent.extend(section.children[1:])
    parent["classes"].extend(section["classes"])
    return True


def outermost_section(node: nodes.Node) -> nodes.Element | None:
    top = None
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section):
            top = parent
        parent = parent.parent
    return top


class AppendixOrder(SphinxTransform):
    default_priority = 700

    def apply(self, **kwargs: Any) -> None:
        moved: dict[int, tuple[nodes.Element, list[nodes.section]]] = {}
        for section in list(self.document.findall(nodes.section)):
            if not section.get("enc_appendix") or _merge_into_author_section(section):
                continue
            top = outermost_section(section)
            if top is None:
                continue
            section.parent.remove(section)
            moved.setdefault(id(top), (top, []))[1].append(section)
        for top, sections in moved.values():
            sections.sort(key=lambda s: APPENDIX_ORDER.index(s["enc_appendix"]))
            top.extend(sections)


def setup_appendix(app: Sphinx) -> None:
    app.add_transform(AppendixOrder)
