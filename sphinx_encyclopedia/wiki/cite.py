"""Citation Style 1 templates (``{{cite book}}`` …) as biblatex entries.

Every parameter a CS1 template takes is either mapped to a field the ``wikipedia`` style
prints (:data:`FIELDS`, the people, the identifiers), or only says how Wikipedia lays the
citation out and has nothing of the work in it (:data:`LAYOUT`). Any other parameter is kept
in the entry under its own name and reported, so that nothing of the wikitext is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..cs1.kinds import TEMPLATE_FIELD

# The entry type of each template; a book with a chapter is a part of a book.
TEMPLATES = {
    "cite journal": "article",
    "cite news": "article",
    "cite magazine": "article",
    "cite newsgroup": "online",
    "cite web": "online",
    "cite press release": "online",
    "cite podcast": "online",
    "cite mailing list": "online",
    "cite tweet": "online",
    "cite book": "book",
    "cite arxiv": "misc",
    "cite biorxiv": "misc",
    "cite ssrn": "misc",
    "cite conference": "inproceedings",
    "cite report": "report",
    "cite techreport": "report",
    "cite thesis": "thesis",
    "cite encyclopedia": "incollection",
    "cite dictionary": "incollection",
    "cite av media": "misc",
    "cite video": "misc",
    "cite episode": "misc",
    "cite speech": "misc",
    "cite interview": "misc",
    "cite map": "misc",
    "cite sign": "misc",
    "cite document": "misc",
    "citation": "",  # decided by its parameters, as CS2 does
}
_SUBTYPES = {"cite news": "newspaper", "cite magazine": "magazine"}
_KIND_NOTE = {
    "cite press release": "Press release",
    "cite podcast": "Podcast",
    "cite speech": "Speech",
    "cite interview": "Interview",
    "cite av media": "",
    "cite thesis": "",
}

# Parameter (with its aliases) → biblatex field.
FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "script-title"),
    "titleaddon": ("trans-title",),
    "url": ("url", "chapter-url", "chapterurl", "contribution-url", "entry-url", "section-url"),
    "urldate": ("access-date", "accessdate"),
    "archiveurl": ("archive-url", "archiveurl"),
    "archivedate": ("archive-date", "archivedate"),
    "urlstatus": ("url-status", "dead-url", "deadurl"),
    "date": ("date",),
    "year": ("year",),
    "origdate": ("orig-date", "orig-year", "origyear"),
    "publisher": ("publisher", "distributor", "institution", "network", "station"),
    "location": ("location", "place", "publication-place", "publicationplace"),
    "volume": ("volume",),
    "number": ("issue", "number"),
    "edition": ("edition",),
    "series": ("series", "version"),
    "language": ("language", "lang"),
    "quote": ("quote", "quotation", "trans-quote", "script-quote"),
    "via": ("via",),
    "note": ("at", "minutes", "time", "quote-page", "quote-pages"),
    "addendum": (
        "others",
        "agency",
        "department",
        "id",
        "format",
        "medium",
        "type",
        "degree",
        "issn-note",
        "postscript-text",
        "contributor",
        "inventor",
        "interviewer",
    ),
    "doi": ("doi",),
    "isbn": ("isbn", "isbn13", "ibsn"),
    "issn": ("issn", "eissn"),
    "oclc": ("oclc",),
    "pmid": ("pmid",),
    "pmc": ("pmc",),
    "bibcode": ("bibcode",),
    "jstor": ("jstor",),
    "hdl": ("hdl",),
    "lccn": ("lccn",),
    "ol": ("ol",),
    "osti": ("osti",),
    "s2cid": ("s2cid",),
    "zbl": ("zbl",),
    "mr": ("mr",),
    "ssrn": ("ssrn",),
    "biorxiv": ("biorxiv",),
    "citeseerx": ("citeseerx",),
    "eprint": ("arxiv", "eprint"),
    "eprintclass": ("class",),
}
_CONTAINERS = (
    "journal",
    "newspaper",
    "magazine",
    "work",
    "website",
    "periodical",
    "encyclopedia",
    "encyclopaedia",
    "dictionary",
    "publication",
    "conference",
    "book-title",
    "booktitle",
    "collection",
    "series-title",
)
_CHAPTERS = ("chapter", "contribution", "entry", "article", "section")
_PAGES = ("pages", "page", "pp", "p")

# Parameters of layout and of Wikipedia's own machinery: nothing of the work.
LAYOUT = frozenset(
    {
        "ref",
        "df",
        "mode",
        "postscript",
        "name-list-style",
        "name-list-format",
        "last-author-amp",
        "lastauthoramp",
        "display-authors",
        "displayauthors",
        "display-editors",
        "display-subjects",
        "url-access",
        "chapter-url-access",
        "doi-access",
        "pmc-embargo-date",
        "doi-broken-date",
        "bibcode-access",
        "hdl-access",
        "jstor-access",
        "ol-access",
        "osti-access",
        "s2cid-access",
        "no-pp",
        "nopp",
        "lay-url",
        "lay-source",
        "lay-date",
        "lay-summary",
        "registration",
        "subscription",
        "author-mask",
        "authormask",
        "cs1-dates",
        "language-script",
        "noedit",
        "separator",
        "archive-format",
        "format-chapter",
        "chapter-format",
        "ignore-isbn-error",
        "isbn-status",
        "title-link",
        "titlelink",
        "script-chapter",
        "trans-chapter",
        "sep",
        "url-status-date",
        "access",
        "quote-url",
        "mode-date",
        "archive-is",
        "nocat",
    }
)

_NAMED = re.compile(
    r"^(?P<role>author|last|surname|first|given|author-last|author-surname|author-first|"
    r"author-given|editor|editor-last|editor-surname|editor-first|"
    r"editor-given|author-link|authorlink|editor-link|editorlink|host|subject|translator|"
    r"translator-last|translator-first|interviewer-last|interviewer-first)"
    r"(?P<number>\d*)(?:-(?P<part>last|first|link|given|surname|mask))?$"
)
_NUMBERED_FIRST = re.compile(
    r"^(?P<role>author|editor|translator|subject|host)(?P<number>\d+)-(?P<part>last|first|link|"
    r"given|surname|mask)$"
)


@dataclass
class Work:
    """A bib entry before it has a key: its type, fields and people (``Last, First``)."""

    type: str
    fields: dict[str, str] = field(default_factory=dict)
    persons: dict[str, list[str]] = field(default_factory=dict)
    unmapped: list[str] = field(default_factory=list)  # parameters kept under their own name
    anchor: str | None = None  # Wikipedia's CITEREF id, for {{sfn}}/{{harvnb}}
    lacks_title: bool = False

    def identity(self) -> tuple[object, ...]:
        # The template a work was cited with ({{cite book}} or {{citation}}) is not the work.
        return (
            self.type,
            tuple(sorted((k, v) for k, v in self.fields.items() if k != TEMPLATE_FIELD)),
            tuple(sorted((role, tuple(people)) for role, people in self.persons.items())),
        )


def template_name(name: str) -> str:
    """A template's name as the tables spell it: ``Cite_web`` → ``cite web``."""
    return " ".join(name.replace("_", " ").split()).casefold()


