"""Explanatory notes: ``[a]``, ``[b]`` … in the text, collected by ``notes`` into "Notes".

Each group of notes (``encyclopedia_note_groups``) has a role of its own name, ``:note:`` by
default, and a label style: ``lower-alpha`` (a, b, …), ``upper-alpha``, ``lower-roman`` or
``named`` (``[note 1]``, as Cite shows a named group). Notes are numbered per group and
article in order of appearance, independently of the references.

reStructuredText roles cannot nest, so a note cites with ``[@key]`` (and ``[@key{p. 3}]``,
``[@key1,key2]``), the citation role's text in brackets, and gives a shortened footnote with
``[@@key{p. 3}]``; brackets in a locator must pair up (``[@key{para [3]}]``). Citations in
notes are numbered where the note's text is shown, in the notes list; an article whose
``note-citations`` field is ``at-note`` numbers them where the note's marker stands instead,
as MediaWiki's Cite numbers a ``<ref>`` inside {{efn}} (:func:`stamp_reading_order`).

A note whose text starts with ``[#name]`` is named; ``[#name]`` alone shows that note's
marker again and adds a back-link to its item, as a reused ``<ref name>`` does in Cite. Names
belong to a group and to the stretch of the article one notes list collects, so they are
resolved on each document's own tree and need no state across documents.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective, SphinxRole

from .appendix import appendix_from_directive, appendix_section, insert_in_order, outermost_section
from .citations import CitationRole, InReferencesOrder
from .compat import parse_inline
from .config import settings
from .diagnostics import warn
from .domain import builder_of, get_domain, settings_of
from .i18n import _
from .locations import role_location, role_markup
from .markers import add_marker_node, enc_marker
from .numbering import id_prefix
from .options import CheckedOptions, report_option_problems
from .order import POST_TRANSFORM_PRIORITY, TRANSFORM_PRIORITY
from .references import backlink_label, enc_backlinks
from .shortcites import SfnRole
from .walk import nodes_of
from .writers import WRITERS, add_node, add_placeholder

_ENUMTYPES = {"lower-alpha": "loweralpha", "upper-alpha": "upperalpha",
              "lower-roman": "lowerroman", "named": "arabic"}  # fmt: skip


def inner_citations(text: str) -> tuple[list[tuple[int, int]], int | None]:
    """The spans of ``[@…]`` in ``text``, and where one opens that no bracket closes.

    A locator may hold brackets of its own (``[@key{para [3]}]``), so a citation ends at the
    bracket that balances its opening one.
    """
    spans: list[tuple[int, int]] = []
    start = _next_citation(text, 0)
    while start != -1:
        end = _after_closing_bracket(text, start)
        if end is None:
            return spans, start
        spans.append((start, end))
        start = _next_citation(text, end)
    return spans, None


# A leading "[#name]": brackets and line breaks cannot be in a name, so a text that starts
# with a bracket of its own is written with it escaped (``\\[#``).
_NOTE_NAME = re.compile(r"\[#([^\]\n]+)\]\s*(.*)\Z", re.DOTALL)


def note_name(text: str) -> tuple[str, str]:
    """A note role's name (or "") and the text after it."""
    match = _NOTE_NAME.match(text)
    if match is None:
        return "", text
    return " ".join(match.group(1).split()), match.group(2)


def _next_citation(text: str, position: int) -> int:
    """Where the next ``[@`` (or ``[@@``) opens."""
    return text.find("[@", position)


# A shortened footnote in a note: "@@" where a citation has "@" (docutils would read
# "sfn@key" as an e-mail address before the role sees it).
SFN_PREFIX = "[@@"
_VERBATIM = (nodes.literal, nodes.raw, nodes.math)
AT_NOTE = "at-note"  # the value of an article's note-citations field


def _after_closing_bracket(text: str, start: int) -> int | None:
    depth = 0
    for position in range(start, len(text)):
        if text[position] == "[":
            depth += 1
        elif text[position] == "]":
            depth -= 1
            if not depth:
                return position + 1
    return None


def roman(number: int) -> str:
    numerals = [
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ]  # fmt: skip
    result = ""
    for value, numeral in numerals:
        count, number = divmod(number, value)
        result += numeral * count
    return result


def note_label(style: str, group: str, number: int) -> str:
    if style == "upper-alpha":
        return backlink_label(number - 1).upper()
    if style == "lower-roman":
        return roman(number)
    if style == "named":
        return f"{group} {number}"
    return backlink_label(number - 1)


class InNotesOrder:
    """Marks notes and notes lists: one class lets one walk of the page find both."""


