"""Wikipedia's Citation Style 1 as a pybtex formatting style.

pybtex's template language cannot express CS1's rules (the date moves when there is no
author, punctuation must never double), so entries are assembled in plain Python from
parts joined by CS1's separator.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from pybtex.richtext import HRef, String, Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle
from pybtex.style.labels.number import LabelStyle
from pybtex.style.names.lastfirst import NameStyle
from pybtex.style.sorting.none import SortingStyle

from ..i18n import _
from .identifiers import identifier_parts, is_safe_url, unbroken
from .kinds import TEMPLATE_FIELD, required_fields, source_kind
from .parts import Concat, Part, concat, rich_text
from .text import (
    DATE_FORMATS,
    clean_latex,
    format_date,
    format_date_parts,
    language_name,
    month_number,
    ordinal_edition,
    page_range,
    unknown_latex_commands,
    with_subtitle,
)

Report = Callable[[Any, str, str], None]
_CLOSERS = "”’\"'»"
_QUOTES = {"curly": ("“", "”"), "straight": ('"', '"')}
# CS1 (after MOS:QINQ) puts a quoted title's own double quotes in single ones, so that
# they do not stand doubled against the quotes around the title.
_INNER_QUOTES = str.maketrans({"“": "‘", "”": "’", '"': "'"})
_QUOTE_COMMAND = re.compile(r"\\(?:enquote|mkbibquote)(\*?)\s*\{")

# biblatex's inheritance through ``crossref`` (its manual, appendix B): every field the
# child lacks, except these, and the parent's title under another name for some types.
_NOT_INHERITED = frozenset({
    "ids", "crossref", "xref", "entryset", "entrysubtype", "execute", "label", "options",
    "presort", "related", "relatedoptions", "relatedstring", "relatedtype", "shorthand",
    "shorthandintro", "sortkey", "shorttitle", "sorttitle", "indextitle", "indexsorttitle",
})  # fmt: skip
_TITLES = ("title", "subtitle", "titleaddon")
# BibTeX's @conference and a @book holding an @incollection are included: bib files written
# for BibTeX cross-reference them so, and biblatex's rule is the one that gives a book title.
_PARTS_OF_WORKS = frozenset({
    "inbook", "bookinbook", "suppbook", "incollection", "inreference", "suppcollection",
    "inproceedings", "conference",
})  # fmt: skip
_WORKS = frozenset({"book", "collection", "reference", "proceedings"})
_MULTIVOLUME_WORKS = frozenset({"mvbook", "mvcollection", "mvreference", "mvproceedings"})


def _title_prefix(parent_type: str, child_type: str) -> str:
    """What the parent's ``title`` becomes in the child: ``booktitle``, ``maintitle``,
    ``journaltitle`` (the prefix of each), or the child's own ``title`` ("")."""
    if parent_type in _WORKS and child_type in _PARTS_OF_WORKS:
        return "book"
    if parent_type in _MULTIVOLUME_WORKS and child_type in _PARTS_OF_WORKS | _WORKS:
        return "main"
    if parent_type == "periodical" and child_type in ("article", "suppperiodical"):
        return "journal"
    return ""


def _spelled_quotes(value: str) -> str:
    r"""``\enquote{x}`` as ````x''`` (``\enquote*{x}`` as ``‘x’``): quotes the reader sees,
    where unwrapping the command would drop them."""
    if "quote" not in value:
        return value
    while match := _QUOTE_COMMAND.search(value):
        depth, end = 1, match.end()
        while depth and end < len(value):
            depth += {"{": 1, "}": -1}.get(value[end], 0)
            end += 1
        if depth:  # unbalanced: left for the LaTeX cleanup to deal with
            return value
        opening, closing = ("‘", "’") if match.group(1) else ("``", "''")
        value = (
            f"{value[: match.start()]}{opening}{value[match.end() : end - 1]}{closing}{value[end:]}"
        )
    return value


# A range that starts and ends on one page (``331–331``), alone or in a list of pages.
_SAME_PAGE = re.compile(r"(?<![^\s,;&])([^\s–,;&]+)\s*–\s*\1(?![^\s,;&])")


def _pages(value: str) -> tuple[str, bool]:
    """The pages with en dashes, a range of one page as that page, and whether they are more
    than one page."""
    pages = _SAME_PAGE.sub(r"\1", page_range(value)[0])
    return pages, any(mark in pages for mark in "–,;&")


