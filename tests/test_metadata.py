"""The article's description reaches <meta name="description"> and OpenGraph."""

from __future__ import annotations

import pytest
from helpers import page

from sphinx_encyclopedia.metadata import first_sentence


def meta(tree, attribute: str, name: str) -> list[str]:
    return [tag["content"] for tag in tree.find_all("meta", attrs={attribute: name})]


@pytest.mark.sphinx("html", testroot="basic")
def test_short_description_is_the_meta_description(app):
    app.build()
    tree = page(app)
    assert meta(tree, "name", "description") == ["Study of things"]
    assert meta(tree, "property", "og:description") == ["Study of things"]
    assert meta(tree, "property", "og:title") == ["Things"]
    assert meta(tree, "property", "og:type") == ["article"]
    assert meta(page(app, "other"), "name", "description") == []


@pytest.mark.sphinx("html", testroot="warnings")
def test_without_one_the_leads_first_sentence_stands_in(app):
    app.build()
    assert meta(page(app), "name", "description") == ["A lead."]


def test_first_sentence():
    assert first_sentence("Hubinger et al. called it so. Then more.") == (
        "Hubinger et al. called it so."
    )
    assert first_sentence("One line\n  wrapped. Two.") == "One line wrapped."


@pytest.mark.sphinx(
    "html",
    testroot="basic",
    confoverrides={
        "extensions": ["sphinx_encyclopedia", "sphinxext.opengraph"],
        "ogp_site_url": "https://example.org/",
    },
)
def test_beside_sphinxext_opengraph_each_tag_is_written_once(app):
    app.build()
    tree = page(app)
    assert meta(tree, "property", "og:description") == ["Study of things"]
    assert len(meta(tree, "property", "og:title")) == 1
    assert len(meta(tree, "property", "og:type")) == 1
    assert len(meta(tree, "name", "description")) <= 1
