"""Finding nodes of one kind in a page, in document order.

The extension's transforms look through every page about a dozen times. docutils' ``findall``
makes a generator for each node it passes and hands every node found up through one generator
per level; a plain recursive loop makes the same walk in half the time.

The walk does not enter substitution definitions: docutils leaves each definition in the
page, unshown, and puts a copy of its content at every use, so the copies are what a reader
sees and what is numbered, each use one citation site of its own.
"""

from __future__ import annotations

from typing import TypeVar

from docutils import nodes

T = TypeVar("T")


def nodes_of(tree: nodes.Node, kind: type[T]) -> list[T]:
    """``tree`` itself and every node under it that is a ``kind``, in document order, outside
    substitution definitions."""
    found: list[T] = [tree] if isinstance(tree, kind) else []
    _collect(tree, kind, found)
    return found


def _collect(node: nodes.Node, kind: type[T], found: list[T]) -> None:
    for child in node.children:
        if isinstance(child, kind):
            found.append(child)
        if child.children and not isinstance(child, nodes.substitution_definition):
            _collect(child, kind, found)
