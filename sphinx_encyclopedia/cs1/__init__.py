"""Wikipedia's Citation Style 1 (CS1) for pybtex, registered as the ``wikipedia`` style."""

from __future__ import annotations

from .identifiers import is_safe_url
from .kinds import source_kind
from .style import WikipediaStyle, join_parts
from .text import DATE_FORMATS, clean_latex

__all__ = [
    "DATE_FORMATS",
    "WikipediaStyle",
    "clean_latex",
    "is_safe_url",
    "join_parts",
    "source_kind",
]
