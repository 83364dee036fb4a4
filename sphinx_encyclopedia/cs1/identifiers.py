"""Identifiers (arXiv, DOI, ISBN, …) as CS1 prints them: sorted by label, each a link."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from pybtex.richtext import HRef, Tag

from .parts import Concat, Part, concat, unpacked
from .text import clean_latex

SAFE_URL_SCHEMES = ("http", "https", "ftp")

# The tag of text a line must not break inside (a date, "doi:10.1038/s41586-…"): HTML builders
# write it as a span of this class, which the stylesheet keeps whole; plain text, LaTeX and
# pybtex-docutils' own nodes, which know no such tag, keep the bare text.
UNBROKEN = "enc-unbroken"


def unbroken(*parts: Part | str) -> Tag:
    return Tag(UNBROKEN, *unpacked(parts))


def is_safe_url(url: str) -> bool:
    scheme, colon, _rest = url.strip().partition(":")
    return bool(colon) and scheme.casefold() in SAFE_URL_SCHEMES


def _escaped(value: str) -> str:
    return quote(value, safe="/:;()[]")


@dataclass(frozen=True)
class Identifier:
    label: str
    separator: str  # CS1 writes "doi:10.…" but "ISBN 978-…"
    link: Callable[[str], str]


IDENTIFIERS: dict[str, Identifier] = {
    "arxiv": Identifier("arXiv", ":", lambda value: f"https://arxiv.org/abs/{_escaped(value)}"),
    "bibcode": Identifier(
        "Bibcode", ":", lambda value: f"https://ui.adsabs.harvard.edu/abs/{_escaped(value)}"
    ),
    "doi": Identifier("doi", ":", lambda value: f"https://doi.org/{_escaped(value)}"),
    "hdl": Identifier("hdl", ":", lambda value: f"https://hdl.handle.net/{_escaped(value)}"),
    "isbn": Identifier(
        "ISBN",
        " ",
        lambda value: "https://openlibrary.org/isbn/" + re.sub(r"[^0-9Xx]", "", value),
    ),
    "issn": Identifier(
        "ISSN", " ", lambda value: f"https://portal.issn.org/resource/ISSN/{_escaped(value)}"
    ),
    "jstor": Identifier(
        "JSTOR", " ", lambda value: f"https://www.jstor.org/stable/{_escaped(value)}"
    ),
    "oclc": Identifier(
        "OCLC", " ", lambda value: f"https://search.worldcat.org/title/{_escaped(value)}"
    ),
    "pmc": Identifier(
        "PMC", " ", lambda value: f"https://www.ncbi.nlm.nih.gov/pmc/articles/PMC{_escaped(value)}"
    ),
    "pmid": Identifier(
        "PMID", " ", lambda value: f"https://pubmed.ncbi.nlm.nih.gov/{_escaped(value)}/"
    ),
}

# Fields that hold an identifier directly, by BibTeX and BibLaTeX name.
_FIELDS = {
    "doi": "doi",
    "isbn": "isbn",
    "issn": "issn",
    "pmid": "pmid",
    "pmcid": "pmc",
    "pmc": "pmc",
    "hdl": "hdl",
    "bibcode": "bibcode",
    "oclc": "oclc",
    "jstor": "jstor",
}
# BibLaTeX's eprinttype (or BibTeX's archiveprefix) names which scheme ``eprint`` belongs to.
_EPRINT_TYPES = {
    "arxiv": "arxiv",
    "pubmed": "pmid",
    "pmid": "pmid",
    "pmc": "pmc",
    "pmcid": "pmc",
    "jstor": "jstor",
    "hdl": "hdl",
    "handle": "hdl",
    "doi": "doi",
}


def _normalised(scheme: str, value: str) -> str:
    value = clean_latex(value)
    if scheme == "doi":
        value = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", value, flags=re.I)
    elif scheme == "pmc":
        value = re.sub(r"^PMC", "", value, flags=re.I)
    elif scheme == "arxiv":
        value = re.sub(r"^arxiv:", "", value, flags=re.I)
    return value


def identifier_parts(fields: Any, arxiv_class: bool) -> list[Concat]:
    """One rendered identifier per scheme present in ``fields``, sorted by label."""
    found: dict[str, str] = {}
    for field, scheme in _FIELDS.items():
        if fields.get(field):
            found.setdefault(scheme, _normalised(scheme, fields[field]))
    eprint: str = fields.get("eprint", "")
    if eprint:
        kind = (fields.get("eprinttype") or fields.get("archiveprefix") or "arxiv").casefold()
        eprint_scheme = _EPRINT_TYPES.get(kind)
        if eprint_scheme:
            found.setdefault(eprint_scheme, _normalised(eprint_scheme, eprint))
        else:
            found.setdefault(kind, clean_latex(eprint))
    parts = []
    for scheme in sorted(found, key=lambda name: IDENTIFIERS[name].label.casefold()
                         if name in IDENTIFIERS else name.casefold()):  # fmt: skip
        value = found[scheme]
        known = IDENTIFIERS.get(scheme)
        if known is None:  # an eprint archive CS1 has no link for: shown, not linked
            parts.append(
                concat(unbroken(f"{clean_latex(fields.get('eprinttype', scheme))}:{value}"))
            )
            continue
        part = concat(unbroken(known.label, known.separator, HRef(known.link(value), value)))
        if scheme == "arxiv" and arxiv_class:
            category = clean_latex(fields.get("primaryclass") or fields.get("eprintclass") or "")
            if category:
                archive = HRef(f"https://arxiv.org/archive/{_escaped(category)}", category)
                part = concat(part, " [", archive, "]")
        parts.append(part)
    return parts
