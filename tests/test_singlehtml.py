"""Several articles on one output page keep their own numbers and unique ids."""

from __future__ import annotations

import pytest
from helpers import backlinks, markers, page, reference_items


@pytest.mark.sphinx("singlehtml", testroot="singlehtml")
def test_two_articles_in_one_page(app):
    app.build()
    assert app.warning.getvalue() == ""
    tree = page(app)
    # Sphinx itself repeats heading ids across documents ("references" twice); the
    # extension's own ids must not repeat.
    ids = [tag["id"] for tag in tree.find_all(id=True) if tag["id"].startswith("cite-")]
    assert len(ids) == 10  # per article: three sites and two items
    assert len(ids) == len(set(ids))
    first, second = (tree.find(id=name) for name in ("first-article", "second-article"))
    assert markers(first) == ["[1]", "[2]", "[1]"]
    assert markers(second) == ["[1]", "[2]", "[1]"]
    for article in (first, second):
        sites = {site["id"] for site in article.select("sup.enc-cite")}
        items = reference_items(article)
        assert len(items) == 2
        for item in items:
            assert {href[1:] for _, href in backlinks(item)} <= sites
        for site in article.select("sup.enc-cite > a"):
            assert article.find(id=site["href"][1:]) in items


@pytest.mark.sphinx("singlehtml", testroot="singlehtml")
def test_every_id_on_the_combined_page_is_unique(app):
    app.build()
    assert app.warning.getvalue() == ""
    tree = page(app)
    ids = [tag["id"] for tag in tree.find_all(id=True)]
    assert len(ids) == len(set(ids))
    # Each article's own "See also", "Notes" and "References", under its document's id.
    for docname in ("first", "second"):
        article = tree.find(id=f"{docname}-article")
        sections = [section["id"] for section in article.find_all("section")]
        assert sections == [f"{docname}-see-also", f"{docname}-notes", f"{docname}-references"]
        for section_id in sections:
            headerlink = article.find(id=section_id).select_one("a.headerlink")
            assert headerlink["href"] == f"#{section_id}"


@pytest.mark.sphinx("html", testroot="singlehtml")
def test_a_page_of_its_own_keeps_the_plain_section_ids(app):
    app.build()
    sections = [section["id"] for section in page(app, "first").select("section section")]
    assert sections == ["see-also", "notes", "references"]
