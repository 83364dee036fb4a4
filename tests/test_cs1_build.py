"""The CS1 style inside a Sphinx build: every type, its markup, its warnings, its options."""

from __future__ import annotations

import re

import pytest
from helpers import page, reference_items, reference_text, text_of, warnings_of

KINDS = [
    "journal", "news", "magazine", "web", "arxiv", "book", "chapter", "chapter", "conference",
    "conference", "proceedings", "report", "report", "thesis", "thesis", "thesis", "manual",
    "unpublished", "patent", "web", "web", "web", "arxiv",
]  # fmt: skip


@pytest.mark.sphinx("html", testroot="cs1")
def test_every_type_formats_without_latex_left(app):
    app.build()
    items = reference_items(page(app))
    assert len(items) == len(KINDS)
    for item, kind in zip(items, KINDS, strict=True):
        wrapper = item.select_one("span.enc-reference-text")
        assert wrapper["class"] == ["enc-reference-text", "citation", kind]
        text = reference_text(item)
        assert not re.search(r"[\\{}]", text), text
        assert text.endswith(".") and ".." not in text, text
    assert reference_text(items[0]) == (
        "Müller, Jörg; Smith, Ann; et al. (2020). “Measuring DNA in E. coli — a review”. "
        "Journal of Biology & Chemistry. 12 (3): 100–110. doi:10.1000/jbc.2020.12."
    )
    journal = items[0].select_one("span.enc-reference-text")
    assert text_of(journal.select_one("em")) == "Journal of Biology & Chemistry"
    assert text_of(journal.select_one("strong")) == "12"


@pytest.mark.sphinx("html", testroot="cs1", freshenv=True)
def test_missing_fields_and_unsafe_urls_warn_at_the_bib_entry(app):
    app.build()
    assert warnings_of(app) == [
        "SRC/refs.bib:46: WARNING: bib entry 'untitled': missing field 'title' for a journal "
        "source [encyclopedia.missing-field]",
        "SRC/refs.bib:46: WARNING: bib entry 'untitled': missing field 'journal' or "
        "'journaltitle' for a journal source [encyclopedia.missing-field]",
        "SRC/refs.bib:47: WARNING: bib entry 'unsafe': field 'url' has a URL that is not http(s) "
        "or ftp; it is not linked [encyclopedia.url-scheme]",
    ]
    untitled, unsafe = reference_items(page(app, "problems"))
    assert reference_text(untitled) == "Who, Ever (2020)."
    assert reference_text(unsafe) == "“Unsafe link”."
    assert unsafe.select(".enc-reference-text a") == []


@pytest.mark.sphinx("html", testroot="cs1")
def test_selectable_for_sphinxcontrib_bibtex(app):
    app.build()
    tree = page(app, "bibtex")
    entries = [text_of(entry) for entry in tree.select("div.citation, dl.citation > dd")]
    assert any(
        "Knuth, Donald E. (1984). The TeXbook. Reading, MA: Addison-Wesley. ISBN 0-201-13447-0."
        in entry
        for entry in entries
    ), entries


@pytest.mark.sphinx(
    "html",
    testroot="cs1",
    confoverrides={"encyclopedia_date_format": "dmy", "encyclopedia_display_authors": 1},
)
def test_date_format_and_display_authors_options(app):
    app.build()
    items = reference_items(page(app))
    assert reference_text(items[0]).startswith("Müller, Jörg; et al. (2020).")
    assert reference_text(items[1]) == "“Markets rally”. The Daily Paper. 13 January 2024. p. A5."


@pytest.mark.sphinx("html", testroot="cs1", confoverrides={"encyclopedia_date_format": "roman"})
def test_unknown_date_format_warns_and_falls_back(app):
    app.build()
    assert warnings_of(app)[0] == (
        "WARNING: encyclopedia_date_format must be one of 'iso', 'dmy', 'mdy', not 'roman'; "
        "using 'iso' [encyclopedia.config]"
    )
    assert reference_text(reference_items(page(app))[1]).endswith("2024-01-13. p. A5.")


@pytest.mark.sphinx("html", testroot="cs1", confoverrides={"language": "de"})
def test_labels_of_the_style_are_translated(app):
    app.build()
    items = reference_items(page(app))
    assert reference_text(items[0]).startswith("Müller, Jörg; Smith, Ann; et al. (2020).")
    assert "S. 5" in reference_text(items[6])
    assert "(Hrsg.)" in reference_text(items[7])
    assert "(Dissertation)" in reference_text(items[13])


@pytest.mark.sphinx("text", testroot="cs1")
def test_text_builder_renders_the_style(app):
    app.build()
    text = (app.outdir / "index.txt").read_text(encoding="utf-8")
    assert "“Markets rally”. *The Daily Paper*. 2024-01-13. p. A5." in text


@pytest.mark.sphinx("latex", testroot="cs1")
def test_latex_builder_renders_the_style(app):
    app.build()
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert r"\sphinxstyleemphasis{The Daily Paper}" in tex
    assert r"\sphinxstylestrong{12}" in tex
    assert r"\sphinxhref{https://doi.org/10.1000/jbc.2020.12}" in tex


@pytest.mark.sphinx("html", testroot="cs1-sets", freshenv=True)
def test_sets_and_crossrefs_are_formatted_with_the_whole_bib_data(app):
    app.build()
    both, paper, chapter, partial = (reference_text(item) for item in reference_items(page(app)))
    assert both == "Roe, Rita (2001). Two. P; Doe, Jane (2000). “One”. J. 1: 331."
    assert paper == "Poe, Paul (2019). “Paper”. In Smith, Ann (ed.). Parent Title. ACM. pp. 1–10."
    assert chapter == (
        "Doe, Jane (2002). “Chapter”. In Roe, Rita; Lee, Kim (eds.). Collected. P. p. 7."
    )
    assert partial == "Doe, Jane (2000). “One”. J. 1: 331."
    assert warnings_of(app) == [
        "SRC/refs.bib:14: WARNING: bib entry 'partial': set member 'absent' is not in the bib "
        "files [encyclopedia.missing-field]",
    ]
