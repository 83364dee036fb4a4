"""Configuration: every value declared once, checked at config-inited with located warnings."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest
from helpers import page, warnings_of

from sphinx_encyclopedia.config import PREFIX, EncyclopediaConfig, settings

PROJECT = Path(__file__).resolve().parents[1]


@pytest.mark.sphinx("html", testroot="config")
def test_bad_values_fall_back_with_a_warning_at_their_line(app):
    app.build()
    conf = "SRC/conf.py"
    assert warnings_of(app) == [
        f"{conf}:3: WARNING: encyclopedia_display_authors must be int, not '3'; using 0"
        " [encyclopedia.config]",
        f"{conf}:4: WARNING: encyclopedia_page_previews must be bool, not 'yes'; using True"
        " [encyclopedia.config]",
        f"{conf}:5: WARNING: note group 'ref' would shadow the existing role :ref:; it is left"
        " out (choose another name) [encyclopedia.config]",
        f"{conf}:5: WARNING: note group 'math' would shadow the existing role :math:; it is"
        " left out (choose another name) [encyclopedia.config]",
        f"{conf}:5: WARNING: note group 'emphasis' would shadow the existing role :emphasis:;"
        " it is left out (choose another name) [encyclopedia.config]",
        f"{conf}:5: WARNING: note group '2nd' is not a role name; it is left out"
        " [encyclopedia.config]",
        f"{conf}:5: WARNING: note group 'aside' has label style 'greek'; styles are"
        " lower-alpha, upper-alpha, lower-roman, named; using 'lower-alpha'"
        " [encyclopedia.config]",
    ]
    checked = settings(app.config)
    assert checked.display_authors == 0
    assert checked.page_previews is True
    assert checked.note_groups == {"note": "lower-alpha", "aside": "lower-alpha"}
    tree = page(app)
    # The roles the groups would have shadowed still do their own work.
    assert tree.select_one('a[href="#config-target"]') is not None
    assert tree.select_one("span.math") is not None
    assert [li.get_text(" ", strip=True)[:1] for li in tree.select("ol.enc-notes > li")] == [
        "^",
        "^",
    ]


@pytest.mark.sphinx("html", testroot="config", confoverrides={"encyclopedia_display_authors": -1})
def test_a_value_from_the_command_line_is_not_put_at_a_line_of_conf_py(app):
    assert warnings_of(app)[0] == (
        "WARNING: encyclopedia_display_authors must be a whole number, 0 or more, not -1;"
        " using 0 [encyclopedia.config]"
    )


def test_every_value_is_documented_once():
    guide = "".join(
        path.read_text(encoding="utf-8")
        for path in sorted((PROJECT / "docs" / "guide").glob("*.rst"))
    )
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    for setting in fields(EncyclopediaConfig):
        name = PREFIX + setting.name
        assert guide.count(f".. confval:: {name}\n") == 1, name
        assert f"`{name}`" in readme, name
    documented = {line.split("::")[1].strip() for line in guide.splitlines()
                  if line.startswith(".. confval:: encyclopedia_")}  # fmt: skip
    assert documented == {PREFIX + setting.name for setting in fields(EncyclopediaConfig)}


@pytest.mark.sphinx("html", testroot="basic")
def test_registered_with_their_rebuild_flags(app):
    for setting in fields(EncyclopediaConfig):
        name = PREFIX + setting.name
        assert name in app.config
        assert app.config[name] == getattr(settings(app.config), setting.name)
    assert app.config.values["encyclopedia_citation_style"].rebuild == "env"
    assert app.config.values["encyclopedia_page_previews"].rebuild == "html"
