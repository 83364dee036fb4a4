"""Keeps the garbage collector off the objects that live through the whole build.

Sphinx's heap holds the configuration, the extensions, sphinxcontrib-bibtex's parsed bib files
(some 300,000 objects at 10,000 entries) and the environment, and a serial read also keeps every
page's doctree in memory until that page is written. Each full collection walked that whole
heap again, and the heap only grew: at 1,000 articles from 10,000 entries the collector took
about a third of the build.

So, for the length of a build:

- objects that exist when reading starts are frozen (``gc.freeze``): left out of collections,
  not out of memory;
- while reading, what each few pages add is frozen in turn, Sphinx's in-memory copies of
  the pages among it (a serial read keeps each page until it is written). Pages are cyclic,
  each node knowing its parent and its document, and a frozen cycle outlives its use. So,
  when a builder writes page by page, each page is cut once written (when the next page is
  resolved, as Sphinx and the handlers are done with it): its nodes' links up are cut and
  its document's lists and mappings emptied, and reference counting frees it, frozen or not.
  A node detached from the page before (a resolved cross-reference replaces its pending
  node) is not reached; one with children stays, frozen, until the build ends. Builders
  that put pages together themselves (LaTeX, single-page HTML) and parallel writes unpickle
  what they write: Sphinx's copies are cut and dropped when writing starts. (Dropping each
  copy while reading and unpickling each page to write it, as this module did before, made
  a build of 200 articles 4.9 s instead of 4.6 s: the unpickling, and collecting what it
  made.)
- in a parallel read (``-j N``), each worker sends back its whole environment, which the main
  process unpickles, merges and drops: at 1,000 articles, some 40 MB of pickles. Unpickling
  them set off full collections that walked all that was merged before, most of the main
  process's reading time. So the main process reads with the collector off; after each
  chunk is merged it empties the worker's environment, collects its cyclic remains and
  freezes what the merge kept. Workers, forked from it, turn the collector back on;
- once the environment is pickled (pickling gives many objects a ``__dict__`` object of
  their own, a hundred thousand at 10,000 entries), the garbage of the read is collected and
  what is left, the merged environment among it, is frozen as well;
- while pages are written one after the other, full collections wait for the page in hand to
  be written. A page's objects all live until then, and resolving a toctree makes many at
  once: the index of 1,000 articles copies their 54,000 table-of-contents nodes, and with
  the heap frozen, a full collection came each time the burst grew by a quarter, seven of
  them walking it, 1.1 s of a 3.7 s incremental build. The collection that was due runs
  between pages; and every few pages, what writing has added and keeps (the search index,
  Sphinx's and the theme's caches) is collected and frozen, as while reading: with furo,
  whose every page carries the site's navigation, full collections walking it took 1.7 s
  of the writing of 200 articles, 1.1 s after;
- in a parallel write (``-j N``) the main process resolves every page and forks a worker for
  each chunk of them; a chunk's pages live here until the next worker is forked, and are
  garbage after. Left to its rule (a full collection whenever the long-lived objects grew by
  a quarter), the collector walked the chunks held some four times each: at 1,000 articles,
  42 full collections, 4.5 s of the main process's 12 s of writing, which the single worker
  of ``-j 2`` waited for. So full collections wait for the next fork, and one runs just
  after it, in the main process: it frees the chunk finished before and walks the one just
  handed over (2.7 s). Workers get the collector's usual thresholds back, and freeze what
  they inherit, which lives until they exit: the main process resolves chunks ahead of the
  worker writing, and each full collection in a worker walked every chunk resolved by then
  (with furo, 4.3 s of collections in the workers writing 200 articles, 1.7 s after);
- when the build finishes, with or without an error, everything is unfrozen.

An incremental build first loads the saved environment (the heap then holds 730,000 objects
at 1,000 articles), which set off seven full collections, each walking all loaded so far:
0.6 s of a 3.8 s rebuild. So the collector is off while Sphinx loads it, and what is loaded
is frozen as the builder is set up. (The old data of a page read again, which Sphinx drops
just before reading it, is frozen with the rest and stays in memory until the build ends, as
it did when the heap was first frozen as reading started.)

Objects made while reading or writing are collected as usual, so memory goes down, not up. A
host that froze objects itself or turned the collector off is left alone, and so is every build
of a site that sets ``encyclopedia_freeze_gc = False``.
"""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import ENV_PICKLE_FILENAME, Sphinx
from sphinx.builders import Builder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util.build_phase import BuildPhase

