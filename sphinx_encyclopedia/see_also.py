"""The "See also" section: a bulleted list of links to related articles or pages.

An entry that is only a link to another article is annotated with that article's short
description, as Wikipedia's {{Annotated link}} does: ``Mesa-optimization – Emergence of
learned optimizers``. Written with arguments and no content, the directive is a hatnote
instead: "See also: X" at the top of a section.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import docname_join
from sphinx.util.docutils import SphinxDirective

from .appendix import appendix_from_directive
from .diagnostics import warn
from .domain import get_domain
from .hatnotes import hatnote
from .i18n import _
from .order import POST_TRANSFORM_PRIORITY
from .walk import nodes_of

COLUMNS_FROM = 7  # items; shorter lists read better in one column


class LinkListDirective(SphinxDirective):
    """An appendix holding one bulleted list of links."""

    has_content = True
    kind = "see-also"

    def title(self) -> str:
        return str(_("See also"))

    def links_section(self) -> list[nodes.Node]:
        holder = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, holder)
        content = list(holder.children)
        if len(content) == 1 and isinstance(content[0], nodes.bullet_list) and content[0].children:
            self._prepare_list(content[0])
        else:
            problem = "has no items" if not content else "takes one bulleted list of links"
            warn(f"{self.name} {problem}", "see-also-content", location=self.get_location())
        return appendix_from_directive(self, self.kind, self.title(), content)

    def run(self) -> list[nodes.Node]:
        return self.links_section()

    def _prepare_list(self, bullets: nodes.bullet_list) -> None:
        bullets["classes"].append(f"enc-{self.kind}-list")
        if len(bullets.children) >= COLUMNS_FROM:
            bullets["classes"].append("enc-columns")
        for item in bullets.children:
            target = sole_document_link(item)
            if target is None:
                continue
            docname = docname_join(self.env.docname, target)
            item["enc_annotate"] = docname
            # The annotation is put in while writing: the page is rewritten, not re-read,
            # when the target's short description changes.
            get_domain(self.env).note_annotated_link(self.env.docname, docname)


class SeeAlsoDirective(LinkListDirective):
    optional_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        if self.arguments and not self.content:
            return hatnote(self, "see-also")
        if self.arguments:
            warn(
                "see-also takes either targets (a hatnote) or a bulleted list, not both",
                "see-also-content",
                location=self.get_location(),
            )
        return self.links_section()


class ExternalLinksDirective(LinkListDirective):
    kind = "external-links"

    def title(self) -> str:
        return str(_("External links"))


def sole_document_link(item: nodes.Node) -> str | None:
    """The ``:doc:`` target of a list item that holds that link and nothing else."""
    if not isinstance(item, nodes.list_item) or len(item.children) != 1:
        return None
    paragraph = item[0]
    if not isinstance(paragraph, nodes.paragraph):
        return None
    links = [
        child
        for child in paragraph.children
        if not (isinstance(child, nodes.Text) and child.isspace())
    ]
    if len(links) != 1 or not isinstance(links[0], addnodes.pending_xref):
        return None
    link = links[0]
    if link.get("reftype") != "doc" or link.get("refexplicit"):
        return None
    return str(link["reftarget"]).removesuffix(".rst")


class SeeAlsoAnnotations(SphinxPostTransform):
    default_priority = POST_TRANSFORM_PRIORITY["SeeAlsoAnnotations"]

    def run(self, **kwargs: Any) -> None:
        domain = get_domain(self.env)
        for item in nodes_of(self.document, nodes.list_item):
            docname = item.get("enc_annotate")
            description = domain.short_description(docname) if docname else None
            if description:
                item[0] += nodes.inline("", f" – {description}", classes=["enc-annotation"])


def setup_see_also(app: Sphinx) -> None:
    app.add_directive("see-also", SeeAlsoDirective)
    app.add_directive("external-links", ExternalLinksDirective)
    app.add_post_transform(SeeAlsoAnnotations)
