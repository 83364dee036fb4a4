"""Non-HTML builders render the plain form: [n] markers and a numbered list with ^ a b."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.sphinx("text", testroot="basic")
def test_text_builder(app):
    app.build()
    assert app.warning.getvalue() == ""
    text = (Path(app.outdir) / "index.txt").read_text(encoding="utf-8")
    assert "Things were found.[2] Then more were found.[1][3]" in " ".join(text.split())
    flat = " ".join(text.split())
    assert "1. ^ a b c Smith, Jane (2020). “A Study of Things”." in flat
    assert "3. ^ “Things Happen”. *The Daily Paper*. 2022-05-04." in flat


@pytest.mark.sphinx("latex", testroot="basic")
def test_latex_builder_links_both_ways(app):
    app.build()
    assert app.warning.getvalue() == ""
    (tex,) = Path(app.outdir).glob("*.tex")
    source = tex.read_text(encoding="utf-8")
    assert r"\label{\detokenize{cite-ref-index-1-0}}" in source
    assert r"\textsuperscript{{\hyperref[\detokenize{cite-note-index-1}]{[1]}}}" in source
    assert r"\label{\detokenize{cite-note-index-1}}" in source
    assert r"{\hyperref[\detokenize{cite-ref-index-1-2}]{\textit{\textbf{c}}}}" in source


@pytest.mark.sphinx("man", testroot="basic")
def test_man_builder(app):
    app.build()
    assert app.warning.getvalue() == ""
    (page,) = Path(app.outdir).glob("*.1")
    assert "found.[2]" in page.read_text(encoding="utf-8")


@pytest.mark.sphinx("texinfo", testroot="basic")
def test_texinfo_builder(app):
    app.build()
    assert app.warning.getvalue() == ""
    (info,) = Path(app.outdir).glob("*.texi")
    assert "^ a b c" in info.read_text(encoding="utf-8")