class enc_note_ref(enc_marker, InNotesOrder):  # noqa: N801 - docutils' naming
    """A note's marker; its children are the note's text until the list takes them.

    Read-time attributes: ``group``, ``docname``, ``list``, ``broken``, and ``name`` for a
    named note, ``reuse`` for a use of a name that shows the marker only; write-time:
    ``label``, ``refid``, ``ids``.
    """

    css_class = "enc-note-ref"

    def label(self) -> str:
        return f"[{self['label']}]" if self.resolved() else "[?]"

    def error_title(self) -> str:
        return str(_("Note error: this note has no text"))


class enc_note_list(nodes.General, nodes.Element, InNotesOrder):  # noqa: N801 - docutils' naming
    """Where a group's notes list goes; ``group``, ``docname``, ``list``."""


class enc_note_items(nodes.enumerated_list):  # noqa: N801 - docutils' naming
    """A group's notes list, built while writing; its items are :class:`enc_note_item`."""


class enc_note_item(nodes.list_item):  # noqa: N801 - docutils' naming
    """A note in its list; ``label`` is what the list shows before it (``a``, ``iv``).

    Sphinx's text, man, LaTeX and Texinfo writers number enumerated lists in digits, or in
    letters only up to z, and not all of them in roman numerals: they are given the label.
    """


def note_groups(env: BuildEnvironment) -> dict[str, str]:
    return settings_of(env).note_groups


class NoteRole(SphinxRole):
    def __init__(self, group: str) -> None:
        self.group = group

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        self.markup = role_markup(self)
        marker = enc_note_ref(self.rawtext, group=self.group, docname=self.env.docname)
        self.set_source_info(marker, self.markup.line)
        name, text = note_name(self.text.strip())
        if name:
            marker["name"] = name
            if not text.strip():
                marker["reuse"] = True
                return [marker], []
        text = text.strip()
        if not text:
            location = role_location(self, self.markup.line)
            warn(f"note without text: {self.rawtext}", "empty-note", location)
            marker["broken"] = True
            return [marker], []
        inline, messages = self._parse_inline(text)
        marker.extend(self._with_citations(inline))
        return [marker], messages

    def _parse_inline(self, text: str) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        return parse_inline(self.inliner, text, self.markup.line)

    def _with_citations(self, inline: list[nodes.Node]) -> list[nodes.Node]:
        """``[@key]`` in the note's text as citation markers."""
        result: list[nodes.Node] = []
        for node in inline:
            if isinstance(node, nodes.Text):
                result.extend(self._split_text(str(node)))
            else:
                # Code and raw output show their text as written: ``[@key]`` there is an
                # example of the syntax, not a citation.
                if isinstance(node, nodes.Element) and not isinstance(node, _VERBATIM):
                    node.children[:] = self._with_citations(list(node.children))
                    for child in node.children:
                        child.parent = node
                result.append(node)
        return result

    def _split_text(self, text: str) -> list[nodes.Node]:
        result: list[nodes.Node] = []
        position = 0
        spans, unclosed = inner_citations(text)
        if unclosed is not None:
            line = self.markup.line_of(text[unclosed:], advance=False)
            warn(
                f"malformed citation in {self.rawtext}: no bracket closes "
                f"{text[unclosed:]!r}; brackets in a locator must balance",
                "malformed-citation",
                role_location(self, line),
            )
        for start, end in spans:
            if start > position:
                result.append(nodes.Text(text[position:start].rstrip()))
            short = text.startswith(SFN_PREFIX, start)
            role_class = SfnRole if short else CitationRole
            citation = role_class(line=self.markup.line_of(text[start:end]))
            inner = text[start + (len(SFN_PREFIX) if short else 2) : end - 1]
            markers, _messages = citation(
                "sfn" if short else "citation", text[start:end], inner, self.lineno,
                self.inliner, {}, [],
            )  # fmt: skip
            result.extend(markers)
            position = end
        if position < len(text):
            result.append(nodes.Text(text[position:]))
        return result


class NotesDirective(SphinxDirective):
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = CheckedOptions(
        {"group": directives.unchanged_required, "title": directives.unchanged_required}
    )

    def run(self) -> list[nodes.Node]:
        report_option_problems(self)
        group = self.options.get("group", "note").strip()
        groups = note_groups(self.env)
        if group not in groups:
            warn(
                f"unknown notes group {group!r}; groups are set by encyclopedia_note_groups: "
                + ", ".join(sorted(groups)),
                "unknown-note-group",
                self.get_location(),
            )
        placeholder = enc_note_list(group=group, docname=self.env.docname)
        self.set_source_info(placeholder)
        title = self.options.get("title") or _("Notes")
        return appendix_from_directive(self, "notes", title, [placeholder])


