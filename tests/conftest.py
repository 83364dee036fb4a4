from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sphinx
from helpers import SampleSite

pytest_plugins = "sphinx.testing.fixtures"

ROOTS = Path(__file__).parent / "roots"
DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium (Debian's, driven by Playwright) for every browser test that a
    worker runs (pytest-xdist: one worker a core)."""
    from browser import chromium_or_skip

    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def sample_site_build(tmp_path_factory: pytest.TempPathFactory) -> SampleSite:
    """The sample encyclopedia in docs/, built once a worker to HTML for every test that reads
    it (test_sample_site, test_accessibility, test_ecosystem), as ``sphinx-build -W
    --keep-going``: each test asserts what it needs of the result. Read it, never write into
    it."""
    out = tmp_path_factory.mktemp("docs-html")
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html"]
    command += ["-d", str(out / "doctrees"), str(DOCS), str(out / "html")]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    return SampleSite(result, out / "html")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """``built_site(root, **overrides)``: a test root built once for the whole session (the
    previews root serves the previews tests, and in alabaster the theme tests and the
    accessibility tests); ``built_site.build(root, [overrides, ...])`` builds several side by
    side."""
    from browser import BuiltSites

    return BuiltSites(tmp_path_factory)


if sphinx.version_info < (8,):

    @pytest.fixture
    def make_app(make_app: Any) -> Any:
        """Sphinx 7 shows a warning's ``[type.subtype]`` only with ``show_warning_types``,
        which Sphinx 8 turns on by default; the tests expect it."""

        def make(*args: Any, **kwargs: Any) -> Any:
            overrides = {"show_warning_types": True, **(kwargs.get("confoverrides") or {})}
            return make_app(*args, **{**kwargs, "confoverrides": overrides})

        return make


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say loudly, at the end, which kinds of test did not run and why: a browser or PDF test
    skipped on a machine without Chromium or latexmk is easy to miss among the passes. (In CI
    they fail instead: see tests/browser.py.)"""
    reasons: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        longrepr = getattr(report, "longrepr", None)
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        reason = reason.removeprefix("Skipped: ")
        reasons[reason] = reasons.get(reason, 0) + 1
    if not reasons:
        return
    terminalreporter.write_sep("!", "tests NOT run", yellow=True, bold=True)
    for reason, count in sorted(reasons.items(), key=lambda item: -item[1]):
        terminalreporter.write_line(f"{count:4d} not run: {reason}", yellow=True, bold=True)


def pytest_collection_modifyitems(items: list[Any]) -> None:
    """Every test that drives the browser is marked ``browser`` (``-m "not browser"`` leaves
    them out where there is none: the version matrix)."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
