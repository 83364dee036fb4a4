"""The release artefacts: an sdist and a wheel built as the release workflow builds them (the
wheel from the sdist), that twine accepts, with the package data, the license and the metadata
PyPI shows, and a wheel that installs into a fresh venv and builds a site.

The builds run without isolation, offline, with the build backend of this environment (the
``test`` extra installs it); a copy of the checkout is built so that nothing is written into it.
"""

from __future__ import annotations

import ast
import email.parser
import email.policy
import functools
import importlib.metadata
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tomllib
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.version import Version
from side_by_side import selected, started

pytest.importorskip("build", reason="python -m build is in the test extra")
pytest.importorskip("twine", reason="twine is in the test extra")
if Version(importlib.metadata.version("setuptools")) < Version("77"):
    pytest.skip("the build backend, setuptools>=77, is in the test extra", allow_module_level=True)

ROOT = Path(__file__).parent.parent

# What a checkout holds beside the sources: environments, caches, build output (the hidden
# ones, .venv, .git and the tools' caches among them, play no part in a build either).
NOT_SOURCES = shutil.ignore_patterns(
    ".*", "_build", "build", "dist", "*.egg-info", "__pycache__", "test-artifacts"
)

PROJECT_URLS = {"Homepage", "Documentation", "Source", "Issues", "Changelog"}


def source_version() -> str:
    """``__version__`` as the sources spell it, read as setuptools reads it."""
    tree = ast.parse((ROOT / "sphinx_encyclopedia" / "__init__.py").read_text(encoding="utf-8"))
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "__version__"
            for target in statement.targets
        ):
            return str(ast.literal_eval(statement.value))
    raise AssertionError("sphinx_encyclopedia/__init__.py sets no __version__")


def run(*command: str | Path, cwd: Path | None = None) -> str:
    result = subprocess.run(
        [str(word) for word in command], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def installs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Future[Any]]]:
    """The builds and installs of the tests this session runs, side by side: the sdist and the
    wheel (``build_dists``), and an editable install of an edited copy (``install_editable``)."""
    tests = selected(request)
    work: dict[str, Callable[[], Any]] = {}
    if tests & {"test_sdist_contents", "test_wheel_contents", "test_metadata",
                "test_wheel_installs_and_builds_a_site"}:  # fmt: skip
        work["dists"] = functools.partial(build_dists, tmp_path_factory.mktemp("packaging"))
    if "test_editable_install_reads_the_version" in tests:
        work["editable"] = functools.partial(install_editable, tmp_path_factory.mktemp("editable"))
    with started(work) as running:
        yield running


@pytest.fixture(scope="module")
def dists(installs: dict[str, Future[dict[str, Path]]]) -> dict[str, Path]:
    """The sdist and the wheel, and the copy of the checkout they were built from."""
    return installs["dists"].result()


def build_dists(tmp: Path) -> dict[str, Path]:
    source = tmp / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCES)
    # Neither --sdist nor --wheel: the wheel is built from the unpacked sdist, so a file the
    # sdist leaves out is missing from the wheel too.
    run(sys.executable, "-m", "build", "--no-isolation", "--outdir", tmp / "dist", source)
    built = sorted((tmp / "dist").iterdir())
    assert [path.name for path in built] == [
        f"sphinx_encyclopedia-{source_version()}-py3-none-any.whl",
        f"sphinx_encyclopedia-{source_version()}.tar.gz",
    ]
    return {"wheel": built[0], "sdist": built[1], "source": source}


def wheel_metadata(wheel: Path) -> Message:
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(f"sphinx_encyclopedia-{source_version()}.dist-info/METADATA")
    return email.parser.BytesParser(policy=email.policy.compat32).parsebytes(text)


