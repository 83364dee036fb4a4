"""One wikitext page as an article of the extension.

The page is parsed by mwparserfromhell and walked node by node. References keep Cite's
identities: each named ``<ref>`` (and each {{sfn}}, a ref named by its parameters) is one bib
key, cited at every use, and each unnamed one a key of its own, so that the extension numbers
them as Cite does: by first use, a reuse adding a back-link, the notes' own groups apart. A
citation inside a footnote template ({{efn}}, {{refn}}) is numbered where the note stands,
as Cite expands the template's text before the note's own ``<ref>``; the article asks the
extension for that rule with its ``note-citations`` field.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard
from urllib.parse import quote

import mwparserfromhell
from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Node,
    Tag,
    Template,
    Wikilink,
)
from mwparserfromhell.nodes import (
    Text as TextNode,
)
from mwparserfromhell.wikicode import Wikicode

from . import templates as known
from .bib import BibFile, missing_fields
from .cite import Work, anchor, is_cite_template, template_name, work_from_template
from .report import Report
from .source import Page
from .syntax import Markup, SpanCell, Syntax, Text, Token

# Where a kept comment stood in a line, with the escaped spaces that set it off.
_COMMENT_MARK = re.compile(r"(?:\\ )?[ \t]*\x00COMMENT\d+\x00(?:\\ )?")
_URL = re.compile(r"^\s*(?:https?|ftp)://\S+\s*$")
_BEHAVIOUR_SWITCH = re.compile(r"__[A-Z]+__")
_FILE_NAMESPACES = ("file:", "image:")
_CATEGORY = "category:"
_FIGURE_WORDS = frozenset(
    {
        "thumb",
        "thumbnail",
        "frame",
        "framed",
        "frameless",
        "left",
        "right",
        "center",
        "centre",
        "none",
        "border",
        "upright",
        "baseline",
        "middle",
        "sub",
        "super",
        "top",
        "text-top",
        "bottom",
        "text-bottom",
    }
)
# Titles of the sections that start Wikipedia's appendix (MOS:ORDER): lists of citations
# there are further reading, and sections there may be the extension's appendix sections.
_APPENDIX_TITLES = frozenset(
    {
        "see also",
        "notes",
        "footnotes",
        "references",
        "citations",
        "notes and references",
        "references and notes",
        "works cited",
        "further reading",
        "external links",
    }
)
_SPECIAL_SECTIONS = {
    "see also": "see-also",
    "external links": "external-links",
    "further reading": "further-reading",
}


@dataclass
class Line:
    """A line of the page's text: a paragraph's line, or a list item with its markers."""

    markers: str
    tokens: list[Token]


@dataclass
class Block:
    lines: list[str]
    # An appendix list ("notes", "references"), or "comment" for a kept template: what an
    # appendix section may hold besides its list.
    kind: str = ""


Element = Line | Block | None  # None: a blank line, which ends a paragraph


@dataclass
class Section:
    level: int
    title: Wikicode | None
    nodes: list[tuple[Node, int]] = field(default_factory=list)  # with their offsets


@dataclass
class ImportContext:
    """What the pages of one import share."""

    bib: BibFile
    syntax: Syntax
    report: Report
    docnames: dict[str, str]  # normalised title → document name
    wiki_url: str
    license: str
    outdir: Path
    placeholders: dict[Path, str] = field(default_factory=dict)


def normal_title(title: str) -> str:
    title = " ".join(title.replace("_", " ").split())
    return title[:1].upper() + title[1:]


def _name(template: Template) -> str:
    return template_name(str(template.name).split("<!--")[0])


def _params(template: Template) -> dict[str, Wikicode]:
    return {str(param.name).strip(): param.value for param in template.params}


def _positional(template: Template) -> list[Wikicode]:
    return [param.value for param in template.params if not param.showkey]


def _attribute(tag: Tag, name: str) -> str:
    for attribute in tag.attributes:
        if str(attribute.name).strip().casefold() == name and attribute.value is not None:
            return str(attribute.value).strip()
    return ""


def _is_ref(node: Node) -> TypeGuard[Tag]:
    return isinstance(node, Tag) and str(node.tag).strip().casefold() == "ref"


class PageConverter:
    def __init__(self, page: Page, context: ImportContext) -> None:
        self.page = page
        self.context = context
        self.syntax = context.syntax
        self.bib = context.bib
        self.report = context.report
        self.text = page.text
        self._line_starts = [0] + [i + 1 for i, c in enumerate(page.text) if c == "\n"]
        self.short_description = ""
        self.definitions: dict[tuple[str, str], tuple[Wikicode, int]] = {}
        self.list_defined: dict[tuple[str, str], int] = {}
        self.named: dict[tuple[str, str], tuple[str, str, str]] = {}
        self.claimed: dict[tuple[str, str], object] = {}
        self.anchors: dict[str, str] = {}
        self.cited_keys: set[str] = set()
        self.works_listed: list[str] = []
        self.categories: list[str] = []
        self.sort_key = ""
        self.reported_templates: set[str] = set()
        self.used_note_groups: dict[str, str] = {}
        self.short_citations = 0
        self.cite_keys: dict[int, str] = {}
        self.comments: dict[str, str] = {}
        self.has_works_list = False
        self.pending: dict[str, int] = {}  # items of each Cite group since its last list
        # Lines of the appendix sections that cannot stand in them (see convert).
        self.relocated: list[str] = []

    # -- locations and reports ---------------------------------------------------------------

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self._line_starts, offset) + self.page.first_line - 1

    def warn(self, offset: int, kind: str, message: str) -> None:
        self.report.warn(self.page.path, self.line(offset), kind, message, self.page.title)

    # -- the page ----------------------------------------------------------------------------

    def convert(self) -> str:
        code = mwparserfromhell.parse(self.text, skip_style_tags=False)
        self._collect(code, 0)
        sections = self._sections(code)
        out: list[str] = []
        syntax = self.syntax
        out += syntax.front_matter({"note-citations": "at-note"})
        title = self.page.title
        out += syntax.heading(syntax.escape(title), 1) if syntax.suffix == ".rst" else []
        if syntax.suffix == ".md":
            out += syntax.heading(syntax.escape(title), 1)
        out.append("")
        lead = sections[0]
        lead_lines = self._render_elements(self._elements(lead.nodes))
        before, body = self._split_lead(lead_lines)
        out += before
        options = {"short-description": self.short_description} if self.short_description else {}
        if body or options:
            out += syntax.directive("lead", "", options, body or None)
            out.append("")
        chunks = self._appendix_aware_sections(sections[1:])
        for (group, name), offset in self.list_defined.items():
            if (group, name) not in self.named:
                self.warn(
                    offset,
                    "unused-list-defined",
                    f"reference {name!r} is defined in the references list and cited nowhere; "
                    "Cite lists it with an error, the article leaves it out",
                )
        # What ends the text without being an appendix section of its own: the lists no
        # list of the page gave. The extension keeps an appendix section's heading only when
        # its list is all it holds, so these go after the text and before the sections that
        # end the page with a list. Comments, the categories and the attribution do not
        # count against a heading: they close the page, and the extension moves the box and
        # the attribution to its foot.
        end: list[str] = []
        for group, count in self.pending.items():
            if count:
                # Cite lists at the end of the page what no list follows (a note group's
                # with an error); the article too.
                end += ["", *self._references_list(group, 0), ""]
        if self.works_listed and not self.has_works_list:
            # {{sfn}} links to a full citation wherever it stands; the extension's short
            # citations link to a works-cited list, which takes every work they name.
            end += ["", *syntax.directive("works-cited"), ""]
        end += self.relocated
        tail = len(chunks)
        while tail and chunks[tail - 1][1]:
            tail -= 1
        body = out + [line for lines, _listed in chunks[:tail] for line in lines] + end
        appendix = [line for lines, _listed in chunks[tail:] for line in lines]
        # Comments of templates where a comment cannot stand (a heading, an attribution)
        # gather at the end.
        text, leftover = self._without_comments("\n".join(body))
        after, more = self._without_comments("\n".join(appendix))
        out = [*text.split("\n"), "", *after.split("\n")]
        for wikitext in leftover + more:
            out += ["", *syntax.comment("wikitext: " + wikitext)]
        out += self._categories()
        out += self._attribution()
        return "\n".join(_squeeze(out)).rstrip() + "\n"

    def _split_lead(self, lines: list[str]) -> tuple[list[str], list[str]]:
        """Comments and figures at the top stay before the lead directive; its content is the
        text from the first paragraph on."""
        return [], lines

    def _sections(self, code: Wikicode) -> list[Section]:
        sections = [Section(1, None)]
        offset = 0
        for node in code.nodes:
            if isinstance(node, Heading):
                sections.append(Section(node.level, node.title))
            else:
                sections[-1].nodes.append((node, offset))
            offset += len(str(node))
        return sections

    def _appendix_aware_sections(self, sections: list[Section]) -> list[tuple[list[str], bool]]:
        """Each section's lines, and whether it is an appendix section of the extension's (a
        heading and one list directive, nothing else)."""
        start = next(
            (
                index
                for index, section in enumerate(sections)
                if section.level <= 2
                and self._plain(section.title).strip().casefold() in _APPENDIX_TITLES
            ),
            len(sections),
        )
        chunks: list[tuple[list[str], bool]] = []
        ancestors: list[tuple[int, bool]] = []  # wiki level, whether an appendix section
        for index, section in enumerate(sections):
            while ancestors and ancestors[-1][0] >= section.level:
                ancestors.pop()
            # Anything else in an appendix section's would make the extension give its list
            # a heading of its own, the section's shown twice: what the wiki nests under it
            # (the "Sources" under "References") follows it, a section of its level.
            level = section.level - sum(1 for _level, listed in ancestors if listed)
            lines, listed = self._section(section, level, index >= start)
            chunks.append((lines, listed))
            ancestors.append((section.level, listed))
        return chunks

    def _section(self, section: Section, level: int, in_appendix: bool) -> tuple[list[str], bool]:
        assert section.title is not None
        heading_text = self.syntax.join(self._inline(section.title, 0)).strip()
        plain = self._plain(section.title).strip().casefold()
        heading = ["", *self.syntax.heading(heading_text or "Section", level), ""]
        kind = _SPECIAL_SECTIONS.get(plain)
        works = self._works_list(section)
        if works is not None:
            listed = self._works_section(works, in_appendix or kind == "further-reading")
            if listed is not None:
                return heading + listed + [""], True
        elements = self._elements(section.nodes)
        content = [
            e
            for e in elements
            # A second list of a group shows nothing, as in Cite.
            if e is not None and not (isinstance(e, Block) and (e.kind == "comment" or not e.lines))
        ]
        comments = [e for e in elements if isinstance(e, Block) and e.kind == "comment"]
        directive: list[str] | None = None
        if kind in ("see-also", "external-links") and content:
            directive = self._link_list(kind, content)
        elif (
            len(content) == 1
            and isinstance(content[0], Block)
            and content[0].kind in ("notes", "references")
        ):
            directive = content[0].lines
        if directive is None:
            return heading + self._render_elements(elements) + [""], False
        for comment in comments:
            self.relocated += ["", *comment.lines, ""]
        return heading + directive + [""], True

    # -- collecting what the page defines before it is walked --------------------------------

    def _collect(self, code: Wikicode, base: int) -> None:
        """Named refs' texts (wherever defined: Cite takes a name's text from any of its
        uses, and from the references list) and each full citation's CITEREF anchor."""
        for node, offset in self._walk_all(code, base):
            if _is_ref(node):
                name = _attribute(node, "name")
                group = _attribute(node, "group")
                if name and node.contents is not None and str(node.contents).strip():
                    self.definitions.setdefault((group, name), (node.contents, offset))
            elif isinstance(node, Template):
                name = _name(node)
                if name in known.NOTE_TEMPLATES and name != "notelist":
                    # {{efn|name=x}} may come before the note that gives x its text.
                    params = _params(node)
                    text = params.get("1") or params.get("text")
                    note_name = self._plain(params.get("name", Wikicode([]))).strip()
                    group = known.NOTE_TEMPLATES[name] or "lower-alpha"
                    if note_name and text is not None and str(text).strip():
                        self.definitions.setdefault((group, note_name), (text, offset))
                elif is_cite_template(name):
                    key = self._cite_key(node, offset)
                    work_anchor = self._anchor_of(node)
                    if work_anchor:
                        self.anchors.setdefault(work_anchor, key)
                elif name in known.REFLISTS or name == "#tag:references":
                    refs = _params(node).get("refs") if name != "#tag:references" else None
                    if name == "#tag:references" and node.params:
                        refs = node.params[0].value
                    group = str(_params(node).get("group", "")).strip()
                    if refs is not None:
                        self._collect_list_defined(refs, group, offset)
            elif (
                isinstance(node, Tag)
                and str(node.tag).strip().casefold() == "references"
                and node.contents is not None
            ):
                self._collect_list_defined(node.contents, _attribute(node, "group"), offset)

    def _collect_list_defined(self, code: Wikicode, group: str, offset: int) -> None:
        for node in code.ifilter_tags(recursive=False):
            if _is_ref(node) and _attribute(node, "name"):
                identity = (_attribute(node, "group") or group, _attribute(node, "name"))
                self.list_defined.setdefault(identity, offset)

    def _walk_all(self, code: Wikicode, base: int) -> Iterator[tuple[Node, int]]:
        """Every node of ``code`` with its offset in the page, depth first."""
        offset = base
        for node in code.nodes:
            yield node, offset
            for child, child_offset in self._children(node, offset):
                yield from self._walk_all(child, child_offset)
            offset += len(str(node))

    @staticmethod
    def _children(node: Node, offset: int) -> Iterator[tuple[Wikicode, int]]:
        text = str(node)
        if isinstance(node, Tag):
            if node.contents is not None:
                yield node.contents, offset + max(text.find(str(node.contents)), 0)
        elif isinstance(node, Template):
            cursor = 0
            for param in node.params:
                value = str(param.value)
                position = text.find(value, cursor) if value else cursor
                if position < 0:
                    position = cursor
                yield param.value, offset + position
                cursor = position + len(value)
        elif isinstance(node, Wikilink):
            if node.text is not None:
                yield node.text, offset + max(text.find(str(node.text)), 0)
        elif isinstance(node, ExternalLink) and node.title is not None:
            yield node.title, offset + max(text.find(str(node.title)), 0)
        elif isinstance(node, Heading):
            yield node.title, offset + node.level

    def _anchor_of(self, template: Template) -> str | None:
        params = _params(template)
        ref = params.get("ref")
        ref_text = self._ref_anchor(ref) if ref is not None else None
        work = self._work(template)
        from .cite import citeref

        return citeref(work, {}, ref_text)

    def _ref_anchor(self, ref: Wikicode) -> str:
        for inner in ref.ifilter_templates(recursive=False):
            name = _name(inner)
            if name in ("sfnref", "harvid"):
                return anchor("".join(self._plain(p) for p in _positional(inner)[:5]))
        return self._plain(ref)

    def _work(self, template: Template) -> Work:
        params = {}
        for param in template.params:
            name = str(param.name).strip()
            locator = name.casefold() in ("page", "pages", "p", "pp", "at")
            params[name] = self._plain(param.value, urls=not locator).strip()
        return work_from_template(str(template.name), params)

    def _cite_key(self, template: Template, offset: int) -> str:
        """The bib key of a full citation; one template is added to the bib file once."""
        if id(template) in self.cite_keys:
            return self.cite_keys[id(template)]
        work = self._work(template)
        if work.unmapped:
            self.warn(
                offset,
                "cite-parameter",
                f"{{{{{str(template.name).strip()}}}}}: parameters with no CS1 field "
                f"kept in the bib entry under their own names: {', '.join(work.unmapped)}",
            )
        missing = missing_fields(work)
        if missing:
            self.warn(
                offset,
                "cite-incomplete",
                f"{{{{{str(template.name).strip()}}}}} has no {', no '.join(missing)}, "
                "which the citation style asks for (encyclopedia.missing-field)",
            )
        key = self.bib.add(work)
        self.cite_keys[id(template)] = key
        return key

    # -- references ------------------------------------------------------------------------

    def _claim(
        self, spec: tuple[str, str, str], identity: object, offset: int
    ) -> tuple[str, str, str]:
        """``spec`` for the Cite item ``identity``, unless another item of the page has it:
        then one of its own, since the extension would list the two as one."""
        holder = self.claimed.get((spec[0], spec[1] + "\0" + spec[2]))
        if holder is None or holder == identity:
            self.claimed[(spec[0], spec[1] + "\0" + spec[2])] = identity
            return spec
        if spec[0] == "sfn":
            key = self.bib.verbatim(self._short_text(spec[1], spec[2]), "sfn")
        else:
            key = self.bib.child(spec[1])
        new = ("citation", key, "")
        self.claimed[(new[0], new[1] + "\0")] = identity
        return new

    def _short_text(self, key: str, locator: str) -> str:
        work = self.bib.new.get(key)
        names = ""
        if work is not None:
            people = work.persons.get("author") or work.persons.get("editor") or []
            from .cite import family, year_of

            names = " & ".join(family(p) for p in people[:2] if p != "others")
            names = f"{names} {year_of(work.fields.get('date', ''))}".strip()
        return (names or key) + (f", {locator}" if locator else "") + "."

    def _ref(
        self, group: str, name: str, contents: Wikicode | None, offset: int, in_note: bool
    ) -> list[Token]:
        """A ``<ref>`` as the extension's marker."""
        group = group.strip()
        if group:
            return self._note(group, name, contents, offset, in_note)
        identity: object = ("", name) if name else object()
        spec = self.named.get(("", name)) if name else None
        if spec is None:
            if (contents is None or not str(contents).strip()) and name:
                contents = self.definitions.get(("", name), (None, 0))[0]
            if contents is None or not str(contents).strip():
                self.warn(
                    offset,
                    "ref-without-text",
                    f"<ref name={name!r}> has no text anywhere in the page",
                )
                key = self.bib.verbatim(f"(Reference {name!r} has no text in the wikitext.)")
                spec = ("citation", key, "")
            else:
                spec = self._claim(self._item(contents, offset), identity, offset)
            if name:
                self.named[("", name)] = spec
        return [self._marker(spec, "", in_note)]

    def _marker(self, spec: tuple[str, str, str], locator: str, in_note: bool) -> Markup:
        role, key, item_locator = spec
        self.pending[""] = self.pending.get("", 0) + 1
        self.cited_keys.add(key)
        if role == "sfn":
            self.short_citations += 1
            content = f"{key}{{{_braced(item_locator)}}}" if item_locator else key
        else:
            content = f"{key}{{{_braced(locator)}}}" if locator else key
        if in_note:
            prefix = "@@" if role == "sfn" else "@"
            return Markup(f"[{prefix}{content}]", citation=True)
        return Markup(self.syntax.role(role, content), citation=True)

    def _item(self, contents: Wikicode, offset: int) -> tuple[str, str, str]:
        """What a ref's text becomes: a full citation's key, a short citation, or an entry
        of the text (a set of them when the ref holds several citations)."""
        nodes = [n for n in contents.nodes if not _blank(n)]
        if len(nodes) == 1 and isinstance(nodes[0], Template):
            template = nodes[0]
            name = _name(template)
            if is_cite_template(name):
                return ("citation", self._cite_key(template, offset), "")
            if name in known.HARV_IN_TEXT or name in known.SHORT_FOOTNOTES:
                short = self._short_target(template, offset)
                if short is not None:
                    return ("sfn", *short)
        plain = self._plain(contents, offset).strip()
        if _URL.match(plain):
            url = plain.strip()
            self.warn(
                offset,
                "bare-url",
                f"reference of a bare URL, {url}: it has no title; the URL stands for it",
            )
            return ("citation", self.bib.add(Work("online", {"url": url, "title": url})), "")
        pieces: list[str] = []
        text: list[str] = []
        for node in contents.nodes:
            if isinstance(node, Template) and is_cite_template(_name(node)):
                if "".join(text).strip(" \t\n;,.–-"):
                    pieces.append(self.bib.verbatim(" ".join("".join(text).split())))
                text = []
                pieces.append(self._cite_key(node, offset))
            else:
                text.append(self._plain_node(node, offset))
        if "".join(text).strip(" \t\n;,.–-"):
            pieces.append(self.bib.verbatim(" ".join("".join(text).split())))
        if not pieces:
            return ("citation", self.bib.verbatim(plain or str(contents).strip()), "")
        if len(pieces) == 1:
            return ("citation", pieces[0], "")
        return ("citation", self.bib.set_of(pieces, pieces[0] + "-set"), "")

    def _short_target(self, template: Template, offset: int) -> tuple[str, str] | None:
        """{{sfn}}/{{harvnb}}'s work (by its CITEREF anchor) and locator."""
        positional = [self._plain(v).strip() for v in _positional(template)]
        names, year = positional[:-1], positional[-1] if positional else ""
        key = self.anchors.get(anchor("".join(names[:4]) + year))
        params = {k.casefold(): self._label(v) for k, v in _params(template).items()}
        locator = sfn_locator(params)
        if key is None:
            return None
        self.works_listed.append(key) if key not in self.works_listed else None
        return key, locator

    def _sfn(self, template: Template, offset: int, in_note: bool) -> list[Token]:
        """{{sfn}}: a ref named by its parameters, so the same work and page is one item."""
        positional = [self._plain(v).strip() for v in _positional(template)]
        params = {k.casefold(): self._label(v) for k, v in _params(template).items()}
        name = (
            "FOOTNOTE"
            + "".join(positional[:5])
            + "".join(params.get(p, "") for p in ("p", "page", "pp", "pages", "loc", "at"))
        )
        identity = ("", name)
        spec = self.named.get(identity)
        if spec is None:
            target = self._short_target(template, offset)
            if target is None:
                text = ", ".join(filter(None, [" ".join(positional), sfn_locator(params)]))
                self.warn(
                    offset,
                    "sfn-target",
                    f"{{{{{str(template.name).strip()}}}}} names no full citation of the "
                    f"page ({' '.join(positional)}); its text is kept as it reads",
                )
                spec = ("citation", self.bib.verbatim(text + "."), "")
            else:
                spec = ("sfn", *target)
            spec = self._claim(spec, identity, offset)
            self.named[identity] = spec
        return [self._marker(spec, "", in_note)]

    def _note(
        self, group: str, name: str, contents: Wikicode | None, offset: int, in_note: bool
    ) -> list[Token]:
        """A ref of a note group ({{efn}}, ``<ref group="…">``): the extension's note role."""
        role = self._note_group(group, offset)
        if name and contents is not None and not str(contents).strip():
            contents = None
        # The note role's name: brackets and line breaks cannot stand in it.
        label = " ".join(name.replace("[", "(").replace("]", ")").split())
        if name and (group, name) in self.named:
            if in_note:
                self.warn(offset, "nested-note", "a note inside a note: a reuse is not shown")
                return []
            # Cite shows the note's marker again and adds a back-link to it; the text, if
            # this use gives one too, is the first use's.
            return [Markup(self.syntax.role(role, self.syntax.note_content(f"[#{label}]")))]
        if contents is None and name:
            contents = self.definitions.get((group, name), (None, 0))[0]
        self.pending[group] = self.pending.get(group, 0) + 1
        if contents is None:
            self.warn(offset, "ref-without-text", f"note {name!r} has no text in the page")
            return []
        if in_note:
            self.warn(offset, "nested-note", "a note inside a note: its text is kept inline")
            return self._inline(contents, offset, in_note=True)
        if name:
            self.named[(group, name)] = ("note", role, "")
        inner = self.syntax.join(self._inline(contents, offset, in_note=True)).strip()
        inner, comments = self._without_comments(" ".join(inner.split()))
        if not inner:
            inner = "\\ "
        if name:
            inner = f"[#{label}] {inner}"
        # Not a citation: the note role keeps a space before it, so it is set off by an
        # escaped one, which the reader does not see.
        note = Markup(self.syntax.role(role, self.syntax.note_content(inner)))
        # Templates kept as comments go after the paragraph the note is in.
        kept: list[Token] = []
        for wikitext in comments:
            comment = _Comment(wikitext)
            self.comments[comment.markup] = wikitext
            kept.append(comment)
        return [note, *kept]

    def _note_group(self, group: str, offset: int) -> str:
        role, style = known.NOTE_GROUP_STYLES.get(
            group, (re.sub(r"[^a-z0-9-]+", "-", group.casefold()).strip("-") or "note", "named")
        )
        if role not in self.used_note_groups:
            self.used_note_groups[role] = style
        return role

    # -- the walk: elements of a section -----------------------------------------------------

    def _elements(self, nodes: Iterable[tuple[Node, int]]) -> list[Element]:
        elements: list[Element] = []
        current: Line | None = None

        def flush() -> None:
            nonlocal current
            if current is not None and (current.markers or _has_content(current.tokens)):
                elements.append(current)
            current = None

        node_list = list(nodes)
        index = 0
        while index < len(node_list):
            node, offset = node_list[index]
            index += 1
            if isinstance(node, TextNode):
                text = _BEHAVIOUR_SWITCH.sub("", str(node.value))
                parts = text.split("\n")
                for number, part in enumerate(parts):
                    if number:
                        if (current is None and elements and elements[-1] is not None) or (
                            current is not None
                            and not _has_content(current.tokens)
                            and not current.markers
                        ):
                            elements.append(None)
                        flush()
                    if part:
                        if current is None:
                            if not part.strip():
                                continue
                            current = Line("", [])
                        current.tokens.append(Text(part))
                continue
            if (
                isinstance(node, Tag)
                and node.wiki_markup in ("*", "#", ";", ":")
                and str(node.tag) in ("li", "dt", "dd")
            ):
                marker = str(node.wiki_markup)
                if (
                    current is not None
                    and current.markers.startswith(";")
                    and marker == ":"
                    and _has_content(current.tokens)
                ):
                    flush()
                    current = Line(":", [])
                    continue
                if current is None or _has_content(current.tokens):
                    flush()
                    current = Line(marker, [])
                else:
                    current.markers += marker
                continue
            block = self._block(node, offset)
            if block is not None:
                flush()
                elements.extend(block)
                continue
            tokens = self._inline_node(node, offset, False)
            if (node_list and _is_ref(node)) or (
                isinstance(node, Template) and _name(node) in ("rp", "r")
            ):
                pass
            if tokens:
                if current is None:
                    current = Line("", [])
                _append_with_rp(current.tokens, tokens)
        flush()
        return elements

    def _block(self, node: Node, offset: int) -> list[Element] | None:
        """The block a node stands for, or None when it is inline."""
        if isinstance(node, Template):
            return self._block_template(node, offset)
        if isinstance(node, Tag):
            tag = str(node.tag).strip().casefold()
            if tag == "table":
                return [Block(self._table(node, offset))]
            if tag == "references":
                return [self._list_block(_attribute(node, "group"), offset)]
            if tag in ("blockquote", "poem"):
                inner = self._render_elements(self._elements(self._child_nodes(node, offset)))
                return [None, Block(self.syntax.block_quote(inner)), None]
            if tag == "math" and "block" in _attribute(node, "display"):
                return [
                    None,
                    Block(self.syntax.directive("math", "", {}, [str(node.contents).strip()])),
                    None,
                ]
            if tag in ("pre", "syntaxhighlight", "source"):
                lang = _attribute(node, "lang")
                code = str(node.contents or "").strip("\n").splitlines()
                return [
                    None,
                    Block(self.syntax.directive("code-block", lang or "text", {}, code)),
                    None,
                ]
            if tag in (
                "gallery",
                "timeline",
                "graph",
                "mapframe",
                "score",
                "imagemap",
                "templatedata",
            ):
                return [self._kept_block(str(node), offset, f"<{tag}>")]
            if tag in ("div", "center") and node.contents is not None:
                return self._elements(self._child_nodes(node, offset))
            return None
        if isinstance(node, Wikilink):
            target = str(node.title).strip()
            lowered = target.casefold().lstrip(":") if not target.startswith(":") else ""
            if lowered.startswith(_FILE_NAMESPACES):
                return [None, Block(self._figure(node, offset)), None]
            if lowered.startswith(_CATEGORY):
                sort = self._plain(node.text).strip() if node.text is not None else ""
                if node.text is not None and not sort:
                    # A blank key, which MediaWiki sorts before every other: "*" does here.
                    sort = "*"
                self.categories.append(
                    target.split(":", 1)[1].strip() + (f"|{sort}" if sort else "")
                )
                return []
            if re.match(r"^[a-z]{2,3}(-[a-z]+)?:", target) and not target.startswith(":"):
                # An interlanguage link: the sidebar's, not the text's.
                return []
        return None

    def _child_nodes(self, tag: Tag, offset: int) -> list[tuple[Node, int]]:
        if tag.contents is None:
            return []
        start = offset + max(str(tag).find(str(tag.contents)), 0)
        result = []
        for node in tag.contents.nodes:
            result.append((node, start))
            start += len(str(node))
        return result

    def _code_nodes(self, code: Wikicode, offset: int) -> list[tuple[Node, int]]:
        result = []
        for node in code.nodes:
            result.append((node, offset))
            offset += len(str(node))
        return result

    def _block_template(self, template: Template, offset: int) -> list[Element] | None:
        name = _name(template)
        syntax = self.syntax
        if name == "short description":
            positional = _positional(template)
            if positional:
                self.short_description = " ".join(self._plain(positional[0]).split())
            return []
        if name == "defaultsort" or name.startswith("defaultsort:"):
            self.sort_key = (
                str(template.name).split(":", 1)[1].strip()
                if ":" in str(template.name)
                else self._plain(_positional(template)[0])
                if _positional(template)
                else ""
            )
            return []
        if name in known.HATNOTES:
            return [None, Block(self._hatnote(template, known.HATNOTES[name], offset)), None]
        if name in known.REFLISTS or name == "#tag:references":
            group = self._plain(_params(template).get("group", Wikicode([]))).strip()
            return [None, self._list_block(group, offset), None]
        if name in known.NOTELISTS:
            group = (
                self._plain(_params(template).get("group", Wikicode([]))).strip()
                or known.NOTELISTS[name]
            )
            return [None, self._list_block(group, offset), None]
        if name in known.ARTICLE_NOTICES:
            date = self._plain(_params(template).get("date", Wikicode([]))).strip()
            return [
                None,
                Block(
                    syntax.directive(
                        "article-issue", known.ARTICLE_NOTICES[name], {"date": date} if date else {}
                    )
                ),
                None,
            ]
        if name in ("blockquote", "quote", "cquote", "quotation", "quote box"):
            params = _params(template)
            positional = _positional(template)
            text = (
                params.get("text") or params.get("quote") or (positional[0] if positional else None)
            )
            if text is None:
                return []
            inner = self._render_elements(self._elements(self._code_nodes(text, offset)))
            author = (
                params.get("author")
                or params.get("sign")
                or (positional[1] if len(positional) > 1 else None)
            )
            source = params.get("source") or (positional[2] if len(positional) > 2 else None)
            attribution = ", ".join(
                syntax.join(self._inline(part, offset)).strip()
                for part in (author, source)
                if part is not None and str(part).strip()
            )
            return [None, Block(syntax.block_quote(inner, attribution)), None]
        if name == "multiple image":
            return [None, Block(self._multiple_image(template, offset)), None]
        if name in known.LAYOUT or name.startswith(("pp-", "use ")):
            return []
        if (
            name in known.TEXT_TEMPLATES
            or name in known.SHOW_PARAMETER
            or name in known.MAINTENANCE_TAGS
        ):
            return None
        if (
            name in known.NOTE_TEMPLATES
            or name in known.REF_TEMPLATES
            or name in known.SHORT_FOOTNOTES
        ):
            return None
        if name in known.HARV_IN_TEXT or name in (
            "rp",
            "r",
            "convert",
            "cvt",
            "circa",
            "c.",
            "bibleverse",
            "section link",
            "slink",
            "anl",
            "annotated link",
            "webarchive",
            "isbn",
            "url",
            "as of",
            "official website",
        ):
            return None
        if is_cite_template(name):
            return None
        if name.startswith("infobox") or name.startswith("chembox"):
            return [Block(self._infobox(template, offset))]
        if name.startswith("#tag:"):
            return None
        if name in (
            "about",
            "for",
            "redirect",
            "other uses",
            "redirect-several",
            "distinguish",
        ) or name.startswith(("redirect", "other uses")):
            return [self._kept_block(str(template), offset, str(template.name).strip())]
        # Any other template of the page's own block level (a sidebar, a navbox) is kept as
        # a comment; inline ones are kept beside their text (see _inline_template).
        if self._is_block_level(template, offset):
            return [self._kept_block(str(template), offset, str(template.name).strip())]
        return None

    def _is_block_level(self, template: Template, offset: int) -> bool:
        """Whether the template has a line of its own, as block templates are written."""
        start = self._line_starts[bisect.bisect_right(self._line_starts, offset) - 1]
        end = offset + len(str(template))
        line_end = self.text.find("\n", end)
        after = self.text[end : line_end if line_end >= 0 else len(self.text)]
        return not self.text[start:offset].strip() and not after.strip()

    def _infobox(self, template: Template, offset: int) -> list[str]:
        if self.syntax.suffix == ".rst":
            return self._infobox_of(template, offset)
        # MyST gives a directive's options one line each, which leaves no room for header
        # rows, pictures or lists in rows.
        return self._in_rst(self._infobox_of, template, offset)

    def _in_rst(self, write: Callable[..., list[str]], *args: Any) -> list[str]:
        """What ``write`` writes, written in reStructuredText, in MyST's eval-rst block: for
        what Markdown has no form of."""
        syntax = self.syntax
        self.syntax = Syntax()
        try:
            rst = write(*args)
        finally:
            self.syntax = syntax
        return syntax.directive("eval-rst", "", {}, rst)

    def _infobox_of(self, template: Template, offset: int) -> list[str]:
        """An infobox as the extension's: ``name`` its title, ``image``, ``alt`` and
        ``caption`` its picture, every other parameter with a value a row labelled by its
        name. Its references are cited in its rows, in the order of its parameters, as Cite
        numbers them where the infobox stands. A chembox, or an infobox with nothing in it (a
        wrapper that fetches its rows from another page), is kept as a comment."""
        name = str(template.name).strip().split("\n")[0]
        if not _name(template).startswith("infobox") or all(
            _empty(param.value) for param in template.params
        ):
            return self._kept(str(template), offset, name)
        syntax = self.syntax
        title = ""
        options: dict[str, str] = {}
        rows: list[str] = []
        kept: list[str] = []
        params = [
            (str(param.name).strip(), param.value, param_offset)
            for param, param_offset in self._params_with_offsets(template, offset)
            if not _empty(param.value)
        ]
        values = {key: value for key, value, _offset in params}
        sets = _parameter_sets([key for key, _value, _offset in params])
        headers = {
            number: self._set_header(number, keys, values, offset) for number, keys in sets.items()
        }
        consumed = {key for header in headers.values() if header for key in header[1]}
        group: int | None = None
        filled = False
        other_header = known.INFOBOX_OTHER_HEADERS.get(_name(template), "Details")
        for key, value, param_offset in params:
            number, base = _set_of(key, sets)
            if key == "name":
                title = " ".join(syntax.join(self._inline(value, param_offset)).split())
                title, comments = self._without_comments(title)
                kept += comments
            elif key == "image":
                options["image"] = self._placeholder(self._file_name(value), param_offset)
            elif key == "alt":
                options["alt"] = " ".join(self._plain(value).split())
            elif key == "caption":
                caption = " ".join(syntax.join(self._inline(value, param_offset)).split())
                caption, comments = self._without_comments(caption)
                kept += comments
                if caption.strip():
                    options["caption"] = caption.strip()
            elif key in consumed or _INFOBOX_LAYOUT.search(key) or _file_alt_of(key, values):
                continue
            else:
                # A numbered set of parameters (officeholder's term_start1, successor1 …) is one
                # group, under a header row naming it (the office) when its parameters do;
                # the rows after the last such group under a header of their own.
                if group != number and (number is not None or group is not None):
                    header = headers.get(number) if number is not None else None
                    if header is not None:
                        rows += ["", *syntax.directive("infobox-header", header[0]), ""]
                    elif number is None and any(headers.values()):
                        rows += ["", *syntax.directive("infobox-header", other_header), ""]
                    group = number
                label = (
                    base
                    if number is not None and _strip_number(base, number, sets, headers)
                    else key
                )
                label = known.INFOBOX_LABELS.get(label.casefold(), label.replace("_", " ").strip())
                label = label[:1].upper() + label[1:]
                if self._is_file(value):
                    body = self._infobox_picture(key, value, values, param_offset)
                    comments = []
                else:
                    body, comments = self._infobox_value(value, param_offset)
                kept += comments
                if body:
                    rows += self._infobox_row(label, body)
                    filled = True
        if "image" not in options:
            options.pop("alt", None)
            options.pop("caption", None)
        if not filled and "image" not in options:
            return self._kept(str(template), offset, name)
        out = syntax.directive("infobox", title or syntax.escape(self.page.title), options, rows)
        for wikitext in kept:
            out += ["", *syntax.comment("wikitext: " + wikitext)]
        return out

    def _set_header(
        self, number: int, keys: list[str], values: dict[str, Wikicode], offset: int
    ) -> tuple[str, list[str]] | None:
        """The header row of a numbered set of an infobox's parameters, and the parameters
        it is made of: the office and its order, as {{Infobox officeholder}} shows them."""
        by_base = {_set_of(key, {number: keys})[1].casefold(): key for key in keys}
        for pattern in known.INFOBOX_SET_HEADERS:
            names = [by_base.get(part) for part in pattern[1:]]
            if not all(names) or any(_holds_references(values[n]) for n in names if n):
                continue
            texts = [
                " ".join(self.syntax.join(self._inline(values[n], offset)).split())
                for n in names
                if n
            ]
            texts = [self._without_comments(text)[0].strip() for text in texts]
            if all(texts):
                order = by_base.get("order")
                used = [n for n in names if n]
                if order and not _holds_references(values[order]) and pattern[0] == "{0}":
                    prefix = " ".join(self._plain(values[order]).split())
                    texts[0] = f"{self.syntax.escape(prefix)} {texts[0]}"
                    used.append(order)
                return pattern[0].format(*texts), used
        return None

    def _is_file(self, value: Wikicode) -> bool:
        """Whether an infobox parameter names a picture (``signature``, ``logo``, ``seal``):
        a file link, or a file name alone."""
        nodes = [node for node in value.nodes if not _blank(node)]
        if len(nodes) == 1 and isinstance(nodes[0], Wikilink):
            return str(nodes[0].title).strip().casefold().startswith(_FILE_NAMESPACES)
        return all(isinstance(node, TextNode) for node in nodes) and bool(
            _IMAGE_FILE.fullmatch("".join(str(node) for node in nodes).strip())
        )

    def _infobox_picture(
        self, key: str, value: Wikicode, values: dict[str, Wikicode], offset: int
    ) -> list[str]:
        """A row's picture, a placeholder as the box's own (the file is not fetched), with
        the ``…_alt`` parameter's text."""
        path = self._placeholder(self._file_name(value), offset)
        alt_key = next((k for k in (f"{key}_alt", f"{key} alt", f"{key}alt") if k in values), "")
        alt = " ".join(self._plain(values[alt_key]).split()) if alt_key else ""
        return self.syntax.directive("image", path, {"alt": alt or self._file_name(value)})

    def _params_with_offsets(self, template: Template, offset: int) -> Iterator[tuple[Any, int]]:
        text = str(template)
        cursor = 0
        for param in template.params:
            value = str(param.value)
            position = text.find(value, cursor) if value else cursor
            position = cursor if position < 0 else position
            yield param, offset + position
            cursor = position + len(value)

    def _file_name(self, value: Wikicode) -> str:
        """An infobox's image: a file name, or a file link (``[[File:X.jpg|200px]]``)."""
        for link in value.ifilter_wikilinks(recursive=False):
            target = str(link.title).strip()
            if target.casefold().startswith(_FILE_NAMESPACES):
                return target.split(":", 1)[1].strip()
        plain = self._plain(value).strip()
        return (
            plain.split(":", 1)[1].strip()
            if plain.casefold().startswith(_FILE_NAMESPACES)
            else plain
        )

    def _infobox_value(self, value: Wikicode, offset: int) -> tuple[list[str], list[str]]:
        """A row's data as lines: one line of text, or blocks (a list) when it has them."""
        listed = [node for node in value.nodes if not _blank(node)]
        if len(listed) == 1 and isinstance(listed[0], Template):
            name = _name(listed[0])
            positional = [v for v in _positional(listed[0]) if not _empty(v)]
            if name in known.LIST_TEMPLATES and positional:
                # {{ubl|a|b}}, {{hlist}}: a list of its items; {{plainlist|* a}}: its list.
                if known.LIST_TEMPLATES[name] == "items":
                    items = "".join(f"\n* {str(item).strip()}" for item in positional)
                    value = mwparserfromhell.parse(items, skip_style_tags=False)
                else:
                    value = positional[0]
        if str(value).lstrip(" ").startswith(("*", "#", ":", ";")):
            # MediaWiki starts a parameter's value on a line of its own when it opens a list.
            value = mwparserfromhell.parse("\n" + str(value).lstrip(" "), skip_style_tags=False)
            offset -= 1
        lines = self._render_elements(self._elements(self._code_nodes(value, offset)))
        text, comments = self._without_comments("\n".join(lines))
        lines = [line.rstrip() for line in _squeeze(text.split("\n"))]
        # Comments the elements kept after their paragraphs are in the text as comments.
        body = [line for line in lines if not line.startswith((".. wikitext:", "% wikitext:"))]
        comments += [line.split("wikitext: ", 1)[1] for line in lines if line not in body and line]
        while body and not body[-1]:
            body.pop()
        return body, comments

    @staticmethod
    def _infobox_row(label: str, body: list[str]) -> list[str]:
        # A field's name ends at its first unescaped colon.
        label = label.replace("\\", "\\\\").replace(":", "\\:")
        if len(body) == 1:
            return [f":{label}: {body[0]}"]
        return [f":{label}:", *(("   " + line) if line else "" for line in body)]

    def _list_block(self, group: str, offset: int) -> Block:
        lines = self._references_list(group, offset)
        return Block(lines, ("notes" if group else "references") if lines else "")

    def _kept_block(self, wikitext: str, offset: int, name: str) -> Block:
        lines = self._kept(wikitext, offset, name)
        # Only a comment when no reference inside the template had to be cited in its place.
        alone = lines == self.syntax.comment("wikitext: " + wikitext.strip())
        return Block(lines, "comment" if alone else "")

    def _kept(self, wikitext: str, offset: int, name: str) -> list[str]:
        """A template the importer does not know: kept as a comment, reported once a page, and
        the references it holds cited in its place, so that numbering stays Cite's."""
        name = " ".join(name.split("<!--")[0].split())
        key = name.casefold()
        if key not in self.reported_templates:
            self.reported_templates.add(key)
            self.warn(
                offset, "unknown-template", f"{{{{{name}}}}} is not imported; kept as a comment"
            )
        lines = self.syntax.comment("wikitext: " + wikitext.strip())
        code = mwparserfromhell.parse(wikitext)
        markers = self._inner_references(code, offset)
        if markers:
            lines += ["", self.syntax.join(markers)]
        return lines

    def _inner_references(self, code: Wikicode, offset: int) -> list[Token]:
        """The markers of the references (and notes) inside a template kept as a comment, in
        the order Cite meets them; a reference's own text is not looked into."""
        tokens: list[Token] = []
        for node in code.nodes:
            if _is_ref(node):
                tokens += self._ref(
                    _attribute(node, "group"),
                    _attribute(node, "name"),
                    node.contents,
                    offset,
                    False,
                )
            elif isinstance(node, Template):
                name = _name(node)
                if (
                    name in known.SHORT_FOOTNOTES
                    or name == "r"
                    or name in known.REF_TEMPLATES
                    or (name in known.NOTE_TEMPLATES and name != "notelist")
                ):
                    tokens += self._inline_template(node, offset, False)
                else:
                    for param in node.params:
                        tokens += self._inner_references(param.value, offset)
            elif isinstance(node, Tag) and node.contents is not None:
                tokens += self._inner_references(node.contents, offset)
            elif isinstance(node, Wikilink) and node.text is not None:
                tokens += self._inner_references(node.text, offset)
        return tokens

    def _hatnote(self, template: Template, directive: str, offset: int) -> list[str]:
        targets = [self._plain(v).strip() for v in _positional(template) if self._plain(v).strip()]
        docs = [self.context.docnames.get(normal_title(t.split("#")[0])) for t in targets]
        if targets and all(docs):
            return self.syntax.directive(directive, ", ".join(d for d in docs if d))
        label = {
            "main-article": "Main article" if len(targets) == 1 else "Main articles",
            "further-information": "Further information",
            "see-also": "See also",
        }[directive]
        links = ", ".join(self._wiki_link(t, t) for t in targets)
        return [
            *self.syntax.paragraph_class(f"enc-hatnote enc-hatnote-{directive.split('-')[0]}"),
            f"{label}: {links}",
        ]

    def _references_list(self, group: str, offset: int) -> list[str]:
        # Cite shows nothing for a list with nothing of its group before it.
        cite_group = group or ""
        if not self.pending.get(cite_group):
            return []
        self.pending[cite_group] = 0
        if not group:
            return self.syntax.directive("references")
        # A notes list ends its notes' names: a name used after it is a note of its own.
        for identity in [i for i in self.named if i[0] == group]:
            del self.named[identity]
        role = self._note_group(group, offset)
        return self.syntax.directive("notes", "", {"group": role} if role != "note" else {})

    # -- inline ------------------------------------------------------------------------------

    def _inline(self, code: Wikicode | None, offset: int, in_note: bool = False) -> list[Token]:
        if code is None:
            return []
        tokens: list[Token] = []
        nodes = list(code.nodes)
        for index, node in enumerate(nodes):
            rendered = self._inline_node(node, offset, in_note)
            if isinstance(node, Wikilink) and index + 1 < len(nodes):
                pass
            _append_with_rp(tokens, rendered)
            offset += len(str(node))
        return tokens

    def _inline_node(self, node: Node, offset: int, in_note: bool) -> list[Token]:
        syntax = self.syntax
        if isinstance(node, TextNode):
            return [Text(_BEHAVIOUR_SWITCH.sub("", str(node.value)).replace("\n", " "))]
        if isinstance(node, HTMLEntity):
            return [Text(node.normalize())]
        if isinstance(node, Comment):
            return []
        if isinstance(node, Argument):
            return [Text(str(node))]
        if isinstance(node, Wikilink):
            return self._wikilink(node, offset, in_note)
        if isinstance(node, ExternalLink):
            url = str(node.url).strip()
            label = self._plain(node.title).strip() if node.title is not None else ""
            return [Markup(syntax.link(label, url))]
        if isinstance(node, Template):
            return self._inline_template(node, offset, in_note)
        if isinstance(node, Heading):
            return self._inline(node.title, offset, in_note)
        if isinstance(node, Tag):
            return self._inline_tag(node, offset, in_note)
        return [Text(str(node))]

    def _inline_tag(self, node: Tag, offset: int, in_note: bool) -> list[Token]:
        tag = str(node.tag).strip().casefold()
        inner_offset = (
            offset + max(str(node).find(str(node.contents)), 0)
            if node.contents is not None
            else offset
        )
        if tag == "ref":
            return self._ref(
                _attribute(node, "group"), _attribute(node, "name"), node.contents, offset, in_note
            )
        if tag in ("b", "strong"):
            return _wrap(
                self._inline(node.contents, inner_offset, in_note), self.syntax.strong, self.syntax
            )
        if tag in ("i", "em", "cite", "var", "dfn"):
            return _wrap(
                self._inline(node.contents, inner_offset, in_note),
                self.syntax.emphasis,
                self.syntax,
            )
        if tag in ("sup", "sub"):
            text = self._plain(node.contents).strip()
            return (
                [Markup(self.syntax.role("sup" if tag == "sup" else "sub", _role_text(text)))]
                if text
                else []
            )
        if tag in ("code", "tt", "kbd", "samp"):
            return [Markup(self.syntax.literal(self._plain(node.contents)))]
        if tag == "math":
            return [Markup(self.syntax.role("math", _role_text(str(node.contents or "").strip())))]
        if tag == "nowiki":
            return [Text(str(node.contents or ""))]
        if tag == "br":
            return [Text(" ")]
        if tag in ("includeonly", "hr"):
            return []
        if tag == "chem" or tag == "ce":
            return [Text(str(node.contents or ""))]
        if tag == "references":
            return []
        if node.contents is None:
            return []
        return self._inline(node.contents, inner_offset, in_note)

    def _wikilink(self, node: Wikilink, offset: int, in_note: bool) -> list[Token]:
        target = " ".join(self._plain(node.title).split())
        text = self._plain(node.text).strip() if node.text is not None else ""
        bare = target.lstrip(":")
        lowered = bare.casefold()
        if lowered.startswith(_FILE_NAMESPACES) and not target.startswith(":"):
            self.warn(offset, "inline-file", f"[[{target}]] inside text is not imported")
            return []
        if lowered.startswith(_CATEGORY) and not target.startswith(":"):
            key = text or ("*" if node.text is not None else "")
            self.categories.append(bare.split(":", 1)[1].strip() + (f"|{key}" if key else ""))
            return []
        label = text or bare.split("#")[0] or bare
        if not text and bare.startswith("#"):
            label = bare[1:]
        return [Markup(self._wiki_link(bare, label))]

    def _wiki_link(self, target: str, label: str) -> str:
        page, _hash, fragment = target.partition("#")
        docname = self.context.docnames.get(normal_title(page)) if page else None
        if docname is not None and not fragment:
            return self.syntax.doc_link(label, docname)
        if not page:  # a section of this page
            page = self.page.title
        url = self.context.wiki_url + quote(normal_title(page).replace(" ", "_"), safe="/:(),'!*")
        if fragment:
            url += "#" + quote(fragment.replace(" ", "_"), safe="/:(),'!*")
        return self.syntax.link(label, url)

    def _inline_template(self, template: Template, offset: int, in_note: bool) -> list[Token]:
        name = _name(template)
        params = _params(template)
        positional = _positional(template)
        if name in known.NOTE_TEMPLATES and name != "notelist":
            text = params.get("1") or params.get("text") or (positional[0] if positional else None)
            return self._note(
                known.NOTE_TEMPLATES[name] or "lower-alpha",
                self._plain(params.get("name", Wikicode([]))).strip(),
                text,
                offset,
                in_note,
            )
        if name in known.REF_TEMPLATES:
            text = positional[0] if positional else params.get("1")
            if name == "#tag:ref" and positional:
                text = positional[0]
            group = self._plain(params.get("group", Wikicode([]))).strip()
            ref_name = self._plain(params.get("name", Wikicode([]))).strip()
            return self._ref(group, ref_name, text, offset, in_note)
        if name in known.SHORT_FOOTNOTES:
            return self._sfn(template, offset, in_note)
        if name == "r":
            tokens: list[Token] = []
            for value in positional:
                tokens += self._ref("", self._plain(value).strip(), None, offset, in_note)
            return tokens
        if name == "rp":
            return [
                _Locator(
                    sfn_locator({k.casefold(): self._label(v) for k, v in params.items()}, rp=True)
                )
            ]
        if name in known.HARV_IN_TEXT:
            target = self._short_target(template, offset)
            if target is None:
                written = " ".join(self._plain(v).strip() for v in positional)
                self.warn(
                    offset,
                    "sfn-target",
                    f"{{{{{name}}}}} names no full citation of the page ({written}); kept as text",
                )
                return [Text(written)]
            key, locator = target
            form = known.HARV_IN_TEXT[name]
            role = "harvp" if form in ("p", "txt") else "harvnb"
            content = f"{key}{{{_braced(locator)}}}" if locator else key
            self.short_citations += 1
            return [Markup(self.syntax.role(role, content))]
        if name in known.MAINTENANCE_TAGS:
            date = self._plain(params.get("date", Wikicode([]))).strip() or "-"
            return [
                Markup(
                    self.syntax.role(known.MAINTENANCE_TAGS[name], _role_text(date)), citation=True
                )
            ]
        if name in known.TEXT_TEMPLATES:
            return [Text(known.TEXT_TEMPLATES[name])]
        if name in known.SHOW_PARAMETER:
            index = known.SHOW_PARAMETER[name]
            if not positional:
                return []
            if index == 0:
                # Each item as text of its own ({{hlist}}'s links and {{url}}s kept).
                separator = known.JOINED.get(name, " ")
                joined: list[Token] = []
                for number, item in enumerate(v for v in positional if not _empty(v)):
                    if number:
                        joined.append(Text(separator))
                    joined += _trimmed(self._inline(item, offset, in_note))
                return joined
            chosen = positional[index - 1] if 0 < index <= len(positional) else positional[-1]
            if known.LIST_TEMPLATES.get(name) == "list":
                return self._inline_list(chosen, offset, in_note)
            return self._inline(chosen, offset, in_note)
        if name in ("circa", "c."):
            return [Text("c.\u00a0" + (self._plain(positional[0]).strip() if positional else ""))]
        if name in ("convert", "cvt"):
            values = [self._plain(v).strip() for v in positional]
            return [Text(" ".join(values[:2]))] if values else []
        if name in ("anl", "annotated link", "section link", "slink"):
            values = [self._plain(v).strip() for v in positional]
            if name in ("section link", "slink") and len(values) >= 2:
                section = f"{values[0] or self.page.title}#{values[1]}"
                return [Markup(self._wiki_link(section, f"{values[0]} § {values[1]}".strip()))]
            return [Markup(self._wiki_link(values[0], values[0]))] if values else []
        if name == "official website":
            url = self._plain(positional[0] if positional else params.get("url")).strip()
            return [Markup(self.syntax.link("Official website", url))] if url else []
        if name in ("url",):
            # {{URL|example.org|label}}: the label, else the address as written.
            written = self._plain(positional[0]).strip() if positional else ""
            url = written if "://" in written else "https://" + written
            label = self._plain(positional[1]).strip() if len(positional) > 1 else ""
            return [Markup(self.syntax.link(label or written, url))] if written else []
        if name in ("isbn",):
            return [Text("ISBN " + " ".join(self._plain(v).strip() for v in positional))]
        if name == "bibleverse" or name == "bibleverse-nb":
            return [
                Text(
                    " ".join(
                        self._plain(v).strip() for v in positional[:2] if self._plain(v).strip()
                    )
                )
            ]
        if is_cite_template(name):
            # A work named in the text (an author's works, an item with words of its own):
            # written out in full where it stands, as Wikipedia shows it, by the extension
            # from its bib entry, in the site's citation style.
            return [Markup(self.syntax.role("full-citation", self._cite_key(template, offset)))]
        if name == "webarchive":
            url = self._plain(params.get("url", Wikicode([]))).strip()
            return [Markup(self.syntax.link("Archived", url))] if url else []
        if name in known.LAYOUT or name.startswith(("pp-", "use ")):
            return []
        return self._kept_inline(template, offset, in_note)

    def _inline_list(self, code: Wikicode, offset: int, in_note: bool) -> list[Token]:
        """{{flatlist}}'s list inside text: its items in a line, as {{hlist}}'s."""
        items: list[list[Token]] = [[]]
        for node, node_offset in self._code_nodes(code, offset):
            if isinstance(node, Tag) and str(node.tag) == "li":
                items.append([])
            else:
                _append_with_rp(items[-1], self._inline_node(node, node_offset, in_note))
        tokens: list[Token] = []
        for item in items:
            text = self.syntax.join(item)
            if not self._without_comments_peek(text) and not any(
                isinstance(t, Markup) for t in item
            ):
                continue
            if tokens:
                tokens.append(Text(" · "))
            tokens += _trimmed(item)
        return tokens

    def _kept_inline(self, template: Template, offset: int, in_note: bool) -> list[Token]:
        """An unknown template inside text: its wikitext is kept as a comment beside the text
        it stood in (a substitution of nothing, which the reader does not see) and reported;
        the references it holds stay cited."""
        name = " ".join(str(template.name).split("<!--")[0].split())
        if name.casefold() not in self.reported_templates:
            self.reported_templates.add(name.casefold())
            self.warn(
                offset,
                "unknown-template",
                f"{{{{{name}}}}} is not imported; kept as a comment beside its text",
            )
        comment = _Comment(str(template))
        self.comments[comment.markup] = comment.wikitext  # type: ignore[attr-defined]
        tokens: list[Token] = [comment]
        if not in_note:
            tokens += self._inner_references(mwparserfromhell.parse(str(template)), offset)
        return tokens

    # -- plain text (for bib fields, headings, captions) -----------------------------------

    def _plain(self, code: Wikicode | None, offset: int = 0, urls: bool = True) -> str:
        """``code`` as plain text; an external link as its text and, with ``urls``, its
        address (a locator's link to a scan of the page is left out)."""
        if code is None:
            return ""
        return "".join(self._plain_node(node, offset, urls) for node in code.nodes)

    def _label(self, code: Wikicode | None) -> str:
        return self._plain(code, urls=False).strip()

    def _plain_node(self, node: Node, offset: int, urls: bool = True) -> str:
        if isinstance(node, TextNode):
            return str(node.value)
        if isinstance(node, HTMLEntity):
            return node.normalize()
        if isinstance(node, Comment):
            return ""
        if isinstance(node, Wikilink):
            if node.text is not None:
                return self._plain(node.text, offset)
            return str(node.title).lstrip(":").split("#")[0]
        if isinstance(node, ExternalLink):
            title = self._plain(node.title, offset).strip() if node.title is not None else ""
            if title and not urls:
                return title
            return f"{title} ({node.url})" if title else str(node.url)
        if isinstance(node, Tag):
            tag = str(node.tag).strip().casefold()
            if tag == "br":
                return " "
            if tag == "ref":
                return ""
            return self._plain(node.contents, offset, urls) if node.contents is not None else ""
        if isinstance(node, Template):
            name = _name(node)
            positional = _positional(node)
            if name in known.TEXT_TEMPLATES:
                return known.TEXT_TEMPLATES[name]
            if name in known.SHOW_PARAMETER and positional:
                index = known.SHOW_PARAMETER[name]
                if index == 0:
                    return known.JOINED.get(name, " ").join(
                        self._plain(v).strip() for v in positional
                    )
                chosen = positional[index - 1] if 0 < index <= len(positional) else positional[-1]
                return self._plain(chosen, offset)
            if name in known.HARV_IN_TEXT or name in known.SHORT_FOOTNOTES:
                values = [self._plain(v).strip() for v in positional]
                params = {k.casefold(): self._plain(v).strip() for k, v in _params(node).items()}
                names = values[:-1]
                short = (" & ".join(names) if len(names) <= 2 else f"{names[0]} et al.") + (
                    f" {values[-1]}" if values else ""
                )
                if name == "harvp":
                    short = f"{' & '.join(names)} ({values[-1] if values else ''})"
                locator = sfn_locator(params)
                return short + (f", {locator}" if locator else "")
            if name in ("bibleverse", "bibleverse-nb"):
                return " ".join(
                    self._plain(v).strip() for v in positional[:2] if self._plain(v).strip()
                )
            if name in ("circa", "c."):
                return "c.\u00a0" + (self._plain(positional[0]).strip() if positional else "")
            if name in ("webarchive",):
                url = self._plain(_params(node).get("url", Wikicode([]))).strip()
                return f" Archived ({url})" if url else ""
            if name in ("isbn",):
                return "ISBN " + " ".join(self._plain(v).strip() for v in positional)
            if name in ("sfnref", "harvid"):
                return anchor("".join(self._plain(v) for v in positional))
            if name in known.LAYOUT or name in known.MAINTENANCE_TAGS:
                return ""
            if is_cite_template(name):
                return ""
            if name not in self.reported_templates:
                self.reported_templates.add(name)
                self.warn(
                    offset,
                    "unknown-template",
                    f"{{{{{str(node.name).strip()}}}}} in text kept as written, as wikitext",
                )
            return str(node)
        return str(node)

    # -- blocks ------------------------------------------------------------------------------

    def _render_elements(self, elements: list[Element]) -> list[str]:
        """Elements as lines: paragraphs joined, list items nested."""
        out: list[str] = []
        index = 0
        syntax = self.syntax
        while index < len(elements):
            element = elements[index]
            if element is None:
                index += 1
                continue
            if isinstance(element, Block):
                out += ["", *element.lines, ""]
                index += 1
                continue
            if element.markers:
                items: list[Line] = []
                while index < len(elements):
                    current = elements[index]
                    following = elements[index + 1] if index + 1 < len(elements) else None
                    if isinstance(current, Line) and current.markers:
                        items.append(current)
                        index += 1
                    elif current is None and isinstance(following, Line) and following.markers:
                        # A blank line between items of one list, as wikitext allows.
                        index += 1
                    else:
                        break
                listed = self._list(items)
                text, comments = self._without_comments("\n".join(listed))
                out += ["", *text.split("\n"), ""]
                for wikitext in comments:
                    out += [*self.syntax.comment("wikitext: " + wikitext), ""]
                continue
            paragraph: list[str] = []
            while index < len(elements):
                current = elements[index]
                if not isinstance(current, Line) or current.markers:
                    break
                paragraph.append(syntax.join(current.tokens).strip())
                index += 1
            text = " ".join(p for p in paragraph if p)
            if text:
                out += ["", *self._comment_split(syntax.protect_start(text)), ""]
        return out

    def _comment_split(self, text: str) -> list[str]:
        """A paragraph's text, with the comments that kept unknown templates moved after it:
        a comment cannot stand inside a paragraph."""
        text, comments = self._without_comments(text)
        if not comments:
            return [text]
        lines = [text, ""] if text.strip() else []
        for wikitext in comments:
            lines += [*self.syntax.comment("wikitext: " + wikitext), ""]
        return lines

    @staticmethod
    def _without_comments_peek(text: str) -> str:
        return _COMMENT_MARK.sub("", text).strip()

    def _without_comments(self, text: str) -> tuple[str, list[str]]:
        found = re.findall(r"\x00COMMENT\d+\x00", text)
        if not found:
            return text, []
        text = _COMMENT_MARK.sub("", text)
        return text, [self.comments.pop(marker, "") for marker in found]

    def _list(self, items: list[Line]) -> list[str]:
        syntax = self.syntax
        out: list[str] = []
        index = 0
        while index < len(items):
            item = items[index]
            first = item.markers[0]
            if first == ";":
                term = syntax.join(item.tokens).strip()
                definitions: list[str] = []
                index += 1
                while index < len(items) and items[index].markers[0] == ":":
                    text = syntax.join(items[index].tokens).strip()
                    definitions += [text, ""]
                    index += 1
                if definitions:
                    out += [*syntax.definition(term or "\\ ", definitions[:-1]), ""]
                else:
                    out += [
                        syntax.strong(term)
                        if term and "`" not in term and "*" not in term
                        else term,
                        "",
                    ]
                continue
            if first == ":":
                quoted: list[str] = []
                while index < len(items) and items[index].markers[0] == ":":
                    text = syntax.join(items[index].tokens).strip()
                    if text:
                        quoted += [syntax.protect_start(text), ""]
                    index += 1
                if quoted:
                    out += [*syntax.block_quote(quoted[:-1]), ""]
                continue
            # A bulleted or numbered list: items of this marker and their deeper items.
            group: list[Line] = []
            while index < len(items) and items[index].markers[0] == first:
                group.append(items[index])
                index += 1
            out += [*self._nested(group, first), ""]
        return out

    def _nested(self, items: list[Line], marker: str) -> list[str]:
        syntax = self.syntax
        bullet = syntax.bullet(marker)
        pad = " " * (len(bullet) + 1)
        out: list[str] = []
        index = 0
        while index < len(items):
            item = items[index]
            index += 1
            children: list[Line] = []
            while index < len(items) and len(items[index].markers) > 1:
                child = items[index]
                children.append(Line(child.markers[1:], child.tokens))
                index += 1
            if len(item.markers) > 1:  # a deeper item with no item above it
                children.insert(0, Line(item.markers[1:], item.tokens))
                text = ""
            else:
                text = syntax.join(item.tokens).strip()
            if not self._without_comments_peek(text) and not children:
                out.append(text)  # only kept comments: they go after the list
                continue
            out.append(f"{bullet} {text}".rstrip() if text else bullet)
            if children:
                inner = self._list(children)
                out += [""] + [pad + line if line else "" for line in inner]
        return out

    def _table(self, table: Tag, offset: int) -> list[str]:
        spanned = any(
            _attribute(cell, "colspan") or _attribute(cell, "rowspan")
            for cell in (table.contents.ifilter_tags() if table.contents is not None else [])
            if str(cell.tag).strip().casefold() in ("td", "th")
        )
        if not spanned or self.syntax.suffix == ".rst":
            return self._table_of(table, offset, spanned)
        # Markdown has no table with spans.
        return self._in_rst(self._table_of, table, offset, spanned)

    def _table_of(self, table: Tag, offset: int, spanned: bool) -> list[str]:
        """A table as a list table, or as a grid table when a cell spans rows or columns."""
        rows: list[list[SpanCell]] = []
        header_rows = 0
        caption = ""
        current: list[SpanCell] | None = None
        current_header = True
        whole = str(table)
        for node in table.contents.nodes if table.contents is not None else []:
            if not isinstance(node, Tag):
                continue
            tag = str(node.tag).strip().casefold()
            if tag == "td" and str(node.contents or "").startswith("+") and current is None:
                # mwparserfromhell reads a caption, "|+ …", as a cell whose text starts "+".
                caption = self.syntax.join(self._inline(node.contents, offset)).strip()[1:].strip()
            elif tag == "caption":
                caption = self.syntax.join(self._inline(node.contents, offset)).strip()
            elif tag == "tr":
                if current:
                    rows.append(current)
                    header_rows += current_header and len(rows) == header_rows + 1
                current, current_header = [], True
                for cell in node.contents.nodes if node.contents is not None else []:
                    if isinstance(cell, Tag) and str(cell.tag).strip().casefold() in ("td", "th"):
                        current_header &= str(cell.tag).strip().casefold() == "th"
                        current.append(
                            self._span_cell(cell, offset + max(whole.find(str(cell)), 0))
                        )
            elif tag in ("td", "th"):
                if current is None:
                    current, current_header = [], True
                current_header &= tag == "th"
                current.append(self._span_cell(node, offset + max(whole.find(str(node)), 0)))
        if current:
            rows.append(current)
            header_rows += current_header and len(rows) == header_rows + 1
        if not rows:
            return self._kept(str(table), offset, "table")
        header_rows = min(header_rows, len(rows) - 1) if len(rows) > 1 else 0
        if spanned:
            return self.syntax.grid_table(rows, header_rows, caption)
        width = max(len(row) for row in rows)
        texts = [[cell.text for cell in row] + [""] * (width - len(row)) for row in rows]
        return self.syntax.list_table(texts, header_rows, caption)

    def _span_cell(self, cell: Tag, offset: int) -> SpanCell:
        def span(name: str) -> int:
            value = _attribute(cell, name).strip("\"' ")
            return max(int(value), 1) if value.isdigit() else 1

        return SpanCell(self._cell(cell, offset), span("rowspan"), span("colspan"))

    def _cell(self, cell: Tag, offset: int) -> str:
        text = " ".join(self.syntax.join(self._inline(cell.contents, offset)).split())
        return self._without_comments(text)[0]

    def _figure(self, link: Wikilink, offset: int) -> list[str]:
        """``[[File:…|thumb|caption]]``: a figure of a placeholder image (the file itself is
        not fetched), with the caption and its citations."""
        name = str(link.title).split(":", 1)[1].strip()
        parts = _split_pipes(link.text) if link.text is not None else []
        caption: Wikicode | None = None
        options: dict[str, str] = {}
        for part in parts:
            word = str(part).strip()
            lowered = word.casefold()
            if lowered in _FIGURE_WORDS or re.fullmatch(r"(upright(=[\d.]+)?|\d*x?\d+px)", lowered):
                continue
            if lowered.startswith("alt="):
                options["alt"] = self._plain(part).strip()[4:].strip()
                continue
            if re.match(r"^(link|page|class|lang|upright|thumbtime|start|end)=", lowered):
                continue
            caption = part
        path = self._placeholder(name, offset)
        content = (
            [self.syntax.join(self._inline(caption, offset)).strip()] if caption is not None else []
        )
        options.setdefault("alt", self._plain(caption).strip() if caption is not None else name)
        options["alt"] = " ".join(options["alt"].split()) or name
        return self.syntax.directive("figure", path, options, content)

    def _multiple_image(self, template: Template, offset: int) -> list[str]:
        params = _params(template)
        out: list[str] = []
        for number in range(1, 11):
            image = params.get(f"image{number}")
            if image is None:
                continue
            path = self._placeholder(self._plain(image).strip(), offset)
            caption = params.get(f"caption{number}")
            content = (
                [self.syntax.join(self._inline(caption, offset)).strip()]
                if caption is not None and str(caption).strip()
                else []
            )
            alt = (
                self._plain(params.get(f"alt{number}", caption)).strip()
                if (params.get(f"alt{number}") or caption)
                else path
            )
            out += [
                *self.syntax.directive(
                    "figure", path, {"alt": " ".join(alt.split()) or path}, content
                ),
                "",
            ]
        footer = params.get("footer")
        if footer is not None and str(footer).strip():
            out += [self.syntax.join(self._inline(footer, offset)).strip(), ""]
        return out

    def _placeholder(self, name: str, offset: int) -> str:
        stem = re.sub(r"[^\w.-]+", "_", name.rsplit(".", 1)[0]).strip("_") or "image"
        path = Path("images") / f"{stem}.svg"
        self.context.placeholders[self.context.outdir / path] = name
        self.warn(
            offset,
            "image",
            f"File:{name} is not fetched; the figure shows a placeholder, {path.as_posix()}",
        )
        return path.as_posix()

    # -- appendix sections -------------------------------------------------------------------

    def _link_list(self, kind: str, content: list[Line | Block]) -> list[str] | None:
        """A See also or External links section that is one list: the extension's list."""
        if not all(isinstance(e, Line) and e.markers for e in content):
            return None
        texts = [self.syntax.join(e.tokens) for e in content if isinstance(e, Line)]
        if not any(self._without_comments_peek(text) for text in texts):
            return None
        lines: list[str] = []
        kept: list[str] = []
        for item in content:
            assert isinstance(item, Line)
            text, comments = self._without_comments(self.syntax.join(item.tokens).strip())
            kept += comments
            if text.strip():
                lines.append(f"- {text.strip()}")
        for wikitext in kept:
            self.relocated += ["", *self.syntax.comment("wikitext: " + wikitext), ""]
        return self.syntax.directive(kind, "", {}, lines)

    def _works_section(self, works: list[tuple[str, int]], reading: bool) -> list[str] | None:
        """A list of full citations as the extension's list of them, in its place: the works
        short citations name (Wikipedia's "Sources") as works-cited; in the appendix, works
        none names as further-reading, less those the article cites, which the extension
        lists only in its references. Elsewhere (a list of the subject's works) the list is
        text, each citation written out in full where it stands."""
        keys = list(dict.fromkeys(key for key, _offset in works))
        if set(keys) & set(self.works_listed):
            self.has_works_list = True
            return self.syntax.directive("works-cited", "", {}, keys)
        if not reading:
            return None
        listed = []
        for key, offset in works:
            if key in self.cited_keys:
                self.warn(
                    offset,
                    "further-reading-cited",
                    f"further reading names {key!r}, which the article cites; "
                    "left out, as the extension lists only works not cited",
                )
            elif key not in listed:
                listed.append(key)
        return self.syntax.directive("further-reading", "", {}, listed) if listed else None

    def _works_list(self, section: Section) -> list[tuple[str, int]] | None:
        """A section that is a list of full citations and nothing else: its works, with
        where each stands."""
        keys: list[tuple[str, int]] = []
        for node, offset in section.nodes:
            if isinstance(node, TextNode) and not node.value.strip():
                continue
            if isinstance(node, Tag) and str(node.wiki_markup or "") in ("*", "#", ":"):
                continue
            if isinstance(node, Comment):
                continue
            if isinstance(node, Template):
                name = _name(node)
                if name in known.LAYOUT:
                    continue
                if is_cite_template(name):
                    keys.append((self._cite_key(node, offset), offset))
                    continue
            if isinstance(node, TextNode) and not node.value.strip(" \n.;"):
                continue
            return None
        return keys or None

    def _categories(self) -> list[str]:
        """Categories and the sort key ({{DEFAULTSORT}}) as the extension's ``categories``,
        a category link's own sort key (``[[Category:A|key]]``) after the name's bar."""
        if not self.categories and not self.sort_key:
            return []
        keys: dict[str, str] = {}
        for category in self.categories:
            name, _bar, key = category.partition("|")
            name, key = " ".join(name.split()), " ".join(key.split())
            # MediaWiki keeps a name's first key when the link is repeated.
            if name and (name not in keys or not keys[name]):
                keys[name] = key.replace(";", ",")
        names = [f"{name} | {key}" if key else name for name, key in keys.items()]
        options = {"sort-key": self.sort_key} if self.sort_key else {}
        return ["", *self.syntax.directive("categories", "", options, names), ""]

    def _attribution(self) -> list[str]:
        """CC BY-SA's attribution: the source page, its revision and the licence."""
        page = self.page
        base = page.wiki_url or self.context.wiki_url
        url = base + quote(page.title.replace(" ", "_"), safe="/:(),'!*")
        if page.revision:
            url = (
                base.rsplit("/wiki/", 1)[0] + "/w/index.php?" + f"oldid={page.revision}"
                if "/wiki/" in base
                else url
            )
        host = re.sub(r"^[a-z]+://", "", base).split("/")[0]
        site = page.sitename or ("Wikipedia" if host.endswith("wikipedia.org") else host)
        revision = f", revision {page.revision}" if page.revision else ""
        when = f" of {page.timestamp[:10]}" if page.timestamp else ""
        syntax = self.syntax
        text = (
            f"This article is imported from {syntax.link(f'{site}: {page.title}', url)}"
            f"{syntax.escape(revision + when)}, by its contributors, under the "
            f"{syntax.escape(self.context.license)} licence."
        )
        return ["", *syntax.paragraph_class("enc-attribution"), text, ""]


