"""The encyclopedia beside the extensions real sites use (tests/roots/test-compat-site):
autodoc with napoleon, todo, intersphinx (from a local inventory), sphinx-design,
sphinx-copybutton, sphinxext-opengraph, sphinx-sitemap, MyST, and a local extension that keeps
every doctree until the build finishes.

The site builds with ``-W -n``; citations in a docstring, a todo, a card and a tab set are
numbered in reading order with working back-links; the other extensions' output is there,
and on pages without the encyclopedia's markup it is byte for byte what the site gives without
the encyclopedia; and the sphinx-autobuild loop (builds in one process, after an edit) writes
what a clean build writes and leaves the process as it found it."""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from helpers import backlinks, markers, reference_items, text_of
from process_state import copy_root, host_process, local_modules, sphinx_build

from sphinx_encyclopedia.references import backlink_label

PAGES = ["index", "article", "api", "myst-article", "plain", "plain-md", "todos"]
# Pages with the encyclopedia's markup; the build without it has a page holding only the
# title in their place, so that the toctree, the navigation and the sitemap stay the same.
ARTICLES = {"article.rst": "Gauges\n======\n", "api.rst": "API\n===\n",
            "myst-article.md": "# Gauges in Markdown\n"}  # fmt: skip
# Pages that neither have the encyclopedia's markup nor show what the articles hold.
UNMARKED = ["index", "plain", "plain-md"]
# What the encyclopedia adds to every HTML page: its stylesheet, its script and the script's
# labels. Everything else on an unmarked page is the same with and without it.
OWN_ASSET = re.compile(r"sphinx-encyclopedia\.(?:css|js)\?|window\.SPHINX_ENCYCLOPEDIA_LABELS")
SITE = "https://compat.example.org/"
EXTLIB = "https://example.invalid/extlib/"


