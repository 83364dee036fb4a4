"""Cross-document state: what each article cites and how it describes itself.

Everything in ``data`` is keyed by docname, so ``clear_doc`` and ``merge_domaindata`` keep
incremental and parallel (``-j N``) builds right. Numbering is per article and is done while
writing, from the doctree itself; the domain holds only what other pages need to know about an
article.

What lives for one build only (the builder, the formatted references, what the last build's
data looked like) is in :class:`BuildState`, an attribute of the domain object: Sphinx makes
one domain object per environment and never pickles it, so that state is gone with the build
and a second build in the same process starts from nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict, cast

from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from .numbering import Site
from .order import HANDLER_PRIORITY

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinxcontrib.bibtex.bibfile import BibData

    from .categories import Catalogue, CategoryPageRecord, CategoryRecord
    from .config import EncyclopediaConfig
    from .dependencies import Snapshot
    from .formatting import ReferenceFormatter
    from .maintenance import MaintenanceItem, ReportWatch
    from .page_citation import PageCitations


class ArticleRecord(TypedDict):
    #: (canonical bib key, references list, short citation's locator or None) of each
    #: citation site, in document order.
    citations: list[Site]
    #: The lead's short description, if the article has one.
    short_description: str | None
    #: The short description, or else the lead's first sentence: for meta tags and previews.
    description: str | None
    #: The lead as plain text, markers and notes left out: for page previews.
    extract: str | None
    #: Canonical bib keys its further-reading lists name (a filter depends on every entry).
    further_reading: list[str]
    #: Whether a further-reading filter asks which articles cite a work (``cited``,
    #: ``docnames``): the list then depends on every article.
    further_reading_follows_citations: bool
    #: Canonical bib keys of the works its short citations and works-cited lists name.
    works_cited: list[str]
    #: Canonical bib keys of the works it writes out in full (``:full-citation:``).
    full_citations: list[str]
    #: Canonical bib key of each inline short citation (``:harvnb:``, ``:harvp:``), in
    #: document order: citations with no number, counted in the sources index. None when
    #: the article has no works-cited list for them to link to.
    inline_citations: list[str] | None
    #: The candidates (MIME type: path) of its first picture, the infobox's or else the
    #: first thumbnail's, as Sphinx's ImageCollector found them: for page previews.
    picture: dict[str, str] | None


@dataclass
class BuildState:
    """What one build of one environment knows beside the domain's data; never saved."""

    #: The running builder, from ``builder-inited`` on.
    builder: Builder | None = None
    #: The checked configuration, read once.
    settings: EncyclopediaConfig | None = None
    #: The references formatted so far (see :mod:`.formatting`).
    formatter: ReferenceFormatter | None = None
    #: The bib data of the last build, while the bib files are parsed again.
    bib_before_parsing: BibData | None = None
    #: What the domain held before reading, until pages to rewrite are chosen.
    snapshot: Snapshot | None = None
    #: How many articles cite each key, once every page is read.
    citing_articles: dict[str, int] | None = None
    #: The bib's entries and their keys by lower case, for "did you mean" (see .citations).
    bib_keys: tuple[Any, dict[str, str]] | None = None
    #: Each tracked source file's last commit date (see .page_citation), read once.
    commit_dates: dict[Path, str] | None = None
    #: The articles numbering citations in notes at the note's marker (see .notes).
    at_note: set[str] | None = None
    #: Which pages with maintenance tags this build reads (see .maintenance).
    maintenance_watch: ReportWatch | None = None
    #: Every category and its pages, once every page is read (see .categories).
    catalogue: Catalogue | None = None
    #: Each page's own citation and each cited work's JSON-LD (see .page_citation).
    page_citations: PageCitations | None = None


#: The domain's data kept by document name: what clear_doc forgets of a page and
#: merge_domaindata takes from a parallel reader, one table so that the two stay in step.
_PER_PAGE = ("articles", "sources_pages", "annotated_links", "hatnote_targets", "maintenance",
             "categories", "category_pages")  # fmt: skip
#: The sets of document names among the domain's data (pages holding a report or an index).
_PAGE_SETS = ("maintenance_reports", "article_indexes")