def package_data(root: Path) -> set[str]:
    """The files under sphinx_encyclopedia/ an installed package needs."""
    package = root / "sphinx_encyclopedia"
    wanted = [*package.rglob("*.py"), *package.glob("static/*"), package / "py.typed"]
    wanted += package.glob("locale/*/LC_MESSAGES/*.mo")
    return {path.relative_to(root).as_posix() for path in wanted}


def test_build_backend_reads_the_license_expression() -> None:
    """setuptools reads ``license = "MIT"`` (PEP 639) and ``license-files`` from 77 on; an
    older one, which pip's build isolation may pick under a looser bound, stops the build."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (requirement,) = (
        Requirement(text)
        for text in pyproject["build-system"]["requires"]
        if Requirement(text).name == "setuptools"
    )
    assert not requirement.specifier.contains("76.1")
    assert requirement.specifier.contains("77.0")
    assert pyproject["project"]["license"] == "MIT"
    assert pyproject["project"]["license-files"] == ["LICENSE"]
    # One version: __version__, which setuptools reads without importing the package.
    assert "version" not in pyproject["project"]
    assert pyproject["project"]["dynamic"] == ["version"]
    dynamic = pyproject["tool"]["setuptools"]["dynamic"]
    assert dynamic["version"] == {"attr": "sphinx_encyclopedia.__version__"}


def test_sdist_contents(dists: dict[str, Path]) -> None:
    top = f"sphinx_encyclopedia-{source_version()}"
    with tarfile.open(dists["sdist"]) as archive:
        names = {name.removeprefix(f"{top}/") for name in archive.getnames()}
    assert {"LICENSE", "README.md", "pyproject.toml", "PKG-INFO"} <= names
    expected = package_data(dists["source"])
    assert expected <= names, sorted(expected - names)


def test_wheel_contents(dists: dict[str, Path]) -> None:
    with zipfile.ZipFile(dists["wheel"]) as archive:
        names = set(archive.namelist())
        license_text = archive.read(
            f"sphinx_encyclopedia-{source_version()}.dist-info/licenses/LICENSE"
        ).decode()
        entry_points = archive.read(
            f"sphinx_encyclopedia-{source_version()}.dist-info/entry_points.txt"
        ).decode()
    expected = package_data(dists["source"])
    assert expected <= names, sorted(expected - names)
    assert any(name.endswith("/de/LC_MESSAGES/sphinx_encyclopedia.mo") for name in names)
    assert not any(name.startswith(("tests/", "docs/", "benchmarks/")) for name in names)
    assert license_text == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in license_text
    assert "Copyright (c) 2026 sphinx-encyclopedia developers" in license_text
    assert "sphinx-encyclopedia = sphinx_encyclopedia.__main__:main" in entry_points
    assert "wikipedia = sphinx_encyclopedia.cs1:WikipediaStyle" in entry_points


def test_metadata(dists: dict[str, Path]) -> None:
    import sphinx_encyclopedia

    run(sys.executable, "-m", "twine", "check", "--strict", dists["sdist"], dists["wheel"])
    metadata = wheel_metadata(dists["wheel"])
    assert metadata["Name"] == "sphinx-encyclopedia"
    assert metadata["Version"] == source_version() == sphinx_encyclopedia.__version__
    assert Version(metadata["Metadata-Version"]) >= Version("2.4")
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]
    assert metadata["Requires-Python"] == ">=3.11"
    urls = dict(line.split(", ", 1) for line in metadata.get_all("Project-URL", []))
    assert set(urls) == PROJECT_URLS
    assert urls["Documentation"] == "https://sphinx-encyclopedia.readthedocs.io/"
    assert urls["Source"] == "https://github.com/sphinx-encyclopedia/sphinx-encyclopedia"
    classifiers = metadata.get_all("Classifier", [])
    for expected in (
        "Framework :: Sphinx :: Extension",
        "Development Status :: 3 - Alpha",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
        "Programming Language :: Python :: 3.13",
    ):
        assert expected in classifiers
    # PEP 639: the license is the expression alone, never also a classifier.
    assert not [c for c in classifiers if c.startswith("License ::")]
    assert metadata["Description-Content-Type"] == "text/markdown"
    assert str(metadata.get_payload()).startswith("# sphinx-encyclopedia")


def pip_install(python: Path, *arguments: str | Path) -> None:
    """Install into the venv of ``python`` with this environment's pip, offline."""
    run(sys.executable, "-m", "pip", "--python", python, "--disable-pip-version-check",
        "install", "--no-deps", "--no-index", *arguments)  # fmt: skip


