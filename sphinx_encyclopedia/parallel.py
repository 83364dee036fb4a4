"""Parallel reads (``-j N``) send the parsed bib data back to the main process by reference.

After each chunk of documents, Sphinx pickles the worker's whole environment back to the main
process. sphinxcontrib-bibtex keeps the parsed bib files in it; they are read-only once the
builder has started, and the main process already holds them, since workers are forked from it.
At 10,000 entries, pickling them again for every chunk made ``-j 2`` slower than ``-j 1``. A
worker now sends a token that the main process turns back into its own copy. The environment
saved to disk still holds the data itself.
"""

from __future__ import annotations

import os
from typing import Any

from sphinx.application import Sphinx
from sphinxcontrib.bibtex.bibfile import BibData

from .citations import bibdata
from .compat import store_bibdata

# token -> (the process that owns the data, the data); forked workers inherit it. Unpickling
# reaches only module-level names, so the token is resolved here; it holds one build's data.
_shared: dict[int, tuple[int, BibData]] = {}


class SharedBibData(BibData):
    """:class:`BibData` that pickles to a token in a forked worker."""

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, ...]:
        owner, _ = _shared.get(id(self), (None, None))
        if owner is not None and owner != os.getpid():
            return _resolve, (id(self),)
        return BibData, tuple(self)


def _resolve(token: int) -> BibData:
    return _shared[token][1]


def share_bib_data(app: Sphinx, env: Any, docnames: list[str]) -> None:
    data = bibdata(env)
    if not isinstance(data, BibData):  # sphinxcontrib-bibtex changed its layout: leave it be
        return
    shared = data if isinstance(data, SharedBibData) else SharedBibData(*data)
    _shared.clear()  # one build's data at a time; an earlier build's may be freed
    _shared[id(shared)] = (os.getpid(), shared)
    store_bibdata(env, shared)


def setup_parallel(app: Sphinx) -> None:
    # Before reading starts, after sphinxcontrib-bibtex has parsed the bib files (builder-inited).
    app.connect("env-before-read-docs", share_bib_data)
