"""Small cases of issue #25: a title with an ampersand in the meta tags, brackets in a note's
citation locator, and a hatnote whose target is deleted or added between builds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import page, text_of, warnings_of
from test_metadata import meta

from sphinx_encyclopedia.notes import inner_citations


def raw_page(app, docname: str = "index") -> str:
    return (Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8")


@pytest.mark.sphinx("html", testroot="edge-title")
def test_a_title_with_an_ampersand_is_escaped_once(app):
    app.build()
    source = raw_page(app)
    assert '<meta property="og:title" content="Tom &amp; Jerry" />' in source
    assert '<meta property="og:description" content="Tom &amp; Jerry is a cartoon." />' in source
    assert '<meta name="description" content="Tom &amp; Jerry is a cartoon." />' in source
    assert "&amp;amp;" not in source


# sphinxext-opengraph writes og:title itself, from the page's title, and og:description from
# the page's metadata, where the extension puts the article's description while reading.
@pytest.mark.sphinx(
    "html",
    testroot="edge-title",
    srcdir="edge-title-opengraph",
    confoverrides={
        "extensions": ["sphinx_encyclopedia", "sphinxext.opengraph"],
        "ogp_site_url": "https://example.org/",
    },
)
def test_beside_sphinxext_opengraph_the_description_is_html_as_it_expects(app):
    app.build()
    source = raw_page(app)
    tree = page(app)
    assert meta(tree, "property", "og:title") == ["Tom & Jerry"]
    assert meta(tree, "property", "og:description") == ["Tom & Jerry is a cartoon."]
    assert meta(tree, "name", "description") == ["Tom & Jerry is a cartoon."]
    assert 'property="og:description" content="Tom &amp; Jerry is a cartoon."' in source
    assert "&amp;amp;" not in source


def test_a_notes_citation_ends_at_the_bracket_balancing_its_own():
    assert inner_citations("a [@k{p. [3]}] b [@j] c") == ([(2, 14), (17, 21)], None)
    assert inner_citations("a [@k] b [@j{p. [3} c]") == ([(2, 6)], 9)
    assert inner_citations("no citation [3]") == ([], None)


@pytest.mark.sphinx("html", testroot="edge-notes", freshenv=True)
def test_a_locator_in_a_note_may_hold_brackets(app):
    app.build()
    assert warnings_of(app) == [
        "SRC/index.rst:6: WARNING: malformed citation in :note:`See [@alpha{para [3}] end.`: "
        "no bracket closes '[@alpha{para [3}] end.'; brackets in a locator must balance "
        "[encyclopedia.malformed-citation]",
    ]
    tree = page(app)
    assert [text_of(item) for item in tree.select("ol.enc-notes > li")] == [
        "^ See[1]: para [3] end.",
        "^ See [@alpha{para [3}] end.",
        "^ Both[1]: fig. [2] [b] and[1].",
    ]
    assert [text_of(item) for item in tree.select("ol.enc-references > li")] == [
        "Jump up to: ^ a b c Alpha, Ann (1950). Cartoons. Press."
    ]


def located_warnings(app) -> list[str]:
    # A second application in one process also warns that Sphinx's nodes are registered again.
    return [line for line in warnings_of(app) if line.startswith("SRC/")]


def build_again(app) -> set[str]:
    """Build again in the same application; the documents read (a parallel read does not
    name them in the status)."""
    read: set[str] = set()
    listener = app.connect("env-before-read-docs", lambda app, env, docnames: read.update(docnames))
    app.warning.seek(0)
    app.warning.truncate()
    try:
        app.build()
    finally:
        app.disconnect(listener)
    return read


def hatnotes(app) -> list[str]:
    return [str(note) for note in page(app).select("p.enc-hatnote")]


# Read in parallel, so that the hatnotes' targets reach the main process as domain data.
@pytest.mark.sphinx("html", testroot="edge-hatnotes", srcdir="edge-hatnotes-deleted", parallel=2)
def test_a_hatnote_follows_its_target_being_deleted_and_added_again(app, make_app, tmp_path):
    app.build()
    assert warnings_of(app) == []
    linked = hatnotes(app)
    assert 'href="target.html"' in linked[0]

    target = Path(app.srcdir) / "target.rst"
    kept = target.read_text("utf-8")
    target.unlink()
    assert build_again(app) == {"index"}
    deleted = warnings_of(app), hatnotes(app), raw_page(app)
    assert deleted[0] == [
        "SRC/index.rst:7: WARNING: hatnote target 'target' is not a document of this project "
        "[encyclopedia.hatnote-target]"
    ]
    clean_srcdir = tmp_path / "clean"
    shutil.copytree(app.srcdir, clean_srcdir, ignore=shutil.ignore_patterns("_build"))

    target.write_text(kept, "utf-8")
    assert build_again(app) == {"index", "target"}
    assert warnings_of(app) == []
    assert hatnotes(app) == linked

    # Last: a new application takes over Sphinx's logging from the one above.
    clean = make_app("html", srcdir=clean_srcdir, freshenv=True)
    clean.build()
    assert (located_warnings(clean), hatnotes(clean), raw_page(clean)) == deleted
