"""Pieces of a formatted reference, put side by side without pybtex's ``Text``.

pybtex merges the parts of every ``Text`` it creates, and unpacks any ``Text`` placed in
another: a reference assembled from nested ``Text`` objects was merged again at every level,
which was half the time of formatting it. A :class:`Concat` is only the parts in order; the
one ``Text`` made at the end unpacks it, so it holds exactly what the nested ones would have.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeAlias, cast

from pybtex.richtext import BaseText, String, Text


class Concat(tuple["Part | str", ...]):
    """Parts in order, as the ``Text`` they end up in unpacks them; its ``str`` is their
    plain text, like a ``Text``'s. Always flat: :func:`concat` splices nested ones."""

    __slots__ = ()

    def __str__(self) -> str:
        return "".join(str(part) for part in self)

    def __bool__(self) -> bool:
        # As a Text's: true when there is text, not when there are parts.
        return any(self)


# Any piece of a reference: pybtex rich text (String, Tag, HRef, Text) or a Concat of them.
Part: TypeAlias = BaseText | Concat


def concat(*parts: Part | str) -> Concat:
    return Concat(unpacked(parts))


def unpacked(parts: Iterable[Part | str]) -> Iterator[Part | str]:
    for part in parts:
        if isinstance(part, Concat):
            yield from part
        else:
            yield part


def rich_text(parts: Iterable[Part | str]) -> Text:
    """The pybtex ``Text`` of ``parts``: the only one a reference needs.

    Neighbouring plain strings go in joined: pybtex would merge them into one ``String``
    anyway, at a few microseconds a part, and a reference has a dozen of them (names,
    separators, dates).
    """
    joined: list[Part | str] = []
    run: list[str] = []
    for part in unpacked(parts):
        if isinstance(part, str):
            run.append(part)
        elif type(part) is String:  # a subclass may merge differently
            run.append(cast("String", part).value)
        else:
            if run:
                joined.append("".join(run))
                run = []
            joined.append(part)
    if run:
        joined.append("".join(run))
    return Text(*joined)