class NoteListCheck(SphinxTransform):
    """Tie each note to the list that collects it; add a list where one is missing."""

    default_priority = TRANSFORM_PRIORITY["NoteListCheck"]

    def apply(self, **kwargs: Any) -> None:
        segments: dict[str, int] = {}
        pending: dict[str, list[enc_note_ref]] = {}
        for node in cast("list[nodes.Element]", nodes_of(self.document, InNotesOrder)):
            group = node["group"]
            node["list"] = segments.get(group, 0)
            if isinstance(node, enc_note_ref):
                pending.setdefault(group, []).append(node)
                continue
            if not pending.get(group):
                warn(f"notes list of group {group!r} with no note before it", "empty-notes", node)
            segments[group] = segments.get(group, 0) + 1
            _check_names(pending.get(group, []))
            pending[group] = []
        for notes in pending.values():
            _check_names(notes)
        for group, notes in pending.items():
            if not notes:
                continue
            warn(
                f"notes of group {group!r} with no notes list after them; one is added at the end",
                "missing-notes",
                notes[0],
            )
            section = appendix_section(self.document, "notes", _("Notes"))
            section += enc_note_list(
                group=group, docname=self.env.docname, list=segments.get(group, 0)
            )
            insert_in_order(outermost_section(notes[0]) or self.document, section)


def _check_names(notes: list[enc_note_ref]) -> None:
    """The named notes one list collects: each name's text given once. A second text is
    dropped (the first use of a name with text is the note), a name with none is broken."""
    texts: dict[str, enc_note_ref] = {}
    for note in notes:
        name = note.get("name")
        if not name or note.get("reuse") or note.get("broken"):
            continue
        if name in texts:
            warn(
                f"note {name!r} is given text again; the first text is kept and this use "
                "shows its marker",
                "note-name",
                note,
            )
            note.children = []
            note["reuse"] = True
        else:
            texts[name] = note
    reported: set[str] = set()
    for note in notes:
        name = note.get("name")
        if note.get("reuse") and name not in texts:
            note["broken"] = True
            if name not in reported:
                reported.add(name)
                warn(
                    f"note {name!r} has no text: no note its notes list collects gives one "
                    f"([#{name}] followed by the text)",
                    "note-name",
                    note,
                )


class NoteNumbering(SphinxPostTransform):
    """Label the notes and move their text into their lists, before citations are numbered
    (so that citations in notes are numbered where the notes list shows them)."""

    default_priority = POST_TRANSFORM_PRIORITY["NoteNumbering"]

    def run(self, **kwargs: Any) -> None:
        stamp_reading_order(self.env, self.document)
        groups = note_groups(self.env)
        collected: dict[tuple[str, str, int], list[enc_note_ref]] = {}
        placeholders: list[enc_note_list] = []
        for node in cast("list[nodes.Element]", nodes_of(self.document, InNotesOrder)):
            if isinstance(node, enc_note_list):
                placeholders.append(node)
            elif isinstance(node, enc_note_ref) and not node.get("broken"):
                key = (node["docname"], node["group"], node.get("list", 0))
                collected.setdefault(key, []).append(node)
        items: dict[tuple[str, str, int], list[list[enc_note_ref]]] = {}
        for (docname, group, segment), notes in collected.items():
            style = groups.get(group, "lower-alpha")
            prefix = f"{nodes.make_id(group) or 'note'}-{id_prefix(docname, segment)}"
            # A note is numbered at the first use of its name; each use is one back-link.
            uses: dict[str, list[enc_note_ref]] = {}
            listed = items[(docname, group, segment)] = []
            for note in notes:
                name = note.get("name")
                if name and name in uses:
                    uses[name].append(note)
                    continue
                listed.append([note])
                if name:
                    uses[name] = listed[-1]
            for number, sites in enumerate(listed, 1):
                for index, note in enumerate(sites):
                    note["label"] = note_label(style, group, number)
                    note["refid"] = f"note-{prefix}-{number}"
                    note["ids"] = [f"note-ref-{prefix}-{number}" + (f"-{index}" if index else "")]
        for placeholder in placeholders:
            key = (placeholder["docname"], placeholder["group"], placeholder.get("list", 0))
            style = groups.get(placeholder["group"], "lower-alpha")
            placeholder.replace_self(self._build_list(items.get(key, []), style))

    def _build_list(self, listed: list[list[enc_note_ref]], style: str) -> list[nodes.Node]:
        if not listed:
            return []
        # HTML numbers the list in the group's style itself (list-style-type), and a writer
        # this extension does not know gets the plain list; the others are told the labels.
        output = builder_of(self.env).format
        labelled = output in WRITERS and output != "html"
        list_class = enc_note_items if labelled else nodes.enumerated_list
        item_class = enc_note_item if labelled else nodes.list_item
        listing = list_class(
            enumtype=_ENUMTYPES.get(style, "loweralpha"), prefix="", suffix=".",
            classes=["enc-notes", f"enc-notes-{style}"],
        )  # fmt: skip
        for number, sites in enumerate(listed, 1):
            note = next((site for site in sites if not site.get("reuse")), sites[0])
            paragraph = nodes.paragraph()
            targets = [site["ids"][0] for site in sites]
            paragraph += enc_backlinks(targets=targets, item=note["refid"])
            body = nodes.inline("", "", classes=["enc-note-text"])
            body.extend(note.children)
            note.children = []
            paragraph += body
            item = item_class("", paragraph, ids=[note["refid"]], classes=["enc-note"])
            if labelled:
                # A named group's list counts 1, 2, … as the HTML list does; its markers
                # read [group 1].
                item["label"] = str(number) if style == "named" else note["label"]
            listing += item
        return [listing]