def is_cite_template(name: str) -> bool:
    return template_name(name) in TEMPLATES


def _person(last: str, first: str) -> str:
    last, first = last.strip(), first.strip()
    if not first:
        # An organisation or a name given whole: braced, so BibTeX does not split it.
        return "{" + last + "}" if "," not in last and " " in last else last
    return f"{last}, {first}"


# "last", "surname", "editor-last" and the like, as a role and a part.
_ROLE_PARTS = {
    "last": ("author", "last"), "surname": ("author", "last"),
    "author-last": ("author", "last"), "author-surname": ("author", "last"),
    "first": ("author", "first"), "given": ("author", "first"),
    "author-first": ("author", "first"), "author-given": ("author", "first"),
    "author-link": ("author", "link"), "authorlink": ("author", "link"),
    "editor-last": ("editor", "last"), "editor-surname": ("editor", "last"),
    "editor-first": ("editor", "first"), "editor-given": ("editor", "first"),
    "editor-link": ("editor", "link"), "editorlink": ("editor", "link"),
    "translator-last": ("translator", "last"), "translator-first": ("translator", "first"),
}  # fmt: skip


def _people(params: dict[str, str], role: str) -> tuple[list[str], list[str]]:
    """The people of ``role`` (author, editor, translator) in order, and their links."""
    numbered: dict[int, dict[str, str]] = {}
    used: list[str] = []
    for name, value in params.items():
        match = _NUMBERED_FIRST.match(name) or _NAMED.match(name)
        if not match or not value.strip():
            continue
        who = match.group("role")
        part = match.groupdict().get("part") or ""
        if who in _ROLE_PARTS:
            who, part = _ROLE_PARTS[who]
        elif not part:
            part = "whole"
        if who != role:
            continue
        part = {"surname": "last", "given": "first"}.get(part, part)
        number = int(match.group("number") or 1)
        numbered.setdefault(number, {})[part] = value.strip()
        used.append(name)
    people, links = [], []
    for number in sorted(numbered):
        parts = numbered[number]
        if "last" in parts:
            people.append(_person(parts["last"], parts.get("first", "")))
        elif "whole" in parts:
            people.append(_whole_name(parts["whole"]))
        elif "first" in parts:
            people.append(_person(parts["first"], ""))
        if "link" in parts:
            links.append(parts["link"])
    for name in used:
        params.pop(name, None)
    return people, links


