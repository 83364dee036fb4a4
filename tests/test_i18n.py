"""Rendered labels come from the extension's message catalog."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from helpers import page, text_of

from sphinx_encyclopedia.i18n import LOCALE_DIR, MESSAGE_CATALOG

PACKAGE = LOCALE_DIR.parent


def source_messages() -> set[str]:
    extracted = extract_from_dir(PACKAGE, method_map=[("**.py", "python")], keywords={"_": None})
    return {message for _file, _line, message, _comments, _context in extracted}


def catalog_ids(path: Path) -> set[str]:
    with path.open("rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


def test_template_holds_every_label():
    assert catalog_ids(LOCALE_DIR / f"{MESSAGE_CATALOG}.pot") == source_messages()


@pytest.mark.parametrize("po", sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")), ids=str)
def test_translations_are_complete_and_compiled(po: Path):
    with po.open("rb") as handle:
        messages = [message for message in read_po(handle) if message.id]
    assert {message.id for message in messages} == source_messages()
    compiled = gettext.GNUTranslations(po.with_suffix(".mo").open("rb"))
    for message in messages:
        assert message.string, message.id
        assert compiled.gettext(message.id) == message.string, (
            "run python -m sphinx_encyclopedia.i18n"
        )


@pytest.mark.sphinx("html", testroot="basic", confoverrides={"language": "de"})
def test_german_labels(app):
    app.build()
    tree = page(app)
    headings = [text_of(h).rstrip("¶") for h in tree.select("h2")]
    assert headings[-2:] == ["Siehe auch", "Einzelnachweise"]
    hidden = tree.select_one(".enc-backlinks .enc-visually-hidden")
    assert text_of(hidden) == "Nach oben springen zu:"


@pytest.mark.parametrize(
    ("language", "see_also", "references", "jump"),
    [
        ("fr", "Voir aussi", "Références", "Revenir plus haut en :"),
        ("es", "Véase también", "Referencias", "Saltar a:"),
        ("ja", "関連項目", "出典", "移動先:"),
    ],
)
def test_other_languages(make_app, tmp_path, language, see_also, references, jump):
    import shutil
    from pathlib import Path

    source = tmp_path / language
    shutil.copytree(Path(__file__).parent / "roots" / "test-basic", source)
    app = make_app("html", srcdir=source, confoverrides={"language": language})
    app.build()
    tree = page(app)
    headings = [text_of(h).rstrip("¶") for h in tree.select("h2")]
    assert headings[-2:] == [see_also, references]
    assert text_of(tree.select_one(".enc-backlinks .enc-visually-hidden")) == jump


@pytest.mark.sphinx(
    "html", testroot="cs1", confoverrides={"language": "fr", "encyclopedia_date_format": "dmy"}
)
def test_dates_and_style_labels_follow_the_language(app):
    app.build()
    texts = [text_of(item.select_one(".enc-reference-text")) for item in tree_items(app)]
    assert texts[1] == "“Markets rally”. The Daily Paper. 13 janvier 2024. p. A5."
    assert "Müller, Jörg; Smith, Ann; et al. (2020)" in texts[0]


def tree_items(app):
    return page(app).select("ol.enc-references > li")
