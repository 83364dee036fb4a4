"""Numbers and ids of references, shared by the references lists and the sources index."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from docutils import nodes


@lru_cache(maxsize=1024)  # every marker asks; docutils' make_id is a chain of regexes
def id_prefix(docname: str, segment: int) -> str:
    # The docname keeps ids unique when several articles share one output page (singlehtml,
    # LaTeX); the segment when one article has several lists.
    slug = nodes.make_id(docname) or "article"
    return f"{slug}-{segment}" if segment else slug


def item_id(docname: str, segment: int, number: int) -> str:
    """The id of a references-list item: also the anchor other pages link to."""
    return f"cite-note-{id_prefix(docname, segment)}-{number}"


def site_id(docname: str, segment: int, number: int, index: int) -> str:
    return f"cite-ref-{id_prefix(docname, segment)}-{number}-{index}"


#: A citation site as the domain records it: the key, which references list of the article
#: collects it, and a short citation's locator (None for a full citation).
Site = tuple[str, int, "str | None"]


def reference_numbers(sites: Iterable[Site]) -> dict[Site, int]:
    """Number the list items: per list, in order of first citation; a short citation's
    locator makes an item of its own."""
    numbers: dict[Site, int] = {}
    counts: dict[int, int] = {}
    for site in sites:
        if site not in numbers:
            counts[site[1]] = numbers[site] = counts.get(site[1], 0) + 1
    return numbers
