"""Dials, documented with autodoc and no citations."""

from __future__ import annotations


def turn(angle: int, clockwise: bool = True) -> int:
    """Turn a dial.

    Args:
        angle: By how many degrees.
        clockwise: Which way.

    Returns:
        The new position.
    """
    return angle if clockwise else -angle
