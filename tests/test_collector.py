"""Builds keep their long-lived objects out of the garbage collector's way, and give the
collector back as they found it."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


def watch(app: Any) -> dict[str, int]:
    """The collector's frozen objects and Sphinx's cached doctrees when the first page is
    resolved, that is when writing starts."""
    state: dict[str, int] = {}

    def resolving(app: Any, doctree: Any, docname: str) -> None:
        state.setdefault("frozen", gc.get_freeze_count())
        state.setdefault("cached", len(app.env._write_doc_doctree_cache))

    app.connect("doctree-resolved", resolving)
    return state


@pytest.fixture(autouse=True)
def unfrozen() -> Iterator[None]:
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    yield
    gc.unfreeze()  # whatever a failed test left behind
    gc.enable()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_freezes_while_it_writes_and_unfreezes_after(make_app, rootdir, tmp_path, jobs):
    srcdir = Path(tmp_path) / "sources"
    shutil.copytree(rootdir / "test-sources", srcdir)
    app = make_app("html", srcdir=srcdir, parallel=jobs)
    state = watch(app)
    app.connect("env-updated", lambda app, env: state.update(read=gc.get_freeze_count()))
    app.build()
    assert app.warning.getvalue() == ""
    # What reading kept, the pickled environment among it, is frozen before writing starts.
    assert 0 < state["read"] < state["frozen"]
    assert state["cached"] == 0  # pages come from their pickles, one at a time
    assert gc.get_freeze_count() == 0


@pytest.mark.sphinx("html", testroot="sources", srcdir="sources-gc-host")
def test_objects_the_host_froze_stay_frozen_and_pages_stay_cached(app):
    state = watch(app)
    gc.freeze()
    frozen = gc.get_freeze_count()
    app.build()
    # Neither frozen again with the build's objects nor unfrozen (a few may have been freed).
    assert state["frozen"] <= frozen
    assert state["cached"] > 0
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
    assert state["cached"] > 0


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


def test_reading_keeps_no_page_in_memory_and_freezes_as_it_goes(make_app, rootdir, tmp_path,
                                                                 monkeypatch):  # fmt: skip
    from sphinx_encyclopedia import collector

    monkeypatch.setattr(collector, "FREEZE_EVERY", 2)
    srcdir = Path(tmp_path) / "sources"
    shutil.copytree(rootdir / "test-sources", srcdir)
    app = make_app("html", srcdir=srcdir)
    read: list[tuple[int, int]] = []  # (pages Sphinx holds in memory, frozen objects)

    def doctree_read(app: Any, doctree: Any) -> None:
        read.append((len(app.env._write_doc_doctree_cache), gc.get_freeze_count()))

    app.connect("doctree-read", doctree_read)
    app.build()
    assert app.warning.getvalue() == ""
    assert len(read) == 6
    # Without the extension Sphinx would hold every page read before this one.
    assert [cached for cached, _ in read] == [0] * 6
    frozen = [count for _, count in read]
    assert frozen[0] > 0
    # Frozen again before every second page is read: the second, the fourth, the sixth. In
    # between, the count only goes down, as frozen objects are freed.
    assert frozen[0] < frozen[1] >= frozen[2] < frozen[3] >= frozen[4] < frozen[5]
    assert gc.get_freeze_count() == 0


@pytest.mark.sphinx(
    "html", testroot="sources", srcdir="sources-gc-setting",
    confoverrides={"encyclopedia_freeze_gc": False},
)  # fmt: skip
def test_a_site_can_keep_the_collector_as_it_is(app):
    state = watch(app)
    app.build()
    assert app.warning.getvalue() == ""
    assert state["frozen"] == 0
    assert state["cached"] > 0


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
    srcdir = Path(tmp_path) / "sources"
    shutil.copytree(rootdir / "test-sources", srcdir)
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
