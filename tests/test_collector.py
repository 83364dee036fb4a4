"""Builds keep their long-lived objects out of the garbage collector's way, and give the
collector back as they found it."""

from __future__ import annotations

import gc
import shutil
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


def watch(app: Any) -> dict[str, int]:
    """The collector's frozen objects and Sphinx's cached doctrees when the first page is
    resolved, that is when writing starts; and, once the build has finished, how many of the
    pages resolved were cut (emptied) after they were written."""
    state: dict[str, int] = {}
    resolved: list[Any] = []

    def resolving(app: Any, doctree: Any, docname: str) -> None:
        state.setdefault("frozen", gc.get_freeze_count())
        state.setdefault("cached", len(app.env._write_doc_doctree_cache))
        resolved.append(doctree)

    def finished(app: Any, exception: Any) -> None:
        state["cut"] = sum(1 for doctree in resolved if not doctree.children)

    app.connect("doctree-resolved", resolving)
    app.connect("build-finished", finished)
    return state


def copied_sources(rootdir: Path, tmp_path: Path, name: str = "sources") -> Path:
    """A copy of the sources site, for a test that changes it or builds it more than once."""
    srcdir = Path(tmp_path) / name
    shutil.copytree(rootdir / "test-sources", srcdir)
    return srcdir


@pytest.fixture(autouse=True)
def unfrozen() -> Iterator[None]:
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    yield
    gc.unfreeze()  # whatever a failed test left behind
    gc.enable()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_freezes_while_it_writes_and_unfreezes_after(make_app, rootdir, tmp_path, jobs):
    srcdir = copied_sources(rootdir, tmp_path)
    app = make_app("html", srcdir=srcdir, parallel=jobs)
    state = watch(app)
    app.connect("env-updated", lambda app, env: state.update(read=gc.get_freeze_count()))
    app.build()
    assert app.warning.getvalue() == ""
    # What reading kept, the pickled environment among it, is frozen before writing starts.
    assert 0 < state["read"] < state["frozen"]
    pages = len(app.env.found_docs)
    if jobs == 1:  # Sphinx keeps the pages it read to write them; each is cut once written
        assert (state["cached"], state["cut"]) == (pages - 1, pages - 1)
    else:  # pages read in parallel come from their pickles, and go to the workers
        assert (state["cached"], state["cut"]) == (0, 0)
    assert gc.get_freeze_count() == 0


@pytest.mark.sphinx("html", testroot="sources", srcdir="sources-gc-host")
def test_objects_the_host_froze_stay_frozen_and_pages_stay_cached(app):
    state = watch(app)
    gc.freeze()
    frozen = gc.get_freeze_count()
    app.build()
    # Neither frozen again with the build's objects nor unfrozen (a few may have been freed).
    assert state["frozen"] <= frozen
    assert state["cached"] > 0 and state["cut"] == 0
    assert frozen * 0.9 < gc.get_freeze_count() <= frozen


@pytest.mark.sphinx("html", testroot="sources", srcdir="sources-gc-off")
def test_a_disabled_collector_is_left_alone(app):
    state = watch(app)
    gc.disable()
    try:
        app.build()
    finally:
        gc.enable()
    assert state["frozen"] == 0
    assert state["cached"] > 0 and state["cut"] == 0


@pytest.mark.sphinx("html", testroot="sources", srcdir="sources-gc-failure", parallel=2)
def test_a_failed_build_unfreezes_too(app):
    state = watch(app)

    def fail(*args: Any) -> None:
        raise RuntimeError("a handler failed")

    app.connect("doctree-resolved", fail)
    with pytest.raises(Exception, match="a handler failed"):
        app.build()
    assert state["frozen"] > 0
    assert gc.get_freeze_count() == 0


def test_reading_freezes_as_it_goes(make_app, rootdir, tmp_path, monkeypatch):
    from sphinx_encyclopedia import collector

    monkeypatch.setattr(collector, "FREEZE_EVERY", 2)
    srcdir = copied_sources(rootdir, tmp_path)
    app = make_app("html", srcdir=srcdir)
    read: list[tuple[int, int]] = []  # (pages Sphinx holds in memory, frozen objects)

    def doctree_read(app: Any, doctree: Any) -> None:
        read.append((len(app.env._write_doc_doctree_cache), gc.get_freeze_count()))

    app.connect("doctree-read", doctree_read)
    app.build()
    assert app.warning.getvalue() == ""
    assert len(read) == 6
    assert [cached for cached, _ in read] == list(range(6))  # as Sphinx keeps them
    frozen = [count for _, count in read]
    assert frozen[0] > 0
    # Frozen again before every second page is read: the second, the fourth, the sixth. In
    # between, the count only goes down, as frozen objects are freed.
    assert frozen[0] < frozen[1] >= frozen[2] < frozen[3] >= frozen[4] < frozen[5]
    assert gc.get_freeze_count() == 0