# The application whose build froze the heap, while it is frozen (one at a time), with the
# pages it has read since it last froze.
_pages_since_freezing: dict[int, int] = {}
FREEZE_EVERY = 32  # pages read; each time, the collector walks only what they added
FREEZE_EVERY_WRITTEN = 32  # pages written one by one, likewise
# The process that turned the collector off for a parallel read, while it is off.
_paused_in_process: list[int] = []
# The application whose saved environment is being loaded with the collector off.
_loading: list[int] = []
# The application that froze what loading made, with the count it froze, until reading starts.
_frozen_when_loaded: dict[int, int] = {}
# The application writing pages one by one, with the page it wrote last, still to be cut.
_written_before: dict[int, nodes.document] = {}
# The application writing pages one by one, with the pages it has resolved since it last froze.
_resolved_since_freezing: dict[int, int] = {}
RESOLVING = BuildPhase.RESOLVING
# The application writing pages with full collections held back, with the threshold held.
_held_threshold: dict[int, int] = {}
HELD = 2**30  # full collections wait for more collections of the younger generations than this


@dataclass
class _HeldUntilFork:
    full_threshold: int  # as it was before it was held
    pages: int = 0  # resolved since the last fork


# The application resolving pages for a parallel write in this process, with the threshold of
# full collections held back until the next worker is forked and the pages resolved since.
_held_until_fork: dict[int, _HeldUntilFork] = {}
# Sphinx writes chunks of sqrt(10 x pages / workers) pages: 316 for 10,000 pages and -j 2.
PAGES_WITHOUT_FORK = 512
# An incremental collector has no full collections to hold back; it reports its third
# threshold as 0.
HOLDS_FULL_COLLECTIONS = gc.get_threshold()[2] != 0


def pause_while_loading(app: Sphinx, config: Config) -> None:
    """Before Sphinx loads the saved environment, once the configuration is read."""
    _forget_unfinished_builds()
    if not config.encyclopedia_freeze_gc or not gc.isenabled() or gc.get_freeze_count():
        return
    if not (Path(app.doctreedir) / ENV_PICKLE_FILENAME).exists():
        return  # nothing to load: a fresh build freezes when reading starts
    gc.disable()
    _loading.append(id(app))


def freeze_what_loading_made(app: Sphinx) -> None:
    """Once the builder is set up, before any handler of builder-inited."""
    if id(app) not in _loading:
        return
    _loading.remove(id(app))
    if not app.env.all_docs:
        # A fresh environment after all (-E, or a saved one Sphinx could not use, which is
        # garbage now): what was made since the collector went off is all that is walked.
        gc.collect(0)
    gc.freeze()
    gc.enable()
    _pages_since_freezing[id(app)] = 0
    _frozen_when_loaded[id(app)] = gc.get_freeze_count()


def _forget_unfinished_builds() -> None:
    """An application that loaded its environment but never built (or failed before building)
    leaves the collector to the next one as it found it."""
    if _loading:
        _loading.clear()
        gc.enable()
    if _frozen_when_loaded:
        _frozen_when_loaded.clear()
        _pages_since_freezing.clear()
        gc.unfreeze()


def freeze_before_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    if id(app) in _frozen_when_loaded:
        _freeze_before_reading_again(app)
        return
    if not app.config.encyclopedia_freeze_gc:
        return
    if _pages_since_freezing or not gc.isenabled() or gc.get_freeze_count():
        return
    gc.freeze()
    _pages_since_freezing[id(app)] = 0


def _freeze_before_reading_again(app: Sphinx) -> None:
    frozen_when_loaded = _frozen_when_loaded.pop(id(app))
    if gc.isenabled() and gc.get_freeze_count() <= frozen_when_loaded:
        gc.freeze()  # with what was made since loading: a changed bib file, parsed again
        return
    # The host has frozen objects or turned the collector off since it set the application
    # up: the build leaves the collector to it, as if it had done so before.
    del _pages_since_freezing[id(app)]
    if gc.get_freeze_count() <= frozen_when_loaded:
        gc.unfreeze()


def _cached_doctrees(env: BuildEnvironment) -> dict[str, nodes.document] | None:
    """Sphinx's private cache of pages read but not yet written ({} if Sphinx has none);
    None if it holds pages some other way, which this module cannot reach to cut."""
    cache: Any = getattr(env, "_write_doc_doctree_cache", None)
    if isinstance(cache, dict):
        return cache
    return None if cache else {}


