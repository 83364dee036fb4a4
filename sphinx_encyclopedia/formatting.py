"""Formats bib entries into docutils nodes with the configured pybtex style.

The style is created once per build and each entry is formatted once per build: pybtex's
plugin lookup scans every installed distribution's entry points, and formatting costs far more
than copying the nodes it produced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

import pybtex.plugin
import pybtex_docutils
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .citations import bibdata
from .compat import builder_of
from .cs1 import DATE_FORMATS, WikipediaStyle, source_kind
from .diagnostics import warn
from .writers import add_node, pass_through

if TYPE_CHECKING:
    from pybtex.style.formatting import BaseStyle
    from sphinxcontrib.bibtex.bibfile import BibData

DEFAULT_STYLE = "wikipedia"


def default_style(env: BuildEnvironment) -> WikipediaStyle:
    return WikipediaStyle(
        display_authors=env.config.encyclopedia_display_authors,
        date_format=env.config.encyclopedia_date_format,
        report=lambda entry, field, message: report_entry_problem(env, entry, field, message),
    )


def load_style(env: BuildEnvironment) -> BaseStyle:
    name = env.config.encyclopedia_citation_style
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


@dataclass
class Formatted:
    nodes: list[nodes.Node]
    html: str | None  # None when the nodes hold something only the HTML writer can render
    plain: str
    classes: list[str]


class ReferenceFormatter:
    """Per-build cache of formatted references, keyed by canonical bib key.

    Copying the formatted nodes into every article that cites an entry was the largest cost
    of the extension's build; HTML pages get the entry's HTML, rendered once, instead.
    """

    def __init__(self, env: BuildEnvironment) -> None:
        self.style = load_style(env)
        self.backend = pybtex_docutils.Backend()
        self._source: BibData | None = None
        self._formatted: dict[str, Formatted] = {}

    def reference_text(self, env: BuildEnvironment, key: str, location: Any) -> nodes.inline:
        """The formatted reference of ``key``, in an element whose classes name the kind of
        source; ``location`` is where a formatting error is shown."""
        formatted = self._formatted_entry(env, key, location)
        classes = formatted.classes.copy()
        if formatted.html is not None and builder_of(env).format == "html":
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
        try:
            rendered = list(self.style.format_entry("", entry).text.render(self.backend))
        except Exception as error:  # a style's failure on one entry must not stop the build
            warn(f"citation style failed on {key!r}: {error}", "format-error", location)
            rendered = [nodes.strong(key, key)]
        plain = "".join(node.astext() for node in rendered)
        classes = ["enc-reference-text", "citation", source_kind(entry)]
        return Formatted(rendered, html_of(rendered), plain, classes)


# As docutils' HTML writer encodes text.
_SPECIAL = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "@": "&#64;"})


def encode_html(text: str) -> str:
    """Text as docutils' HTML writer encodes it, in content and in attribute values."""
    return text.translate(_SPECIAL)


def html_of(children: list[nodes.Node]) -> str | None:
    """The HTML docutils would write for what pybtex's docutils backend produces: text,
    emphasis, strong and external links; None for anything else."""
    parts = []
    for node in children:
        if isinstance(node, nodes.Text):
            parts.append(encode_html(node.astext()))
            continue
        inner = html_of(node.children) if isinstance(node, nodes.Element) else None
        if inner is None:
            return None
        if isinstance(node, nodes.emphasis | nodes.strong):
            tag = "em" if isinstance(node, nodes.emphasis) else "strong"
            parts.append(f"<{tag}>{inner}</{tag}>")
        elif isinstance(node, nodes.reference) and node.get("refuri"):
            href = encode_html(node["refuri"])
            parts.append(f'<a class="reference external" href="{href}">{inner}</a>')
        else:
            return None
    return "".join(parts)


def visit_formatted_html(self: Any, node: enc_formatted) -> None:
    self.body.append(self.starttag(node, "span", "") + node["html"] + "</span>")
    raise nodes.SkipNode


_formatters: WeakKeyDictionary[BuildEnvironment, ReferenceFormatter] = WeakKeyDictionary()


def formatter_for(env: BuildEnvironment) -> ReferenceFormatter:
    """The build's formatter: an environment lives for one build of one project."""
    formatter = _formatters.get(env)
    if formatter is None:
        formatter = ReferenceFormatter(env)
        _formatters[env] = formatter
    return formatter


def setup_formatting(app: Sphinx) -> None:
    # Formatting happens while writing; "env" still re-reads every page so that non-HTML
    # builders, which only write outdated pages, pick up the change too.
    # Only HTML builders get these nodes; elsewhere their plain text is all there is.
    add_node(app, enc_formatted, html=(visit_formatted_html, None),
             others=(pass_through, pass_through))  # fmt: skip
    app.add_config_value("encyclopedia_citation_style", DEFAULT_STYLE, "env", types=[str])
    app.add_config_value("encyclopedia_display_authors", 0, "env", types=[int])
    app.add_config_value("encyclopedia_date_format", "iso", "env", types=[str])
    app.connect("config-inited", check_date_format)


def check_date_format(app: Sphinx, config: Any) -> None:
    if config.encyclopedia_date_format not in DATE_FORMATS:
        warn(
            f"encyclopedia_date_format must be one of {', '.join(DATE_FORMATS)}, "
            f"not {config.encyclopedia_date_format!r}; using 'iso'",
            "config",
            location=None,
        )
        config.encyclopedia_date_format = "iso"


def report_entry_problem(env: BuildEnvironment, entry: Any, field: str, message: str) -> None:
    subtype = "url-scheme" if field == "url" else "missing-field"
    warn(f"bib entry {entry.key!r}: {message}", subtype, location=entry_location(env, entry.key))


_ENTRY_START = r"@\s*\w+\s*[{(]\s*"


def entry_location(env: BuildEnvironment, key: str) -> str | None:
    """``file:line`` where ``key`` is defined; only looked up when something is wrong."""
    pattern = re.compile(_ENTRY_START + re.escape(key) + r"\s*,", re.IGNORECASE)
    for path in bibdata(env).bibfiles:
        try:
            text = Path(path).read_text(encoding="utf-8-sig", errors="replace")
        except OSError:
            continue
        match = pattern.search(text)
        if match:
            return f"{path}:{text.count(chr(10), 0, match.start()) + 1}"
    return None
