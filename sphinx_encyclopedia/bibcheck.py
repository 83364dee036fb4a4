"""Mistakes in the bib files, reported with file and line instead of stopping the build.

sphinxcontrib-bibtex parses the bib files in its ``builder-inited`` handler, and pybtex, in its
default strict mode, raises on the first syntax error: the build ends with a traceback. Around
that handler pybtex's errors are captured instead (pybtex then skips the broken entry and goes
on), and each becomes a located warning. The entries are then checked once per change of the
bib files: unknown entry types are reported; the citation style reports missing fields.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pybtex.errors
from sphinx.application import Sphinx

from .citations import bibdata
from .diagnostics import warn

# BibTeX's and BibLaTeX's entry types, and the aliases BibLaTeX accepts.
KNOWN_TYPES = frozenset({
    "article", "book", "mvbook", "inbook", "bookinbook", "suppbook", "booklet", "collection",
    "mvcollection", "incollection", "suppcollection", "dataset", "manual", "misc", "online",
    "patent", "periodical", "suppperiodical", "proceedings", "mvproceedings", "inproceedings",
    "reference", "mvreference", "inreference", "report", "set", "software", "thesis",
    "unpublished", "xdata", "conference", "electronic", "mastersthesis", "phdthesis",
    "techreport", "www", "preprint", "artwork", "audio", "bibnote", "commentary", "image",
    "jurisdiction", "legislation", "legal", "letter", "movie", "music", "performance",
    "review", "standard", "video",
})  # fmt: skip

# Between the two handlers below, which run in the main process around sphinxcontrib-bibtex's.
_capture: Any = None
_errors: list[Exception] = []
_CHECKED = "_sphinx_encyclopedia_bib_checked"


def start_capturing(app: Sphinx) -> None:
    global _capture, _errors
    _capture = pybtex.errors.capture()
    _errors = _capture.__enter__()


def report_bib_problems(app: Sphinx) -> None:
    global _capture, _errors
    errors, _errors = _errors, []
    if _capture is not None:
        _capture.__exit__(None, None, None)
        _capture = None
    for error in errors:
        report_error(app, error)
    check_entry_types(app)


def report_error(app: Sphinx, error: Exception) -> None:
    filename = getattr(error, "filename", None)
    lineno = getattr(error, "lineno", None)
    message = str(error)
    duplicate = re.match(r"repeated bibliograph?y entry: (.+)", message)
    if duplicate:
        key = duplicate.group(1).strip()
        places = entry_places(app, key)
        where = places[-1] if places else None
        first = f" (first defined at {places[0]})" if len(places) > 1 else ""
        warn(f"bib key {key!r} is defined twice; the first definition is used{first}",
             "duplicate-key", location=where)  # fmt: skip
        return
    location = f"{filename}:{lineno}" if filename and lineno else filename
    warn(f"bib file error, entry skipped: {message}", "bib-syntax", location=location)


def entry_places(app: Sphinx, key: str) -> list[str]:
    """Every ``file:line`` where ``key`` is defined, in the order of ``bibtex_bibfiles``."""
    pattern = re.compile(r"@\s*\w+\s*[{(]\s*" + re.escape(key) + r"\s*,", re.IGNORECASE)
    places = []
    for path in bibdata(app.env).bibfiles:
        try:
            text = Path(path).read_text(encoding="utf-8-sig", errors="replace")
        except OSError:
            continue
        for match in pattern.finditer(text):
            places.append(f"{path}:{text.count(chr(10), 0, match.start()) + 1}")
    return places


def check_entry_types(app: Sphinx) -> None:
    data = bibdata(app.env)
    fingerprint = tuple((str(path), bibfile.mtime) for path, bibfile in data.bibfiles.items())
    if getattr(app.env, _CHECKED, None) == fingerprint:
        return  # unchanged since the last build reported on them
    setattr(app.env, _CHECKED, fingerprint)
    for key, entry in data.data.entries.items():
        if entry.type.casefold() not in KNOWN_TYPES:
            places = entry_places(app, key)
            warn(
                f"bib entry {key!r} has the unknown type @{entry.type}; it is formatted as a "
                "generic source",
                "unknown-entry-type",
                location=places[0] if places else None,
            )


def setup_bibcheck(app: Sphinx) -> None:
    # sphinxcontrib-bibtex parses at the default priority, 500.
    app.connect("builder-inited", start_capturing, priority=400)
    app.connect("builder-inited", report_bib_problems, priority=600)