def test_writing_page_by_page_freezes_as_it_goes(make_app, rootdir, tmp_path, monkeypatch):
    from sphinx_encyclopedia import collector

    monkeypatch.setattr(collector, "FREEZE_EVERY_WRITTEN", 2)
    srcdir = copied_sources(rootdir, tmp_path)
    app = make_app("html", srcdir=srcdir)
    resolved: list[str] = []
    frozen_at: list[int] = []  # pages resolved when the heap was frozen while writing
    freeze = gc.freeze

    def watched_freeze() -> None:
        if resolved:
            frozen_at.append(len(resolved))
        freeze()

    monkeypatch.setattr(gc, "freeze", watched_freeze)
    app.connect("doctree-resolved", lambda app, doctree, docname: resolved.append(docname), 1)
    app.build()
    assert app.warning.getvalue() == ""
    assert len(resolved) == 6
    # The second, fourth and sixth page resolved: after the collector's cut of the page before.
    assert frozen_at == [2, 4, 6]
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize("builder", ["html", "text", "latex", "singlehtml"])
def test_pages_frozen_while_reading_are_freed_once_written(
    make_app, rootdir, tmp_path, builder, monkeypatch
):
    """Frozen, only reference counting can free a page: it does once the page is cut. A
    builder that writes page by page holds the last page written until the build ends; the
    other builders unpickle what they write, and Sphinx's copies are cut when writing starts.
    (docutils' parser holds on to a node of a page it read: at most that page stays.) The
    heap is frozen every second page written, so that pages frozen while writing are freed
    too."""
    from sphinx_encyclopedia import collector

    monkeypatch.setattr(collector, "FREEZE_EVERY_WRITTEN", 2)
    srcdir = copied_sources(rootdir, tmp_path)
    app = make_app(builder, srcdir=srcdir)
    articles: dict[str, weakref.ref[Any]] = {}  # each page's first node as read
    resolved: list[str] = []
    finished: list[tuple[int, set[str]]] = []

    def read(app: Any, doctree: Any) -> None:
        articles[app.env.docname] = weakref.ref(doctree[0])

    def finishing(app: Any, exception: Any) -> None:
        left = {docname for docname, node in articles.items() if node() is not None}
        finished.append((gc.get_freeze_count(), left))

    app.connect("doctree-read", read)
    app.connect("doctree-resolved", lambda app, doctree, docname: resolved.append(docname))
    app.connect("build-finished", finishing, priority=1)  # before the heap is unfrozen
    app.build()
    assert app.warning.getvalue() == ""
    assert len(articles) == 6
    frozen, left = finished[0]
    assert frozen > 0
    # Without the cut, all six would be there.
    page_by_page = builder in ("html", "text")
    assert len(left) <= (2 if page_by_page else 1), left
    if page_by_page:
        assert resolved[-1] in left
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize("builder", ["html", "text"])
def test_cutting_written_pages_changes_nothing_written(
    make_app, rootdir, tmp_path, builder, monkeypatch
):
    from sphinx_encyclopedia import collector

    monkeypatch.setattr(collector, "FREEZE_EVERY_WRITTEN", 2)  # and freezing as they are written
    written = {}
    for freeze in (True, False):
        srcdir = copied_sources(rootdir, tmp_path, f"sources-{freeze}")
        app = make_app(builder, srcdir=srcdir, confoverrides={"encyclopedia_freeze_gc": freeze})
        app.build()
        assert app.warning.getvalue() == ""
        app.cleanup()  # the next application registers its nodes anew
        out = Path(app.outdir)
        suffix = ".html" if builder == "html" else ".txt"
        written[freeze] = {
            path.relative_to(out): path.read_text() for path in sorted(out.rglob(f"*{suffix}"))
        }
    assert len(written[True]) >= 6
    assert written[True] == written[False]


