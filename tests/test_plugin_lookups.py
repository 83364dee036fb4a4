"""pybtex's plugin lookup scans every installed distribution: it must not run per citation."""

from __future__ import annotations

from typing import Any

import pybtex.plugin
import pytest
from helpers import markers, page, warnings_of


def counted_lookups(monkeypatch: Any) -> list[tuple[str, str | None]]:
    """The calls of pybtex's plugin lookup from now on, as (group, name)."""
    calls: list[tuple[str, str | None]] = []
    original = pybtex.plugin.find_plugin

    def counting(plugin_group: str, name: str | None = None) -> type:
        calls.append((plugin_group, name))
        return original(plugin_group, name)

    monkeypatch.setattr(pybtex.plugin, "find_plugin", counting)
    return calls


@pytest.mark.sphinx("html", testroot="many-sites", srcdir="many-sites-counted")
def test_plugin_lookups_do_not_grow_with_citations(app, monkeypatch):
    calls = counted_lookups(monkeypatch)
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


@pytest.mark.sphinx("html", testroot="sources", srcdir="sources-shared-bib", parallel=2)
def test_parallel_workers_send_the_bib_data_by_reference(app, monkeypatch):
    import pickle
    from pathlib import Path

    from sphinxcontrib.bibtex.bibfile import BibData

    import sphinx_encyclopedia.parallel as parallel

    resolved: list[int] = []

    class Counting(dict):
        # The main process looks tokens up here; workers only ever send them.
        def __getitem__(self, token: int) -> tuple[int, BibData]:
            resolved.append(token)
            return super().__getitem__(token)

    monkeypatch.setattr(parallel, "_shared", Counting())
    app.build()
    assert app.warning.getvalue() == ""
    # Each chunk of documents comes back from a worker with a token, not with the entries.
    assert resolved
    current = app.env.get_domain("cite").bibdata
    assert all(parallel._shared[token][1] is current for token in set(resolved))
    with open(Path(app.doctreedir) / "environment.pickle", "rb") as saved:
        environment = pickle.load(saved)
    # The environment on disk holds the entries themselves, for the next incremental build.
    bibdata = environment.domaindata["cite"]["bibdata"]
    assert type(bibdata) is BibData
    assert set(bibdata.data.entries) == set(app.env.get_domain("cite").bibdata.data.entries)


def test_shared_bib_data_pickles_to_a_token_only_outside_its_owner(monkeypatch):
    import os
    import pickle

    from pybtex.database import BibliographyData, Entry
    from sphinxcontrib.bibtex.bibfile import BibData

    import sphinx_encyclopedia.parallel as parallel

    entries = {f"key{i}": Entry("misc", fields={"title": "x" * 200}) for i in range(200)}
    shared = parallel.SharedBibData("utf-8", {}, BibliographyData(entries))
    monkeypatch.setattr(parallel, "_shared", {id(shared): (os.getpid(), shared)})
    in_owner = pickle.dumps(shared)
    assert type(pickle.loads(in_owner)) is BibData
    monkeypatch.setattr(parallel.os, "getpid", lambda: -1)  # as in a forked worker
    in_worker = pickle.dumps(shared)
    assert len(in_worker) < len(in_owner) / 100
    assert pickle.loads(in_worker) is shared


def _site_citing(srcdir: Any, count: int) -> None:
    """One article citing ``count`` works, one recommending as many more through a filter,
    and a sources index: every list that formats or sorts entries."""
    srcdir.mkdir(parents=True)
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_encyclopedia"]\nbibtex_bibfiles = ["refs.bib"]\n'
        "encyclopedia_sources_links = True\n",
        encoding="utf-8",
    )
    works = [
        f"@book{{w{i}, author = {{Author{i}, A. and Other, B.}}, title = {{Work {{\\TeX}} {i}}},"
        f" publisher = {{P}}, year = {{{1900 + i}}}, keywords = {{{'read' if i % 2 else ''}}}}}"
        for i in range(2 * count)
    ]
    (srcdir / "refs.bib").write_text("\n".join(works), encoding="utf-8")
    cites = " ".join(f"Claim {i}.\\ :citation:`w{i}`" for i in range(count))
    (srcdir / "index.rst").write_text(
        "Article\n=======\n\n.. toctree::\n\n   sources\n\n"
        f"{cites}\n\nReferences\n----------\n\n.. references::\n\n"
        'Further reading\n---------------\n\n.. further-reading::\n   :filter: keywords % "read"\n',
        encoding="utf-8",
    )
    (srcdir / "sources.rst").write_text("Sources\n=======\n\n.. sources::\n", encoding="utf-8")


def test_plugin_lookups_do_not_grow_with_entries(make_app, tmp_path, monkeypatch):
    """The sources index, further reading, its filter, the exports and the previews included:
    ten times the entries, the same lookups."""
    calls = counted_lookups(monkeypatch)
    lookups = []
    for count in (4, 40):
        srcdir = tmp_path / f"site-{count}"
        _site_citing(srcdir, count)
        app = make_app("html", srcdir=srcdir)
        calls.clear()
        app.build()
        # A second app in one test process registers Sphinx's nodes again; nothing else.
        assert [line for line in warnings_of(app) if "already registered" not in line] == []
        assert len(markers(page(app))) == count
        further = page(app).select(".enc-further-reading-list > li")
        assert len(further) == count // 2  # the odd works not cited
        lookups.append(sorted(calls, key=str))
    assert lookups[0] == lookups[1]