def _whole_name(value: str) -> str:
    """``author=Jane Smith`` is one name as written; BibTeX would split it, so it is kept
    whole in braces unless it is already ``Last, First``."""
    value = value.strip()
    return value if "," in value else "{" + value + "}"


def _vancouver(value: str) -> list[str]:
    """``vauthors=Smith AB, Jones CD`` → ``Smith, A. B.`` …"""
    people = []
    for name in value.split(","):
        name = name.strip()
        if not name:
            continue
        if name.casefold() in ("et al", "et al."):
            people.append("others")
            continue
        last, _space, initials = name.rpartition(" ")
        if last and initials.isupper() and len(initials) <= 4:
            people.append(f"{last}, {'. '.join(initials)}.")
        else:
            people.append("{" + name + "}")
    return people


def citeref(work: Work, params: dict[str, str], ref: str | None) -> str | None:
    """The ``CITEREF`` anchor Wikipedia gives a citation, which {{sfn}} and {{harvnb}} link to:
    from ``ref=`` ({{sfnref}} text, already expanded by the caller), else the first four
    family names of the authors (else the editors) and the year."""
    if ref is not None:
        ref = ref.strip()
        if ref.casefold() in ("none", ""):
            return None
        if ref.casefold() != "harv":
            return ref
    people = work.persons.get("author") or work.persons.get("editor") or []
    names = [family(person) for person in people if person != "others"][:4]
    year = year_of(work.fields.get("date", "") or work.fields.get("year", ""))
    if not names or not year:
        return None
    return anchor("".join(names) + year)


def anchor(text: str) -> str:
    return "CITEREF" + "".join(text.split())


def family(person: str) -> str:
    person = person.strip()
    if person.startswith("{") and person.endswith("}"):
        return person[1:-1]
    return person.split(",", 1)[0].strip()


def year_of(date: str) -> str:
    """The year CITEREF uses, with a letter that tells one author's works of a year apart."""
    match = re.search(r"\b(\d{3,4}[a-z]?)\b", date)
    return match.group(1) if match else ""


_MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}
_MONTHS.update({name[:3]: number for name, number in list(_MONTHS.items())})
_MONTHS["sept"] = 9


def iso_date(value: str) -> str:
    """A CS1 date as biblatex writes it (``27 April 2011`` → ``2011-04-27``), so that the
    site's date format applies; a date it cannot read whole is kept as written."""
    text = " ".join(value.replace(",", " ").replace(".", " ").split())
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        return text
    words = text.casefold().split()
    day = month = year = None
    for word in words:
        if word in _MONTHS and month is None:
            month = _MONTHS[word]
        elif re.fullmatch(r"\d{4}", word) and year is None:
            year = word
        elif re.fullmatch(r"\d{1,2}", word) and day is None:
            day = int(word)
        else:
            return value.strip()
    if year is None or (day is not None and month is None):
        return value.strip()
    if month is None:
        return year
    if day is None:
        return f"{year}-{month:02d}"
    if not 1 <= day <= 31:
        return value.strip()
    return f"{year}-{month:02d}-{day:02d}"


def _take(params: dict[str, str], names: tuple[str, ...]) -> str:
    """The first non-empty value among ``names``; all of them are used up."""
    found = ""
    for name in names:
        value = params.pop(name, "").strip()
        if value and not found:
            found = value
    return found


