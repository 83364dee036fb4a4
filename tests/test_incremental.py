"""Incremental rebuilds give what a clean build gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import markers, page, reference_items, reference_text


# Each test edits its sources: a srcdir of its own keeps the shared copy of the root intact.
@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-article-edited")
def test_editing_an_article_renumbers_it(app, make_app):
    app.build()
    index = Path(app.srcdir) / "index.rst"
    index.write_text(
        index.read_text(encoding="utf-8").replace(":citation:`smith2020`", "", 1),
        encoding="utf-8",
    )
    again = make_app("html", srcdir=app.srcdir)
    again.build()
    tree = page(again)
    assert markers(tree) == ["[1]", "[2]", "[3]", "[1]", "[4]", "[2]"]
    assert again.env.get_domain("encyclopedia").articles["index"]["citations"][0] == ("doe2021", 0)


@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-bib-edited")
def test_editing_the_bib_updates_the_references(app, make_app):
    app.build()
    bib = Path(app.srcdir) / "refs.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8").replace("A Study of Things", "A Study of Stuff"),
        encoding="utf-8",
    )
    again = make_app("html", srcdir=app.srcdir)
    again.build()
    assert "index" in again.env.all_docs
    first = reference_items(page(again))[0]
    assert "A Study of Stuff" in reference_text(first)


@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-unchanged")
def test_an_unchanged_project_reports_no_configuration_change(app, make_app):
    app.build()
    again = make_app("html", srcdir=app.srcdir)
    again.build()
    # sphinx.testing itself changes html_theme between apps; the extension changes nothing.
    assert "html_static_path" not in again.status.getvalue()
    assert "0 added, 0 changed, 0 removed" in again.status.getvalue()
    assert "sphinx-encyclopedia.css" in (Path(again.outdir) / "index.html").read_text()
