"""The templates the importer knows, by what it does with them.

Each table is one mapping, so that a feature of the extension arriving (an infobox, category
pages) changes one entry here and one function of :mod:`.convert`.
"""

from __future__ import annotations

# Hatnotes at the top of a section: {{Main}} and the like → the extension's directives.
HATNOTES = {
    "main": "main-article",
    "main article": "main-article",
    "further": "further-information",
    "further information": "further-information",
    "details": "further-information",
    "see also": "see-also",
    "see": "see-also",
}

# Cite's footnote templates: the group each puts its note in.
NOTE_TEMPLATES = {
    "efn": "lower-alpha",
    "efn-la": "lower-alpha",
    "efn-ua": "upper-alpha",
    "efn-lr": "lower-roman",
    "efn-ur": "upper-roman",
    "efn-lg": "lower-greek",
    "notelist": None,
}
NOTELISTS = {
    "notelist": "lower-alpha",
    "notes": "lower-alpha",
    "notelist-la": "lower-alpha",
    "notelist-ua": "upper-alpha",
    "notelist-lr": "lower-roman",
    "notelist-ur": "upper-roman",
    "notelist-lg": "lower-greek",
    "efn list": "lower-alpha",
}
REFLISTS = frozenset({"reflist", "references", "refs", "reference list", "reflist-talk"})
REF_TEMPLATES = frozenset({"refn", "#tag:ref"})
SHORT_FOOTNOTES = frozenset({"sfn", "sfnp", "sfnm", "shortened footnote", "sfnmp"})
HARV_IN_TEXT = {
    "harvnb": "nb",
    "harv": "p",
    "harvp": "p",
    "harvtxt": "txt",
    "harvcolnb": "nb",
}
# The extension's note groups for Cite's groups: {{efn}}'s lower-alpha is the default group;
# another group needs an entry in encyclopedia_note_groups, which the report names.
NOTE_GROUP_STYLES = {
    "lower-alpha": ("note", "lower-alpha"),
    "upper-alpha": ("upper-alpha", "upper-alpha"),
    "lower-roman": ("lower-roman", "lower-roman"),
}

# Maintenance tags → the extension's roles (maintenance.py), and article notices.
MAINTENANCE_TAGS = {
    "citation needed": "citation-needed",
    "cn": "citation-needed",
    "fact": "citation-needed",
    "cite needed": "citation-needed",
    "clarify": "clarify",
    "clarification needed": "clarify",
    "dubious": "dubious",
    "dubious – discuss": "dubious",
    "failed verification": "failed-verification",
    "verification failed": "failed-verification",
    "better source needed": "better-source-needed",
    "better source": "better-source-needed",
    "when": "when",
    "who": "who",
}
ARTICLE_NOTICES = {
    "more citations needed": "more-citations-needed",
    "refimprove": "more-citations-needed",
    "unreferenced": "unreferenced",
    "original research": "original-research",
    "one source": "one-source",
    "expert needed": "expert-needed",
}

# Templates of layout or of Wikipedia's own machinery, with nothing of the article's content:
# left out without a report.
LAYOUT = frozenset(
    {
        "use dmy dates",
        "use mdy dates",
        "use american english",
        "use british english",
        "use oxford spelling",
        "use indian english",
        "use australian english",
        "use canadian english",
        "cs1 config",
        "bots",
        "clear",
        "clear left",
        "clear right",
        "toc limit",
        "toclimit",
        "div col",
        "div col end",
        "colbegin",
        "colend",
        "col-begin",
        "col-end",
        "refbegin",
        "refend",
        "reflist-end",
        "featured article",
        "good article",
        "pp",
        "pp-move",
        "pp-move-indef",
        "pp-semi-indef",
        "pp-protected",
        "pp-extended",
        "pp-vandalism",
        "pp-semi",
        "protection padlock",
        "short description",
        "defaultsort",
        "dmy",
        "mdy",
        "anchor",
        "stack begin",
        "stack end",
        "-",
        "break",
        "sfn whitelist",
        "cbignore",
        "subscription required",
        "free access",
        "open access",
        "closed access",
        "registration required",
        "ref improve section",
        "authority control",
        "portal bar",
        "navboxes",
        "navboxes top",
        "navboxes bottom",
        "spoken wikipedia",
        "italic title",
        "lowercase title",
        "dead link",
    }
)

