"""The inline citation: the ``citation`` role and its ``[n]`` marker.

The role only records which key was cited where. Numbers and ids are given while writing
(:mod:`sphinx_encyclopedia.references`), because they depend on the whole article and, when
several articles share one output page, on which article a marker belongs to.
"""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxRole

from .diagnostics import warn
from .domain import get_domain
from .i18n import _
from .locations import role_line, role_location
from .markers import add_marker_node, enc_marker
from .order import TRANSFORM_PRIORITY
from .walk import nodes_of

if TYPE_CHECKING:
    from pybtex.database import Entry
    from sphinxcontrib.bibtex.bibfile import BibData


class InReferencesOrder:
    """Marks the nodes numbering walks (citations and references lists): one class lets one
    walk of the page find both, in document order."""


class enc_citation(enc_marker, InReferencesOrder):  # noqa: N801 - docutils names nodes in lower case
    """One citation site.

    Read-time attributes: ``key`` (the bib key as the bib file spells it), ``docname``,
    ``list`` (which references list of the article collects it), ``locator`` and ``broken``.
    Write-time attributes: ``number``, ``refid`` (the list item) and ``ids`` (this site).
    """

    css_class = "enc-cite"

    def label(self) -> str:
        return f"[{self['number']}]" if self.resolved() else broken_label(self)

    def suffix(self) -> str:
        """Wikipedia's {{rp}}: the page after the marker, ``[1]: 12``."""
        return f": {self['locator']}" if self.get("locator") else ""

    def error_title(self) -> str:
        return str(_("Cite error: no source with the key %r") % self["key"])

    def item_locator(self) -> str | None:
        """What besides the key tells list items apart: a short citation's locator; a full
        citation's locator is the site's own, and its item the same for every page."""
        return None

    def item(self) -> tuple[str, str | None]:
        return self["key"], self.item_locator()


def bibdata(env: Any) -> BibData:
    return env.get_domain("cite").bibdata


def depend_on_bib_files(env: BuildEnvironment) -> None:
    """Read the current page again whenever any bib file changes: for what may find any entry
    (a key the files lack, a filter), where a changed entry cannot say which pages show it."""
    for path in bibdata(env).bibfiles:
        env.note_dependency(str(path))


def bib_entries(env: Any) -> dict[str, Entry]:
    """The parsed entries of every configured bib file (a case-insensitive mapping)."""
    return cast("dict[str, Entry]", bibdata(env).data.entries)


_ONE_KEY = re.compile(r"\s*([^\s{},]*)\s*")


def split_citation_text(text: str) -> list[tuple[str, str | None]] | None:
    """``key1{p. 3},key2`` → ``[("key1", "p. 3"), ("key2", None)]``; None if malformed.

    Braces hold the locator because BibTeX keys cannot contain them, while locators may
    contain commas and spaces (``pp. 3–5, 9``).
    """
    one_key = _ONE_KEY.fullmatch(text)  # the common case: every citation of an article asks
    if one_key is not None:
        return [(one_key[1], None)]
    if not any(char in text for char in "{},"):
        return None  # one key, with spaces in it
    parts, current, in_braces = [], "", False
    for char in text:
        if char in "{}":
            if in_braces == (char == "{"):
                return None
            in_braces = char == "{"
        elif char == "," and not in_braces:
            parts.append(current)
            current = ""
            continue
        current += char
    if in_braces:
        return None
    parts.append(current)
    items: list[tuple[str, str | None]] = []
    for part in parts:
        match = re.fullmatch(r"\s*([^\s{}]*)\s*(?:\{([^{}]*)\}\s*)?", part)
        if match is None:
            return None
        key, locator = match.groups()
        items.append((key, " ".join(locator.split()) if locator is not None else None))
    return items


