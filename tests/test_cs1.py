"""The ``wikipedia`` pybtex style against Wikipedia's CS1 rules, entry by entry."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_string
from pybtex.plugin import find_plugin

from sphinx_encyclopedia.cs1 import WikipediaStyle, source_kind
from sphinx_encyclopedia.export import csl_item

Problems = list[tuple[str, str, str]]


def entry_of(bib: str) -> Any:
    (entry,) = parse_string(bib, "bibtex").entries.values()
    return entry


def render(bib: str, problems: Problems | None = None, **options: Any) -> str:
    options.setdefault("quotes", "straight")
    sink = problems if problems is not None else []
    style = WikipediaStyle(report=lambda entry, field, msg: sink.append((entry.key, field, msg)),
                           **options)  # fmt: skip
    return str(style.format_entry("", entry_of(bib)).text.render_as("text"))


def render_key(bib: str, key: str, problems: Problems | None = None, **options: Any) -> str:
    """``key`` of several entries, formatted with the bib data they came in (crossref, @set)."""
    options.setdefault("quotes", "straight")
    sink = problems if problems is not None else []
    style = WikipediaStyle(report=lambda entry, field, msg: sink.append((entry.key, field, msg)),
                           **options)  # fmt: skip
    data = parse_string(bib, "bibtex")
    return str(style.format_entry("", data.entries[key], data).text.render_as("text"))


def links(bib: str, **options: Any) -> dict[str, str]:
    style = WikipediaStyle(report=lambda *_: None, **options)
    html = style.format_entry("", entry_of(bib)).text.render_as("html")
    return {a.get_text(): a["href"] for a in BeautifulSoup(html, "html.parser").find_all("a")}


# -- the golden examples of the issue ---------------------------------------------------------

GOLDEN = [
    (
        r"""@article{arute, author={Arute, Frank and Arya, Kunal and Babbush, Ryan and
        Bacon, Dave and Bardin, Joseph C. and Barends, Rami and Biswas, Rupak},
        title={Quantum supremacy using a programmable superconducting processor},
        journal={Nature}, year=2019, month=oct, day=23, volume=574, number=7779,
        pages={505--510}, eprint={1910.11333}, archiveprefix={arXiv}, primaryclass={quant-ph},
        bibcode={2019Natur.574..505A}, doi={10.1038/s41586-019-1666-5}, pmid={31645734}}""",
        {"display_authors": 5, "date_format": "dmy"},
        "Arute, Frank; Arya, Kunal; Babbush, Ryan; Bacon, Dave; Bardin, Joseph C.; et al. "
        '(23 October 2019). "Quantum supremacy using a programmable superconducting processor". '
        "Nature. 574 (7779): 505–510. arXiv:1910.11333. Bibcode:2019Natur.574..505A. "
        "doi:10.1038/s41586-019-1666-5. PMID 31645734.",
    ),
    (
        r"""@misc{misra, author={Misra, Diganta}, date={2019-08-23},
        title={Mish: A Self Regularized Non-Monotonic Activation Function},
        eprint={1908.08681}, archiveprefix={arXiv}, primaryclass={cs.LG}}""",
        {},
        'Misra, Diganta (2019-08-23). "Mish: A Self Regularized Non-Monotonic Activation '
        'Function". arXiv:1908.08681 [cs.LG].',
    ),
    (
        r"""@book{schervish, author={Schervish, Mark J.}, title={Theory of Statistics},
        year=1995, address={New York, NY}, publisher={Springer New York}, pages={111},
        isbn={978-1-4612-4250-5}}""",
        {},
        "Schervish, Mark J. (1995). Theory of Statistics. New York, NY: Springer New York. "
        "p. 111. ISBN 978-1-4612-4250-5.",
    ),
    (
        r"""@incollection{chapter, author={Doe, Jane and Roe, Richard}, title={Chapter title},
        booktitle={Book Title}, editor={Smith, Ann and Jones, Bob}, publisher={Springer},
        year=2012, pages={233--247}, eprint={1103.5950}, archiveprefix={arXiv}}""",
        {},
        'Doe, Jane; Roe, Richard (2012). "Chapter title". In Smith, Ann; Jones, Bob (eds.). '
        "Book Title. Springer. pp. 233–247. arXiv:1103.5950.",
    ),
    (
        r"""@phdthesis{sutton, author={Sutton, Richard S.}, year=1984,
        title={Temporal Credit Assignment in Reinforcement Learning},
        school={University of Massachusetts, Amherst}}""",
        {},
        "Sutton, Richard S. (1984). Temporal Credit Assignment in Reinforcement Learning "
        "(PhD thesis). University of Massachusetts, Amherst.",
    ),
    (
        r"""@techreport{dang, author={Dang, Quynh}, date={2012-08-24},
        title={Recommendation for Applications Using Approved Hash Algorithms},
        institution={National Institute of Standards and Technology}}""",
        {},
        "Dang, Quynh (2012-08-24). Recommendation for Applications Using Approved Hash "
        "Algorithms (Report). National Institute of Standards and Technology.",
    ),
    (
        r"""@online{darpa, title={DARPA-Funded Research Leads to Quantum Computing Breakthrough},
        organization={darpa.mil}, date={2023-12-06}, url={https://www.darpa.mil/news},
        urldate={2024-01-05}}""",
        {"date_format": "dmy"},
        '"DARPA-Funded Research Leads to Quantum Computing Breakthrough". darpa.mil. '
        "6 December 2023. Retrieved 5 January 2024.",
    ),
]


@pytest.mark.parametrize(("bib", "options", "expected"), GOLDEN, ids=lambda v: str(v)[:12])
def test_golden_examples(bib: str, options: dict[str, Any], expected: str) -> None:
    problems: Problems = []
    assert render(bib, problems, **options) == expected
    assert problems == []


def test_curly_quotes_by_default() -> None:
    bib = "@misc{a, author={A, B}, title={T}, year=2020, eprint={2001.00001}}"
    assert render(bib, quotes="curly") == "A, B (2020). “T”. arXiv:2001.00001."


def test_registered_as_a_pybtex_plugin() -> None:
    assert find_plugin("pybtex.style.formatting", "wikipedia") is WikipediaStyle


# -- authors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("authors", "options", "expected"),
    [
        ("{World Health Organization}", {}, "World Health Organization"),
        ("Smith, John and others", {}, "Smith, John; et al."),
        ("van der Berg, Anna and King, Jr., Martin Luther", {},
         "van der Berg, Anna; King, Martin Luther, Jr."),
        ("A, A and B, B and C, C", {"display_authors": 2}, "A, A; B, B; et al."),
        ("A, A and B, B and C, C", {"display_authors": 3}, "A, A; B, B; C, C"),
    ],
)  # fmt: skip
def test_author_lists(authors: str, options: dict[str, Any], expected: str) -> None:
    bib = f"@misc{{a, author={{{authors}}}, title={{T}}, year=2020}}"
    assert render(bib, **options).startswith(f"{expected} (2020). ")


def test_display_authors_per_entry_field_wins_over_the_option() -> None:
    bib = "@misc{a, author={A, A and B, B and C, C}, displayauthors={1}, title={T}, year=2020}"
    assert render(bib, display_authors=0).startswith("A, A; et al. (2020).")


def test_editor_alone_leads_a_book() -> None:
    bib = "@book{a, editor={Smith, Ann}, title={Handbook}, publisher={P}, year=2001}"
    assert render(bib) == "Smith, Ann, ed. (2001). Handbook. P."


def test_single_editor_of_a_chapter() -> None:
    bib = (
        "@incollection{a, author={Doe, Jane}, title={Part}, booktitle={Whole},"
        " editor={Smith, Ann}, publisher={P}, year=2001}"
    )
    assert render(bib) == 'Doe, Jane (2001). "Part". In Smith, Ann (ed.). Whole. P.'


# -- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "date_format", "expected"),
    [
        ("date={2024-01-13}", "iso", "2024-01-13"),
        ("date={2024-01-13}", "dmy", "13 January 2024"),
        ("date={2024-01-13}", "mdy", "January 13, 2024"),
        ("date={2024-01}", "iso", "January 2024"),
        ("date={2019/2020}", "iso", "2019–2020"),
        ("year=2024, month=jan, day=13", "dmy", "13 January 2024"),
        ("year=2024, month={3}", "iso", "March 2024"),
        ("date={Spring 2024}", "iso", "Spring 2024"),
    ],
)
def test_dates(date: str, date_format: str, expected: str) -> None:
    bib = f"@misc{{a, author={{A, B}}, title={{T}}, {date}}}"
    assert render(bib, date_format=date_format) == f'A, B ({expected}). "T".'


def test_date_without_authors_follows_the_work() -> None:
    bib = "@article{a, title={T}, journal={The Paper}, date={2024-01-13}, entrysubtype={newspaper}}"
    assert render(bib) == '"T". The Paper. 2024-01-13.'


def test_unknown_date_format_is_refused() -> None:
    with pytest.raises(ValueError, match="date_format"):
        WikipediaStyle(date_format="french")


# -- titles -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bib", "expected"),
    [
        ("@mastersthesis{a, author={A, B}, title={T}, school={S}, year=2000}",
         "A, B (2000). T (MSc thesis). S."),
        ("@thesis{a, author={A, B}, title={T}, type={Habilitation}, institution={S}, year=2000}",
         "A, B (2000). T (Habilitation thesis). S."),
        ("@techreport{a, author={A, B}, title={T}, institution={I}, number={42}, year=2000}",
         "A, B (2000). T (Report 42). I."),
        ("@article{a, author={A, B}, title={T}, journal={Time}, entrysubtype={magazine},"
         " volume={12}, number={3}, pages={4--5}, year=2000}",
         'A, B (2000). "T". Time. Vol. 12, no. 3. pp. 4–5.'),
        ("@inproceedings{a, author={A, B}, title={T}, booktitle={Proc. X}, pages={1--9},"
         " year=2000, address={Vienna}, publisher={ACM}}",
         'A, B (2000). "T". Proc. X. Vienna: ACM. pp. 1–9.'),
        ("@proceedings{a, title={Proc. X}, editor={E, F}, year=2000, publisher={ACM}}",
         "E, F, ed. (2000). Proc. X. ACM."),
        ("@inbook{a, author={A, B}, title={Big Book}, chapter={Small Part}, publisher={P},"
         " year=2000}",
         'A, B (2000). "Small Part". In Big Book. P.'),
        ("@incollection{a, author={A, B}, title={Part}, booktitle={Whole}, edition={3},"
         " editor={E, F}, publisher={P}, address={Paris}, year=2000}",
         'A, B (2000). "Part". In E, F (ed.). Whole (3rd ed.). Paris: P.'),
        ("@manual{a, title={User Guide}, organization={ACME}, year=2000}",
         "User Guide. ACME. 2000."),
        ("@unpublished{a, author={A, B}, title={Draft}, note={Manuscript}, year=2000}",
         'A, B (2000). "Draft". Manuscript.'),
        ("@patent{a, author={A, B}, title={Widget}, number={5443036}, location={US}, year=1995}",
         'A, B (1995). "Widget". US patent 5443036.'),
        ("@book{a, author={A, B}, title={T}, edition={2}, series={Lecture Notes}, volume={7},"
         " publisher={P}, year=2000}",
         "A, B (2000). T (2nd ed.). Lecture Notes. Vol. 7. P."),
    ],
)  # fmt: skip
def test_source_types(bib: str, expected: str) -> None:
    assert render(bib) == expected


def test_latex_is_removed_and_capitalisation_kept() -> None:
    bib = (
        r"@misc{a, author={Sch{\"o}n, J{\"u}rgen}, title={{DNA} and \emph{E. coli}: "
        r"pages 1--2 \& more in \LaTeX}, year=2020}"
    )
    assert render(bib) == 'Schön, Jürgen (2020). "DNA and E. coli: pages 1–2 & more in LaTeX".'


@pytest.mark.parametrize("title", ["Why?", "Stop!", "Done."])
def test_punctuation_is_never_doubled(title: str) -> None:
    text = render(f"@book{{a, author={{A, B}}, title={{{title}}}, publisher={{P}}, year=2000}}")
    assert text == f"A, B (2000). {title} P."
    quoted = render(f"@misc{{a, title={{{title}}}, howpublished={{Site}}, note={{Fine.}}}}")
    assert quoted == f'"{title}" Site. Fine.'


# -- quotes inside quoted titles -------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "curly", "straight"),
    [
        ("The “best” page", "“The ‘best’ page”", "\"The ‘best’ page\""),
        ('The {"}best{"} page', "“The 'best' page”", "\"The 'best' page\""),
        ("The ``best'' page", "“The ‘best’ page”", "\"The ‘best’ page\""),
        (r"The \enquote{best} page", "“The ‘best’ page”", "\"The ‘best’ page\""),
        (r"The \mkbibquote{best {DNA}} page", "“The ‘best DNA’ page”",
         "\"The ‘best DNA’ page\""),
        (r"The \enquote*{best} page", "“The ‘best’ page”", "\"The ‘best’ page\""),
        ("Ann's page", "“Ann's page”", "\"Ann's page\""),
    ],
)  # fmt: skip
def test_double_quotes_in_a_quoted_title_turn_single(title: str, curly: str, straight: str) -> None:
    # CS1 turns a quoted title's double quotes single, so they never stand doubled: ““…””.
    bib = f"@misc{{a, title={{{title}}}, howpublished={{Site}}}}"
    assert render(bib, quotes="curly") == f"{curly}. Site."
    assert render(bib, quotes="straight") == f"{straight}. Site."


def test_quoted_chapter_title_and_article_title_take_single_inner_quotes() -> None:
    chapter = "@inbook{a, title={Book}, chapter={On ``Names''}, publisher={P}, year=2000}"
    assert render(chapter, quotes="curly") == "“On ‘Names’”. In Book. P. 2000."
    article = r"@article{a, title={\enquote{Why?} Because}, journal={J}, year=2000}"
    assert render(article, quotes="curly") == "“‘Why?’ Because”. J. 2000."


def test_an_italic_title_keeps_its_double_quotes() -> None:
    bib = "@book{a, author={A, B}, title={The ``Best'' Book}, publisher={P}, year=2000}"
    assert render(bib) == "A, B (2000). The “Best” Book. P."


# -- pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        ("331--331", "p. 331"),
        ("331-331", "p. 331"),
        ("331 -- 331", "p. 331"),
        ("xii--xii", "p. xii"),
        ("331--332", "pp. 331–332"),
        ("3--3, 7--9", "pp. 3, 7–9"),
        ("13--131", "pp. 13–131"),
        ("331", "p. 331"),
    ],
)
def test_a_range_of_one_page_is_that_page(pages: str, expected: str) -> None:
    bib = f"@book{{a, author={{A, B}}, title={{T}}, publisher={{P}}, year=2000, pages={{{pages}}}}}"
    assert render(bib) == f"A, B (2000). T. P. {expected}."


@pytest.mark.parametrize("pages", ["331--331", "331-331"])
def test_a_journal_range_of_one_page_is_that_page(pages: str) -> None:
    bib = (
        "@article{a, author={A, B}, title={T}, journal={Nature}, volume={574}, number={7779},"
        f" pages={{{pages}}}, year=2019}}"
    )
    assert render(bib) == 'A, B (2019). "T". Nature. 574 (7779): 331.'
    anonymous = f"@article{{a, title={{T}}, journal={{Nature}}, pages={{{pages}}}, year=2019}}"
    assert render(anonymous) == '"T". Nature. 331. 2019.'


def test_journal_article_number_instead_of_pages() -> None:
    bib = (
        "@article{a, author={A, B}, title={T}, journal={PRL}, volume={116}, number={6},"
        " eid={061102}, year=2016}"
    )
    assert render(bib) == 'A, B (2016). "T". PRL. 116 (6) 061102.'


# -- identifiers and links ---------------------------------------------------------------------

ALL_IDS = (
    "@article{a, author={A, B}, title={T}, journal={J}, year=2000, eprint={2001.00001},"
    " archiveprefix={arXiv}, bibcode={2000J....1..1A}, doi={10.1000/a<b>c d}, hdl={1721.1/123},"
    " isbn={978-0-00-000000-2}, issn={0028-0836}, jstor={123456}, oclc={987}, pmcid={PMC42},"
    " pmid={31645734}}"
)


def test_identifiers_are_sorted_by_label() -> None:
    assert render(ALL_IDS) == (
        'A, B (2000). "T". J. arXiv:2001.00001. Bibcode:2000J....1..1A. doi:10.1000/a<b>c d. '
        "hdl:1721.1/123. ISBN 978-0-00-000000-2. ISSN 0028-0836. JSTOR 123456. OCLC 987. "
        "PMC 42. PMID 31645734."
    )


def test_every_identifier_is_a_link() -> None:
    assert links(ALL_IDS) == {
        "2001.00001": "https://arxiv.org/abs/2001.00001",
        "2000J....1..1A": "https://ui.adsabs.harvard.edu/abs/2000J....1..1A",
        "10.1000/a<b>c d": "https://doi.org/10.1000/a%3Cb%3Ec%20d",
        "1721.1/123": "https://hdl.handle.net/1721.1/123",
        "978-0-00-000000-2": "https://openlibrary.org/isbn/9780000000002",
        "0028-0836": "https://portal.issn.org/resource/ISSN/0028-0836",
        "123456": "https://www.jstor.org/stable/123456",
        "987": "https://search.worldcat.org/title/987",
        "42": "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC42",
        "31645734": "https://pubmed.ncbi.nlm.nih.gov/31645734/",
    }


def test_arxiv_class_links_to_its_archive() -> None:
    bib = "@misc{a, author={A, B}, title={T}, year=2020, eprint={2001.00001}, primaryclass={cs.LG}}"
    assert links(bib)["cs.LG"] == "https://arxiv.org/archive/cs.LG"


def test_title_links_to_url_and_access_date_follows() -> None:
    bib = "@online{a, title={Page}, url={https://example.org/x?a=1&b=2}, urldate={2024-01-05}}"
    assert links(bib) == {"Page": "https://example.org/x?a=1&b=2"}
    assert render(bib) == '"Page". Retrieved 2024-01-05.'


def test_archived_copy() -> None:
    bib = (
        "@online{a, title={Page}, url={https://example.org/}, website={Example},"
        " archiveurl={https://web.archive.org/web/2024/https://example.org/},"
        " archivedate={2024-02-01}, urldate={2024-01-05}}"
    )
    assert render(bib, date_format="dmy") == (
        '"Page". Example. Archived from the original on 1 February 2024. Retrieved 5 January 2024.'
    )
    assert links(bib) == {
        "Page": "https://web.archive.org/web/2024/https://example.org/",
        "Archived from the original on 2024-02-01": "https://example.org/",
    }


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<b>x</b>", "file:///etc"])
def test_unsafe_url_is_not_linked_and_reported(url: str) -> None:
    problems: Problems = []
    bib = f"@online{{bad, title={{Page}}, url={{{url}}}}}"
    assert render(bib, problems) == '"Page".'
    assert links(bib) == {}
    assert problems == [
        ("bad", "url", "field 'url' has a URL that is not http(s) or ftp; it is not linked")
    ]


def test_fields_are_escaped_in_html() -> None:
    style = WikipediaStyle(report=lambda *_: None)
    entry = entry_of('@misc{a, title={<script>alert("x")</script>}, year=2020}')
    html = style.format_entry("", entry).text.render_as("html")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


# -- entry types and missing fields ----------------------------------------------------------


@pytest.mark.parametrize(
    ("bib", "kind"),
    [
        ("@article{a, journal={J}}", "journal"),
        ("@article{a, journal={J}, entrysubtype={newspaper}}", "news"),
        ("@article{a, journal={J}, entrysubtype={magazine}}", "magazine"),
        ("@misc{a, url={https://x.org}}", "web"),
        ("@online{a}", "web"),
        ("@electronic{a}", "web"),
        ("@www{a}", "web"),
        ("@misc{a, eprint={1}}", "arxiv"),
        ("@misc{a, eprint={1}, url={https://arxiv.org/abs/1}}", "arxiv"),
        ("@preprint{a}", "arxiv"),
        ("@book{a}", "book"),
        ("@inbook{a}", "chapter"),
        ("@incollection{a}", "chapter"),
        ("@inproceedings{a}", "conference"),
        ("@conference{a}", "conference"),
        ("@proceedings{a}", "proceedings"),
        ("@techreport{a}", "report"),
        ("@report{a}", "report"),
        ("@phdthesis{a}", "thesis"),
        ("@mastersthesis{a}", "thesis"),
        ("@thesis{a}", "thesis"),
        ("@manual{a}", "manual"),
        ("@unpublished{a}", "unpublished"),
        ("@patent{a}", "patent"),
        ("@dataset{a}", "generic"),
    ],
)
def test_entry_types(bib: str, kind: str) -> None:
    assert source_kind(entry_of(bib)) == kind


def test_missing_fields_render_what_is_there_and_are_reported() -> None:
    problems: Problems = []
    assert render("@article{lonely, year=2020}", problems) == "2020."
    assert problems == [
        ("lonely", "title", "missing field 'title' for a journal source"),
        ("lonely", "journal", "missing field 'journal' or 'journaltitle' for a journal source"),
    ]


def test_an_anonymous_news_article_is_complete() -> None:
    problems: Problems = []
    render("@article{a, title={T}, journal={J}, entrysubtype={newspaper}}", problems)
    assert problems == []


def test_field_names_are_case_insensitive_as_in_bibtex() -> None:
    lower = render(
        "@article{k, author={Doe, Jane}, title={T}, journal={J}, year=2020, pages={1--2},"
        " doi={10.1/x}, eprint={2001.00001}, archiveprefix={arXiv}}"
    )
    mixed = render(
        "@article{k, Author={Doe, Jane}, TITLE={T}, Journal={J}, YEAR=2020, Pages={1--2},"
        " DOI={10.1/x}, EPrint={2001.00001}, ArchivePrefix={arXiv}}"
    )
    assert mixed == lower
    assert lower == """Doe, Jane (2020). "T". J. 1–2. arXiv:2001.00001. doi:10.1/x."""


def test_parts_side_by_side_make_the_text_nested_texts_would() -> None:
    # The style puts parts side by side in Concats and makes one pybtex Text at the end; that
    # Text must hold what nesting Texts gave, merges of neighbouring tags and links included.
    from pybtex.richtext import HRef, String, Tag, Text

    from sphinx_encyclopedia.cs1.parts import concat, rich_text

    pieces = [
        (Tag("em", "a"), String("")),
        (Tag("em", String("b")), HRef("u", "c")),
        (HRef("u", "d"), ". ", Text()),
        (String("e"), "", "f"),
        (String(""), Tag("strong", "g"), "h", String("i")),
    ]
    nested = Text(*(Text(*piece) for piece in pieces))
    flat = rich_text([concat(*piece) for piece in pieces])
    expected = Text(Tag("em", "ab"), HRef("u", "cd"), ". ef", Tag("strong", "g"), "hi")
    assert flat == nested == expected
    assert [type(part) for part in flat.parts] == [type(part) for part in expected.parts]
    assert str(concat(concat("x", Tag("em", "y")), "z")) == "xyz"
    assert not concat(String(""), "", Text()) and not Text(String(""), "", Text())


def test_a_name_with_no_text_counts_as_no_author() -> None:
    # An author list that renders empty leaves the date after the title, as no author does.
    assert render("@book{b, author={{}}, title={T}, year=2020, publisher={P}}") == render(
        "@book{b, title={T}, year=2020, publisher={P}}"
    )


# -- crossref ---------------------------------------------------------------------------------

PARENTS = r"""
@proceedings{proc, title={Parent Title}, editor={Smith, Ann}, publisher={ACM}, year=2001,
  address={Vienna}}
@book{book, title={A Book}, editor={Roe, Rita and Poe, Paul}, publisher={P}, year=2000,
  isbn={978-0-00-000000-2}}
@collection{coll, title={Collected}, editor={Roe, Rita}, publisher={P}, year=2002}
@mvbook{works, title={Collected Works}, author={Auth, Or}, publisher={P}, year=1999}
@periodical{journal, title={The Journal}, year=2010, volume={3}, shorttitle={TJ}}
"""


@pytest.mark.parametrize(
    ("child", "expected"),
    [
        ("@inproceedings{c, author={Doe, Jane}, title={Chapter}, crossref={proc}, pages={1--10}}",
         'Doe, Jane (2001). "Chapter". In Smith, Ann (ed.). Parent Title. Vienna: ACM. '
         "pp. 1–10."),
        ("@incollection{c, author={Doe, Jane}, title={Chapter}, crossref={coll}, pages={1--10}}",
         'Doe, Jane (2002). "Chapter". In Roe, Rita (ed.). Collected. P. pp. 1–10.'),
        # A BibTeX file's @book holding an @incollection, and biblatex's @inbook in a @book.
        ("@incollection{c, author={Doe, Jane}, title={Chapter}, crossref={book}, pages={1--10}}",
         'Doe, Jane (2000). "Chapter". In Roe, Rita; Poe, Paul (eds.). A Book. P. pp. 1–10. '
         "ISBN 978-0-00-000000-2."),
        ("@inbook{c, author={Doe, Jane}, title={Chapter}, crossref={book}, pages={1--10}}",
         'Doe, Jane (2000). "Chapter". In Roe, Rita; Poe, Paul (eds.). A Book. P. pp. 1–10. '
         "ISBN 978-0-00-000000-2."),
        # The child's own fields win over its parent's; the key is found in any case.
        ("@inproceedings{c, author={Doe, Jane}, title={Chapter}, crossref={PROC}, year=2005,"
         " publisher={IEEE}}",
         'Doe, Jane (2005). "Chapter". In Smith, Ann (ed.). Parent Title. Vienna: IEEE.'),
    ],
)  # fmt: skip
def test_crossref_child_takes_its_parents_title_as_booktitle(child: str, expected: str) -> None:
    problems: Problems = []
    assert render_key(PARENTS + child, "c", problems) == expected
    assert problems == []


def test_crossref_from_a_multivolume_work_and_a_periodical() -> None:
    # A book in a multi-volume work takes its title as the main title, not its own.
    book = "@book{c, title={Volume One}, crossref={works}, volume={1}}"
    assert render_key(PARENTS + book, "c") == "Auth, Or (1999). Volume One. Vol. 1. P."
    article = "@article{c, author={Doe, Jane}, title={A}, crossref={journal}, pages={4--5}}"
    assert render_key(PARENTS + article, "c") == 'Doe, Jane (2010). "A". The Journal. 3: 4–5.'


def test_crossref_to_a_missing_entry_is_reported() -> None:
    problems: Problems = []
    child = "@inproceedings{c, author={Doe, Jane}, title={T}, booktitle={B}, year=2000,"
    child += " crossref={gone}}"
    assert render_key(child, "c", problems) == 'Doe, Jane (2000). "T". B.'
    assert problems == [("c", "crossref", "crossref 'gone' is not in the bib files")]


def test_a_crossref_loop_ends() -> None:
    bib = (
        "@book{a, title={A}, crossref={b}, author={X, Y}}"
        " @book{b, title={B}, crossref={a}, publisher={P}, year=2000}"
    )
    assert render_key(bib, "a") == "X, Y (2000). A. P."


def test_conference_paper_shows_its_editors() -> None:
    bib = (
        "@inproceedings{a, author={A, B}, title={T}, booktitle={Proc. X}, editor={E, F},"
        " publisher={ACM}, year=2000}"
    )
    assert render(bib) == 'A, B (2000). "T". In E, F (ed.). Proc. X. ACM.'


def test_conference_paper_names_its_meeting() -> None:
    # As CS1's {{cite conference}} with |conference= and |conference-url=.
    bib = (
        "@inproceedings{a, author={A, B}, title={T}, eventtitle={Workshop on X},"
        " eventurl={https://example.org/x}, booktitle={Proc. X}, year=2000}"
    )
    assert render(bib) == 'A, B (2000). "T". Workshop on X. Proc. X.'
    assert links(bib) == {"Workshop on X": "https://example.org/x"}
    problems: Problems = []
    unsafe = bib.replace("https://example.org/x", "javascript:alert(1)")
    assert render(unsafe, problems) == 'A, B (2000). "T". Workshop on X. Proc. X.'
    assert [problem[1] for problem in problems] == ["url"]
    assert links(unsafe) == {}


# -- @set -------------------------------------------------------------------------------------

MEMBERS = r"""
@article{first, author={Doe, Jane}, title={One}, journal={J}, volume={1}, pages={1--2},
  year=2000}
@book{second, author={Roe, Rita}, title={Why?}, publisher={P}, year=2001}
@inproceedings{third, author={Poe, Paul}, title={Three}, crossref={proc}, pages={5--5}}
@proceedings{proc, title={Proc. X}, editor={Smith, Ann}, publisher={ACM}, year=2002}
"""


def test_a_set_renders_its_members_in_order() -> None:
    problems: Problems = []
    bib = MEMBERS + "@set{s, entryset={third, first , second}}"
    assert render_key(bib, "s", problems) == (
        'Poe, Paul (2002). "Three". In Smith, Ann (ed.). Proc. X. ACM. p. 5; '
        'Doe, Jane (2000). "One". J. 1: 1–2; '
        "Roe, Rita (2001). Why? P."
    )
    assert problems == []


def test_a_set_ends_without_doubled_punctuation() -> None:
    bib = MEMBERS + "@set{s, entryset={first,second}}"
    assert render_key(bib, "s").endswith("1: 1–2; Roe, Rita (2001). Why? P.")
    bib = MEMBERS + "@set{s, entryset={second}}"
    assert render_key(bib, "s") == render_key(bib, "second")


def test_a_set_with_missing_members_renders_the_others_and_reports_them() -> None:
    problems: Problems = []
    bib = MEMBERS + "@set{s, entryset={nope, first, second, s}}"
    assert render_key(bib, "s", problems) == (
        'Doe, Jane (2000). "One". J. 1: 1–2; Roe, Rita (2001). Why? P.'
    )
    assert problems == [
        ("s", "entryset", "set member 'nope' is not in the bib files"),
        ("s", "entryset", "set member 's' is itself a set"),
    ]
    problems.clear()
    assert render_key("@set{s}", "s", problems) == ""
    assert problems == [("s", "entryset", "missing field 'entryset' for a set")]


def test_a_set_without_the_bib_data_is_reported() -> None:
    problems: Problems = []
    assert render("@set{s, entryset={a,b}}", problems) == ""
    assert problems == [("s", "entryset", "the members of a set need the bib data to be found")]


# -- dates and identifiers kept whole -------------------------------------------------------


UNBROKEN_BIB = r"""@article{a, author={Doe, Jane}, title={T}, journal={J}, date={2024-12-18},
    doi={10.1038/s41586-025-09937-5}, isbn={978-0-262-03384-8}, url={https://x.org/a},
    urldate={2025-01-02}, archiveurl={https://web.archive.org/x}, archivedate={2025-01-03}}"""


def test_dates_and_identifiers_are_tagged_unbroken_and_read_the_same() -> None:
    from pybtex.richtext import Tag

    from sphinx_encyclopedia.cs1.identifiers import UNBROKEN

    text = WikipediaStyle(report=lambda *_: None).format_entry("", entry_of(UNBROKEN_BIB)).text
    tagged = []

    def walk(part: Any) -> None:
        if isinstance(part, Tag) and part.name == UNBROKEN:
            tagged.append(str(part))
        for child in getattr(part, "parts", []):
            walk(child)

    walk(text)
    assert tagged == [
        "2024-12-18", "doi:10.1038/s41586-025-09937-5", "ISBN 978-0-262-03384-8", "2025-01-03",
        "2025-01-02",
    ]  # fmt: skip
    assert str(text.render_as("text")) == (
        "Doe, Jane (2024-12-18). “T”. J. doi:10.1038/s41586-025-09937-5. ISBN "
        "978-0-262-03384-8. Archived from the original on 2025-01-03. Retrieved 2025-01-02."
    )


def test_unbroken_text_is_a_span_in_html_and_in_the_writers_nodes() -> None:
    """The HTML written straight from the rich text is what docutils' writer writes for the
    HTML builders' nodes, spans included; nodes for other builders hold the bare text."""
    import re

    import pybtex_docutils
    from docutils import nodes
    from docutils.core import publish_from_doctree
    from docutils.utils import new_document
    from docutils.writers.html5_polyglot import Writer

    from sphinx_encyclopedia.formatting import HTML_AND_PLAIN, DocutilsBackend

    text = WikipediaStyle(report=lambda *_: None).format_entry("", entry_of(UNBROKEN_BIB)).text
    html, plain = text.render(HTML_AND_PLAIN)
    document = new_document("<test>")
    document += nodes.paragraph("", "", *text.render(DocutilsBackend()))
    written = publish_from_doctree(document, writer=Writer()).decode()
    paragraph = re.search(r"<p>(.*)</p>", written, re.DOTALL)
    assert paragraph is not None and html == paragraph.group(1)
    spans = BeautifulSoup(html, "html.parser").select("span.enc-unbroken")
    assert [span.get_text() for span in spans][:2] == [
        "2024-12-18", "doi:10.1038/s41586-025-09937-5",
    ]  # fmt: skip
    assert spans[1].a["href"] == "https://doi.org/10.1038/s41586-025-09937-5"
    bare = text.render(pybtex_docutils.Backend())
    assert not any(isinstance(node, nodes.inline) for node in bare)
    assert plain == "".join(node.astext() for node in bare)


@pytest.mark.parametrize(
    ("language", "site", "expected"),
    [
        ("german", "en", 'Smith, Jane (2020). "Title" (in German). Journal.'),
        ("de", "en", 'Smith, Jane (2020). "Title" (in German). Journal.'),
        ("ngerman", "en", 'Smith, Jane (2020). "Title" (in German). Journal.'),
        ("en", "en", 'Smith, Jane (2020). "Title". Journal.'),
        ("English", "en", 'Smith, Jane (2020). "Title". Journal.'),
        ("de", "de", 'Smith, Jane (2020). "Title". Journal.'),
        ("Klingon-ish", "en", 'Smith, Jane (2020). "Title" (in Klingon-ish). Journal.'),
    ],
)
def test_a_work_in_another_language_says_so(language: str, site: str, expected: str) -> None:
    bib = ("@article{k, author = {Smith, Jane}, title = {Title}, journal = {Journal}, "
           f"year = {{2020}}, language = {{{language}}}}}")  # fmt: skip
    assert render(bib, language=site) == expected


# biblatex keeps a subtitle in a field of its own; Wikipedia writes it after the title with a
# colon, in |title= (and a book's or a journal's in the work's own parameter).
@pytest.mark.parametrize(
    ("bib", "expected"),
    [
        (
            r"""@book{b, author={Bostrom, Nick}, title={Superintelligence},
            subtitle={Paths, Dangers, Strategies}, publisher={Oxford University Press},
            year=2014}""",
            "Bostrom, Nick (2014). Superintelligence: Paths, Dangers, Strategies. "
            "Oxford University Press.",
        ),
        (
            r"""@article{a, author={Smith, Jane}, title={Why align?}, subtitle={A survey},
            journaltitle={AI Review}, journalsubtitle={Letters}, year=2020}""",
            'Smith, Jane (2020). "Why align? A survey". AI Review: Letters.',
        ),
        (
            r"""@incollection{c, author={Smith, Jane}, title={Chapter}, booktitle={The Book},
            booksubtitle={A Handbook}, publisher={Press}, year=2020}""",
            'Smith, Jane (2020). "Chapter". In The Book: A Handbook. Press.',
        ),
        (
            r"""@book{d, author={Smith, Jane}, title={The Book}, subtitle={}, publisher={Press},
            year=2020}""",
            "Smith, Jane (2020). The Book. Press.",
        ),
    ],
)
def test_a_subtitle_follows_its_title_after_a_colon(bib: str, expected: str) -> None:
    problems: Problems = []
    assert render(bib, problems) == expected
    assert problems == []


def test_the_exports_carry_subtitles_as_the_style_prints_them() -> None:
    item = csl_item(entry_of(
        r"""@incollection{c, author={Smith, Jane}, title={Chapter}, subtitle={Part one},
        booktitle={The Book}, booksubtitle={A Handbook}, year=2020}"""
    ))  # fmt: skip
    assert (item["title"], item["container-title"]) == ("Chapter: Part one", "The Book: A Handbook")
