"""Formats bib entries into docutils nodes with the configured pybtex style.

The style is created once per build and each entry is formatted once per build: pybtex's
plugin lookup scans every installed distribution's entry points, and formatting costs far more
than copying the nodes it produced.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

import pybtex.plugin
import pybtex_docutils
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .citations import bibdata
from .cs1 import DATE_FORMATS, WikipediaStyle, source_kind
from .diagnostics import warn

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


class ReferenceFormatter:
    """Per-build cache of formatted references, keyed by canonical bib key."""

    def __init__(self, env: BuildEnvironment) -> None:
        self.style = load_style(env)
        self.backend = pybtex_docutils.Backend()
        self._source: BibData | None = None
        self._rendered: dict[str, list[nodes.Node]] = {}

    def reference_text(self, env: BuildEnvironment, key: str, location: Any) -> nodes.inline:
        """Fresh nodes for the formatted reference of ``key``, wrapped in an element whose
        classes name the kind of source; ``location`` is where a formatting error is shown."""
        data = bibdata(env)
        if data is not self._source:
            self._source, self._rendered = data, {}
        if key not in self._rendered:
            self._rendered[key] = self._format(data, key, location)
        kind = source_kind(data.data.entries[key])
        return nodes.inline(
            "",
            "",
            *(node.deepcopy() for node in self._rendered[key]),
            classes=["enc-reference-text", "citation", kind],
        )

    def _format(self, data: BibData, key: str, location: Any) -> list[nodes.Node]:
        entry = data.data.entries[key]
        try:
            formatted = self.style.format_entry("", entry)
            return list(formatted.text.render(self.backend))
        except Exception as error:  # a style's failure on one entry must not stop the build
            warn(f"citation style failed on {key!r}: {error}", "format-error", location)
            return [nodes.strong(key, key)]


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
