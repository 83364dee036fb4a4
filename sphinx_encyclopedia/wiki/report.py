"""The importer's warnings: each located in the file imported, one line each on stderr,
``FILE:LINE: warning: message [import-wiki.kind]``, as compilers print theirs."""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

#: The kinds of warning, documented in the guide's warnings page.
KINDS = {
    "unknown-template": "a template the importer does not know, kept as a comment",
    "cite-parameter": "CS1 parameters with no field of the style, kept in the bib entry",
    "cite-incomplete": "a citation without a field CS1 reports missing as an error",
    "bare-url": "a reference that is only a URL: a web citation without a title",
    "ref-without-text": "a named reference whose text is nowhere in the page",
    "sfn-target": "a short citation naming no full citation of the page",
    "nested-note": "a note inside a note, kept inline",
    "unused-list-defined": "a reference defined in the references list and never cited",
    "further-reading-cited": "further reading naming a work the article cites",
    "image": "a file not fetched: its figure shows a placeholder",
    "inline-file": "a file shown inside text, left out",
    "note-groups": "note groups the site's conf.py must define",
}


@dataclass
class Report:
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    warnings: list[tuple[Path, int, str, str]] = field(default_factory=list)

    def warn(self, path: Path, line: int, kind: str, message: str, page: str = "") -> None:
        assert kind in KINDS, kind
        self.warnings.append((path, line, kind, message))
        where = f" ({page})" if page and path.suffix.casefold() == ".xml" else ""
        print(f"{path}:{line}: warning: {message}{where} [import-wiki.{kind}]", file=self.stream)

    def counts(self) -> Counter[str]:
        return Counter(kind for _path, _line, kind, _message in self.warnings)
