"""Formats bib entries into docutils nodes with the configured pybtex style.

The style is created once per build and each entry is formatted once per build: pybtex's
plugin lookup scans every installed distribution's entry points, and formatting costs far more
than copying the nodes it produced.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import pybtex.plugin
import pybtex_docutils
from docutils import nodes
from pybtex.backends import BaseBackend
from pybtex.richtext import Symbol, Tag
from pybtex.richtext import Text as RichText
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .bibcheck import entry_places
from .citations import bibdata
from .cs1 import WikipediaStyle, source_kind
from .cs1.identifiers import UNBROKEN
from .cs1.style import problem_subtype
from .diagnostics import warn
from .domain import builder_of, get_domain, settings_of
from .writers import add_node, pass_through, skip

if TYPE_CHECKING:
    from pybtex.style.formatting import BaseStyle
    from sphinxcontrib.bibtex.bibfile import BibData

DEFAULT_STYLE = "wikipedia"


def default_style(env: BuildEnvironment) -> WikipediaStyle:
    config = settings_of(env)
    return WikipediaStyle(
        display_authors=config.display_authors,
        date_format=config.date_format,
        report=lambda entry, field, message: report_entry_problem(env, entry, field, message),
        language=env.config.language or "en",
    )


def load_style(env: BuildEnvironment) -> BaseStyle:
    name = settings_of(env).citation_style
    if name == DEFAULT_STYLE:
        return default_style(env)
    try:
        style: BaseStyle = pybtex.plugin.find_plugin("pybtex.style.formatting", name)()
    except Exception as error:  # pybtex raises PluginNotFound, plugins may raise anything
        warn(
            f"cannot load citation style {name!r} ({error}); using {DEFAULT_STYLE!r}",
            "style",
            location=None,
        )
        return default_style(env)
    return style


class enc_formatted(nodes.inline):  # noqa: N801 - docutils names nodes in lower case
    """A formatted reference for HTML builders: its HTML, rendered once per build, in
    ``html``, and its plain text as the child the search index reads."""


class enc_rendered_items(nodes.General, nodes.Element):  # noqa: N801 - docutils' naming
    """All the items of a list of references (a references list, the sources index), for HTML
    builders: their HTML, put together from strings rendered once per build, in ``html``. A
    list costs one node instead of a subtree an item, for every later post-transform, the
    search indexer and the writer to walk; its one child, when the list is searched, is the
    items' plain text. Other builders get each item as an ordinary list item."""


def rendered_items(html: list[str], plain: list[str]) -> enc_rendered_items:
    """The items' HTML, and their plain text when there is any (a list that is searched)."""
    items = enc_rendered_items(html="".join(html))
    if plain:
        items += nodes.Text("\n".join(plain))
    return items


def visit_rendered_items_html(self: Any, node: enc_rendered_items) -> None:
    self.body.append(node["html"])
    raise nodes.SkipNode


@dataclass(slots=True)
class Formatted:
    nodes: list[nodes.Node]  # empty when an HTML builder has the HTML it needs
    html: str | None  # None when only the HTML writer can render the entry
    plain: str
    classes: list[str]


class ReferenceFormatter:
    """Per-build cache of formatted references, keyed by canonical bib key.

    Copying the formatted nodes into every article that cites an entry was the largest cost
    of the extension's build; HTML pages get the entry's HTML, rendered once, instead.
    """

    def __init__(self, env: BuildEnvironment) -> None:
        self.style = load_style(env)
        # The nodes of 10,000 entries, kept for the whole build, were some 250,000 objects for
        # the garbage collector to walk again and again; an HTML builder needs only strings.
        self.writes_html = builder_of(env).format == "html"
        # An HTML builder's nodes (what its strings cannot render) keep dates unbroken too.
        self.backend = DocutilsBackend() if self.writes_html else pybtex_docutils.Backend()
        self._source: BibData | None = None
        self._formatted: dict[str, Formatted] = {}

    def reference_text(self, env: BuildEnvironment, key: str, location: Any) -> nodes.inline:
        """The formatted reference of ``key``, in an element whose classes name the kind of
        source; ``location`` is where a formatting error is shown."""
        formatted = self._formatted_entry(env, key, location)
        classes = formatted.classes.copy()
        if formatted.html is not None:  # only HTML builders get it
            return enc_formatted("", formatted.plain, classes=classes, html=formatted.html)
        return nodes.inline("", "", *(node.deepcopy() for node in formatted.nodes), classes=classes)

    def _formatted_entry(self, env: BuildEnvironment, key: str, location: Any) -> Formatted:
        data = bibdata(env)
        if data is not self._source:
            self._source, self._formatted = data, {}
        formatted = self._formatted.get(key)
        if formatted is None:
            formatted = self._formatted[key] = self._format(data, key, location)
        return formatted

    def reference_html(self, env: BuildEnvironment, key: str, location: Any) -> str | None:
        """The HTML an HTML writer would write for :meth:`reference_text`, or None when only
        the writer can render it."""
        formatted = self._formatted_entry(env, key, location)
        if formatted.html is None:
            return None
        return f'<span class="{" ".join(formatted.classes)}">{formatted.html}</span>'

    def plain_text(self, env: BuildEnvironment, key: str, location: Any) -> str:
        return self._formatted_entry(env, key, location).plain

    def _format(self, data: BibData, key: str, location: Any) -> Formatted:
        entry = data.data.entries[key]
        classes = ["enc-reference-text", "citation", source_kind(entry)]
        try:
            # The bib data, as pybtex hands it to a style: where crossref parents and set members
            # are found.
            text = self.style.format_entry("", entry, bib_data=data.data).text
            return self._render(text, classes)
        except Exception as error:  # a style's failure on one entry must not stop the build
            warn(f"citation style failed on {key!r}: {error}", "format-error", location)
            return self._render(RichText(Tag("strong", key)), classes)

    def _render(self, text: RichText, classes: list[str]) -> Formatted:
        if self.writes_html:
            try:
                html, plain = text.render(HTML_AND_PLAIN)
                return Formatted([], html, plain, classes)
            except NeedsNodesError:
                pass
        rendered = list(text.render(self.backend))
        return Formatted(rendered, None, "".join(node.astext() for node in rendered), classes)


