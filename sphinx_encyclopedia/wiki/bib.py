"""The bib file the importer adds to: matching works it already holds, new keys, appending.

What the file holds is never rewritten: new entries are written by pybtex's BibTeX writer and
appended after it. A work is the same as one already there when its DOI, ISBN, arXiv id or URL
is, else its title and year; the same work cited at other pages (a citation's own ``pages``,
``quote``, access date …) becomes a small entry that inherits the rest through ``crossref``.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pybtex.errors
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.input.bibtex import Parser
from pybtex.database.output.bibtex import Writer

from ..cs1.kinds import TEMPLATE_FIELD
from .cite import Work, year_of

# Fields that say where in a work a citation points, or when it was read: two citations of
# one work differ in them, and the second one inherits the rest of the work.
IN_SOURCE = frozenset(
    {
        "pages",
        "note",
        "quote",
        "urldate",
        "via",
        "archiveurl",
        "archivedate",
        "urlstatus",
        "addendum",
        "titleaddon",
    }
)
# Written as they are: the style reads them raw (URLs, identifiers), or they are not text.
# pybtex's writer encodes every other value as LaTeX (``&`` as ``\&``, ``%`` as ``\%``),
# which the style decodes back to the text.
RAW = frozenset(
    {
        "url",
        "archiveurl",
        "crossref",
        "entryset",
        "doi",
        "eprint",
        "pmc",
        "pmid",
        "bibcode",
        "jstor",
        "hdl",
        "isbn",
        "issn",
        "oclc",
    }
)
_STOP_WORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "on",
        "of",
        "in",
        "and",
        "to",
        "for",
        "le",
        "la",
        "les",
        "der",
        "die",
        "das",
        "el",
        "los",
    }
)


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if char.isascii() and char.isalnum()).lower()


def _normal_url(url: str) -> str:
    url = re.sub(r"^[a-z]+://", "", url.strip().casefold())
    url = url.removeprefix("www.")
    return url.rstrip("/")


def _normal_title(title: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", title.casefold()).split())


def identities(fields: dict[str, str]) -> list[tuple[str, str]]:
    """What makes a work the same as another, strongest first."""
    found = []
    doi = fields.get("doi", "").strip().casefold()
    if doi:
        found.append(("doi", re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", doi)))
    isbn = re.sub(r"[^0-9x]", "", fields.get("isbn", "").casefold())
    if isbn:
        found.append(("isbn", isbn))
    eprint = fields.get("eprint", "").strip().casefold().removeprefix("arxiv:")
    if eprint:
        found.append(("arxiv", eprint))
    url = fields.get("url", "")
    if url:
        found.append(("url", _normal_url(url)))
    title = _normal_title(fields.get("title", ""))
    year = year_of(fields.get("date", "") or fields.get("year", ""))
    if title and not found:
        found.append(("title", f"{title}|{year}"))
    return found


@dataclass
class Stored:
    key: str
    work: Work | None  # None: an entry the file held, known by its fields only
    fields: dict[str, str] = field(default_factory=dict)


class BibFile:
    """The entries of one bib file, and those the import adds to it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.keys: set[str] = set()
        self.by_identity: dict[tuple[str, str], Stored] = {}
        self.new: dict[str, Work] = {}
        self.existing = 0
        if path.is_file():
            self._read(path)

    def _read(self, path: Path) -> None:
        strict = pybtex.errors.strict
        pybtex.errors.set_strict_mode(False)
        try:
            data = Parser().parse_file(str(path))
        finally:
            pybtex.errors.set_strict_mode(strict)
        for key, entry in data.entries.items():
            self.keys.add(key.casefold())
            fields = {name.lower(): str(value) for name, value in entry.fields.items()}
            stored = Stored(key, None, fields)
            for identity in identities(fields):
                self.by_identity.setdefault(identity, stored)
            self.existing += 1

    def add(self, work: Work) -> str:
        """The key of ``work``: an entry the file (or this import) has for it, else a new one."""
        stored = self._match(work)
        if stored is None:
            return self._store(work)
        if stored.work is not None and stored.work.identity() == work.identity():
            return stored.key
        if stored.work is None:
            # An entry the user had, of the same DOI, ISBN, arXiv id or address: theirs is
            # the work; what the citation adds about its place in it is a child entry.
            added = {
                name: value
                for name, value in work.fields.items()
                if name in IN_SOURCE and stored.fields.get(name) != value
            }
            return self.child(stored.key, added) if added else stored.key
        parent_fields = stored.work.fields if stored.work is not None else stored.fields
        differing = {
            name: value
            for name, value in work.fields.items()
            if parent_fields.get(name) != value and name != TEMPLATE_FIELD
        }
        same_people = stored.work is None or stored.work.persons == work.persons
        if same_people and set(differing) <= IN_SOURCE:
            if not differing and stored.work is None:
                return stored.key
            return self.child(stored.key, differing)
        return self._store(work, index=False)

    def child(self, parent: str, fields: dict[str, str] | None = None) -> str:
        """A new entry inheriting ``parent``'s fields through ``crossref``: one more item in
        a references list for one work (Cite lists each unnamed ``<ref>`` apart)."""
        child = Work("misc", {"crossref": parent, **(fields or {})})
        return self._store(child, base=parent, index=False)

    def verbatim(self, text: str, stem: str = "ref") -> str:
        """An entry whose text the style prints as it is: a ``<ref>`` of free text."""
        for stored_key, work in self.new.items():
            if (
                work.fields.get("verbatim") == text
                and work.type == "misc"
                and len(work.fields) == 1
            ):
                return stored_key
        return self._store(Work("misc", {"verbatim": text}), base=stem, index=False)

    def set_of(self, keys: list[str], stem: str) -> str:
        """biblatex's ``@set``: several works in one references-list item."""
        return self._store(Work("set", {"entryset": ",".join(keys)}), base=stem, index=False)

    def _match(self, work: Work) -> Stored | None:
        for identity in identities(work.fields):
            if identity in self.by_identity:
                return self.by_identity[identity]
        return None

    def _store(self, work: Work, base: str | None = None, index: bool = True) -> str:
        key = self._free_key(base or self._key_base(work))
        self.new[key] = work
        self.keys.add(key.casefold())
        if index:
            stored = Stored(key, work, work.fields)
            for identity in identities(work.fields):
                self.by_identity.setdefault(identity, stored)
        return key

    def _key_base(self, work: Work) -> str:
        people = work.persons.get("author") or work.persons.get("editor") or []
        name = ""
        if people:
            first = people[0].strip("{}")
            name = first.split(",", 1)[0] if "," in first else first.split()[-1]
        if not name:
            name = work.fields.get("website") or work.fields.get("journal") or ""
            name = (name.split() or [""])[0]
        if not name and work.fields.get("url"):
            host = re.sub(r"^[a-z]+://(www\.)?", "", work.fields["url"].casefold())
            name = re.split(r"[./:]", host)[0]
        year = year_of(work.fields.get("date", ""))
        title_text = work.fields.get("title", "")
        if re.match(r"[a-z]+://", title_text):
            title_text = ""
        words = [w for w in re.split(r"\W+", title_text) if _ascii(w)]
        title = next(
            (w for w in words if w.casefold() not in _STOP_WORDS), words[0] if words else ""
        )
        return (_ascii(name) + re.sub(r"[^0-9a-z]", "", year) + _ascii(title)) or "ref"

    def _free_key(self, base: str) -> str:
        key, number = base, 1
        while key.casefold() in self.keys:
            number += 1
            key = f"{base}-{number}"
        return key

    def bibtex(self) -> str:
        """The new entries as BibTeX, by pybtex's writer."""
        data = BibliographyData()
        for key, work in self.new.items():
            data.add_entry(key, to_entry(work))
        if not self.new:
            return ""
        stream = io.StringIO()
        _Writer().write_stream(data, stream)
        text = stream.getvalue()
        return text if text.endswith("\n") else text + "\n"

    def write(self) -> int:
        """Append the new entries; the file's own text is left as it was."""
        text = self.bibtex()
        if not text:
            return 0
        before = self.path.read_text(encoding="utf-8") if self.path.is_file() else ""
        separator = "" if not before else ("\n" if before.endswith("\n") else "\n\n")
        if before and not before.endswith("\n\n"):
            separator = "\n" if before.endswith("\n") else "\n\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(separator + text)
        return len(self.new)


