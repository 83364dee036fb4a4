"""The cited sources as downloadable files of the built site: BibTeX and CSL-JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cs1.text import clean_latex, with_subtitle

if TYPE_CHECKING:
    from pybtex.database import Entry, Person

BIBTEX_FILE = "sources.bib"
CSL_JSON_FILE = "sources.json"

_CSL_TYPES = {
    "article": "article-journal",
    "book": "book",
    "booklet": "pamphlet",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "proceedings": "book",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "manual": "report",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "unpublished": "manuscript",
}
_ARTICLE_SUBTYPES = {"newspaper": "article-newspaper", "magazine": "article-magazine"}

# CSL variable ← bib field, for fields that carry over as plain text.
_CSL_FIELDS = {
    "title": "title",
    "volume": "volume",
    "number": "issue",
    "edition": "edition",
    "publisher": "publisher",
    "address": "publisher-place",
    "location": "publisher-place",
    "doi": "DOI",
    "url": "URL",
    "isbn": "ISBN",
    "issn": "ISSN",
    "pmid": "PMID",
    "pmcid": "PMCID",
    "abstract": "abstract",
    "note": "note",
    "series": "collection-title",
}


# The work an entry is part of, and the field of that work's subtitle, in order of preference.
_CONTAINERS = (
    ("journal", "journalsubtitle"),
    ("journaltitle", "journalsubtitle"),
    ("booktitle", "booksubtitle"),
)


def plain_text(latex: str) -> str:
    """A bib field as readers see it, as the citation style cleans it: sorting the sources
    index and exporting go through every entry, so this must not look up a pybtex plugin
    (``render_as`` does, on each call)."""
    return clean_latex(latex)


def _csl_name(person: Person) -> dict[str, str]:
    family = plain_text(" ".join(person.prelast_names + person.last_names))
    given = plain_text(" ".join(person.first_names + person.middle_names))
    if not given and not person.prelast_names:
        return {"literal": family}
    name = {"family": family}
    if given:
        name["given"] = given
    if person.lineage_names:
        name["suffix"] = plain_text(" ".join(person.lineage_names))
    return name


def _date_parts(value: str) -> dict[str, Any] | None:
    parts = [int(p) for p in re.findall(r"\d+", value)[:3]]
    return {"date-parts": [parts]} if parts else None


def csl_item(entry: Entry) -> dict[str, Any]:
    fields = entry.fields
    kind = entry.type.casefold()
    csl_type = _CSL_TYPES.get(kind, "document")
    if kind == "article":
        csl_type = _ARTICLE_SUBTYPES.get(fields.get("entrysubtype", "").casefold(), csl_type)
    eprint = fields.get("eprint")
    if kind in ("misc", "preprint") and eprint:
        csl_type = "article"
    elif kind == "misc":
        csl_type = "webpage" if "url" in fields else "document"
    item: dict[str, Any] = {"id": entry.key, "type": csl_type}
    for role in ("author", "editor"):
        # BibTeX's "and others" is no one's name; CSL has no "et al." marker to carry it.
        people = [p for p in entry.persons.get(role, []) if str(p).casefold() != "others"]
        if people:
            item[role] = [_csl_name(person) for person in people]
    for bib_field, variable in _CSL_FIELDS.items():
        if bib_field in fields and variable not in item:
            item[variable] = plain_text(fields[bib_field])
    if "title" in item and "subtitle" in fields:
        item["title"] = with_subtitle(item["title"], plain_text(fields["subtitle"]))
    for container, subtitle in _CONTAINERS:
        if fields.get(container):
            item["container-title"] = with_subtitle(
                plain_text(fields[container]), plain_text(fields.get(subtitle, ""))
            )
            break
    if "pages" in fields:
        item["page"] = plain_text(fields["pages"]).replace("–", "-")
    issued = _date_parts(fields.get("date", "")) or _date_parts(fields.get("year", ""))
    if issued:
        item["issued"] = issued
    accessed = _date_parts(fields.get("urldate", ""))
    if accessed:
        item["accessed"] = accessed
    if eprint and fields.get("archiveprefix", "arXiv").casefold() == "arxiv":
        item.setdefault("publisher", "arXiv")
        item["number"] = eprint
        item.setdefault("URL", f"https://arxiv.org/abs/{eprint}")
    return item


def bibtex_text(entries: list[Entry]) -> str:
    """The entries in BibTeX, each value exactly as the bib file gave it.

    pybtex's BibTeX writer encodes every value as LaTeX once more, though its values are LaTeX
    already (``100\\%`` comes out as ``100\\\\%``, a line break and a comment), and does
    so a character at a time: for the 5,000 works of a large site it took longer than the
    sources index itself. pybtex parsed the values, so their braces are balanced.
    """
    blocks = []
    for entry in entries:
        lines = [f"@{entry.original_type}{{{entry.key},"]
        for role, persons in entry.persons.items():
            lines.append(f"  {role} = {{{' and '.join(str(person) for person in persons)}}},")
        for name, value in entry.fields.items():
            lines.append(f"  {name} = {{{value}}},")
        lines.append("}\n")
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


def write_exports(outdir: Path, entries: list[Entry]) -> None:
    _write_if_changed(outdir / BIBTEX_FILE, bibtex_text(entries))
    items = [csl_item(entry) for entry in entries]
    _write_if_changed(
        outdir / CSL_JSON_FILE, json.dumps(items, ensure_ascii=False, indent=1) + "\n"
    )


def _write_if_changed(path: Path, text: str) -> None:
    """A file rewritten only when its text changes: a rebuild that changed no cited work
    leaves the exports as they were, for tools that deploy or cache by modification time.
    Not Sphinx's ``FileAvoidWrite``: it refuses empty text, which a site citing nothing has."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    path.write_text(text, encoding="utf-8")