class _Locator(Markup):
    """{{rp}}: a locator for the citation before it."""

    def __init__(self, locator: str) -> None:
        super().__init__("", False)
        object.__setattr__(self, "locator", locator)


class _Comment(Markup):
    """An unknown template inside text, kept as a comment after the paragraph it stood in."""

    def __init__(self, wikitext: str) -> None:
        super().__init__(f"\x00COMMENT{id(self)}\x00", False)
        object.__setattr__(self, "wikitext", " ".join(wikitext.split()))


_SET_NUMBER = re.compile(r"^(.*?)[_ ]?(\d+)$")
# Parameters of an infobox's layout, not rows: a picture's size.
_INFOBOX_LAYOUT = re.compile(r"(?:^|[_ ])(?:size|upright)$|^(?:image|signature|logo|seal)size$")
_IMAGE_FILE = re.compile(r"[^\n|\[\]{}]+\.(?:jpe?g|png|svg|gif|tiff?|webp)", re.IGNORECASE)


def _parameter_sets(keys: list[str]) -> dict[int, list[str]]:
    """An infobox's numbered sets of parameters (``term_start1``, ``successor1`` …), and as
    set 0 the unnumbered parameters of the same names (``term_start``): each set a number
    used by two parameters or more."""
    numbered: dict[int, list[str]] = {}
    bases_of: dict[int, set[str]] = {}
    for key in keys:
        match = _SET_NUMBER.match(key)
        if match and match.group(1):
            numbered.setdefault(int(match.group(2)), []).append(key)
            bases_of.setdefault(int(match.group(2)), set()).add(match.group(1).casefold())
    sets = {number: names for number, names in numbered.items() if len(names) > 1 and number}
    bases = {base for number in sets for base in bases_of[number]}
    unnumbered = [
        key for key in keys if key.casefold() in bases or key.casefold() in ("order", "office")
    ]
    if sets and len(unnumbered) > 1:
        # With the parameters written among them, up to the next set (officeholder's
        # vice_president, and a term_end no other set has).
        numbered_keys = {key for names in sets.values() for key in names}
        first = keys.index(unnumbered[0])
        last = max(keys.index(unnumbered[-1]), first)
        following = [i for i, key in enumerate(keys) if i > first and key in numbered_keys]
        end = following[0] if following and following[0] > last else last + 1
        sets[0] = [
            key
            for key in keys[first:end]
            if key not in numbered_keys and key not in ("name", "image", "alt", "caption")
        ]
    return sets


