"""Maintenance tags, article notices and the maintenance report (issue #27, items 5 and 6).

Each root is built once per builder and shared by the tests that read it. The builds' date is
fixed through ``SOURCE_DATE_EPOCH`` (10 July 2026), so that the report's ages are known.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from helpers import page, text_of, warnings_of
from sphinx.testing.util import SphinxTestApp

from sphinx_encyclopedia.maintenance import (
    NOTICES,
    TAGS,
    age_in_months,
    age_text,
    parse_date,
    sentence_around,
)

ROOTS = Path(__file__).parent / "roots"
GUIDE = Path(__file__).parents[1] / "docs" / "guide" / "maintenance.rst"
BUILD_DATE = date(2026, 7, 10)
EPOCH = str(int(datetime(2026, 7, 10, 12, tzinfo=UTC).timestamp()))

Build = Callable[..., SphinxTestApp]


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Build]:
    """``build(root, builder="html", **kwargs)``: the root copied and built once, on the fixed
    date; the same arguments give the same (finished) application."""
    built: dict[str, SphinxTestApp] = {}

    def make(root: str, builder: str = "html", **kwargs: Any) -> SphinxTestApp:
        name = "-".join([root, builder, *(f"{k}={v}" for k, v in sorted(kwargs.items()))])
        if name not in built:
            source = tmp_path_factory.mktemp(re.sub(r"[^\w-]", "_", name)) / "src"
            shutil.copytree(ROOTS / f"test-{root}", source)
            built[name] = run(source, builder, **kwargs)
        return built[name]

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        yield make


def run(source: Path, builder: str = "html", **kwargs: Any) -> SphinxTestApp:
    # sphinx.testing swaps alabaster for basic unless told a theme: told, a later build on the
    # same directories finds the configuration unchanged.
    overrides = {"show_warning_types": True, "html_theme": "basic"}
    overrides.update(kwargs.pop("confoverrides", {}))
    app = SphinxTestApp(
        builder, srcdir=source, status=StringIO(), warning=StringIO(),
        confoverrides=overrides, **kwargs,
    )  # fmt: skip
    try:
        app.build()
    finally:
        app.cleanup()
    return app


@pytest.fixture(scope="module")
def site(build: Build) -> SphinxTestApp:
    return build("maintenance")


def tags(tree: Any) -> list[tuple[str, str, str | None, str | None]]:
    """(kind, text, tooltip, link) of each tag of a page."""
    found = []
    for sup in tree.select("sup.enc-maintenance"):
        kind = next(name for name in sup["class"] if name.startswith("enc-maintenance-"))
        link = sup.select_one("a")
        found.append((
            kind.removeprefix("enc-maintenance-"), text_of(sup), sup.select_one("span")["title"],
            link["href"] if link else None,
        ))  # fmt: skip
    return found


# -- item 5: tags and notices ----------------------------------------------------------------


def test_a_clean_build_has_no_warnings(site):
    assert warnings_of(site) == []


def test_tags_render_as_wikipedia_superscripts_with_dated_tooltips(site):
    tree = page(site, "articles/alpha")
    help_page = "../help/verifiability.html"
    assert tags(tree) == [
        ("citation-needed", "[citation needed]",
         "This claim needs references to reliable sources. (July 2024)", help_page),
        ("who", "[who?]", "The material near this tag may use weasel words or too-vague "
         "attribution. (July 2024)", None),
        ("when", "[when?]", "The time period mentioned near this tag is ambiguous.", None),
        ("dubious", "[dubious – discuss]", "The material near this tag is possibly inaccurate "
         "or nonfactual. (January 2025)", "https://example.org/wiki/Talk"),
        ("clarify", "[clarification needed]", "The text near this tag may need clarification "
         "or removal of jargon.", None),
        ("failed-verification", "[failed verification]", "The material near this tag failed "
         "verification of its source citation(s). (May 2023)", None),
        ("better-source-needed", "[better source needed]", "This claim needs references to "
         "better, more reliable sources. (June 2024)", None),
        # Each use of a substitution is a tag of its own.
        ("citation-needed", "[citation needed]",
         "This claim needs references to reliable sources.", help_page),
        ("citation-needed", "[citation needed]",
         "This claim needs references to reliable sources.", help_page),
    ]  # fmt: skip
    first = tree.select_one("sup.enc-maintenance")
    assert first["id"] == "maintenance-articles-alpha-3"
    assert first.select_one("i > a > span").get_text() == "citation needed"
    # Straight after the text it follows, as a citation marker is.
    assert "made of cheese.[citation needed] It orbits" in text_of(first.parent)


def test_tags_work_from_markdown_and_stay_out_of_the_description(site):
    tree = page(site, "articles/beta")
    assert [kind for kind, *_ in tags(tree)] == ["citation-needed", "citation-needed", "when"]
    assert "another thing.[citation needed]" in text_of(tree.select_one("div.enc-lead"))
    assert tree.select_one('meta[name="description"]')["content"] == "Beta is another thing."
    assert "Nobody knows since when.[when?]" in text_of(tree.select("section p")[-1])


def test_notices_are_boxed_notes_at_the_top_of_the_article(site):
    tree = page(site, "articles/alpha")
    article = tree.select_one("section#alpha")
    blocks = article.select(":scope > p.enc-hatnote, :scope > div.enc-article-issue, :scope > "
                            "div.enc-lead, :scope > section")  # fmt: skip
    kinds = [" ".join(block.get("class", [])) or block.name for block in blocks[:4]]
    # The hatnote, the two notices (one written above the title, one below the lead), then
    # the lead.
    assert kinds == [
        "enc-hatnote enc-hatnote-main",
        "enc-article-issue enc-article-issue-one-source",
        "enc-article-issue enc-article-issue-more-citations-needed", "enc-lead",
    ]  # fmt: skip
    one_source, more = tree.select("div.enc-article-issue")
    assert (more["role"], more["aria-label"], more["id"]) == (
        "note", "Article issue", "maintenance-articles-alpha-2",
    )  # fmt: skip
    assert text_of(more) == (
        "This article needs additional citations for verification. Please help improve this "
        "article by adding citations to reliable sources. Unsourced material may be challenged "
        "and removed. (March 2024)"
    )
    assert text_of(more.select_one("strong")) == (
        "This article needs additional citations for verification."
    )
    assert text_of(one_source) == (
        "This article relies largely or entirely on a single source. Please help improve this "
        "article by citing additional sources. (March 2023)"
    )
    (unreferenced,) = page(site, "articles/beta").select("div.enc-article-issue")
    # A notice's first sentence links to its kind's help page.
    assert unreferenced.select_one("strong > a")["href"] == "../help/verifiability.html"


def test_every_kind_has_wikipedias_wording():
    assert {kind: TAGS[kind].label() for kind in TAGS} == {
        "citation-needed": "citation needed", "clarify": "clarification needed",
        "dubious": "dubious – discuss", "failed-verification": "failed verification",
        "better-source-needed": "better source needed", "when": "when?", "who": "who?",
    }  # fmt: skip
    assert {kind: NOTICES[kind].label() for kind in NOTICES} == {
        "more-citations-needed": "This article needs additional citations for verification.",
        "unreferenced": "This article does not cite any sources.",
        "original-research": "This article possibly contains original research.",
        "one-source": "This article relies largely or entirely on a single source.",
        "expert-needed": "This article needs attention from an expert in the subject.",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("July 2024", (2024, 7, 0)), ("Jul 2024", (2024, 7, 0)), ("2024-07", (2024, 7, 0)),
        ("2024-07-15", (2024, 7, 15)), ("15 July 2024", (2024, 7, 15)),
        ("July 15, 2024", (2024, 7, 15)), ("  july   2024 ", (2024, 7, 0)),
        ("Juky 2024", None), ("2024", None), ("2024-13", None), ("31 June 2024", None),
        ("someday", None), ("", None),
    ],
)  # fmt: skip
def test_dates(text, expected):
    assert parse_date(text) == expected


def test_ages_in_whole_months():
    assert [age_text(age_in_months(key, BUILD_DATE)) for key in [
        (2026, 7, 0), (2026, 6, 30), (2025, 7, 1), (2024, 1, 0), (2023, 3, 0),
    ]] == ["this month", "1 month", "1 year", "2 years, 6 months", "3 years, 4 months"]  # fmt: skip


def test_the_sentence_a_tag_marks():
    # The sentence it follows, or the one it stands in; not the sentences around those.
    assert sentence_around("One. Two is here.", " Three.") == ("Two is here.", "")
    assert sentence_around("First. Some experts", " say so. Then.") == ("Some experts", " say so.")
    assert sentence_around("", "Start of it. More.") == ("", "Start of it.")
    long = " ".join(["word"] * 60) + "."
    before, _ = sentence_around(long, "")
    assert before.startswith("… word") and len(before) < 170


def test_bad_input_warns_once_at_the_roles_own_line(build):
    app = build("maintenance-bad")
    assert warnings_of(app) == [
        "SRC/conf.py:2: WARNING: encyclopedia_maintenance_help has the key 'citation-neded', "
        "which is not a maintenance tag or notice; it is left out (did you mean "
        "'citation-needed'?) [encyclopedia.config]",
        "SRC/conf.py:2: WARNING: encyclopedia_maintenance_help['who'] must be a document name "
        "or a URL, not 3; it is left out [encyclopedia.config]",
        "SRC/index.rst:7: WARNING: cannot read the date 'Juky 2024' of :cn:`Juky 2024`; write "
        "it as July 2024, 2024-07, 2024-07-15 or 15 July 2024 [encyclopedia.maintenance-date]",
        "SRC/index.rst:7: WARNING: the date '2999-01' of :clarify:`2999-01` is still to come "
        "[encyclopedia.maintenance-date]",
        "SRC/index.rst:9: WARNING: unknown article issue 'more-citation-needed'; did you mean "
        "'more-citations-needed'? (issues: more-citations-needed, unreferenced, "
        "original-research, one-source, expert-needed) [encyclopedia.article-issue]",
        "SRC/index.rst:11: WARNING: article-issue names no issue (issues: "
        "more-citations-needed, unreferenced, original-research, one-source, expert-needed) "
        "[encyclopedia.article-issue]",
        "SRC/index.rst:13: WARNING: unknown option :dat: of article-issue; did you mean "
        ":date:? (options: :date:) [encyclopedia.directive-option]",
        "SRC/index.rst:13: WARNING: cannot read the date 'someday' of :date: of article-issue; "
        "write it as July 2024, 2024-07, 2024-07-15 or 15 July 2024 "
        "[encyclopedia.maintenance-date]",
        "SRC/index.rst:17: WARNING: cannot read the date '32 July 2024' of :who:`32 July "
        "2024`; write it as July 2024, 2024-07, 2024-07-15 or 15 July 2024 "
        "[encyclopedia.maintenance-date]",
        "SRC/myst.md:8: WARNING: cannot read the date 'Jully 2024' of :cn:`Jully 2024`; write "
        "it as July 2024, 2024-07, 2024-07-15 or 15 July 2024 [encyclopedia.maintenance-date]",
        "SRC/conf.py:2: WARNING: encyclopedia_maintenance_help['clarify'] is 'nosuchpage', "
        "neither a document of this project nor a URL; the tags are not linked "
        "[encyclopedia.config]",
    ]
    tree = page(app)
    # Shown undated, and unlinked: the help pages named were no kind or no page.
    assert [(kind, text, tooltip, link) for kind, text, tooltip, link in tags(tree)] == [
        ("citation-needed", "[citation needed]",
         "This claim needs references to reliable sources.", None),
        ("clarify", "[clarification needed]",
         "The text near this tag may need clarification or removal of jargon.", None),
        ("who", "[who?]",
         "The material near this tag may use weasel words or too-vague attribution.", None),
    ]  # fmt: skip
    (notice,) = tree.select("div.enc-article-issue")
    assert text_of(notice).startswith("This article does not cite any sources.")
    assert notice.select_one(".enc-article-issue-date") is None


# -- item 6: the report ----------------------------------------------------------------------


def report_rows(tree: Any) -> dict[str, list[list[str]]]:
    """Each kind's heading, and the rows of its table as the cells' text."""
    report = tree.select_one("div.enc-maintenance-report")
    rows = {}
    for heading in report.select("h2.rubric"):
        table = heading.find_next_sibling("table")
        rows[text_of(heading)] = [
            [text_of(cell) for cell in row.select("td")] for row in table.select("tbody tr")
        ]
    return rows


def test_the_report_lists_every_tag_by_kind_oldest_first(site):
    tree = page(site, "report")
    assert report_rows(tree) == {
        "Citation needed (5)": [
            ["Alpha", "The moon is made of cheese.[citation needed]", "July 2024", "2 years"],
            ["Beta", "Beta claims much.[citation needed]", "January 2025",
             "1 year, 6 months"],
            # Undated last, by article, then in the article's order.
            ["Alpha", "A repeated claim.[citation needed]", "undated", ""],
            ["Alpha", "Again: A repeated claim.[citation needed]", "undated", ""],
            ["Beta", "Beta is another thing.[citation needed]", "undated", ""],
        ],
        "Clarification needed (1)": [
            ["Alpha", "Jargon abounds.[clarification needed]", "undated", ""],
        ],
        "Dubious (1)": [
            ["Alpha", "The figure is about 40%.[dubious – discuss]", "2025-01-15",
             "1 year, 6 months"],
        ],
        "Failed verification (1)": [
            ["Alpha", "A cell claims something.[failed verification]", "May 2023",
             "3 years, 2 months"],
        ],
        "Better source needed (1)": [
            ["Alpha", "A blog says so.[better source needed]", "June 2024", "2 years, 1 month"],
        ],
        "Vague time (when?) (2)": [
            ["Alpha", "It was found long ago.[when?]", "undated", ""],
            ["Beta", "Nobody knows since when.[when?]", "undated", ""],
        ],
        "Vague attribution (who?) (1)": [
            ["Alpha", "Some experts[who?] say alpha is old.", "2024-07-15", "2 years"],
        ],
        "More citations needed (1)": [["Alpha", "March 2024", "2 years, 4 months"]],
        "Unreferenced (1)": [["Beta", "January 2025", "1 year, 6 months"]],
        "One source (1)": [["Alpha", "March 2023", "3 years, 4 months"]],
    }  # fmt: skip
    counts = [text_of(li) for li in tree.select("ul.enc-maintenance-counts > li")]
    assert counts[:2] == ["Citation needed: 5", "Clarification needed: 1"]
    assert len(counts) == 10
    assert text_of(tree.select_one(".enc-maintenance-total")) == "Total: 15 in 2 articles"
    # The help page is no article (encyclopedia_article_patterns): its tag is not listed.
    assert tags(page(site, "help/verifiability"))


def test_each_row_links_to_the_tag_itself(site):
    tree = page(site, "report")
    report = tree.select_one("div.enc-maintenance-report")
    links = [a["href"] for a in report.select("td a")]
    assert links[0] == "articles/alpha.html#maintenance-articles-alpha-3"
    pages = {name: page(site, name) for name in ("articles/alpha", "articles/beta")}
    for href in links:
        docname, anchor = href.split("#")
        target = pages[docname.removesuffix(".html")].find(id=anchor)
        assert target is not None, href
        assert target.name in ("sup", "div"), href  # a tag or a notice
    first = report.select_one("ul.enc-maintenance-counts a")
    assert tree.find(id=first["href"][1:]).name == "h2"


def test_warn_maintenance_makes_each_tag_a_located_warning(build):
    app = build("maintenance", confoverrides={"encyclopedia_warn_maintenance": True})
    assert warnings_of(app) == [
        "SRC/articles/alpha.rst:1: WARNING: article issue 'one-source' (dated March 2023) "
        "[encyclopedia.maintenance]",
        "SRC/articles/alpha.rst:15: WARNING: article issue 'more-citations-needed' (dated "
        "March 2024) [encyclopedia.maintenance]",
        "SRC/articles/alpha.rst:12: WARNING: [citation needed] (dated July 2024): 'The moon is "
        "made of cheese.' [encyclopedia.maintenance]",
        "SRC/articles/alpha.rst:23: WARNING: [who?] (dated July 2024): 'Some experts say alpha "
        "is old.' [encyclopedia.maintenance]",
        "SRC/articles/alpha.rst:23: WARNING: [when?] (undated): 'It was found long ago.' "
        "[encyclopedia.maintenance]",
        "SRC/articles/alpha.rst:24: WARNING: [dubious – discuss] (dated January 2025): 'The "
        "figure is about 40%.' [encyclopedia.maintenance]",
        "SRC/articles/alpha.rst:24: WARNING: [clarification needed] (undated): 'Jargon "
        "abounds.' [encyclopedia.maintenance]",
        "SRC/articles/alpha.rst:28: WARNING: [failed verification] (dated May 2023): 'A cell "
        "claims something.' [encyclopedia.maintenance]",
        "SRC/articles/alpha.rst:30: WARNING: [better source needed] (dated June 2024): 'A blog "
        "says so.' [encyclopedia.maintenance]",
        "SRC/articles/alpha.rst:18: WARNING: [citation needed] (undated): 'A repeated claim.' "
        "[encyclopedia.maintenance]",
        "SRC/articles/alpha.rst:18: WARNING: [citation needed] (undated): 'Again: A repeated "
        "claim.' [encyclopedia.maintenance]",
        "SRC/articles/beta.md:3: WARNING: article issue 'unreferenced' (dated January 2025) "
        "[encyclopedia.maintenance]",
        "SRC/articles/beta.md:8: WARNING: [citation needed] (undated): 'Beta is another "
        "thing.' [encyclopedia.maintenance]",
        "SRC/articles/beta.md:13: WARNING: [citation needed] (dated January 2025): 'Beta "
        "claims much.' [encyclopedia.maintenance]",
        "SRC/articles/beta.md:14: WARNING: [when?] (undated): 'Nobody knows since when.' "
        "[encyclopedia.maintenance]",
        "SRC/help/verifiability.rst:5: WARNING: [citation needed] (undated): 'Readers must be "
        "able to check the claims of an article in reliable sources.' "
        "[encyclopedia.maintenance]",
    ]


def rebuild(app: SphinxTestApp) -> tuple[set[str], set[str]]:
    """Build again in a new application on the same directories: the documents read and
    the pages written."""
    again = run(Path(app.srcdir))
    status = re.sub(r"\x1b\[[0-9;]*m", "", again.status.getvalue())
    found = {
        kind: set(re.findall(rf"{kind}\.\.\. \[\s*\d+%\] (\S+)", status))
        for kind in ("reading sources", "writing output")
    }
    return found["reading sources"], found["writing output"]


def test_incremental_builds_keep_the_report_right(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    source = tmp_path / "src"
    shutil.copytree(ROOTS / "test-maintenance", source)
    app = run(source)
    clean = source / "articles" / "clean.rst"
    original = clean.read_text("utf-8")
    # A tag added to an article without any: the report is written again, not read.
    clean.write_text(original.replace("nothing to fix.", "nothing to fix. :cn:`May 2026`"))
    read, written = rebuild(app)
    assert read == {"articles/clean"}
    assert "report" in written
    rows = report_rows(page(app, "report"))["Citation needed (6)"]
    assert ["Clean", "Clean has nothing to fix.[citation needed]", "May 2026", "2 months"] in rows
    # Removed again: gone from the report.
    clean.write_text(original)
    read, written = rebuild(app)
    assert "report" in written
    assert "Citation needed (5)" in report_rows(page(app, "report"))
    # An edit to a page with no tag before or after leaves the report alone.
    clean.write_text(original + "\nAnother paragraph.\n")
    read, written = rebuild(app)
    assert read == {"articles/clean"}
    assert "report" not in written
    # A page with tags removed from the project: its rows go.
    (source / "articles" / "beta.md").unlink()
    index = source / "index.rst"
    index.write_text(index.read_text("utf-8").replace("   articles/beta\n", ""))
    read, written = rebuild(app)
    assert "report" in written
    assert "Unreferenced (1)" not in report_rows(page(app, "report"))
    assert "Total: 11 in 1 article" in text_of(page(app, "report").select_one("article, body"))
    # A new month changes the ages: the report is written again, nothing read.
    next_month = datetime(2026, 8, 3, 12, tzinfo=UTC).timestamp()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(next_month)))
    read, written = rebuild(app)
    assert read == set()
    assert "report" in written and "articles/alpha" not in written
    first = report_rows(page(app, "report"))["Citation needed (3)"][0]
    assert first == ["Alpha", "The moon is made of cheese.[citation needed]", "July 2024",
                     "2 years, 1 month"]  # fmt: skip


def test_a_parallel_build_gives_the_same_report(build, site):
    parallel = build("maintenance", parallel=2)
    assert warnings_of(parallel) == []
    # Read in chunks by worker processes, whose records the domain merged.
    status = re.sub(r"\x1b\[[0-9;]*m", "", parallel.status.getvalue())
    assert re.search(r"reading sources\.\.\. \[ *\d+%\] \S+ \.\. \S+", status)
    serial = page(site, "report").select_one("div.enc-maintenance-report")
    assert str(page(parallel, "report").select_one("div.enc-maintenance-report")) == str(serial)


# -- item 7: every builder, every language ---------------------------------------------------


def test_text_builder(build):
    app = build("maintenance", "text")
    assert warnings_of(app) == []
    alpha = " ".join((Path(app.outdir) / "articles" / "alpha.txt").read_text("utf-8").split())
    assert "The moon is made of cheese.[citation needed] It orbits the Earth.[1]" in alpha
    assert "Some experts[who?] say alpha is old." in alpha
    assert (
        "Article issue: **This article needs additional citations for verification.** Please "
        "help improve" in alpha
    )
    report = (Path(app.outdir) / "report.txt").read_text("utf-8")
    assert "-[ Citation needed (5) ]-" in report
    assert re.search(r"\| Alpha +\| The moon is made of cheese\.\[citation needed\] +\|", report)


def test_latex_builder_links_the_report_to_each_tag(build):
    app = build("maintenance", "latex")
    assert warnings_of(app) == []
    (tex,) = Path(app.outdir).glob("*.tex")
    source = tex.read_text("utf-8")
    label = r"\phantomsection\label{\detokenize{articles/alpha:maintenance-articles-alpha-3}}"
    assert (
        label + r"\textsuperscript{[\emph{{\hyperref[\detokenize{help/verifiability::doc}]"
        r"{\sphinxcrossref{citation needed}}}}]}"
    ) in source
    assert r"\textsuperscript{[\emph{who?}]}" in source
    assert (
        r"\phantomsection\label{\detokenize{articles/alpha:maintenance-articles-alpha-2}}"
        r"\begin{sphinxadmonition}{warning}{Article issue:}"
    ) in source
    assert (
        r"{\hyperref[\detokenize{articles/alpha:maintenance-articles-alpha-3}]"
        r"{\sphinxcrossref{Alpha}}}"
    ) in source


def test_manual_page_and_texinfo_builders(build):
    man = build("maintenance", "man")
    assert warnings_of(man) == []
    (manpage,) = Path(man.outdir).glob("*.1")
    text = manpage.read_text("utf-8")
    assert "The moon is made of cheese.[citation needed] It orbits" in text
    assert ".B Article issue:\n" in text
    texinfo = build("maintenance", "texinfo")
    assert warnings_of(texinfo) == []
    (texi,) = Path(texinfo.outdir).glob("*.texi")
    source = texi.read_text("utf-8")
    assert "@anchor{articles/alpha maintenance-articles-alpha-4}" in source
    assert "Some experts@anchor{articles/alpha maintenance-articles-alpha-4}" in source
    assert "[who?] say alpha is old." in source
    assert "@quotation Article issue" in source


def test_singlehtml_links_the_report_to_tags_on_the_same_page(build):
    app = build("maintenance", "singlehtml")
    assert warnings_of(app) == []
    tree = page(app)
    report = tree.select_one("div.enc-maintenance-report")
    links = [a["href"] for a in report.select("td a")]
    assert links[0] == "#maintenance-articles-alpha-3"
    assert all(tree.find(id=href[1:]) is not None for href in links)
    assert tree.select_one("#maintenance-articles-alpha-3 a")["href"] == (
        "#document-help/verifiability"
    )


def test_epub_builder(build):
    app = build("maintenance", "epub", confoverrides={"copyright": "2026", "version": "1"})
    assert [line for line in warnings_of(app) if "epub.unknown_project_files" not in line] == []
    alpha = BeautifulSoup(
        (Path(app.outdir) / "articles" / "alpha.xhtml").read_text("utf-8"), "html.parser"
    )
    assert tags(alpha)[0][:2] == ("citation-needed", "[citation needed]")
    assert alpha.select_one("div.enc-article-issue[role=note]")


def test_labels_follow_the_language(build):
    app = build("maintenance", confoverrides={"language": "de"})
    tree = page(app, "articles/alpha")
    assert tags(tree)[0][1:3] == (
        "[Beleg fehlt]", "Diese Aussage braucht Belege aus zuverlässigen Quellen. (Juli 2024)",
    )  # fmt: skip
    assert tree.select_one("div.enc-article-issue")["aria-label"] == "Hinweis zum Artikel"
    assert "Beleg fehlt (5)" in report_rows(page(app, "report"))


# -- item 8: the guide's examples are this test's input ---------------------------------------


def guide_examples() -> list[str]:
    text = GUIDE.read_text("utf-8")
    blocks = re.findall(r"^( *)\.\. code-block:: rst\n\n((?:\1   .*\n|\n)+)", text, re.M)
    return [
        "\n".join(line[len(indent) + 3 :] for line in block.splitlines()).strip()
        for indent, block in blocks
    ]


def test_the_guide_documents_every_name_with_an_example_that_builds(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    examples = guide_examples()
    names = {*TAGS, "cn", *NOTICES, "article-issue", "maintenance-report"}
    used = {name for name in names for example in examples
            if f":{name}:`" in example or f".. {name}::" in example
            or re.search(rf"\.\. article-issue:: {name}\b", example)}  # fmt: skip
    assert used == names
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text('extensions = ["sphinx_encyclopedia"]\n')
    (source / "index.rst").write_text(
        "Examples\n========\n\n" + "\n\n".join(examples) + "\n", encoding="utf-8"
    )
    app = run(source)
    assert warnings_of(app) == []
    tree = page(app)
    assert {kind for kind, *_ in tags(tree)} == set(TAGS)
    notices = {
        next(name for name in div["class"] if name != "enc-article-issue")
        for div in tree.select("div.enc-article-issue")
    }
    assert notices == {f"enc-article-issue-{kind}" for kind in NOTICES}
    total = len(tags(tree)) + len(notices)
    assert text_of(tree.select_one(".enc-maintenance-total")) == f"Total: {total} in 1 article"
