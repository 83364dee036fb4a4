"""README.md's instructions, followed as printed: the example site of "Use it in a Sphinx site"
builds with its own command and is what ``sphinx-encyclopedia new`` writes, ``new`` never
overwrites, and the quick start's two commands are the ones CI runs."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
README = ROOT / "README.md"

# A file of the example: a line naming it in backquotes and a colon, a blank line, a fence.
FILE_BLOCK = re.compile(r"^`(?P<name>[\w.-]+)`:\n\n```[\w-]*\n(?P<text>.*?)^```$", re.M | re.S)
CONSOLE_BLOCK = re.compile(r"^```console\n(?P<text>.*?)^```$", re.M | re.S)


def section(title: str) -> str:
    """The README's section under the level-2 heading *title*, up to the next one."""
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"README.md has no section {title!r}"
    return match.group(1)


def example_files() -> dict[str, str]:
    return {m["name"]: m["text"] for m in FILE_BLOCK.finditer(section("Use it in a Sphinx site"))}


def console_commands(text: str) -> list[str]:
    return [m["text"].strip() for m in CONSOLE_BLOCK.finditer(text)]


def sphinx_build(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a printed ``sphinx-build ...`` command with this interpreter's Sphinx."""
    words = shlex.split(command)
    assert words[0] == "sphinx-build", command
    assert "-W" in words, f"{command!r} does not turn warnings into errors"
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", *words[1:]],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def assert_built(result: subprocess.CompletedProcess[str], html: Path) -> None:
    assert result.returncode == 0, result.stdout + result.stderr
    for page in ("index", "deceptive-alignment", "mesa-optimization"):
        assert (html / f"{page}.html").is_file(), page
    article = (html / "deceptive-alignment.html").read_text(encoding="utf-8")
    assert "Emergence of learned optimizers" in article  # the see-also's short description
    # Four markers for three works, each work in the references list.
    assert article.count('class="reference enc-cite"') == 4
    for key in ("1", "2", "3"):
        assert f'id="cite-note-deceptive-alignment-{key}"' in article


def test_readme_example_builds_as_printed(tmp_path: Path) -> None:
    pytest.importorskip("furo", reason="the README's example selects furo")
    files = example_files()
    assert set(files) >= {"conf.py", "refs.bib", "index.rst"}, sorted(files)
    assert sum(name.endswith(".rst") and name != "index.rst" for name in files) >= 2
    commands = [
        line
        for block in console_commands(section("Use it in a Sphinx site"))
        for line in block.splitlines()
        if line.startswith("sphinx-build")
    ]
    assert len(commands) == 1, commands
    words = shlex.split(commands[0])
    site = tmp_path / words[-2]
    site.mkdir(parents=True)
    for name, text in files.items():
        (site / name).write_text(text, encoding="utf-8")
    result = sphinx_build(commands[0], tmp_path)
    assert_built(result, tmp_path / words[-1])


def test_readme_example_is_the_starter() -> None:
    from sphinx_encyclopedia import starter

    assert example_files() == starter.files(starter.THEME)
    prose = section("Use it in a Sphinx site")
    assert starter.build_command("mysite") in console_commands(prose)
    assert "pip install furo" in prose
    assert 'html_theme = "furo"' in prose


def run_new(directory: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sphinx_encyclopedia", "new", str(directory)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_new_writes_a_site_that_builds(tmp_path: Path) -> None:
    from sphinx_encyclopedia import starter

    site = tmp_path / "site"
    result = run_new(site)
    assert result.returncode == 0, result.stdout + result.stderr
    theme = starter.THEME if starter.has_furo() else starter.FALLBACK_THEME
    written = {path.name: path.read_text(encoding="utf-8") for path in site.iterdir()}
    assert written == starter.files(theme)
    # The last line printed is the command that builds it.
    command = result.stdout.strip().splitlines()[-1].strip()
    assert command == starter.build_command(str(site))
    assert_built(sphinx_build(command, tmp_path), site / "_build" / "html")


def test_new_without_furo_selects_alabaster(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sphinx_encyclopedia import starter
    from sphinx_encyclopedia.__main__ import main

    monkeypatch.setattr(starter, "has_furo", lambda: False)
    site = tmp_path / "site"
    assert main(["new", str(site)]) == 0
    printed = capsys.readouterr().out
    assert "pip install furo" in printed
    assert 'html_theme = "alabaster"' in (site / "conf.py").read_text(encoding="utf-8")
    command = starter.build_command(str(site))
    assert command in printed
    assert_built(sphinx_build(command, tmp_path), site / "_build" / "html")


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.rst").write_text("mine\n", encoding="utf-8")
    (site / "notes.txt").write_text("unrelated\n", encoding="utf-8")
    result = run_new(site)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "index.rst" in result.stderr
    assert "overwrit" in result.stderr
    # Nothing written, not even the files that were free.
    assert sorted(path.name for path in site.iterdir()) == ["index.rst", "notes.txt"]
    assert (site / "index.rst").read_text(encoding="utf-8") == "mine\n"


QUICK_START = [
    "python3 -m venv .venv && .venv/bin/pip install -e . -r docs/requirements.txt"
    " && .venv/bin/sphinx-build -W -b html docs docs/_build/html",
    'python3 -m venv .venv && .venv/bin/pip install -e ".[test]" -r docs/requirements.txt'
    " && .venv/bin/python -m pytest",
]


def test_quick_start_and_install_commands() -> None:
    assert console_commands(section("Quick start")) == QUICK_START
    # The test command is exactly what CI runs last.
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == QUICK_START[1]
    # Until the package is on PyPI, no command installs it from there; the checkout and a
    # built wheel are the ways in.
    commands = "\n".join(console_commands(README.read_text(encoding="utf-8")))
    assert not re.search(r"pip install\s+sphinx-encyclopedia\b", commands)
    use = "\n".join(console_commands(section("Use it in a Sphinx site")))
    assert "pip install ." in use
    assert "python -m build" in use
    assert "pip install dist/*.whl" in use
