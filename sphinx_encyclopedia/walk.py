"""Finding nodes of one kind in a page, in document order.

The extension's transforms look through every page about a dozen times. docutils' ``findall``
makes a generator for each node it passes and hands every node found up through one generator
per level; a plain recursive loop makes the same walk in half the time.
"""

from __future__ import annotations

from typing import TypeVar

from docutils import nodes

T = TypeVar("T")


def nodes_of(tree: nodes.Node, kind: type[T]) -> list[T]:
    """``tree`` itself and every node under it that is a ``kind``, in document order."""
    found: list[T] = [tree] if isinstance(tree, kind) else []
    _collect(tree, kind, found)
    return found


def _collect(node: nodes.Node, kind: type[T], found: list[T]) -> None:
    for child in node.children:
        if isinstance(child, kind):
            found.append(child)
        if child.children:
            _collect(child, kind, found)
