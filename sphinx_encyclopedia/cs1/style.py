"""Wikipedia's Citation Style 1 as a pybtex formatting style.

pybtex's template language cannot express CS1's rules (the date moves when there is no
author, punctuation must never double), so entries are assembled in plain Python from
parts joined by CS1's separator.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from pybtex.richtext import HRef, String, Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle
from pybtex.style.labels.number import LabelStyle
from pybtex.style.names.lastfirst import NameStyle
from pybtex.style.sorting.none import SortingStyle

from ..i18n import _
from .identifiers import identifier_parts, is_safe_url
from .kinds import REQUIRED_FIELDS, source_kind
from .parts import Concat, Part, concat, rich_text
from .text import (
    DATE_FORMATS,
    clean_latex,
    format_date,
    format_date_parts,
    month_number,
    ordinal_edition,
    page_range,
)

Report = Callable[[Any, str, str], None]
_CLOSERS = "”’\"'»"
_QUOTES = {"curly": ("“", "”"), "straight": ('"', '"')}


def _ends_with_stop(text: str) -> bool:
    return text.rstrip().rstrip(_CLOSERS)[-1:] in (".", "?", "!")


def join_parts(parts: Iterable[Part | None]) -> Text:
    """Parts joined by ". ", ending in one period: never ``?.`` or ``..``."""
    # One Text built at the end (see .parts): pybtex merges the parts of every Text it
    # creates, so growing a Text part by part costs time quadratic in the parts.
    pieces: list[Part | str] = []
    previous = ""
    for part in parts:
        if part is None:
            continue
        plain = str(part)
        if not plain.strip():
            continue
        if previous:
            pieces.append(" " if _ends_with_stop(previous) else ". ")
        pieces.append(part)
        previous = plain
    if previous and not _ends_with_stop(previous):
        pieces.append(".")
    return rich_text(pieces)


def _report_to_sphinx(entry: Any, field: str, message: str) -> None:
    # Used when sphinxcontrib-bibtex runs this style on its own, without a bib-file locator.
    from ..diagnostics import warn

    subtype = "url-scheme" if field == "url" else "missing-field"
    warn(f"bib entry {entry.key!r}: {message}", subtype, location=None)


class WikipediaStyle(BaseStyle):
    """CS1: ``Last, First (Date). "Title". Work. Volume (Issue): pages. Identifiers.``

    Keyword options: ``display_authors`` (0 shows all), ``date_format`` (``iso``, ``dmy``,
    ``mdy``), ``quotes`` (``curly`` or ``straight``) and ``report``, called with the entry,
    the field and a message for each problem found.
    """

    # Classes rather than plugin names: pybtex's plugin lookup scans every installed
    # distribution's entry points, the most expensive step of building a citation.
    default_name_style = NameStyle
    default_label_style = LabelStyle
    default_sorting_style = SortingStyle

    def __init__(
        self,
        display_authors: int = 0,
        date_format: str = "iso",
        quotes: str = "curly",
        report: Report | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if date_format not in DATE_FORMATS:
            raise ValueError(f"date_format must be one of {DATE_FORMATS}, not {date_format!r}")
        self.display_authors = display_authors
        self.date_format = date_format
        self.quotes = _QUOTES.get(quotes, _QUOTES["curly"])
        self.report: Report = report or _report_to_sphinx

    def format_entries(self, entries: Iterable[Any]) -> Iterable[FormattedEntry]:
        for number, entry in enumerate(entries, 1):
            yield self.format_entry(str(number), entry)

    def format_entry(self, label: str, entry: Any, bib_data: Any = None) -> FormattedEntry:
        return FormattedEntry(entry.key, EntryFormatter(self, entry).text(), label)


class EntryFormatter:
    """Formats one entry; holds what every part needs (fields, kind, options)."""

    def __init__(self, style: WikipediaStyle, entry: Any) -> None:
        self.style = style
        self.entry = entry
        # pybtex's case-insensitive mapping lower-cases the name on every lookup, and a
        # reference looks up some fifty; the names asked for here are all lower case.
        self.fields: dict[str, str] = {name.lower(): value for name, value in entry.fields.items()}
        self.kind = source_kind(entry)
        self.reported: set[tuple[str, str]] = set()

    def problem(self, field: str, message: str) -> None:
        if (field, message) not in self.reported:
            self.reported.add((field, message))
            self.style.report(self.entry, field, message)

    # -- field access ----------------------------------------------------------------------

    def field(self, *names: str) -> str:
        for name in names:
            value = clean_latex(self.fields.get(name, ""))
            if value:
                return value
        return ""

    def date(self, prefix: str = "") -> str:
        fields = self.fields
        if fields.get(f"{prefix}date"):
            return format_date(fields[f"{prefix}date"], self.style.date_format)
        year = clean_latex(fields.get(f"{prefix}year", ""))
        if not year:
            return ""
        month = month_number(fields.get(f"{prefix}month", ""))
        day_text = clean_latex(fields.get(f"{prefix}day", ""))
        day = int(day_text) if day_text.isdigit() and month else None
        if not year.isdigit():
            return year
        return format_date_parts(year, month, day, self.style.date_format)

    # -- names -----------------------------------------------------------------------------

    def names(self, role: str) -> tuple[Concat | None, int]:
        """The people in ``role`` as ``Last, First; …`` (with ``et al.``) and how many."""
        people = list(self.entry.persons.get(role, []))
        et_al = bool(people) and str(people[-1]).casefold() == "others"
        if et_al:
            people.pop()
        limit = self.display_limit()
        if limit and len(people) > limit:
            people, et_al = people[:limit], True
        if not people:
            return None, 0
        rendered: list[Part] = []
        for person in people:
            if rendered:
                rendered.append(String("; "))
            rendered.append(String(person_name(person)))
        if et_al:
            rendered.append(String("; " + _("et al.")))
        return concat(*rendered), len(people)

    def display_limit(self) -> int:
        for name in ("displayauthors", "display-authors", "maxnames"):
            value = clean_latex(self.fields.get(name, ""))
            if value.isdigit():
                return int(value)
        return self.style.display_authors

    def editors(self) -> Concat | None:
        editors, count = self.names("editor")
        if editors is None:
            return None
        return concat(editors, f" ({editor_label(count)})")

    # -- title and work --------------------------------------------------------------------

    def linked(self, text: Part) -> Part:
        url = self.url()
        return HRef(url, text) if url else text

    def url(self) -> str:
        for name in ("archiveurl", "archive-url") if self.archive_is_primary() else ():
            if self.fields.get(name):
                return self.checked_url(name)
        return self.checked_url("url") or self.howpublished_url()

    def checked_url(self, name: str) -> str:
        url = self.fields.get(name, "").strip()
        if url and not is_safe_url(url):
            self.problem(
                "url",
                f"field {name!r} has a URL that is not http(s) or ftp; it is not linked",
            )
            return ""
        return url

    def howpublished_url(self) -> str:
        raw = self.fields.get("howpublished", "")
        if "\\url" in raw:
            url = clean_latex(raw)
            return url if is_safe_url(url) else ""
        return ""

    def archive_is_primary(self) -> bool:
        return self.field("urlstatus", "url-status").casefold() != "live"

    def quoted(self, value: str) -> Part:
        opening, closing = self.style.quotes
        return concat(opening, self.linked(String(value)), closing)

    def title(self) -> Part | None:
        title = self.field("title")
        if not title:
            return None
        if self.kind in ("book", "thesis", "proceedings", "manual"):
            rendered: Part = Tag("em", self.linked(String(title)))
            if self.kind == "thesis":
                rendered = concat(rendered, f" ({self.thesis_type()})")
            edition = self.field("edition")
            if edition:
                rendered = concat(rendered, f" ({ordinal_edition(edition)})")
            return rendered
        if self.kind == "report":
            report = self.field("type") or _("Report")
            number = self.field("number")
            return concat(self.linked(String(title)), f" ({report} {number})" if number
                        else f" ({report})")  # fmt: skip
        if self.kind == "chapter" and self.entry.type.casefold() == "inbook":
            chapter = self.field("chapter")
            return self.quoted(chapter) if chapter else None
        return self.quoted(title)

    def thesis_type(self) -> str:
        given = self.field("type")
        if given:
            return given if "thesis" in given.casefold() else _("%s thesis") % given
        if self.entry.type.casefold() == "mastersthesis":
            return _("MSc thesis")
        if self.entry.type.casefold() == "phdthesis":
            return _("PhD thesis")
        return _("Thesis")

    def container(self) -> Part | None:
        """The work the entry appeared in (journal, website, book), italic."""
        if self.kind == "chapter" and self.entry.type.casefold() == "inbook":
            name = self.field("title")
        elif self.kind in ("chapter", "conference"):
            name = self.field("booktitle", "maintitle")
        elif self.kind in ("web", "generic"):
            name = self.field("journaltitle", "journal", "website", "organization")
            if not name and "\\url" not in self.fields.get("howpublished", ""):
                name = self.field("howpublished")
        else:
            name = self.field("journaltitle", "journal")
        return Tag("em", String(name)) if name else None

    def publisher(self) -> Part | None:
        if self.kind == "patent":  # its location is the issuing country, printed with it
            return None
        if self.kind == "thesis":
            name = self.field("school", "institution", "publisher")
        elif self.kind == "report":
            name = self.field("institution", "publisher", "organization")
        elif self.kind == "manual":
            name = self.field("organization", "publisher")
        elif self.kind in ("web", "generic") and not self.fields.get("publisher"):
            return None
        else:
            name = self.field("publisher")
        place = self.field("location", "address")
        if self.kind in ("journal", "news", "magazine"):
            return String(place) if place else None
        if name and place:
            return String(f"{place}: {name}")
        return String(name or place) if (name or place) else None

    def series_and_volume(self) -> list[Part | None]:
        series = self.field("series")
        volume = self.field("volume")
        return [
            String(series) if series else None,
            String(_("Vol. %s") % volume) if volume else None,
        ]

    def periodical_details(self) -> Part | None:
        volume, issue = self.field("volume"), self.field("number", "issue")
        article_number = self.field("eid", "article-number", "articleno")
        pages = self.fields.get("pages", "")
        if self.kind == "journal":
            detail = Concat()
            if volume:
                detail = concat(Tag("strong", String(volume)))
            if issue:
                detail = concat(detail, f" ({issue})" if volume else f"({issue})")
            if article_number:
                return (
                    concat(detail, f" {article_number}")
                    if volume or issue
                    else concat(article_number)
                )
            if pages:
                locator = page_range(pages)[0]
                return concat(detail, f": {locator}") if volume or issue else concat(locator)
            return detail if str(detail) else None
        details = []
        if volume:
            details.append(_("Vol. %s") % volume)
        if issue:
            details.append(_("no. %s") % issue)
        return String(", ".join(details)) if details else None

    def pages(self) -> Part | None:
        if not self.fields.get("pages") or self.kind == "journal":
            return None
        pages, several = page_range(self.fields["pages"])
        return String((_("pp. %s") if several else _("p. %s")) % pages)

    def access_parts(self) -> list[Part | None]:
        parts: list[Part | None] = []
        archive_url = self.fields.get("archiveurl") or self.fields.get("archive-url")
        if archive_url and is_safe_url(archive_url):
            date = self.date("archive") or format_date(
                self.fields.get("archive-date", ""), self.style.date_format
            )
            phrase = (
                _("Archived from the original on %s") % date
                if date
                else _("Archived from the original")
            )
            original = self.checked_url("url")
            parts.append(HRef(original if self.archive_is_primary() and original
                              else archive_url, phrase))  # fmt: skip
        retrieved = self.date("url") or format_date(
            self.fields.get("access-date", ""), self.style.date_format
        )
        if retrieved:
            parts.append(String(_("Retrieved %s") % retrieved))
        return parts

    # -- assembly --------------------------------------------------------------------------

    def text(self) -> Text:
        self.check_required()
        kind = self.kind
        authors, _count = self.names("author")
        if kind == "patent":
            authors = authors or self.names("holder")[0]
        leading_editors = None
        if authors is None and kind in ("book", "proceedings"):
            editors, count = self.names("editor")
            if editors is not None:
                leading_editors = concat(editors, f", {editor_label(count)}")
        creators = authors or leading_editors
        date = self.date()
        parts: list[Part | None] = []
        if creators is not None:
            parts.append(concat(creators, f" ({date})") if date else creators)
        parts.append(self.title())
        if kind == "chapter" or (kind == "conference" and self.fields.get("editor")):
            editors = self.editors()
            container = self.container()
            edition = self.field("edition")
            if container is not None and edition:
                container = concat(container, f" ({ordinal_edition(edition)})")
            if editors is not None and container is not None:
                parts.append(concat(_("In") + " ", editors, ". ", container))
            elif container is not None:
                parts.append(concat(_("In") + " ", container))
        else:
            parts.append(self.container())
        if kind in ("book", "chapter", "proceedings", "manual"):
            parts.extend(self.series_and_volume())
        parts.append(self.publisher())
        if kind in ("journal", "news", "magazine"):
            details = self.periodical_details()
            if creators is None and date:
                dated = [String(date), details]
                parts.extend(dated if kind != "journal" else dated[::-1])
            else:
                parts.append(details)
        elif creators is None and date:
            parts.append(String(date))
        if kind == "patent":
            number = self.field("number")
            country = self.field("location", "address")
            patent = _("patent %s") % number
            parts.append(String(f"{country} {patent}" if country else patent) if number else None)
        parts.append(self.pages())
        note = self.field("note", "addendum")
        parts.append(String(note) if note else None)
        parts.extend(identifier_parts(self.fields, arxiv_class=kind == "arxiv"))
        parts.extend(self.access_parts())
        return join_parts(parts)

    def check_required(self) -> None:
        for alternatives in REQUIRED_FIELDS.get(self.kind, ()):
            if self.kind == "book" and alternatives == ("author",):
                alternatives = ("author", "editor")
            if not any(self.has(name) for name in alternatives):
                names = " or ".join(repr(name) for name in alternatives)
                self.problem(alternatives[0], f"missing field {names} for a {self.kind} source")

    def has(self, name: str) -> bool:
        if name in ("author", "editor", "holder"):
            return bool(self.entry.persons.get(name))
        if name == "date":
            return bool(self.fields.get("date") or self.fields.get("year"))
        return bool(self.field(name))


def editor_label(count: int) -> str:
    return str(_("ed.") if count == 1 else _("eds."))


def person_name(person: Any) -> str:
    """CS1's ``Last, First``; a braced organisation name prints as given."""
    last = " ".join(person.prelast_names + person.last_names)
    first = " ".join(person.first_names + person.middle_names)
    parts: Sequence[str] = [part for part in (last, first, " ".join(person.lineage_names)) if part]
    return clean_latex(", ".join(parts))