class CitationRole(SphinxRole):
    """``:citation:`key```, ``:citation:`key1,key2``` for adjacent markers, and
    ``:citation:`key{p. 12}``` for a page locator shown after the marker."""

    marker_class: type[enc_citation] = enc_citation

    def __init__(self, line: int | None = None) -> None:
        #: The line of the markup, when the caller knows it better than the role can find
        #: it: a ``[@key]`` in a note's text.
        self.known_line = line

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        self.markup_line = role_line(self) if self.known_line is None else self.known_line
        items = split_citation_text(self.text)
        if items is None:
            warn(
                f"malformed citation {self.rawtext}: write key, key1,key2 or key{{p. 12}}",
                "malformed-citation",
                role_location(self, self.markup_line),
            )
            return [self._marker("")], []
        if len(items) == 1 and items[0][0]:  # one key, as nearly every citation is
            return [self._marker(*items[0])], []
        if any(locator and not key for key, locator in items):
            warn(
                f"locator without a key: {self.rawtext}", "locator-without-key",
                role_location(self, self.markup_line),
            )  # fmt: skip
        if any(not key and not locator for key, locator in items):
            warn(
                f"citation without a key: {self.rawtext}", "empty-citation",
                role_location(self, self.markup_line),
            )  # fmt: skip
        markers = [self._marker(key, locator) for key, locator in items if key]
        return markers or [self._marker("")], []

    def _marker(self, key: str, locator: str | None = None) -> enc_citation:
        # No rawsource: every article holds its markers from reading until writing, and the
        # warnings that quote the markup are given here.
        marker = self.marker_class("", key=key, docname=self.env.docname)
        if not key:
            marker["broken"] = True
        if locator:
            marker["locator"] = locator
        self.set_source_info(marker, self.markup_line)
        return marker


def remove_space_before(marker: nodes.Element) -> None:
    # Wikipedia sets a marker straight after the punctuation it follows; authors can still
    # write "text. :citation:`key`", which reStructuredText needs anyway.
    parent = marker.parent
    if parent is None:
        return
    siblings = parent.children
    index = siblings.index(marker)
    before = siblings[index - 1] if index else None
    if not isinstance(before, nodes.Text) or before[-1:] not in (" ", "\t", "\r", "\n"):
        return
    stripped = before.rstrip(" \t\r\n")
    if stripped:
        parent[index - 1] = nodes.Text(stripped)
    else:
        parent.remove(before)


class CitationCheck(SphinxTransform):
    """Resolve keys against the bib files while reading, and record the article's citations."""

    default_priority = TRANSFORM_PRIORITY["CitationCheck"]

    def apply(self, **kwargs: Any) -> None:
        markers = nodes_of(self.document, enc_citation)
        if not markers:
            return
        entries = bib_entries(self.env)
        unknown = False
        # Each use of a substitution is a copy of the markers in its definition, with the
        # definition's line: one mistake there is reported once.
        reported: set[tuple[str, Any, Any]] = set()
        for marker in markers:
            remove_space_before(marker)
            if marker.get("broken"):
                continue
            entry = entries.get(marker["key"])
            if entry is None:
                marker["broken"] = unknown = True
                place = (marker["key"], marker.source, marker.line)
                if place in reported:
                    continue
                reported.add(place)
                warn(unknown_key(self.env, marker["key"]), "unknown-key", location=marker)
            else:
                marker["key"] = entry.key
        # A page is read again when an entry it cites changes (see .dependencies); a key the
        # bib files lack may be added to any of them, so such a page depends on them all.
        if unknown:
            depend_on_bib_files(self.env)


def unknown_key(env: BuildEnvironment, key: str) -> str:
    """The warning for a key no bib file defines, with the closest key there is."""
    if not env.config.bibtex_bibfiles:
        return f"unknown bib key {key!r} (no bib file: set bibtex_bibfiles)"
    known = _keys_by_lower_case(env)
    close = difflib.get_close_matches(key.lower(), known, n=1, cutoff=0.8)
    hint = f"; did you mean {known[close[0]]!r}?" if close else ""
    return f"unknown bib key {key!r}{hint}"


def _keys_by_lower_case(env: BuildEnvironment) -> dict[str, str]:
    # Made once a build (and again should the bib data be parsed anew), on the first
    # unknown key: a bib of thousands of entries is not lower-cased for every one.
    entries = bib_entries(env)
    build = get_domain(env).build
    if build.bib_keys is None or build.bib_keys[0] is not entries:
        build.bib_keys = (entries, {key.lower(): key for key in entries})
    return build.bib_keys[1]


def broken_label(marker: enc_citation) -> str:
    return f"[{marker['key']}?]" if marker["key"] else "[?]"


def allow_sites_without_bib_files(app: Sphinx, config: Config) -> None:
    # sphinxcontrib-bibtex stops the build when bibtex_bibfiles is unset; a site that adds
    # this extension before writing any citation has none yet, and must still build.
    if config.bibtex_bibfiles is None:
        config.bibtex_bibfiles = []


def setup_citations(app: Sphinx) -> None:
    app.connect("config-inited", allow_sites_without_bib_files)
    add_marker_node(app, enc_citation)
    app.add_role("citation", CitationRole())
    app.add_transform(CitationCheck)
