"""Wikipedia's appendix sections (See also, References, …) at the end of the article, in order.

A directive such as ``references`` brings its own heading, wherever it is written, as a
section of the article's top level; this module moves such sections to the end of the article
in Wikipedia's order. A directive written as the only content of a section the author titled
keeps the author's heading and place. A ``references`` list that splits an article's
citations (more citations and another list follow it) stays where it is written, without a
heading, as MediaWiki's ``<references />`` does. All of this is decided on the parsed
document, not in the directive, so that parsers other than reStructuredText (MyST) behave the
same.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from .citations import InReferencesOrder, enc_citation
from .diagnostics import warn
from .numbering import id_prefix
from .order import POST_TRANSFORM_PRIORITY, TRANSFORM_PRIORITY
from .walk import contains, nodes_of

APPENDIX_ORDER = (
    "see-also", "notes", "references", "works-cited", "further-reading", "external-links",
)  # fmt: skip


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


#: The class of what goes to the article's foot, after the appendices, wherever it was
#: written: an attribution of imported text (``.. rst-class:: enc-attribution``), as
#: Wikipedia's attribution notices stand at the end of an article.
FOOT_CLASS = "enc-attribution"


class ArticleFoot:
    """Marks a node the article moves to its foot (the categories box), whichever section
    it was written in."""


def _not_content(node: nodes.Node) -> bool:
    """What does not make a section the author's own: docutils' message about a heading
    repeated on the page ("See also" twice), a comment, what moves to the article's foot."""
    if isinstance(node, (nodes.system_message, nodes.comment, ArticleFoot)):
        return True
    return isinstance(node, nodes.Element) and FOOT_CLASS in node["classes"]


def _merge_into_author_section(section: nodes.section) -> bool:
    """Keep the author's heading when the directive is all that a titled section holds."""
    parent = section.parent
    if not isinstance(parent, nodes.section) or not isinstance(parent[0], nodes.title):
        return False
    others = [child for child in parent.children[1:] if child is not section
              and not _not_content(child)]  # fmt: skip
    if others or section.parent is not parent:
        return False
    index = parent.index(section)
    parent.remove(section)
    parent[index:index] = section.children[1:]
    parent["classes"].extend(section["classes"])
    return True


def appendix_kind(section: nodes.Element) -> str | None:
    """Which appendix a section is, whether the extension or the author titled it."""
    if section.get("enc_appendix"):
        return str(section["enc_appendix"])
    return next(
        (name[4:] for name in section["classes"] if name[4:] in APPENDIX_ORDER
         and name.startswith("enc-")), None,
    )  # fmt: skip


def appendix_rank(section: nodes.Element) -> int:
    kind = appendix_kind(section)
    return APPENDIX_ORDER.index(kind) if kind else -1


def insert_in_order(top: nodes.Element, section: nodes.section) -> None:
    # Before the first appendix the author placed that comes later in Wikipedia's order,
    # so an author's "Notes and sources" heading does not push See also below it.
    rank = appendix_rank(section)
    for index, child in enumerate(top.children):
        if isinstance(child, nodes.section) and appendix_rank(child) > rank:
            top.insert(index, section)
            return
    top.append(section)


def _in_appendix(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section) and parent.get("enc_appendix"):
            return True
        parent = parent.parent
    return False


def outermost_section(node: nodes.Node) -> nodes.Element | None:
    top = None
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section):
            top = parent
        parent = parent.parent
    return top


def _move_to_foot(sections: list[nodes.section]) -> None:
    """What carries :data:`FOOT_CLASS` among a section's blocks goes after the appendices.
    Only the sections' own children are looked at: a whole walk of
    every page for what few pages hold would cost more than the rest of this transform."""
    foot = [child for section in sections for child in section.children
            if isinstance(child, nodes.Element) and not isinstance(child, nodes.section)
            and FOOT_CLASS in child["classes"]]  # fmt: skip
    for node in foot:
        top = outermost_section(node)
        if top is not None:
            node.parent.remove(node)
            top.append(node)


