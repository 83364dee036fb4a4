"""Which CS1 template a bib entry takes, and which fields that template needs."""

from __future__ import annotations

from typing import Any

_BY_TYPE = {
    "book": "book",
    "mvbook": "book",
    "booklet": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "bookinbook": "chapter",
    "inproceedings": "conference",
    "conference": "conference",
    "proceedings": "proceedings",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "manual": "manual",
    "unpublished": "unpublished",
    "patent": "patent",
    "preprint": "arxiv",
    "online": "web",
    "electronic": "web",
    "www": "web",
    "misc": "web",
}
_PERIODICALS = {"newspaper": "news", "news": "news", "magazine": "magazine"}

# Each inner tuple lists alternatives, one of which must be present.
REQUIRED_FIELDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "journal": (("title",), ("journal", "journaltitle")),
    "news": (("title",), ("journal", "journaltitle")),
    "magazine": (("title",), ("journal", "journaltitle")),
    "web": (("title",),),
    "arxiv": (("title",), ("eprint",)),
    "book": (("title",), ("author",), ("publisher",), ("date",)),
    "chapter": (("title",), ("booktitle", "chapter")),
    "conference": (("title",), ("author",), ("booktitle",), ("date",)),
    "proceedings": (("title",), ("date",)),
    "thesis": (("title",), ("author",), ("school", "institution"), ("date",)),
    "report": (("title",), ("institution", "publisher")),
    "manual": (("title",),),
    "unpublished": (("title",), ("author",)),
    "patent": (("title",), ("number",)),
}

#: An entry imported from a Wikipedia citation template names it in this field (written by
#: the MediaWiki importer), and is held to what that template requires on Wikipedia.
TEMPLATE_FIELD = "wikitemplate"
#: What Wikipedia's CS1 module reports as an error when a template lacks it ("Missing or
#: empty |title=", "|url=", "|arxiv=", "cite journal requires |journal="). A {{cite news}}
#: without |work=, a {{cite book}} without |publisher= or |date= are rendered with no
#: message, so an imported one is not reported here either.
CS1_REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "cite journal": (("title",), ("journal", "journaltitle")),
    "cite magazine": (("title",), ("journal", "journaltitle")),
    "cite web": (("title",), ("url",)),
    "cite arxiv": (("title",), ("eprint",)),
}
CS1_REQUIRED_DEFAULT: tuple[tuple[str, ...], ...] = (("title",),)


def required_fields(kind: str, template: str | None) -> tuple[tuple[str, ...], ...]:
    """The fields an entry of this kind needs, each as alternatives: those CS1 itself
    requires of an imported template's entry, else those the style asks of every entry."""
    if template:
        return CS1_REQUIRED.get(template.casefold(), CS1_REQUIRED_DEFAULT)
    return REQUIRED_FIELDS.get(kind, ())


def source_kind(entry: Any) -> str:
    """``journal``, ``news``, ``magazine``, ``web``, ``arxiv``, ``book``, ``chapter``,
    ``conference``, ``proceedings``, ``thesis``, ``report``, ``manual``, ``unpublished``,
    ``patent`` or ``generic``."""
    entry_type = entry.type.casefold()
    fields = entry.fields
    if entry_type in ("article", "periodical", "suppperiodical"):
        subtype = fields.get("entrysubtype", "").casefold()
        return _PERIODICALS.get(subtype, "journal")
    kind = _BY_TYPE.get(entry_type, "generic")
    publication = ("journal", "journaltitle", "howpublished", "publisher", "organization")
    if kind == "web" and fields.get("eprint") and not any(fields.get(f) for f in publication):
        archive = (fields.get("eprinttype") or fields.get("archiveprefix") or "arxiv").casefold()
        if archive == "arxiv":
            return "arxiv"
    return kind