def installed(python: Path, cwd: Path) -> list[str]:
    """The installed distribution's version, the package's ``__version__`` and its file."""
    return run(
        python,
        "-c",
        "import importlib.metadata, sphinx_encyclopedia as p; "
        "print(importlib.metadata.version('sphinx-encyclopedia'), p.__version__, p.__file__)",
        cwd=cwd,
    ).split()


def fresh_venv(path: Path) -> Path:
    """A venv without pip whose own site-packages comes first, then this environment's, so
    what is installed into it shadows the checkout and the dependencies need no network."""
    run(sys.executable, "-m", "venv", "--without-pip", path)
    python = path / "bin" / "python"
    purelib = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    # Lines of a .pth file are appended to sys.path; the .pth files of the directory named are
    # not read, so this environment's editable install of the checkout stays out.
    Path(purelib.strip(), "dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    return python


def test_wheel_installs_and_builds_a_site(dists: dict[str, Path], tmp_path: Path) -> None:
    python = fresh_venv(tmp_path / "venv")
    pip_install(python, dists["wheel"])
    shown = installed(python, cwd=tmp_path)
    assert shown[:2] == [source_version()] * 2
    assert Path(shown[2]).is_relative_to(tmp_path / "venv")
    # The console script writes the starter; German labels come from the wheel's catalogs, the
    # stylesheet from its static files.
    run(tmp_path / "venv" / "bin" / "sphinx-encyclopedia", "new", tmp_path / "site")
    html = tmp_path / "html"
    build = ("-m", "sphinx", "-W", "-q", "-b", "html", "-D", "language=de", "site", html)
    run(python, *build, cwd=tmp_path)
    assert "Einzelnachweise" in (html / "deceptive-alignment.html").read_text(encoding="utf-8")
    assert (html / "_static" / "sphinx-encyclopedia.css").is_file()


def test_editable_install_reads_the_version(installs: dict[str, Future[Any]]) -> None:
    """The version's one source is ``__version__``: change it there, and an editable install
    reports the new version with nothing else edited."""
    shown, version, source = installs["editable"].result()
    assert shown[:2] == ["99.0.dev0"] * 2
    assert Path(shown[2]).is_relative_to(source)
    assert version.strip() == "sphinx-encyclopedia 99.0.dev0"


def install_editable(tmp_path: Path) -> tuple[list[str], str, Path]:
    """A copy of the package with ``__version__`` changed, installed editable into a fresh venv:
    what the installed package shows, what its console script prints, and the copy."""
    source = tmp_path / "source"
    # What an editable install reads: the project's metadata and the package.
    shutil.copytree(
        ROOT / "sphinx_encyclopedia", source / "sphinx_encyclopedia", ignore=NOT_SOURCES
    )
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    init = source / "sphinx_encyclopedia" / "__init__.py"
    spelled = f'__version__ = "{source_version()}"'
    assert spelled in init.read_text(encoding="utf-8")
    init.write_text(
        init.read_text(encoding="utf-8").replace(spelled, '__version__ = "99.0.dev0"'),
        encoding="utf-8",
    )
    python = fresh_venv(tmp_path / "venv")
    pip_install(python, "--no-build-isolation", "-e", source)
    shown = installed(python, cwd=tmp_path)
    version = run(tmp_path / "venv" / "bin" / "sphinx-encyclopedia", "--version")
    return shown, version, source
