"""Formatted references: the HTML written straight from pybtex's rich text is the HTML
docutils' writer writes for pybtex-docutils' nodes, and what only the writer can render
still goes through it."""

from __future__ import annotations

import re

import pybtex_docutils
import pytest
from docutils import nodes
from docutils.core import publish_from_doctree
from docutils.utils import new_document
from docutils.writers.html5_polyglot import Writer
from helpers import page, reference_items, text_of
from pybtex.richtext import HRef, Protected, String, Symbol, Tag, Text

from sphinx_encyclopedia.formatting import HTML_AND_PLAIN, NeedsNodesError


def written_by_docutils(rich: Text) -> str:
    document = new_document("<test>")
    document += nodes.paragraph("", "", *rich.render(pybtex_docutils.Backend()))
    html = publish_from_doctree(document, writer=Writer()).decode()
    return re.search(r"<p>(.*)</p>", html, re.DOTALL).group(1)


RICH = Text(
    String('Tom & "Jerry" <cats> @home'), Symbol("nbsp"), Symbol("ndash"), Symbol("newblock"),
    Tag("em", "in ", Tag("strong", "bold")), Tag("b", "b"), Tag("i", "i"),
    Tag("unknown", "plain"), Protected("{kept}"),
    HRef("https://example.org/?a=1&b=<2>", "a ", Tag("em", "link")),
)  # fmt: skip


def test_html_matches_what_docutils_writes():
    html, plain = RICH.render(HTML_AND_PLAIN)
    assert html == written_by_docutils(RICH)
    assert plain == "".join(node.astext() for node in RICH.render(pybtex_docutils.Backend()))
    assert "&amp;" in html and "&#64;home" in html and "<strong>bold</strong>" in html


@pytest.mark.parametrize("tag", ["tt", "sup", "sub"])
def test_tags_only_the_writer_renders_are_left_to_it(tag):
    with pytest.raises(NeedsNodesError):
        Text("a ", Tag(tag, "b")).render(HTML_AND_PLAIN)


@pytest.mark.sphinx("html", testroot="custom-style")
def test_a_style_with_tags_only_the_writer_renders(app):
    app.build()
    assert app.warning.getvalue() == ""
    items = reference_items(page(app))
    assert [text_of(item.select_one("sup")) for item in items] == ["†", "†"]
    assert [text_of(item.select_one("code, tt, span.pre")) for item in items] == [
        "smith2020", "doe2021",
    ]  # fmt: skip
    assert all(item.select_one(".enc-reference-text.citation") for item in items)
