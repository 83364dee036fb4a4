"""Citations and notes inside ``only`` blocks count only for the builders that show them."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import backlinks, markers, page, reference_items, reference_text, text_of


@pytest.mark.sphinx("html", testroot="only-blocks")
def test_html_numbers_only_what_it_shows(app):
    app.build()
    assert app.warning.getvalue() == ""
    tree = page(app)
    assert markers(tree) == ["[1]", "[2]", "[3]"]
    items = reference_items(tree)
    assert [reference_text(item).split(" (")[0] for item in items] == [
        "Smith, Jane", "Doe, John", "Example Organisation",
    ]  # fmt: skip
    sites = {site["id"] for site in tree.select("sup.enc-cite")}
    assert all(href[1:] in sites for item in items for _, href in backlinks(item))
    notes = tree.select("ol.enc-notes > li")
    assert [text_of(note) for note in notes] == ["^ Everywhere.", "^ On screen only."]


@pytest.mark.sphinx("text", testroot="only-blocks")
def test_text_numbers_only_what_it_shows(app):
    app.build()
    assert app.warning.getvalue() == ""
    text = " ".join((Path(app.outdir) / "index.txt").read_text(encoding="utf-8").split())
    assert "In plain text.[2]" in text
    assert "Shown everywhere again.[3]" in text
    assert "On screen" not in text
    assert "Doe" not in text
    assert "In plain text only." in text