class EncyclopediaDomain(Domain):
    name = "encyclopedia"
    label = "Encyclopedia"
    initial_data = {
        "articles": {}, "sources_pages": {}, "annotated_links": {}, "hatnote_targets": {},
    }  # fmt: skip
    data_version = 9

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        self.build = BuildState()

    @property
    def articles(self) -> dict[str, ArticleRecord]:
        return cast(dict[str, ArticleRecord], self.data.setdefault("articles", {}))

    @property
    def sources_pages(self) -> dict[str, bool]:
        """Pages with a sources index, each True when one of its indexes is unfiltered.

        They depend on every article; an unfiltered one is where articles link to.
        """
        return cast(dict[str, bool], self.data.setdefault("sources_pages", {}))

    @property
    def annotated_links(self) -> dict[str, set[str]]:
        """The pages each page's "See also" annotates with their short descriptions."""
        return cast(dict[str, set[str]], self.data.setdefault("annotated_links", {}))

    @property
    def hatnote_targets(self) -> dict[str, set[str]]:
        """The documents each page's hatnotes name, whether or not they exist."""
        return cast(dict[str, set[str]], self.data.setdefault("hatnote_targets", {}))

    @property
    def maintenance(self) -> dict[str, list[MaintenanceItem]]:
        """Each page's maintenance tags and notices, in document order."""
        return cast("dict[str, list[MaintenanceItem]]", self.data.setdefault("maintenance", {}))

    @property
    def maintenance_reports(self) -> set[str]:
        """Pages with a maintenance report: they depend on every page with a tag."""
        return cast(set[str], self.data.setdefault("maintenance_reports", set()))

    @property
    def categories(self) -> dict[str, CategoryRecord]:
        """Each page's categories and sort key (``categories`` directives)."""
        return cast("dict[str, CategoryRecord]", self.data.setdefault("categories", {}))

    @property
    def category_pages(self) -> dict[str, CategoryPageRecord]:
        """Pages written for a category (``category-page``): they list its members."""
        return cast("dict[str, CategoryPageRecord]", self.data.setdefault("category_pages", {}))

    @property
    def article_indexes(self) -> set[str]:
        """Pages with an article index: they depend on every article's title."""
        return cast(set[str], self.data.setdefault("article_indexes", set()))

    def note_maintenance(self, docname: str, items: list[MaintenanceItem]) -> None:
        self.maintenance[docname] = items

    def note_maintenance_report(self, docname: str) -> None:
        self.maintenance_reports.add(docname)

    @property
    def bib_checked(self) -> tuple[tuple[str, float], ...] | None:
        """The bib files (path, modification time) whose entries were last checked."""
        return cast("tuple[tuple[str, float], ...] | None", self.data.get("bib_checked"))

    @bib_checked.setter
    def bib_checked(self, fingerprint: tuple[tuple[str, float], ...]) -> None:
        self.data["bib_checked"] = fingerprint

    def note_annotated_link(self, docname: str, target: str) -> None:
        self.annotated_links.setdefault(docname, set()).add(target)

    def note_hatnote_target(self, docname: str, target: str) -> None:
        self.hatnote_targets.setdefault(docname, set()).add(target)

    def note_sources_page(self, docname: str, unfiltered: bool) -> None:
        self.sources_pages[docname] = self.sources_pages.get(docname, False) or unfiltered

    def main_sources_page(self) -> str | None:
        return min((page for page, main in self.sources_pages.items() if main), default=None)

    def record(self, docname: str) -> ArticleRecord:
        return self.articles.setdefault(
            docname,
            ArticleRecord(
                citations=[], short_description=None, description=None, extract=None,
                further_reading=[], further_reading_follows_citations=False, works_cited=[],
                inline_citations=None, full_citations=[], picture=None,
            ),
        )  # fmt: skip

    def note_citations(self, docname: str, sites: Iterable[Site]) -> None:
        self.record(docname)["citations"] = list(sites)

    def note_works_cited(self, docname: str, keys: Iterable[str], inline: list[str] | None) -> None:
        record = self.record(docname)
        record["works_cited"], record["inline_citations"] = list(keys), inline

    def note_full_citation(self, docname: str, key: str) -> None:
        keys = self.record(docname)["full_citations"]
        if key not in keys:
            keys.append(key)

    def note_picture(self, docname: str, candidates: dict[str, str]) -> None:
        self.record(docname)["picture"] = candidates

    def note_further_reading(
        self, docname: str, keys: Iterable[str], follows_citations: bool = False
    ) -> None:
        record = self.record(docname)
        record["further_reading"] += keys
        record["further_reading_follows_citations"] |= follows_citations

    def note_short_description(self, docname: str, text: str) -> None:
        self.record(docname)["short_description"] = text

    def short_description(self, docname: str) -> str | None:
        article = self.articles.get(docname)
        return article["short_description"] if article else None

    def note_description(self, docname: str, text: str) -> None:
        self.record(docname)["description"] = text

    def description(self, docname: str) -> str | None:
        article = self.articles.get(docname)
        return article["description"] if article else None

    def note_extract(self, docname: str, text: str) -> None:
        self.record(docname)["extract"] = text

    def clear_doc(self, docname: str) -> None:
        for name in _PER_PAGE:
            self.data.setdefault(name, {}).pop(docname, None)
        for name in _PAGE_SETS:
            self.data.setdefault(name, set()).discard(docname)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for name in _PER_PAGE:
            mine = self.data.setdefault(name, {})
            for docname, value in otherdata.get(name, {}).items():
                if docname in docnames:
                    mine[docname] = value
        for name in _PAGE_SETS:
            self.data.setdefault(name, set()).update(otherdata.get(name, set()) & docnames)

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []


def get_domain(env: BuildEnvironment) -> EncyclopediaDomain:
    return cast(EncyclopediaDomain, env.get_domain(EncyclopediaDomain.name))


def builder_of(env: BuildEnvironment) -> Builder:
    """The running builder. Post-transforms reach it through their environment, whose
    ``app`` Sphinx 9 deprecates; the domain is given it when the builder is set up."""
    builder = get_domain(env).build.builder
    assert builder is not None, "read before builder-inited"
    return builder


def settings_of(env: BuildEnvironment) -> EncyclopediaConfig:
    """The build's checked configuration (:func:`.config.settings`, made once a build)."""
    build = get_domain(env).build
    if build.settings is None:
        from .config import settings

        build.settings = settings(env.config)
    return build.settings


def note_builder(app: Sphinx) -> None:
    get_domain(app.env).build.builder = app.builder


def setup_domain(app: Sphinx) -> None:
    app.add_domain(EncyclopediaDomain)
    app.connect("builder-inited", note_builder, priority=HANDLER_PRIORITY["note_builder"])
