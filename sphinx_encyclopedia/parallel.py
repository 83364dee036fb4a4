"""Parallel builds (``-j N``): the bib data goes back to the main process by reference, and
the long-lived objects of the main process are kept out of the garbage collector's way.

After each chunk of documents, Sphinx pickles the worker's whole environment back to the main
process. sphinxcontrib-bibtex keeps the parsed bib files in it; they are read-only once the
builder has started, and the main process already holds them, since workers are forked from it.
At 10,000 entries, pickling them again for every chunk made ``-j 2`` slower than ``-j 1``. A
worker now sends a token that the main process turns back into its own copy. The environment
saved to disk still holds the data itself.

In a parallel build the main process spends its time unpickling what workers send back and
resolving pages for them, and every full collection it runs walks the whole heap: the bib
data, the merged environment. With ``-j 2`` at 10,000 entries that made it no faster than
``-j 1``. So for the length of a parallel build those objects are frozen (``gc.freeze``, as
CPython's documentation advises before forking): left out of collections, not of memory, and
unfrozen when the build finishes. Objects made during the build are collected as usual. A
serial build is left alone: there every doctree stays in memory from reading to writing, and
freezing them would keep each one until the end instead of freeing it once written.
"""

from __future__ import annotations

import gc
import os
from typing import Any

from sphinx.application import Sphinx
from sphinx.util.parallel import parallel_available
from sphinxcontrib.bibtex.bibfile import BibData

# token -> (the process that owns the data, the data); forked workers inherit it
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
    domain = env.get_domain("cite")
    data = domain.data.get("bibdata")
    if not isinstance(data, BibData):  # sphinxcontrib-bibtex changed its layout: leave it be
        return
    shared = data if isinstance(data, SharedBibData) else SharedBibData(*data)
    _shared.clear()  # one build's data at a time; an earlier build's may be freed
    _shared[id(shared)] = (os.getpid(), shared)
    domain.data["bibdata"] = shared


_frozen_by: set[int] = set()  # id of the application that froze the heap, while it is frozen


def freeze_for_parallel_read(app: Sphinx, env: Any, docnames: list[str]) -> None:
    if app.parallel <= 1 or not parallel_available or not docnames:
        return
    # As app.is_parallel_allowed("read") decides, without repeating the warnings it gives.
    if not all(getattr(ext, "parallel_read_safe", None) for ext in app.extensions.values()):
        return
    # A host that froze objects itself, or turned the collector off, knows better.
    if _frozen_by or not gc.isenabled() or gc.get_freeze_count():
        return
    gc.freeze()
    _frozen_by.add(id(app))


def refreeze_for_writing(app: Sphinx, env: Any) -> None:
    if id(app) not in _frozen_by:
        return
    gc.unfreeze()
    # Pages read in the main process stay in memory until written: frozen, they would stay
    # until the end. Read in workers, they are unpickled one by one while writing.
    if getattr(env, "_write_doc_doctree_cache", None):
        _frozen_by.discard(id(app))
        return
    gc.freeze()  # now with the merged environment


def unfreeze(app: Sphinx, exception: BaseException | None) -> None:
    if id(app) in _frozen_by:
        _frozen_by.discard(id(app))
        gc.unfreeze()


def setup_parallel(app: Sphinx) -> None:
    # Before reading starts, after sphinxcontrib-bibtex has parsed the bib files (builder-inited).
    app.connect("env-before-read-docs", share_bib_data)
    app.connect("env-before-read-docs", freeze_for_parallel_read, priority=900)
    app.connect("env-updated", refreeze_for_writing, priority=900)
    app.connect("build-finished", unfreeze, priority=900)
