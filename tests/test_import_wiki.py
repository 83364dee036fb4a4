"""``sphinx-encyclopedia import-wiki``: wikitext and MediaWiki exports to articles and BibTeX.

The numbering is held to tests/cite_model.py, MediaWiki's Cite worked out from the wikitext
apart from the importer: for small pages of each construct, and for three whole Wikipedia
articles read from ../shared/wikitext/ beside the checkout (their licence asks for attribution
wherever the text is shown, so they are not copied here; CI has them, and fails without them).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import reference_items

pytest.importorskip("mwparserfromhell", reason="the importer's parser is in the test extra")

from cite_model import CiteModel
from sphinx.cmd.build import build_main

from sphinx_encyclopedia.__main__ import main

WIKI = Path(__file__).parent / "wiki"  # small pages of each construct
SHARED = Path(__file__).resolve().parents[2] / "shared" / "wikitext"
REAL = ("oxygen", "jesus", "barack-obama")
CONF = """project = "Imported"
extensions = ["sphinx_encyclopedia"{extra}]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
suppress_warnings = ["encyclopedia.missing-field"]
"""


def import_wiki(
    tmp_path: Path,
    pages: dict[str, str],
    *options: str,
    capsys: pytest.CaptureFixture[str] | None = None,
) -> tuple[int, str]:
    source = tmp_path / "wiki"
    source.mkdir(exist_ok=True)
    paths = []
    for name, text in pages.items():
        path = source / name
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    site = tmp_path / "site"
    status = main(
        ["import-wiki", *paths, "--out", str(site), "--bib", str(site / "refs.bib"), *options]
    )
    err = capsys.readouterr().err if capsys is not None else ""
    return status, err


def build(site: Path, docnames: list[str], md: bool = False) -> tuple[int, str]:
    extra = ', "myst_parser"' if md else ""
    (site / "conf.py").write_text(CONF.format(extra=extra), encoding="utf-8")
    toctree = "\n".join(f"   {name}" for name in docnames)
    (site / "index.rst").write_text(
        f"Index\n=====\n\n.. toctree::\n\n{toctree}\n", encoding="utf-8"
    )
    warnings = site / "warnings.txt"
    status = build_main(
        [
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            "-w",
            str(warnings),
            str(site),
            str(site / "_build"),
        ]
    )
    return status, warnings.read_text(encoding="utf-8") if warnings.exists() else ""


def built_sites(html: BeautifulSoup) -> list[tuple[int, int]]:
    """Each marker of the built page, in reading order, as (item number, back-link index):
    read through the references lists' back-links, as a reader follows them."""
    letters: dict[str, tuple[int, int]] = {}
    for listing in html.select("ol.enc-references"):
        for number, item in enumerate(listing.select(":scope > li"), 1):
            for index, link in enumerate(item.select(".enc-backlinks a")):
                letters[link["href"].lstrip("#")] = (number, index)
    return [letters.get(str(sup.get("id")), (0, -1)) for sup in html.select("sup.enc-cite")]


def page_html(site: Path, docname: str) -> BeautifulSoup:
    return BeautifulSoup(
        (site / "_build" / f"{docname}.html").read_text(encoding="utf-8"), "html.parser"
    )


def assert_numbered_as_cite(site: Path, docname: str, wikitext: str) -> CiteModel:
    model = CiteModel(wikitext).finish()
    html = page_html(site, docname)
    assert built_sites(html) == model.sites()
    # A list-defined ref the text never uses is listed by Cite with an error; the importer
    # reports it (unused-list-defined) and leaves it out.
    assert len(reference_items(html)) == sum(model.default_items()) - model.unused_list_defined
    assert len(html.select("ol.enc-notes > li")) == sum(model.note_items().values())
    return model


# -- numbering of each construct ------------------------------------------------------------

NUMBERING = (WIKI / "constructs.wiki").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def numbering_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("numbering")
    status, _err = import_wiki(tmp, {"constructs.wiki": NUMBERING})
    assert status == 0
    site = tmp / "site"
    status, warnings = build(site, ["constructs"])
    assert status == 0, warnings
    return site


