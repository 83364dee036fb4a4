"""Reading what a test build wrote."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any, NamedTuple

from bs4 import BeautifulSoup, Tag


class SampleSite(NamedTuple):
    """The sample encyclopedia in docs/ as conftest.py's ``sample_site_build`` built it."""

    result: subprocess.CompletedProcess[str]
    html: Path


def page(app: Any, docname: str = "index") -> BeautifulSoup:
    path = Path(app.outdir) / f"{docname}.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text_of(tag: Tag) -> str:
    return re.sub(r"\s+", " ", tag.get_text()).strip()


def warnings_of(app: Any) -> list[str]:
    """Warning lines with the source directory replaced by ``SRC``, colour codes removed."""
    raw = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    return [line.replace(str(app.srcdir), "SRC") for line in raw.splitlines() if line.strip()]


def markers(tree: Tag) -> list[str]:
    return [text_of(a) for a in tree.select("sup.enc-cite > a")]


def reference_items(tree: Tag) -> list[Tag]:
    return tree.select("ol.enc-references > li")


def backlinks(item: Tag) -> list[tuple[str, str]]:
    """(label, href) of each back-link of a references-list item."""
    return [(text_of(a), a["href"]) for a in item.select(".enc-backlinks a")]


def reference_text(item: Tag) -> str:
    return text_of(item.select_one(".enc-reference-text"))