def _ends_with_stop(text: str) -> bool:
    return text.rstrip().rstrip(_CLOSERS)[-1:] in (".", "?", "!")


def join_parts(parts: Iterable[Part | None], end: str = ".") -> Text:
    """Parts joined by ". ", ending in one period (``end``): never ``?.`` or ``..``."""
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
    if previous and end and not _ends_with_stop(previous):
        pieces.append(end)
    return rich_text(pieces)


def problem_subtype(field: str) -> str:
    """The warning subtype of a problem the style reports: an unsafe URL, LaTeX it cannot
    convert (the pseudo-field ``latex``), else a missing field."""
    return {"url": "url-scheme", "latex": "bib-latex"}.get(field, "missing-field")


def _report_to_sphinx(entry: Any, field: str, message: str) -> None:
    # Used when sphinxcontrib-bibtex runs this style on its own, without a bib-file locator.
    from ..diagnostics import warn

    warn(f"bib entry {entry.key!r}: {message}", problem_subtype(field), location=None)


class WikipediaStyle(BaseStyle):
    """CS1: ``Last, First (Date). "Title". Work. Volume (Issue): pages. Identifiers.``

    Keyword options: ``display_authors`` (0 shows all), ``date_format`` (``iso``, ``dmy``,
    ``mdy``), ``quotes`` (``curly`` or ``straight``), ``report``, called with the entry,
    the field and a message for each problem found, and ``language``, the site's, in which
    languages are named and whose own works are not said to be in it.
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
        language: str = "en",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if date_format not in DATE_FORMATS:
            raise ValueError(f"date_format must be one of {DATE_FORMATS}, not {date_format!r}")
        self.display_authors = display_authors
        self.date_format = date_format
        self.quotes = _QUOTES.get(quotes, _QUOTES["curly"])
        self.report: Report = report or _report_to_sphinx
        #: The site's language: a work in it is not said to be (CS1 names only others).
        self.language = language

    def format_entries(
        self, entries: Iterable[Any], bib_data: Any = None
    ) -> Iterable[FormattedEntry]:
        for number, entry in enumerate(entries, 1):
            yield self.format_entry(str(number), entry, bib_data)

    def format_entry(self, label: str, entry: Any, bib_data: Any = None) -> FormattedEntry:
        """``bib_data``, the entry's pybtex ``BibliographyData``, is where the parent of a
        ``crossref`` and the members of a ``@set`` are found; without it they are not."""
        entries = bib_data.entries if bib_data is not None else None
        # Gathered over the whole entry, wherever clean_latex is called, to report once.
        with unknown_latex_commands() as unknown:
            if entry.type.casefold() == "set":
                text = self.format_set(entry, entries)
            else:
                text = EntryFormatter(self, entry, entries).text()
        if unknown:
            names = ", ".join("\\" + name for name in sorted(unknown))
            self.report(entry, "latex", f"LaTeX commands the converter does not know: {names}; "
                        "their arguments are kept as text")  # fmt: skip
        return FormattedEntry(entry.key, text, label)

    def format_set(self, entry: Any, entries: Mapping[str, Any] | None) -> Text:
        """biblatex's set: its members in order, each as it is alone, joined by "; "."""
        keys = [key.strip() for key in entry.fields.get("entryset", "").split(",")]
        keys = [key for key in keys if key]
        if not keys:
            self.report(entry, "entryset", "missing field 'entryset' for a set")
        elif entries is None:
            self.report(entry, "entryset", "the members of a set need the bib data to be found")
            keys = []
        pieces: list[Part | str] = []
        last = ""
        for key in keys:
            member = entries.get(key) if entries is not None else None
            if member is None:
                self.report(entry, "entryset", f"set member {key!r} is not in the bib files")
                continue
            if member.type.casefold() == "set":  # biblatex forbids it; it could loop
                self.report(entry, "entryset", f"set member {key!r} is itself a set")
                continue
            text = EntryFormatter(self, member, entries).text(end="")
            if not str(text).strip():
                continue
            if pieces:
                pieces.append("; ")
            pieces.append(text)
            last = str(text)
        if last and not _ends_with_stop(last):
            pieces.append(".")
        return rich_text(pieces)