def freeze_what_reading_keeps(app: Sphinx, docname: str, source: list[str]) -> None:
    """Before each page is read: every few pages, collect and freeze what the pages before
    have added to the environment, their doctrees among it."""
    if _paused_in_process and _paused_in_process[0] != os.getpid():
        _resume_collector()  # a worker forked while the main process was merging
    if id(app) not in _pages_since_freezing or _cached_doctrees(app.env) is None:
        # Sphinx may hold pages somewhere this module cannot reach to cut them: not frozen,
        # they are freed as Sphinx drops them.
        return
    count = _pages_since_freezing[id(app)] + 1
    if count < FREEZE_EVERY:
        _pages_since_freezing[id(app)] = count
        return
    _pages_since_freezing[id(app)] = 0
    gc.collect()  # only what is not frozen: the pages since, and their garbage
    gc.freeze()


def freeze_what_merging_keeps(
    app: Sphinx, env: BuildEnvironment, docnames: Any, other: BuildEnvironment
) -> None:
    """In the main process of a parallel read, after a worker's chunk has been merged."""
    # An environment that came through pickling has no event manager; one still in use does.
    if id(app) not in _pages_since_freezing or getattr(other, "events", True) is not None:
        return
    if not _paused_in_process:
        gc.disable()  # for the unpickling of the chunks still to come
        _paused_in_process.append(os.getpid())
    # Sphinx drops the worker's environment once merged, but it would be alive, and frozen
    # with the rest, here. Emptied, its acyclic part is freed at once (what the merge took
    # stays referenced from this environment) and its cycles are left for the collection.
    other.__dict__.clear()
    gc.collect()
    gc.freeze()


def _resume_collector() -> None:
    if _paused_in_process:
        _paused_in_process.clear()
        gc.enable()


def freeze_before_writing(app: Sphinx, env: BuildEnvironment) -> None:
    if id(app) not in _pages_since_freezing:
        return
    _resume_collector()
    if _cached_doctrees(env) is None:
        # Pages stay in memory until written; frozen, they would stay until the end.
        unfreeze(app, None)
        return
    gc.collect()
    gc.freeze()


