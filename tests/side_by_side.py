"""Slow work that waits on nothing but itself (builds in processes of their own) run side by
side, as many at a time as there are CPUs and two at least: pytest runs the tests one after
another, and a module's builds started together keep a second core busy meanwhile.

A module fixture starts the work of the tests the session runs (``selected``) with ``started``;
each test then waits for its own with ``.result()``, which raises what the work raised (a failed
assertion about a build fails the test that waits for it, as if the test had run it).

The work runs in threads of this process while the module's own tests run, and only then: it
must start processes, never build in this process (Sphinx's state is the process's), and the
environment it starts them with is the one those tests see; none of those tests may fork this
process meanwhile (an in-process parallel build would inherit the running processes' pipes).
Nothing is left running after the module: ``started`` waits for every piece when the fixture is
torn down."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

import pytest

WORKERS = max(2, os.cpu_count() or 1)
K = TypeVar("K")
T = TypeVar("T")


def selected_items(request: pytest.FixtureRequest) -> list[pytest.Item]:
    """The tests of the requesting module this session runs."""
    return [
        item for item in request.session.items if getattr(item, "module", None) is request.module
    ]


def selected_params(request: pytest.FixtureRequest, name: str) -> set[object]:
    """The values of the parameter ``name`` (a parametrized fixture's or argument's) that the
    module's tests this session runs take."""
    return {
        item.callspec.params[name]
        for item in selected_items(request)
        if hasattr(item, "callspec") and name in item.callspec.params
    }


def selected(request: pytest.FixtureRequest) -> set[str]:
    """The names of the tests of the requesting module this session runs, with their
    parameters (``test_x[a]``) and without (``test_x``), so that a module fixture starts no
    work for the tests that were left out."""
    items = selected_items(request)
    return {item.name for item in items} | {
        getattr(item, "originalname", item.name) for item in items
    }


@contextmanager
def started(work: dict[K, Callable[[], T]]) -> Iterator[dict[K, Future[T]]]:
    """Each piece of ``work`` started, ``WORKERS`` at a time; on leaving, every piece is done."""
    with ThreadPoolExecutor(WORKERS) as pool:
        yield {name: pool.submit(call) for name, call in work.items()}
