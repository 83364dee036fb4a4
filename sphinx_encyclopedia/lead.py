"""The article's lead: the summary before the first heading, with a short description."""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from .diagnostics import warn
from .domain import get_domain

SHORT_DESCRIPTION_LIMIT = 100


class enc_lead(nodes.General, nodes.Element):  # noqa: N801 - docutils names nodes in lower case
    """The lead; ``short_description`` holds the option's text."""


class LeadDirective(SphinxDirective):
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {"short-description": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        node = enc_lead()
        self.set_source_info(node)
        short = " ".join(self.options.get("short-description", "").split())
        if len(short) > SHORT_DESCRIPTION_LIMIT:
            warn(
                f"short description of {len(short)} characters; Wikipedia keeps them under "
                f"{SHORT_DESCRIPTION_LIMIT}, and search results and previews cut longer ones",
                "short-description",
                location=self.get_location(),
            )
        if short:
            node["short_description"] = short
            node += nodes.paragraph(short, short, classes=["enc-short-description"])
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


class LeadCheck(SphinxTransform):
    default_priority = 705

    def apply(self, **kwargs: Any) -> None:
        leads = list(self.document.findall(enc_lead))
        for extra in leads[1:]:
            warn("an article has one lead; this one is a second", "duplicate-lead", extra)
        if leads and leads[0].get("short_description"):
            get_domain(self.env).note_short_description(
                self.env.docname, leads[0]["short_description"]
            )


def visit_lead_html(self: Any, node: enc_lead) -> None:
    self.body.append(self.starttag(node, "div", CLASS="enc-lead"))


def depart_lead_html(self: Any, node: enc_lead) -> None:
    self.body.append("</div>\n")


def pass_through(self: Any, node: nodes.Element) -> None:
    """Non-HTML writers render the lead as ordinary body text."""


def setup_lead(app: Sphinx) -> None:
    app.add_node(
        enc_lead,
        html=(visit_lead_html, depart_lead_html),
        latex=(pass_through, pass_through),
        text=(pass_through, pass_through),
        man=(pass_through, pass_through),
        texinfo=(pass_through, pass_through),
    )
    app.add_directive("lead", LeadDirective)
    app.add_transform(LeadCheck)
