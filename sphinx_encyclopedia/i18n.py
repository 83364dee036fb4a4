"""Rendered labels go through this package's own Sphinx message catalog."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.locale import get_translation

MESSAGE_CATALOG = "sphinx_encyclopedia"
LOCALE_DIR = Path(__file__).parent / "locale"

_ = get_translation(MESSAGE_CATALOG)


def setup_i18n(app: Sphinx) -> None:
    app.add_message_catalog(MESSAGE_CATALOG, str(LOCALE_DIR))


def update_catalogs(locale_dir: Path = LOCALE_DIR) -> None:
    """Extract every ``_("…")`` of the package into the template and merge it into each
    translation, keeping what is translated; new messages arrive untranslated."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po, write_po

    template = Catalog(project="sphinx-encyclopedia")
    package = locale_dir.parent
    for filename, lineno, message, comments, context in extract_from_dir(
        package, method_map=[("**.py", "python")], keywords={"_": None}
    ):
        template.add(message, locations=[(filename, lineno)], auto_comments=comments,
                     context=context)  # fmt: skip
    with (locale_dir / f"{MESSAGE_CATALOG}.pot").open("wb") as handle:
        write_po(handle, template, omit_header=False, sort_output=True, no_location=True)
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        with po_path.open("rb") as handle:
            catalog = read_po(handle)
        catalog.update(template, no_fuzzy_matching=True)
        with po_path.open("wb") as handle:
            write_po(handle, catalog, sort_output=True, no_location=True, ignore_obsolete=True)


def compile_catalogs(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Compile every ``.po`` of the package into the ``.mo`` Sphinx loads.

    Maintainers run ``python -m sphinx_encyclopedia.i18n update`` after changing a label,
    translate, then ``python -m sphinx_encyclopedia.i18n`` to compile."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        mo_path = po_path.with_suffix(".mo")
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        written.append(mo_path)
    return written


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["update"]:
        update_catalogs()
    for path in compile_catalogs():
        print(path)
