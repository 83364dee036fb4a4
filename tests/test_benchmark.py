"""The build-speed benchmark keeps running: a tiny site through every measurement. It checks
that each build succeeds and is reported, never how fast it was."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from side_by_side import selected, started

BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "build_speed.py"
WHERE = BENCHMARK.parent / "where_time_goes.py"
VARIANTS = ("plain", "superscripts", "bare", "footnotes", "written", "footcite", "encyclopedia")

Run = tuple[subprocess.CompletedProcess[str], Path]
# The site where_time_goes.py measures, which its test generates again to count what runs.
WHERE_SITE = {"articles": 4, "citations": 12, "entries": 8, "seed": 5}


def run_script(script: Path, out: Path, *arguments: str) -> Run:
    """``script`` with ``arguments`` and ``--json out``: what it printed, and ``out``."""
    command = [sys.executable, str(script), *arguments, "--json", str(out)]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=600), out


def build_variant(root: Path, variant: str) -> subprocess.CompletedProcess[str]:
    out = root / variant / "_build"
    command = [sys.executable, "-m", "sphinx", "-q", "-W", "-b", "html", str(root / variant),
               str(out)]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, check=False)


@dataclass
class Runs:
    started: dict[str, Future[Any]]
    variants: Path  # the generated site whose variants are built


@pytest.fixture(scope="module")
def runs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Runs]:
    """The benchmark scripts' runs and the generated variants' builds of the tests this session
    runs, all started at once and run side by side; each test waits for its own."""
    tmp = tmp_path_factory.mktemp("benchmarks")
    tests = selected(request)
    work: dict[str, Callable[[], Any]] = {}
    variants = tmp / "variants"
    if "test_benchmark_runs_every_measurement" in tests:  # the longest: first
        work["every"] = lambda: run_script(
            BENCHMARK, tmp / "every.json", "-n", "4", "-m", "3", "-k", "8"
        )
    if "test_benchmark_builds_plain_and_extension_alone_in_a_named_theme" in tests:
        work["theme"] = lambda: run_script(
            BENCHMARK, tmp / "theme.json", "-n", "3", "-m", "3", "-k", "8", "--repeat", "2",
            "--theme", "furo", "--serial-only",
        )  # fmt: skip
    if "test_where_time_goes_counts_each_part_of_the_extension" in tests:
        sizes = [f"--{name}={value}" for name, value in WHERE_SITE.items()]
        work["where"] = lambda: run_script(WHERE, tmp / "where.json", *sizes, "--repeat", "1")
    if "test_generated_variants_build_without_warnings_and_keep_notes_and_locators" in tests:
        _generated_site(variants)
        for variant in VARIANTS:
            work[variant] = lambda variant=variant: build_variant(variants, variant)
    with started(work) as running:
        yield Runs(running, variants)


def test_benchmark_runs_every_measurement(runs: Runs) -> None:
    completed, out = runs.started["every"].result()
    assert completed.returncode == 0, completed.stderr
    for label in ("plain Sphinx", "references as footnotes", "footcite", "ratio to footnotes",
                  "each citation a :sup: role", "ratio to :sup: roles",
                  "the :sup: roles' CPU ratio to plain", "each citation a bare role",
                  "ratio to bare roles", "the bare roles' CPU ratio to plain",
                  "round by round, side by side", "sphinx-encyclopedia -j 2", "ratio to its -j 1",
                  "touch one article", "plain Sphinx, the same", "touch the bib file",
                  "articles cite (ratio to full)", "the same text written by hand",
                  "the extension's lists pasted in", "ratio to the same text",
                  "ratio to the pasted lists", "the pasted lists' CPU ratio to plain",
                  "CSS+JS per page",
                  "page preview data"):  # fmt: skip
        assert label in completed.stdout
    results = json.loads(out.read_text())
    assert set(results) == {"plain", "plain_j2", "footnotes", "superscripts", "bare", "footcite",
                            "encyclopedia",
                            "encyclopedia_j2",
                            "one_article", "article_alone", "bib_change", "bib_edit",
                            "plain_one_article", "plain_article_alone",
                            "written", "pasted",
                            "encyclopedia_cpu_ratios", "superscripts_cpu_ratios",
                            "bare_cpu_ratios", "encyclopedia_cpu_ratios_to_written",
                            "pasted_cpu_ratios", "theme"}  # fmt: skip
    assert results.pop("theme") == "basic"
    for name in ("encyclopedia_cpu_ratios", "superscripts_cpu_ratios", "bare_cpu_ratios",
                 "encyclopedia_cpu_ratios_to_written", "pasted_cpu_ratios"):  # fmt: skip
        ratios = results.pop(name)
        assert len(ratios) == 1 and ratios[0] > 0  # one round by default
    assert all(min(run.values()) > 0 for run in results.values())  # seconds, CPU, memory


def test_benchmark_builds_plain_and_extension_alone_in_a_named_theme(runs: Runs) -> None:
    completed, out = runs.started["theme"].result()
    assert completed.returncode == 0, completed.stderr
    assert "theme furo;" in completed.stdout
    assert "sphinx-encyclopedia " in completed.stdout
    for label in ("bare role", ":sup:", "footnotes", "footcite", "-j 2", "touch"):
        assert label not in completed.stdout
    for label in ("the same text written by hand", "the extension's lists pasted in",
                  "ratio to the same text"):  # fmt: skip
        assert label in completed.stdout
    results = json.loads(out.read_text())
    assert set(results) == {"plain", "encyclopedia", "written", "pasted",
                            "encyclopedia_cpu_ratios", "encyclopedia_cpu_ratios_to_written",
                            "pasted_cpu_ratios", "theme"}  # fmt: skip
    assert results["theme"] == "furo"
    for name in ("encyclopedia_cpu_ratios", "encyclopedia_cpu_ratios_to_written",
                 "pasted_cpu_ratios"):  # fmt: skip
        assert len(results[name]) == 2


def test_generated_sites_use_the_theme_asked_for(tmp_path):
    root = _generated_site(tmp_path, articles=2, citations=3, entries=5, seed=1, theme="furo")
    for variant in VARIANTS:
        assert "html_theme = 'furo'" in (root / variant / "conf.py").read_text()
    default = _generated_site(tmp_path / "default")
    assert "html_theme = 'basic'" in (default / "plain" / "conf.py").read_text()


def _benchmark_module() -> Any:
    sys.path.insert(0, str(BENCHMARK.parent))
    try:
        import build_speed
    finally:
        sys.path.remove(str(BENCHMARK.parent))
    return build_speed


def _generated_site(tmp_path: Path, **sizes: Any) -> Path:
    default = {"articles": 3, "citations": 21, "entries": 30, "seed": 7}
    _benchmark_module().generate(tmp_path, **(sizes or default))
    return tmp_path


def test_generated_variants_build_without_warnings_and_keep_notes_and_locators(
    runs: Runs,
) -> None:
    root = runs.variants  # 3 articles x 21 citations, 30 entries, seed 7
    pages = {}
    for variant in VARIANTS:
        completed = runs.started[variant].result()
        assert completed.returncode == 0, completed.stderr
        pages[variant] = (root / variant / "_build" / "article0.html").read_text()
    source = (root / "encyclopedia" / "article0.rst").read_text()
    assert source.count(":note:`") == 2 and source.count("[@") == 1  # notes, one citing
    locators = source.count("}`")
    assert locators >= 1
    encyclopedia = pages["encyclopedia"]
    assert encyclopedia.count('class="enc-note"') == 2
    assert encyclopedia.count('class="enc-locator"') == locators
    for variant in ("plain", "footnotes", "footcite"):  # notes as docutils' footnotes
        assert "Notes" in pages[variant] and pages[variant].count('role="doc-footnote"') >= 2
    assert 'role="doc-footnote"' not in encyclopedia
    # One superscript wherever the extension has a marker, notes' citations included.
    markers = encyclopedia.count('class="reference enc-cite"')
    assert pages["superscripts"].count("<sup>") == markers > 0
    assert "<sup>" not in pages["plain"]
    bare_markers = (root / "bare" / "article0.rst").read_text().count(":bare:`")
    assert bare_markers == markers and "<sup>" not in pages["bare"]
    assert pages["bare"].count("<span></span>") == markers
    # The same text by hand: a superscript for every marker, notes' included, and the notes
    # and references as numbered lists, the references out of the search index.
    note_markers = encyclopedia.count('class="reference enc-note-ref"')
    written = pages["written"]
    assert written.count("<sup>") == markers + note_markers
    references = encyclopedia.count('class="enc-reference"')
    assert references > 0 and written.count("<li>") >= references + 2 + 3  # notes, See also
    assert written.count('<ol class="arabic simple no-search">') == 1

    # The pasted lists: the extension's own lists, as raw HTML, and an empty role per marker.
    _benchmark_module().paste_lists(root, root / "encyclopedia" / "_build")
    completed = build_variant(root, "pasted")
    assert completed.returncode == 0, completed.stderr
    pasted = (root / "pasted" / "_build" / "article0.html").read_text()
    assert pasted.count('class="enc-reference"') == references
    assert pasted.count('class="enc-note"') == 2
    # A citation inside a note is a marker of the pasted notes list, no role of its own.
    in_notes = pasted.count('class="reference enc-cite"')
    assert in_notes == 1 and pasted.count("<span></span>") + in_notes == markers + note_markers
    assert "enc-cite-this-page" not in pasted and "ld+json" not in pasted


def test_where_time_goes_counts_each_part_of_the_extension(runs: Runs, tmp_path: Path) -> None:
    completed, out = runs.started["where"].result()
    assert completed.returncode == 0, completed.stderr
    for label in ("ratio to plain", "Sphinx and docutils, for the extension",
                  "the extension's own code", "all of it", "beyond the bare roles"):  # fmt: skip
        assert label in completed.stdout
    results = json.loads(out.read_text())
    assert set(results) == {"plain", "bare", "encyclopedia"}
    for result in results.values():
        phases = result["phases"]
        parts = ("reading", "writing", "the rest", "garbage collection")
        assert phases["build"] == pytest.approx(sum(phases[name] for name in parts))
        assert all(phases[name] > 0 for name in ("reading", "writing", "build"))

    # The same site, generated again from the same seed, says how often each part runs.
    site = _generated_site(tmp_path / "site", **WHERE_SITE)
    sources = [path.read_text() for path in sorted((site / "encyclopedia").glob("article*.rst"))]
    roles = [text for source in sources for text in re.findall(r":citation:`([^`]*)`", source)]
    inner = [key for source in sources for key in re.findall(r"\[@([^\]]*)\]", source)]
    cited = {text.split("{")[0] for text in roles} | set(inner)
    pages = len(sources) + 1  # and the index
    parts = results["encyclopedia"]["parts"]
    assert inner  # a note's [@key] goes through the citation role too
    assert parts["role CitationRole"][0] == len(roles) + len(inner)
    assert parts["formatting entries (the citation style)"][0] == len(cited)
    assert parts["post-transform ReferenceNumbering"][0] == pages
    assert parts["transform CitationCheck"][0] == pages
    assert "unpickling pages (Sphinx)" not in parts  # Sphinx keeps the pages read until written
    assert parts["writing enc_citation"][0] == len(roles) + len(inner)
    own = sum(seconds for _, seconds in parts.values())
    assert 0 < own < results["encyclopedia"]["phases"]["build"]
    # Only the extension's build has parts of the extension; no build unpickles a page.
    assert not results["plain"]["parts"] and not results["bare"]["parts"]
    # Sphinx's and docutils' own work, in every build.
    for result in results.values():
        assert result["sphinx"]["pickling pages"][0] == pages
        assert result["sphinx"]["indexing pages for search"][0] == pages
    machines = {name: result["sphinx"]["docutils' nested state machines made"][0]
                for name, result in results.items()}  # fmt: skip
    # A lead is a directive with an option: a run of explicit markup and an option list more.
    assert machines["encyclopedia"] > machines["bare"] > 0
