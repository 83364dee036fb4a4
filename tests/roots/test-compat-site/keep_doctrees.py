"""A local extension that keeps every page's doctree from ``doctree-resolved`` until
``build-finished``, as extensions that gather something from all pages at the end do, and
checks that none of them changed meanwhile.

When a page is resolved (last of the handlers), its doctree is kept with a fingerprint of
what it holds: each node's class, attributes and text in document order, the document's ids
and names, and whether every node still knows its parent and its document. What Sphinx itself
changes after ``doctree-resolved`` is left out: what toctree wrappers hold (Sphinx resolves
the toctrees then), the titles of admonitions (the HTML writer gives a note its "Note"), and
the attributes writers set (``classes`` of field lists, ``ids`` of sphinx-design's tabs,
``highlight_args`` of code blocks).

When the build finishes, the fingerprints are taken again. The result is written to
``keep-doctrees.json`` in the doctree directory, ``{"kept": [docnames], "changed":
{docname: {"before": ..., "after": ...}}}``, and left on ``app.kept_doctrees``; ``BUILDS``
holds each build's record, for builds that stop before ``build-finished`` (a
KeyboardInterrupt), so that a test can check their pages too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docutils import nodes

#: One record per build in this process, newest last; a test empties it.
BUILDS: list[Kept] = []
# Attributes writers set on nodes as they write them.
SET_WHILE_WRITING = frozenset({"classes", "ids", "highlight_args"})


def _walk(doctree: nodes.document) -> Iterator[tuple[nodes.Node, nodes.Node | None]]:
    """Each node with the parent it was reached from, but for what Sphinx changes itself."""
    stack: list[tuple[nodes.Node, nodes.Node | None]] = [(doctree, None)]
    while stack:
        node, parent = stack.pop()
        if isinstance(node, nodes.title) and isinstance(parent, nodes.Admonition):
            continue
        yield node, parent
        if isinstance(node, nodes.Element) and not (
            isinstance(node, nodes.compound) and "toctree-wrapper" in node["classes"]
        ):
            stack.extend((child, node) for child in reversed(node.children))


def fingerprint(doctree: nodes.document) -> dict[str, Any]:
    shape = hashlib.sha256()
    count = 0
    intact = True
    for node, parent in _walk(doctree):
        count += 1
        shape.update(type(node).__name__.encode() + b"\0")
        if isinstance(node, nodes.Text):
            shape.update(str(node).encode() + b"\0")
        elif isinstance(node, nodes.Element):
            attributes = {
                name: value
                for name, value in node.attributes.items()
                if name not in SET_WHILE_WRITING
            }
            shape.update(repr(sorted(attributes.items())).encode() + b"\0")
        if parent is not None and (node.parent is not parent or node.document is not doctree):
            intact = False
    return {
        "nodes": count,
        "shape": shape.hexdigest(),
        "ids": sorted(doctree.ids),
        "names": sorted(doctree.nameids),
        "intact": intact,
    }


class Kept:
    def __init__(self) -> None:
        self.doctrees: list[tuple[str, nodes.document, dict[str, Any]]] = []

    def keep(self, docname: str, doctree: nodes.document) -> None:
        self.doctrees.append((docname, doctree, fingerprint(doctree)))

    def report(self) -> dict[str, Any]:
        changed = {}
        for docname, doctree, before in self.doctrees:
            after = fingerprint(doctree)
            if after != before:
                changed[docname] = {"before": before, "after": after}
        return {"kept": [docname for docname, _, _ in self.doctrees], "changed": changed}


def start(app: Any) -> None:
    app.kept_doctrees = Kept()
    BUILDS.append(app.kept_doctrees)


def keep(app: Any, doctree: nodes.Node, docname: str) -> None:
    # Pages only: sphinx.ext.todo resolves each copy of a todo in its todolist inside a
    # document of its own, which it empties again; those reach doctree-resolved too.
    if isinstance(doctree, nodes.document) and doctree.get("source"):
        app.kept_doctrees.keep(docname, doctree)


def check(app: Any, exception: BaseException | None) -> None:
    report = app.kept_doctrees.report()
    path = Path(app.doctreedir) / "keep-doctrees.json"
    path.write_text(json.dumps(report, indent=1, sort_keys=True), encoding="utf-8")


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", start, priority=0)
    # Last, after every other handler has done with the page.
    app.connect("doctree-resolved", keep, priority=10_000)
    app.connect("build-finished", check, priority=10_000)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
