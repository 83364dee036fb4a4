"""What a build has to leave as it found it in the process that runs it (sphinx-autobuild, a
notebook, a test runner): the garbage collector's state and pybtex's global error state; and
running ``sphinx-build`` inside the test process, as sphinx-autobuild does."""

from __future__ import annotations

import gc
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pybtex.errors
from sphinx.cmd.build import build_main

ROOTS = Path(__file__).parent / "roots"
# Modules the roots' conf.py files import from the source directory.
LOCAL_MODULES = ("keep_doctrees", "interrupt_build", "compatmod", "plainmod")


def process_state() -> dict[str, Any]:
    return {
        "gc.isenabled()": gc.isenabled(),
        "gc.get_threshold()": gc.get_threshold(),
        "gc.get_freeze_count()": gc.get_freeze_count(),
        "pybtex.errors.strict": pybtex.errors.strict,
        "pybtex.errors.error_code": pybtex.errors.error_code,
        # None unless inside pybtex.errors.capture(); a list while capturing.
        "pybtex.errors.captured_errors": pybtex.errors.captured_errors,
    }


# How the host process may have set its collector before it builds.
HOSTS = ("python-default", "tuned-and-frozen", "collector-off")


@dataclass
class Host:
    """The process state a host had when it started building, which every build must leave."""

    found: dict[str, Any]
    frozen: list[list[int]] = field(default_factory=list)  # the host's own frozen objects

    def state(self) -> dict[str, Any]:
        """The process state now, comparable with ``found``. Frozen objects die like others
        when the last reference goes (a cache the build replaced): with a host that froze
        objects, fewer frozen than found, the host's own among them, counts as found."""
        now = process_state()
        count, before = now["gc.get_freeze_count()"], self.found["gc.get_freeze_count()"]
        if self.frozen and count < before:
            tracked = {id(obj) for obj in gc.get_objects()}  # all but the frozen
            if not any(id(obj) in tracked for obj in self.frozen):
                now["gc.get_freeze_count()"] = before
        return now


@contextmanager
def host_process(kind: str) -> Iterator[Host]:
    """Set the collector as a host of ``kind`` would have it. Afterwards the collector and
    pybtex are put back as they were, whatever the builds left, so that one failing test does
    not change the state the next one finds."""
    enabled, threshold = gc.isenabled(), gc.get_threshold()
    errors = (pybtex.errors.strict, pybtex.errors.error_code, pybtex.errors.captured_errors)
    # Nothing is frozen when the test starts: a host that froze objects itself is its own case.
    # Then a full collection, as any build sets off: Python 3.12.1 keeps its immortal objects
    # (375 tuples of the built-in types) in the permanent generation, where a full collection
    # puts them back after an unfreeze; without it, the count would change under the build.
    gc.unfreeze()
    gc.collect()
    gc.enable()
    frozen: list[list[int]] = []
    try:
        if kind == "tuned-and-frozen":
            gc.set_threshold(5000, 20, 40)
            frozen = [[i] for i in range(1000)]  # lists: always tracked by the collector
            gc.collect()
            gc.freeze()
        elif kind == "collector-off":
            gc.disable()
        yield Host(process_state(), frozen)
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
        (gc.enable if enabled else gc.disable)()
        pybtex.errors.strict, pybtex.errors.error_code, pybtex.errors.captured_errors = errors


def copy_root(name: str, target: Path) -> Path:
    shutil.copytree(ROOTS / f"test-{name}", target)
    return target


@contextmanager
def local_modules() -> Iterator[None]:
    """The roots' conf.py files put their directory first on ``sys.path`` and Sphinx imports
    their local extensions and documented modules from it: each test gets its own and leaves
    ``sys.path`` and ``sys.modules`` as it found them."""
    path = sys.path[:]
    try:
        yield
    finally:
        sys.path[:] = path
        for name in LOCAL_MODULES:
            sys.modules.pop(name, None)


def sphinx_build(*argv: str | Path) -> int:
    """``sphinx-build`` in this process, as sphinx-autobuild runs it: the exit status."""
    return build_main([str(arg) for arg in argv])


def kept_doctrees() -> Any:
    """The record ``keep_doctrees`` made of the last build in this process."""
    return sys.modules["keep_doctrees"].BUILDS[-1]
