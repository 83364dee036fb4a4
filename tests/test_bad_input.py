"""Mistakes in bib files and directive options: located, typed warnings; the build goes on."""

from __future__ import annotations

import pytest
from helpers import page, reference_items, reference_text, text_of, warnings_of


@pytest.mark.sphinx("html", testroot="badbib", freshenv=True)
def test_bib_and_option_mistakes_are_diagnosed(app):
    app.build()
    assert warnings_of(app) == [
        "SRC/a.bib:3: WARNING: bib file error, entry skipped: a brace in entry 'broken' is never "
        "closed, which hides the entry after it ('after') (syntax error in line 4: premature end "
        "of file) [encyclopedia.bib-syntax]",
        "SRC/b.bib:1: WARNING: bib key 'dup' is defined twice; the first definition is used "
        "(first defined at SRC/a.bib:1) [encyclopedia.duplicate-key]",
        "SRC/a.bib:2: WARNING: bib entry 'weird' has the unknown type @foo; it is formatted as a "
        "generic source [encyclopedia.unknown-entry-type]",
        "SRC/index.rst:6: WARNING: unknown option :short-desciption: of lead; did you mean "
        ":short-description:? (options: :short-description:) [encyclopedia.directive-option]",
        "SRC/index.rst:11: WARNING: invalid value 'bogus' of :sort: of sources: \"bogus\" "
        'unknown; choose from "author", "year", or "citations" [encyclopedia.directive-option]',
        "SRC/index.rst:11: WARNING: unknown option :yeras: of sources; did you mean :years:? "
        "(options: :keyword:, :sort:, :type:, :under:, :years:) [encyclopedia.directive-option]",
        "SRC/index.rst:6: WARNING: the lead comes first in an article, straight after its title "
        "(and hatnotes) [encyclopedia.lead-position]",
        "SRC/index.rst:9: WARNING: unknown bib key 'after' [encyclopedia.unknown-key]",
    ]


@pytest.mark.sphinx("html", testroot="badbib")
def test_the_page_renders_with_what_parsed(app):
    app.build()
    tree = page(app)
    dup, weird = reference_items(tree)
    assert reference_text(dup) == "A, B (2020). “One”."
    assert reference_text(weird) == "C, D (2021). “Odd type”."
    assert "generic" in weird.select_one(".enc-reference-text")["class"]
    assert [text_of(sup) for sup in tree.select("sup.enc-cite-error")] == ["[after?]"]
    assert tree.select("ul.enc-sources > li")  # the index ignored the bad options only
