"""The site-wide sources index, its filters, anchors, exports and rebuilds."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from bs4 import Tag
from helpers import page, reference_items, text_of, warnings_of

ALL_BY_AUTHOR = ["doe2021", "org2023", "smith2020", "news2022"]


def index_keys(listing: Tag) -> list[str]:
    return [li["id"].rsplit("-", 1)[-1] for li in listing.select(":scope > li")]


def cited_in(item: Tag) -> list[tuple[str, str]]:
    return [(text_of(a), a["href"]) for a in item.select(".enc-cited-in a")]


@pytest.mark.sphinx("html", testroot="sources")
def test_index_lists_every_cited_work_with_its_articles(app):
    app.build()
    assert app.warning.getvalue() == ""
    (listing,) = page(app, "sources").select("ul.enc-sources")
    assert index_keys(listing) == ALL_BY_AUTHOR
    doe = listing.select_one("#source-doe2021")
    assert cited_in(doe) == [
        ("Alpha [2]", "articles/alpha.html#cite-note-articles-alpha-2"),
        ("Beta [1]", "articles/beta.html#cite-note-articles-beta-1"),
        ("Gamma [2]", "other/gamma.html#cite-note-other-gamma-2"),
    ]
    assert text_of(doe.select_one(".enc-citation-count")) == "(3 citations)"
    assert text_of(listing.select_one("#source-news2022 .enc-citation-count")) == "(1 citation)"
    assert text_of(doe).startswith("Doe, John (2021). “Results on Other Things”.")


@pytest.mark.sphinx("html", testroot="sources")
def test_cited_in_links_reach_the_reference_items(app):
    app.build()
    for item in page(app, "sources").select("ul.enc-sources > li"):
        for _, href in cited_in(item):
            path, anchor = href.split("#")
            target = page(app, path.removesuffix(".html")).find(id=anchor)
            assert target is not None and target.name == "li"


@pytest.mark.sphinx("html", testroot="sources")
def test_sort_orders_and_filters(app):
    app.build()
    listings = page(app, "views").select("ul.enc-sources")
    assert [index_keys(listing) for listing in listings] == [
        ["doe2021", "smith2020", "org2023", "news2022"],
        ["doe2021", "news2022"],
        ["doe2021", "news2022"],
        ["doe2021"],
        ["doe2021", "smith2020", "news2022"],
    ]
    under = listings[-1].select_one("li[id$=doe2021]")
    assert [label for label, _ in cited_in(under)] == ["Alpha [2]", "Beta [1]"]
    ids = [tag["id"] for tag in page(app, "views").find_all(id=True)]
    assert len(ids) == len(set(ids))


@pytest.mark.sphinx("html", testroot="sources")
def test_reference_items_link_to_other_articles_citing_them(app):
    app.build()
    items = reference_items(page(app, "articles/alpha"))
    links = [item.select_one("a.enc-sources-link") for item in items]
    assert links[0] is None  # smith2020 is cited by Alpha alone
    assert links[1]["href"] == "../sources.html#source-doe2021"


@pytest.mark.sphinx("html", testroot="sources")
def test_exports_are_files_of_the_site(app):
    app.build()
    out = Path(app.outdir)
    downloads = [a["href"] for a in page(app, "sources").select(".enc-sources-downloads a")]
    assert downloads == ["sources.bib", "sources.json"]
    bib = (out / "sources.bib").read_text(encoding="utf-8")
    assert bib.count("@") == 4 and "doe2021" in bib
    items = {item["id"]: item for item in json.loads((out / "sources.json").read_text("utf-8"))}
    assert items["doe2021"] == {
        "id": "doe2021",
        "type": "article-journal",
        "author": [{"family": "Doe", "given": "John"}],
        "title": "Results on Other Things",
        "volume": "12",
        "DOI": "10.1000/xyz123",
        "container-title": "Journal of Results",
        "page": "1-10",
        "issued": {"date-parts": [[2021]]},
    }
    assert items["org2023"]["author"] == [{"literal": "Example Organisation"}]
    assert items["news2022"]["type"] == "article-newspaper"
    assert items["smith2020"]["number"] == "2001.00001"


@pytest.mark.sphinx("html", testroot="sources", srcdir="sources-edited")
def test_index_follows_edits_additions_and_removals(app, make_app):
    app.build()
    src = Path(app.srcdir)
    (src / "other" / "gamma.rst").write_text(
        "Gamma\n=====\n\nEins. :citation:`org2023`\n\n.. references::\n", encoding="utf-8"
    )
    (src / "articles" / "beta.rst").unlink()
    (src / "articles" / "delta.rst").write_text(
        ":orphan:\n\nDelta\n=====\n\nA. :citation:`news2022`\n\n.. references::\n",
        encoding="utf-8",
    )
    index = src / "index.rst"
    index.write_text(index.read_text("utf-8").replace("   articles/beta\n", ""), "utf-8")
    again = make_app("html", srcdir=app.srcdir)
    again.build()
    (listing,) = page(again, "sources").select("ul.enc-sources")
    assert [label for label, _ in cited_in(listing.select_one("#source-doe2021"))] == ["Alpha [2]"]
    assert [label for label, _ in cited_in(listing.select_one("#source-news2022"))] == ["Delta [1]"]


@pytest.mark.sphinx("html", testroot="sources", parallel=2)
def test_parallel_build_gives_the_same_index(app, make_app, tmp_path):
    app.build()
    serial = make_app("html", srcdir=app.srcdir, builddir=tmp_path / "serial")
    serial.build()
    parallel_html = (Path(app.outdir) / "sources.html").read_text("utf-8")
    serial_html = (Path(serial.outdir) / "sources.html").read_text("utf-8")
    assert parallel_html == serial_html


def test_the_bibtex_export_keeps_each_value_as_the_bib_file_wrote_it():
    from pybtex.database import parse_string

    from sphinx_encyclopedia.export import bibtex_text

    source = r"""@Book{x, author = {M{\"u}ller, J{\'e}r{\^o}me and von Neumann, Jr, John and
      {World Health Organization}}, title = {100\% {\TeX} \& Caf\'e -- {\"u}ber $\alpha$},
      Year = 2020, month = jan, note = "quoted {\em value}"}
    @misc{y, title = {Plain}}"""
    entries = list(parse_string(source, "bibtex").entries.values())
    exported = bibtex_text(entries)
    # pybtex's writer doubles the backslash of \% and \&: a line break in LaTeX.
    assert r"title = {100\% {\TeX} \& Caf\'e -- {\"u}ber $\alpha$}," in exported
    again = parse_string(exported, "bibtex").entries
    for entry in entries:
        copy = again[entry.key]
        assert copy.type == entry.type and copy.original_type == entry.original_type
        assert dict(copy.fields) == dict(entry.fields)
        assert {role: [str(p) for p in people] for role, people in copy.persons.items()} == {
            role: [str(p) for p in people] for role, people in entry.persons.items()
        }


# The root's conf.py makes articles/ and other/ the articles: guide/usage cites smith2020,
# doe2021 and guide2024 to show how, and is no article.
@pytest.mark.sphinx("html", testroot="sources")
def test_pages_that_are_not_articles_are_left_out_of_the_index(app):
    app.build()
    assert app.warning.getvalue() == ""
    (listing,) = page(app, "sources").select("ul.enc-sources")
    assert index_keys(listing) == ALL_BY_AUTHOR  # guide2024: cited by the guide alone
    smith = listing.select_one("#source-smith2020")
    assert [label for label, _ in cited_in(smith)] == ["Alpha [1]"]
    assert text_of(smith.select_one(".enc-citation-count")) == "(2 citations)"
    doe = listing.select_one("#source-doe2021")
    assert [label for label, _ in cited_in(doe)] == ["Alpha [2]", "Beta [1]", "Gamma [2]"]
    assert text_of(doe.select_one(".enc-citation-count")) == "(3 citations)"
    # The guide keeps its own references list, linking to the index where articles cite
    # a work; no article is said to share smith2020 with the guide.
    usage = page(app, "guide/usage")
    assert len(reference_items(usage)) == 3
    assert usage.select_one("#cite-note-guide-usage-2 a.enc-sources-link") is not None
    assert reference_items(page(app, "articles/alpha"))[0].select_one("a.enc-sources-link") is None
    out = Path(app.outdir)
    assert "guide2024" not in (out / "sources.bib").read_text(encoding="utf-8")
    exported = json.loads((out / "sources.json").read_text("utf-8"))
    assert sorted(item["id"] for item in exported) == sorted(ALL_BY_AUTHOR)


@pytest.mark.sphinx(
    "html", testroot="sources", confoverrides={"encyclopedia_article_patterns": ["**"]}
)
def test_every_page_is_an_article_by_default(app):
    app.build()
    (listing,) = page(app, "sources").select("ul.enc-sources")
    assert index_keys(listing) == ["doe2021", "org2023", "smith2020", "news2022", "guide2024"]
    smith = listing.select_one("#source-smith2020")
    assert [label for label, _ in cited_in(smith)] == ["Alpha [1]", "Usage [1]"]
    assert text_of(smith.select_one(".enc-citation-count")) == "(3 citations)"
    assert reference_items(page(app, "articles/alpha"))[0].select_one("a.enc-sources-link")
    assert (Path(app.outdir) / "sources.bib").read_text(encoding="utf-8").count("@") == 5


@pytest.mark.sphinx("html", testroot="sources", srcdir="sources-exports-kept")
def test_a_rebuild_that_changes_no_cited_work_leaves_the_exports_untouched(app):
    app.build()
    out = Path(app.outdir)
    exports = [out / "sources.bib", out / "sources.json"]
    for path in exports:
        os.utime(path, (1_000_000_000, 1_000_000_000))
    alpha = Path(app.srcdir) / "articles" / "alpha.rst"
    alpha.write_text(alpha.read_text("utf-8") + "\nMore text.\n", encoding="utf-8")
    app.build()
    assert app.warning.getvalue() == ""
    assert [path.stat().st_mtime for path in exports] == [1_000_000_000] * 2
    # A page citing one work fewer changes what is exported.
    text = alpha.read_text("utf-8")
    cited = sorted(set(re.findall(r":citation:`([^`{,]+)", text)))
    alpha.write_text(re.sub(r"\s*:citation:`[^`]*`", "", text), encoding="utf-8")
    app.build()
    assert [path.stat().st_mtime for path in exports] != [1_000_000_000] * 2
    assert cited  # the page cited something to leave out


@pytest.mark.sphinx("html", testroot="sources", srcdir="sources-guide-edited")
def test_editing_a_page_that_is_no_article_rewrites_no_article(app):
    app.build()
    usage = Path(app.srcdir) / "guide" / "usage.rst"
    text = usage.read_text("utf-8")
    usage.write_text(text.replace("article:", "article, :citation:`news2022`:"), "utf-8")
    app.status.seek(0)
    app.status.truncate()
    app.build()
    status = re.sub(r"\x1b\[[0-9;]*m", "", app.status.getvalue())
    assert re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", status) == ["guide/usage"]
    written = set(re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", status))
    assert "articles/beta" not in written  # news2022 is still cited by one article only
    assert {"guide/usage", "sources"} <= written
    news = page(app, "sources").select_one("#source-news2022")
    assert [label for label, _ in cited_in(news)] == ["Beta [2]"]
    assert (
        page(app, "articles/beta").select_one("#cite-note-articles-beta-2 a.enc-sources-link")
        is None
    )


@pytest.mark.sphinx(
    "html", testroot="sources", confoverrides={"encyclopedia_article_patterns": ["a", 1]}
)
def test_article_patterns_must_be_a_list_of_patterns(app):
    assert warnings_of(app) == [
        "WARNING: encyclopedia_article_patterns must be a list of glob patterns, not "
        "['a', 1]; using ['**'] [encyclopedia.config]"
    ]


@pytest.mark.sphinx(
    "html", testroot="sources", confoverrides={"encyclopedia_article_patterns": "articles/*"}
)
def test_article_patterns_from_the_command_line(app):
    # As ``-D encyclopedia_article_patterns=articles/*,other/*`` gives them.
    assert app.config.encyclopedia_article_patterns == ["articles/*"]
