"""Gauges, documented with autodoc: docstrings in Google and NumPy style that cite sources."""

from __future__ import annotations


def scale(value: float, factor: float = 2.0) -> float:
    """Scale a reading, as the study recommends. :citation:`smith2020`

    Args:
        value: The reading; why it needs scaling is explained elsewhere. :citation:`doe2021`
        factor: How much to scale it by.

    Returns:
        The scaled reading.
    """
    return value * factor


class Gauge:
    """A gauge that reads a widget.

    Parameters
    ----------
    name : str
        What the gauge is called, after the report's usage. :citation:`org2023`
    """

    def __init__(self, name: str) -> None:
        self.name = name

    def read(self) -> float:
        """The current reading, calibrated as the textbook shows. :citation:`smith2020`"""
        return 0.0
