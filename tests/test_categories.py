"""Categories: the "Categories:" box, category pages written or generated, the page of all
categories and the A–Z article index; from reStructuredText and MyST, in every builder, in
parallel and incremental builds."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from helpers import text_of, warnings_of
from sphinx.testing.util import SphinxTestApp
from test_incremental import rebuild

from sphinx_encyclopedia.categories import (
    folded,
    letter_of,
    slugify,
    split_keyed_names,
    split_names,
)

ROOT = "categories"
ROOTS = Path(__file__).parent / "roots"
Build = Callable[..., Path]


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """``build(builder="html", parallel=0)``: the root built once in this process, without a
    warning; the directory of the output."""
    built: dict[tuple[str, int], Path] = {}

    def make(builder: str = "html", parallel: int = 0) -> Path:
        if (builder, parallel) not in built:
            source = tmp_path_factory.mktemp(f"{ROOT}-{builder}-{parallel}") / "src"
            shutil.copytree(ROOTS / f"test-{ROOT}", source)
            app = SphinxTestApp(
                builder, srcdir=source, status=StringIO(), warning=StringIO(),
                confoverrides={"html_theme": "basic"}, parallel=parallel,
            )  # fmt: skip
            try:
                app.build()
            finally:
                app.cleanup()
            assert app.warning.getvalue() == ""
            built[builder, parallel] = Path(app.outdir)
        return built[builder, parallel]

    return make


@pytest.fixture(scope="module")
def html(build: Build) -> Path:
    return build()


def tree(html: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((html / name).read_text(encoding="utf-8"), "html.parser")


def box(page: BeautifulSoup) -> list[tuple[str, str | None]]:
    """The box's label and each category, with where they link."""
    found = page.select_one("div.enc-categories")
    assert found is not None
    label = found.select_one(".enc-categories-label")
    items = [(text_of(label), label.a["href"] if label.a else None)]
    for item in found.select("ul.enc-categories-list > li"):
        items.append((text_of(item), item.a["href"] if item.a else None))
    return items


def groups(listing: Tag) -> list[tuple[str, list[str]]]:
    """Each letter heading of a listing with the entries under it."""
    return [
        (text_of(group.select_one(".rubric")), [text_of(li) for li in group.select("li")])
        for group in listing.select("div.enc-category-group")
    ]


def test_the_box_closes_the_article_from_rst_and_myst(html: Path) -> None:
    alpha = tree(html, "alpha.html")
    assert box(alpha) == [
        ("Categories:", "category/index.html"),
        ("Fruit", "categories/fruit.html"),  # written by the author
        ("Red things", "category/red-things.html"),  # generated
    ]
    # Written in the first section, it goes below the appendices, as Wikipedia's.
    article = alpha.select_one("section#alpha")
    assert article.find_all(recursive=False)[-1]["class"] == ["enc-categories"]
    assert article.select_one("section#history div.enc-categories") is None
    banana = tree(html, "banana.html")  # MyST
    assert box(banana) == [("Category:", "category/index.html"), ("Fruit", "categories/fruit.html")]
    assert banana.select_one("section#banana").find_all(recursive=False)[-1].name == "div"


def test_a_written_category_page_lists_its_members_a_to_z(html: Path) -> None:
    fruit = tree(html, "categories/fruit.html")
    assert text_of(fruit.select_one("div.enc-lead")) == "Articles about fruit."
    listing = fruit.select_one("div.enc-category-listing")
    assert [text_of(h) for h in listing.select("h2")] == ["Pages in category “Fruit”"]
    assert [h.name for h in listing.select(".rubric")] == ["h2", "h3", "h3"]
    assert groups(listing) == [("A", ["Alpha"]), ("B", ["Banana"])]
    assert listing.select_one("a")["href"] == "../alpha.html"
    # Its own categories are its parents.
    assert box(fruit) == [
        ("Category:", "../category/index.html"), ("Food", "../category/food.html"),
    ]  # fmt: skip


