"""Pages to import: wikitext files, or the pages of a MediaWiki XML export."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

WIKIPEDIA = "https://en.wikipedia.org/wiki/"
# English Wikipedia's text licence since 2023; an export names no licence, so this is what
# the attribution says unless --license gives another.
WIKIPEDIA_LICENSE = "CC BY-SA 4.0"


@dataclass
class Page:
    title: str
    text: str
    path: Path  # the file it came from, for the report's locations
    first_line: int = 1  # the line of the file where the wikitext starts
    revision: str | None = None
    timestamp: str | None = None
    wiki_url: str | None = None  # the export's own base URL, when it has one
    sitename: str | None = None

    @property
    def docname(self) -> str:
        return slug(self.title)


def slug(title: str) -> str:
    """The file name of a page's article: ``Barack Obama`` → ``barack-obama``."""
    words = re.sub(r"[^\w]+", "-", title.casefold(), flags=re.UNICODE).strip("-")
    return words or "page"


def title_from_file(path: Path) -> str:
    """A title for a bare wikitext file, from its name: ``barack-obama.wiki`` → ``Barack
    obama``; an export names its pages itself."""
    words = re.sub(r"[-_]+", " ", path.stem).strip() or path.stem
    return words[:1].upper() + words[1:]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: ET.Element, name: str) -> ET.Element | None:
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _text(element: ET.Element | None, name: str) -> str | None:
    child = _child(element, name) if element is not None else None
    return child.text if child is not None and child.text is not None else None


def _text_line(raw: str, page_index: int) -> int:
    """The line of the export where the ``page_index``-th page's ``<text`` starts, so that a
    page's warnings point into the export (found by scanning the export's lines for the tags,
    not by parsing the wikitext)."""
    seen = -1
    for number, line in enumerate(raw.splitlines(), 1):
        stripped = line.lstrip()
        if stripped.startswith("<page>") or stripped.startswith("<page "):
            seen += 1
        if seen == page_index and stripped.startswith("<text"):
            return number
    return 1


def read_export(path: Path) -> list[Page]:
    """The pages of a Special:Export file (any schema version): the latest revision of each.

    Python's expat-based parser fetches no external entities, so an export cannot make the
    command touch the network or other files.
    """
    raw = path.read_text(encoding="utf-8")
    root = ET.fromstring(raw)
    siteinfo = _child(root, "siteinfo")
    base = _text(siteinfo, "base")
    wiki_url = base.rsplit("/", 1)[0] + "/" if base else None
    sitename = _text(siteinfo, "sitename")
    pages = []
    for index, element in enumerate(e for e in root if _local(e.tag) == "page"):
        revisions = [r for r in element if _local(r.tag) == "revision"]
        if not revisions:
            continue
        revision = revisions[-1]
        text = _text(revision, "text") or ""
        pages.append(
            Page(
                title=_text(element, "title") or title_from_file(path),
                text=text,
                path=path,
                first_line=_text_line(raw, index),
                revision=_text(revision, "id"),
                timestamp=_text(revision, "timestamp"),
                wiki_url=wiki_url,
                sitename=sitename,
            )
        )
    return pages


def is_export(path: Path) -> bool:
    if path.suffix.casefold() == ".xml":
        return True
    with path.open(encoding="utf-8", errors="replace") as handle:
        start = handle.read(512).lstrip()
    return start.startswith("<mediawiki") or (start.startswith("<?xml") and "<mediawiki" in start)


def read_pages(paths: list[Path]) -> list[Page]:
    pages: list[Page] = []
    for path in paths:
        if is_export(path):
            pages.extend(read_export(path))
        else:
            pages.append(Page(title_from_file(path), path.read_text(encoding="utf-8"), path))
    return pages