def build(source: Path, out: Path, encyclopedia: bool) -> subprocess.Popen[str]:
    """``sphinx-build -W -n -b html`` as a user runs it, started in a process of its own."""
    command = [sys.executable, "-m", "sphinx", "-W", "-n", "-q", "-b", "html"]
    command += ["-d", str(out / "doctrees"), str(source), str(out / "html")]
    environment = {**os.environ, "COMPAT_ENCYCLOPEDIA": "1" if encyclopedia else "0"}
    return subprocess.Popen(
        command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The site built with the encyclopedia, and without it (its articles replaced by their
    titles): the two builds run side by side."""
    tmp = tmp_path_factory.mktemp("compat")
    with_it = copy_root("compat-site", tmp / "with-src")
    without = copy_root("compat-site", tmp / "without-src")
    for name, title_only in ARTICLES.items():
        (without / name).write_text(title_only, encoding="utf-8")
    running = {
        "with": build(with_it, tmp / "with", encyclopedia=True),
        "without": build(without, tmp / "without", encyclopedia=False),
    }
    for name, process in running.items():
        _, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, f"{name}:\n{stderr}"
        assert "WARNING" not in stderr and "ERROR" not in stderr, f"{name}:\n{stderr}"
    return {name: tmp / name for name in running}


def soup(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / "html" / f"{name}.html").read_text("utf-8"), "html.parser")


def check_backlinks(tree: Tag) -> list[list[str]]:
    """Every item's back-links point at the markers citing it, in order, with ``^`` or
    ``^ a b …``, and every marker at an item of the page; returns the labels of each item."""
    sites = tree.select("sup.enc-cite")
    ids = {tag["id"] for tag in tree.select("[id]")}
    assert len({site["id"] for site in sites}) == len(sites)
    labels = []
    items = reference_items(tree)
    for site in sites:
        assert site.a["href"].lstrip("#") in {item["id"] for item in items}
    for item in items:
        pointing_here = [site["id"] for site in sites if site.a["href"] == f"#{item['id']}"]
        links = backlinks(item)
        assert [href.lstrip("#") for _, href in links] == pointing_here
        assert all(href.lstrip("#") in ids for _, href in links)
        expected = ["^"] if len(pointing_here) == 1 else [
            backlink_label(i) for i in range(len(pointing_here))
        ]  # fmt: skip
        assert [label for label, _ in links] == expected
        labels.append(expected)
    return labels


def first_words(item: Tag) -> str:
    return text_of(item.select_one(".enc-reference-text"))[:12]


# -- the encyclopedia's numbering and back-links inside the other extensions' markup ---------


def test_citations_in_docstrings_are_numbered_in_reading_order(sites: dict[str, Path]) -> None:
    tree = soup(sites["with"], "api")
    assert markers(tree) == ["[1]", "[2]", "[3]", "[1]"]
    where = []
    for site in tree.select("sup.enc-cite"):
        entry = site.find_parent("dl", class_="py")  # the object documented
        where.append(f"{entry['class'][1]} {entry.find('dt')['id']}")
    assert where == [
        "function compatmod.scale",  # the Google-style summary
        "function compatmod.scale",  # an argument's description
        "class compatmod.Gauge",  # a NumPy-style parameter
        "method compatmod.Gauge.read",
    ]
    # The argument and the parameter: in the field lists napoleon makes of the sections.
    assert markers(tree.select_one("dt#compatmod\\.scale + dd dl.field-list")) == ["[2]"]
    assert markers(tree.select_one("dt#compatmod\\.Gauge + dd > dl.field-list")) == ["[3]"]
    assert [first_words(item) for item in reference_items(tree)] == [
        "Smith, Jane ", "Doe, John (2", "Example Orga",
    ]  # fmt: skip
    assert check_backlinks(tree) == [["a", "b"], ["^"], ["^"]]


def test_citations_in_a_card_a_tab_set_and_a_todo_in_reading_order(
    sites: dict[str, Path],
) -> None:
    tree = soup(sites["with"], "article")
    assert markers(tree) == ["[1]", "[2]", "[3]", "[4]", "[1]", "[5]", "[2]", "[3]"]
    card = tree.select_one("div.sd-card")
    tabs = tree.select("div.sd-tab-set > div.sd-tab-content")
    todo = tree.select_one("div.admonition-todo")
    assert markers(card) == ["[3]"]
    assert [markers(tab) for tab in tabs] == [["[4]"], ["[1]", "[5]"]]
    assert markers(todo) == ["[2]"]
    assert [first_words(item) for item in reference_items(tree)] == [
        "Smith, Jane ", "Doe, John (2", "Roe, Richard", "“Things Happ", "Example Orga",
    ]  # fmt: skip
    assert check_backlinks(tree) == [["a", "b"], ["a", "b"], ["a", "b"], ["^"], ["^"]]


def test_citations_in_a_myst_page_and_its_card(sites: dict[str, Path]) -> None:
    tree = soup(sites["with"], "myst-article")
    assert text_of(tree.select_one("h1")).rstrip("¶#") == "Gauges in Markdown"
    assert markers(tree) == ["[1]", "[2]", "[1]"]
    assert markers(tree.select_one("div.sd-card")) == ["[2]"]
    assert check_backlinks(tree) == [["a", "b"], ["^"]]
    lead = tree.select_one("div.enc-lead")
    assert text_of(lead.select_one("p.enc-short-description")) == "Gauges, written in MyST"


# -- each other extension's own output ----------------------------------------------------


def test_autodoc_and_napoleon_output(sites: dict[str, Path]) -> None:
    tree = soup(sites["with"], "api")
    signature = text_of(tree.select_one("dt#compatmod\\.scale")).rstrip("¶")
    assert signature == "compatmod.scale(value: float, factor: float = 2.0) → float"
    scale = tree.select_one("dt#compatmod\\.scale + dd")
    fields = [text_of(dt) for dt in scale.select("dl.field-list > dt")]
    assert fields == ["Parameters:", "Returns:"]
    assert [text_of(strong) for strong in scale.select("dl.field-list li > p > strong")] == [
        "value", "factor",
    ]  # fmt: skip
    assert tree.select_one("dt#compatmod\\.Gauge") is not None
    assert tree.select_one("dt#compatmod\\.Gauge\\.read") is not None
    plain = soup(sites["with"], "plain")
    assert text_of(plain.select_one("dt#plainmod\\.turn")).rstrip("¶") == (
        "plainmod.turn(angle: int, clockwise: bool = True) → int"
    )


def test_todo_output(sites: dict[str, Path]) -> None:
    for name in ("article", "plain"):
        todo = soup(sites["with"], name).select_one("div.admonition-todo")
        assert text_of(todo.select_one("p.admonition-title")) == "Todo"
    listed = soup(sites["with"], "todos").select("div.admonition-todo")
    assert [text_of(todo)[:30] for todo in listed] == [
        "Todo Compare calibration inter", "Todo Write more.",
    ]  # fmt: skip


def test_intersphinx_resolves_from_the_local_inventory(sites: dict[str, Path]) -> None:
    for name in ("article", "plain", "plain-md", "myst-article"):
        hrefs = [a["href"] for a in soup(sites["with"], name).select("a.reference.external")]
        assert f"{EXTLIB}api.html#extlib.Widget" in hrefs, name
    intro = soup(sites["with"], "plain").select_one(f'a[href="{EXTLIB}intro.html#extlib-intro"]')
    assert text_of(intro) == "Introduction to Extlib"


def test_sphinx_design_output(sites: dict[str, Path]) -> None:
    for name in ("article", "plain"):
        tree = soup(sites["with"], name)
        assert text_of(tree.select_one("div.sd-card .sd-card-title")) in ("Dial gauges", "A card")
        tab_set = tree.select_one("div.sd-tab-set")
        assert len(tab_set.select("input[type=radio]")) == 2
        assert len(tab_set.select("label.sd-tab-label")) == 2
        assert tree.select_one('link[href^="_static/sphinx-design.min.css"]') is not None
        assert tree.select_one('script[src^="_static/design-tabs.js"]') is not None
    assert (sites["with"] / "html" / "_static" / "sphinx-design.min.css").is_file()


def test_copybutton_output(sites: dict[str, Path]) -> None:
    html = sites["with"] / "html"
    for name in PAGES:
        tree = soup(sites["with"], name)
        assert tree.select_one('script[src^="_static/copybutton.js"]') is not None, name
        assert tree.select_one('link[href^="_static/copybutton.css"]') is not None, name
    assert (html / "_static" / "copybutton.js").is_file()
    assert soup(sites["with"], "article").select_one("div.highlight-python pre") is not None


def test_opengraph_tags(sites: dict[str, Path]) -> None:
    for name in PAGES:
        tree = soup(sites["with"], name)
        tags = [(tag["property"], tag["content"]) for tag in tree.select("meta[property]")]
        properties = [prop for prop, _ in tags]
        # One of each: the encyclopedia hands its description to opengraph, not beside it.
        assert len(properties) == len(set(properties)), name
        assert dict(tags)["og:url"] == f"{SITE}{name}.html"
        assert dict(tags)["og:site_name"] == "Compat"
        assert dict(tags)["og:title"] == text_of(tree.select_one("h1")).rstrip("¶#")
        assert len(tree.select('meta[name="description"]')) == 1, name
    article = dict(
        (tag["property"], tag["content"])
        for tag in soup(sites["with"], "article").select("meta[property]")
    )
    assert article["og:description"] == "Instruments that measure things"


def test_the_meta_description_is_the_short_description_beside_opengraph(
    sites: dict[str, Path],
) -> None:
    (tag,) = soup(sites["with"], "article").select('meta[name="description"]')
    assert tag["content"] == "Instruments that measure things"


def test_sitemap_lists_every_page(sites: dict[str, Path]) -> None:
    sitemap = (sites["with"] / "html" / "sitemap.xml").read_text("utf-8")
    listed = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert sorted(listed) == sorted(
        f"{SITE}{name}.html" for name in [*PAGES, "genindex", "py-modindex", "search"]
    )


def test_myst_page_output(sites: dict[str, Path]) -> None:
    tree = soup(sites["with"], "plain-md")
    assert text_of(tree.select_one("h1")).rstrip("¶#") == "Plain Markdown"
    assert text_of(tree.select_one("div.admonition.note p:not(.admonition-title)")) == (
        "An admonition in Markdown."
    )
    assert tree.select_one('a[href="plain.html"]') is not None


# -- unchanged by the encyclopedia ----------------------------------------------------------


def without_own_assets(html: str) -> tuple[str, list[str]]:
    """The page without the encyclopedia's stylesheet and script lines; and those lines."""
    lines = html.splitlines(keepends=True)
    own = [line for line in lines if OWN_ASSET.search(line)]
    return "".join(line for line in lines if not OWN_ASSET.search(line)), own


@pytest.mark.parametrize("name", UNMARKED)
def test_a_page_without_its_markup_is_as_without_the_encyclopedia(
    sites: dict[str, Path], name: str
) -> None:
    with_it = (sites["with"] / "html" / f"{name}.html").read_text("utf-8")
    without = (sites["without"] / "html" / f"{name}.html").read_text("utf-8")
    stripped, own = without_own_assets(with_it)
    assert len(own) == 3  # the stylesheet, the script and its labels: nothing else differs
    assert stripped == without


def test_the_sitemap_and_the_other_extensions_files_are_as_without_it(
    sites: dict[str, Path],
) -> None:
    for name in ("sitemap.xml", "_static/copybutton.js", "_static/copybutton.css",
                 "_static/sphinx-design.min.css", "_static/design-tabs.js"):  # fmt: skip
        with_it = (sites["with"] / "html" / name).read_bytes()
        assert with_it == (sites["without"] / "html" / name).read_bytes(), name


def test_kept_doctrees_are_unchanged_until_the_build_finishes(sites: dict[str, Path]) -> None:
    for name, site in sites.items():
        report = json.loads((site / "doctrees" / "keep-doctrees.json").read_text("utf-8"))
        assert sorted(report["kept"]) == sorted(PAGES), name
        assert sorted(report["changed"]) == [], f"{name}: pages changed after doctree-resolved"


def test_a_todolist_shows_a_citation_as_its_article_does(sites: dict[str, Path]) -> None:
    (site,) = soup(sites["with"], "todos").select("div.admonition-todo")[0].select("sup.enc-cite")
    assert text_of(site) == "[2]"
    assert site.a["href"] == "article.html#cite-note-article-2"
    # A copy: the article's item keeps its back-links to the article's own markers only.
    assert site.get("id") is None


# -- the sphinx-autobuild loop ---------------------------------------------------------------


# Files an incremental build writes otherwise than a clean one, whatever the extensions:
# Sphinx leaves the unchanged pages' entries out of the search index, and sphinx-sitemap lists
# only the pages written by the build (both so without the encyclopedia too).
NOT_INCREMENTAL = {"searchindex.js", "sitemap.xml"}


def written(out: Path) -> dict[str, bytes]:
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file() and path.name not in NOT_INCREMENTAL
    }


