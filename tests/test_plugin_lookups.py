"""pybtex's plugin lookup scans every installed distribution: it must not run per citation."""

from __future__ import annotations

import pybtex.plugin
import pytest
from helpers import markers, page


@pytest.mark.sphinx("html", testroot="many-sites", srcdir="many-sites-counted")
def test_plugin_lookups_do_not_grow_with_citations(app, monkeypatch):
    calls: list[tuple[str, str | None]] = []
    original = pybtex.plugin.find_plugin

    def counting(plugin_group: str, name: str | None = None) -> type:
        calls.append((plugin_group, name))
        return original(plugin_group, name)

    monkeypatch.setattr(pybtex.plugin, "find_plugin", counting)
    app.build()
    assert len(markers(page(app))) == 28
    # sphinxcontrib-bibtex looks up its two referencing styles; creating the citation style
    # once may add a few: 28 citations must not multiply them.
    assert len(calls) <= 8, calls
