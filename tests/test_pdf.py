"""The sample site taken to PDF with latexmk: markers, back-links and lists survive.

Needs latexmk and TeX Live (``apt-get install latexmk texlive-latex-recommended
texlive-latex-extra texlive-fonts-recommended tex-gyre``); skipped without them, except in CI.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    if shutil.which("latexmk") is None:
        if os.environ.get("CI"):
            pytest.fail("the PDF test needs latexmk in CI: .ci/run installs it")
        pytest.skip("latexmk is not installed")
    pypdf = pytest.importorskip("pypdf")
    out = tmp_path_factory.mktemp("pdf")
    command = [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "latex"]
    command += ["-d", str(out / "doctrees"), str(PROJECT / "docs"), str(out / "latex")]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    (tex,) = (out / "latex").glob("*.tex")
    latexmk = ["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", tex.name]
    result = subprocess.run(latexmk, cwd=tex.parent, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]
    log = tex.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    document = tex.with_suffix(".pdf")
    reader = pypdf.PdfReader(str(document))
    text = "\n".join(page.extract_text() for page in reader.pages)
    links = sum(len(page.get("/Annots") or []) for page in reader.pages)
    return document, log + f"\nLINKS {links}\n" + "\nTEXT\n" + text


def test_no_reference_is_left_undefined(pdf: tuple[Path, str]) -> None:
    _, output = pdf
    log = output.split("\nTEXT\n")[0]
    assert not re.search(r"Reference .* undefined|There were undefined references", log)


def test_markers_back_links_and_lists_in_the_pdf(pdf: tuple[Path, str]) -> None:
    _, output = pdf
    # Text extraction loses spaces in justified lines: compare without them.
    text = "".join(output.split("\nTEXT\n")[1].split())
    assert "colleaguesina2019preprint.[1]" in text
    assert "1.^abcdeHubinger,Evan(2019).“RisksfromLearnedOptimization" in text
    assert "Seealso•AIalignment–SteeringAIsystemstowardintendedgoals" in text
    links = int(re.search(r"LINKS (\d+)", output).group(1))
    assert links > 100  # markers, back-links and identifiers are links
