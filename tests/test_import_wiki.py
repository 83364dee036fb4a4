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
# Sphinx 7 shows a warning's [type.subtype] only when told to; the tests read it.
CONF = """project = "Imported"
extensions = ["sphinx_encyclopedia"{extra}]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
show_warning_types = True
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


def built_notes(html: BeautifulSoup) -> list[tuple[int, int]]:
    """Each note marker as (number in its list, back-link index), as :func:`built_sites`."""
    letters: dict[str, tuple[int, int]] = {}
    for listing in html.select("ol.enc-notes"):
        for number, item in enumerate(listing.select(":scope > li"), 1):
            for index, link in enumerate(item.select(".enc-backlinks a")):
                letters[link["href"].lstrip("#")] = (number, index)
    return [letters.get(str(sup.get("id")), (0, -1)) for sup in html.select("sup.enc-note-ref")]


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
    assert built_notes(html) == model.notes()
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


def test_a_named_note_used_again_shows_its_marker_again(numbering_site: Path) -> None:
    html = page_html(numbering_site, "constructs")
    markers = [sup.get_text() for sup in html.select("sup.enc-note-ref")]
    assert markers == ["[a]", "[b]", "[c]", "[d]", "[c]", "[d]"]
    size, later = html.select("ol.enc-notes > li")[2:]
    assert [a.get_text() for a in size.select(".enc-backlinks a")] == ["a", "b"]
    assert "About ten metres." in size.get_text() and "Given later." in later.get_text()


def test_nested_citation_shows_in_the_note(numbering_site: Path) -> None:
    html = page_html(numbering_site, "constructs")
    notes = html.select("ol.enc-notes > li")
    assert len(notes) == 4
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
    # Cells that span: a grid table, which docutils reads with its spans.
    assert (
        "+------------------------------+-------+\n"
        "| Year                         | Span  |\n"
        "+==============================+===+===+\n"
        "| Tall :citation:`exampletall` | a | b |\n"
        "|                              +---+---+\n"
        "|                              | c | d |\n"
        "+------------------------------+---+---+\n"
    ) in article
    assert ".. see-also::\n\n   - :doc:`Other <other>`" in article
    assert ".. external-links::" in article
    # Full citations outside references in the text (the subject's works): each written out
    # in full where it stands, once, with the words of its item.
    assert (
        "Works\n-----\n\n- :full-citation:`author1999own`\n"
        "- :full-citation:`author2003second` Reprinted in 2010.\n"
    ) in article
    # Each appendix section its heading and its list alone, in its place; a section the wiki
    # nests under one ("General references" under "References") follows it at its level.
    assert (
        "References\n----------\n\n.. references::\n\n"
        "General references\n------------------\n\n.. further-reading::\n\n   keeper1998general\n\n"
        "Further reading\n---------------\n\n.. further-reading::\n\n   reader2001further\n\n"
        "External links\n--------------\n\n.. external-links::\n\n"
    ) in article
    # What cannot stand in an appendix section (a kept template, the attribution) goes after
    # the text, before them.
    assert article.index(".. wikitext: {{Commons category") < article.index("See also\n")
    assert ".. references::" in article
    assert (
        ".. categories::\n   :sort-key: Structure\n\n   Examples\n   Samples | Structure, The\n"
        "   Tops | *\n"
    ) in article
    # An unknown template: a comment beside its paragraph, for each use.
    assert article.count(".. wikitext: {{Mystery template|") == 2
    assert "CC BY-SA 4.0" in article.split(".. rst-class:: enc-attribution")[1]


def test_infobox(constructs: tuple[str, str, str]) -> None:
    article, _bib, _err = constructs
    box = article.split(".. infobox:: The Structure\n")[1].split("\n\n   **Structure**")[0]
    assert box.startswith(
        "      :image: images/Structure_photo.svg\n"
        "      :alt: A photograph\n"
        "      :caption: Taken in 2020 :citation:`examplephoto`\n\n"
    )
    # Labels from the parameters' names; an empty parameter is no row; a note stays a note.
    assert "      :Birth date: 1 May 2000\n" in box
    assert "Known for" not in box
    assert "      :Main interests: Tables,\\ :note:`A note in the box.` lists" in box


BOX = """{{Infobox officeholder
| name = Ada Keeper
| order = 3rd
| office = Keeper of the Light
| deputy = [[Bo Deputy]]
| term_start = 2001
| term_end = 2005<ref>{{cite web |url=https://example.org/term |title=Term}}</ref>
| office1 = Assistant keeper
| term_start1 = 1998
| successor1 = [[Cy Next]]
| seal_size = 90px
| website = {{ubl|{{url|example.org|Home page}}|{{URL|www.example.net}}}}
| education = {{plainlist|
* [[First School]]
* Second School}}
| signature = Ada signature.svg
| signature_alt = A signature in ink
}}
Text.

Also {{hlist|[[P]]|q}} and {{flatlist|
* r
* s
}}.
"""


def test_infobox_sets_lists_and_pictures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Any infobox: a numbered set of parameters (an office held) is a group of rows under a
    header row that names it, the rows after the last group under one of their own; list
    templates are lists, {{url}} a link; a file parameter a picture, as the box's own."""
    status, err = import_wiki(tmp_path, {"box.wiki": BOX}, capsys=capsys)
    assert status == 0
    article = (tmp_path / "site" / "box.rst").read_text(encoding="utf-8")
    box = article.split(".. infobox:: Ada Keeper\n")[1].split("\n\n   Text.")[0]
    assert box == (
        "\n"
        "      .. infobox-header:: 3rd Keeper of the Light\n\n"
        "      :Deputy: `Bo Deputy <https://en.wikipedia.org/wiki/Bo_Deputy>`__\n"
        "      :Term start: 2001\n"
        "      :Term end: 2005 :citation:`exampleterm`\n\n"
        "      .. infobox-header:: Assistant keeper\n\n"
        "      :Term start: 1998\n"
        "      :Succeeded by: `Cy Next <https://en.wikipedia.org/wiki/Cy_Next>`__\n\n"
        "      .. infobox-header:: Personal details\n\n"
        "      :Website:\n"
        "         - `Home page <https://example.org>`__\n"
        "         - `www.example.net <https://www.example.net>`__\n"
        "      :Education:\n"
        "         - `First School <https://en.wikipedia.org/wiki/First_School>`__\n"
        "         - Second School\n"
        "      :Signature:\n"
        "         .. image:: images/Ada_signature.svg\n"
        "            :alt: A signature in ink"
    )
    assert "File:Ada signature.svg is not fetched" in err and "[import-wiki.image]" in err
    # In the text, a list template's items in a line.
    # Horizontal lists in the text, their items apart with middle dots as on Wikipedia.
    assert "Also `P <https://en.wikipedia.org/wiki/P>`__ · q and r · s." in article
    assert "unknown-template" not in err


def test_real_infobox_groups_the_offices(real_site: tuple[Path, str]) -> None:
    site, _report = real_site
    box = page_html(site, "barack-obama").select_one("table.enc-infobox")
    headers = [th.get_text(" ", strip=True) for th in box.select("th.enc-infobox-header")]
    assert headers == [
        "44th President of the United States",
        "United States Senator from Illinois",
        "Member of the Illinois Senate from the 13th district",
        "Personal details",
    ]
    labels = [th.get_text() for th in box.select("th.enc-infobox-label")]
    assert labels.count("Term start") == 3 and not [
        label for label in labels if label[-1].isdigit()
    ]
    website = box.select("th.enc-infobox-label")[labels.index("Website")].find_next("td")
    assert [a["href"] for a in website.select("li a")] == [
        "https://barackobama.com",
        "https://www.obama.org",
        "https://obamawhitehouse.archives.gov",
    ]
    assert "{{" not in box.get_text()
    assert box.select_one("img[alt='Cursive signature in ink']")


def test_report_is_located_and_names_each_unknown_template_once(
    constructs: tuple[str, str, str],
) -> None:
    _article, _bib, err = constructs
    lines = err.splitlines()
    assert all(re.match(r".+:\d+: warning: .+ \[import-wiki\.[a-z-]+\]$", line) for line in lines)
    mystery = [line for line in lines if "Mystery template" in line]
    assert len(mystery) == 1 and "Structure page.wiki:32:" in mystery[0]
    assert any(
        "bare-url" in line and "https://example.com/bare" in line and ":30:" in line
        for line in lines
    )
    assert any("[import-wiki.image]" in line and "Example picture.jpg" in line for line in lines)
    assert any(
        "Structure page.wiki:5: warning: File:Structure photo.jpg is not fetched" in line
        for line in lines
    )
    assert not [line for line in lines if "outside" in line]


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
    for name in ("Example_picture", "Structure_photo"):
        (site / "images" / f"{name}.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    status, warnings = build(site, ["structure-page", "other"])
    assert status == 0, warnings
    text = page_html(site, "structure-page").get_text(" ")
    assert "mine2019" not in text and "Gamma" in text
    # The fields CS1 prints after the title and at the end.
    assert "[Source of the picture] (in French)" in text
    spans = [cell.attrs for cell in page_html(site, "structure-page").select("table td, table th")]
    assert {"colspan": "2", "class": ["head"]} in spans and {"rowspan": "2"} in spans
    assert "“A quote”" in text and "via Archive" in text
    html = page_html(site, "structure-page")
    headings = [h.get_text().strip("¶ ") for h in html.select("section > h2, section > h3")]
    assert headings == [
        "History",
        "Works",
        "See also",
        "Notes",
        "References",
        "General references",
        "Further reading",
        "External links",
    ]
    assert text.count("Own Work") == 1 and text.count("Further Book") == 1
    assert "General Book" in html.select_one("#general-references").get_text()
    assert "Self Press" in html.select_one("#works").get_text()
    # The attribution at the foot, after the appendices, above the categories box.
    article = html.select_one("section")
    foot = [child for child in article.find_all(recursive=False) if child.name][-2:]
    assert [child.get("class") for child in foot] == [["enc-attribution"], ["enc-categories"]]
    assert foot[0].get_text().startswith("This article is imported from")


SPANS = """Before.<ref name="b">{{cite web |url=https://example.org/b |title=Before}}</ref>
{|
! Year !! colspan="2" | Span
|-
| rowspan="2" | Tall<ref>{{cite web |url=https://example.org/tall |title=Tall}}</ref> || a || b
|-
| c || d<ref name="b" />
|}
"""


INFOBOX = """{{Infobox officeholder
| name = Ada Reed
| image = Ada Reed.jpg
| caption = Ada in 1900
| office1 = Keeper of the Light
| term_start1 = 1880
| term_end1 = 1900
| spouse = {{ubl|Tom Reed|Jon Reed}}
| known_for = The lamp<ref>{{cite web |url=https://example.org/ada |title=Ada's light}}</ref>
}}
'''Ada Reed''' kept the light.<ref>{{cite web |url=https://example.org/b |title=Second}}</ref>

== References ==
{{reflist}}
"""


@pytest.fixture(scope="module")
def md_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Small pages and, when the shared articles are there, Oxygen (the smallest of them),
    imported as MyST Markdown and built once, with -W."""
    pytest.importorskip("myst_parser")
    tmp = tmp_path_factory.mktemp("markdown")
    pages = {"numbering.wiki": NUMBERING, "spans.wiki": SPANS, "ada.wiki": INFOBOX}
    if SHARED.is_dir():
        pages["oxygen.wiki"] = (SHARED / "oxygen.wiki").read_text(encoding="utf-8")
    status, _ = import_wiki(tmp, pages, "--format", "md")
    assert status == 0
    site = tmp / "site"
    (site / "images").mkdir(exist_ok=True)
    (site / "images" / "Ada_Reed.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    status, warnings = build(site, [name.removesuffix(".wiki") for name in pages], md=True)
    assert status == 0, warnings
    return site


def test_markdown(md_site: Path) -> None:
    article = (md_site / "numbering.md").read_text(encoding="utf-8")
    assert article.startswith("---\nnote-citations: at-note\n---\n")
    assert "{citation}`" in article and "{note}`" in article
    assert_numbered_as_cite(md_site, "numbering", NUMBERING)
    # Markdown has no table with spans: MyST reads a grid table in an eval-rst block.
    spans = (md_site / "spans.md").read_text(encoding="utf-8")
    assert "```{eval-rst}\n+----" in spans and "| Tall :citation:`exampletall` |" in spans
    html = assert_numbered_as_cite(md_site, "spans", SPANS)
    assert html.sites() == [(1, 0), (2, 0), (1, 1)]
    cells = page_html(md_site, "spans").select("td[rowspan='2'], th[colspan='2']")
    assert len(cells) == 2


def test_markdown_infobox_and_attribution(md_site: Path) -> None:
    """MyST gives a directive's options a line each: the infobox is reStructuredText in an
    eval-rst block, with its picture, header rows and lists; the attribution keeps its class
    (docutils' class directive), so it goes to the foot and the References heading stays one."""
    article = (md_site / "ada.md").read_text(encoding="utf-8")
    assert "```{eval-rst}\n.. infobox:: Ada Reed\n" in article
    assert "```{rst-class} enc-attribution\n```" in article
    html = assert_numbered_as_cite(md_site, "ada", INFOBOX)
    assert html.sites() == [(1, 0), (2, 0)]
    page = page_html(md_site, "ada")
    box = page.select_one("table.enc-infobox")
    assert [th.get_text() for th in box.select("th")] == [
        "Keeper of the Light", "Term start", "Term end", "Personal details", "Spouse",
        "Known for",
    ]  # fmt: skip
    assert box.select_one("img") and len(box.select("li")) == 2
    assert [h.get_text().strip("¶") for h in page.select("h2")] == ["References"]
    last = [child for child in page.select_one("section").find_all(recursive=False)][-1]
    assert last.get("class") == ["enc-attribution"]


def test_real_article_in_markdown_is_numbered_as_cite(md_site: Path) -> None:
    if not (md_site / "oxygen.md").exists():
        message = f"the Wikipedia articles are not at {SHARED}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    wikitext = (SHARED / "oxygen.wiki").read_text(encoding="utf-8")
    model = assert_numbered_as_cite(md_site, "oxygen", wikitext)
    assert len(model.sites()) == 229
    assert len(model.notes()) == len(page_html(md_site, "oxygen").select("sup.enc-note-ref"))


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
        "wikitemplate": "cite news",
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


APPENDICES = {
    "oxygen": [
        ("See also", "see-also"),
        ("Notes", "notes"),
        ("References", "references"),
        ("General references", "further-reading"),
        ("External links", "external-links"),
    ],
    "jesus": [
        ("See also", "see-also"),
        ("Notes", "notes"),
        ("References", "references"),
        ("Sources", "works-cited"),
        ("External links", "external-links"),
    ],
    # Its See also and External links hold sections, its Further reading a line of prose:
    # sections of text, as on the wiki.
    "barack-obama": [
        ("Notes", "notes"),
        ("References", "references"),
        ("Bibliography", "works-cited"),
    ],
}


@pytest.mark.parametrize("name", REAL)
def test_real_article_has_the_headings_of_the_wiki(real_site: tuple[Path, str], name: str) -> None:
    """Each heading of the page once, in its order, the appendix sections the extension's
    under the wiki's headings (built with -W: in Wikipedia's appendix order)."""
    import mwparserfromhell

    site, _report = real_site
    code = mwparserfromhell.parse((SHARED / f"{name}.wiki").read_text(encoding="utf-8"))
    wiki = [" ".join(h.title.strip_code().split()) for h in code.ifilter_headings(recursive=False)]
    html = page_html(site, name)
    built = [
        " ".join(h.get_text().strip("¶ ").split())
        for h in html.select("section > :is(h2, h3, h4, h5)")
    ]
    assert built == wiki
    appendices = [
        (section.find(re.compile("^h[2-6]$")).get_text().strip("¶ "), kind)
        for section in html.select("section")
        for kind in [c.removeprefix("enc-") for c in section.get("class", [])]
        if kind
        in ("see-also", "notes", "references", "works-cited", "further-reading", "external-links")
    ]
    assert appendices == APPENDICES[name]


def test_real_article_shows_each_listed_work_once(real_site: tuple[Path, str]) -> None:
    """Barack Obama's lists of his books and articles (16 full citations outside references,
    two with a reference after them) and its Further reading: each work in full, in its
    place, once."""
    site, _report = real_site
    html = page_html(site, "barack-obama")
    text = html.get_text(" ")
    for title in ("Of Thee I Sing", "Bound to the Word", "Above the Fray", "Young Mr. Obama"):
        assert text.count(title) == 1, title
    books = html.select_one("#books").get_text(" ")
    assert "Alfred A. Knopf" in books and "978-0-375-83527-8" in books
    reading = html.select_one("#further-reading").get_text(" ")
    assert "Bloomsbury Press" in reading and "Parmar, Inderjeet" in reading
    assert not html.select(".enc-further-reading-list")


def test_real_articles_report_what_the_style_reports(real_site: tuple[Path, str]) -> None:
    """An imported entry is held to what Wikipedia's CS1 reports as an error, no more: the
    three articles have none (their 84 {{cite news}} without |work=, {{cite book}} without
    |publisher= … render on Wikipedia with no message), and built with -W, nothing
    suppressed, they warn of nothing (the fixture built ``real_site`` so)."""
    _site, report = real_site
    assert "[import-wiki.cite-incomplete]" not in report


def test_incomplete_citations_are_what_cs1_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = (
        "A.<ref>{{cite journal |last=Lee |year=2001 |title=No journal}}</ref>"
        " B.<ref>{{cite news |last=Ma |date=2002 |title=No newspaper}}</ref>"
        " C.<ref>{{cite book |last=Oh |title=No publisher}}</ref>\n"
    )
    status, err = import_wiki(tmp_path, {"page.wiki": page}, capsys=capsys)
    assert status == 0
    incomplete = [line for line in err.splitlines() if "cite-incomplete" in line]
    assert len(incomplete) == 1 and "{{cite journal}} has no journal" in incomplete[0]
    assert 'wikitemplate = "cite news"' in (tmp_path / "site" / "refs.bib").read_text("utf-8")
    status, warnings = build(tmp_path / "site", ["page"])
    assert [line for line in warnings.splitlines() if "WARNING" in line] == [
        line for line in warnings.splitlines() if "[encyclopedia.missing-field]" in line
    ]
    assert warnings.count("[encyclopedia.missing-field]") == 1 and "'journal'" in warnings


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


def test_guide_example_is_a_page_of_the_docs(tmp_path: Path) -> None:
    """The guide links to its example built ("before and after"): a page of the docs that
    includes the importer's output, all of it but the categories, which would add one to
    the sample encyclopedia, and builds, with -W, numbered as Cite numbers the wikitext."""
    docs = Path(__file__).parents[1] / "docs"
    example = docs / "guide" / "importing"
    guide = (docs / "guide" / "importing.rst").read_text(encoding="utf-8")
    assert ":doc:`importing/old-harbour-light`" in guide
    assert ":hidden:\n\n   importing/old-harbour-light\n" in guide
    assert '"guide/importing/old-harbour-light.bib"' in (docs / "conf.py").read_text("utf-8")
    site = tmp_path / "site"
    (site / "guide").mkdir(parents=True)
    for name in ("old-harbour-light.rst", "old-harbour-light.rst.txt", "old-harbour-light.bib"):
        (site / "guide" / name).write_bytes((example / name).read_bytes())
    (site / "refs.bib").write_bytes((example / "old-harbour-light.bib").read_bytes())
    status, warnings = build(site, ["guide/old-harbour-light"])
    assert status == 0, warnings
    wikitext = (example / "old-harbour-light.wiki").read_text(encoding="utf-8")
    assert_numbered_as_cite(site, "guide/old-harbour-light", wikitext)
    html = page_html(site, "guide/old-harbour-light")
    assert not html.select(".enc-categories")
    text = html.get_text(" ")
    assert "This article is imported from" in text and "The lighthouse today" in text


def test_warnings_are_documented() -> None:
    from sphinx_encyclopedia.wiki.report import KINDS

    guide = (Path(__file__).parents[1] / "docs" / "guide" / "warnings.rst").read_text("utf-8")
    assert [kind for kind in KINDS if f"``{kind}``" not in guide] == []


def test_every_spelling_of_an_authors_name_is_kept() -> None:
    """CS1's aliases of last1/first1 (Jesus and Barack Obama use author-last1 and
    author-first1): a name lost here is a name missing from the citation."""
    from sphinx_encyclopedia.wiki.cite import work_from_template

    work = work_from_template(
        "cite web",
        {
            "author-last1": "Lee", "author-first1": "Cy",
            "author-surname2": "Ma", "author-given2": "Di",
            "surname3": "Ng", "given3": "Al",
            "author4-last": "Ho", "author4-first": "Bo",
            "title": "T", "url": "https://x.org",
        },
    )  # fmt: skip
    assert work.persons == {"author": ["Lee, Cy", "Ma, Di", "Ng, Al", "Ho, Bo"]}
    assert work.unmapped == []


def test_a_conference_paper_keeps_its_meeting_and_proceedings() -> None:
    """Oxygen's {{cite conference}} gives |conference=, |conference-url= and |work=: the
    meeting is not dropped for the proceedings."""
    from sphinx_encyclopedia.wiki.cite import work_from_template

    work = work_from_template(
        "cite conference",
        {
            "last": "Meyer", "first": "B. S.", "title": "T", "date": "2005",
            "conference": "Workgroup on Oxygen", "conference-url": "https://example.org/ess",
            "work": "Proceedings of X",
        },
    )  # fmt: skip
    assert work.type == "inproceedings"
    assert (work.fields["eventtitle"], work.fields["eventurl"]) == (
        "Workgroup on Oxygen", "https://example.org/ess"
    )  # fmt: skip
    assert work.fields["booktitle"] == "Proceedings of X"
    assert work.unmapped == []
