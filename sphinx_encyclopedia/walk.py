"""Finding nodes of one kind in a page, in document order.

The extension's transforms look through every page about a dozen times. docutils' ``findall``
makes a generator for each node it passes and hands every node found up through one generator
per level; a plain recursive loop makes the same walk in half the time.

The walk does not enter substitution definitions: docutils leaves each definition in the
page, unshown, and puts a copy of its content at every use, so the copies are what a reader
sees and what is numbered, each use one citation site of its own.
"""

from __future__ import annotations

from typing import Any, TypeVar, overload

from docutils import nodes

T = TypeVar("T")


@overload
def nodes_of(tree: nodes.Node, kind: type[T]) -> list[T]: ...
@overload
def nodes_of(tree: nodes.Node, kind: tuple[type, ...]) -> list[Any]: ...
def nodes_of(tree: nodes.Node, kind: Any) -> list[Any]:
    """``tree`` itself and every node under it that is a ``kind`` (or one of a tuple of
    kinds: one walk where a transform needs several), in document order, outside
    substitution definitions."""
    found: list[Any] = [tree] if isinstance(tree, kind) else []
    _collect(tree, kind, found)
    return found


def _collect(node: nodes.Node, kind: Any, found: list[Any]) -> None:
    for child in node.children:
        if isinstance(child, kind):
            found.append(child)
        if child.children and not isinstance(child, nodes.substitution_definition):
            _collect(child, kind, found)


def contains(tree: nodes.Node, kind: type) -> bool:
    """Whether ``tree`` or any node under it, substitution definitions included, is a
    ``kind``: ``any(tree.findall(kind))`` without docutils' generator for every node, since
    what is looked for this way (a combined page's ``start_of_file``) is mostly absent and
    the whole page is walked."""
    return isinstance(tree, kind) or _contains(tree, kind)


def _contains(node: nodes.Node, kind: type) -> bool:
    for child in node.children:
        if isinstance(child, kind) or (child.children and _contains(child, kind)):
            return True
    return False