def test_a_category_without_a_page_gets_one_with_its_subcategories(html: Path) -> None:
    food = tree(html, "category/food.html")
    assert text_of(food.select_one("h1")).rstrip("¶") == "Category: Food"
    assert text_of(food.select_one("title")).startswith("Category: Food")
    listing = food.select_one("div.enc-category-listing")
    assert [text_of(h) for h in listing.select("h2")] == [
        "Subcategories", "Pages in category “Food”",
    ]  # fmt: skip
    subcategories, pages = listing.select("div.enc-category-columns")
    assert groups(subcategories) == [("F", ["Fruit"])]
    assert subcategories.a["href"] == "../categories/fruit.html"
    # The page's own key in this category ("Food | Pastry, chocolate") files it under P here,
    # and nowhere else: the article index has it under E, accents folded.
    assert groups(pages) == [("P", ["Éclair"])]
    red = tree(html, "category/red-things.html")
    assert groups(red.select_one("div.enc-category-listing")) == [
        ("#", ["3D printing"]), ("A", ["Alpha"]),
    ]  # fmt: skip
    # The sort key (DEFAULTSORT) files Evan Hubinger under H.
    people = tree(html, "category/people.html")
    assert groups(people.select_one("div.enc-category-listing")) == [("H", ["Evan Hubinger"])]


def test_the_page_of_all_categories(html: Path) -> None:
    every = tree(html, "category/index.html")
    assert text_of(every.select_one("h1")).rstrip("¶") == "Categories"
    assert groups(every.select_one("div.enc-all-categories")) == [
        ("F", ["Food (1 subcategory, 1 page)", "Fruit (2 pages)"]),
        ("P", ["People (1 page)"]),
        ("R", ["Red things (2 pages)"]),
    ]
    links = [a["href"] for a in every.select("div.enc-all-categories a")]
    assert links == ["food.html", "../categories/fruit.html", "people.html", "red-things.html"]


def test_the_article_index_with_short_descriptions_and_sort_keys(html: Path) -> None:
    index = tree(html, "az.html").select_one("div.enc-article-index")
    # The front page, category pages and the index itself are no articles.
    assert groups(index) == [
        ("#", ["3D printing"]),
        ("A", ["Alpha – The first letter"]),
        ("B", ["Banana – A yellow fruit"]),
        ("D", ["Delta – The fourth letter"]),
        ("E", ["Éclair – A pastry"]),
        ("H", ["Evan Hubinger – Researcher"]),
    ]
    assert [h.name for h in index.select(".rubric")] == ["h2"] * 6


def test_parallel_builds_give_the_same_pages(html: Path, build: Build) -> None:
    parallel = build(parallel=2)
    names = ["alpha.html", "banana.html", "az.html", "categories/fruit.html"]
    names += [path.relative_to(html).as_posix() for path in (html / "category").glob("*.html")]
    assert len(names) == 8
    for name in names:
        assert (parallel / name).read_bytes() == (html / name).read_bytes(), name


def test_other_builders(build: Build) -> None:
    text = build("text")
    alpha = (text / "alpha.txt").read_text(encoding="utf-8")
    assert alpha.rstrip().endswith("Categories: Fruit | Red things")
    fruit = (text / "categories" / "fruit.txt").read_text(encoding="utf-8")
    assert "-[ Pages in category “Fruit” ]-" in fruit and "* Banana" in fruit
    (tex,) = build("latex").glob("*.tex")
    source = tex.read_text(encoding="utf-8")
    assert r"{Categories:} {\hyperref[\detokenize{categories/fruit::doc}]" in source
    assert re.search(r"\\(sub)*section\*\{Pages in category “Fruit”\}", source)
    # A single page has no room for generated pages: their names are not links.
    single = tree(build("singlehtml"), "index.html")
    assert box(single) == [
        ("Categories:", None), ("Fruit", "#document-categories/fruit"), ("Red things", None),
    ]  # fmt: skip
    dirhtml = build("dirhtml")
    assert box(tree(dirhtml, "alpha/index.html"))[2] == ("Red things", "../category/red-things/")
    assert (dirhtml / "category" / "index.html").is_file()


