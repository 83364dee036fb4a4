"""Incremental rebuilds give what a clean build gives."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from helpers import markers, page, reference_items, reference_text, text_of
from test_sources import cited_in


# Each test edits its sources: a srcdir of its own keeps the shared copy of the root intact.
@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-article-edited")
def test_editing_an_article_renumbers_it(app, make_app):
    app.build()
    index = Path(app.srcdir) / "index.rst"
    index.write_text(
        index.read_text(encoding="utf-8").replace(":citation:`smith2020`", "", 1),
        encoding="utf-8",
    )
    again = make_app("html", srcdir=app.srcdir)
    again.build()
    tree = page(again)
    assert markers(tree) == ["[1]", "[2]", "[3]", "[1]", "[4]", "[2]"]
    sites = again.env.get_domain("encyclopedia").articles["index"]["citations"]
    assert sites[0] == ("doe2021", 0, None)


@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-bib-edited")
def test_editing_the_bib_updates_the_references(app, make_app):
    app.build()
    bib = Path(app.srcdir) / "refs.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8").replace("A Study of Things", "A Study of Stuff"),
        encoding="utf-8",
    )
    again = make_app("html", srcdir=app.srcdir)
    again.build()
    assert "index" in again.env.all_docs
    first = reference_items(page(again))[0]
    assert "A Study of Stuff" in reference_text(first)


@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-unchanged")
def test_an_unchanged_project_reports_no_configuration_change(app, make_app):
    app.build()
    again = make_app("html", srcdir=app.srcdir)
    again.build()
    # sphinx.testing itself changes html_theme between apps; the extension changes nothing.
    assert "html_static_path" not in again.status.getvalue()
    assert "0 added, 0 changed, 0 removed" in again.status.getvalue()
    assert "sphinx-encyclopedia.css" in (Path(again.outdir) / "index.html").read_text()


def rebuild(app) -> tuple[set[str], set[str]]:
    """Build again in the same application (a new one would see sphinx.testing's theme change
    and rewrite everything); the documents read and the pages written."""
    app.status.seek(0)
    app.status.truncate()
    app.build()
    status = re.sub(r"\x1b\[[0-9;]*m", "", app.status.getvalue())
    found = {
        kind: set(re.findall(rf"{kind}\.\.\. \[\s*\d+%\] (\S+)", status))
        for kind in ("reading sources", "writing output")
    }
    return found["reading sources"], found["writing output"]


@pytest.mark.sphinx("html", testroot="furniture", srcdir="furniture-rewrites")
def test_see_also_pages_are_rewritten_only_when_a_short_description_changes(make_app, app):
    # Out of every toctree, so that Sphinx itself has no reason to rewrite it.
    linker = Path(app.srcdir) / "linker.rst"
    linker.write_text(":orphan:\n\nLinker\n======\n\n.. see-also::\n\n   - :doc:`other`\n")
    app = make_app("html", srcdir=app.srcdir)
    app.build()
    other = Path(app.srcdir) / "other.rst"
    other.write_text(other.read_text("utf-8") + "\nA new paragraph.\n", "utf-8")
    read, written = rebuild(app)
    assert read == {"other"}
    assert "linker" not in written
    other.write_text(
        other.read_text("utf-8").replace("Emergence of learned optimizers", "Renamed"), "utf-8"
    )
    read, written = rebuild(app)
    assert read == {"other"}
    assert "linker" in written
    assert text_of(page(app, "linker").select_one("section.enc-see-also li")) == "Other – Renamed"


@pytest.mark.sphinx("html", testroot="sources", srcdir="sources-rewrites")
def test_sources_index_and_links_follow_an_article_without_rereading_others(app):
    app.build()
    beta = page(app, "articles/beta")
    assert beta.select_one("#cite-note-articles-beta-2 a.enc-sources-link") is None
    alpha = Path(app.srcdir) / "articles" / "alpha.rst"
    alpha.write_text(alpha.read_text("utf-8").replace("Three.", "Three. :citation:`news2022`"))
    read, written = rebuild(app)
    assert read == {"articles/alpha"}
    assert {"articles/alpha", "articles/beta", "sources"} <= written
    assert "other/gamma" not in written  # cites nothing whose link changed
    news = page(app, "sources").select_one("#source-news2022")
    assert [label for label, _ in cited_in(news)] == ["Alpha [3]", "Beta [2]"]
    beta = page(app, "articles/beta")
    assert beta.select_one("#cite-note-articles-beta-2 a.enc-sources-link") is not None


def _read_after_bib_edit(make_app, srcdir: Path, old: str, new: str) -> tuple[set[str], object]:
    """Edit the bib file, build in a new application (the bib is parsed as one is set up)
    and return the documents read, with the application."""
    bib = srcdir / "refs.bib"
    text = bib.read_text("utf-8")
    assert old in text
    bib.write_text(text.replace(old, new), "utf-8")
    later = bib.stat().st_mtime + 2  # a new mtime, even on a coarse clock
    os.utime(bib, (later, later))
    again = make_app("html", srcdir=srcdir)
    again.build()
    status = re.sub(r"\x1b\[[0-9;]*m", "", again.status.getvalue())
    return set(re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", status)), again


@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-bib-selective")
def test_a_bib_edit_rereads_only_the_articles_citing_what_changed(app, make_app):
    srcdir = Path(app.srcdir)
    (srcdir / "report.rst").write_text(
        ":orphan:\n\nReport\n======\n\nAs reported. :citation:`org2023`\n\n.. references::\n"
    )
    (srcdir / "later.rst").write_text(
        ":orphan:\n\nLater\n=====\n\nNot yet out. :citation:`later2024`\n\n.. references::\n"
    )
    (srcdir / "reading.rst").write_text(
        ":orphan:\n\nReading\n=======\n\nText.\n\n.. further-reading::\n\n   smith2020\n"
    )
    (srcdir / "filtered.rst").write_text(
        ":orphan:\n\nFiltered\n========\n\nText.\n\n.. further-reading::\n"
        '   :filter: key == "doe2021"\n'
    )
    app.build()
    assert "unknown bib key 'later2024'" in app.warning.getvalue()

    # An entry cited by one article and named in another's further reading: those two, the
    # one citing a key the bib lacks and the filtered list, which may select any entry.
    read, again = _read_after_bib_edit(make_app, srcdir, "A Study of Things", "A Study of Stuff")
    assert read == {"index", "later", "reading", "filtered"}
    assert "A Study of Stuff" in reference_text(reference_items(page(again))[0])
    assert "A Study of Stuff" in text_of(
        page(again, "reading").select_one(".enc-further-reading-list")
    )
    assert "Report on Everything" in reference_text(reference_items(page(again, "report"))[0])

    # The missing key added: the article citing it resolves it.
    entry = "@misc{later2024,\n  title = {Later Work},\n  year = {2024},\n}\n"
    read, again = _read_after_bib_edit(make_app, srcdir, "@misc{org2023,", entry + "@misc{org2023,")
    assert read == {"later", "filtered"}
    assert "Later Work" in reference_text(reference_items(page(again, "later"))[0])

    # A file saved with no entry changed reads only the filtered list again.
    read, again = _read_after_bib_edit(make_app, srcdir, "Later Work", "Later Work")
    assert read == {"filtered"}

    # An entry removed: every article citing it warns again.
    read, again = _read_after_bib_edit(make_app, srcdir, "@misc{org2023,", "@misc{gone2023,")
    assert read == {"index", "report", "filtered"}
    warnings = again.warning.getvalue()
    assert "index.rst:18: WARNING: unknown bib key 'org2023'" in warnings
    assert "report.rst:6: WARNING: unknown bib key 'org2023'" in warnings


@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-filter-follows-citations")
def test_a_further_reading_filter_on_citations_follows_other_articles(app):
    srcdir = Path(app.srcdir)
    report = srcdir / "report.rst"
    report.write_text(
        ":orphan:\n\nReport\n======\n\nSaid. :citation:`org2023`\n\n.. references::\n"
    )
    (srcdir / "reading.rst").write_text(
        ":orphan:\n\nReading\n=======\n\nText.\n\n.. further-reading::\n"
        '   :filter: "report" in docnames\n'
    )
    app.build()
    listed = page(app, "reading").select_one(".enc-further-reading-list")
    assert "Report on Everything" in text_of(listed)
    report.write_text(report.read_text().replace("org2023", "news2022"))
    read, written = rebuild(app)
    assert read == {"report"}
    assert "reading" in written  # its list depends on what the other articles cite
    listed = text_of(page(app, "reading").select_one(".enc-further-reading-list"))
    assert "Report on Everything" not in listed
    assert "Things Happen" in listed


@pytest.mark.sphinx("html", testroot="cs1-sets", srcdir="cs1-sets-parent-edited")
def test_a_crossref_parent_or_set_member_edited_rereads_who_shows_it(app, make_app):
    app.build()
    srcdir = Path(app.srcdir)
    (srcdir / "member.rst").write_text(
        ":orphan:\n\nMember\n======\n\nCited alone. :citation:`second`\n\n.. references::\n"
    )
    (srcdir / "other.rst").write_text(
        ":orphan:\n\nOther\n=====\n\nUnrelated. :citation:`first`\n\n.. references::\n"
    )
    app.build()
    read, again = _read_after_bib_edit(make_app, srcdir, "publisher = {ACM}", "publisher = {IEEE}")
    assert read == {"index"}  # cites the child of the edited parent
    assert "IEEE" in text_of(page(again).select_one("ol.enc-references"))
    read, again = _read_after_bib_edit(make_app, srcdir, "title = {Two}", "title = {Deux}")
    assert read == {"index", "member"}  # cites the set holding the edited member, and it
    assert "Deux" in reference_text(reference_items(page(again))[0])
