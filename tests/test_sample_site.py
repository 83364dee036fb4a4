"""The sample encyclopedia in docs/ builds without warnings and renders the seed exactly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import SampleSite, markers, reference_items

PROJECT = Path(__file__).resolve().parents[1]
SEED_CHECK = PROJECT.parent / "shared" / "checks" / "seed_article.py"


@pytest.fixture(scope="module")
def site(sample_site_build: SampleSite) -> Path:
    """docs/ built with ``-W --keep-going`` (once, in conftest.py, for the other tests of the
    sample site too): no warning, nothing on stderr."""
    result = sample_site_build.result
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return sample_site_build.html


def test_seed_article_matches_the_seed(site: Path) -> None:
    if not SEED_CHECK.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{SEED_CHECK} is missing: CI runs with ../shared beside the clone")
        pytest.skip("../shared/checks is not beside this checkout")
    result = subprocess.run(
        [sys.executable, str(SEED_CHECK), str(site)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_article_has_lead_citations_and_references(site: Path) -> None:
    articles = sorted((site / "articles").glob("*.html"))
    assert len(articles) >= 5
    for path in articles:
        tree = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert tree.select_one("div.enc-lead p.enc-short-description"), path.name
        assert markers(tree), path.name
        assert reference_items(tree), path.name
        assert tree.select("section.enc-see-also a"), path.name


def test_front_page_lists_articles_and_the_guide(site: Path) -> None:
    tree = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = {a["href"] for a in tree.select("article a[href], div[role=main] a[href]")}
    assert "articles/deceptive-alignment.html" in links
    assert "guide/index.html" in links
