"""Citations inside every construct of reStructuredText that shows text are numbered where a
reader meets them, and every back-link points at a marker the page has. (sphinx-design's tabs
and cards are in test_compat_site.py, beside the other extensions.)"""

from __future__ import annotations

import pytest
from helpers import backlinks, markers, page, reference_items, reference_text, warnings_of

# Page: the markers in reading order, then each list item's title and number of back-links.
EXPECTED = {
    # Each use of a substitution is one citation site; the unshown definitions are none.
    "substitution": (["[1]", "[2]", "[2]", "[2]"], [("Alpha", 1), ("Beta", 3)]),
    # Only what this builder shows is numbered.
    "only": (["[1]", "[2]", "[3]"], [("Alpha", 1), ("Beta", 1), ("Gamma", 1)]),
    "include": (["[1]", "[2]", "[1]", "[3]"], [("Alpha", 2), ("Beta", 1), ("Gamma", 1)]),
    "table": (
        ["[1]", "[2]", "[3]", "[1]", "[4]"],
        [("Beta", 2), ("Alpha", 1), ("Gamma", 1), ("Delta", 1)],
    ),
    "admonition": (["[1]", "[2]", "[3]", "[1]"], [("Beta", 2), ("Alpha", 1), ("Gamma", 1)]),
    # A footnote is shown where it is written.
    "footnote": (["[1]", "[2]", "[3]"], [("Alpha", 1), ("Beta", 1), ("Gamma", 1)]),
    # Citations in notes are numbered where the notes list shows them.
    "note": (
        ["[1]", "[2]", "[3]", "[1]", "[4]"],
        [("Alpha", 2), ("Gamma", 1), ("Beta", 1), ("Delta", 1)],
    ),
    "container": (["[1]", "[2]", "[1]"], [("Beta", 2), ("Alpha", 1)]),
    # MyST: its substitutions, tables and admonitions.
    "markdown": (
        ["[1]", "[2]", "[2]", "[3]", "[2]", "[4]", "[3]"],
        [("Alpha", 1), ("Beta", 3), ("Gamma", 2), ("Delta", 1)],
    ),
}


@pytest.fixture
def built(app):
    # Every test asks for the same root: after the first, a build finds nothing to do.
    app.build()
    return app


pytestmark = pytest.mark.sphinx("html", testroot="constructs")


def test_warnings(built):
    # A broken citation in a substitution is one mistake, reported once at its definition.
    assert warnings_of(built) == [
        "SRC/split-broken.rst:4: WARNING: unknown bib key 'nosuchkey' [encyclopedia.unknown-key]",
        "SRC/unknown.rst:4: WARNING: unknown bib key 'nosuchkey' [encyclopedia.unknown-key]",
    ]
    tree = page(built, "unknown")
    assert markers(tree) == ["[1]"]
    assert [sup.get_text() for sup in tree.select("sup.enc-cite-error")] == ["[nosuchkey?]"] * 2


@pytest.mark.parametrize("docname", list(EXPECTED))
def test_numbered_in_reading_order(built, docname):
    expected_markers, expected_items = EXPECTED[docname]
    tree = page(built, docname)
    assert [label.split(":")[0] for label in markers(tree)] == expected_markers
    items = reference_items(tree)
    # Each source's author is named as its title: "Alpha, Ann (2001). Alpha. P."
    cited = [(reference_text(item).split(",")[0], len(backlinks(item))) for item in items]
    assert cited == expected_items


@pytest.mark.parametrize("docname", list(EXPECTED))
def test_every_backlink_points_at_a_marker(built, docname):
    tree = page(built, docname)
    targets = [href for item in reference_items(tree) for _label, href in backlinks(item)]
    assert targets
    assert len(targets) == len(set(targets))
    for href in targets:
        assert href.startswith("#")
        assert tree.find(id=href[1:]) is not None, href
        assert tree.find(id=href[1:]).name == "sup", href
    # Every marker shown is the target of one back-link.
    assert len(targets) == len(markers(tree))
    for sup in tree.select("sup.enc-cite > a"):
        assert sup["href"].startswith("#cite-note-")
        assert tree.find(id=sup["href"][1:]) is not None


def test_a_references_list_between_citations_collects_those_before_it(built):
    # As MediaWiki's <references />: the first list stays where it is written, without a
    # heading; the last one is the article's References section.
    tree = page(built, "split")
    assert markers(tree) == ["[1]", "[2]", "[1]", "[2]"]
    first, last = tree.select("ol.enc-references")
    section = tree.select_one("section#split")
    assert first.parent is section and first.find_previous_sibling("p") is not None
    assert first.find_next_sibling("p").get_text().startswith("Second part")
    assert [h.get_text().rstrip("¶") for h in tree.select("h2")] == ["References"]
    assert last.find_parent("section").h2 is not None
    assert [reference_text(li).split(",")[0] for li in first.select(":scope > li")] == [
        "Alpha", "Beta"
    ]  # fmt: skip
    assert [reference_text(li).split(",")[0] for li in last.select(":scope > li")] == [
        "Gamma", "Alpha"
    ]  # fmt: skip
    for item in reference_items(tree):
        for _label, href in backlinks(item):
            assert tree.find(id=href[1:]).name == "sup"


def test_a_list_between_citations_with_only_broken_ones_before_it_is_no_list(built):
    tree = page(built, "split-broken")
    assert [sup.get_text() for sup in tree.select("sup.enc-cite-error")] == ["[nosuchkey?]"]
    (listing,) = tree.select("ol.enc-references")
    assert [reference_text(li).split(",")[0] for li in listing.select(":scope > li")] == ["Alpha"]
