"""Cross-document state: what each article cites and how it describes itself.

Everything here is keyed by docname, so ``clear_doc`` and ``merge_domaindata`` keep incremental
and parallel (``-j N``) builds right. Numbering is per article and is done while writing, from
the doctree itself; the domain holds only what other pages need to know about an article.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import Any, TypedDict, cast

from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment


class ArticleRecord(TypedDict):
    #: (canonical bib key, references list) of each citation site, in document order.
    citations: list[tuple[str, int]]
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


class EncyclopediaDomain(Domain):
    name = "encyclopedia"
    label = "Encyclopedia"
    initial_data = {"articles": {}, "sources_pages": {}, "annotated_links": {}}
    data_version = 3

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

    def note_annotated_link(self, docname: str, target: str) -> None:
        self.annotated_links.setdefault(docname, set()).add(target)

    def note_sources_page(self, docname: str, unfiltered: bool) -> None:
        self.sources_pages[docname] = self.sources_pages.get(docname, False) or unfiltered

    def main_sources_page(self) -> str | None:
        return min((page for page, main in self.sources_pages.items() if main), default=None)

    def record(self, docname: str) -> ArticleRecord:
        return self.articles.setdefault(
            docname,
            ArticleRecord(
                citations=[], short_description=None, description=None, extract=None,
                further_reading=[], further_reading_follows_citations=False,
            ),
        )  # fmt: skip

    def note_citations(self, docname: str, sites: Iterable[tuple[str, int]]) -> None:
        self.record(docname)["citations"] = list(sites)

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
        self.articles.pop(docname, None)
        self.sources_pages.pop(docname, None)
        self.annotated_links.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname, article in otherdata.get("articles", {}).items():
            if docname in docnames:
                self.articles[docname] = article
        for docname, unfiltered in otherdata.get("sources_pages", {}).items():
            if docname in docnames:
                self.sources_pages[docname] = unfiltered
        for docname, targets in otherdata.get("annotated_links", {}).items():
            if docname in docnames:
                self.annotated_links[docname] = targets

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []


def get_domain(env: BuildEnvironment) -> EncyclopediaDomain:
    return cast(EncyclopediaDomain, env.get_domain(EncyclopediaDomain.name))


def setup_domain(app: Sphinx) -> None:
    app.add_domain(EncyclopediaDomain)
