"""Non-HTML builders render the plain form: [n] markers, a numbered list with ^ a b, and notes
lists labelled as the HTML page labels them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest


@pytest.mark.sphinx("text", testroot="basic")
def test_text_builder(app):
    app.build()
    assert app.warning.getvalue() == ""
    text = (Path(app.outdir) / "index.txt").read_text(encoding="utf-8")
    assert "Things were found.[2] Then more were found.[1][3]" in " ".join(text.split())
    flat = " ".join(text.split())
    assert "1. ^ a b c Smith, Jane (2020). “A Study of Things”." in flat
    assert "3. ^ “Things Happen”. *The Daily Paper*. 2022-05-04." in flat


@pytest.mark.sphinx("latex", testroot="basic")
def test_latex_builder_links_both_ways(app):
    app.build()
    assert app.warning.getvalue() == ""
    (tex,) = Path(app.outdir).glob("*.tex")
    source = tex.read_text(encoding="utf-8")
    assert r"\label{\detokenize{cite-ref-index-1-0}}" in source
    assert r"\textsuperscript{{\hyperref[\detokenize{cite-note-index-1}]{[1]}}}" in source
    assert r"\label{\detokenize{cite-note-index-1}}" in source
    assert r"{\hyperref[\detokenize{cite-ref-index-1-2}]{\textit{\textbf{c}}}}" in source


@pytest.mark.sphinx("man", testroot="basic")
def test_man_builder(app):
    app.build()
    assert app.warning.getvalue() == ""
    (page,) = Path(app.outdir).glob("*.1")
    assert "found.[2]" in page.read_text(encoding="utf-8")


@pytest.mark.sphinx("texinfo", testroot="basic")
def test_texinfo_builder(app):
    app.build()
    assert app.warning.getvalue() == ""
    (info,) = Path(app.outdir).glob("*.texi")
    assert "^ a b c" in info.read_text(encoding="utf-8")


# Notes lists are labelled as the HTML page labels them: the markers' letters, in each
# group's style; a named group's list counts 1, 2, … (HTML: list-style-type on the <ol>).
NOTE_LABELS = {
    "index": ["a. ^ An *explanatory* aside.", "b. ^ It cites[3]: p. 4 and[1]."],
    "styles": [
        "A. ^ First upper.", "B. ^ Second upper.",
        "i. ^ One.", "ii. ^ Two.", "iii. ^ Three.", "iv. ^ Four.",
        "1. ^ A fact.",
    ],
}  # fmt: skip


def note_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if re.match(r"^[A-Za-z0-9]+\. \^ ", line)]


@pytest.mark.sphinx("text", testroot="notes")
def test_text_builder_labels_notes_as_the_page_does(app):
    app.build()
    out = Path(app.outdir)
    assert note_lines((out / "index.txt").read_text(encoding="utf-8")) == [
        *NOTE_LABELS["index"],
        "1. ^ a b Smith, Ann (2020). “First work”. arXiv:2001.00001.",
        "2. ^ Jones, Bob (2021). “Second work”. arXiv:2101.00002.",
        "3. ^ Lee, Cy (2022). “Third work”. arXiv:2201.00003.",
    ]
    assert note_lines((out / "styles.txt").read_text(encoding="utf-8")) == NOTE_LABELS["styles"]
    # A named note used again: one item, a back-link for each use.
    assert note_lines((out / "named.txt").read_text(encoding="utf-8")) == [
        "a. ^ a b About *ten* metres[1].",
        "b. ^ Blue.",
        "c. ^ a b Given later.",
        "1. ^ Smith, Ann (2020). “First work”. arXiv:2001.00001.",
    ]


@pytest.mark.sphinx("latex", testroot="notes")
def test_latex_builder_labels_notes_as_the_page_does(app):
    app.build()
    (tex,) = Path(app.outdir).glob("*.tex")
    source = tex.read_text(encoding="utf-8")
    item = r"\\item\[\{([^}]*)\}\] \{\} \n\\sphinxAtStartPar\n"
    target = r"\\phantomsection\\label\{\\detokenize\{(note-[^}]*)\}\}"
    labels = re.findall(item + target, source)
    assert labels == [
        ("A.", "note-nb-styles-1"), ("B.", "note-nb-styles-2"),
        ("i.", "note-rn-styles-1"), ("ii.", "note-rn-styles-2"),
        ("iii.", "note-rn-styles-3"), ("iv.", "note-rn-styles-4"),
        ("1.", "note-fact-styles-1"),
        ("a.", "note-note-bad-1"), ("b.", "note-note-bad-2"), ("a.", "note-note-lead-1"),
        ("a.", "note-note-named-1"), ("b.", "note-note-named-2"), ("c.", "note-note-named-3"),
        ("a.", "note-note-index-1"), ("b.", "note-note-index-2"),
    ]  # fmt: skip
    # The references lists stay numbered by LaTeX itself.
    assert r"\item[{" not in source.split(r"\label{\detokenize{index:references}}")[1]


@pytest.mark.sphinx("man", testroot="notes")
def test_man_builder_labels_notes_as_the_page_does(app):
    app.build()
    (manpage,) = Path(app.outdir).glob("*.1")
    # Each item's label, and the first word of its text.
    items = re.findall(r"^\.IP (\S+) \d+\n\^ (\S+)", manpage.read_text(encoding="utf-8"), re.M)
    assert items == [
        ("A.", "First"), ("B.", "Second"), ("i.", "One."), ("ii.", "Two."), ("iii.", "Three."),
        ("iv.", "Four."), ("1.", "A"), ("a.", "Orphan."), ("b.", "a"), ("a.", "Which"),
        # Named notes used twice: "^ a b" before their text.
        ("1.", "Smith,"), ("a.", "a"), ("b.", "Blue."), ("c.", "a"), ("1.", "Smith,"),
        ("a.", "An"), ("b.", "It"), ("1.", "a"), ("2.", "Jones,"), ("3.", "Lee,"),
    ]  # fmt: skip


@pytest.mark.sphinx("texinfo", testroot="notes")
def test_texinfo_builder_labels_notes_as_the_page_does(app):
    app.build()
    (texi,) = Path(app.outdir).glob("*.texi")
    source = texi.read_text(encoding="utf-8")
    assert re.findall(r"^@item (\S+) \n\^ ", source, re.M) == [
        "A.", "B.", "i.", "ii.", "iii.", "iv.", "1.", "a.", "b.", "a.", "a.", "b.", "c.", "a.",
        "b.",
    ]  # fmt: skip
    # Texinfo's @enumerate has no roman numerals: the notes are labelled items.
    assert source.count("@itemize @w{}") == 7


@pytest.mark.sphinx("epub", testroot="notes")
def test_epub_numbers_notes_in_the_group_style(app):
    app.build()
    out = Path(app.outdir)
    styles = (out / "styles.xhtml").read_text(encoding="utf-8")
    assert re.findall(r'<ol class="(\w+) simple enc-notes', styles) == [
        "upperalpha", "lowerroman", "arabic",
    ]  # fmt: skip
    css = (out / "_static" / "epub.css").read_text(encoding="utf-8")
    for enumtype, style in (("upperalpha", "upper-alpha"), ("lowerroman", "lower-roman")):
        assert re.search(rf"ol\.{enumtype} \{{\s*list-style: {style};", css)


@pytest.mark.sphinx("text", testroot="builders-notes")
def test_text_labels_go_on_after_z_as_the_page_does(app):
    app.build()
    assert app.warning.getvalue() == ""
    lines = note_lines((Path(app.outdir) / "index.txt").read_text(encoding="utf-8"))
    assert lines[24:28] == ["y. ^ Aside 25.", "z. ^ Aside 26.", "aa. ^ Aside 27.",
                            "ab. ^ Aside 28."]  # fmt: skip
    assert lines[28:] == ["i. ^ One.", "ii. ^ Two.", "iii. ^ Three.", "iv. ^ Four.", "v. ^ Five."]


@pytest.mark.sphinx("latex", testroot="builders-notes")
def test_latex_labels_go_on_after_z_as_the_page_does(app):
    app.build()
    (tex,) = Path(app.outdir).glob("*.tex")
    labels = re.findall(r"\\item\[\{([^}]*)\}\]", tex.read_text(encoding="utf-8"))
    assert labels[24:] == ["y.", "z.", "aa.", "ab.", "i.", "ii.", "iii.", "iv.", "v."]
