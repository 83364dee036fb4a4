"""Numbering, reuse, back-links and the references list in HTML."""

from __future__ import annotations

import pytest
from helpers import backlinks, markers, page, reference_items, reference_text, text_of

from sphinx_encyclopedia.references import backlink_label


@pytest.mark.sphinx("html", testroot="basic")
def test_numbers_follow_first_citation_and_reuse(app):
    app.build()
    assert app.warning.getvalue() == ""
    tree = page(app)
    assert markers(tree) == ["[1]", "[2]", "[1]", "[3]", "[2]", "[4]", "[1]"]
    items = reference_items(tree)
    assert [reference_text(item) for item in items] == [
        "Smith, Jane (2020). “A Study of Things”. arXiv:2001.00001 [cs.LG].",
        "Doe, John (2021). “Results on Other Things”. Journal of Results. 12: 1–10. "
        "doi:10.1000/xyz123.",
        "“Things Happen”. The Daily Paper. 2022-05-04.",
        "Example Organisation (2023). “Report on Everything”. arXiv:2301.00002 [cs.AI].",
    ]


@pytest.mark.sphinx("html", testroot="basic")
def test_each_site_and_item_link_both_ways(app):
    app.build()
    tree = page(app)
    sites = tree.select("sup.enc-cite")
    items = reference_items(tree)
    assert len({site["id"] for site in sites}) == len(sites)
    for item in items:
        assert item["id"].startswith("cite-note-index-")
        pointing_here = [s["id"] for s in sites if s.a["href"] == f"#{item['id']}"]
        labels = [label for label, _ in backlinks(item)]
        assert [href[1:] for _, href in backlinks(item)] == pointing_here
        if len(pointing_here) == 1:
            assert labels == ["^"]
        else:
            assert labels == [backlink_label(i) for i in range(len(pointing_here))]
            hidden = item.select_one(".enc-backlinks .enc-visually-hidden")
            assert text_of(hidden) == "Jump up to:"
    assert [len(backlinks(item)) for item in items] == [3, 2, 1, 1]


@pytest.mark.sphinx("html", testroot="basic")
def test_markers_sit_after_punctuation_and_adjacent_keys(app):
    app.build()
    paragraphs = [text_of(p) for p in page(app).select("section p")]
    assert "Things were found.[2] Then more were found.[1][3]" in " ".join(paragraphs)
    assert any(p.endswith("Before the end,[1].") for p in paragraphs)


@pytest.mark.sphinx("html", testroot="basic")
def test_appendices_end_the_article_in_wikipedia_order(app):
    app.build()
    tree = page(app)
    headings = [text_of(h).rstrip("¶") for h in tree.select("h2")]
    assert headings == ["History", "Today", "See also", "References"]
    see_also = tree.select_one("section.enc-see-also")
    assert [text_of(a) for a in see_also.select("ul.enc-see-also-list a")] == [
        "Other things",
        "Example",
    ]
    top = tree.select_one("h1").find_parent("section")
    assert see_also.parent is top


@pytest.mark.sphinx("html", testroot="basic")
def test_lead_with_short_description(app):
    app.build()
    lead = page(app).select_one("div.enc-lead")
    assert text_of(lead.select_one("p.enc-short-description")) == "Study of things"
    assert text_of(lead.select("p")[1]).startswith("Things are studied.[1]")
    domain = app.env.get_domain("encyclopedia")
    assert domain.short_description("index") == "Study of things"
    assert [key for key, *_ in domain.articles["index"]["citations"]] == [
        "smith2020",
        "doe2021",
        "smith2020",
        "news2022",
        "doe2021",
        "org2023",
        "smith2020",
    ]


@pytest.mark.sphinx("html", testroot="basic")
def test_identifiers_are_links(app):
    app.build()
    hrefs = [a["href"] for a in page(app).select(".enc-reference-text a")]
    assert "https://arxiv.org/abs/2001.00001" in hrefs
    assert "https://arxiv.org/archive/cs.LG" in hrefs
    assert "https://doi.org/10.1000/xyz123" in hrefs


@pytest.mark.sphinx("html", testroot="many-sites")
def test_backlink_letters_continue_past_z(app):
    app.build()
    assert app.warning.getvalue() == ""
    (item,) = reference_items(page(app))
    labels = [label for label, _ in backlinks(item)]
    assert len(labels) == 28
    assert labels[:3] == ["a", "b", "c"]
    assert labels[-3:] == ["z", "aa", "ab"]


def test_backlink_label_sequence():
    assert [backlink_label(i) for i in (0, 25, 26, 27, 51, 52, 701, 702)] == [
        "a",
        "z",
        "aa",
        "ab",
        "az",
        "ba",
        "zz",
        "aaa",
    ]


@pytest.mark.sphinx("html", testroot="own-heading")
def test_a_list_under_the_authors_heading_keeps_heading_and_place(app):
    app.build()
    assert app.warning.getvalue() == ""
    tree = page(app)
    headings = [text_of(h).rstrip("¶") for h in tree.select("h2")]
    # See also goes before the author's references section, as Wikipedia orders them.
    assert headings == ["See also", "Notes and sources", "Afterword"]
    own = tree.select_one("section.enc-references")
    assert text_of(own.h2).rstrip("¶") == "Notes and sources"
    assert len(reference_items(own)) == 1


def _search_words(app) -> set[str]:
    import json
    from pathlib import Path

    script = (Path(app.outdir) / "searchindex.js").read_text("utf-8")
    index = json.loads(script[script.index("(") + 1 : script.rindex(")")])
    return set(index["terms"])


@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-search-default")
def test_references_lists_stay_out_of_the_search_index(app):
    app.build()
    assert app.warning.getvalue() == ""
    ol = page(app).select_one("ol.enc-references")
    assert "no-search" in ol["class"]
    words = _search_words(app)
    # "daily" occurs only in a reference ("The Daily Paper"); the article's prose is indexed.
    assert "daili" not in words and "daily" not in words
    assert "found" in words


@pytest.mark.sphinx(
    "html",
    testroot="basic",
    srcdir="basic-search-on",
    confoverrides={"encyclopedia_search_references": True},
)
def test_references_lists_can_be_searched(app):
    app.build()
    assert app.warning.getvalue() == ""
    assert "no-search" not in page(app).select_one("ol.enc-references")["class"]
    assert {"daili", "daily"} & _search_words(app)
