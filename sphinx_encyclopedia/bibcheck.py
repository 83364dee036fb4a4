"""Mistakes in the bib files, reported with file and line instead of stopping the build.

sphinxcontrib-bibtex parses the bib files in its ``builder-inited`` handler, and pybtex, in its
default strict mode, raises on the first syntax error: the build ends with a traceback. Just
before that handler, the files are parsed here through sphinxcontrib-bibtex's own
``process_bibdata``, inside pybtex's ``errors.capture()`` context manager, so that pybtex skips
a broken entry and goes on, and pybtex's global error state is as it was when the block is
left, whatever happens in it. sphinxcontrib-bibtex's handler then finds the data up to date.
Each captured error becomes a located warning. A file that is not in ``bibtex_encoding`` is
read as Latin-1, with a warning, rather than stopping the build. The entries are then checked
once per change of the bib files: unknown entry types are reported; the citation style reports
missing fields.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pybtex.errors
from pybtex.database.input.bibtex import Parser
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinxcontrib.bibtex.bibfile import BibData, BibFile, is_bibdata_outdated, parse_bibdata

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
    current, encoding = bibdata(app.env), config.bibtex_encoding
    if not is_bibdata_outdated(current, paths, encoding):
        check_entry_types(app)
        return
    readable = {path: readable_encoding(path, encoding) for path in paths}
    with pybtex.errors.capture() as errors:
        if all(found == encoding for found in readable.values()):
            data = parse_bibdata(paths, encoding)
        else:
            data = parse_each_in_its_encoding(readable, encoding)
    if not store_bibdata(app.env, data):
        return  # sphinxcontrib-bibtex parses them itself, uncaptured
    for error in errors:
        report_error(app, error)
    check_entry_types(app)


def readable_encoding(path: Path, encoding: str) -> str:
    """``encoding`` if the file reads in it (or cannot be read: parsing reports that), else
    Latin-1, which reads any bytes, with a warning at the first line that does not decode."""
    try:
        raw = path.read_bytes()
    except OSError:
        return encoding
    try:
        raw.decode(encoding)
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        warn(
            f"bib file is not {encoding} (byte 0x{raw[error.start]:02x}); it is read as Latin-1: "
            "save it as UTF-8 or set bibtex_encoding",
            "bib-encoding",
            location=f"{path}:{line}",
        )
        return "latin-1"
    except LookupError:
        return encoding  # an unknown encoding name: sphinxcontrib-bibtex's to report
    return encoding


def parse_each_in_its_encoding(readable: dict[Path, str], encoding: str) -> BibData:
    """sphinxcontrib-bibtex's ``parse_bibdata``, with one encoding for each file.

    The result names the configured encoding, so that sphinxcontrib-bibtex finds it up to date
    and the next build parses again only when a file changes.
    """
    parser = Parser(encoding)
    bibfiles: dict[Path, BibFile] = {}
    for path, file_encoding in readable.items():
        known = set(parser.data.entries)
        if path.is_file():
            parser.encoding = file_encoding
            parser.parse_file(path)
        else:
            # As sphinxcontrib-bibtex reports a missing file when it parses them itself.
            logging.getLogger(__name__).warning(
                f"could not open bibtex file {path}.", type="bibtex", subtype="bibfile_error"
            )
        keys = dict.fromkeys(key for key in parser.data.entries if key not in known)
        bibfiles[path] = BibFile(mtime=_mtime(path), keys=keys)
    return BibData(encoding=encoding, bibfiles=bibfiles, data=parser.data)


def _mtime(path: Path) -> float:
    # What sphinxcontrib-bibtex compares to decide whether its data is up to date; should its
    # convention change, the next build only parses the files once more.
    try:
        return path.lstat().st_mtime
    except OSError:
        return -math.inf


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
    field = re.match(r"entry with key (.+) has a duplicate (\S+) field", message)
    if field:
        key, name = field.groups()
        places = entry_places(app, key)
        warn(f"bib entry {key!r} gives the field {name!r} twice; the first value is used",
             "duplicate-field", location=places[0] if places else None)  # fmt: skip
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
