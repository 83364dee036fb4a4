"""LaTeX in bib field values, as a reader should see it: no word lost, no markup left."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from helpers import page, reference_items, text_of, warnings_of
from test_cs1 import render

from sphinx_encyclopedia.cs1.text import clean_latex, unknown_latex_commands

# Each was measured losing text on TeX Live's bib files before pylatexenc did the decoding.
LOSSY_BEFORE = [
    (r"{\it\TeX} book", "TeX book"),
    (r"R\,\&\,D", "R & D"),
    (r"a\dots b", "a…b"),
    (r"$\alpha$-decay", "α-decay"),
    (r"$5\times7$ Dot Matrix", "5×7 Dot Matrix"),
    (r"{$O(n \log n / \! \log\log n)$}", "O(n log n / log log n)"),
    (r"$O(n \log n)$", "O(n log n)"),
    (r"methodology\hyphen independent", "methodology-independent"),
    (r"DVIto\kern-.15em VDU", "DVIto VDU"),
    (r"Euler-\kern-1pt VM", "Euler- VM"),
    (r"a\hskip 3pt plus 1fil b", "a b"),
    (r"\ConTeXt, \XeTeX, \LuaTeX, \MF, \MP, \PS",
     "ConTeXt, XeTeX, LuaTeX, Metafont, MetaPost, PostScript"),
    (r"\TeX, \LaTeX, \LaTeXe, \BibTeX, \AmS", "TeX, LaTeX, LaTeX2e, BibTeX, AMS"),
    (r"{\LuaTeX}", "LuaTeX"),
    (r"Using \acro{PDF} files", "Using PDF files"),
    (r"Notices{\Dash}all of them", "Notices—all of them"),
    (r"Latin\slash Arabic", "Latin/Arabic"),
    (r"{\it Journal\/}: contents", "Journal: contents"),
    (r"US\$60", "US$60"),
    (r"\S 17", "§17"),
]  # fmt: skip


@pytest.mark.parametrize(("source", "text"), LOSSY_BEFORE)
def test_latex_becomes_the_text_it_prints(source, text):
    assert clean_latex(source) == text


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("1990--2000", "1990–2000"),
        ("Yes---no", "Yes—no"),
        ("``Quoted''", "“Quoted”"),
        (r"Caf\'e na{\"\i}ve Stra\ss e", "Café naïve Straße"),
        (r"\emph{Very} \textbf{bold}", "Very bold"),
        (r"\url{http://example.org/~me/a_b%20c}", "http://example.org/~me/a_b%20c"),
        (r"\href{http://example.org}{The site}", "The site"),
        ("50% off", "50% off"),
        ("plain title", "plain title"),
    ],
)
def test_what_was_right_stays_right(source, text):
    assert clean_latex(source) == text


def test_a_command_not_known_keeps_its_argument_and_is_named():
    with unknown_latex_commands() as unknown:
        assert clean_latex(r"\foo{Bar} baz") == "Bar baz"
        assert clean_latex(r"\foo{Bar} baz") == "Bar baz"  # from the cache, named again
    assert unknown == {"foo"}
    assert clean_latex(r"\qux{Quux}") == "Quux"  # nobody gathering: nothing kept anywhere


def test_unknown_math_keeps_its_source_text():
    with unknown_latex_commands() as unknown:
        assert clean_latex(r"$\Box x$") == "Box x"
    assert unknown == {"Box"}


def test_a_value_of_unknown_commands_only_is_not_emptied():
    assert clean_latex(r"{\TUG}") == "TUG"


# -- bidi controls ----------------------------------------------------------------------------

LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"


@pytest.mark.parametrize(
    ("source", "text"),
    [
        (f"a{RLO}b", f"a{RLO}b{PDF}"),
        (f"a{RLE}b{LRE}c", f"a{RLE}b{LRE}c{PDF}{PDF}"),
        (f"a{RLI}b", f"a{RLI}b{PDI}"),
        (f"{FSI}a{RLE}b", f"{FSI}a{RLE}b{PDF}{PDI}"),
        (f"{LRI}{RLO}a{PDI} b", f"{LRI}{RLO}a{PDI} b"),  # the PDI closes both
        (f"a{PDF} b{PDI}", "a b"),  # closers of what the field did not open
        (f"{RLO}a{PDF} b", f"{RLO}a{PDF} b"),  # balanced: left alone
        (rf"{{\em {RLI}x}}", f"{RLI}x{PDI}"),  # through the LaTeX path too
    ],
)
def test_a_field_direction_does_not_leak(source, text):
    assert clean_latex(source) == text


def test_a_field_direction_does_not_leak_into_the_reference():
    rendered = render(f"@book{{b, author={{Doe, Jane}}, title={{{RLO}Title}}, publisher={{P}}, "
                      "year=2020}")  # fmt: skip
    assert f"{RLO}Title{PDF}" in rendered
    assert rendered.count(RLO) == rendered.count(PDF) == 1


# -- through the style ------------------------------------------------------------------------


def test_the_style_prints_what_latex_prints():
    problems: list[tuple[str, str, str]] = []
    rendered = render(
        r"""@article{a, author={Doe, Jane}, title={$\alpha$-decay in \ConTeXt\slash \MF},
        journal={R\,\&\,D}, year=2020, pages={1--2}}""",
        problems,
    )
    assert rendered == 'Doe, Jane (2020). "α-decay in ConTeXt/Metafont". R & D. 1–2.'
    assert problems == []


def test_a_title_of_logos_is_no_missing_title():
    problems: list[tuple[str, str, str]] = []
    rendered = render(
        r"@book{b, author={Doe, Jane}, title={{\LuaTeX}}, publisher={P}, year=2020}", problems
    )
    assert "LuaTeX" in rendered
    assert [field for _key, field, _message in problems] == []


# -- the warning ------------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="latex")
def test_unknown_commands_warn_once_per_entry_with_file_and_line(app):
    app.build()
    warnings = [line for line in warnings_of(app) if "bib-latex" in line]
    assert warnings == [
        "SRC/refs.bib:8: WARNING: bib entry 'twounknown': LaTeX commands the converter does "
        r"not know: \foo, \pkg; their arguments are kept as text [encyclopedia.bib-latex]",
        "SRC/refs.bib:15: WARNING: bib entry 'oneunknown': LaTeX commands the converter does "
        r"not know: \pkg; their arguments are kept as text [encyclopedia.bib-latex]",
    ]
    texts = [text_of(item) for item in reference_items(page(app))]
    assert any("“Using soul with Bar”" in text for text in texts)
    assert any("The TeXbook and ConTeXt" in text for text in texts)


# -- TeX Live's bib files ---------------------------------------------------------------------


def _measure() -> ModuleType:
    """benchmarks/latex_text.py, whose definition of a lost word the docs' table uses: the test
    holds every TeX Live title to the same count."""
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "latex_text.py"
    spec = importlib.util.spec_from_file_location("latex_text", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MEASURE = _measure()
title_words, lost_words = MEASURE.source_words, MEASURE.lost_words


def test_title_words_are_what_a_reader_sees():
    assert title_words(r"{\it Die \TeX nische Kom{\"o}die\/} $x^2$ \kern-.1em") == [
        "Die", "TeX", "nische", "Kom", "o", "die",
    ]  # fmt: skip
    assert lost_words(r"The \ConTeXt way", "The way") == ["ConTeXt"]


@pytest.mark.parametrize(
    "path", MEASURE.bib_paths() or [None], ids=lambda path: getattr(path, "name", "none")
)
def test_texlive_titles_lose_no_word_and_keep_no_markup(path):
    if path is None:
        pytest.skip("kpsewhich finds no TeX Live bib files")
    entries = MEASURE.load_entries(path)  # a few entries do not parse; the rest do
    titles = [entry.fields["title"] for entry in entries.values() if "title" in entry.fields]
    assert titles
    lost = {title: words for title in titles if (words := lost_words(title, clean_latex(title)))}
    assert lost == {}
    marked = [title for title in titles if MEASURE.raw_latex_left(title, clean_latex(title))]
    assert marked == []
    assert [title for title in titles if not clean_latex(title)] == []
