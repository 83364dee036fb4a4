"""Everywhere a Sphinx site goes: every builder, parallel and incremental builds, existing
sites that use none of the directives, and sphinxcontrib-bibtex's own roles on the same page."""

from __future__ import annotations

import filecmp
import functools
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from helpers import SampleSite, page, reference_items, text_of
from side_by_side import selected, started

PROJECT = Path(__file__).resolve().parents[1]
DOCS = PROJECT / "docs"


def sphinx_build(source: Path, out: Path, builder: str = "html", *options: str) -> Path:
    """Build with -W (no warning allowed) into ``out/<builder>``; returns that directory."""
    (target,) = finish(start_sphinx_build(source, out, builder, *options))
    return target


def start_sphinx_build(
    source: Path, out: Path, builder: str = "html", *options: str
) -> tuple[subprocess.Popen[str], Path]:
    """``sphinx_build`` started in a process of its own; ``finish`` waits for it."""
    target = out / builder
    command = [sys.executable, "-m", "sphinx", "-W", "-q", "-b", builder, *options]
    command += ["-d", str(out / f"doctrees-{builder}"), str(source), str(target)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return process, target


def finish(*builds: tuple[subprocess.Popen[str], Path]) -> list[Path]:
    """Waits for every build started, then asserts each succeeded; their directories."""
    stderrs = [process.communicate(timeout=600)[1] for process, _ in builds]
    for (process, _), stderr in zip(builds, stderrs, strict=True):
        assert process.returncode == 0, stderr
    return [target for _, target in builds]


def copy_docs(tmp_path: Path) -> Path:
    source = tmp_path / "docs"
    shutil.copytree(DOCS, source, ignore=shutil.ignore_patterns("_build"))
    return source


@pytest.fixture(scope="module")
def html_markers(sample_site_build: SampleSite) -> dict[str, int]:
    """Citation markers per sample article, as the HTML builder renders them (with -W, the
    build conftest.py makes once for every test of the sample site)."""
    result, html = sample_site_build
    assert result.returncode == 0, result.stderr
    counts = {}
    for path in sorted((html / "articles").glob("*.html")):
        tree = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        counts[path.stem] = len(tree.select("sup.enc-cite"))
    assert counts["deceptive-alignment"] == 14
    return counts


# Markers as the plain builders print them: [12] or [12]: p. 5.
PLAIN_MARKER = re.compile(r"\[\d+\](?=[^\]]|$)")

# Each builder the sample site is built with, and the test that reads what it wrote.
BUILDERS = {
    "dirhtml": "test_html_builders_keep_every_citation[dirhtml]",
    "singlehtml": "test_html_builders_keep_every_citation[singlehtml]",
    "epub": "test_html_builders_keep_every_citation[epub]",
    "text": "test_text_builder_keeps_every_citation",
    "latex": "test_latex_keeps_every_citation_as_a_link",
    "man": "test_man_and_texinfo_build[man]",
    "texinfo": "test_man_and_texinfo_build[texinfo]",
    "gettext": "test_gettext_extracts_the_articles",
}


@pytest.fixture(scope="module")
def builds(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Future[Any]]]:
    """The builds the tests this session runs read, each from scratch, all started at once
    and run side by side; each test waits for its own: the sample site with each builder,
    serially and in parallel, a copy of it to edit and build again, and test-plain-site with
    the extension and without."""
    tests = selected(request)
    mktemp = tmp_path_factory.mktemp
    work: dict[str, Callable[[], Any]] = {}
    for builder, test in BUILDERS.items():
        if test in tests:
            work[builder] = functools.partial(sphinx_build, DOCS, mktemp(builder), builder)
    if "test_parallel_build_is_byte_identical" in tests:
        for name, jobs in (("serial", "1"), ("parallel", "2")):
            work[name] = functools.partial(sphinx_build, DOCS, mktemp(name), "html", "-j", jobs)
    if "test_incremental_build_equals_a_clean_one" in tests:
        work["copy"] = functools.partial(built_copy, mktemp("incremental"))
    if "test_an_existing_site_keeps_its_pages_unchanged" in tests:
        for enabled in ("", "1"):
            work[f"plain-site-{enabled}"] = functools.partial(
                build_plain_site, mktemp("plain-site"), enabled
            )
    with started(work) as running:
        yield running