@pytest.mark.sphinx(
    "html", testroot="sources", srcdir="sources-gc-setting",
    confoverrides={"encyclopedia_freeze_gc": False},
)  # fmt: skip
def test_a_site_can_keep_the_collector_as_it_is(app):
    state = watch(app)
    app.build()
    assert app.warning.getvalue() == ""
    assert state["frozen"] == 0
    assert state["cached"] > 0 and state["cut"] == 0


@pytest.mark.sphinx("html", testroot="sources", srcdir="sources-gc-other-cache")
def test_pages_sphinx_holds_some_other_way_are_left_unfrozen(app):
    from collections import UserDict

    app.env._write_doc_doctree_cache = UserDict()  # not the dict this module knows
    state = watch(app)
    app.build()
    assert app.warning.getvalue() == ""
    assert state["cached"] > 0
    assert state["frozen"] == 0 and state["cut"] == 0  # unfrozen before writing, left whole
    assert gc.get_freeze_count() == 0


def one_page_per_chunk(monkeypatch: Any) -> None:
    """Later workers are then forked after merges, while the main process has the collector off."""

    def chunks(docnames: list[str], nproc: int) -> list[list[str]]:
        return [[docname] for docname in docnames]

    monkeypatch.setattr("sphinx.builders.make_chunks", chunks)


def test_a_parallel_read_merges_with_the_collector_off_and_workers_keep_theirs(
    make_app, rootdir, tmp_path, monkeypatch
):
    import os

    one_page_per_chunk(monkeypatch)
    srcdir = copied_sources(rootdir, tmp_path)
    workers = Path(tmp_path) / "workers.txt"
    app = make_app("html", srcdir=srcdir, parallel=2)
    merges: list[tuple[bool, int, int]] = []  # (collector on, frozen, worker env's attributes)
    state = watch(app)

    def reading(app: Any, docname: str, source: list[str]) -> None:
        with workers.open("a") as record:
            record.write(f"{os.getpid()} {gc.isenabled()}\n")

    def merged(app: Any, env: Any, docnames: Any, other: Any) -> None:
        merges.append((gc.isenabled(), gc.get_freeze_count(), len(vars(other))))

    app.connect("source-read", reading, priority=950)
    app.connect("env-merge-info", merged, priority=1000)
    app.connect("doctree-resolved", lambda *args: state.setdefault("on", gc.isenabled()))
    app.build()
    assert app.warning.getvalue() == ""
    read = [line.split() for line in workers.read_text().splitlines()]
    assert len(read) == 6
    assert all(int(pid) != os.getpid() and enabled == "True" for pid, enabled in read)
    assert len(merges) == 6
    assert [on for on, _, _ in merges] == [False] * 6
    assert all(frozen > 0 and attributes == 0 for _, frozen, attributes in merges)
    assert state["on"] is True  # writing, in the main process
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


@pytest.mark.sphinx("html", testroot="sources", srcdir="sources-gc-read-failure", parallel=2)
def test_a_parallel_read_that_fails_turns_the_collector_back_on(app, monkeypatch):
    one_page_per_chunk(monkeypatch)

    def fail(app: Any, docname: str, source: list[str]) -> None:
        if docname == sorted(app.env.found_docs)[-1]:
            raise RuntimeError("a reader failed")

    app.connect("source-read", fail)
    with pytest.raises(Exception, match="a reader failed"):
        app.build()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


@pytest.mark.sphinx("html", testroot="sources", srcdir="sources-gc-live-merge")
def test_a_merge_from_an_environment_still_in_use_leaves_it_whole(app):
    from sphinx_encyclopedia import collector

    collector._pages_since_freezing[id(app)] = 0  # as if its build were reading
    try:
        collector.freeze_what_merging_keeps(app, app.env, [], app.env)
        assert vars(app.env) and app.env.events is not None
        assert gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        collector._pages_since_freezing.pop(id(app))


WATCH = """
import gc

seen = {}


def setup(app):
    # After the extension's handlers: the collector as each step begins.
    app.connect("config-inited", lambda app, config: seen.update(
        loading=(gc.isenabled(), gc.get_freeze_count())), priority=1000)
    app.connect("builder-inited", lambda app: seen.update(
        loaded=(gc.isenabled(), gc.get_freeze_count())), priority=1)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
"""