def test_constructs_are_numbered_as_cite_numbers_them(numbering_site: Path) -> None:
    model = assert_numbered_as_cite(numbering_site, "constructs", NUMBERING)
    # Cite's reading of the page: the nested ref is 3, met where the note stands and shown
    # in the notes list; "a" is cited three times; the sfn at p. 5 twice.
    assert model.sites() == [
        (1, 0),
        (1, 1),
        (2, 0),
        (4, 0),
        (5, 0),
        (6, 0),
        (6, 1),
        (7, 0),
        (1, 2),
        (8, 0),
        (3, 0),
    ]


def test_nested_citation_shows_in_the_note(numbering_site: Path) -> None:
    html = page_html(numbering_site, "constructs")
    notes = html.select("ol.enc-notes > li")
    assert len(notes) == 2
    assert [a.get_text() for a in notes[0].select("sup.enc-cite a")] == ["[3]"]
    # {{rp|12}} stays with its marker.
    assert "[2]: 12" in html.get_text()


# -- the article written --------------------------------------------------------------------


@pytest.fixture(scope="module")
def constructs(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, str]:
    tmp = tmp_path_factory.mktemp("constructs")
    wikitext = STRUCTURE
    site = tmp / "site"
    site.mkdir()
    # A bib file the user had: its text stays as it was, its works are not added again.
    (site / "refs.bib").write_text(EXISTING_BIB, encoding="utf-8")
    err_file = tmp / "err.txt"
    saved = sys.stderr
    with err_file.open("w", encoding="utf-8") as handle:
        sys.stderr = handle
        try:
            status, _ = import_wiki(tmp, {"Structure page.wiki": wikitext, "Other.wiki": "Hi."})
        finally:
            sys.stderr = saved
    assert status == 0
    return (
        (site / "structure-page.rst").read_text(encoding="utf-8"),
        (site / "refs.bib").read_text(encoding="utf-8"),
        err_file.read_text(encoding="utf-8"),
    )


EXISTING_BIB = """% my own bib file
@article{mine2019,
  author = {Jones, Bo},
  title = {Gamma},
  journal = {J},
  year = {2019},
  doi = {10.1000/XYZ},
}
"""

STRUCTURE = (WIKI / "structure.wiki").read_text(encoding="utf-8")


def test_structure(constructs: tuple[str, str, str]) -> None:
    article, _bib, _err = constructs
    assert article.startswith(":note-citations: at-note\n\nStructure page\n==============\n")
    assert ".. lead::\n   :short-description: Everything at once\n" in article
    assert "**Structure** is *italic* and **bold**." in article
    assert ":doc:`Other <other>`" in article
    assert "`a wiki page <https://en.wikipedia.org/wiki/Elsewhere>`__" in article
    assert ":citation-needed:`July 2024`" in article
    assert "History\n-------" in article
    assert ".. main-article:: other" in article
    assert (
        "Further information: `Not imported <https://en.wikipedia.org/wiki/Not_imported>`__"
        in article
    )
    assert "- one\n\n  - two" in article
    assert "#. first" in article
    assert "Term\n   Definition" in article
    assert "   Quoted words." in article
    assert ":math:`x^2`" in article and ".. math::\n\n   E = mc^2" in article
    assert ".. figure:: images/Example_picture.svg" in article
    assert ".. list-table:: A table\n   :header-rows: 1" in article
    assert ".. see-also::\n\n   - :doc:`Other <other>`" in article
    assert ".. further-reading::" in article and ".. external-links::" in article
    assert ".. references::" in article
    assert ".. categories::\n   :sort-key: Structure\n\n   Examples" in article
    # An unknown template: a comment beside its paragraph, for each use.
    assert article.count(".. wikitext: {{Mystery template|") == 2
    assert "CC BY-SA 4.0" in article.split(".. rst-class:: enc-attribution")[1]