@pytest.mark.sphinx("html", testroot=ROOT, srcdir="categories-incremental")
def test_adding_a_category_rewrites_that_category_s_page_only(app) -> None:
    app.build()
    src, out = Path(app.srcdir), Path(app.outdir)

    def generated() -> dict[str, int]:
        return {path.name: path.stat().st_mtime_ns for path in (out / "category").glob("*.html")}

    def edit(name: str, old: str, new: str) -> None:
        path = src / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")

    # A category without a page of its own: its generated page and the page of all
    # categories are written again, nothing else (Sphinx itself rewrites the index, whose
    # toctree holds the edited page).
    before = generated()
    edit("delta.rst", "yet.\n", "yet.\n\n.. categories:: Red things\n")
    read, written = rebuild(app)
    assert (read, written) == ({"delta"}, {"delta", "index"})
    after = generated()
    assert {name for name in after if after[name] != before[name]} == {
        "red-things.html", "index.html",
    }  # fmt: skip
    red = tree(out, "category/red-things.html").select_one("div.enc-category-listing")
    assert groups(red) == [("#", ["3D printing"]), ("A", ["Alpha"]), ("D", ["Delta"])]

    # A category with a page the author wrote: that page is written again.
    before = generated()
    edit("delta.rst", ":: Red things", ":: Red things; Fruit")
    read, written = rebuild(app)
    assert (read, written) == ({"delta"}, {"delta", "index", "categories/fruit"})
    after = generated()
    assert {name for name in after if after[name] != before[name]} == {"index.html"}
    fruit = tree(out, "categories/fruit.html").select_one("div.enc-category-listing")
    assert groups(fruit)[-1] == ("D", ["Delta"])

    # A category that gets a page: its articles' boxes link there, its generated page goes.
    (src / "people.rst").write_text(
        ":orphan:\n\nCategory: People\n================\n\n.. category-page:: People\n"
    )
    read, written = rebuild(app)
    assert read == {"people"}
    assert written == {"people", "hubinger", "index"}  # only the box of its article
    assert box(tree(out, "hubinger.html"))[1] == ("People", "people.html")
    assert not (out / "category" / "people.html").exists()
    assert app.warning.getvalue() == ""


@pytest.mark.sphinx("html", testroot="categories-bad")
def test_mistakes_are_reported_where_they_are(app) -> None:
    app.build()
    assert warnings_of(app) == [
        "SRC/cat-c.rst:4: WARNING: category-page names no category [encyclopedia.category-page]",
        "SRC/cat-c.rst:8: WARNING: this page is already the page of category 'C'; a page lists "
        "one category [encyclopedia.category-page]",
        "SRC/empty.rst:4: WARNING: categories names no category [encyclopedia.categories]",
        "SRC/twice.rst:4: WARNING: category 'Things' is given twice on this page "
        "[encyclopedia.categories]",
        "SRC/twice.rst:9: WARNING: a second :sort-key: ('Second'); the page sorts under its "
        "first, 'Twice' [encyclopedia.categories]",
        "SRC/cat-a-again.rst:4: WARNING: category 'A' has a page already, 'cat-a'; boxes and "
        "listings link to that one [encyclopedia.category-page]",
        "SRC/cat-a.rst:6: WARNING: categories in a cycle: A → B → A; a category is not its "
        "own parent [encyclopedia.category-cycle]",
        "SRC/cat-c.rst:10: WARNING: category 'C' is among its own categories; a category is "
        "not its own parent [encyclopedia.category-cycle]",
        "SRC/case.rst:4: WARNING: categories 'Other things' and 'other things' differ only in "
        "letter case, accents or punctuation; they are two categories [encyclopedia.categories]",
        "SRC/category/people.rst: WARNING: the document 'category/people' takes the place of "
        "the generated page of category 'People'; make it the category's page with "
        "'.. category-page:: People', or rename it [encyclopedia.category-page]",
    ]
    # The document keeps its page; the box names the category without a link.
    someone = tree(Path(app.outdir), "people.html")
    assert box(someone)[1] == ("People", None)
    assert "Text." in (Path(app.outdir) / "category" / "people.html").read_text("utf-8")


def test_names_sort_keys_and_slugs() -> None:
    assert split_names(" AI  safety ;Machine learning;\n Ethics ; ") == [
        "AI safety", "Machine learning", "Ethics",
    ]  # fmt: skip
    assert split_keyed_names("AI safety | Hubinger, Evan; Rock & roll (music)\n| x") == [
        ("AI safety", "Hubinger, Evan"), ("Rock & roll (music)", ""), ("", "x"),
    ]  # fmt: skip
    assert folded("Éclair au CHOCOLAT") == "eclair au chocolat"
    assert [letter_of(key) for key in ("Éclair", "ßeta", "3D", "Ωmega", "東京", "")] == [
        "E", "S", "#", "Ω", "#", "#",
    ]  # fmt: skip
    assert slugify("AI safety") == "ai-safety"
    assert slugify("Rock & roll (music)") == "rock-roll-music"
    assert slugify("機械学習") == "機械学習"
