"""A build leaves the process that runs it as it found it (tests/roots/test-process-state).

sphinx-autobuild, notebooks and test runners build again and again in one process. Whatever a
build does, after it, whether it succeeded, failed on its configuration, or was stopped by an
exception or a KeyboardInterrupt from any event handler: the garbage collector is on or off,
with the thresholds and the frozen objects, as the process had it; pybtex is in the error mode
it was in (not capturing, when it was not); and every doctree Sphinx handed to the handlers of
``doctree-resolved`` still holds what it held then (the local extension ``keep_doctrees``
keeps them and checks).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from process_state import (
    HOSTS,
    ROOTS,
    copy_root,
    host_process,
    local_modules,
    sphinx_build,
)

KEEP_DOCTREES = ROOTS / "test-compat-site" / "keep_doctrees.py"
# Stopped at each phase: set-up, reading, after reading, before writing, writing, finishing.
EVENTS = [
    "builder-inited",
    "env-before-read-docs",
    "doctree-read",
    "env-updated",
    "env-check-consistency",
    "doctree-resolved",
    "build-finished",
]
PAGES = ["index", "other"]


@pytest.fixture(autouse=True)
def _tracebacks_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # sphinx-build saves the traceback of a failed build in a temporary file: here, not /tmp.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


def make_site(target: Path) -> Path:
    site = copy_root("process-state", target)
    shutil.copy2(KEEP_DOCTREES, site)
    return site


def build(site: Path, *overrides: str) -> int:
    """``sphinx-build -b html`` in this process, with ``-D`` for each override."""
    options: list[str | Path] = ["-q", "-b", "html", "-d", site / "_build" / "doctrees"]
    for override in overrides:
        options += ["-D", override]
    return sphinx_build(*options, site, site / "_build" / "html")


def edit(site: Path, *pages: str) -> None:
    """Change a sentence on each page, so that the next build reads and writes it again."""
    for name in pages:
        path = site / f"{name}.rst"
        path.write_text(path.read_text("utf-8") + "\nOne more sentence.\n", encoding="utf-8")


def builds_so_far() -> list[Any]:
    module = sys.modules.get("keep_doctrees")
    return module.BUILDS if module is not None else []


def pages_changed(records: list[Any]) -> list[tuple[list[str], list[str]]]:
    """For each build, the pages it kept, and those of them that changed after Sphinx handed
    them to doctree-resolved."""
    return [(record.report()["kept"], sorted(record.report()["changed"])) for record in records]


@pytest.mark.parametrize("host", HOSTS)
def test_four_builds_leave_the_process_as_they_found_it(host: str, tmp_path: Path) -> None:
    """Clean, rebuild after an edit, a failing configuration with the environment saved
    before, and a build stopped by KeyboardInterrupt once a second page was resolved."""
    site = make_site(tmp_path / "site")
    states: dict[str, dict[str, Any]] = {}
    statuses: dict[str, int] = {}
    with local_modules(), host_process(host) as process:
        statuses["clean"] = build(site)
        states["clean"] = process.state()
        edit(site, "other")
        statuses["rebuild"] = build(site)
        states["rebuild"] = process.state()
        statuses["failing configuration"] = build(site, "html_theme=no_such_theme")
        states["failing configuration"] = process.state()
        edit(site, "index", "other")
        statuses["interrupted"] = build(
            site, "interrupt_at=doctree-resolved", "interrupt_page=other"
        )
        states["interrupted"] = process.state()
        records = list(builds_so_far())
        changed = pages_changed(records)
    assert statuses == {"clean": 0, "rebuild": 0, "failing configuration": 2, "interrupted": 2}
    assert states == dict.fromkeys(states, process.found)
    # The failing configuration stops before the builder is set up: three builds kept pages.
    assert len(changed) == 3 and all("other" in kept for kept, _ in changed)
    assert changed[-1][0] == PAGES  # the interrupted build resolved both
    assert [pages for _, pages in changed] == [[], [], []]


@pytest.fixture(scope="module")
def saved_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """The site, built once, with its saved environment: where it is built, and a copy."""
    tmp = tmp_path_factory.mktemp("saved")
    site = make_site(tmp / "site")
    with local_modules(), host_process("python-default"):
        assert build(site) == 0
        builds_so_far().clear()
    shutil.copytree(site, tmp / "pristine")
    yield site, tmp / "pristine"


def restore(saved_site: tuple[Path, Path]) -> Path:
    """The built site back where it was built: Sphinx uses a saved environment only for the
    source directory it was saved from."""
    site, pristine = saved_site
    shutil.rmtree(site)
    shutil.copytree(pristine, site)
    return site


@pytest.mark.parametrize("exception", ["KeyboardInterrupt", "RuntimeError"])
@pytest.mark.parametrize("event", EVENTS)
def test_a_build_stopped_from_a_handler_leaves_the_process_as_it_found_it(
    event: str, exception: str, saved_site: tuple[Path, Path]
) -> None:
    """With the environment saved by a build before, both pages edited: stopped in a handler
    of ``event`` (the second page, for the events of each page)."""
    site = restore(saved_site)
    edit(site, *PAGES)
    overrides = [f"interrupt_at={event}", f"interrupt_with={exception}", "interrupt_page=other"]
    with local_modules(), host_process("python-default") as process:
        status = build(site, *overrides)
        state = process.state()
        changed = pages_changed(builds_so_far())
    assert status == 2
    assert state == process.found
    assert [pages for _, pages in changed] == [[]] * len(changed)


def test_a_bib_file_that_is_not_utf8_leaves_pybtex_as_it_found_it(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    (site / "refs.bib").write_bytes(
        b"@book{cafe2020,\n  author = {Caf\xe9, Jean},\n  title = {Caf\xe9},\n"
        b"  publisher = {Example Press},\n  year = {2020},\n}\n"
    )
    (site / "other.rst").write_text(
        "Other things\n============\n\nA caf\u00e9. :citation:`cafe2020`\n\n.. references::\n",
        encoding="utf-8",
    )
    with local_modules(), host_process("python-default") as process:
        build(site)  # it may fail or warn: what it leaves is the point
        state = process.state()
    assert state == process.found
