"""Registering the extension's nodes with every writer it supports, in one place."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

WRITERS = ("html", "latex", "text", "man", "texinfo")
Visitors = tuple[Any, Any]


def skip(self: Any, node: nodes.Element) -> None:
    """A placeholder left unreplaced (a builder that skips post-transforms) renders nothing."""
    raise nodes.SkipNode


def pass_through(self: Any, node: nodes.Element) -> None:
    """The writer renders the node's children as if the node were not there."""


def add_node(app: Sphinx, node_class: type[nodes.Element], html: Visitors, others: Visitors,
             **by_writer: Visitors) -> None:  # fmt: skip
    """``html`` for the HTML writers, ``others`` for the rest, unless a writer is named."""
    visitors = {
        writer: by_writer.get(writer, html if writer == "html" else others) for writer in WRITERS
    }
    app.add_node(node_class, **visitors)  # type: ignore[arg-type]


def add_placeholder(app: Sphinx, node_class: type[nodes.Element]) -> None:
    add_node(app, node_class, html=(skip, None), others=(skip, None))
