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


@pytest.mark.sphinx("html", testroot="sources", srcdir="sources-bib-parsed-once")
def test_a_bib_change_parses_the_bib_once(app, make_app, monkeypatch):
    import os
    import time
    from pathlib import Path

    from pybtex.database.input import BaseParser

    app.build()
    bib = Path(app.srcdir) / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    later = time.time() + 5
    os.utime(bib, (later, later))
    parses: list[str] = []
    original = BaseParser.parse_file

    def counting(self, filename, *args, **kwargs):
        parses.append(str(filename))
        return original(self, filename, *args, **kwargs)

    monkeypatch.setattr(BaseParser, "parse_file", counting)
    again = make_app("html", srcdir=app.srcdir)
    again.build()
    assert len(again.env.all_docs) >= 4  # several articles read again, one parse
    assert parses == [str(bib)]
