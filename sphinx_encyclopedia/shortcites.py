"""Shortened footnotes: Wikipedia's {{sfn}}, {{harvnb}} and {{harvp}}, and the works they name.

``:sfn:`key{p. 25}``` is a numbered marker like ``:citation:``, whose references-list item
reads "Smith 2020, p. 25." with "Smith 2020" linking to the work's full citation in the
article's ``works-cited`` list. ``:harvnb:`` and ``:harvp:`` write the same short form in the
text ("Smith 2020, p. 25", "Smith (2020, p. 25)").

The short forms are made while the page is read: they depend on the article alone (two works
of one author and year become ``2020a`` and ``2020b`` by their order in the article's list) and
on the bib entries it names, whose change reads the page again (see :mod:`.dependencies`).
Which list item and which number a short citation gets is decided while writing, with the
other citations (:mod:`.references`, :mod:`.works_cited`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective, SphinxRole

from .appendix import appendix_from_directive
from .citations import CitationRole, bib_entries, depend_on_bib_files, enc_citation, unknown_key
from .cs1.text import clean_latex
from .diagnostics import warn
from .domain import get_domain, settings_of
from .formatting import encode_html
from .i18n import _
from .locations import role_line, role_location
from .markers import add_marker_node
from .options import CheckedOptions, report_option_problems
from .order import TRANSFORM_PRIORITY
from .walk import nodes_of
from .writers import add_node, add_placeholder

SOURCES_KIND = "works-cited"  # the appendix kind of the list, as in .appendix.APPENDIX_ORDER


class ShortCitationSite:
    """Marks the nodes that name a work by its short form, so that one walk of the page
    finds both kinds in reading order."""


class enc_short_citation(enc_citation, ShortCitationSite):  # noqa: N801 - docutils' naming
    """An ``:sfn:`` site: a numbered marker whose list item is the short form and locator.

    Read-time attributes besides a citation's: ``names`` and ``year`` (the short form, the
    year with its ``a``/``b``) and, when the article lists the work, ``anchor`` (the id of
    its full citation).
    """

    css_class = "enc-cite enc-sfn"

    def suffix(self) -> str:
        return ""  # the locator is part of the list item: another locator, another item

    def item_locator(self) -> str | None:
        return str(self.get("locator", ""))

    def error_title(self) -> str:
        return str(_("Harv error: no source with the key %r") % self["key"])


class enc_short_link(nodes.Inline, nodes.Element, ShortCitationSite):  # noqa: N801
    """A short form linking to a full citation: a ``:harvnb:``/``:harvp:`` in the text, or
    the start of an ``:sfn:``'s list item.

    ``linked`` is the text of the link, ``after`` what follows it, ``anchor`` the full
    citation's id (none: not linked), ``refuri`` the page holding it when that is another.
    A harv site has ``key``, ``locator``, ``form`` (``nb`` or ``p``) and ``docname``, and is
    given ``ids`` while writing, the target of the full citation's back-links.
    """


class enc_works_cited(nodes.General, nodes.Element):  # noqa: N801 - docutils' naming
    """Where a works-cited list goes; replaced by the list while writing.

    ``listed`` holds the keys written in the directive, each with its line; ``works`` the
    canonical keys and anchors of the works the list shows, in order, given while reading.
    """


def short_sites(tree: nodes.Node) -> list[nodes.Element]:
    """The short citations of ``tree``, footnotes and inline, in reading order."""
    return cast("list[nodes.Element]", nodes_of(tree, ShortCitationSite))


@dataclass(frozen=True)
class ShortForm:
    names: str  # "Smith", "Smith & Jones", "Smith et al."
    year: str  # "2020", "n.d."; with its letter once the article's works are known
    anchor_names: str  # up to four family names, for the CITEREF anchor
    title: str


def _field(entry: Any, entries: Mapping[str, Any], name: str) -> str:
    """A field of the entry or, through ``crossref``, of the entry it inherits from."""
    seen: set[str] = set()
    while entry is not None and entry.key.casefold() not in seen:
        value = entry.fields.get(name, "")
        if value:
            return str(value)
        seen.add(entry.key.casefold())
        parent = entry.fields.get("crossref", "").strip()
        entry = entries.get(parent) if parent else None
    return ""


def _people(entry: Any, entries: Mapping[str, Any], role: str) -> list[Any]:
    seen: set[str] = set()
    while entry is not None and entry.key.casefold() not in seen:
        people = entry.persons.get(role)
        if people:
            return list(people)
        seen.add(entry.key.casefold())
        parent = entry.fields.get("crossref", "").strip()
        entry = entries.get(parent) if parent else None
    return []


def family_name(person: Any) -> str:
    """The name a short citation uses: "van der Berg"; a braced organisation as given."""
    return clean_latex(" ".join(person.prelast_names + person.last_names))


def short_form(entry: Any, entries: Mapping[str, Any]) -> ShortForm:
    """CS1's short form: family names of the authors (else the editors), else the
    organisation, else the title; the year of the date, else "n.d."."""
    people = _people(entry, entries, "author") or _people(entry, entries, "editor")
    et_al = bool(people) and str(people[-1]).casefold() == "others"
    if et_al:
        people.pop()
    families = [name for name in map(family_name, people) if name]
    if not families:
        organisation = next(
            (value for name in ("organization", "institution", "publisher")
             if (value := clean_latex(_field(entry, entries, name)))), "",
        )  # fmt: skip
        families = [organisation or clean_latex(_field(entry, entries, "title")) or entry.key]
        et_al = False
    if et_al or len(families) >= 4:
        names = f"{families[0]} {_('et al.')}"
    elif len(families) == 1:
        names = families[0]
    else:
        names = ", ".join(families[:-1]) + " & " + families[-1]
    date = clean_latex(_field(entry, entries, "date") or _field(entry, entries, "year"))
    match = re.match(r"\s*(\d{3,4})\b", date)
    year = match[1] if match else str(_("n.d."))
    title = clean_latex(_field(entry, entries, "title"))
    return ShortForm(names, year, "".join(families[:4]), title)


def letter(index: int) -> str:
    """a … z, aa, ab, …: the letters telling one author's works of one year apart."""
    label, index = "", index + 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("a") + rest) + label
    return label