class EntryFormatter:
    """Formats one entry; holds what every part needs (fields, kind, options)."""

    def __init__(
        self, style: WikipediaStyle, entry: Any, entries: Mapping[str, Any] | None = None
    ) -> None:
        self.style = style
        self.entry = entry
        self.reported: set[tuple[str, str]] = set()
        # pybtex's case-insensitive mapping lower-cases the name on every lookup, and a
        # reference looks up some fifty; the names asked for here are all lower case.
        self.fields: dict[str, str] = {name.lower(): value for name, value in entry.fields.items()}
        self.persons: dict[str, list[Any]] = {
            role.lower(): people for role, people in entry.persons.items()
        }
        if entries is not None and self.fields.get("crossref", "").strip():
            self.inherit(entries)
        self.kind = source_kind(entry)

    def problem(self, field: str, message: str) -> None:
        if (field, message) not in self.reported:
            self.reported.add((field, message))
            self.style.report(self.entry, field, message)

    def inherit(self, entries: Mapping[str, Any]) -> None:
        """Fields and people of the ``crossref`` parent (and its own parent) the entry lacks."""
        child_type = self.entry.type.casefold()
        seen = {self.entry.key.casefold()}
        key = self.fields["crossref"].strip()
        while key and key.casefold() not in seen:
            parent = entries.get(key)
            if parent is None:
                self.problem("crossref", f"crossref {key!r} is not in the bib files")
                return
            seen.add(key.casefold())
            prefix = _title_prefix(parent.type.casefold(), child_type)
            for name, value in parent.fields.items():
                name = name.lower()
                if name in _NOT_INHERITED:
                    continue
                if prefix and name in _TITLES:
                    name = prefix + name
                self.fields.setdefault(name, value)
            for role, people in parent.persons.items():
                self.persons.setdefault(role.lower(), people)
            key = parent.fields.get("crossref", "").strip()
            # The grandparent's title is renamed by its rule with the parent: an @mvbook's
            # title is a @book's main title, and so the main title of the book's chapter.
            child_type = parent.type.casefold()

    # -- field access ----------------------------------------------------------------------

    def field(self, *names: str) -> str:
        for name in names:
            value = clean_latex(_spelled_quotes(self.fields.get(name, "")))
            if value:
                return value
        return ""

    def titled_field(self, *names: str) -> str:
        """The first of the title fields ``names`` (``title``, ``booktitle``, ``maintitle``,
        ``journaltitle``, …) that has a value, with its biblatex subtitle (``subtitle``,
        ``booksubtitle``, …) after it, as Wikipedia writes a title with its subtitle:
        "Superintelligence: Paths, Dangers, Strategies"."""
        for name in names:
            title = self.field(name)
            if title:
                return with_subtitle(title, self.field(name.replace("title", "subtitle")))
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
        people = list(self.persons.get(role, []))
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
        return concat(opening, self.linked(String(value.translate(_INNER_QUOTES))), closing)

    def title(self) -> Part | None:
        title = self.titled_field("title")
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
        if self.titled_by_chapter():
            chapter = self.field("chapter")
            return self.quoted(chapter) if chapter else None
        return self.quoted(title)

    def titled(self) -> Part | None:
        """The title with what CS1 sets after it: the translated title (biblatex's
        ``titleaddon``) and the language of a work not in English."""
        title = self.title()
        addon = self.field("titleaddon")
        language = language_name(self.field("language", "langid"), self.style.language)
        if title is None or not (addon or language):
            return title
        # Outside an f-string, where the catalog's extractor finds the label.
        written_in = " (" + _("in %s") % language + ")" if language else ""
        return concat(title, f" {addon}" if addon else "", written_in)

    def titled_by_chapter(self) -> bool:
        """BibTeX's @inbook: ``title`` is the book, ``chapter`` the part cited. biblatex's
        (and a cross-referenced one, given its parent's title as ``booktitle``) is titled as
        an @incollection is."""
        return self.entry.type.casefold() == "inbook" and not self.fields.get("booktitle")

    def thesis_type(self) -> str:
        given = self.field("type")
        if given:
            return given if "thesis" in given.casefold() else _("%s thesis") % given
        if self.entry.type.casefold() == "mastersthesis":
            return _("MSc thesis")
        if self.entry.type.casefold() == "phdthesis":
            return _("PhD thesis")
        return _("Thesis")

    def event(self) -> Part | None:
        """The meeting a paper was given at (``eventtitle``), linked to its page when
        ``eventurl`` gives one, as CS1's |conference= and |conference-url=."""
        name = self.field("eventtitle")
        if not name:
            return None
        url = self.checked_url("eventurl")
        return HRef(url, String(name)) if url else String(name)

    def container(self) -> Part | None:
        """The work the entry appeared in (journal, website, book), italic."""
        if self.titled_by_chapter():
            name = self.titled_field("title")
        elif self.kind in ("chapter", "conference"):
            name = self.titled_field("booktitle", "maintitle")
        elif self.kind in ("web", "generic"):
            name = self.titled_field("journaltitle") or self.field(
                "journal", "website", "organization"
            )
            if not name and "\\url" not in self.fields.get("howpublished", ""):
                name = self.field("howpublished")
        else:
            name = self.titled_field("journaltitle") or self.field("journal")
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
                locator = _pages(pages)[0]
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
        pages, several = _pages(self.fields["pages"])
        return String((_("pp. %s") if several else _("p. %s")) % pages)

    def access_parts(self) -> list[Part | None]:
        parts: list[Part | None] = []
        archive_url = self.fields.get("archiveurl") or self.fields.get("archive-url")
        if archive_url and is_safe_url(archive_url):
            date = self.date("archive") or format_date(
                self.fields.get("archive-date", ""), self.style.date_format
            )
            phrase = (
                dated(_("Archived from the original on %s"), date)
                if date
                else concat(str(_("Archived from the original")))
            )
            original = self.checked_url("url")
            parts.append(HRef(original if self.archive_is_primary() and original
                              else archive_url, *phrase))  # fmt: skip
        retrieved = self.date("url") or format_date(
            self.fields.get("access-date", ""), self.style.date_format
        )
        if retrieved:
            parts.append(dated(_("Retrieved %s"), retrieved))
        return parts

    # -- assembly --------------------------------------------------------------------------

    def text(self, end: str = ".") -> Text:
        """The reference, ending in ``end`` unless its last part ends a sentence."""
        verbatim = self.field("verbatim")
        if verbatim:
            # A reference of free text (an imported <ref> with no template): its own words.
            return rich_text([String(verbatim)])
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
            parts.append(concat(creators, " (", unbroken(date), ")") if date else creators)
        parts.append(self.titled())
        if kind == "conference":
            parts.append(self.event())
        if kind == "chapter" or (kind == "conference" and self.persons.get("editor")):
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
        via = self.field("via")
        parts.append(String(_("via %s") % via) if via else None)
        if kind in ("journal", "news", "magazine"):
            details = self.periodical_details()
            if creators is None and date:
                date_first = [unbroken(date), details]
                parts.extend(date_first if kind != "journal" else date_first[::-1])
            else:
                parts.append(details)
        elif creators is None and date:
            parts.append(unbroken(date))
        if kind == "patent":
            number = self.field("number")
            country = self.field("location", "address")
            patent = _("patent %s") % number
            parts.append(String(f"{country} {patent}" if country else patent) if number else None)
        parts.append(self.pages())
        for name in ("note", "addendum"):
            note = self.field(name)
            parts.append(String(note) if note else None)
        parts.extend(identifier_parts(self.fields, arxiv_class=kind == "arxiv"))
        parts.extend(self.access_parts())
        quote = self.field("quote")
        if quote:
            opening, closing = self.style.quotes
            parts.append(String(f"{opening}{quote.translate(_INNER_QUOTES)}{closing}"))
        return join_parts(parts, end)

    def check_required(self) -> None:
        for alternatives in required_fields(self.kind, self.field(TEMPLATE_FIELD)):
            if self.kind == "book" and alternatives == ("author",):
                alternatives = ("author", "editor")
            if not any(self.has(name) for name in alternatives):
                names = " or ".join(repr(name) for name in alternatives)
                self.problem(alternatives[0], f"missing field {names} for a {self.kind} source")

    def has(self, name: str) -> bool:
        if name in ("author", "editor", "holder"):
            return bool(self.persons.get(name))
        if name == "date":
            return bool(self.fields.get("date") or self.fields.get("year"))
        return bool(self.field(name))


def dated(template: str, date: str) -> Concat:
    """A translated phrase around a date (``Retrieved %s``), the date kept unbroken."""
    before, _placeholder, after = str(template).partition("%s")
    return concat(before, unbroken(date), after)


def editor_label(count: int) -> str:
    return str(_("ed.") if count == 1 else _("eds."))


def person_name(person: Any) -> str:
    """CS1's ``Last, First``; a braced organisation name prints as given."""
    last = " ".join(person.prelast_names + person.last_names)
    first = " ".join(person.first_names + person.middle_names)
    parts: Sequence[str] = [part for part in (last, first, " ".join(person.lineage_names)) if part]
    return clean_latex(", ".join(parts))