class _Writer(Writer):
    """pybtex's BibTeX writer, leaving addresses and identifiers unencoded: the style links
    them as they are written, where an escaped underscore would break an address."""

    def _write_field(self, stream: Any, type: str, value: str) -> None:
        if type.casefold() in RAW:
            stream.write(f",\n    {type} = {self.quote(value)}")
        else:
            super()._write_field(stream, type, value)


def to_entry(work: Work) -> Entry:
    fields: dict[str, Any] = dict(work.fields)
    persons = {role: [Person(person) for person in people] for role, people in work.persons.items()}
    return Entry(work.type, fields=fields, persons=persons)


def missing_fields(work: Work) -> list[str]:
    """The fields the CS1 style wants for this kind of source that the citation lacks: the
    style reports them at build time (``encyclopedia.missing-field``), the importer first."""
    from ..cs1.kinds import TEMPLATE_FIELD, required_fields, source_kind

    if "verbatim" in work.fields or "crossref" in work.fields or work.type == "set":
        return []
    kind = source_kind(to_entry(work))
    missing = []
    for alternatives in required_fields(kind, work.fields.get(TEMPLATE_FIELD)):
        if kind == "book" and alternatives == ("author",):
            alternatives = ("author", "editor")
        present = any(
            work.persons.get(name)
            if name in ("author", "editor", "holder")
            else work.fields.get(name) or (name == "date" and work.fields.get("year"))
            for name in alternatives
        )
        if not present:
            missing.append(" or ".join(alternatives))
    return missing