def _set_of(key: str, sets: dict[int, list[str]]) -> tuple[int | None, str]:
    """The set a parameter is in, and its name without the set's number."""
    for number, keys in sets.items():
        if key in keys:
            match = _SET_NUMBER.match(key)
            return number, match.group(1) if match and number else key
    return None, key


def _strip_number(
    base: str, number: int, sets: dict[int, list[str]], headers: dict[int, Any]
) -> bool:
    """A set's labels go without its number under its header row, or when no other set has
    the same name (the number would tell rows apart)."""
    if headers.get(number):
        return True
    return sum(1 for keys in sets.values() for key in keys if _set_of(key, sets)[1] == base) == 1


def _file_alt_of(key: str, values: dict[str, Wikicode]) -> bool:
    """Whether ``key`` is a picture parameter's alternative text (``signature_alt``), which
    goes with the picture; the box's own ``alt`` is an option."""
    for suffix in ("_alt", " alt", "alt"):
        if key.endswith(suffix) and key != "alt" and key[: -len(suffix)] in values:
            return True
    return False


def _holds_references(code: Wikicode) -> bool:
    return any(
        _is_ref(node) or (isinstance(node, Template) and _name(node) in known.NOTE_TEMPLATES)
        for node in code.ifilter(recursive=True)
    )


