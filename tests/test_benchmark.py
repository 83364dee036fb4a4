"""The build-speed benchmark keeps running: a tiny site through every measurement. It checks
that each build succeeds and is reported, never how fast it was."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "build_speed.py"


def test_benchmark_runs_every_measurement(tmp_path):
    out = tmp_path / "results.json"
    command = [sys.executable, str(BENCHMARK), "-n", "4", "-m", "3", "-k", "8", "--json", str(out)]
    completed = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
    assert completed.returncode == 0, completed.stderr
    for label in ("plain Sphinx", "references as footnotes", "footcite", "ratio to footnotes",
                  "each citation a :sup: role", "ratio to :sup: roles",
                  "the :sup: roles' CPU ratio to plain", "each citation a bare role",
                  "ratio to bare roles", "the bare roles' CPU ratio to plain",
                  "round by round, side by side", "sphinx-encyclopedia -j 2", "ratio to its -j 1",
                  "touch one article", "plain Sphinx, the same", "touch the bib file",
                  "CSS+JS per page",
                  "page preview data"):  # fmt: skip
        assert label in completed.stdout
    results = json.loads(out.read_text())
    assert set(results) == {"plain", "plain_j2", "footnotes", "superscripts", "bare", "footcite",
                            "encyclopedia",
                            "encyclopedia_j2",
                            "one_article", "article_alone", "bib_change",
                            "plain_one_article", "plain_article_alone",
                            "encyclopedia_cpu_ratios", "superscripts_cpu_ratios",
                            "bare_cpu_ratios"}  # fmt: skip
    for name in ("encyclopedia_cpu_ratios", "superscripts_cpu_ratios", "bare_cpu_ratios"):
        ratios = results.pop(name)
        assert len(ratios) == 1 and ratios[0] > 0  # one round by default
    assert all(min(run.values()) > 0 for run in results.values())  # seconds, CPU, memory


def _generated_site(tmp_path: Path) -> Path:
    sys.path.insert(0, str(BENCHMARK.parent))
    try:
        import build_speed
    finally:
        sys.path.remove(str(BENCHMARK.parent))
    build_speed.generate(tmp_path, articles=3, citations=21, entries=30, seed=7)
    return tmp_path


def test_generated_variants_build_without_warnings_and_keep_notes_and_locators(tmp_path):
    root = _generated_site(tmp_path)
    pages = {}
    for variant in ("plain", "superscripts", "bare", "footnotes", "footcite", "encyclopedia"):
        out = root / variant / "_build"
        command = [sys.executable, "-m", "sphinx", "-q", "-W", "-b", "html", str(root / variant),
                   str(out)]  # fmt: skip
        completed = subprocess.run(command, capture_output=True, text=True, check=False)
        assert completed.returncode == 0, completed.stderr
        pages[variant] = (out / "article0.html").read_text()
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
