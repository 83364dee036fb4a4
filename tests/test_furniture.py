"""Wikipedia's article furniture: locators, hatnotes, annotated See also, columns, order."""

from __future__ import annotations

import importlib.util

import pytest
from docutils import nodes
from helpers import backlinks, page, reference_items, text_of, warnings_of


@pytest.mark.sphinx("html", testroot="furniture")
def test_locators_follow_the_marker_and_keep_the_number(app):
    app.build()
    tree = page(app)
    cites = [text_of(sup) for sup in tree.select("sup.enc-cite")]
    assert cites == ["[1]: p. 12", "[1]: pp. 3–5, 9", "[2]", "[1]"]
    assert [text_of(s) for s in tree.select("sup.enc-cite span.enc-locator")] == [
        ": p. 12",
        ": pp. 3–5, 9",
    ]
    first, second = reference_items(tree)
    assert [label for label, _ in backlinks(first)] == ["a", "b", "c"]
    assert [label for label, _ in backlinks(second)] == ["^"]


@pytest.mark.sphinx("html", testroot="furniture")
def test_hatnotes_link_articles_by_title(app):
    app.build()
    notes = page(app).select("p.enc-hatnote")
    assert [text_of(note) for note in notes] == [
        "Main article: Other",
        "Further information: Other and Third",
        "See also: Third",
    ]
    assert [a["href"] for a in notes[1].select("a")] == ["other.html", "third.html"]
    assert notes[0].select_one("em")


@pytest.mark.sphinx("html", testroot="furniture")
def test_see_also_entries_get_the_targets_short_description(app):
    app.build()
    items = [text_of(li) for li in page(app).select("section.enc-see-also li")]
    assert items == [
        "Other – Emergence of learned optimizers",
        "Third",
        "Named explicitly",
        "Other, with the author’s own words",
        "Example",
    ]


@pytest.mark.sphinx("html", testroot="furniture")
def test_long_lists_flow_in_columns(app):
    app.build()
    many = page(app, "many")
    assert "enc-columns" in many.select_one("ol.enc-references")["class"]
    assert "enc-columns" in many.select_one("ul.enc-see-also-list")["class"]
    main = page(app)
    assert "enc-columns" not in main.select_one("ol.enc-references")["class"]
    assert "enc-columns" not in main.select_one("ul.enc-see-also-list")["class"]


@pytest.mark.sphinx("html", testroot="furniture", freshenv=True)
def test_bad_furniture_warns_at_file_and_line(app):
    app.build()
    assert warnings_of(app) == [
        "SRC/bad.rst:4: WARNING: short description of 115 characters; Wikipedia keeps them "
        "under 100, and search results and previews cut longer ones "
        "[encyclopedia.short-description]",
        "SRC/bad.rst:7: WARNING: locator without a key: :citation:`{p. 3}` "
        "[encyclopedia.locator-without-key]",
        "SRC/bad.rst:7: WARNING: malformed citation :citation:`src1{p. 4`: write key, key1,key2 "
        "or key{p. 12} [encyclopedia.malformed-citation]",
        "SRC/bad.rst:9: WARNING: hatnote target 'nosuchpage' is not a document of this project "
        "[encyclopedia.hatnote-target]",
        "SRC/bad.rst:11: WARNING: further-reading lists no work [encyclopedia.further-reading]",
        "SRC/bad.rst:13: WARNING: syntax error in :filter: invalid syntax "
        "[encyclopedia.further-reading]",
        "SRC/bad.rst:16: WARNING: see-also has no items [encyclopedia.see-also-content]",
        "SRC/bad.rst:24: WARNING: see-also section after references: Wikipedia's order is "
        "see-also, notes, references, works-cited, further-reading, external-links "
        "[encyclopedia.appendix-order]",
        "SRC/many.rst:16: WARNING: 'src3' is cited in the article; further reading lists works "
        "it does not cite [encyclopedia.further-reading]",
    ]
    tree = page(app, "bad")
    assert [text_of(sup) for sup in tree.select("sup.enc-cite-error")] == ["[?]", "[?]"]
    assert text_of(tree.select_one("p.enc-hatnote")) == "Main article: nosuchpage"


@pytest.mark.sphinx("text", testroot="furniture")
def test_text_builder_shows_locators_and_hatnotes(app):
    app.build()
    text = (app.outdir / "index.txt").read_text(encoding="utf-8")
    assert "[1]: pp. 3–5, 9[2]" in text
    assert "*Main article: Other*" in text


@pytest.mark.sphinx("html", testroot="furniture", srcdir="furniture-edited")
def test_annotation_follows_a_changed_short_description(app):
    app.build()
    other = app.srcdir / "other.rst"
    other.write_text(
        other.read_text(encoding="utf-8").replace("Emergence of learned optimizers", "Renamed"),
        encoding="utf-8",
    )
    app.build()
    first = page(app).select_one("section.enc-see-also li")
    assert text_of(first) == "Other – Renamed"


@pytest.mark.sphinx("html", testroot="furniture")
def test_further_reading_and_external_links_close_the_article_in_order(app):
    app.build()
    tree = page(app)
    headings = [text_of(h).rstrip("¶") for h in tree.select("h2")]
    assert headings == ["History", "See also", "References", "Further reading", "External links"]
    reading = [text_of(li) for li in tree.select("section.enc-further-reading li")]
    assert reading == [
        "Author10, Ann (2010). “Work number 10”. arXiv:2010.00000.",
        "Author11, Ann (2011). “Work number 11”. arXiv:2011.00001.",
        "Author12, Ann (2012). “Work number 12”. arXiv:2012.00002.",
    ]
    assert tree.select("section.enc-further-reading span.citation.arxiv")
    links = tree.select("section.enc-external-links ul.enc-external-links-list a")
    assert [a["href"] for a in links] == ["https://example.org/"]
    many = [text_of(li) for li in page(app, "many").select("section.enc-further-reading li")]
    assert many == ["Author12, Ann (2012). “Work number 12”. arXiv:2012.00002."]


