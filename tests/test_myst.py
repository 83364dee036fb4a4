"""Every directive and role works from MyST Markdown as from reStructuredText."""

from __future__ import annotations

import pytest
from helpers import backlinks, markers, page, reference_items, text_of


@pytest.mark.sphinx("html", testroot="myst")
def test_myst_article(app):
    app.build()
    assert app.warning.getvalue() == ""
    tree = page(app)
    assert text_of(tree.select_one("div.enc-lead p.enc-short-description")) == "Study of things"
    assert markers(tree) == ["[1]", "[2]", "[1]", "[3]", "[2]", "[3]"]
    assert text_of(tree.select("sup.enc-cite")[4]) == "[2]: p. 7"
    items = reference_items(tree)
    assert [len(backlinks(item)) for item in items] == [2, 2, 2]
    headings = [text_of(h).rstrip("¶") for h in tree.select("h2")]
    assert headings == ["History", "See also", "Notes", "References"]
    (note,) = tree.select("ol.enc-notes > li")
    assert text_of(note) == "^ With emphasis and a source[3]."
    assert note.select_one("em")
    main, further = tree.select("p.enc-hatnote")
    assert text_of(main) == "Main article: Other"
    # A target written as the file, as Markdown links are, names the document.
    assert text_of(further) == "Further information: Other"
    assert [a["href"] for a in main.select("a") + further.select("a")] == ["other.html"] * 2


@pytest.mark.sphinx("html", testroot="myst")
def test_a_citation_written_in_code_inside_a_note_stays_code(app):
    app.build()
    assert app.warning.getvalue() == ""
    tree = page(app, "other")
    (note,) = tree.select("ol.enc-notes > li")
    assert text_of(note.select_one("code")) == "[@smith2020]"
    assert [text_of(sup) for sup in note.select("sup.enc-cite")] == ["[1]"]
    (doe,) = reference_items(tree)
    assert "Doe" in text_of(doe)
