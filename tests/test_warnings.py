"""Each mistake in this issue's scope gives one located warning of its own subtype."""

from __future__ import annotations

import pytest
from helpers import page, reference_items, text_of, warnings_of


@pytest.mark.sphinx("html", testroot="warnings", freshenv=True)
def test_each_mistake_warns_once_with_file_and_line(app):
    app.build()
    assert warnings_of(app) == [
        "SRC/empty.rst:6: WARNING: references list with nothing cited before it "
        "[encyclopedia.empty-references]",
        "SRC/index.rst:20: WARNING: citation without a key: :citation:`,` "
        "[encyclopedia.empty-citation]",
        "SRC/index.rst:13: WARNING: an article has one lead; this one is a second "
        "[encyclopedia.duplicate-lead]",
        "SRC/index.rst:20: WARNING: unknown bib key 'nosuchkey' [encyclopedia.unknown-key]",
        "SRC/index.rst:11: WARNING: citations with no references list after them; "
        "one is added at the end [encyclopedia.missing-references]",
    ]


@pytest.mark.sphinx("html", testroot="warnings")
def test_the_page_still_renders(app):
    app.build()
    tree = page(app)
    broken = [text_of(sup) for sup in tree.select("sup.enc-cite-error")]
    assert broken == ["[nosuchkey?]", "[?]"]
    (item,) = reference_items(tree)
    assert text_of(item).endswith("“A Study of Things”. arXiv:2001.00001 [cs.LG].")
    assert text_of(tree.select("h2")[-1]).startswith("References")
    assert reference_items(page(app, "empty")) == []


@pytest.mark.sphinx(
    "html",
    testroot="warnings",
    confoverrides={
        "suppress_warnings": ["encyclopedia.unknown-key", "encyclopedia.empty-citation"]
    },
)
def test_one_kind_can_be_silenced(app):
    app.build()
    assert not any("unknown-key" in line or "empty-citation" in line for line in warnings_of(app))
    assert any("duplicate-lead" in line for line in warnings_of(app))


def test_every_subtype_is_documented():
    from pathlib import Path

    from sphinx_encyclopedia.diagnostics import SUBTYPES

    guide = (Path(__file__).parents[1] / "docs" / "guide" / "warnings.rst").read_text("utf-8")
    assert [name for name in SUBTYPES if f"``{name}``" not in guide] == []
