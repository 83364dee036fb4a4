"""Hostile bib fields render as inert, readable text: nothing runs, nothing links out unsafely."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from browser import build_site, serve
from bs4 import BeautifulSoup
from helpers import text_of


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site("hostile", tmp_path_factory.mktemp("hostile"))


def test_markup_in_fields_is_text(built: Path) -> None:
    source = (built / "index.html").read_text(encoding="utf-8")
    tree = BeautifulSoup(source, "html.parser")
    scripts = tree.find_all("script")
    # Sphinx's own scripts, the extension's script and its labels: nothing from the bib.
    assert len(re.findall(r"<script\b", source)) == len(scripts)
    data = [s for s in scripts if s.get("type") == "application/ld+json"]
    inline = [s.text for s in scripts if not s.get("src") and s not in data]
    assert len(inline) == 2  # the extension's labels, and alabaster's search box
    assert "SPHINX_ENCYCLOPEDIA_LABELS" in inline[0]
    assert "searchbox" in inline[1]
    # The article's JSON-LD holds the hostile fields, as JSON that cannot end its element.
    (metadata,) = data
    assert "<" not in metadata.string
    cited = json.loads(metadata.string)["citation"]
    assert "<script>window.__pwned = 1</script>" in cited[0]["name"]
    assert tree.find_all(attrs={"onerror": True}) == []
    assert tree.find_all("img") == []
    hrefs = [a["href"] for a in tree.select("a[href]")]
    assert not [href for href in hrefs if re.match(r"\s*(javascript|data|vbscript):", href, re.I)]
    items = [text_of(li) for li in tree.select("ol.enc-references > li")]
    assert items[0] == (
        '^ O\'Brien, "Quoted" <b>Bold</b> & Co (2020). “<script>window.__pwned = 1</script>'
        "<img src=x onerror='window.__pwned = 2'>”."
    )
    assert items[1] == "^ “A javascript link”. 2021."
    assert items[2] == "^ “A data link”. 2021."
    doi = tree.select("ol.enc-references > li")[3].select_one(".enc-reference-text a")
    assert (
        doi["href"] == "https://doi.org/10.1000/%22%3E%3Cscript%3Ewindow.__pwned%3D6%3C/script%3E"
    )


def test_latex_long_fields_scripts_and_control_characters(built: Path) -> None:
    tree = BeautifulSoup((built / "index.html").read_text(encoding="utf-8"), "html.parser")
    items = [text_of(li) for li in tree.select("ol.enc-references > li")]
    # \input names a file, not text; the other commands unknown to the converter keep their
    # arguments (and are reported, suppressed here).
    assert items[4] == "^ Müller, Jörg (2019). “y 18rm -rf / Bold x^2 % & _”."
    assert len(items[5]) > 9000 and items[5].endswith("Long”.")
    scripts = "مرحبا بالعالم — שלום עולם — Привет мир — こんにちは世界"
    assert items[6] == f"^ 李, 小龍; Иванов, Иван (2023). “{scripts}”."
    assert items[7] == "^ Ctrl, Char (2017). “Bell tab here vertical tab escape[31m nul end”."
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "".join(items))
    meta = tree.select_one('meta[name="description"]')
    assert meta["content"] == 'Quotes " and <tags> & ampersands'


def test_no_script_from_the_content_runs(built: Path, browser: Any) -> None:
    with serve(built) as url:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(url + "index.html")
        for link in page.locator("sup.enc-cite > a, sup.enc-note-ref > a").all():
            link.hover()
            page.wait_for_selector("#enc-preview:not([hidden])")
            page.mouse.move(1, 1)
            page.wait_for_selector("#enc-preview", state="hidden")
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert dialogs == []
        page.close()