def disambiguated(forms: dict[str, ShortForm]) -> dict[str, ShortForm]:
    """The article's works in the order of its works-cited list (short form, year, title),
    each given ``a``, ``b``, … after the year when another has the same short form and year.
    """
    ordered = sorted(
        forms.items(),
        key=lambda item: (item[1].names.casefold(), item[1].year, item[1].title.casefold(),
                          item[0]),
    )  # fmt: skip
    same: dict[tuple[str, str], list[str]] = {}
    for key, form in ordered:
        same.setdefault((form.names, form.year), []).append(key)
    result: dict[str, ShortForm] = {}
    for key, form in ordered:
        group = same[form.names, form.year]
        if len(group) > 1:
            form = ShortForm(form.names, form.year + letter(group.index(key)),
                             form.anchor_names, form.title)  # fmt: skip
        result[key] = form
    return result


def works_cited_anchors(keys: Iterable[str], entries: Mapping[str, Any]) -> dict[str, str]:
    """The ``CITEREF`` anchors of an article whose works-cited lists hold ``keys`` (as the
    domain records them), as :class:`ShortCitationCheck` gave them."""
    found = {key: short_form(entries[key], entries) for key in keys if key in entries}
    return anchors(disambiguated(found))


def anchors(forms: dict[str, ShortForm]) -> dict[str, str]:
    """Wikipedia's ``CITEREF`` + family names + year, unique in the article: names that
    differ only in what an id drops ("O'Brien", "OBrien") are numbered apart."""
    taken: set[str] = set()
    result: dict[str, str] = {}
    for key, form in forms.items():
        anchor = "CITEREF" + re.sub(r"[^\w-]", "", form.anchor_names + form.year)
        candidate, number = anchor, 1
        while candidate in taken:
            number += 1
            candidate = f"{anchor}-{number}"
        taken.add(candidate)
        result[key] = candidate
    return result


class SfnRole(CitationRole):
    """``:sfn:`key{p. 25}```: a shortened footnote."""

    marker_class = enc_short_citation


class HarvRole(SphinxRole):
    """``:harvnb:`key{p. 25}``` and ``:harvp:`key{p. 25}```: a short citation in the text."""

    def __init__(self, form: str) -> None:
        self.form = form

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        line = role_line(self)
        match = re.fullmatch(r"\s*([^\s{},]+)\s*(?:\{([^{}]*)\}\s*)?", self.text)
        if match is None:
            warn(
                f"malformed short citation {self.rawtext}: write key or key{{p. 12}}",
                "malformed-citation",
                role_location(self, line),
            )
            node = enc_short_link(linked=self.text, after="", broken=True, form=self.form)
        else:
            key, locator = match.groups()
            node = enc_short_link(key=key, form=self.form, docname=self.env.docname,
                                  locator=" ".join((locator or "").split()))  # fmt: skip
        self.set_source_info(node, line)
        return [node], []


