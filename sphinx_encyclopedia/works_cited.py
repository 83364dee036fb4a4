"""The works-cited ("Sources") list: the full citations short citations link to.

Built while writing, after the references lists, whose items it links back to: each work's
back-links go to the short footnotes (``:sfn:``) and the inline short citations (``:harvnb:``,
``:harvp:``) that name it, in reading order.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from .domain import builder_of, settings_of
from .formatting import enc_rendered_items, formatter_for, rendered_items
from .numbering import id_prefix
from .order import POST_TRANSFORM_PRIORITY
from .references import backlinks_html, enc_backlinks
from .shortcites import enc_short_citation, enc_works_cited, short_sites
from .walk import contains, nodes_of


def _combined(document: nodes.document) -> bool:
    """A page holding several documents (singlehtml, LaTeX): anchors of one article's works
    would meet another's."""
    return contains(document, addnodes.start_of_file)


class ShortCitationAnchors(SphinxPostTransform):
    """On a page combining documents, each article's ``CITEREF…`` anchors take the article's
    id before them; a page of its own keeps Wikipedia's plain ``#CITEREFSmith2020``."""

    default_priority = POST_TRANSFORM_PRIORITY["ShortCitationAnchors"]

    def run(self, **kwargs: Any) -> None:
        if not _combined(self.document):
            return
        for node in short_sites(self.document):
            if "anchor" in node and node.get("docname"):
                node["anchor"] = f"{id_prefix(node['docname'], 0)}-{node['anchor']}"
        for placeholder in nodes_of(self.document, enc_works_cited):
            prefix = id_prefix(placeholder["docname"], 0)
            placeholder["works"] = [(key, f"{prefix}-{anchor}") for key, anchor in
                                    placeholder["works"]]  # fmt: skip


class WorksCitedList(SphinxPostTransform):
    """Replace each works-cited placeholder with its list."""

    default_priority = POST_TRANSFORM_PRIORITY["WorksCitedList"]

    def run(self, **kwargs: Any) -> None:
        placeholders = nodes_of(self.document, enc_works_cited)
        if not placeholders:
            return
        targets = self._backlink_targets()
        for placeholder in placeholders:
            docname = placeholder["docname"]
            works = [(key, anchor, targets.get((docname, key), []))
                     for key, anchor in placeholder["works"]]  # fmt: skip
            placeholder.replace_self(self._build_list(works, placeholder))

    def _backlink_targets(self) -> dict[tuple[str, str], list[str]]:
        """The ids each work's back-links go to: its short footnotes' list items (one per
        item) and its inline short citations, in reading order."""
        targets: dict[tuple[str, str], list[str]] = {}
        counts: dict[str, int] = {}
        for site in short_sites(self.document):
            docname = site.get("docname")
            if not docname or site.get("broken") or "anchor" not in site:
                continue
            found = targets.setdefault((docname, site["key"]), [])
            if isinstance(site, enc_short_citation):
                # A copy shown away from its article has no id; its item is elsewhere.
                if site.get("ids") and site["refid"] not in found:
                    found.append(site["refid"])
                continue
            counts[docname] = counts.get(docname, 0) + 1
            site["ids"] = [f"harv-{id_prefix(docname, 0)}-{counts[docname]}"]
            found.append(site["ids"][0])
        return targets

    def _build_list(
        self, works: list[tuple[str, str, list[str]]], location: nodes.Element
    ) -> list[nodes.Node]:
        if not works:
            return []
        classes = ["enc-works-cited"]
        if not settings_of(self.env).search_references:
            classes.append("no-search")  # Sphinx's search indexer skips this class
        formatter = formatter_for(self.env)
        listing = nodes.bullet_list(classes=classes)
        if builder_of(self.env).format == "html":
            listing["classes"].insert(0, "simple")  # as the references lists say it
            rendered = self._html_items(works, location)
            if rendered is not None:
                listing += rendered
                return [listing]
        for key, anchor, targets in works:
            paragraph = nodes.paragraph()
            paragraph += enc_backlinks(targets=targets, item=anchor)
            paragraph += formatter.reference_text(self.env, key, location)
            listing += nodes.list_item("", paragraph, ids=[anchor], classes=["enc-work"])
        return [listing]

    def _html_items(
        self, works: list[tuple[str, str, list[str]]], location: nodes.Element
    ) -> enc_rendered_items | None:
        formatter = formatter_for(self.env)
        html: list[str] = []
        plain: list[str] = []
        for key, anchor, targets in works:
            reference = formatter.reference_html(self.env, key, location)
            if reference is None:
                return None
            backlinks = backlinks_html(targets) if targets else ""
            html.append(f'<li class="enc-work" id="{anchor}"><p>{backlinks}{reference}</p></li>\n')
            if settings_of(self.env).search_references:
                plain.append(formatter.plain_text(self.env, key, location))
        return rendered_items(html, plain)


def setup_works_cited(app: Sphinx) -> None:
    app.add_post_transform(ShortCitationAnchors)
    app.add_post_transform(WorksCitedList)