def collect_between_pages(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Once each page is resolved (the last handler), while pages are written one by one:
    run the full collection held back while the page before was written, then hold them
    back while this one is."""
    collected = _release_full_collections(app, collect_if_due=True)
    phase = getattr(app, "phase", None)
    if id(app) not in _pages_since_freezing or phase not in (RESOLVING, BuildPhase.WRITING):
        return
    if _free_pages_written(app, doctree, phase):
        _freeze_what_writing_keeps(app, collected)
    if not HOLDS_FULL_COLLECTIONS:
        return
    if not gc.isenabled():
        return
    if getattr(app.builder, "parallel_ok", False):
        _hold_until_the_next_fork(app)
        return
    _held_threshold[id(app)] = _set_full_threshold(HELD)


def _free_pages_written(app: Sphinx, doctree: nodes.document, phase: BuildPhase) -> bool:
    """Cut the page written before this one was resolved; or, for a builder that does not
    write page by page from Sphinx's copies, cut and drop the copies. Whether pages are
    written one by one here."""
    if phase is not RESOLVING:
        return False  # a page resolved while another is written: that one is not done with
    builder = app.builder
    if getattr(builder, "parallel_ok", False) or not _writes_page_by_page(builder):
        cache = _cached_doctrees(app.env) or {}
        for unwritten in cache.values():
            _cut_cycles(unwritten)
        cache.clear()
        return False
    written = _written_before.pop(id(app), None)
    if written is not None and written is not doctree:
        _cut_cycles(written)
    _written_before[id(app)] = doctree
    return True


def _freeze_what_writing_keeps(app: Sphinx, collected: bool) -> None:
    """Every few pages written one by one: freeze what writing them has added and keeps (the
    search index, Sphinx's and the theme's caches), which every full collection walked
    again. The page about to be written is frozen with it, and cut once written."""
    count = _resolved_since_freezing.get(id(app), 0) + 1
    if count < FREEZE_EVERY_WRITTEN or not gc.isenabled():
        _resolved_since_freezing[id(app)] = count
        return
    _resolved_since_freezing[id(app)] = 0
    if not collected:
        gc.collect()
    gc.freeze()


def _writes_page_by_page(builder: Builder) -> bool:
    """Whether the builder writes each page as Sphinx resolves it, one after the other (HTML
    and its kin, text, XML); LaTeX, Texinfo, manual pages and single-page HTML put pages
    together themselves."""
    return type(builder).write_documents is Builder.write_documents


def _cut_cycles(doctree: nodes.document) -> None:
    """Cut a page's links up, from each node to its parent and to the document, and empty
    the document's lists and mappings (children, ids, names, footnotes, …), which may hold
    nodes no longer in the tree: what is left is a tree reference counting frees. A node
    still held elsewhere keeps its children."""
    stack: list[nodes.Node] = [doctree]
    while stack:
        node = stack.pop()
        node.parent = None
        node._document = None
        if isinstance(node, nodes.Element):
            stack.extend(node.children)
    for name, value in vars(doctree).items():
        if isinstance(value, (list, dict)) and name != "attributes":
            value.clear()
    doctree.decoration = None


def _set_full_threshold(threshold: int) -> int:
    """Set the third generation's threshold; returns the one it replaces."""
    young, middle, full = gc.get_threshold()
    gc.set_threshold(young, middle, threshold)
    return full


def _hold_until_the_next_fork(app: Sphinx) -> None:
    """Each page resolved for a parallel write: hold full collections back until the next
    worker is forked, or, if no fork comes, for a chunk's worth of pages."""
    held = _held_until_fork.get(id(app))
    if held is None:
        held = _held_until_fork[id(app)] = _HeldUntilFork(_set_full_threshold(HELD))
    held.pages += 1
    if held.pages > PAGES_WITHOUT_FORK:  # a builder that writes here after all
        held.pages = 0
        if gc.get_count()[2] > held.full_threshold:
            gc.collect()


def _collect_after_forking() -> None:
    """In the main process, just after a worker was forked: the chunk of pages finished
    before is garbage now, and the worker has its own copy of the chunk handed over."""
    if not _held_until_fork or not gc.isenabled():
        return
    for held in _held_until_fork.values():
        held.pages = 0
    gc.collect()


def _give_the_worker_its_thresholds() -> None:
    """In a worker forked to write pages: it makes and drops its own garbage, collected as
    usual; what it inherits (the main process's heap, its chunk of pages) lives until it
    exits, and is frozen, so that its collections walk only what it makes."""
    if not _held_until_fork:
        return
    for held in _held_until_fork.values():
        _set_full_threshold(held.full_threshold)
    _held_until_fork.clear()
    if gc.isenabled():
        gc.freeze()


os.register_at_fork(
    after_in_parent=_collect_after_forking, after_in_child=_give_the_worker_its_thresholds
)


def _release_full_collections(app: Sphinx, collect_if_due: bool) -> bool:
    """Whether a full collection ran."""
    full = _held_threshold.pop(id(app), None)
    if full is None:
        return False
    _set_full_threshold(full)
    if collect_if_due and gc.get_count()[2] > full:
        gc.collect()
        return True
    return False


def unfreeze(app: Sphinx, exception: BaseException | None) -> None:
    # Garbage the last page left is the host's to collect, as plain Sphinx leaves it.
    _release_full_collections(app, collect_if_due=False)
    held = _held_until_fork.pop(id(app), None)
    if held is not None:
        _set_full_threshold(held.full_threshold)
    _resume_collector()
    _written_before.pop(id(app), None)  # unfrozen now, the collector frees it
    _resolved_since_freezing.pop(id(app), None)
    _frozen_when_loaded.pop(id(app), None)  # a build that failed before reading
    if _pages_since_freezing.pop(id(app), None) is not None:
        gc.unfreeze()


def setup_collector(app: Sphinx) -> None:
    # Changes how a build runs, never what it writes: no rebuild.
    app.add_config_value("encyclopedia_freeze_gc", True, "", types=[bool])
    # Last, once every handler has looked at the configuration; and first once the builder is
    # set up, before sphinxcontrib-bibtex parses the bib files.
    app.connect("config-inited", pause_while_loading, priority=999)
    app.connect("builder-inited", freeze_what_loading_made, priority=0)
    # After sphinxcontrib-bibtex has parsed the bib files (builder-inited) and the parallel
    # set-up has wrapped them (env-before-read-docs, default priority).
    app.connect("env-before-read-docs", freeze_before_reading, priority=900)
    app.connect("source-read", freeze_what_reading_keeps, priority=900)
    # Last, once every handler has taken what it needs from the worker's environment.
    app.connect("env-merge-info", freeze_what_merging_keeps, priority=999)
    # Sphinx emits it after pickling the environment, before writing, whenever a page was
    # read or is outdated; with nothing to write, the heap stays as frozen before reading.
    app.connect("env-check-consistency", freeze_before_writing, priority=900)
    app.connect("doctree-resolved", collect_between_pages, priority=999)
    app.connect("build-finished", unfreeze, priority=900)
