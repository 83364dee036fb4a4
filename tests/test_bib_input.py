"""Bib files as people have them: in other encodings, with fields given twice."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from helpers import page, reference_items, reference_text, warnings_of

ENCODING_WARNINGS = [
    "SRC/latin1.bib:4: WARNING: bib file is not utf-8-sig (byte 0xe9); it is read as Latin-1: "
    "save it as UTF-8 or set bibtex_encoding [encyclopedia.bib-encoding]",
    "SRC/latin1.bib:3: WARNING: bib entry 'cafe2020' gives the field 'note' twice; the first "
    "value is used [encyclopedia.duplicate-field]",
]


@pytest.mark.sphinx("html", testroot="bib-encoding", freshenv=True)
def test_a_latin1_bib_file_is_read_with_a_located_warning(app):
    app.build()
    assert warnings_of(app) == ENCODING_WARNINGS
    texts = [reference_text(item) for item in reference_items(page(app))]
    assert texts == [
        "Té, Théo (2019). Thé. P.",
        "Café, Jean (2020). Café. Example Press. one.",
        "Other, Ann (2018). Plain. P.",
    ]


@pytest.mark.sphinx("html", testroot="bib-encoding", srcdir="bib-encoding-rebuilt")
def test_the_next_build_finds_the_files_up_to_date(app, make_app):
    app.build()
    assert len(warnings_of(app)) == 2
    again = make_app("html", srcdir=app.srcdir)
    again.build()
    # Nothing parsed again, nothing reported again, nothing read again.
    assert [line for line in warnings_of(again) if "already registered" not in line] == []
    assert again.env.get_domain("cite").bibdata is not None
    assert "cafe2020" in again.env.get_domain("cite").bibdata.data.entries


@pytest.mark.sphinx("html", testroot="bib-encoding", srcdir="bib-encoding-fixed")
def test_saving_the_file_as_utf8_ends_the_warning(app, make_app):
    app.build()
    latin1 = Path(app.srcdir) / "latin1.bib"
    latin1.write_text(latin1.read_bytes().decode("latin-1").replace("note = {two},", ""),
                      encoding="utf-8")  # fmt: skip
    later = time.time() + 5
    os.utime(latin1, (later, later))
    again = make_app("html", srcdir=app.srcdir)
    again.build()
    assert [line for line in warnings_of(again) if "already registered" not in line] == []
    assert "Café, Jean (2020). Café." in reference_text(reference_items(page(again))[1])


@pytest.mark.sphinx("html", testroot="bib-values", freshenv=True)
def test_values_pybtex_reads_in_part_are_reported_as_read_and_where(app):
    app.build()
    assert warnings_of(app) == [
        "SRC/refs.bib:1: WARNING: undefined string 'foo' in entry 'a' is read as empty "
        "[encyclopedia.bib-syntax]",
        "SRC/refs.bib:3: WARNING: bib name ', , , x' is malformed (Too many commas in "
        "', , , x'); what could be read of it is used [encyclopedia.bib-syntax]",
    ]
    texts = [reference_text(item) for item in reference_items(page(app))]
    assert texts == ["Ann, A (2001). A. P.", "x; Smith, J (2004). D. P."]
