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
from typing import Any

import pybtex.errors
from pybtex.database.input.bibtex import Parser
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
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
        places = entry_places(app.env, key)
        where = places[-1] if places else None
        first = f" (first defined at {places[0]})" if len(places) > 1 else ""
        warn(f"bib key {key!r} is defined twice; the first definition is used{first}",
             "duplicate-key", location=where)  # fmt: skip
        return
    field = re.match(r"entry with key (.+) has a duplicate (\S+) field", message)
    if field:
        key, name = field.groups()
        places = entry_places(app.env, key)
        warn(f"bib entry {key!r} gives the field {name!r} twice; the first value is used",
             "duplicate-field", location=places[0] if places else None)  # fmt: skip
        return
    if type(error).__name__ == "UndefinedMacro":  # the entry is kept, the value left empty
        macro = message.rsplit(": ", 1)[-1]
        place = broken_entry(filename, lineno) if filename and isinstance(lineno, int) else None
        within = f" in entry {place[1]}" if place else ""
        warn(f"undefined string {macro!r}{within} is read as empty", "bib-syntax",
             location=f"{filename}:{lineno}" if filename and lineno else filename)  # fmt: skip
        return
    if type(error).__name__ == "InvalidNameString":  # pybtex keeps what it can of the name
        name = re.search(r"'(.*)'", message)
        where = _value_place(app.env, name.group(1)) if name else None
        warn(f"bib name {name.group(1) if name else ''!r} is malformed ({message}); what "
             "could be read of it is used", "bib-syntax", location=where)  # fmt: skip
        return
    location = f"{filename}:{lineno}" if filename and lineno else filename
    if filename and isinstance(lineno, int):
        place = broken_entry(filename, lineno)
        if place is not None:
            line, entry, unclosed, after = place
            if unclosed:
                location = f"{filename}:{line}"
                hidden = _hiding(after, bibdata(app.env).data.entries)
                message = f"a brace in entry {entry} is never closed{hidden} ({message})"
            else:
                message = f"in entry {entry}: {message}"
    warn(f"bib file error, entry skipped: {message}", "bib-syntax", location=location)


# An entry's start as pybtex finds one: ``@type{key,`` or ``@type(key,``, at a line's start
# (pybtex takes any "@", but one inside a value is not where a broken entry starts).
_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*([{(])[ \t]*([^\s,{}()=]*)", re.MULTILINE)


def broken_entry(filename: str, lineno: int) -> tuple[int, str, bool, list[str]] | None:
    """Where the entry that pybtex's error at ``lineno`` is about starts: its line, its key
    (or ``@type`` for one without), whether it leaves a brace open, and the keys of the entries
    after it up to the error, which that brace may hide.

    An unclosed brace makes pybtex read on, across the entries after it, until a later brace
    closes it or the file ends, and report the error there. The entry to mend is then the last
    one before the error that leaves a brace open; any other error is in the entry it is
    reported in.
    """
    try:
        text = Path(filename).read_text(encoding="utf-8-sig", errors="replace")
    except (OSError, ValueError):
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # the line ends pybtex counts
    error_end = len("\n".join(text.split("\n")[:lineno]))
    starts = [
        match for match in _ENTRY_START.finditer(text)
        if match.start() < error_end and match[1].lower() != "comment"
    ]  # fmt: skip
    if not starts:
        return None
    for index in range(len(starts) - 1, -1, -1):
        start = starts[index]
        end = starts[index + 1].start() if index + 1 < len(starts) else error_end
        # An entry in braces closes with the brace it opens with.
        if _leaves_a_brace_open(text, start.start(2) if start[2] == "{" else start.end(2), end):
            line = text.count("\n", 0, start.start()) + 1
            return line, _entry_name(start), True, [after[3] for after in starts[index + 1 :]]
    last = starts[-1]
    return text.count("\n", 0, last.start()) + 1, _entry_name(last), False, []


def _hiding(after: list[str], parsed: Any) -> str:
    # pybtex reads on where it reported the error: what it read inside the brace is lost.
    lost = [key for key in after if key and key not in parsed]
    if len(lost) == 1:
        return f", which hides the entry after it ({lost[0]!r})"
    if len(lost) > 1:
        keys = " (" + ", ".join(map(repr, lost)) + ")" if len(lost) <= 3 else ""
        return f", which hides the {len(lost)} entries after it{keys}"
    return ""


def _entry_name(start: re.Match[str]) -> str:
    return repr(start[3]) if start[3] else f"@{start[1]}"


def _leaves_a_brace_open(text: str, start: int, end: int) -> bool:
    return text.count("{", start, end) > text.count("}", start, end)


def _value_place(env: BuildEnvironment, value: str) -> str | None:
    """``file:line`` of the first place ``value`` is written in the bib files (pybtex's errors
    about names carry no place)."""
    places = _places(env, re.compile(re.escape(value)))
    return places[0] if places else None


def entry_places(env: BuildEnvironment, key: str) -> list[str]:
    """Every ``file:line`` where ``key`` is defined, in the order of ``bibtex_bibfiles``; only
    looked up when something is wrong."""
    return _places(env, re.compile(r"@\s*\w+\s*[{(]\s*" + re.escape(key) + r"\s*,", re.I))


def _places(env: BuildEnvironment, pattern: re.Pattern[str]) -> list[str]:
    places = []
    for path in bibdata(env).bibfiles:
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
            places = entry_places(app.env, key)
            warn(
                f"bib entry {key!r} has the unknown type @{entry.type}; it is formatted as a "
                "generic source",
                "unknown-entry-type",
                location=places[0] if places else None,
            )


def setup_bibcheck(app: Sphinx) -> None:
    app.connect("builder-inited", parse_bib_files, priority=HANDLER_PRIORITY["parse_bib_files"])
