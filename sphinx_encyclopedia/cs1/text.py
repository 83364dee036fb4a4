"""Bib field values as clean text: LaTeX removed, Wikipedia's date and page forms."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from ..i18n import _
from .latex import latex_to_text

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NEEDS_DECODING = re.compile(r"[\\{}$~]|--|``|''")
# Values needing more than a split and a join: LaTeX, or bidi controls to balance.
_NEEDS_WORK = re.compile(r"[\\{}$~\u202a-\u202e\u2066-\u2069]|--|``|''")

_EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e")  # LRE RLE LRO RLO, closed by PDF
_ISOLATES = frozenset("\u2066\u2067\u2068")  # LRI RLI FSI, closed by PDI
_PDF, _PDI = "\u202c", "\u2069"
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")

# The names of the commands the converter did not know, gathered while an entry is formatted
# (see unknown_latex_commands); None when nobody is gathering them.
_unknown: ContextVar[set[str] | None] = ContextVar(
    "sphinx_encyclopedia_unknown_latex", default=None
)


def clean_latex(value: str) -> str:
    """``value`` as a reader sees it: accents decoded, ``--`` as en dash, no braces or macros.

    Most values hold no LaTeX at all and skip the decoding. A command the converter does not
    know keeps the text of its argument, and its name goes to :func:`unknown_latex_commands`.
    """
    if not value:  # most fields asked for are absent
        return ""
    value = _CONTROL.sub("", value)
    if not _NEEDS_WORK.search(value):
        return " ".join(value.split())
    text, unknown = _decoded(value)
    if unknown:
        found = _unknown.get()
        if found is not None:
            found.update(unknown)
    return text


@contextmanager
def unknown_latex_commands() -> Iterator[set[str]]:
    """The names of the LaTeX commands :func:`clean_latex` meets and does not know while the
    block runs: the style reports them once per entry, whatever field they are in."""
    found: set[str] = set()
    token = _unknown.set(found)
    try:
        yield found
    finally:
        _unknown.reset(token)


# Decoding is slow and a value is cleaned more than once per entry; the plain values are
# not kept, as they cost less to clean again than to hold for a bib of 10,000 entries.
@lru_cache(maxsize=4096)
def _decoded(value: str) -> tuple[str, frozenset[str]]:
    unknown: frozenset[str] = frozenset()
    if _NEEDS_DECODING.search(value):
        try:
            value, unknown = latex_to_text(value)
        except Exception:  # the converter failing on one value must not lose its text
            value = re.sub(r"\\([A-Za-z]+)|[\\{}$]", r"\1", value)
    return _balanced_bidi(" ".join(value.split())), unknown


def _balanced_bidi(text: str) -> str:
    """``text`` with every bidi embedding, override and isolate it opens closed at its end,
    and closers it did not open dropped: a field's direction must not leak into the rest of
    the reference, nor end one the reference opened."""
    if not _BIDI.search(text):
        return text
    kept: list[str] = []
    open_marks: list[str] = []
    for char in text:
        if char in _EMBEDDINGS or char in _ISOLATES:
            open_marks.append(char)
        elif char == _PDF:
            # A PDF inside an isolate cannot close an embedding outside it (UAX #9, X7).
            if not open_marks or open_marks[-1] not in _EMBEDDINGS:
                continue
            open_marks.pop()
        elif char == _PDI:
            if not any(mark in _ISOLATES for mark in open_marks):
                continue
            # A PDI closes the embeddings opened inside its isolate too (UAX #9, X6a).
            while open_marks.pop() not in _ISOLATES:
                pass
        kept.append(char)
    kept.extend(_PDI if mark in _ISOLATES else _PDF for mark in reversed(open_marks))
    return "".join(kept)


MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTH_PREFIXES = {name[:3].casefold(): number for number, name in enumerate(MONTHS, 1)}

# Marked for extraction; translated when a date is rendered, in the build's language.
_MONTH_MESSAGES: tuple[Callable[[], str], ...] = (
    lambda: _("January"), lambda: _("February"), lambda: _("March"), lambda: _("April"),
    lambda: _("May"), lambda: _("June"), lambda: _("July"), lambda: _("August"),
    lambda: _("September"), lambda: _("October"), lambda: _("November"),
    lambda: _("December"),
)  # fmt: skip

DATE_FORMATS = ("iso", "dmy", "mdy")
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def month_number(value: str) -> int | None:
    value = clean_latex(value).strip().rstrip(".").casefold()
    if value.isdigit():
        number = int(value)
        return number if 1 <= number <= 12 else None
    return _MONTH_PREFIXES.get(value[:3]) if len(value) >= 3 else None


def month_name(number: int) -> str:
    return str(_MONTH_MESSAGES[number - 1]())


def format_date_parts(year: str, month: int | None, day: int | None, style: str) -> str:
    if month is None:
        return year
    if day is None:
        return f"{month_name(month)} {year}"
    if style == "dmy":
        return f"{day} {month_name(month)} {year}"
    if style == "mdy":
        return f"{month_name(month)} {day}, {year}"
    return f"{year}-{month:02d}-{day:02d}"


def format_date(value: str, style: str) -> str:
    """A BibLaTeX date (``2024``, ``2024-01``, ``2024-01-13``, ranges with ``/``) in CS1 form;
    anything else is printed as written."""
    pieces = [piece.strip() for piece in clean_latex(value).split("/")]
    rendered = []
    for piece in pieces:
        match = _ISO_DATE.match(piece)
        if not match:
            return clean_latex(value)
        year, month, day = match.groups()
        month_value = int(month) if month else None
        day_value = int(day) if day else None
        if (month_value is not None and not 1 <= month_value <= 12) or (
            day_value is not None and not 1 <= day_value <= 31
        ):
            return clean_latex(value)
        rendered.append(format_date_parts(year, month_value, day_value, style))
    return "–".join(piece for piece in rendered if piece)


def page_range(value: str) -> tuple[str, bool]:
    """The pages with en dashes, and whether they are more than one page."""
    pages = clean_latex(value.replace("--", "-")).replace("-", "–")
    return pages, any(mark in pages for mark in "–,;&")


def ordinal_edition(value: str) -> str:
    """``2`` → ``2nd ed.``; a written edition (``Revised``) keeps its words."""
    edition = clean_latex(value)
    if edition.isdigit():
        number = int(edition)
        suffix = (
            "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        )
        # Translations use the number: "%(number)s.ª ed.", "第%(number)s版".
        return _("%(ordinal)s ed.") % {"ordinal": f"{number}{suffix}", "number": number}
    if re.search(r"\bed(ition|\.)?$", edition, re.IGNORECASE):
        return edition
    return _("%s ed.") % edition


def _language_code(value: str) -> str | None:
    """An ISO 639 code for a bib file's language: a code or tag (``de``, ``en-US``) or a
    name as babel and polyglossia spell it (``ngerman``, ``english``, ``French``)."""
    from babel import Locale, UnknownLocaleError

    text = value.strip().replace("-", "_")
    try:
        return Locale.parse(text).language
    except (ValueError, UnknownLocaleError):
        pass
    names = _english_language_names()
    folded = text.casefold()
    return names.get(folded) or names.get(folded.removeprefix("n"))  # ngerman, naustrian


@lru_cache(maxsize=1)
def _english_language_names() -> dict[str, str]:
    from babel import Locale

    return {name.casefold(): code for code, name in Locale("en").languages.items()
            if "_" not in code}  # fmt: skip


@lru_cache(maxsize=256)  # a bib file names few languages, in every entry that has one
def language_name(value: str, site: str) -> str | None:
    """What CS1 writes after a title in another language ("in German", in the site's own
    language); None for a work in the site's language, or no language."""
    if not value.strip():
        return None
    from babel import Locale, UnknownLocaleError

    code = _language_code(value)
    try:
        site_locale = Locale.parse(site.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        site_locale = Locale("en")
    if code is None:
        return value.strip()
    if code == site_locale.language:
        return None
    return str(site_locale.languages.get(code, value.strip()))


def with_subtitle(title: str, subtitle: str) -> str:
    """``title: subtitle``; a title ending in its own punctuation takes no colon."""
    if not subtitle:
        return title
    return f"{title} {subtitle}" if title[-1] in ".:;?!" else f"{title}: {subtitle}"