@contextlib.contextmanager
def managers_stopped() -> Iterator[None]:
    """Stop the processes sphinx-sitemap's in-process builds leave: each build starts a
    multiprocessing manager that lives until the test process ends, holding a copy of every
    file descriptor open when it was forked, the pipes of the session's Chromium among them,
    which then never closes."""
    before = set(multiprocessing.active_children())
    try:
        yield
    finally:
        for child in set(multiprocessing.active_children()) - before:
            child.terminate()
            child.join(timeout=10)


def test_the_autobuild_loop_writes_what_a_clean_build_writes(tmp_path: Path) -> None:
    """Build, edit a page (a sentence changed, a citation added), build again in the same
    process, as sphinx-autobuild does; then build the edited sources afresh. Every page is
    the same, as is every other file but the two above; and each build leaves the process's
    collector and pybtex as it found them, and the doctrees kept until it finished whole."""
    source = copy_root("compat-site", tmp_path / "src")
    out, doctrees = tmp_path / "out", tmp_path / "doctrees"
    states: list[dict[str, Any]] = []
    with managers_stopped(), local_modules(), host_process("python-default") as process:
        options = ("-W", "-n", "-q", "-b", "html")
        assert sphinx_build(*options, "-d", doctrees, source, out) == 0
        states.append(process.state())
        article = source / "article.rst"
        text = article.read_text("utf-8")
        edited = text.replace(
            "A gauge has a dial. :citation:`doe2021`",
            "A gauge has a dial and a needle. :citation:`doe2021` :citation:`news2022`",
        )
        assert edited != text
        article.write_text(edited, encoding="utf-8")
        assert sphinx_build(*options, "-d", doctrees, source, out) == 0
        states.append(process.state())
        incremental_report = json.loads((doctrees / "keep-doctrees.json").read_text("utf-8"))
        clean_doctrees = tmp_path / "clean-doctrees"
        assert sphinx_build(*options, "-d", clean_doctrees, source, tmp_path / "clean") == 0
        states.append(process.state())
        clean_report = json.loads((clean_doctrees / "keep-doctrees.json").read_text("utf-8"))
    assert states == [process.found] * 3
    assert "article" in incremental_report["kept"]
    assert sorted(incremental_report["changed"]) == [], "changed after doctree-resolved"
    assert sorted(clean_report["changed"]) == [], "changed after doctree-resolved"
    incremental, clean = written(out), written(tmp_path / "clean")
    assert sorted(incremental) == sorted(clean)
    assert len([name for name in clean if name.endswith(".html")]) == 10
    # Every page, and the encyclopedia's own files (previews) and the other extensions'.
    assert [name for name in clean if incremental[name] != clean[name]] == []
    tree = BeautifulSoup(incremental["article.html"].decode(), "html.parser")
    assert markers(tree) == ["[1]", "[2]", "[3]", "[4]", "[3]", "[1]", "[5]", "[2]", "[4]"]
    assert "A gauge has a dial and a needle." in text_of(tree)
