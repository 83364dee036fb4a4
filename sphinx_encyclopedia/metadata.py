"""The article's description for search engines and link previews.

The short description when the lead has one, otherwise the lead's first sentence as plain text
(without citation markers and the text of notes). HTML pages get it as
``<meta name="description">`` and OpenGraph tags; beside sphinxext-opengraph, which writes those
tags itself, the description is handed to it as the page's ``og:description`` instead, so that
no tag is written twice.
"""

from __future__ import annotations

import re
from html import escape, unescape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from .domain import get_domain
from .lead import enc_lead
from .markers import text_without_markers
from .order import HANDLER_PRIORITY, TRANSFORM_PRIORITY

OPENGRAPH = "sphinxext.opengraph"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“‘(])")


def first_sentence(text: str) -> str:
    text = " ".join(text.split())
    return _SENTENCE_END.split(text, maxsplit=1)[0]


def lead_paragraphs(lead: enc_lead) -> list[str]:
    return [
        " ".join(text_without_markers(paragraph).split())
        for paragraph in lead.findall(nodes.paragraph)
        if "enc-short-description" not in paragraph["classes"]
    ]


def lead_text(lead: enc_lead) -> str:
    return next(iter(lead_paragraphs(lead)), "")


class DescriptionCollector(SphinxTransform):
    default_priority = TRANSFORM_PRIORITY["DescriptionCollector"]

    def apply(self, **kwargs: Any) -> None:
        lead = next(self.document.findall(enc_lead), None)
        if lead is None:
            return
        domain = get_domain(self.env)
        paragraphs = lead_paragraphs(lead)
        if paragraphs:
            domain.note_extract(self.env.docname, " ".join(paragraphs))
        description = lead.get("short_description") or first_sentence(lead_text(lead))
        if not description:
            return
        domain.note_description(self.env.docname, description)
        if OPENGRAPH in self.env.config.extensions:
            # sphinxext-opengraph writes a page's og: fields into the tag as they are (it
            # escapes only double quotes), as HTML like the description it makes itself.
            self.env.metadata[self.env.docname].setdefault("og:description", escape(description))


def add_meta_tags(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if doctree is None:
        return
    description = get_domain(app.env).description(pagename)
    if not description:
        return
    tags = [("name", "description", description)]
    # sphinxext-opengraph writes the OpenGraph tags itself (from og:description, noted while
    # reading); it leaves a description already in the metatags alone.
    if OPENGRAPH not in app.config.extensions:
        # The context's title is HTML: its entities are text once the tags are gone.
        title = unescape(re.sub(r"<[^>]+>", "", context.get("title", "")))
        tags += [
            ("property", "og:title", title),
            ("property", "og:description", description),
            ("property", "og:type", "article"),
        ]
    context["metatags"] = context.get("metatags", "") + "".join(
        f'<meta {attribute}="{name}" content="{escape(value, quote=True)}" />\n'
        for attribute, name, value in tags
    )


def setup_metadata(app: Sphinx) -> None:
    app.add_transform(DescriptionCollector)
    app.connect("html-page-context", add_meta_tags, priority=HANDLER_PRIORITY["add_meta_tags"])