def _trimmed(tokens: list[Token]) -> list[Token]:
    """Tokens without the spaces at their ends."""
    tokens = list(tokens)
    if tokens and isinstance(tokens[0], Text):
        tokens[0] = Text(tokens[0].text.lstrip())
    if tokens and isinstance(tokens[-1], Text):
        tokens[-1] = Text(tokens[-1].text.rstrip())
    return [token for token in tokens if not isinstance(token, Text) or token.text]


def _append_with_rp(tokens: list[Token], new: list[Token]) -> None:
    for token in new:
        if isinstance(token, _Locator):
            locator = getattr(token, "locator", "")
            for index in range(len(tokens) - 1, -1, -1):
                previous = tokens[index]
                if isinstance(previous, Markup) and previous.citation and "`" in previous.markup:
                    markup = previous.markup
                    if "{" not in markup and locator:
                        tokens[index] = Markup(_with_locator(markup, locator), citation=True)
                    break
                if isinstance(previous, Text) and previous.text.strip():
                    break
            continue
        tokens.append(token)


def _with_locator(markup: str, locator: str) -> str:
    head, _tick, rest = markup.rpartition("`")
    return f"{head}{{{_braced(locator)}}}`{rest}"


def _braced(locator: str) -> str:
    """A locator as the citation role reads it: braces are its delimiters."""
    return " ".join(locator.replace("{", "(").replace("}", ")").replace("`", "'").split())