def test_report_is_located_and_names_each_unknown_template_once(
    constructs: tuple[str, str, str],
) -> None:
    _article, _bib, err = constructs
    lines = err.splitlines()
    assert all(re.match(r".+:\d+: warning: .+ \[import-wiki\.[a-z-]+\]$", line) for line in lines)
    mystery = [line for line in lines if "Mystery template" in line]
    assert len(mystery) == 1 and "Structure page.wiki:23:" in mystery[0]
    assert any(
        "bare-url" in line and "https://example.com/bare" in line and ":21:" in line
        for line in lines
    )
    assert any("[import-wiki.image]" in line and "Example picture.jpg" in line for line in lines)


def test_bib_appends_without_duplicating(constructs: tuple[str, str, str]) -> None:
    _article, bib, _err = constructs
    assert bib.startswith(EXISTING_BIB)  # the user's text, byte for byte
    assert bib.count("Gamma") == 1  # matched on its DOI
    assert "@book{reader2001further," in bib
    added = bib[len(EXISTING_BIB) :]
    assert 'language = "fr"' in added and 'titleaddon = "[Source of the picture]"' in added
    assert 'quote = "A quote"' in added and 'via = "Archive"' in added


def test_the_article_builds_with_its_citations(
    constructs: tuple[str, str, str], tmp_path: Path
) -> None:
    article, bib, _err = constructs
    site = tmp_path / "site"
    site.mkdir()
    (site / "structure-page.rst").write_text(article, encoding="utf-8")
    (site / "other.rst").write_text("Other\n=====\n\nHi.\n", encoding="utf-8")
    (site / "refs.bib").write_text(bib, encoding="utf-8")
    (site / "images").mkdir()
    (site / "images" / "Example_picture.svg").write_text(
        "<svg xmlns='http://www.w3.org/2000/svg'/>"
    )
    status, warnings = build(site, ["structure-page", "other"])
    assert status == 0, warnings
    text = page_html(site, "structure-page").get_text(" ")
    assert "mine2019" not in text and "Gamma" in text
    # The fields CS1 prints after the title and at the end.
    assert "[Source of the picture] (in French)" in text
    assert "“A quote”" in text and "via Archive" in text


def test_markdown(tmp_path: Path) -> None:
    pytest.importorskip("myst_parser")
    status, _ = import_wiki(tmp_path, {"numbering.wiki": NUMBERING}, "--format", "md")
    assert status == 0
    article = (tmp_path / "site" / "numbering.md").read_text(encoding="utf-8")
    assert article.startswith("---\nnote-citations: at-note\n---\n")
    assert "{citation}`" in article and "{note}`" in article
    status, warnings = build(tmp_path / "site", ["numbering"], md=True)
    assert status == 0, warnings
    assert_numbered_as_cite(tmp_path / "site", "numbering", NUMBERING)


EXPORT = (WIKI / "export.xml").read_text(encoding="utf-8")


def test_export_with_several_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, err = import_wiki(tmp_path, {"export.xml": EXPORT}, "--license", "CC0", capsys=capsys)
    assert status == 0
    first = (tmp_path / "site" / "first-page.rst").read_text(encoding="utf-8")
    second = (tmp_path / "site" / "second-page.rst").read_text(encoding="utf-8")
    assert ":doc:`the second <second-page>`" in first
    assert "`Missing <https://wiki.example.org/wiki/Missing>`__" in first
    assert ":doc:`First page <first-page>`" in second
    assert "oldid=4242" in first and "revision 4242 of 2026-01-02" in first and "CC0" in first
    assert "Examplepedia" in first
    # Located in the export: the page's text starts on its line 12.
    assert re.search(r"export\.xml:13: warning: \{\{Unknown thing\}\}.*\(First page\)", err)


def test_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "page.rst").write_text("mine\n", encoding="utf-8")
    status, err = import_wiki(tmp_path, {"page.wiki": "Text."}, capsys=capsys)
    assert status == 1 and "not overwriting" in err
    assert (tmp_path / "site" / "page.rst").read_text(encoding="utf-8") == "mine\n"