def work_from_template(name: str, given: dict[str, str]) -> Work:
    """The entry for one CS1 template, from its parameters (values as plain text)."""
    template = template_name(name)
    params = {key.strip().casefold(): value for key, value in given.items()}
    entry_type = TEMPLATES.get(template, "misc")
    ref = params.pop("ref", None)
    work = Work(entry_type)
    fields = work.fields
    authors, author_links = _people(params, "author")
    vauthors = _take(params, ("vauthors", "authors", "people", "credits"))
    if vauthors:
        authors += _vancouver(vauthors) if "vauthors" in given else [_whole_name(vauthors)]
    editors, editor_links = _people(params, "editor")
    veditors = _take(params, ("veditors", "editors"))
    if veditors:
        editors += _vancouver(veditors)
    translators, _links = _people(params, "translator")
    if authors:
        work.persons["author"] = authors
    if editors:
        work.persons["editor"] = editors
    if translators:
        work.persons["translator"] = translators
    if author_links or editor_links:
        # The people's own articles: kept, as CS1 links the names to them.
        fields["authorlink"] = "; ".join(author_links + editor_links)
    if template == "cite conference":
        # The meeting, beside the proceedings (|book-title=, or |work= as Oxygen writes
        # it): biblatex's eventtitle, which the style prints after the title, linked to
        # the meeting's own page.
        event, event_url = _take(params, ("conference",)), _take(params, ("conference-url",))
        if event:
            fields["eventtitle"] = event
        if event_url:
            fields["eventurl"] = event_url
    chapter = _take(params, _CHAPTERS)
    container = _take(params, _CONTAINERS)
    pages = _take(params, _PAGES)
    for bib_field, names in FIELDS.items():
        value = _take(params, names)
        if value:
            fields[bib_field] = value
    if template in ("cite arxiv",) and "eprint" in fields:
        fields["archiveprefix"] = "arXiv"
    elif "eprint" in fields:
        fields["eprinttype"] = "arxiv"
    if not entry_type:  # {{citation}}
        if chapter and container:
            entry_type = "incollection"
        elif container and not fields.get("publisher"):
            entry_type = "article"
        elif fields.get("publisher") or fields.get("isbn"):
            entry_type = "book"
        else:
            entry_type = "online" if fields.get("url") else "misc"
        work.type = entry_type
    if template in ("cite encyclopedia", "cite dictionary"):
        # The entry is the article of the encyclopedia; without one, the encyclopedia is
        # the work.
        if chapter or fields.get("title"):
            if chapter and fields.get("title"):
                container = container or fields["title"]
                fields["title"] = chapter
            elif chapter:
                fields["title"] = chapter
            if container:
                fields["booktitle"] = container
        else:
            work.type = "book"
            fields["title"] = container
    elif entry_type in ("book", "misc", "report", "thesis", "online") and chapter:
        if entry_type == "book":
            work.type = "incollection"
            fields["booktitle"] = fields.get("title", "")
            fields["title"] = chapter
        else:
            fields["titleaddon"] = " ".join(filter(None, [chapter, fields.get("titleaddon")]))
        if container:
            fields["journal" if entry_type == "online" else "series"] = container
    elif entry_type == "inproceedings":
        if chapter:
            fields["booktitle"] = fields.get("title", "") or container
            fields["title"] = chapter
        else:
            fields["booktitle"] = container
    elif chapter:
        fields["titleaddon"] = " ".join(filter(None, [chapter, fields.get("titleaddon")]))
        if container:
            fields["journal"] = container
    elif container:
        fields["website" if work.type in ("online", "misc") else "journal"] = container
    if work.type == "article" and template in _SUBTYPES:
        fields["entrysubtype"] = _SUBTYPES[template]
    if template == "cite report" and "publisher" in fields:
        fields["institution"] = fields.pop("publisher")
    if template == "cite thesis" and "publisher" in fields:
        fields["school"] = fields.pop("publisher")
    note = _KIND_NOTE.get(template)
    if note:
        fields["type"] = note
    if pages:
        fields["pages"] = pages
    for date_field in ("date", "urldate", "archivedate", "origdate"):
        if date_field in fields:
            fields[date_field] = iso_date(fields[date_field])
    if "date" not in fields and "year" in fields:
        fields["date"] = fields.pop("year")
    elif "year" in fields and year_of(fields["year"]) == year_of(fields["date"]):
        fields.pop("year")
    if "titleaddon" in fields:
        fields["titleaddon"] = "[" + fields["titleaddon"].strip("[]") + "]"
    if "language" in fields and fields["language"].casefold() in ("en", "english"):
        fields.pop("language")
    for name, value in params.items():
        if name in LAYOUT or not value.strip() or name.isdigit():
            continue
        # Kept under its own name: no CS1 field of the style holds it.
        fields[re.sub(r"[^a-z0-9-]", "-", name)] = value.strip()
        work.unmapped.append(name)
    # Which template: the style holds the entry to what CS1 requires of it (see .cs1.kinds).
    fields[TEMPLATE_FIELD] = template
    work.anchor = citeref(work, params, ref)
    if not fields.get("title"):
        work.lacks_title = True
    return work