class WorksCitedDirective(SphinxDirective):
    """``.. works-cited::``: the full citations of the works the article's short citations
    name, with further works listed as keys in its content."""

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = CheckedOptions({"title": directives.unchanged})

    def run(self) -> list[nodes.Node]:
        report_option_problems(self)
        entries = bib_entries(self.env)
        listed: list[tuple[str, int]] = []
        unknown = False
        for offset, text in enumerate(self.content):
            line = self.content_offset + offset + 1
            for key in re.split(r"[\s,]+", text.strip()):
                if not key:
                    continue
                entry = entries.get(key)
                if entry is None:
                    unknown = True
                    warn(unknown_key(self.env, key), "unknown-key", (self.env.docname, line))
                else:
                    listed.append((entry.key, line))
        if unknown:
            depend_on_bib_files(self.env)
        node = enc_works_cited(listed=listed, works=[], docname=self.env.docname)
        self.set_source_info(node)
        title = self.options.get("title", "").strip() or _("Sources")
        return appendix_from_directive(self, SOURCES_KIND, title, [node])


def _broken_link(node: enc_short_link, key: str) -> None:
    node["broken"] = True
    node["linked"], node["after"] = key, ""


class ShortCitationCheck(SphinxTransform):
    """Make the article's short forms, tie each short citation to its full one, and check
    that every work a short citation names is in a works-cited list."""

    default_priority = TRANSFORM_PRIORITY["ShortCitationCheck"]

    def apply(self, **kwargs: Any) -> None:
        sfns = [m for m in nodes_of(self.document, enc_short_citation) if not m.get("broken")]
        links = [n for n in nodes_of(self.document, enc_short_link) if not n.get("broken")]
        lists = nodes_of(self.document, enc_works_cited)
        if not (sfns or links or lists):
            return
        entries = bib_entries(self.env)
        # The sites, in reading order, by the work they name.
        sites: dict[str, list[nodes.Element]] = {}
        for site in short_sites(self.document):
            if site.get("broken"):
                continue
            entry = entries.get(site["key"])
            if entry is None:  # a marker's key is checked by CitationCheck already
                warn(unknown_key(self.env, site["key"]), "unknown-key", location=site)
                _broken_link(site, site["key"])
                depend_on_bib_files(self.env)
                continue
            site["key"] = entry.key
            sites.setdefault(entry.key, []).append(site)
        keys = list(sites)
        for placeholder in lists:
            keys += [key for key, _line in placeholder["listed"] if key not in keys]
        forms = disambiguated({key: short_form(entries[key], entries) for key in keys})
        ids = anchors(forms) if lists else {}
        for key, form in forms.items():
            for site in sites.get(key, []):
                self._fill(site, form, ids.get(key))
        self._fill_lists(lists, forms, ids)
        self._check(lists, sites)
        inline = [key for key, found in sites.items() for site in found
                  if isinstance(site, enc_short_link)] if lists else None  # fmt: skip
        get_domain(self.env).note_works_cited(self.env.docname, forms, inline)

    @staticmethod
    def _fill(site: nodes.Element, form: ShortForm, anchor: str | None) -> None:
        if anchor is not None:
            site["anchor"] = anchor
        if isinstance(site, enc_short_citation):
            site["names"], site["year"] = form.names, form.year
            return
        locator = f", {site['locator']}" if site["locator"] else ""
        if site["form"] == "p":
            site["linked"], site["after"] = f"{form.names} ({form.year}", f"{locator})"
        else:
            site["linked"], site["after"] = f"{form.names} {form.year}", locator

    @staticmethod
    def _fill_lists(
        lists: list[enc_works_cited], forms: dict[str, ShortForm], ids: dict[str, str]
    ) -> None:
        """Each work in the first list that names it, the rest in the list that names none
        (else the last): one article may keep primary and secondary sources apart."""
        home: dict[str, enc_works_cited] = {}
        for placeholder in lists:
            for key, _line in placeholder["listed"]:
                home.setdefault(key, placeholder)
        if lists:
            rest = next((p for p in lists if not p["listed"]), lists[-1])
            for key in forms:
                home.setdefault(key, rest)
        for key in forms:  # in the list's order
            if key in home:
                home[key]["works"].append((key, ids[key]))

    def _check(self, lists: list[enc_works_cited], sites: dict[str, list[nodes.Element]]) -> None:
        if not lists:
            for key, found in sites.items():
                warn(
                    f"short citation of {key!r} with no works-cited list in the article to "
                    "link to; add '.. works-cited::'",
                    "sfn-no-target",
                    location=found[0],
                )
            return
        if not settings_of(self.env).warn_sfn_unused:
            return
        for placeholder in lists:
            for key, line in placeholder["listed"]:
                if key not in sites:
                    warn(f"works-cited lists {key!r}, which no short citation names",
                         "sfn-unused", (self.env.docname, line))  # fmt: skip