def stamp_reading_order(env: BuildEnvironment, document: nodes.Node) -> None:
    """Before the notes' text moves to its lists, give the citations (and references lists)
    of ``at-note`` articles their place in the text as it is written, where a citation in a
    note stands at the note's marker; the references are numbered in that order."""
    build = get_domain(env).build
    if build.at_note is None:  # once a build: few articles ask, and most pages none
        build.at_note = {
            docname for docname, fields in env.metadata.items()
            if str(fields.get("note-citations", "")).strip() == AT_NOTE
        }  # fmt: skip
    if not build.at_note:
        return
    for index, node in enumerate(
        cast("list[nodes.Element]", nodes_of(document, InReferencesOrder))
    ):
        if node.get("docname", "") in build.at_note:
            node["reading_order"] = index


def register_note_roles(app: Sphinx, config: Config) -> None:
    # The groups were checked at config-inited (.config): none shadows an existing role,
    # but our own role from an earlier build in the same process may still be registered.
    for group in settings(config).note_groups:
        app.add_role(group, NoteRole(group), override=True)


def visit_items_as_list(self: Any, node: enc_note_items) -> None:
    self.visit_enumerated_list(node)


def depart_items_as_list(self: Any, node: enc_note_items) -> None:
    self.depart_enumerated_list(node)


def visit_item_as_item(self: Any, node: enc_note_item) -> None:
    self.visit_list_item(node)


def depart_item_as_item(self: Any, node: enc_note_item) -> None:
    self.depart_list_item(node)


def visit_item_text(self: Any, node: enc_note_item) -> None:
    self.new_state(len(node["label"]) + 2)


def depart_item_text(self: Any, node: enc_note_item) -> None:
    self.end_state(first=f"{node['label']}. ")


def visit_item_latex(self: Any, node: enc_note_item) -> None:
    # An \item with its own label leaves the list's counter alone, which LaTeX would print
    # in digits after z.
    self.body.append(r"\item[{" + self.encode(node["label"]) + ".}] {} ")


def visit_item_man(self: Any, node: enc_note_item) -> None:
    width = max(len(item["label"]) for item in node.parent.children) + 2
    self.body.append(f".IP {node['label']}. {width}\n")


def visit_items_texinfo(self: Any, node: enc_note_items) -> None:
    # Texinfo's @enumerate knows no roman numerals: items without a mark, labelled by hand.
    self.body.append("\n\n@itemize @w{}\n")


def depart_items_texinfo(self: Any, node: enc_note_items) -> None:
    self.ensure_eol()
    self.body.append("@end itemize\n")


def visit_item_texinfo(self: Any, node: enc_note_item) -> None:
    self.body.append("\n@item " + self.escape(node["label"] + ". "))


def setup_notes(app: Sphinx) -> None:
    add_marker_node(app, enc_note_ref)
    as_list = (visit_items_as_list, depart_items_as_list)
    add_node(app, enc_note_items, html=as_list, others=as_list,
             texinfo=(visit_items_texinfo, depart_items_texinfo))  # fmt: skip
    add_node(
        app, enc_note_item, html=(visit_item_as_item, depart_item_as_item),
        others=(visit_item_as_item, depart_item_as_item),
        text=(visit_item_text, depart_item_text), latex=(visit_item_latex, depart_item_as_item),
        man=(visit_item_man, depart_item_as_item), texinfo=(visit_item_texinfo, None),
    )  # fmt: skip
    add_placeholder(app, enc_note_list)
    app.connect("config-inited", register_note_roles)
    app.add_directive("notes", NotesDirective)
    app.add_transform(NoteListCheck)
    app.add_post_transform(NoteNumbering)
