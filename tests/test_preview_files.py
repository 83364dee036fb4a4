"""The page-preview data the build writes: a manifest and a few pages' previews to a file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sphinx_encyclopedia.previews import PAGES_PER_FILE, preview_files


def preview_data(outdir: Path) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """The manifest's pages, and every page's preview read from the file the manifest names."""
    root = outdir / "_previews"
    manifest = json.loads((root / "index.json").read_text(encoding="utf-8"))
    assert manifest["version"] == 2
    previews = {}
    for uri, name in manifest["pages"].items():
        previews[uri] = json.loads((root / name).read_text(encoding="utf-8"))[uri]
    return manifest["pages"], previews


def files_under(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


@pytest.mark.sphinx("html", testroot="previews")
def test_each_article_preview_is_in_the_file_the_manifest_names(app: Any) -> None:
    app.build()
    pages, previews = preview_data(Path(app.outdir))
    assert sorted(pages) == ["alpha.html", "beta.html"]
    assert previews["beta.html"]["title"] == "Beta"
    assert previews["beta.html"]["description"] == "The second article"
    assert previews["beta.html"]["extract"].startswith("Beta is the second article")
    assert files_under(Path(app.outdir) / "_previews") == {"index.json", *pages.values()}


@pytest.mark.sphinx("dirhtml", testroot="previews")
def test_dirhtml_pages_are_keyed_by_their_directory(app: Any) -> None:
    app.build()
    pages, previews = preview_data(Path(app.outdir))
    assert sorted(pages) == ["alpha/", "beta/"]
    assert previews["alpha/"]["title"] == "Alpha"


def write_site(srcdir: Path, articles: int) -> None:
    srcdir.mkdir(parents=True, exist_ok=True)
    (srcdir / "conf.py").write_text('extensions = ["sphinx_encyclopedia"]\n')
    names = [f"article{index}" for index in range(articles)]
    toctree = "".join(f"   {name}\n" for name in names)
    (srcdir / "index.rst").write_text(f"Index\n=====\n\n.. toctree::\n\n{toctree}")
    for index, name in enumerate(names):
        (srcdir / f"{name}.rst").write_text(
            f"Article {index}\n==========\n\n.. lead::\n   :short-description: Number {index}\n\n"
            f"   Article {index} is one of many.\n"
        )


def test_a_large_site_groups_previews_and_drops_stale_files(make_app: Any, tmp_path: Path) -> None:
    srcdir = tmp_path / "many"
    write_site(srcdir, 3 * PAGES_PER_FILE)
    stale = [
        srcdir / "_build/html/_previews/article0.json",
        srcdir / "_build/html/_previews/old/x.json",
    ]
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}")
    app = make_app("html", srcdir=srcdir, builddir=srcdir / "_build")
    app.build()
    assert app.warning.getvalue() == ""
    pages, previews = preview_data(Path(app.outdir))
    assert len(pages) == 3 * PAGES_PER_FILE
    assert previews["article7.html"]["description"] == "Number 7"
    files = set(pages.values())
    assert len(files) == 4  # the next power of two of groups of PAGES_PER_FILE
    assert files_under(Path(app.outdir) / "_previews") == {"index.json", *files}
    assert not any(path.exists() for path in stale)


def test_grouping_is_stable_and_bounded() -> None:
    uris = [f"page{index}.html" for index in range(1000)]
    files = preview_files(uris)
    assert files == preview_files(list(reversed(uris)))
    assert preview_files(uris[:10]) == dict.fromkeys(uris[:10], "0.json")
    sizes: dict[str, int] = {}
    for name in files.values():
        sizes[name] = sizes.get(name, 0) + 1
    assert len(sizes) == 64
    assert max(sizes.values()) <= 2 * PAGES_PER_FILE