@pytest.mark.sphinx(
    "html", testroot="furniture", confoverrides={"html_theme": "alabaster"}, freshenv=True
)
def test_contents_after_the_lead_of_long_articles(app):
    app.build()
    box = page(app, "long").select_one(
        "div.enc-lead + nav.enc-contents, div.enc-lead + div.enc-contents"
    )
    assert box is not None
    assert [text_of(a) for a in box.select("a")] == [
        "One", "Two", "Two and a half", "Three", "Four & “five” <six> @ home"
    ]  # fmt: skip
    assert [a["href"] for a in box.select("a")][:2] == ["#one", "#two"]
    assert page(app, "many").select(".enc-contents") == []  # three sections only


def _contents_as_nodes(section: nodes.Element, depth: int) -> nodes.bullet_list | None:
    """The contents list as the node tree docutils' HTML writer would be given."""
    children = [child for child in section.children if isinstance(child, nodes.section)]
    if not children or depth == 0:
        return None
    listing = nodes.bullet_list()
    for child in children:
        text = child[0].astext()
        item = nodes.list_item(
            "", nodes.paragraph("", "", nodes.reference(text, text, refid=child["ids"][0],
                                                        internal=True))
        )  # fmt: skip
        inner = _contents_as_nodes(child, depth - 1)
        if inner is not None:
            item += inner
        listing += item
    return listing


@pytest.mark.sphinx("html", testroot="furniture", freshenv=True)
def test_contents_box_is_what_the_writer_writes_for_its_nodes(app):
    """The box is put together as a string; the theme's writer, given the same box as nodes,
    writes the same HTML."""
    app.build()
    written = (app.outdir / "long.html").read_text()
    start = written.index('<nav class="contents enc-contents">')
    box = written[start : written.index("</nav>\n", start) + len("</nav>\n")]
    article = app.env.get_doctree("long")[0]
    topic = nodes.topic(classes=["contents", "enc-contents"])
    topic += nodes.title("Contents", "Contents")
    topic += _contents_as_nodes(article, depth=2)
    holder = nodes.section()  # a topic straight under the document is the page's own contents
    holder += topic
    fragment = app.builder.render_partial(holder)["fragment"]
    assert fragment == f"<section>\n{box}</section>\n"
    assert "&amp; “five” &lt;six&gt; &#64; home" in box


@pytest.mark.sphinx("html", testroot="furniture", confoverrides={"html_theme": "furo"})
def test_under_furo_the_contents_are_for_the_widths_without_its_own(app):
    # furo shows its "On this page" from 82em; the stylesheet hides the box there (the
    # widths themselves are tested in a browser, in test_accessibility.py).
    app.build()
    (box,) = page(app, "long").select(".enc-contents")
    assert "enc-contents-furo" in box["class"]


@pytest.mark.skipif(
    importlib.util.find_spec("pydata_sphinx_theme") is None,
    reason="pydata-sphinx-theme is not installed (the version matrix's venvs have furo only)",
)
@pytest.mark.sphinx(
    "html", testroot="furniture", confoverrides={"html_theme": "pydata_sphinx_theme"}
)
def test_no_contents_where_the_theme_has_its_own(app):
    app.build()
    assert page(app, "long").select(".enc-contents") == []


@pytest.mark.sphinx(
    "html",
    testroot="furniture",
    confoverrides={"html_theme": "furo", "encyclopedia_lead_contents": True},
)
def test_contents_can_be_forced_on(app):
    app.build()
    assert page(app, "long").select(".enc-contents")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("key", [("key", None)]),
        ("  key\n", [("key", None)]),
        ("", [("", None)]),
        ("a b", None),  # a key has no spaces
        ("key{p. 12}", [("key", "p. 12")]),
        ("a,b", [("a", None), ("b", None)]),
        ("a{pp. 3–5, 9}, b", [("a", "pp. 3–5, 9"), ("b", None)]),
        ("a{ p.\n  4 }", [("a", "p. 4")]),
        ("{p. 4}", [("", "p. 4")]),
        ("a,", [("a", None), ("", None)]),
        ("a{p. 4", None),
        ("a}p. 4{", None),
        ("a{p{4}}", None),
        ("a{p. 4}b", None),
        ("a b{p. 4}", None),
    ],
)
def test_citation_text_splits_into_keys_and_locators(text, expected):
    from sphinx_encyclopedia.citations import split_citation_text

    assert split_citation_text(text) == expected


@pytest.mark.sphinx("html", testroot="foot")
def test_comments_and_what_goes_to_the_foot_keep_the_authors_heading(app):
    """An appendix section holding a comment, the categories or an attribution beside its
    list keeps its one heading; attributions go after the appendices, in the order written,
    and the categories box last."""
    app.build()
    assert app.warning.getvalue() == ""
    tree = page(app)
    assert [text_of(h).rstrip("¶") for h in tree.select("h2")] == ["References", "External links"]
    top = tree.select_one("section")
    last = [child for child in top.find_all(recursive=False) if child.name][-3:]
    assert [" ".join(child.get("class", [])) for child in last] == [
        "enc-attribution", "enc-attribution", "enc-categories"
    ]  # fmt: skip
    assert text_of(last[0]).startswith("Imported from") and text_of(last[1]) == "A second notice."
    assert top.select("section")[-1].select_one("ul.enc-external-links-list")