def _item_parts(marker: enc_short_citation) -> tuple[str, str]:
    """ "Smith 2020" and ", p. 25.": the linked short form and what follows it."""
    locator = marker.get("locator", "")
    linked, after = f"{marker['names']} {marker['year']}", f", {locator}" if locator else ""
    return linked, after if (linked + after).endswith(".") else after + "."


def short_item_nodes(marker: enc_short_citation) -> nodes.inline:
    """An ``:sfn:`` list item's text, for builders other than HTML."""
    linked, after = _item_parts(marker)
    link = enc_short_link(linked=linked, after=after)
    if "anchor" in marker:
        link["anchor"] = marker["anchor"]
    return nodes.inline("", "", link, classes=["enc-short-text"])


def short_item_html(marker: enc_short_citation) -> tuple[str, str]:
    """An ``:sfn:`` list item's text as HTML, and as plain text for the search index."""
    linked, after = _item_parts(marker)
    return (
        f'<span class="enc-short-text">{_link_html(linked, after, marker.get("anchor"))}</span>',
        linked + after,
    )


def _link_html(linked: str, after: str, anchor: str | None, refuri: str = "") -> str:
    if anchor is None:
        return encode_html(linked + after)
    href = encode_html(f"{refuri}#{anchor}")
    return (
        f'<a class="reference internal enc-short-link" href="{href}">{encode_html(linked)}</a>'
        + encode_html(after)
    )


def visit_short_link_html(self: Any, node: enc_short_link) -> None:
    if node.get("key") is None:  # the start of a list item
        self.body.append(_link_html(node["linked"], node["after"], node.get("anchor")))
        raise nodes.SkipNode
    ids = "".join(f' id="{identifier}"' for identifier in node["ids"][:1])
    if node.get("broken") or "anchor" not in node:
        title = encode_html(_("Harv error: this work is not in a works-cited list of the page"))
        self.body.append(
            f'<span class="enc-harv enc-cite-error"{ids} title="{title}">'
            f"{encode_html(node['linked'] + node['after'])}</span>"
        )
    else:
        link = _link_html(node["linked"], node["after"], node["anchor"], node.get("refuri", ""))
        self.body.append(f'<span class="enc-harv"{ids}>{link}</span>')
    raise nodes.SkipNode


def visit_short_link_latex(self: Any, node: enc_short_link) -> None:
    targets = "".join(self.hypertarget(i, withdoc=False) for i in node.get("ids", []))
    linked, after = self.encode(node["linked"]), self.encode(node["after"])
    if "anchor" in node and not node.get("broken"):
        linked = self.hyperlink(node["anchor"]) + linked + "}}"
    self.body.append(targets + linked + after)
    raise nodes.SkipNode


def _plain(node: enc_short_link) -> str:
    return str(node["linked"]) + str(node["after"])


def visit_short_link_text(self: Any, node: enc_short_link) -> None:
    self.add_text(_plain(node))
    raise nodes.SkipNode


def visit_short_link_man(self: Any, node: enc_short_link) -> None:
    self.body.append(_plain(node))
    raise nodes.SkipNode


def visit_short_link_texinfo(self: Any, node: enc_short_link) -> None:
    self.body.append(self.escape(_plain(node)))
    raise nodes.SkipNode


def setup_shortcites(app: Sphinx) -> None:
    add_marker_node(app, enc_short_citation)
    add_node(
        app, enc_short_link, html=(visit_short_link_html, None),
        others=(visit_short_link_text, None), latex=(visit_short_link_latex, None),
        man=(visit_short_link_man, None), texinfo=(visit_short_link_texinfo, None),
    )  # fmt: skip
    add_placeholder(app, enc_works_cited)
    app.add_role("sfn", SfnRole())
    app.add_role("harvnb", HarvRole("nb"))
    app.add_role("harvp", HarvRole("p"))
    app.add_directive("works-cited", WorksCitedDirective)
    app.add_transform(ShortCitationCheck)
