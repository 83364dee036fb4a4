"""MediaWiki's Cite numbering of a page, worked out from the wikitext alone, to hold the
importer's articles to (written apart from the importer, from Cite's documented rules and its
parser tests, tests/parser/citeParserTests.txt of mediawiki-extensions-Cite):

- a ``<ref>`` is numbered in its group when its tag is met; a name used again gets the number
  it has, and one more back-link (letters a, b, … in the order of use);
- a ``<references/>`` (or {{reflist}}, {{notelist}}) lists its group's refs met since the
  group's last list, and numbering of that group starts again after it;
- refs defined in a references list's content (``{{reflist|refs=…}}``) are numbered where
  they are first used in the text;
- a footnote template ({{efn}}, {{refn}}, ``{{#tag:ref}}``) hands its text to Cite already
  expanded, so the refs inside it are numbered where the template stands, before the note
  itself ("Ref in ref: top level ref nested in parser function"); a plain ``<ref>``'s text is
  parsed when its list is shown, so templates in it make their refs there;
- {{sfn}} is a ref named ``FOOTNOTE`` + its parameters, so the same work and page is one item.

The model gives each site of the default group as (number, back-link letter index), in the
order a reader meets the markers: the body's markers in place, and those inside notes where
the notes list shows them; and each note marker the same way, in the order of the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import mwparserfromhell
from mwparserfromhell.nodes import Tag, Template

NOTE_TEMPLATES = {
    "efn": "lower-alpha",
    "efn-la": "lower-alpha",
    "efn-ua": "upper-alpha",
    "efn-lr": "lower-roman",
    "efn-ur": "upper-roman",
    "efn-lg": "lower-greek",
}
NOTE_LISTS = {
    "notelist": "lower-alpha",
    "notelist-ua": "upper-alpha",
    "notelist-lr": "lower-roman",
    "notelist-ur": "upper-roman",
    "notes": "lower-alpha",
}
REF_LISTS = {"reflist", "references", "refs", "reference list"}
SFN = {"sfn", "sfnp", "sfnm"}


@dataclass
class Site:
    group: str
    number: int = 0
    letter: int = 0


@dataclass
class Note:
    """A ref of a note group whose text holds further markers, shown in the notes list."""

    shown: list[Any] = field(default_factory=list)
    deferred: Any = None  # a plain <ref>'s text, parsed when its list is shown


@dataclass
class Group:
    items: dict[object, int] = field(default_factory=dict)
    uses: dict[object, int] = field(default_factory=dict)
    notes: dict[object, Note] = field(default_factory=dict)


def _name(template: Template) -> str:
    return " ".join(str(template.name).split("<!--")[0].replace("_", " ").split()).casefold()


def _value(template: Template, name: str) -> str:
    return str(template.get(name).value).strip() if template.has(name) else ""


def _attr(tag: Tag, name: str) -> str:
    return str(tag.get(name).value).strip().strip("\"'") if tag.has(name) else ""


class CiteModel:
    def __init__(self, wikitext: str) -> None:
        self.groups: dict[str, Group] = {}
        self.lists: list[tuple[str, int]] = []  # (group, items) of each list shown
        self.shown: list[Any] = []  # the markers of the default group, as a reader meets them
        self.defined: dict[tuple[str, str], Any] = {}
        self.notes_met: dict[str, int] = {}  # note markers of each note group
        self.note_sites: list[Site] = []  # the note groups' markers, in the text's order
        self.unused_list_defined = 0
        self._walk(mwparserfromhell.parse(wikitext), self.shown)

    def group(self, name: str) -> Group:
        return self.groups.setdefault(name, Group())

    def _use(
        self,
        group: str,
        name: str,
        shown: list[Any],
        deferred: Any = None,
        inner: list[Any] | None = None,
    ) -> None:
        state = self.group(group)
        identity: object = name if name else object()
        if identity not in state.items:
            state.items[identity] = len(state.items) + 1
            state.uses[identity] = 0
            if group:
                state.notes[identity] = Note(inner or [], deferred)
        site = Site(group, state.items[identity], state.uses[identity])
        state.uses[identity] += 1
        if group:
            self.notes_met[group] = self.notes_met.get(group, 0) + 1
            self.note_sites.append(site)
        else:
            shown.append(site)

    def _show_list(self, group: str, shown: list[Any], unused: int = 0) -> None:
        state = self.group(group)
        if state.items or unused:
            self.lists.append((group, len(state.items) + unused))
        if group:
            for note in state.notes.values():  # in number order
                shown.extend(note.shown)
                if note.deferred is not None:
                    self._walk(note.deferred, shown)
        self.groups[group] = Group()

    def _walk(self, code: Any, shown: list[Any]) -> None:
        for node in code.nodes:
            if isinstance(node, Tag):
                tag = str(node.tag).strip().casefold()
                if tag == "ref":
                    group, name = _attr(node, "group"), _attr(node, "name")
                    self._use(
                        group,
                        name,
                        shown,
                        deferred=node.contents if group and node.contents else None,
                    )
                elif tag == "references":
                    self._show_list(_attr(node, "group"), shown)
                elif tag in ("nowiki", "math", "pre", "syntaxhighlight", "chem"):
                    continue
                elif node.contents is not None:
                    self._walk(node.contents, shown)
            elif isinstance(node, Template):
                self._template(node, shown)
            elif hasattr(node, "title") and hasattr(node, "text") and node.text is not None:
                self._walk(node.text, shown)  # a link's text: a file's caption

    def _template(self, node: Template, shown: list[Any]) -> None:
        name = _name(node)
        if name in NOTE_TEMPLATES or name in ("refn", "#tag:ref"):
            group = NOTE_TEMPLATES.get(name, _value(node, "group"))
            inner: list[Any] = []
            text = node.params[0].value if node.params and not node.params[0].showkey else None
            if text is None and node.has("1"):
                text = node.get("1").value
            if text is not None:
                # Expanded first: its refs are met here; a note's are shown in its list.
                self._walk(text, inner if group else shown)
            self._use(group, _value(node, "name"), shown, inner=inner)
            if not group:
                shown.extend(inner)
            return
        if name in SFN:
            positional = [str(p.value).strip() for p in node.params if not p.showkey]
            locator = "".join(
                _value(node, key) for key in ("p", "page", "pp", "pages", "loc", "at")
            )
            self._use("", "FOOTNOTE" + "".join(positional[:5]) + locator, shown)
            return
        if name == "r":
            for param in node.params:
                if not param.showkey:
                    self._use("", str(param.value).strip(), shown)
            return
        if name in REF_LISTS:
            group = _value(node, "group")
            # List-defined refs number nothing; one the text never used is still listed, last,
            # with an error ("not used in prior text").
            unused = 0
            if node.has("refs"):
                used = self.group(group).items
                for tag in node.get("refs").value.ifilter_tags(recursive=False):
                    if str(tag.tag).strip().casefold() == "ref" and _attr(tag, "name") not in used:
                        unused += 1
            self.unused_list_defined += unused
            self._show_list(group, shown, unused)
            return
        if name in NOTE_LISTS:
            self._show_list(_value(node, "group") or NOTE_LISTS[name], shown)
            return
        for param in node.params:
            self._walk(param.value, shown)

    def finish(self) -> CiteModel:
        """Cite adds a list at the end for each group with refs that no list showed."""
        for group in list(self.groups):
            if self.groups[group].items:
                self._show_list(group, self.shown)
        return self

    def sites(self) -> list[tuple[int, int]]:
        return [(site.number, site.letter) for site in self.shown if isinstance(site, Site)]

    def notes(self) -> list[tuple[int, int]]:
        """Each note marker as (number in its group, back-link letter index)."""
        return [(site.number, site.letter) for site in self.note_sites]

    def default_items(self) -> list[int]:
        return [count for group, count in self.lists if not group]

    def note_items(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for group, count in self.lists:
            if group:
                counts[group] = counts.get(group, 0) + count
        return counts
