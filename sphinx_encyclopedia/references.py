"""The references list: numbering, ids, back-links and the list itself.

Numbers are per article, in order of first citation; a key cited again keeps its number. As in
MediaWiki's Cite, each ``references`` directive collects the citations written before it (since
the previous list), and numbering starts again after it. Citations after the last list get a list
appended at the end of the article, with a warning.
"""

from __future__ import annotations

from typing import Any, cast

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from .appendix import appendix_from_directive, appendix_section, insert_in_order, outermost_section
from .citations import InReferencesOrder, enc_citation
from .diagnostics import warn
from .domain import builder_of, get_domain, settings_of
from .formatting import enc_rendered_items, encode_html, formatter_for, rendered_items
from .i18n import _
from .numbering import item_id, reference_numbers, site_id
from .order import POST_TRANSFORM_PRIORITY, TRANSFORM_PRIORITY
from .shortcites import enc_short_citation, short_item_html, short_item_nodes
from .sources import sources_index_link, sources_index_link_html
from .walk import nodes_of
from .writers import add_node, add_placeholder

Item = tuple[str, "str | None"]  # what tells list items apart: enc_citation.item()
COLUMNS_FROM = 11  # references; Wikipedia's {{Reflist}} flows long lists in columns


class enc_reference_list(nodes.General, nodes.Element, InReferencesOrder):  # noqa: N801 - docutils' naming
    """Where a references list goes; replaced by the list while writing."""


class enc_backlinks(nodes.Inline, nodes.Element):  # noqa: N801 - docutils' naming
    """The ``^`` / ``^ a b c`` links from a list item back to its citation sites.

    ``targets`` holds the site ids in document order, ``item`` the list item's id.
    """


class ReferencesDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        placeholder = enc_reference_list(docname=self.env.docname)
        self.set_source_info(placeholder)
        return appendix_from_directive(self, "references", _("References"), [placeholder])


def _markers_and_lists(tree: nodes.Node) -> list[nodes.Element]:
    return cast("list[nodes.Element]", nodes_of(tree, InReferencesOrder))


def in_reading_order(found: list[nodes.Element]) -> list[nodes.Element]:
    """The citations and lists with those given a ``reading_order`` (by .notes, for articles
    numbering citations in notes at the note's marker) put back in that order, in the places
    they hold among the others."""
    places = [index for index, node in enumerate(found) if "reading_order" in node]
    if not places:
        return found
    ordered = sorted((found[index] for index in places), key=lambda node: node["reading_order"])
    result = list(found)
    for index, node in zip(places, ordered, strict=True):
        result[index] = node
    return result


class ReferenceListCheck(SphinxTransform):
    """Tie each citation to the list that collects it; add a list where one is missing."""

    default_priority = TRANSFORM_PRIORITY["ReferenceListCheck"]

    def apply(self, **kwargs: Any) -> None:
        segment = 0
        pending: list[enc_citation] = []
        in_order = _markers_and_lists(self.document)
        for node in in_order:
            node["list"] = segment
            if isinstance(node, enc_citation):
                pending.append(node)
                continue
            if not pending:
                warn("references list with nothing cited before it", "empty-references", node)
            segment += 1
            pending = []
        if pending:
            warn(
                "citations with no references list after them; one is added at the end",
                "missing-references",
                pending[0],
            )
            section = appendix_section(self.document, "references", _("References"))
            section += enc_reference_list(docname=self.env.docname, list=segment, automatic=True)
            insert_in_order(outermost_section(pending[0]) or self.document, section)
        get_domain(self.env).note_citations(
            self.env.docname,
            [
                (node["key"], node["list"], node.item_locator())
                for node in in_order
                if isinstance(node, enc_citation) and not node.get("broken")
            ],
        )


