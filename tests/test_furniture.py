"""Wikipedia's article furniture: locators, hatnotes, annotated See also, columns, order."""

from __future__ import annotations

import pytest
from helpers import backlinks, page, reference_items, text_of, warnings_of


@pytest.mark.sphinx("html", testroot="furniture")
def test_locators_follow_the_marker_and_keep_the_number(app):
    app.build()
    tree = page(app)
    cites = [text_of(sup) for sup in tree.select("sup.enc-cite")]
    assert cites == ["[1]: p. 12", "[1]: pp. 3–5, 9", "[2]", "[1]"]
    assert [text_of(s) for s in tree.select("sup.enc-cite span.enc-locator")] == [
        ": p. 12",
        ": pp. 3–5, 9",
    ]
    first, second = reference_items(tree)
    assert [label for label, _ in backlinks(first)] == ["a", "b", "c"]
    assert [label for label, _ in backlinks(second)] == ["^"]


@pytest.mark.sphinx("html", testroot="furniture")
def test_hatnotes_link_articles_by_title(app):
    app.build()
    notes = page(app).select("p.enc-hatnote")
    assert [text_of(note) for note in notes] == [
        "Main article: Other",
        "Further information: Other and Third",
        "See also: Third",
    ]
    assert [a["href"] for a in notes[1].select("a")] == ["other.html", "third.html"]
    assert notes[0].select_one("em")


@pytest.mark.sphinx("html", testroot="furniture")
def test_see_also_entries_get_the_targets_short_description(app):
    app.build()
    items = [text_of(li) for li in page(app).select("section.enc-see-also li")]
    assert items == [
        "Other – Emergence of learned optimizers",
        "Third",
        "Named explicitly",
        "Other, with the author’s own words",
        "Example",
    ]


@pytest.mark.sphinx("html", testroot="furniture")
def test_long_lists_flow_in_columns(app):
    app.build()
    many = page(app, "many")
    assert "enc-columns" in many.select_one("ol.enc-references")["class"]
    assert "enc-columns" in many.select_one("ul.enc-see-also-list")["class"]
    main = page(app)
    assert "enc-columns" not in main.select_one("ol.enc-references")["class"]
    assert "enc-columns" not in main.select_one("ul.enc-see-also-list")["class"]


@pytest.mark.sphinx("html", testroot="furniture", freshenv=True)
def test_bad_furniture_warns_at_file_and_line(app):
    app.build()
    assert warnings_of(app) == [
        "SRC/bad.rst:4: WARNING: short description of 115 characters; Wikipedia keeps them "
        "under 100, and search results and previews cut longer ones "
        "[encyclopedia.short-description]",
        "SRC/bad.rst:7: WARNING: locator without a key: :citation:`{p. 3}` "
        "[encyclopedia.locator-without-key]",
        "SRC/bad.rst:7: WARNING: malformed citation :citation:`src1{p. 4`: write key, key1,key2 "
        "or key{p. 12} [encyclopedia.malformed-citation]",
        "SRC/bad.rst:9: WARNING: hatnote target 'nosuchpage' is not a document of this project "
        "[encyclopedia.hatnote-target]",
        "SRC/bad.rst:11: WARNING: see-also has no items [encyclopedia.see-also-content]",
        "SRC/bad.rst:19: WARNING: see-also section after references: Wikipedia's order is "
        "see-also, notes, references, further-reading, external-links "
        "[encyclopedia.appendix-order]",
    ]
    tree = page(app, "bad")
    assert [text_of(sup) for sup in tree.select("sup.enc-cite-error")] == ["[?]", "[?]"]
    assert text_of(tree.select_one("p.enc-hatnote")) == "Main article: nosuchpage"


@pytest.mark.sphinx("text", testroot="furniture")
def test_text_builder_shows_locators_and_hatnotes(app):
    app.build()
    text = (app.outdir / "index.txt").read_text(encoding="utf-8")
    assert "[1]: pp. 3–5, 9[2]" in text
    assert "*Main article: Other*" in text


@pytest.mark.sphinx("html", testroot="furniture", srcdir="furniture-edited")
def test_annotation_follows_a_changed_short_description(app):
    app.build()
    other = app.srcdir / "other.rst"
    other.write_text(
        other.read_text(encoding="utf-8").replace("Emergence of learned optimizers", "Renamed"),
        encoding="utf-8",
    )
    app.build()
    first = page(app).select_one("section.enc-see-also li")
    assert text_of(first) == "Other – Renamed"