class AppendixOrder(SphinxTransform):
    default_priority = TRANSFORM_PRIORITY["AppendixOrder"]

    def apply(self, **kwargs: Any) -> None:
        moved: dict[int, tuple[nodes.Element, list[nodes.section]]] = {}
        # One walk for both, before anything moves.
        found = nodes_of(self.document, (nodes.section, InReferencesOrder))
        splitting = self._lists_splitting_the_citations(
            [node for node in found if isinstance(node, InReferencesOrder)]
        )
        for section in found:
            if not isinstance(section, nodes.section):
                continue
            if not section.get("enc_appendix") or _merge_into_author_section(section):
                continue
            if id(section) in splitting:
                # The list alone, in its place; the heading's id and class go with the
                # heading (replace_self would hand them to the list).
                section.parent.replace(section, section.children[1:])
                continue
            top = outermost_section(section)
            if top is None:
                continue
            section.parent.remove(section)
            moved.setdefault(id(top), (top, []))[1].append(section)
        for top, sections in moved.values():
            for section in sorted(sections, key=appendix_rank):
                insert_in_order(top, section)
        _move_to_foot([node for node in found if isinstance(node, nodes.section)])
        self._check_order()

    def _lists_splitting_the_citations(self, in_order: list[InReferencesOrder]) -> set[int]:
        """The directives' References sections that another references list follows, with
        citations between the two: each list collects the citations written before it, so
        moving the first to the end would leave the next one nothing to collect."""
        splitting: set[int] = set()
        later_list = cited_before_it = False
        for node in reversed(in_order):
            if isinstance(node, enc_citation):
                cited_before_it = cited_before_it or not _in_appendix(node)
                continue
            section = cast("nodes.Element", node).parent
            if (
                later_list and cited_before_it and isinstance(section, nodes.section)
                and section.get("enc_appendix") == "references" and len(section) == 2
            ):  # fmt: skip
                splitting.add(id(section))
            later_list, cited_before_it = True, False
        return splitting

    def _check_order(self) -> None:
        # Sections the author titled stay where they were written; say so when that breaks
        # the order readers expect.
        seen: list[tuple[int, str]] = []
        for section in nodes_of(self.document, nodes.section):
            kind = appendix_kind(section)
            if kind is None:
                continue
            rank = APPENDIX_ORDER.index(kind)
            later = [name for other, name in seen if other > rank]
            if later:
                warn(
                    f"{kind} section after {later[0]}: Wikipedia's order is "
                    + ", ".join(APPENDIX_ORDER),
                    "appendix-order",
                    location=section,
                )
            seen.append((rank, kind))


class AppendixIdsOnCombinedPages(SphinxPostTransform):
    """On a page that holds several documents (``singlehtml``), each document's "References",
    "Notes" and "See also" would have the same id: there they take the document's id before
    their own (``articles-mesa-optimization-references``). A page of its own keeps the plain
    ``#references``, as Wikipedia's ``#References``."""

    default_priority = POST_TRANSFORM_PRIORITY["AppendixIdsOnCombinedPages"]
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        if not contains(self.document, addnodes.start_of_file):
            return
        taken = {name for node in nodes_of(self.document, nodes.Element) for name in node["ids"]}
        for section in nodes_of(self.document, nodes.section):
            if not section.get("enc_appendix") or not section["ids"]:
                continue
            # Sphinx marks the sections of each document it inlines with the document's name.
            docname = section.get("docname") or self.env.docname
            old = section["ids"][0]
            new = f"{id_prefix(docname, 0)}-{old}"
            while new in taken:
                new += "-"
            taken.add(new)
            section["ids"][0] = new
            # singlehtml finds a heading's number under the document and the heading's id.
            numbers = self.env.toc_secnumbers.get(docname)
            if numbers is not None and f"#{old}" in numbers:
                numbers[f"#{new}"] = numbers[f"#{old}"]


def setup_appendix(app: Sphinx) -> None:
    app.add_transform(AppendixOrder)
    app.add_post_transform(AppendixIdsOnCombinedPages)
