"""The "See also" section: a bulleted list of links to related articles or pages."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .appendix import appendix_from_directive
from .diagnostics import warn
from .i18n import _


class SeeAlsoDirective(SphinxDirective):
    has_content = True

    def run(self) -> list[nodes.Node]:
        holder = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, holder)
        content = list(holder.children)
        if len(content) == 1 and isinstance(content[0], nodes.bullet_list):
            content[0]["classes"].append("enc-see-also-list")
        else:
            warn(
                "see-also takes one bulleted list of links",
                "see-also-content",
                location=self.get_location(),
            )
        return appendix_from_directive(self, "see-also", _("See also"), content)


def setup_see_also(app: Sphinx) -> None:
    app.add_directive("see-also", SeeAlsoDirective)
