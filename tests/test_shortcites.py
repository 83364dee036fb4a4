"""Shortened footnotes (:sfn:), inline short citations (:harvnb:, :harvp:) and the
works-cited list they link to; their checks, builders, languages and previews."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser import build_site
from bs4 import BeautifulSoup
from helpers import backlinks, markers, page, reference_items, text_of, warnings_of

from sphinx_encyclopedia.shortcites import ShortForm, anchors, disambiguated

ROOT = "shortcites"


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # nolist.rst has the short citations with nothing to link to: see the warnings' test.
    return build_site(ROOT, tmp_path_factory.mktemp("shortcites"),
                      suppress_warnings="encyclopedia.sfn-no-target")  # fmt: skip


def tree_of(html: Path, docname: str = "index") -> BeautifulSoup:
    return BeautifulSoup((html / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def items(tree: BeautifulSoup) -> list[str]:
    return [text_of(li).removeprefix("Jump up to: ") for li in reference_items(tree)]


def test_sfn_items_read_as_wikipedia_and_mix_with_full_citations(html: Path) -> None:
    tree = tree_of(html)
    assert markers(tree.select_one("section > p")) == [
        "[1]", "[2]", "[3]", "[1]", "[4]", "[5]", "[6]", "[7]", "[8]", "[9]", "[10]", "[3]", "[1]",
    ]  # fmt: skip
    assert items(tree) == [
        "^ a b c Smith 2020b, p. 25.",
        "^ Smith 2020a.",
        "^ a b Fuller, Fay (2015). Cited in Full. Example Press.",
        "^ Smith 2020b, pp. 30–32.",
        "^ Jones & Lee 2019, ch. 3.",
        "^ Brown, Green & White 2018.",
        "^ Adams et al. 2021, § 4.",
        "^ World Health Organization 2017.",
        "^ van der Berg 2016.",
        "^ Nobody n.d.",
    ]
    first = reference_items(tree)[0]
    assert "enc-short-reference" in first["class"]
    sites = tree.select("section > p sup.enc-cite")
    assert backlinks(first) == [(label, "#" + sites[i]["id"]) for label, i in
                                (("a", 0), ("b", 3), ("c", 12))]  # fmt: skip
    link = first.select_one(".enc-short-text a.enc-short-link")
    assert (text_of(link), link["href"]) == ("Smith 2020b", "#CITEREFSmith2020b")
    # The locator belongs to the item, not after the marker as a full citation's would.
    assert not tree.select("sup.enc-sfn .enc-locator")


def test_harvnb_and_harvp_write_the_short_form_in_the_text(html: Path) -> None:
    tree = tree_of(html)
    harv = tree.select(".enc-harv")
    assert [text_of(span) for span in harv] == [
        "Smith 2020b, p. 7", "Jones & Lee (2019)", "Adams et al. (2021, p. 9)",
    ]  # fmt: skip
    assert [(text_of(a), a["href"]) for a in tree.select(".enc-harv > a")] == [
        ("Smith 2020b", "#CITEREFSmith2020b"),
        ("Jones & Lee (2019", "#CITEREFJonesLee2019"),
        ("Adams et al. (2021", "#CITEREFAdamsBakerClarkDavis2021"),
    ]
    assert [span["id"] for span in harv] == ["harv-index-1", "harv-index-2", "harv-index-3"]


def test_works_cited_lists_every_work_sorted_with_anchors_and_backlinks(html: Path) -> None:
    tree = tree_of(html)
    headings = [text_of(h).rstrip("¶") for h in tree.select("h2")]
    assert headings == ["References", "Sources"]  # Wikipedia's order
    works = tree.select("section.enc-works-cited ul.enc-works-cited > li")
    assert [li["id"] for li in works] == [
        "CITEREFAdamsBakerClarkDavis2021", "CITEREFBrownGreenWhite2018", "CITEREFExtra2014",
        "CITEREFJonesLee2019", "CITEREFNobodynd", "CITEREFSmith2020a", "CITEREFSmith2020b",
        "CITEREFvanderBerg2016", "CITEREFWorldHealthOrganization2017",
    ]  # fmt: skip
    by_id = {li["id"]: li for li in works}
    book = by_id["CITEREFSmith2020b"]
    assert text_of(book.select_one(".enc-reference-text")) == (
        "Smith, Jane (2020). The Book of Alignment. Example Press."
    )
    # Back to the three short footnotes of the book (one per item) and the harvnb.
    ids = [li["id"] for li in reference_items(tree)]
    assert backlinks(book) == [("a", f"#{ids[0]}"), ("b", f"#{ids[3]}"), ("c", "#harv-index-1")]
    # Listed in the directive, cited by nothing: no back-link at all.
    assert by_id["CITEREFExtra2014"].select(".enc-backlinks") == []
    # Every link to a full citation has its target on the page.
    targets = {a["href"][1:] for a in tree.select("a.enc-short-link")}
    assert targets <= set(by_id)


def test_sources_index_counts_inline_short_citations(html: Path) -> None:
    """A work an article cites only inline is linked at its entry in the article's works-cited
    list; a work only listed there is not a cited one."""
    index = tree_of(html, "sources")
    works = {
        li["id"].removeprefix("source-"): (
            [(text_of(a), a["href"]) for a in li.select(".enc-cited-in a")],
            text_of(li.select_one(".enc-citation-count")),
        )
        for li in index.select("ul.enc-sources > li")
    }
    # MyST's page cites these two only with {harvnb} and {harvp}; nolist.rst's :harvnb: has
    # no list to link to, and is not counted.
    assert works["jones2019"] == (
        [("Short citations [5]", "index.html#cite-note-index-5"),
         ("In MyST", "myst.html#CITEREFJonesLee2019")],
        "(3 citations)",
    )  # fmt: skip
    assert works["brown2018"][0][1] == ("In MyST", "myst.html#CITEREFBrownGreenWhite2018")
    assert works["many2021"][1] == "(2 citations)"  # an :sfn: and a :harvp:
    assert "extra2014" not in works
    for links, _count in works.values():
        for _label, href in links:
            name, anchor = href.split("#")
            assert tree_of(html, name.removesuffix(".html")).find(id=anchor), href


def test_titles_and_myst(html: Path) -> None:
    unused = tree_of(html, "unused")
    assert [text_of(h).rstrip("¶") for h in unused.select("h2")] == ["References", "Bibliography"]
    myst = tree_of(html, "myst")
    assert items(myst) == ["^ Smith 2020, p. 3."]
    assert [text_of(span) for span in myst.select(".enc-harv")] == [
        "Jones & Lee 2019, p. 2", "Brown, Green & White (2018)",
    ]  # fmt: skip
    assert [text_of(h).rstrip("¶") for h in myst.select("h2")] == ["References", "Works cited"]
    assert [li["id"] for li in myst.select("ul.enc-works-cited > li")] == [
        "CITEREFBrownGreenWhite2018", "CITEREFJonesLee2019", "CITEREFSmith2020",
    ]  # fmt: skip


def test_one_short_form_and_year_is_told_apart_by_letters() -> None:
    forms = {
        key: ShortForm("Smith", "2020", "Smith", title)
        for key, title in (("z", "A first"), ("y", "B second"), ("x", "C third"))
    }
    forms["other"] = ShortForm("Smith", "2021", "Smith", "Other")
    result = disambiguated(forms)
    assert {key: form.year for key, form in result.items()} == {
        "z": "2020a", "y": "2020b", "x": "2020c", "other": "2021",
    }  # fmt: skip
    ids = anchors(result)
    assert len(set(ids.values())) == len(ids)
    # Names that differ only in what an id drops still get ids of their own.
    apart = anchors({"a": ShortForm("O'Brien", "2020", "O'Brien", ""),
                     "b": ShortForm("OBrien", "2020", "OBrien", "")})  # fmt: skip
    assert apart == {"a": "CITEREFOBrien2020", "b": "CITEREFOBrien2020-2"}


@pytest.mark.sphinx("html", testroot=ROOT, freshenv=True,
                    confoverrides={"encyclopedia_warn_sfn_unused": True})  # fmt: skip
def test_harv_checks_warn_at_file_and_line(app: Any) -> None:
    app.build()
    assert warnings_of(app) == [
        "SRC/index.rst:25: WARNING: works-cited lists 'extra2014', which no short citation "
        "names [encyclopedia.sfn-unused]",
        "SRC/nolist.rst:4: WARNING: short citation of 'smith2020book' with no works-cited list "
        "in the article to link to; add '.. works-cited::' [encyclopedia.sfn-no-target]",
        "SRC/nolist.rst:4: WARNING: short citation of 'jones2019' with no works-cited list in "
        "the article to link to; add '.. works-cited::' [encyclopedia.sfn-no-target]",
        "SRC/unused.rst:12: WARNING: works-cited lists 'extra2014', which no short citation "
        "names [encyclopedia.sfn-unused]",
    ]
    tree = page(app, "nolist")
    assert items(tree) == ["^ Smith 2020, p. 1."]
    assert tree.select("a.enc-short-link") == []  # nothing to link to
    assert "enc-cite-error" in tree.select_one(".enc-harv")["class"]


QUIET = {"suppress_warnings": ["encyclopedia.sfn-no-target"]}


@pytest.mark.sphinx("text", testroot=ROOT, confoverrides=QUIET)
def test_text_builder(app: Any) -> None:
    app.build()
    assert warnings_of(app) == []
    text = " ".join((Path(app.outdir) / "index.txt").read_text(encoding="utf-8").split())
    assert "1. ^ a b c Smith 2020b, p. 25." in text
    assert (
        "As Smith 2020b, p. 7 puts it, and as Jones & Lee (2019) and Adams et al. (2021, "
        "p. 9) show." in text
    )
    assert (
        "Sources ======= * ^ a b Adams, Al; Baker, Bea; Clark, Cy; Davis, Di (2021-03-04)." in text
    )
    assert "* Extra, Ed (2014). *Listed Only*. Example Press." in text


@pytest.mark.sphinx("latex", testroot=ROOT, confoverrides=QUIET)
def test_latex_builder_links_to_each_articles_works(app: Any) -> None:
    app.build()
    assert warnings_of(app) == []
    (tex,) = Path(app.outdir).glob("*.tex")
    latex = tex.read_text(encoding="utf-8")
    # The anchor of each article's work, and the links to it, carry the article's name.
    assert r"\label{\detokenize{index-CITEREFSmith2020b}}" in latex
    assert r"{\hyperref[\detokenize{index-CITEREFSmith2020b}]{Smith 2020b}}, p. 25." in latex
    assert r"\label{\detokenize{unused-CITEREFSmith2020}}" in latex
    assert (
        r"\label{\detokenize{harv-index-1}}{\hyperref[\detokenize{index-CITEREFSmith2020b}]"
        in latex
    )


@pytest.mark.sphinx("singlehtml", testroot=ROOT, confoverrides=QUIET)
def test_singlehtml_keeps_every_articles_anchors_apart(app: Any) -> None:
    app.build()
    assert warnings_of(app) == []
    single = page(app)
    ids = [tag["id"] for tag in single.select("[id]")]
    assert len(ids) == len(set(ids))
    links = single.select("a.enc-short-link")
    assert len(links) == 16  # index 9 + 3, unused 1, myst 1 + 2
    for link in links:
        assert single.find(id=link["href"][1:]) is not None, link
    cited_in = single.select(".enc-cited-in a")
    assert "#myst-CITEREFJonesLee2019" in [a["href"] for a in cited_in]
    for link in cited_in:
        assert single.find(id=link["href"][1:]) is not None, link


@pytest.mark.sphinx("html", testroot=ROOT, srcdir="shortcites-bib-edited", confoverrides=QUIET)
def test_an_authors_change_in_the_bib_reaches_the_short_forms(app: Any, make_app: Any) -> None:
    app.build()
    assert items(page(app))[:2] == ["^ a b c Smith 2020b, p. 25.", "^ Smith 2020a."]
    bib = Path(app.srcdir) / "refs.bib"
    book = "author = {Smith, Jane},\n  title = {The Book"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text.replace(book, book.replace("Smith", "Smyth")), encoding="utf-8")
    again = make_app("html", srcdir=app.srcdir, confoverrides=QUIET)
    again.build()
    tree = page(again)
    # The paper is the only Smith 2020 now: it loses its letter.
    assert items(tree)[:2] == ["^ a b c Smyth 2020, p. 25.", "^ Smith 2020."]
    assert tree.select_one(".enc-harv > a")["href"] == "#CITEREFSmyth2020"


@pytest.mark.sphinx("html", testroot=ROOT, parallel=2, confoverrides=QUIET)
def test_a_parallel_build_gives_the_serial_builds_pages(app: Any, html: Path) -> None:
    app.build()
    assert warnings_of(app) == []
    for docname in ("index", "unused", "myst"):
        serial, parallel = tree_of(html, docname), page(app, docname)
        assert items(parallel) == items(serial)
        assert [text_of(li) for li in parallel.select("ul.enc-works-cited > li")] == [
            text_of(li) for li in serial.select("ul.enc-works-cited > li")
        ]
    works = app.env.get_domain("encyclopedia").articles["index"]["works_cited"]
    assert works[0] == "many2021" and len(works) == 9


@pytest.mark.sphinx("html", testroot=ROOT, confoverrides={"language": "de", **QUIET})
def test_labels_in_the_sites_language(app: Any) -> None:
    app.build()
    tree = page(app)
    assert [text_of(h).rstrip("¶") for h in tree.select("h2")] == ["Einzelnachweise", "Quellen"]
    assert items(tree)[6:] == [
        "^ Adams et al. 2021, § 4.", "^ World Health Organization 2017.", "^ van der Berg 2016.",
        "^ Nobody o. J.",
    ]  # fmt: skip
    assert page(app, "nolist").select_one(".enc-harv")["title"] == (
        "Harv-Fehler: Dieses Werk steht in keinem Quellenverzeichnis der Seite"
    )