# Inline templates whose text is the wikitext's own: what each leaves in the text.
TEXT_TEMPLATES = {
    "nbsp": "\u00a0",
    "!": "|",
    "=": "=",
    "'\"": "'\"",
    "\"'": "\"'",
    "'": "'",
    "snd": " – ",
    "spaced ndash": " – ",
    "ndash": "–",
    "endash": "–",
    "mdash": "—",
    "emdash": "—",
    "spaced mdash": " — ",
    "dash": "–",
    "en dash": "–",
    "thinsp": "\u2009",
    "zwsp": "\u200b",
    "spaces": "\u00a0",
    "pipe": "|",
    "'s": "’s",
    "-'": "-'",
}
# Inline templates that show one positional parameter ({{lang|grc|Ἰησοῦς}} → Ἰησοῦς): its
# number, -1 for the last, 0 for all of them joined by JOINED's separator (a space if none).
SHOW_PARAMETER = {
    "lang": 2,
    "langx": 2,
    "lang-x": 2,
    "langr": 2,
    "transliteration": -1,
    "transl": -1,
    "tlit": -1,
    "small": 1,
    "smaller": 1,
    "big": 1,
    "nowrap": 1,
    "nobr": 1,
    "em": 1,
    "strong": 1,
    "abbr": 1,
    "lang-grc": 1,
    "ipa": -1,
    "ipac-en": 0,
    "respell": 0,
    "linktext": 0,
    "longitem": 1,
    "sic": 1,
    "script": 2,
    "nihongo": 1,
    "keypress": 1,
    "mono": 1,
    "var": 1,
    "val": 1,
    "chem": 0,
    "chem2": 1,
    "chem name": 1,
    "co2": 0,
    "hlist": 0,
    "flatlist": 1,
    "plainlist": 1,
    "ubl": 0,
    "unbulleted list": 0,
    "quote": 1,
    "circa": 1,
    "c.": 1,
    "lang-la": 1,
}
JOINED = {
    "chem": "",
    "co2": "",
    "ipac-en": "",
    "respell": "-",
    "hlist": " · ",  # Wikipedia's horizontal lists set their items apart with middle dots
    "ubl": ", ",
    "unbulleted list": ", ",
}

# Infoboxes. The header row of a numbered set of parameters (an office held, in
# {{Infobox officeholder}}): its text and the parameters it is made of, the first that the set
# has all of ("order" goes before an office, "44th President of the United States").
INFOBOX_SET_HEADERS = (
    ("{0}", "office"),
    ("{0} from {1}", "jr/sr", "state"),
    ("Member of the {0} Senate from the {1} district", "state_senate", "district"),
    ("Member of the {0} House of Representatives from the {1} district", "state_house", "district"),
    ("Member of the {0} Assembly from the {1} district", "state_assembly", "district"),
)
# The rows after the last set, under a header of their own (else "Details").
INFOBOX_OTHER_HEADERS = {
    "infobox officeholder": "Personal details",
    "infobox politician": "Personal details",
    "infobox senator": "Personal details",
    "infobox governor": "Personal details",
    "infobox president": "Personal details",
    "infobox prime minister": "Personal details",
}
# Labels of parameters as the infoboxes show them, where that is not the name's own words.
INFOBOX_LABELS = {
    "predecessor": "Preceded by",
    "successor": "Succeeded by",
    "vice_president": "Vice President",
}
# Templates of a list, shown in an infobox's row as one: "items" of their parameters
# ({{ubl|a|b}}), or "list" of the wikitext list their first parameter holds ({{plainlist|* a}}).
LIST_TEMPLATES = {
    "ubl": "items",
    "unbulleted list": "items",
    "hlist": "items",
    "bulleted list": "items",
    "blist": "items",
    "plainlist": "list",
    "plain list": "list",
    "flatlist": "list",
    "flat list": "list",
}
