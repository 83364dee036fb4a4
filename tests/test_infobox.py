"""Infoboxes and thumbnails: from reStructuredText and MyST, numbered before the lead, laid
out beside the lead (after its first paragraph on phones), framed thumbnails at Wikipedia's
sizes, every builder, the warnings, and the article's first picture in its page preview."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import axe_or_skip, axe_violations, build_site, describe_violations, serve
from bs4 import BeautifulSoup, Tag
from helpers import backlinks, markers, page, reference_items, text_of, warnings_of

ROOT = "infobox"


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(ROOT, tmp_path_factory.mktemp("infobox"))


def tree_of(html: Path, docname: str) -> BeautifulSoup:
    return BeautifulSoup((html / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def article_of(tree: BeautifulSoup) -> Tag:
    section = tree.select_one("article[role=main] > section")
    assert section is not None
    return section


def rows(box: Tag) -> list[tuple[str, str]]:
    return [
        (text_of(row.select_one("th")), text_of(row.select_one("td")))
        for row in box.select("tr")
        if row.select_one('th[scope="row"]')
    ]


def test_an_infobox_is_a_table_with_row_headers_in_the_lead(html: Path) -> None:
    article = article_of(tree_of(html, "article"))
    lead = article.select_one("div.enc-lead")
    assert "enc-has-infobox" in lead["class"]
    # After the short description, before the lead's text, although written after the lead.
    assert [child.name for child in lead.find_all(recursive=False)] == ["p", "table", "p", "p"]
    box = lead.select_one("table.enc-infobox")
    assert box["class"] == ["enc-infobox", "wide"]
    assert text_of(box.select_one("caption")) == "Deceptive things"  # the article's title
    image = box.select_one("td.enc-infobox-media[colspan='2'] img")
    assert (image["src"], image["alt"]) == ("_images/box.svg", "Two boxes joined by an arrow")
    caption = box.select_one(".enc-infobox-caption")
    assert (text_of(caption), text_of(caption.em)) == ("A diagram of things", "diagram")
    assert rows(box) == [
        ("Proposed by", "Jane Smith[1]"), ("Year", "2020"),
        ("Related", "Thumbnails Other things[2]"), ("Reported", "2022[3]"),
    ]  # fmt: skip
    assert box.select_one("td a[href='thumbs.html']").find_parent("li")
    header = box.select_one("th.enc-infobox-header")
    assert (header["scope"], header["colspan"], text_of(header)) == (
        "rowgroup", "2", "Empirical work",
    )  # fmt: skip
    # The header names the row group (a <tbody>) that it opens.
    assert header.find_parent("tbody").select("th[scope='row']")[0].get_text() == "Reported"


def test_its_citations_are_numbered_before_the_leads(html: Path) -> None:
    tree = tree_of(html, "article")
    assert markers(tree) == ["[1]", "[2]", "[3]", "[2]", "[1]"]
    sites = [sup["id"] for sup in tree.select("sup.enc-cite")]
    items = reference_items(tree)
    assert [len(backlinks(item)) for item in items] == [2, 2, 1]
    assert [href for _, href in backlinks(items[0])] == [f"#{sites[0]}", f"#{sites[4]}"]
    assert [href for _, href in backlinks(items[1])] == [f"#{sites[1]}", f"#{sites[3]}"]
    assert text_of(items[0]).startswith("Jump up to: ^ a b Doe, John (2021)")


def test_myst_infobox_with_rows_after_its_options_and_in_a_field_list(html: Path) -> None:
    tree = tree_of(html, "myst")
    box = tree.select_one("div.enc-lead > table.enc-infobox")
    assert text_of(box.select_one("caption")) == "A MyST box"
    assert rows(box) == [("Proposed by", "Jane Smith[1]"), ("Year", "2020"),
                         ("Reported", "2022[2]")]  # fmt: skip
    assert text_of(box.select_one("th.enc-infobox-header")) == "Later"
    assert markers(tree) == ["[1]", "[2]", "[3]"]


def test_without_a_lead_it_goes_after_the_hatnotes_and_in_a_section_it_stays(html: Path) -> None:
    article = article_of(tree_of(html, "nolead"))
    top = [child.name + "." + ".".join(child.get("class", [])) for child in
           article.find_all(recursive=False)][:4]  # fmt: skip
    assert top == ["h1.", "p.enc-hatnote.enc-hatnote-main", "table.enc-infobox", "p."]
    inner = article.select_one("section#section > table.enc-infobox")
    assert text_of(inner.select_one("caption")) == "Section"


def thumb(figure: Tag) -> tuple[str, str | None, str | None]:
    image = figure if figure.name == "img" else figure.select_one("img")
    side = next(name for name in figure["class"] if name.startswith("align-"))
    return side, figure.get("style"), image.get("style")


def test_thumbnails_are_framed_at_wikipedias_sizes(html: Path) -> None:
    article = article_of(tree_of(html, "thumbs"))
    thumbs = article.select("figure.enc-thumb, img.enc-thumb")
    assert [thumb(figure) for figure in thumbs] == [
        ("align-right", "width: 220px", "width: 220px;"),  # :figclass: thumb
        ("align-left", "width: 300px", "width: 300px;"),  # its own side and size
        ("align-right", "width: 220px;", "width: 220px;"),  # an image with :class: thumb
        ("align-right", "width: 260px", "width: 260px;"),  # .. thumb:: with :upright: 1.2
        ("align-right", "width: 170px", "width: 170px;"),  # :upright: alone, 0.75
    ]
    assert [tag.name for tag in thumbs] == ["figure", "figure", "img", "figure", "figure"]
    ordinary = article.select("figure")[-1]
    assert "enc-thumb" not in ordinary["class"] and ordinary.get("style") is None
    myst = article_of(tree_of(html, "myst")).select("figure.enc-thumb")
    assert [thumb(figure) for figure in myst] == [
        ("align-right", "width: 110px", "width: 110px;"),
        ("align-right", "width: 220px", "width: 220px;"),
    ]


def test_the_first_picture_goes_into_the_page_preview(html: Path) -> None:
    manifest = json.loads((html / "_previews" / "index.json").read_text(encoding="utf-8"))
    previews: dict[str, Any] = {}
    for name in set(manifest["pages"].values()):
        previews.update(json.loads((html / "_previews" / name).read_text(encoding="utf-8")))
    pictures = {uri: preview.get("picture") for uri, preview in previews.items()}
    assert pictures == {
        "article.html": "_images/box.svg",
        "myst.html": "_images/box.svg",  # the infobox's, before the thumbnails
        "thumbs.html": "_images/diagram.svg",  # the first thumbnail's
        "links.html": None,
    }
    assert (html / "_images" / "box.svg").is_file()


@pytest.mark.sphinx("text", testroot=ROOT)
def test_text_builder_boxes_the_rows_as_a_field_list(app: Any) -> None:
    app.build()
    assert warnings_of(app) == []
    text = (Path(app.outdir) / "article.txt").read_text(encoding="utf-8")
    start = text.index("A study of things")  # the short description, then the box
    assert text[start:].split("\n\n")[1:9] == [
        "\nDeceptive things\n^^^^^^^^^^^^^^^^", "[image: Two boxes joined by an arrow][image]",
        "A *diagram* of things", "Proposed by:\n   Jane Smith[1]", "Year:\n   2020",
        "Related:\n   * Thumbnails", "   * Other things[2]", "**Empirical *work***",
    ]  # fmt: skip
    assert "Reported:\n   2022[3]\n\n**Deceptive things** are things that deceive.[2]" in text


@pytest.mark.sphinx("latex", testroot=ROOT)
def test_latex_builder_draws_a_sidebar(app: Any) -> None:
    app.build()
    assert warnings_of(app) == []
    (tex,) = Path(app.outdir).glob("*.tex")
    source = tex.read_text(encoding="utf-8")
    # Sphinx 7 draws a sidebar in its shadow box, later Sphinx in a sidebar environment.
    env = "sphinxsidebar" if r"\begin{sphinxsidebar}" in source else "sphinxShadowBox"
    box = source[source.index(rf"\begin{{{env}}}") : source.index(rf"\end{{{env}}}")]
    assert r"\sphinxstylesidebartitle{Deceptive things}" in box
    assert r"\sphinxincludegraphics{{box}.png}" in box  # the picture LaTeX can show
    assert r"\sphinxlineitem{Proposed by}" in box
    assert r"\hyperref[\detokenize{cite-note-article-1}]{[1]}" in box
    assert r"\sphinxstylestrong{Empirical \sphinxstyleemphasis{work}}" in box
    assert r"\begin{wrapfigure}{r}{260\sphinxpxdimen}" in source  # :upright: 1.2


@pytest.mark.sphinx("epub", testroot=ROOT)
def test_epub_keeps_the_table(app: Any) -> None:
    app.build()
    tree = BeautifulSoup((Path(app.outdir) / "article.xhtml").read_text("utf-8"), "html.parser")
    assert len(tree.select("table.enc-infobox th[scope='row']")) == 4


@pytest.mark.parametrize(("builder", "suffix"), [("man", "1"), ("texinfo", "texi")])
def test_man_and_texinfo_builders(make_app: Any, rootdir: Path, builder: str, suffix: str,
                                  tmp_path: Path) -> None:  # fmt: skip
    app = make_app(builder, srcdir=rootdir / f"test-{ROOT}", builddir=tmp_path)
    app.build()
    assert warnings_of(app) == []
    (output,) = Path(app.outdir).glob(f"*.{suffix}")
    flat = " ".join(output.read_text(encoding="utf-8").split())
    assert "Proposed by" in flat and "Jane Smith[1]" in flat


@pytest.mark.sphinx("html", testroot="infobox-bad", freshenv=True)
def test_mistakes_warn_at_file_and_line(app: Any) -> None:
    app.build()
    assert warnings_of(app) == [
        "SRC/index.rst:8: WARNING: infobox row :year: among the options: rows go in the body, "
        "after a blank line; it is left out [encyclopedia.directive-option]",
        "SRC/index.rst:8: WARNING: unknown option :imag: of infobox; did you mean :image:? "
        "(options: :alt:, :caption:, :class:, :image:) [encyclopedia.directive-option]",
        "SRC/index.rst:8: WARNING: infobox :caption: without an :image: to describe; it is "
        "left out [encyclopedia.infobox]",
        "SRC/index.rst:13: WARNING: an infobox holds rows (a field list) and infobox-header "
        "rows; this paragraph is left out [encyclopedia.infobox]",
        "SRC/index.rst:17: WARNING: infobox with no :image: and no rows [encyclopedia.infobox]",
        "SRC/index.rst:21: WARNING: invalid value 'big' of :upright: of thumb: a factor such "
        "as 1.2 [encyclopedia.directive-option]",
        "SRC/index.rst:25: WARNING: invalid value '-1' of :upright: of thumb: a factor above 0 "
        "and up to 10, such as 1.2 [encyclopedia.directive-option]",
        "SRC/index.rst:19: WARNING: infobox-header outside an infobox; it is left out "
        "[encyclopedia.infobox]",
        "SRC/myst.md:7: WARNING: an infobox holds rows (a field list) and infobox-header rows; "
        "this paragraph is left out; in MyST Markdown, rows after a blank line need the "
        'fieldlist extension (myst_enable_extensions = ["fieldlist"]) [encyclopedia.infobox]',
    ]
    box = page(app).select_one("table.enc-infobox")
    assert rows(box) == [("Kind", "test")]
    assert page(app).select_one("th.enc-infobox-header") is None


# -- in the browser ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(html: Path) -> Iterator[str]:
    with serve(html) as url:
        yield url


@pytest.fixture
def open_page(browser: Any, site: str) -> Iterator[Any]:
    contexts: list[Any] = []

    def opened(path: str, width: int = 1280, scheme: str = "light") -> Any:
        context = browser.new_context(viewport={"width": width, "height": 900},
                                      color_scheme=scheme, reduced_motion="reduce")  # fmt: skip
        contexts.append(context)
        tab = context.new_page()
        tab.errors = []
        tab.on("pageerror", lambda error: tab.errors.append(str(error)))
        tab.goto(site + path)
        return tab

    yield opened
    for context in contexts:
        assert context.pages[0].errors == []
        context.close()


# Each box, and for paragraphs the right edge of their lines (a paragraph's own box runs
# under a float; its lines stop beside it).
BOXES = """() => {
    const box = (node) => { const r = node.getBoundingClientRect();
        const range = document.createRange(); range.selectNodeContents(node);
        const lines = Math.max(...[...range.getClientRects()].map((line) => line.right));
        return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width,
                lines}; };
    const lead = document.querySelector("div.enc-lead");
    const paragraphs = [...lead.querySelectorAll(":scope > p:not(.enc-short-description)")];
    return {infobox: box(lead.querySelector("table.enc-infobox")), lead: box(lead),
            paragraphs: paragraphs.map(box), scrollWidth: document.documentElement.scrollWidth};
}"""


def test_beside_the_lead_on_wide_screens_after_its_first_paragraph_on_phones(
    open_page: Any,
) -> None:
    wide = open_page("article.html").evaluate(BOXES)
    first = wide["paragraphs"][0]
    assert wide["infobox"]["left"] > first["lines"]  # to the right of the lead's text
    assert wide["infobox"]["right"] == pytest.approx(wide["lead"]["right"], abs=1)
    assert abs(wide["infobox"]["top"] - first["top"]) < 40
    phone = open_page("article.html", width=375).evaluate(BOXES)
    first, second = phone["paragraphs"]
    assert first["bottom"] <= phone["infobox"]["top"] < phone["infobox"]["bottom"] <= second["top"]
    assert phone["infobox"]["width"] == pytest.approx(phone["lead"]["width"], abs=1)
    assert phone["scrollWidth"] <= 375


FRAME = """node => { const style = getComputedStyle(node);
    const caption = node.querySelector("figcaption");
    return [style.borderTopStyle, style.paddingTop, style.float,
            caption && getComputedStyle(caption).fontSize,
            getComputedStyle(node.parentElement).fontSize]; }"""


def test_thumbnails_are_framed_and_float_except_on_phones(open_page: Any) -> None:
    tab = open_page("thumbs.html")
    border, padding, side, caption, text = tab.locator("figure.enc-thumb").first.evaluate(FRAME)
    assert (border, padding, side) == ("solid", "3px", "right")
    assert float(caption[:-2]) == pytest.approx(0.88 * float(text[:-2]), abs=0.05)
    assert tab.locator("figure.enc-thumb").nth(1).evaluate(FRAME)[2] == "left"
    phone = open_page("thumbs.html", width=375)
    assert phone.locator("figure.enc-thumb").first.evaluate(FRAME)[2] == "none"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_on_an_article_with_an_infobox(open_page: Any, scheme: str) -> None:
    axe = axe_or_skip()
    for path, width in (("article.html", 1280), ("article.html", 375), ("thumbs.html", 1280)):
        tab = open_page(path, width=width, scheme=scheme)
        violations = axe_violations(tab, axe)
        assert violations == [], f"{path} at {width}px, {scheme}:\n" + describe_violations(
            violations
        )


def test_the_page_preview_shows_the_picture(open_page: Any, site: str) -> None:
    tab = open_page("links.html", width=1024)
    tab.locator("section a.reference.internal", has_text="Deceptive things").first.hover()
    tab.wait_for_selector("#enc-preview:not([hidden]) img.enc-preview-picture")
    picture = tab.locator("#enc-preview img.enc-preview-picture")
    assert picture.get_attribute("src") == site + "_images/box.svg"
    assert picture.get_attribute("alt") == ""
    tab.wait_for_function(
        "document.querySelector('#enc-preview img.enc-preview-picture').naturalWidth > 0"
    )
    size = picture.evaluate("node => [node.clientWidth, node.clientHeight]")
    assert size[0] == size[1] and 40 <= size[0] <= 100  # small, and its box fixed
    tab.mouse.move(2, 2)
    tab.wait_for_selector("#enc-preview", state="hidden")
    tab.locator("section a.reference.internal", has_text="Thumbnails").first.hover()
    tab.wait_for_function(
        "document.querySelector('#enc-preview:not([hidden]) img.enc-preview-picture')"
        "?.src.endsWith('_images/diagram.svg')"
    )
    assert re.search(r"Thumbnails\s+Pictures in frames", tab.inner_text("#enc-preview"))