def sources_with_extension(rootdir: Path, tmp_path: Path, module: str, code: str) -> Path:
    """A copy of the sources site that also loads a local extension ``module`` of ``code``."""
    import sys

    srcdir = copied_sources(rootdir, tmp_path)
    (srcdir / f"{module}.py").write_text(code)
    with (srcdir / "conf.py").open("a") as conf:
        conf.write("import sys, os\nsys.path.insert(0, os.path.dirname(__file__))\n")
        conf.write(f"extensions.append({module!r})\n")
    sys.modules.pop(module, None)
    return srcdir


def built_once(make_app: Any, rootdir: Path, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """A copy of the sources site, built once, with an extension that watches the collector
    while the next application on it loads the saved environment."""
    import sys

    srcdir = sources_with_extension(rootdir, tmp_path, "encyclopedia_gc_watch", WATCH)
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert app.warning.getvalue() == ""
    app.cleanup()  # the next application registers its nodes anew
    seen: dict[str, Any] = sys.modules["encyclopedia_gc_watch"].seen  # type: ignore[attr-defined]
    assert seen["loading"] == (True, 0)  # nothing saved to load yet
    seen.clear()
    return srcdir, seen


def test_the_saved_environment_loads_with_the_collector_off_and_is_frozen(
    make_app, rootdir, tmp_path
):
    srcdir, seen = built_once(make_app, rootdir, tmp_path)
    touched = srcdir / "sources.rst"
    touched.write_text(touched.read_text() + "\n")
    app = make_app("html", srcdir=srcdir)
    assert seen["loading"] == (False, 0)
    enabled, frozen = seen["loaded"]
    assert enabled and frozen > 0
    assert len(app.env.all_docs) == 6  # loaded, not fresh
    app.build()
    assert app.warning.getvalue() == ""
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_an_application_that_never_builds_leaves_the_collector_to_the_next(
    make_app, rootdir, tmp_path
):
    srcdir, seen = built_once(make_app, rootdir, tmp_path)
    make_app("html", srcdir=srcdir).cleanup()
    assert seen["loaded"][1] > 0
    app = make_app("html", srcdir=srcdir)
    assert seen["loading"] == (False, 0)  # unfrozen, then off for this one's loading
    app.build()
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_full_collections_wait_for_each_page_and_run_between_pages(make_app, rootdir, tmp_path):
    from sphinx_encyclopedia import collector

    srcdir = copied_sources(rootdir, tmp_path)
    app = make_app("html", srcdir=srcdir)
    threshold = gc.get_threshold()
    held: list[int] = []  # the full collections' threshold while each page is written
    counts: list[int] = []  # collections of the middle generation since the last full one

    def before_ours(app: Any, doctree: Any, docname: str) -> None:
        if held:  # the page before held them back: make the one it held back due
            for _ in range(threshold[2] + 1):
                gc.collect(1)

    def after_ours(app: Any, doctree: Any, docname: str) -> None:
        counts.append(gc.get_count()[2])

    app.connect("doctree-resolved", before_ours, priority=998)
    app.connect("doctree-resolved", after_ours, priority=1000)
    app.connect("html-page-context", lambda *args: held.append(gc.get_threshold()[2]))
    app.build()
    assert app.warning.getvalue() == ""
    if not collector.HOLDS_FULL_COLLECTIONS:
        return
    assert held and set(held) == {collector.HELD}
    assert counts[1:] == [0] * (len(counts) - 1)  # each ran before the next page was held
    assert gc.get_threshold() == threshold


def test_a_parallel_write_collects_after_each_fork_and_workers_freeze_what_they_inherit(
    make_app, rootdir, tmp_path, monkeypatch
):
    import os
    import sys

    from sphinx_encyclopedia import collector

    one_page_per_chunk(monkeypatch)
    srcdir = copied_sources(rootdir, tmp_path)
    workers = Path(tmp_path) / "workers.txt"
    app = make_app("html", srcdir=srcdir, parallel=2)
    threshold = gc.get_threshold()
    main = os.getpid()
    resolved: list[int] = []  # the full collections' threshold as each page is resolved
    frozen_here: list[int] = []  # the main process's frozen objects as each page is resolved
    full: list[tuple[bool, int]] = []  # (run just after a fork, objects it freed)
    finished: list[bool] = []  # once the build finishes, the collector is the host's again

    def watch_full_collections(phase: str, info: dict[str, int]) -> None:
        if os.getpid() != main or info["generation"] != 2 or not resolved or finished:
            return
        if phase == "start":
            frame = sys._getframe(1)
            while frame and frame.f_code.co_name != "_collect_after_forking":
                frame = frame.f_back  # type: ignore[assignment]
            full.append((frame is not None, 0))
        else:
            full[-1] = (full[-1][0], info["collected"])

    def writing(app: Any, *args: Any) -> None:
        with workers.open("a") as record:
            record.write(f"{os.getpid()} {gc.get_threshold()[2]} {gc.get_freeze_count()}\n")

    app.connect("doctree-resolved", lambda *args: resolved.append(gc.get_threshold()[2]), 1000)
    app.connect("doctree-resolved", lambda *args: frozen_here.append(gc.get_freeze_count()))
    app.connect("html-page-context", writing)
    app.connect("build-finished", lambda *args: finished.append(True), priority=800)
    gc.callbacks.append(watch_full_collections)
    try:
        app.build()
    finally:
        gc.callbacks.remove(watch_full_collections)
    assert app.warning.getvalue() == ""
    assert gc.get_threshold() == threshold
    pages = len(app.env.found_docs)
    written = [line.split() for line in workers.read_text().splitlines()]
    handed_over = [int(held) for pid, held, _ in written if int(pid) != main]
    # The first page is written here, each of the others by a worker of its own.
    assert len(handed_over) == pages - 1
    assert set(handed_over) == {threshold[2]}
    # Each worker froze what it inherited: more than the main process ever had frozen.
    frozen_in_workers = [int(frozen) for pid, _, frozen in written if int(pid) != main]
    assert min(frozen_in_workers) > max(frozen_here) > 0
    if not collector.HOLDS_FULL_COLLECTIONS:
        return
    assert len(resolved) == pages and set(resolved) == {collector.HELD}
    assert [after_fork for after_fork, _ in full] == [True] * (pages - 1)
    # They free the pages handed over before, which the main process no longer holds (how
    # many each frees depends on which workers have finished by then).
    assert sum(freed for _, freed in full[1:]) > 0


SERIAL_READ = """
def setup(app):
    return {"parallel_read_safe": False, "parallel_write_safe": True}
"""


def test_pages_read_here_and_written_in_parallel_come_from_their_pickles(
    make_app, rootdir, tmp_path
):
    """With an extension that cannot read in parallel, Sphinx reads here and keeps the pages;
    a parallel write unpickles what it writes, so the copies are cut and dropped when
    writing starts."""
    srcdir = sources_with_extension(rootdir, tmp_path, "encyclopedia_serial_read", SERIAL_READ)
    app = make_app("html", srcdir=srcdir, parallel=2)
    state = watch(app)
    articles: list[weakref.ref[Any]] = []  # each page's first node as read
    left: list[int] = []
    app.connect("doctree-read", lambda app, doctree: articles.append(weakref.ref(doctree[0])))
    app.connect(
        "build-finished",
        lambda app, exception: left.append(sum(node() is not None for node in articles)),
        priority=1,  # before the heap is unfrozen
    )
    app.build()
    assert "doing serial read" in app.warning.getvalue()  # Sphinx's own warning, expected
    assert app.builder.parallel_ok
    pages = len(app.env.found_docs)
    assert state["cached"] == pages - 1  # the first page resolved, the others still held
    assert state["cut"] == 0  # the pages written came from their pickles
    # Sphinx's copies are gone: the first page's, written here, and one docutils' parser
    # holds may be left.
    assert len(articles) == pages and left[0] <= 2
    html = (Path(app.outdir) / "articles" / "alpha.html").read_text()
    assert 'class="enc-references' in html and "Jump up" in html


@pytest.mark.parametrize("host", ["freezes", "disables"])
def test_a_host_that_takes_the_collector_after_loading_gets_it(make_app, rootdir, tmp_path, host):
    srcdir, _ = built_once(make_app, rootdir, tmp_path)
    (srcdir / "views.rst").write_text((srcdir / "views.rst").read_text() + "\n")
    app = make_app("html", srcdir=srcdir)
    state = watch(app)
    frozen_when_loaded = gc.get_freeze_count()
    assert frozen_when_loaded > 0
    gc.freeze() if host == "freezes" else gc.disable()
    try:
        app.build()
    finally:
        gc.enable()
    assert app.warning.getvalue() == ""
    assert state["cut"] == 0  # the build does not manage the collector
    if host == "freezes":  # what the host froze, and what loading froze with it, stays frozen
        assert gc.get_freeze_count() > frozen_when_loaded * 0.9
    else:  # as if the collector had been off from the start
        assert state["frozen"] == 0