def backlink_label(index: int) -> str:
    """a … z, aa, ab, …: Wikipedia's letters for the n-th citation site (bijective base 26)."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("a") + rest) + label
    return label


class ReferenceNumbering(SphinxPostTransform):
    """Number the citation sites and build each references list."""

    default_priority = POST_TRANSFORM_PRIORITY["ReferenceNumbering"]

    def run(self, **kwargs: Any) -> None:
        groups: dict[tuple[str, int], dict[Item, list[enc_citation]]] = {}
        lists: list[enc_reference_list] = []
        for node in in_reading_order(_markers_and_lists(self.document)):
            group_key = (node.get("docname", ""), node.get("list", 0))
            if isinstance(node, enc_reference_list):
                lists.append(node)
            elif not node.get("broken"):
                groups.setdefault(group_key, {}).setdefault(node.item(), []).append(node)
        listed = {(node.get("docname", ""), node.get("list", 0)) for node in lists}
        for (docname, segment), cited in groups.items():
            if (docname, segment) not in listed:
                self._link_to_the_article(docname, segment, cited)
                continue
            for number, sites in enumerate(cited.values(), 1):
                for index, marker in enumerate(sites):
                    marker["number"] = number
                    marker["refid"] = item_id(docname, segment, number)
                    marker["ids"] = [site_id(docname, segment, number, index)]
        for placeholder in lists:
            group_key = (placeholder.get("docname", ""), placeholder.get("list", 0))
            placeholder.replace_self(self._build_list(groups.get(group_key, {})))

    def _link_to_the_article(
        self, docname: str, segment: int, cited: dict[Item, list[enc_citation]]
    ) -> None:
        """Markers whose list is not in this document: copies that another extension shows
        elsewhere (``todolist`` resolves each todo on its own). They take the article's
        numbers and link to its list, with no id of their own, so no back-link points at them.
        """
        article = get_domain(self.env).articles.get(docname)
        numbers = reference_numbers(article["citations"] if article else [])
        builder = builder_of(self.env)
        page = ""
        if docname != self.env.docname and builder.format == "html":
            page = builder.get_relative_uri(self.env.docname, docname)
        for (key, short), sites in cited.items():
            number = numbers.get((key, segment, short))
            for marker in sites:
                if number is None:
                    marker["broken"] = True
                    continue
                marker["number"] = number
                marker["refid"] = item_id(docname, segment, number)
                marker["ids"] = []
                if page:
                    marker["refuri"] = f"{page}#{marker['refid']}"

    def _build_list(self, cited: dict[Item, list[enc_citation]]) -> list[nodes.Node]:
        if not cited:
            return []
        classes = ["enc-references"]
        if not settings_of(self.env).search_references:
            classes.append("no-search")  # Sphinx's search indexer skips this class
        if len(cited) >= COLUMNS_FROM:
            classes.append("enc-columns")
        html = builder_of(self.env).format == "html"
        if html:
            # docutils marks lists of one-paragraph items "simple"; it cannot see into the
            # items rendered ahead, so the list says so itself.
            classes.insert(0, "simple")
        listing = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".", classes=classes)
        items = self._html_items(cited) if html else None
        if items is not None:
            listing += items
            return [listing]
        for (key, _short), sites in cited.items():
            listing += self._item(key, [site["ids"][0] for site in sites], sites[0])
        return [listing]

    def _item(self, key: str, targets: list[str], first: enc_citation) -> nodes.list_item:
        paragraph = nodes.paragraph()
        paragraph += enc_backlinks(targets=targets, item=first["refid"])
        if isinstance(first, enc_short_citation):
            paragraph += short_item_nodes(first)
            return nodes.list_item("", paragraph, ids=[first["refid"]],
                                   classes=["enc-reference", "enc-short-reference"])  # fmt: skip
        paragraph += formatter_for(self.env).reference_text(self.env, key, first)
        others = sources_index_link(self.env, builder_of(self.env), self.env.docname, key)
        if others is not None:
            paragraph += [nodes.Text(" "), others]
        return nodes.list_item("", paragraph, ids=[first["refid"]], classes=["enc-reference"])

    def _html_items(self, cited: dict[Item, list[enc_citation]]) -> enc_rendered_items | None:
        """The list's items as one node, or None when an entry needs the HTML writer (a style
        that uses literals, sub- or superscripts)."""
        formatter, builder = formatter_for(self.env), builder_of(self.env)
        searched = settings_of(self.env).search_references
        html: list[str] = []
        plain: list[str] = []
        for (key, _short), sites in cited.items():
            first = sites[0]
            backlinks = backlinks_html([site["ids"][0] for site in sites])
            if isinstance(first, enc_short_citation):
                short_html, short_plain = short_item_html(first)
                html.append(
                    f'<li class="enc-reference enc-short-reference" id="{first["refid"]}">'
                    f"<p>{backlinks}{short_html}</p></li>\n"
                )
                if searched:
                    plain.append(short_plain)
                continue
            reference = formatter.reference_html(self.env, key, first)
            if reference is None:
                return None
            others = sources_index_link_html(self.env, builder, self.env.docname, key)
            after = "" if others is None else " " + others
            # As docutils writes a list item holding one paragraph.
            html.append(
                f'<li class="enc-reference" id="{first["refid"]}">'
                f"<p>{backlinks}{reference}{after}</p></li>\n"
            )
            if searched:
                plain.append(formatter.plain_text(self.env, key, first))
        return rendered_items(html, plain)


def _plain_backlinks(node: enc_backlinks) -> str:
    targets = node["targets"]
    if not targets:  # a work in a works-cited list that nothing cites
        return ""
    if len(targets) == 1:
        return "^ "
    return "^ " + " ".join(backlink_label(i) for i in range(len(targets))) + " "


def backlinks_html(targets: list[str]) -> str:
    if len(targets) == 1:
        label = encode_html(_("Jump up"))
        links = (
            f'<a class="enc-backlink" href="#{targets[0]}" title="{label}" '
            f'aria-label="{label}">^</a>'
        )
    else:
        hidden = encode_html(_("Jump up to:"))
        letters = " ".join(
            f'<a class="enc-backlink" href="#{target}">{backlink_label(i)}</a>'
            for i, target in enumerate(targets)
        )
        links = (
            f'<span class="enc-visually-hidden">{hidden} </span>'
            f'<span aria-hidden="true">^</span> {letters}'
        )
    return f'<span class="enc-backlinks">{links}</span> '


def visit_backlinks_html(self: Any, node: enc_backlinks) -> None:
    if node["targets"]:
        self.body.append(backlinks_html(node["targets"]))
    raise nodes.SkipNode


def visit_backlinks_latex(self: Any, node: enc_backlinks) -> None:
    # Sphinx's LaTeX writer emits no label for a list item's ids: the item's target is here.
    targets = node["targets"]
    if not targets:
        links = ""
    elif len(targets) == 1:
        links = self.hyperlink(targets[0]) + r"\textasciicircum{}" + "}}"
    else:
        links = r"\textasciicircum{} " + " ".join(
            self.hyperlink(target) + r"\textit{\textbf{" + backlink_label(i) + "}}}}"
            for i, target in enumerate(targets)
        )
    self.body.append(self.hypertarget(node["item"], withdoc=False) + links + (" " if links else ""))
    raise nodes.SkipNode


def visit_backlinks_text(self: Any, node: enc_backlinks) -> None:
    self.add_text(_plain_backlinks(node))
    raise nodes.SkipNode


def visit_backlinks_man(self: Any, node: enc_backlinks) -> None:
    self.body.append(_plain_backlinks(node))
    raise nodes.SkipNode


def visit_backlinks_texinfo(self: Any, node: enc_backlinks) -> None:
    self.body.append(self.escape(_plain_backlinks(node)))
    raise nodes.SkipNode


def setup_references(app: Sphinx) -> None:
    add_node(
        app, enc_backlinks, html=(visit_backlinks_html, None), others=(visit_backlinks_text, None),
        latex=(visit_backlinks_latex, None), man=(visit_backlinks_man, None),
        texinfo=(visit_backlinks_texinfo, None),
    )  # fmt: skip
    add_placeholder(app, enc_reference_list)
    app.add_directive("references", ReferencesDirective)
    app.add_transform(ReferenceListCheck)
    app.add_post_transform(ReferenceNumbering)