# As docutils' HTML writer encodes text.
_SPECIAL = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "@": "&#64;"})


def encode_html(text: str) -> str:
    """Text as docutils' HTML writer encodes it, in content and in attribute values."""
    return text.translate(_SPECIAL)


class NeedsNodesError(Exception):
    """Rich text that only docutils' HTML writer renders (literal, sub- and superscript)."""


Rendered = tuple[str, str]  # HTML and plain text


class _DocutilsSymbols(dict[str, Rendered]):
    """pybtex's symbols (``ndash``, ``nbsp``, …) as pybtex-docutils renders them, looked up
    through pybtex's public rendering on first use."""

    def __missing__(self, name: str) -> Rendered:
        try:
            rendered = Symbol(name).render(pybtex_docutils.Backend())
        except Exception as error:  # a symbol pybtex-docutils does not know
            raise NeedsNodesError(name) from error
        plain = "".join(node.astext() for node in rendered)
        self[name] = encode_html(plain), plain
        return self[name]


class _TagsDocutilsDrops(dict[str, bool]):
    """Whether pybtex-docutils renders a tag as its bare text (a tag it does not know),
    found out through pybtex's public rendering on first use of each tag."""

    def __missing__(self, name: str) -> bool:
        rendered = Tag(name, "x").render(pybtex_docutils.Backend())
        self[name] = [type(node) for node in rendered] == [nodes.Text]
        return self[name]


class HTMLAndPlainBackend(BaseBackend):
    """Renders pybtex rich text straight to the HTML docutils' writer would write for
    :class:`pybtex_docutils.Backend`'s nodes, and to their plain text, in one pass."""

    name = "sphinx-encyclopedia-html"
    RenderType = tuple
    symbols: ClassVar[dict[str, Rendered]] = _DocutilsSymbols()
    _dropped_tags: ClassVar[dict[str, bool]] = _TagsDocutilsDrops()
    _TAGS: ClassVar[dict[str, str]] = {"em": "em", "emph": "em", "i": "em", "strong": "strong",
                                       "b": "strong"}  # fmt: skip

    def format_str(self, text: str) -> Rendered:
        plain = nodes.unescape(text)
        return encode_html(plain), plain

    def format_tag(self, tag_name: str, text: Rendered) -> Rendered:
        tag = self._TAGS.get(tag_name)
        if tag is not None:
            return f"<{tag}>{text[0]}</{tag}>", text[1]
        if tag_name == UNBROKEN:  # as the writer writes DocutilsBackend's inline node
            return f'<span class="{UNBROKEN}">{text[0]}</span>', text[1]
        if self._dropped_tags[tag_name]:
            return text
        raise NeedsNodesError(tag_name)  # a literal, sub- or superscript

    def format_href(self, url: str, text: Rendered, external: bool = False) -> Rendered:
        if not url:
            raise NeedsNodesError("link without a target")
        return f'<a class="reference external" href="{encode_html(url)}">{text[0]}</a>', text[1]

    def render_sequence(self, rendered_list: list[Rendered]) -> Rendered:
        return "".join(html for html, _ in rendered_list), "".join(p for _, p in rendered_list)


HTML_AND_PLAIN = HTMLAndPlainBackend()


class DocutilsBackend(pybtex_docutils.Backend):
    """pybtex-docutils' nodes, for HTML builders, with the text kept unbroken (a date, an
    identifier) in an inline node of its class: pybtex-docutils drops tags it does not know."""

    def format_tag(self, tag_name: str, text: list[nodes.Node]) -> list[nodes.Node]:
        if tag_name == UNBROKEN:
            return [nodes.inline("", "", *text, classes=[UNBROKEN])]
        rendered: list[nodes.Node] = super().format_tag(tag_name, text)
        return rendered


def visit_formatted_html(self: Any, node: enc_formatted) -> None:
    self.body.append(self.starttag(node, "span", "") + node["html"] + "</span>")
    raise nodes.SkipNode


def formatter_for(env: BuildEnvironment) -> ReferenceFormatter:
    """The build's formatter, made the first time a page asks for one."""
    build = get_domain(env).build
    if build.formatter is None:
        build.formatter = ReferenceFormatter(env)
    return build.formatter


def setup_formatting(app: Sphinx) -> None:
    # Formatting happens while writing; "env" still re-reads every page so that non-HTML
    # builders, which only write outdated pages, pick up the change too.
    # Only HTML builders get these nodes; elsewhere their plain text is all there is.
    add_node(app, enc_formatted, html=(visit_formatted_html, None),
             others=(pass_through, pass_through))  # fmt: skip
    add_node(app, enc_rendered_items, html=(visit_rendered_items_html, None),
             others=(skip, None))  # fmt: skip


def report_entry_problem(env: BuildEnvironment, entry: Any, field: str, message: str) -> None:
    places = entry_places(env, entry.key)
    warn(f"bib entry {entry.key!r}: {message}", problem_subtype(field),
         location=places[0] if places else None)  # fmt: skip
