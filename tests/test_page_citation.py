"""The article as a source: "Cite this page", JSON-LD and Highwire tags."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from browser import build_site, serve
from bs4 import BeautifulSoup
from helpers import page, text_of, warnings_of

from sphinx_encyclopedia.citations import bib_entries
from sphinx_encyclopedia.export import csl_item
from sphinx_encyclopedia.page_citation import (
    _cited_keys,
    _commit_dates,
    _escape_for_script,
    _json_ld_of_page,
    _schema_work,
    is_article,
    json_ld_text,
)

ROOT = "page-citation"


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(ROOT, tmp_path_factory.mktemp("page-citation"))


def tree_of(html: Path, docname: str) -> BeautifulSoup:
    return BeautifulSoup((html / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def modified(html: Path, docname: str) -> str:
    return tree_of(html, docname).select_one('meta[name="citation_date"]')["content"]


def test_cite_this_page_panel_under_the_title(html: Path) -> None:
    tree = tree_of(html, "article")
    title = tree.select_one("h1")
    panel = title.find_next_sibling()
    assert panel.name == "details" and "enc-cite-this-page" in panel["class"]
    assert text_of(panel.select_one("summary")) == "Cite this page"
    date = modified(html, "article").replace("/", "-")
    url = "https://encyclopedia.example.org/article.html"
    assert text_of(panel.select_one(".enc-page-citation")) == (
        f"Test Encyclopedia contributors ({date}). “An article”. Test Encyclopedia."
    )
    assert panel.select_one(".enc-page-citation a")["href"] == url
    codes = panel.select("pre.enc-cite-code")
    assert codes[0].get_text() == (
        "@online{test-encyclopedia:article,\n"
        "  author = {{Test Encyclopedia contributors}},\n"
        "  title = {An article},\n"
        f"  date = {{{date}}},\n"
        "  website = {Test Encyclopedia},\n"
        f"  url = {{{url}}},\n"
        "}"
    )
    csl = json.loads(codes[1].get_text())
    assert csl["type"] == "entry-encyclopedia"
    assert csl["container-title"] == "Test Encyclopedia"
    assert csl["URL"] == url
    assert csl["language"] == "en"
    buttons = panel.select("button.enc-copy")
    assert [b["data-copy"] for b in buttons] == [c["id"] for c in codes]
    # Pages that are not articles (no lead) have none.
    assert tree_of(html, "index").select(".enc-cite-this-page") == []


def test_json_ld_and_highwire_tags(html: Path) -> None:
    tree = tree_of(html, "article")
    (script,) = tree.select('script[type="application/ld+json"]')
    data = json.loads(script.string)
    assert data["@type"] == "Article" and data["headline"] == "An article"
    assert data["description"] == "What the article is about"
    assert data["url"] == "https://encyclopedia.example.org/article.html"
    assert data["dateModified"] == modified(html, "article").replace("/", "-")
    assert data["image"] == "https://encyclopedia.example.org/_images/dot.svg"
    assert data["citation"] == [
        {"@type": "Book", "name": "A Study of Things",
         "author": [{"@type": "Person", "name": "Jane Smith"}], "datePublished": "2020",
         "sameAs": "https://doi.org/10.1000/xyz"},
        {"@type": "Report", "name": "A Report </script><script>alert(1)</script>",
         "author": [{"@type": "Organization", "name": "World Health Organization"}],
         "datePublished": "2017"},
    ]  # fmt: skip
    source = (html / "article.html").read_text(encoding="utf-8")
    assert source.count("</script>") == source.count("<script")
    tags = {m["name"]: m["content"] for m in tree.select('meta[name^="citation_"]')}
    assert tags == {
        "citation_title": "An article",
        "citation_author": "Test Encyclopedia contributors",
        "citation_publisher": "Test Encyclopedia",
        "citation_date": modified(html, "article"),
        "citation_public_url": "https://encyclopedia.example.org/article.html",
        "citation_language": "en",
    }


def test_a_title_cannot_break_out_of_the_script(html: Path) -> None:
    source = (html / "hostile.html").read_text(encoding="utf-8")
    tree = BeautifulSoup(source, "html.parser")
    (script,) = tree.select('script[type="application/ld+json"]')
    # Sphinx's smart quotes curl the title's quotes.
    assert json.loads(script.string)["headline"] == "Escape </script> & 100% “quotes”"
    assert "<\\/script>" not in script.string and "\\u003c/script\\u003e" in script.string
    assert text_of(tree.select_one(".enc-page-citation")).startswith(
        "Test Encyclopedia contributors ("
    )
    assert "“Escape </script> & 100% ‘quotes’”" in text_of(tree.select_one(".enc-page-citation"))


@pytest.mark.sphinx(
    "html", testroot=ROOT, confoverrides={"encyclopedia_cite_this_page": "appendix"}
)
def test_cite_this_page_as_a_section_at_the_end(app: Any) -> None:
    app.build()
    assert warnings_of(app) == []
    tree = page(app, "article")
    assert tree.select("details.enc-cite-this-page") == []
    section = tree.select("section section")[-1]
    assert section["id"] == "cite-this-page"
    assert text_of(section.select_one("h2")).rstrip("¶") == "Cite this page"
    assert len(section.select("pre.enc-cite-code")) == 2


@pytest.mark.sphinx("html", testroot=ROOT, confoverrides={
    "encyclopedia_cite_this_page": "none", "encyclopedia_structured_data": False,
    "encyclopedia_reference_previews": False, "encyclopedia_page_previews": False,
})  # fmt: skip
def test_both_can_be_turned_off(app: Any) -> None:
    app.build()
    tree = page(app, "article")
    assert tree.select(".enc-cite-this-page, script[type='application/ld+json']") == []
    assert tree.select('meta[name^="citation_"]') == []
    assert not [s for s in tree.select("script[src]") if "encyclopedia" in s["src"]]


def whole_json_ld(env: Any, docname: str, image: str | None) -> str:
    """The page's JSON-LD made in one piece, works and all, as the spliced text must read."""
    data = _json_ld_of_page(env, docname, image)
    entries = bib_entries(env)
    works = [_schema_work(csl_item(entries[key])) for key in _cited_keys(env, docname)
             if key in entries]  # fmt: skip
    if works:
        data["citation"] = works
    return _escape_for_script(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


@pytest.mark.sphinx("html", testroot=ROOT)
def test_json_ld_spliced_from_each_works_json_is_the_json_of_the_whole(app: Any) -> None:
    app.build()
    articles = [doc for doc in sorted(app.env.all_docs) if is_article(app.env, doc)]
    assert articles
    for docname in articles:
        for image in (None, "_images/a <b> & c.svg"):
            expected = whole_json_ld(app.env, docname, image)
            # Twice: the second time every work's JSON comes from the build's cache.
            assert json_ld_text(app.env, docname, image) == expected
            assert json_ld_text(app.env, docname, image) == expected


def test_the_last_commit_dates_a_page_and_an_edit_since_its_mtime(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    source = tmp_path / "site"
    shutil.copytree(Path(__file__).parent / "roots" / f"test-{ROOT}", source)
    environment = {**os.environ, "GIT_AUTHOR_DATE": "2024-05-01T12:00:00Z",
                   "GIT_COMMITTER_DATE": "2024-05-01T12:00:00Z",
                   "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                   "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}  # fmt: skip
    for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "pages"]):
        subprocess.run(["git", *command], cwd=source, env=environment, check=True)
    (source / "hostile.rst").write_text(
        (source / "hostile.rst").read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8"
    )
    dates = _commit_dates(source)
    assert dates[(source / "article.rst").resolve()] == "2024-05-01"
    assert (source / "hostile.rst").resolve() not in dates  # its mtime tells
    assert _commit_dates(tmp_path / "nowhere") == {}


def test_the_copy_button_copies(browser: Any, html: Path) -> None:
    with serve(html) as url:
        context = browser.new_context()
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url.rstrip("/"))
        opened = context.new_page()
        opened.goto(url + "article.html")
        opened.locator("details.enc-cite-this-page > summary").click()
        opened.locator("button.enc-copy").first.click()
        opened.wait_for_selector(".enc-copied:not(:empty)")
        copied = opened.evaluate("navigator.clipboard.readText()")
        assert copied.startswith("@online{test-encyclopedia:article,")
        assert opened.inner_text(".enc-copied") == "Copied"
        context.close()
