"""Warnings exact enough to act on: the line of the role itself, of the bib entry that broke,
and the key that was probably meant."""

from __future__ import annotations

from pathlib import Path

import pybtex.errors
import pytest
from helpers import warnings_of
from pybtex.database.input.bibtex import Parser

from sphinx_encyclopedia.bibcheck import broken_entry
from sphinx_encyclopedia.citations import enc_citation
from sphinx_encyclopedia.locations import RoleText
from sphinx_encyclopedia.notes import enc_note_ref


@pytest.mark.sphinx("html", testroot="locations", freshenv=True)
def test_each_warning_names_the_line_of_what_is_wrong(app):
    app.build()
    assert warnings_of(app) == [
        "SRC/broken.bib:3: WARNING: bib file error, entry skipped: a brace in entry 'middle' is "
        "never closed (syntax error in line 9: '}' expected) [encyclopedia.bib-syntax]",
        # While reading index.rst: the roles' own warnings, then the directives' …
        "SRC/index.rst:22: WARNING: locator without a key: :citation:`{p. 3}` "
        "[encyclopedia.locator-without-key]",
        "SRC/index.rst:25: WARNING: malformed citation in :note:`whose citation",
        "is never closed [@smith2020{p. 3}`: no bracket closes '[@smith2020{p. 3}'; brackets in "
        "a locator must balance [encyclopedia.malformed-citation]",
        "SRC/index.rst:26: WARNING: note without text: :note:`\\ ` [encyclopedia.empty-note]",
        "SRC/index.rst:35: WARNING: unknown bib key 'hubinger2019risk'; did you mean "
        "'hubinger2019risks'? [encyclopedia.unknown-key]",
        "SRC/index.rst:35: WARNING: further-reading lists no work [encyclopedia.further-reading]",
        # … then the keys, once the page is read.
        "SRC/index.rst:11: WARNING: unknown bib key 'nosuchkey' [encyclopedia.unknown-key]",
        "SRC/index.rst:13: WARNING: unknown bib key 'twice' [encyclopedia.unknown-key]",
        "SRC/index.rst:15: WARNING: unknown bib key 'twice' [encyclopedia.unknown-key]",
        "SRC/index.rst:18: WARNING: unknown bib key 'smith202'; did you mean 'smith2020'? "
        "[encyclopedia.unknown-key]",
        "SRC/index.rst:20: WARNING: unknown bib key 'hubinger2019risk'; did you mean "
        "'hubinger2019risks'? [encyclopedia.unknown-key]",
        "SRC/index.rst:21: WARNING: unknown bib key 'SMITH2021'; did you mean 'smith2020'? "
        "[encyclopedia.unknown-key]",
        "SRC/included.txt:2: WARNING: unknown bib key 'inincluded' [encyclopedia.unknown-key]",
        "SRC/index.rst:33: WARNING: unknown bib key 'inadmonition' [encyclopedia.unknown-key]",
        "SRC/page.md:4: WARNING: unknown bib key 'mdmissing' [encyclopedia.unknown-key]",
        "SRC/page.md:6: WARNING: unknown bib key 'mdinnote' [encyclopedia.unknown-key]",
        "SRC/page.md:10: WARNING: unknown bib key 'mdinfence' [encyclopedia.unknown-key]",
    ]


@pytest.mark.sphinx("html", testroot="locations", freshenv=True)
def test_markers_carry_the_line_of_their_role(app):
    app.build()
    doctree = app.env.get_doctree("index")
    citations = [(node["key"], node.line) for node in doctree.findall(enc_citation)]
    assert citations == [
        ("nosuchkey", 11), ("twice", 13), ("twice", 15), ("smith202", 18),
        ("hubinger2019risk", 20), ("SMITH2021", 21), ("", 22), ("inincluded", 2),
        ("inadmonition", 33),
    ]  # fmt: skip
    assert [node.line for node in doctree.findall(enc_note_ref)] == [17, 24, 26]
    page = app.env.get_doctree("page")
    assert [node.line for node in page.findall(enc_citation)] == [4, 6, 10]
    assert [node.line for node in page.findall(enc_note_ref)] == [5]


def test_fragments_of_a_role_are_found_in_order():
    markup = RoleText(":note:`a [@x]\n   and [@x] and\n   [@y{p.\n   3}]`", 7)
    assert [markup.line_of("[@x]"), markup.line_of("[@x]"), markup.line_of("[@y{p. 3}]")] == [
        7, 8, 9,
    ]  # fmt: skip
    assert markup.line_of("[@missing]") == 7  # not found: the role's own line


def bib_error(path: Path, text: str) -> tuple[int, str]:
    path.write_text(text, encoding="utf-8", newline="")
    with pybtex.errors.capture() as errors:
        Parser().parse_file(str(path))
    (error,) = errors
    return error.lineno, str(error)


def test_an_unclosed_brace_at_the_end_names_its_entry_and_what_it_hides(tmp_path):
    path = tmp_path / "x.bib"
    text = (
        "@misc{ok, title = {Fine}}\n"
        "@misc(open, title = {Never closed)\n"
        "@misc{b, title = {B}}\n"
        "@misc{c, title = {C}}\n"
    )
    lineno, message = bib_error(path, text)
    assert (lineno, message) == (4, "syntax error in line 4: premature end of file")
    assert broken_entry(str(path), lineno) == (2, "'open'", True, ["b", "c"])


def test_another_error_keeps_its_line_and_names_its_entry(tmp_path):
    path = tmp_path / "x.bib"
    lineno, message = bib_error(path, "@misc{ok, title = {Fine}}\r@misc{bad,\r title {X}}\r")
    assert (lineno, message) == (3, "syntax error in line 3: '=' expected")
    assert broken_entry(str(path), lineno) == (2, "'bad'", False, [])
