"""Building a test root with a given theme, serving it, and driving it in headless Chromium.

Chromium is Debian's (``apt-get install chromium``), driven by Playwright's Python package;
Playwright's own browser downloads are never used. Without the browser the tests skip, except
in CI, where they fail: CI installs it.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from side_by_side import started

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ROOTS = Path(__file__).parent / "roots"
# Screenshots are kept for people (and CI) to look at; the directory is ignored by git.
ARTIFACTS = Path(os.environ.get("ENC_TEST_ARTIFACTS", Path(__file__).parents[1] / "test-artifacts"))


def screenshot(page: Any, name: str) -> Path:
    path = ARTIFACTS / "screenshots" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    return path


def chromium_or_skip() -> str:
    missing = None
    if not Path(CHROMIUM).exists():
        missing = f"{CHROMIUM} is missing (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "the playwright package is missing (pip install -e '.[test]')"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests need Chromium in CI: {missing}")
        pytest.skip(missing)
    return CHROMIUM


def build_site(root: str, out: Path, **overrides: str) -> Path:
    """Build ``tests/roots/test-<root>`` into ``out`` with ``-D`` overrides; the HTML dir."""
    source = out / "src"
    shutil.copytree(ROOTS / f"test-{root}", source)
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html"]
    for name, value in overrides.items():
        command += ["-D", f"{name}={value}"]
    command += [str(source), str(out / "html")]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", result.stderr
    return out / "html"


class BuiltSites:
    """``build_site`` of a test root, once per root and overrides: conftest.py's ``built_site``
    holds one for the whole session. Read what it built, never write into it."""

    def __init__(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        self.tmp_path_factory = tmp_path_factory
        self.built: dict[tuple[str, tuple[tuple[str, str], ...]], Future[Path]] = {}

    def __call__(self, root: str, **overrides: str) -> Path:
        """The HTML directory of ``root`` built with ``overrides``."""
        self.build(root, [overrides])
        return self.built[self.key(root, overrides)].result()

    def build(self, root: str, several: list[dict[str, str]]) -> None:
        """``root`` built with each of ``several`` overrides not built yet, side by side; a
        failed build fails only whoever asks for that site."""
        missing = {self.key(root, overrides): overrides for overrides in several}
        missing = {key: value for key, value in missing.items() if key not in self.built}
        work = {
            key: functools.partial(
                build_site, root, self.tmp_path_factory.mktemp(f"site-{root}"), **overrides
            )
            for key, overrides in missing.items()
        }
        with started(work) as running:
            self.built.update(running)

    @staticmethod
    def key(root: str, overrides: dict[str, str]) -> tuple[str, tuple[tuple[str, str], ...]]:
        return root, tuple(sorted(overrides.items()))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


# axe-core, the accessibility rules engine, from npm (.ci/run installs it; no CDN at test time).
AXE = Path(
    os.environ.get(
        "ENC_AXE",
        Path(__file__).parents[1] / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js",
    )
)
AXE_INSTALL = "npm install --prefix .cache/axe axe-core@4.14.1, as .ci/run does"


def axe_or_skip() -> str:
    """axe.min.js, to inject into pages; outside CI a missing copy skips, in CI it fails."""
    if not AXE.is_file():
        missing = f"{AXE} is missing ({AXE_INSTALL}, or point ENC_AXE at axe.min.js)"
        if os.environ.get("CI"):
            pytest.fail(f"accessibility tests need axe-core in CI: {missing}")
        pytest.skip(missing)
    return AXE.read_text(encoding="utf-8")


# The WCAG 2.1 A and AA success criteria, as axe tags its rules.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page: Any, source: str, exclude: list[str] | None = None) -> list[Any]:
    """axe's WCAG 2.1 A/AA violations on the page as it is now (``exclude``: CSS selectors
    of elements left out, each of them the theme's, not the extension's)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=source)
    result = page.evaluate(
        """([tags, exclude]) => axe.run(
            {include: [document], exclude: exclude.map((selector) => [selector])},
            {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})""",
        [WCAG_21_AA, exclude or []],
    )
    violations: list[Any] = result["violations"]
    return violations


def describe_violations(violations: list[Any]) -> str:
    """axe's findings as people read them: rule, impact, help, then each element and why."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"  - {' '.join(map(str, node['target']))}")
            lines.append(f"    {node['html'][:200]}")
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {summary[:400]}")
    return "\n".join(lines)
