"""Parallel builds keep the main process's long-lived objects out of the garbage collector's
way, and give the collector back as they found it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture
def freeze_counts(app: Any) -> Iterator[dict[str, int]]:
    """The number of frozen objects seen at the start of writing and while resolving pages."""
    seen: dict[str, int] = {}
    app.connect("env-updated", lambda app, env: seen.update(writing=gc.get_freeze_count()), 999)
    app.connect("doctree-resolved", lambda app, *_: seen.update(resolving=gc.get_freeze_count()))
    yield seen
    gc.unfreeze()  # whatever a failed test left behind


@pytest.mark.sphinx("html", testroot="sources", srcdir="sources-gc-parallel", parallel=2)
def test_a_parallel_build_freezes_while_it_runs_and_unfreezes_after(app, freeze_counts):
    assert gc.get_freeze_count() == 0
    app.build()
    assert app.warning.getvalue() == ""
    assert freeze_counts["writing"] > 0
    assert freeze_counts["resolving"] > 0
    assert gc.get_freeze_count() == 0


@pytest.mark.sphinx("html", testroot="sources", srcdir="sources-gc-serial")
def test_a_serial_build_leaves_the_collector_alone(app, freeze_counts):
    app.build()
    assert freeze_counts == {"writing": 0, "resolving": 0}


@pytest.mark.sphinx("html", testroot="sources", srcdir="sources-gc-host", parallel=2)
def test_objects_the_host_froze_stay_frozen(app, freeze_counts):
    gc.freeze()
    frozen = gc.get_freeze_count()
    app.build()
    # Neither frozen again with the build's objects nor unfrozen (a few may have been freed).
    assert freeze_counts["writing"] <= frozen
    assert frozen * 0.9 < gc.get_freeze_count() <= frozen


@pytest.mark.sphinx("html", testroot="sources", srcdir="sources-gc-failure", parallel=2)
def test_a_failed_parallel_build_unfreezes_too(app, freeze_counts):
    def fail(*args: Any) -> None:
        raise RuntimeError("a handler failed")

    app.connect("doctree-resolved", fail)
    with pytest.raises(Exception, match="a handler failed"):
        app.build()
    assert freeze_counts["writing"] > 0
    assert gc.get_freeze_count() == 0