def test_keys_are_family_year_and_title_word(tmp_path: Path) -> None:
    from sphinx_encyclopedia.wiki.bib import BibFile
    from sphinx_encyclopedia.wiki.cite import work_from_template

    bib = BibFile(tmp_path / "refs.bib")
    one = work_from_template(
        "cite book", {"last": "Meier", "year": "1991", "title": "A Marginal Jew", "publisher": "X"}
    )
    other = work_from_template(
        "cite book", {"last": "Meier", "year": "1991", "title": "Marginal notes", "publisher": "Y"}
    )
    assert bib.add(one) == "meier1991marginal"
    assert bib.add(other) == "meier1991marginal-2"
    assert bib.add(one) == "meier1991marginal"
    # The same work at another page: an entry of its own that inherits the rest.
    paged = work_from_template(
        "cite book",
        {"last": "Meier", "year": "1991", "title": "A Marginal Jew", "publisher": "X", "page": "5"},
    )
    child = bib.add(paged)
    assert bib.new[child].fields == {"crossref": "meier1991marginal", "pages": "5"}


def test_cs1_parameters_map_to_fields() -> None:
    from sphinx_encyclopedia.wiki.cite import work_from_template

    work = work_from_template(
        "Cite news",
        {
            "last1": "Lee",
            "first1": "Cy",
            "author-link1": "Cy Lee",
            "last2": "Ma",
            "first2": "Di",
            "date": "27 April 2011",
            "title": "T",
            "trans-title": "TT",
            "newspaper": "Paper",
            "url": "https://x.org",
            "access-date": "May 1, 2011",
            "archive-url": "https://a.org",
            "archive-date": "2011-05-02",
            "url-status": "live",
            "page": "3",
            "location": "Here",
            "language": "de",
            "quote": "Q",
            "agency": "AP",
            "pmid": "1",
            "pmc": "2",
            "oclc": "3",
            "issn": "4",
            "jstor": "5",
            "bibcode": "6",
            "arxiv": "7",
            "doi": "8",
            "isbn": "9",
            "volume": "10",
            "issue": "11",
            "edition": "2nd",
            "publisher": "Pub",
            "via": "V",
            "editor-last": "Ed",
            "editor-first": "It",
            "df": "dmy",
            "ref": "harv",
        },
    )
    assert work.type == "article"
    assert work.persons == {"author": ["Lee, Cy", "Ma, Di"], "editor": ["Ed, It"]}
    assert work.fields == {
        "authorlink": "Cy Lee",
        "title": "T",
        "titleaddon": "[TT]",
        "url": "https://x.org",
        "urldate": "2011-05-01",
        "archiveurl": "https://a.org",
        "archivedate": "2011-05-02",
        "urlstatus": "live",
        "date": "2011-04-27",
        "publisher": "Pub",
        "location": "Here",
        "volume": "10",
        "number": "11",
        "edition": "2nd",
        "language": "de",
        "quote": "Q",
        "via": "V",
        "addendum": "AP",
        "doi": "8",
        "isbn": "9",
        "issn": "4",
        "oclc": "3",
        "pmid": "1",
        "pmc": "2",
        "bibcode": "6",
        "jstor": "5",
        "eprint": "7",
        "eprinttype": "arxiv",
        "journal": "Paper",
        "entrysubtype": "newspaper",
        "pages": "3",
    }
    assert work.anchor == "CITEREFLeeMa2011"
    assert work.unmapped == []


def test_missing_parser_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "mwparserfromhell", None)
    status, err = import_wiki(tmp_path, {"page.wiki": "Text."}, capsys=capsys)
    assert status == 2
    assert 'pip install "sphinx-encyclopedia[wiki]"' in err


def test_verbatim_entries_print_as_written() -> None:
    from pybtex.database import Entry

    from sphinx_encyclopedia.cs1 import WikipediaStyle

    entry = Entry("misc", fields={"verbatim": "Smith, personal letter, 1990"})
    entry.key = "letter"
    text = WikipediaStyle(report=lambda *a: pytest.fail(str(a))).format_entry("1", entry).text
    assert str(text) == "Smith, personal letter, 1990"


