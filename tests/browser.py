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
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

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