def _role_text(text: str) -> str:
    return text.replace("`", "'") or "-"


def sfn_locator(params: dict[str, str], rp: bool = False) -> str:
    """The in-source location of {{sfn}}, {{harvnb}} or {{rp}}: ``p. 5``, ``pp. 5–7``, or as
    written (``loc``, ``at``, and {{rp}}'s own text)."""
    parts = []
    page = params.get("p") or params.get("page")
    pages = params.get("pp") or params.get("pages")
    if rp and params.get("1"):
        parts.append(params["1"])
    if page:
        parts.append(f"p.\u00a0{page}")
    elif pages:
        parts.append(f"pp.\u00a0{pages}")
    for name in ("loc", "at", "location"):
        if params.get(name):
            parts.append(params[name])
    return ", ".join(parts)


def _blank(node: Node) -> bool:
    return isinstance(node, Comment) or (isinstance(node, TextNode) and not node.value.strip())


def _empty(code: Wikicode) -> bool:
    return all(_blank(node) for node in code.nodes)


def _has_content(tokens: list[Token]) -> bool:
    return any(isinstance(t, Markup) or t.text.strip() for t in tokens)


def _wrap(tokens: list[Token], make: Any, syntax: Syntax) -> list[Token]:
    """Emphasis over the text of ``tokens``: markup (links, markers) cannot nest in it, so it
    stays outside, and spaces at the ends of a run stay outside too."""
    result: list[Token] = []
    run: list[str] = []

    def close() -> None:
        text = "".join(run)
        run.clear()
        if not text:
            return
        stripped = text.strip()
        if not stripped:
            result.append(Text(text))
            return
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        if lead:
            result.append(Text(lead))
        result.append(Markup(make(syntax.escape(stripped))))
        if trail:
            result.append(Text(trail))

    for token in tokens:
        if isinstance(token, Text):
            run.append(token.text)
        else:
            close()
            result.append(token)
    close()
    return result


def _split_pipes(code: Wikicode) -> list[Wikicode]:
    """A file link's text split at its top-level pipes."""
    parts: list[list[Node]] = [[]]
    for node in code.nodes:
        if isinstance(node, TextNode) and "|" in node.value:
            pieces = node.value.split("|")
            for number, piece in enumerate(pieces):
                if number:
                    parts.append([])
                if piece:
                    parts[-1].append(TextNode(piece))
        else:
            parts[-1].append(node)
    return [Wikicode(nodes) for nodes in parts]


def _squeeze(lines: list[str]) -> list[str]:
    """No two blank lines in a row, none at the start."""
    out: list[str] = []
    for line in lines:
        line = line.rstrip()
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    return out
