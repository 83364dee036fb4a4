"""A work written out in full in the text (:full-citation:), as a Wikipedia citation
template outside a reference: no marker, no number, not in the references list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers import markers, page, reference_items, text_of, warnings_of

ROOT = "fullcite"
HALE = "Hale, Mary (2005). Granite and Light. Harbour Press."


@pytest.mark.sphinx("html", testroot=ROOT, freshenv=True)
def test_the_entry_is_written_where_it_stands(app: Any) -> None:
    app.build()
    assert warnings_of(app) == [
        "SRC/index.rst:13: WARNING: unknown bib key 'hale2oo5' [encyclopedia.unknown-key]"
    ]
    tree = page(app)
    sentence = tree.select_one("section > p")
    assert text_of(sentence) == f"Her book {HALE} is cited once.[1]"
    assert sentence.select_one("span.citation.book > em").get_text() == "Granite and Light"
    items = [text_of(li) for li in tree.select("section > ul > li")][-2:]
    assert items == [HALE, "[hale2oo5?]"]
    # No marker and no number: the references list holds the one citation.
    assert markers(tree) == ["[1]"]
    assert [text_of(li) for li in reference_items(tree)] == [
        "^ Author1, Ann (2001). “Work number 1”. arXiv:2001.00001."
    ]
    assert text_of(page(app, "myst").select_one("section > p")) == f"Her book {HALE}."


@pytest.mark.sphinx("text", testroot=ROOT)
def test_text_builder(app: Any) -> None:
    app.build()
    text = (Path(app.outdir) / "index.txt").read_text(encoding="utf-8")
    assert "* Hale, Mary (2005). *Granite and Light*. Harbour Press." in text


@pytest.mark.sphinx("html", testroot=ROOT, srcdir="fullcite-bib-edited")
def test_an_edited_entry_reaches_the_page(app: Any, make_app: Any) -> None:
    app.build()
    bib = Path(app.srcdir) / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("Granite", "Basalt"), "utf-8")
    again = make_app("html", srcdir=app.srcdir)
    again.build()
    # myst.md names no key the bib lacks, so only the entry's change makes it read again.
    assert "Basalt and Light" in text_of(page(again, "myst").select_one("section > p"))
