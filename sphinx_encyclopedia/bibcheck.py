"""Mistakes in the bib files, reported with file and line instead of stopping the build.

sphinxcontrib-bibtex parses the bib files in its ``builder-inited`` handler, and pybtex, in its
default strict mode, raises on the first syntax error: the build ends with a traceback. Just
before that handler, the files are parsed here through sphinxcontrib-bibtex's own
``process_bibdata``, inside pybtex's ``errors.capture()`` context manager, so that pybtex skips
a broken entry and goes on, and pybtex's global error state is as it was when the block is
left, whatever happens in it. sphinxcontrib-bibtex's handler then finds the data up to date.
Each captured error becomes a located warning. The entries are then checked once per change
of the bib files: unknown entry types are reported; the citation style reports missing fields.
"""

from __future__ import annotations

import re
from pathlib import Path

import pybtex.errors
from sphinx.application import Sphinx
from sphinxcontrib.bibtex.bibfile import process_bibdata

from .citations import bibdata
from .compat import store_bibdata
from .diagnostics import warn
from .domain import get_domain
from .order import HANDLER_PRIORITY

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


def parse_bib_files(app: Sphinx) -> None:
    config = app.config
    if not config.bibtex_bibfiles:
        return  # sphinxcontrib-bibtex reports a site with none itself
    # As sphinxcontrib-bibtex names them, so that its own handler finds them up to date.
    paths = [(Path(app.confdir) / name).resolve() for name in config.bibtex_bibfiles]
    with pybtex.errors.capture() as errors:
        data = process_bibdata(bibdata(app.env), paths, config.bibtex_encoding)
    if not store_bibdata(app.env, data):
        return  # sphinxcontrib-bibtex parses them itself, uncaptured
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
    domain = get_domain(app.env)
    if domain.bib_checked == fingerprint:
        return  # unchanged since the last build reported on them
    domain.bib_checked = fingerprint
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
    app.connect("builder-inited", parse_bib_files, priority=HANDLER_PRIORITY["parse_bib_files"])