# -- three whole Wikipedia articles ---------------------------------------------------------


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    if not SHARED.is_dir():
        message = f"the Wikipedia articles are not at {SHARED}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    tmp = tmp_path_factory.mktemp("real")
    site = tmp / "site"
    err = tmp / "err.txt"
    saved = sys.stderr
    with err.open("w", encoding="utf-8") as handle:
        sys.stderr = handle
        try:
            status = main(
                [
                    "import-wiki",
                    *(str(SHARED / f"{name}.wiki") for name in REAL),
                    "--out",
                    str(site),
                    "--bib",
                    str(site / "refs.bib"),
                ]
            )
        finally:
            sys.stderr = saved
    assert status == 0
    status, warnings = build(site, list(REAL))
    assert status == 0, warnings
    return site, err.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", REAL)
def test_real_article_is_numbered_as_cite(real_site: tuple[Path, str], name: str) -> None:
    site, _report = real_site
    wikitext = (SHARED / f"{name}.wiki").read_text(encoding="utf-8")
    model = assert_numbered_as_cite(site, name, wikitext)
    sites = {"oxygen": 229, "jesus": 779, "barack-obama": 496}[name]
    assert len(model.sites()) == sites
    unused = {"oxygen": 0, "jesus": 0, "barack-obama": 1}[name]
    assert model.unused_list_defined == unused


def test_real_articles_report_what_the_style_reports(
    real_site: tuple[Path, str], tmp_path: Path
) -> None:
    """Citations without a field the style wants are the wikitext's own: the importer names
    each at its line, and a build that does not suppress them reports the same ones."""
    _site, report = real_site
    incomplete = [line for line in report.splitlines() if "[import-wiki.cite-incomplete]" in line]
    assert incomplete
    assert all(line.startswith(str(SHARED)) for line in incomplete)


@pytest.mark.parametrize("name", REAL)
def test_real_article_keeps_each_citation(real_site: tuple[Path, str], name: str) -> None:
    """Every full citation's title, identifiers and dates are in the bib file."""
    import mwparserfromhell

    site, _report = real_site
    bib = (site / "refs.bib").read_text(encoding="utf-8")
    code = mwparserfromhell.parse((SHARED / f"{name}.wiki").read_text(encoding="utf-8"))
    checked = 0
    for template in code.ifilter_templates(recursive=True):
        if not str(template.name).strip().casefold().startswith(("cite ", "citation")):
            continue
        for param in ("doi", "isbn", "pmid", "jstor", "oclc"):
            if template.has(param) and str(template.get(param).value).strip():
                value = str(template.get(param).value).strip()
                assert value in bib, (param, value)
                checked += 1
    assert checked


def test_guide_example_is_what_the_importer_writes(tmp_path: Path) -> None:
    """docs/guide/importing.rst shows a page before and after: the files it includes are the
    importer's output today."""
    example = Path(__file__).parents[1] / "docs" / "guide" / "importing"
    site = tmp_path / "site"
    status = main(
        [
            "import-wiki",
            str(example / "old-harbour-light.wiki"),
            "--out",
            str(site),
            "--bib",
            str(site / "refs.bib"),
            "--license",
            "CC0 1.0",
            "--wiki-url",
            "https://wiki.example.org/wiki/",
        ]
    )
    assert status == 0
    written = (site / "old-harbour-light.rst").read_text(encoding="utf-8")
    assert written == (example / "old-harbour-light.rst.txt").read_text(encoding="utf-8")
    bib = (site / "refs.bib").read_text(encoding="utf-8")
    assert bib == (example / "old-harbour-light.bib").read_text(encoding="utf-8")


def test_warnings_are_documented() -> None:
    from sphinx_encyclopedia.wiki.report import KINDS

    guide = (Path(__file__).parents[1] / "docs" / "guide" / "warnings.rst").read_text("utf-8")
    assert [kind for kind in KINDS if f"``{kind}``" not in guide] == []
