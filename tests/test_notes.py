"""Explanatory notes: their own numbering per group, label styles, citations inside them."""

from __future__ import annotations

import pytest
from helpers import backlinks, page, reference_items, text_of, warnings_of


def note_items(tree, style="lower-alpha"):
    return tree.select(f"ol.enc-notes-{style} > li")


@pytest.mark.sphinx("html", testroot="notes")
def test_notes_are_numbered_apart_from_references(app):
    app.build()
    tree = page(app)
    body = tree.select_one("section > p")
    markers = [text_of(sup) for sup in body.select("sup.enc-cite, sup.enc-note-ref")]
    assert markers == ["[1]", "[a]", "[2]", "[b]"]
    first, _second = note_items(tree)
    assert text_of(first) == "^ An explanatory aside."
    assert first.select_one("em")
    assert backlinks(first) == [("^", "#note-ref-note-index-1")]
    assert first["id"] == "note-note-index-1"
    assert tree.select_one("sup.enc-note-ref a")["href"] == "#note-note-index-1"


@pytest.mark.sphinx("html", testroot="notes")
def test_citations_inside_notes_are_numbered_where_the_notes_list_shows_them(app):
    app.build()
    tree = page(app)
    _, second = note_items(tree)
    assert [text_of(sup) for sup in second.select("sup.enc-cite")] == ["[3]: p. 4", "[1]"]
    smith, _jones, lee = reference_items(tree)
    assert [label for label, _ in backlinks(smith)] == ["a", "b"]
    assert backlinks(lee) == [("^", "#" + second.select("sup.enc-cite")[0]["id"])]
    headings = [text_of(h).rstrip("¶") for h in tree.select("h2")]
    assert headings == ["Notes", "References"]


@pytest.mark.sphinx("html", testroot="notes")
def test_label_styles_and_named_groups(app):
    app.build()
    tree = page(app, "styles")
    assert [text_of(sup) for sup in tree.select("sup.enc-note-ref")] == [
        "[A]", "[B]", "[i]", "[ii]", "[iii]", "[iv]", "[fact 1]",
    ]  # fmt: skip
    assert [text_of(h).rstrip("¶") for h in tree.select("h2")] == ["Notes", "Notes", "Facts"]
    assert len(note_items(tree, "upper-alpha")) == 2
    assert len(note_items(tree, "lower-roman")) == 4
    assert "upperalpha" in tree.select_one("ol.enc-notes-upper-alpha")["class"]


@pytest.mark.sphinx("html", testroot="notes", freshenv=True)
def test_bad_notes_warn_at_file_and_line(app):
    app.build()
    assert warnings_of(app) == [
        "SRC/bad.rst:4: WARNING: note without text: :note:`\\ ` [encyclopedia.empty-note]",
        "SRC/bad.rst:8: WARNING: unknown notes group 'nosuch'; groups are set by "
        "encyclopedia_note_groups: fact, nb, note, rn [encyclopedia.unknown-note-group]",
        "SRC/bad.rst:8: WARNING: notes list of group 'nosuch' with no note before it "
        "[encyclopedia.empty-notes]",
        "SRC/bad.rst:6: WARNING: note 'twice' is given text again; the first text is kept and "
        "this use shows its marker [encyclopedia.note-name]",
        "SRC/bad.rst:5: WARNING: note 'nowhere' has no text: no note its notes list collects "
        "gives one ([#nowhere] followed by the text) [encyclopedia.note-name]",
        "SRC/bad.rst:4: WARNING: notes of group 'note' with no notes list after them; one is "
        "added at the end [encyclopedia.missing-notes]",
    ]
    tree = page(app, "bad")
    markers = [text_of(sup) for sup in tree.select("sup.enc-note-ref")]
    assert markers == ["[?]", "[a]", "[?]", "[b]", "[b]"]
    assert text_of(note_items(tree)[0]) == "^ Orphan."
    assert text_of(note_items(tree)[1]) == "Jump up to: ^ a b One."


@pytest.mark.sphinx("html", testroot="notes")
def test_a_named_note_used_again_shows_its_marker_with_a_second_backlink(app):
    app.build()
    tree = page(app, "named")
    markers = [text_of(sup) for sup in tree.select("sup.enc-note-ref")]
    assert markers == ["[a]", "[b]", "[a]", "[c]", "[c]"]
    size, colour, later = note_items(tree)
    assert text_of(size) == "Jump up to: ^ a b About ten metres[1]."
    assert [label for label, _ in backlinks(size)] == ["a", "b"]
    sites = tree.select("sup.enc-note-ref")
    assert [href for _, href in backlinks(size)] == ["#" + sites[0]["id"], "#" + sites[2]["id"]]
    assert len({sup["id"] for sup in sites}) == 5
    assert text_of(colour) == "^ Blue."
    # The text of a note reused before it is given stays with the note, numbered at its
    # first use.
    assert text_of(later) == "Jump up to: ^ a b Given later."


@pytest.mark.sphinx("text", testroot="notes")
def test_text_builder_renders_notes(app):
    app.build()
    text = (app.outdir / "index.txt").read_text(encoding="utf-8")
    assert "A note follows.[a]" in text
    assert "^ It cites[3]: p. 4 and[1]." in text


@pytest.mark.sphinx("latex", testroot="notes")
def test_latex_links_notes_both_ways(app):
    app.build()
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert r"\hyperref[\detokenize{note-note-index-1}]{[a]}" in tex
    assert r"\label{\detokenize{note-note-index-1}}" in tex
    assert r"\label{\detokenize{note-ref-note-index-1}}" in tex


@pytest.mark.sphinx(
    "html", testroot="notes", confoverrides={"encyclopedia_note_groups": {"note": "greek"}}
)
def test_unknown_label_style_warns(app):
    app.build()
    assert warnings_of(app)[0] == (
        "WARNING: note group 'note' has label style 'greek'; styles are lower-alpha, "
        "upper-alpha, lower-roman, named; using 'lower-alpha' [encyclopedia.config]"
    )


@pytest.mark.sphinx("html", testroot="notes")
def test_note_text_stays_out_of_the_description(app):
    app.build()
    tree = page(app, "lead")
    (meta,) = tree.select('meta[name="description"]')
    assert meta["content"] == "Leads may carry notes."
