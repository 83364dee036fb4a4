"""Bib field values as clean text: LaTeX removed, Wikipedia's date and page forms."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from pybtex.richtext import Text

from ..i18n import _

# Commands whose argument is the text itself; the braces that follow them are kept for
# pybtex to drop, so nested groups stay balanced.
_TEXT_COMMANDS = re.compile(
    r"\\(?:emph|textit|textbf|textsc|texttt|textrm|textsf|textup|textnormal|textsl|text|"
    r"mbox|mkbibquote|mkbibemph|enquote|url|nolinkurl|mathrm|mathit|mathbf|ensuremath)\s*(?=\{)"
)
_HREF = re.compile(r"\\href\s*\{[^{}]*\}\s*(?=\{)")
_LOGOS = {r"\LaTeXe": "LaTeX2e", r"\LaTeX": "LaTeX", r"\TeX": "TeX", r"\BibTeX": "BibTeX"}
_LEFTOVER_COMMAND = re.compile(r"\\[A-Za-z]+\*?(?:\s*\{\s*\})?\s?|\\\\|\\(?=[^A-Za-z])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


_NEEDS_DECODING = re.compile(r"[\\{}$~]|--|``|''")


def clean_latex(value: str) -> str:
    """``value`` as a reader sees it: accents decoded, ``--`` as en dash, no braces or macros.

    Most values hold no LaTeX at all and skip the decoding.
    """
    if not value:  # most fields asked for are absent
        return ""
    value = _CONTROL.sub("", value)
    if not _NEEDS_DECODING.search(value):
        return " ".join(value.split())
    return _decoded(value)


# Decoding is slow and a value is cleaned more than once per entry; the plain values are
# not kept, as they cost less to clean again than to hold for a bib of 10,000 entries.
@lru_cache(maxsize=4096)
def _decoded(value: str) -> str:
    """pybtex decodes what latexcodec knows and leaves other macros verbatim, so formatting
    commands are unwrapped first and anything still looking like a macro is dropped after."""
    value = _HREF.sub("", value)
    for logo, name in _LOGOS.items():
        value = value.replace(logo, name)
    value = _TEXT_COMMANDS.sub("", value)
    value = value.replace("$", "")
    try:
        text = str(Text.from_latex(value))
    except Exception:  # unbalanced braces: pybtex's parser gives up, the reader should not
        text = value
    text = _LEFTOVER_COMMAND.sub("", text)
    return re.sub(r"\s+", " ", text.replace("{", "").replace("}", "")).strip()


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
