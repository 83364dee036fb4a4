"""The extension as a package: setup metadata, the style entry point, lint and types."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pybtex.plugin
import pytest

import sphinx_encyclopedia
from sphinx_encyclopedia.cs1 import WikipediaStyle

PROJECT = Path(__file__).resolve().parents[1]


@pytest.mark.sphinx("html", testroot="basic")
def test_setup_metadata_and_bibtex_set_up_by_us(app):
    assert "sphinxcontrib.bibtex" in app.extensions
    extension = app.extensions["sphinx_encyclopedia"]
    assert extension.version == sphinx_encyclopedia.__version__
    assert extension.metadata["env_version"] == sphinx_encyclopedia.ENV_VERSION
    assert extension.parallel_read_safe is True
    assert extension.parallel_write_safe is True


def test_style_is_a_pybtex_plugin():
    assert pybtex.plugin.find_plugin("pybtex.style.formatting", "wikipedia") is WikipediaStyle


def _run(*command: str) -> None:
    result = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff():
    _run(sys.executable, "-m", "ruff", "check", "--no-cache", ".")
    _run(sys.executable, "-m", "ruff", "format", "--no-cache", "--check", ".")


def test_mypy():
    _run(sys.executable, "-m", "mypy")


def test_ci_script_runs_the_readme_test_command():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    ci = (PROJECT / ".ci" / "run").read_text(encoding="utf-8")
    command = next(line for line in ci.splitlines() if line.startswith("python3 -m venv"))
    assert command in readme
    assert shutil.which("bash")
