"""Keeps the garbage collector off the objects that live through the whole build.

Sphinx's heap holds the configuration, the extensions, sphinxcontrib-bibtex's parsed bib files
(a million objects at 10,000 entries) and the environment, and after a serial read it also
holds every page's doctree until that page is written. Writing an article allocates a great
deal (its references list, its entries formatted once per build), and each full collection
that set off walked that whole heap again: at 1,000 articles from 10,000 entries the write
phase took a third longer than it needed to.

So, for the length of a build:

- objects that exist when reading starts are frozen (``gc.freeze``): left out of collections,
  not out of memory;
- when reading ends, Sphinx's in-memory doctrees are dropped (each page is unpickled from the
  doctree directory when it is written, as parallel builds always do), the garbage of the
  read is collected, and what is left (the merged environment among it) is frozen as well;
- when the build finishes, with or without an error, everything is unfrozen.

Objects made while reading or writing are collected as usual, so memory goes down, not up:
pages are no longer all held until written. A host that froze objects itself or turned the
collector off is left alone.
"""

from __future__ import annotations

import gc
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

_frozen_by: set[int] = set()  # the application whose build froze the heap, while it is frozen


def freeze_before_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    if _frozen_by or not gc.isenabled() or gc.get_freeze_count():
        return
    gc.freeze()
    _frozen_by.add(id(app))


def freeze_before_writing(app: Sphinx, env: BuildEnvironment) -> None:
    if id(app) not in _frozen_by:
        return
    gc.unfreeze()
    # A private cache of Sphinx's: without it, each page is read from its pickle when it is
    # written. Should it change name, pages stay in memory and are merely left unfrozen.
    cache: Any = getattr(env, "_write_doc_doctree_cache", None)
    if isinstance(cache, dict):
        cache.clear()
    elif cache:
        _frozen_by.discard(id(app))
        return
    gc.collect()  # doctrees are cyclic (children know their parents): frozen, never freed
    gc.freeze()


def unfreeze(app: Sphinx, exception: BaseException | None) -> None:
    if id(app) in _frozen_by:
        _frozen_by.discard(id(app))
        gc.unfreeze()


def setup_collector(app: Sphinx) -> None:
    # After sphinxcontrib-bibtex has parsed the bib files (builder-inited) and the parallel
    # set-up has wrapped them (env-before-read-docs, default priority).
    app.connect("env-before-read-docs", freeze_before_reading, priority=900)
    app.connect("env-updated", freeze_before_writing, priority=900)
    app.connect("build-finished", unfreeze, priority=900)