@pytest.mark.parametrize("builder", ["dirhtml", "singlehtml", "epub"])
def test_html_builders_keep_every_citation(
    builder: str, html_markers: dict[str, int], builds: dict[str, Future[Any]]
) -> None:
    out = builds[builder].result()
    pages = [p for p in out.rglob("*") if p.suffix in (".html", ".xhtml")]
    total = sum(
        len(BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").select("sup.enc-cite"))
        for p in pages
        if "articles" in p.parts or builder == "singlehtml"
    )
    assert total >= sum(html_markers.values())


def test_text_builder_keeps_every_citation(
    html_markers: dict[str, int], builds: dict[str, Future[Any]]
) -> None:
    out = builds["text"].result()
    for name, count in html_markers.items():
        text = (out / "articles" / f"{name}.txt").read_text(encoding="utf-8")
        body = text.split("\nReferences\n")[0]
        assert len(PLAIN_MARKER.findall(body)) == count, name
        assert "^ " in text.split("\nReferences\n")[1]


def test_latex_keeps_every_citation_as_a_link(
    html_markers: dict[str, int], builds: dict[str, Future[Any]]
) -> None:
    out = builds["latex"].result()
    (tex,) = out.glob("*.tex")
    source = tex.read_text(encoding="utf-8")
    links = re.findall(
        r"\\textsuperscript\{\{\\hyperref\[\\detokenize\{cite-note-articles-", source
    )
    assert len(links) == sum(html_markers.values())
    assert r"\begin{itemize}" in source  # See also as a list


@pytest.mark.parametrize("builder", ["man", "texinfo"])
def test_man_and_texinfo_build(builder: str, builds: dict[str, Future[Any]]) -> None:
    out = builds[builder].result()
    written = next(p for p in out.iterdir() if p.suffix in (".1", ".texi"))
    text = written.read_text(encoding="utf-8")
    assert "Hubinger, Evan (2019)" in text
    assert "^ a b c d e" in text


def test_gettext_extracts_the_articles(builds: dict[str, Future[Any]]) -> None:
    out = builds["gettext"].result()
    catalog = (out / "articles.pot").read_text(encoding="utf-8")
    assert "**Deceptive alignment** is a proposed failure mode" in " ".join(catalog.split())


def test_parallel_build_is_byte_identical(builds: dict[str, Future[Any]]) -> None:
    serial, parallel = builds["serial"].result(), builds["parallel"].result()  # -j 1, -j 2
    comparison = filecmp.dircmp(serial, parallel)
    differing = _differences(comparison)
    assert differing == []


def _differences(comparison: filecmp.dircmp[str]) -> list[str]:
    found = [*comparison.left_only, *comparison.right_only]
    for name in comparison.common_files:
        left, right = Path(comparison.left, name), Path(comparison.right, name)
        if left.read_bytes() != right.read_bytes():
            found.append(str(left))
    for sub in comparison.subdirs.values():
        found += _differences(sub)
    return found


def built_copy(tmp: Path) -> Path:
    """docs/ copied into ``tmp/docs`` and built from there into ``tmp/incremental``."""
    sphinx_build(copy_docs(tmp), tmp / "incremental")
    return tmp


def test_incremental_build_equals_a_clean_one(builds: dict[str, Future[Any]]) -> None:
    built = builds["copy"].result()  # docs/ copied to built/docs, built to built/incremental
    source = built / "docs"
    article = source / "articles" / "deceptive-alignment.rst"
    article.write_text(
        article.read_text(encoding="utf-8").replace(
            "The 2019 paper framed", "The 2019 preprint framed"
        ),
        encoding="utf-8",
    )
    bib = source / "refs.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8").replace(
            "Concrete Problems in {AI} Safety", "Concrete Problems in {AI} Safety, Revised"
        ),
        encoding="utf-8",
    )
    target = source / "articles" / "mesa-optimization.rst"  # a See-also target of others
    target.write_text(
        target.read_text(encoding="utf-8").replace(
            "Emergence of learned optimizers", "Learned optimizers inside trained models"
        ),
        encoding="utf-8",
    )
    incremental, clean = finish(  # side by side
        start_sphinx_build(source, built / "incremental"),
        start_sphinx_build(source, built / "clean"),
    )
    # Sphinx itself drops the index entries of unchanged pages from searchindex.js on an
    # incremental build (a vanilla project shows it too), so that file is left out.
    differing = [d for d in _differences(filecmp.dircmp(incremental, clean))
                 if not d.endswith("searchindex.js")]  # fmt: skip
    assert differing == []
    annotated = (incremental / "articles" / "ai-alignment.html").read_text(encoding="utf-8")
    assert "– Learned optimizers inside trained models</span>" in annotated
    revised = (incremental / "articles" / "reward-hacking.html").read_text(encoding="utf-8")
    assert "Concrete Problems in AI Safety, Revised" in revised


def build_plain_site(out: Path, enabled: str) -> Path:
    """tests/roots/test-plain-site built with ENCYCLOPEDIA set to ``enabled``: its HTML."""
    source = Path(__file__).parent / "roots" / "test-plain-site"
    environment = {**os.environ, "ENCYCLOPEDIA": enabled}
    command = [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", "-E"]
    command += ["-d", str(out / "doctrees"), str(source), str(out / "html")]
    result = subprocess.run(command, capture_output=True, text=True, env=environment)
    assert result.returncode == 0, result.stderr
    return out / "html"


def test_an_existing_site_keeps_its_pages_unchanged(builds: dict[str, Future[Any]]) -> None:
    bodies = {}
    for enabled in ("", "1"):
        html = builds[f"plain-site-{enabled}"].result()
        bodies[enabled] = {
            name: str(
                BeautifulSoup((html / name).read_text("utf-8"), "html.parser").select_one(
                    "div.body"
                )
            )
            for name in ("index.html", "other.html")
        }
    assert bodies[""] == bodies["1"]
    assert "An admonition." in bodies["1"]["index.html"]


@pytest.mark.sphinx("html", testroot="coexist")
def test_sphinxcontrib_bibtex_roles_on_the_same_page(app) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    tree = page(app)
    ours = reference_items(tree)
    assert [text_of(sup) for sup in tree.select("sup.enc-cite")] == ["[1]", "[1]", "[2]"]
    assert len(ours) == 2
    theirs = tree.select("div.citation, dl.citation > dt, aside.footnote")
    assert len(theirs) >= 2  # the bibliography's entry and the footnote
    body = text_of(tree.select_one("section#body"))
    assert "citation [Doe21], its footnote citation [1], and this extension’s again.[1][2]" in body
