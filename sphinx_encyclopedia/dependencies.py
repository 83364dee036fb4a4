"""Pages are read again, or only written again, when what they show from elsewhere changes.

An article is read again when a bib entry it cites changes, not whenever a bib file does:
when a changed bib file is parsed, its entries are compared with the last
build's (kept in the saved environment), and a file saved with one entry edited reads again
the few articles citing that entry, or naming it in further reading, instead of the whole
encyclopedia. Articles citing a key the bib files lack, and further-reading lists with a
filter, which may select any entry, still depend on the files as a whole.

A "See also" entry shows its target's short description, a sources index lists every
article's citations, and with ``encyclopedia_sources_links`` a reference item links to the
index when another article cites the same work. All of that is put in while writing, from
the domain, so a page only needs writing again, not reading: reading it would cost a parse
and make its own dependants stale in turn. What the domain held before reading is compared
with what it holds after, so an edit that leaves a short description alone rewrites nothing
but the edited page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, field
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .citations import bibdata
from .domain import get_domain, settings_of
from .order import HANDLER_PRIORITY
from .sources import article_names


@dataclass
class Snapshot:
    short_descriptions: dict[str, str | None]
    multiply_cited: set[str]
    main_sources_page: str | None
    docs_changed: bool = False
    read: set[str] = field(default_factory=set)


def multiply_cited(env: BuildEnvironment) -> set[str]:
    """Keys cited by more than one article: those whose items link to the sources index."""
    seen: set[str] = set()
    again: set[str] = set()
    articles = get_domain(env).articles
    for docname in article_names(env):
        for key in {key for key, *_ in articles[docname]["citations"]}:
            (again if key in seen else seen).add(key)
    return again


def _sources_links(env: BuildEnvironment) -> bool:
    return settings_of(env).sources_links


def take_snapshot(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    domain = get_domain(env)
    domain.build.snapshot = Snapshot(
        short_descriptions={doc: a["short_description"] for doc, a in domain.articles.items()},
        multiply_cited=multiply_cited(env) if _sources_links(env) else set(),
        main_sources_page=domain.main_sources_page(),
        docs_changed=bool(added or changed or removed),
    )
    return []


def note_docs_to_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    snapshot = get_domain(env).build.snapshot
    if snapshot is not None:
        snapshot.read = set(docnames)
        snapshot.docs_changed = snapshot.docs_changed or bool(docnames)


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    domain = get_domain(env)
    snapshot, domain.build.snapshot = domain.build.snapshot, None
    if snapshot is None or not snapshot.docs_changed:
        return []
    rewrite = set(domain.sources_pages)
    rewrite.update(
        doc for doc, a in domain.articles.items() if a.get("further_reading_follows_citations")
    )
    described = {doc: a["short_description"] for doc, a in domain.articles.items()}
    redescribed = {
        doc
        for doc in snapshot.short_descriptions.keys() | described.keys()
        if snapshot.short_descriptions.get(doc) != described.get(doc)
    }
    if redescribed:
        rewrite.update(
            doc for doc, targets in domain.annotated_links.items() if redescribed & targets
        )
    if _sources_links(env):
        rewrite.update(_pages_with_changed_sources_links(env, snapshot))
    return sorted((rewrite - snapshot.read) & env.all_docs.keys())


def _pages_with_changed_sources_links(env: BuildEnvironment, snapshot: Snapshot) -> set[str]:
    domain = get_domain(env)
    articles = domain.articles
    if domain.main_sources_page() != snapshot.main_sources_page:
        return set(articles)
    flipped = multiply_cited(env) ^ snapshot.multiply_cited
    if not flipped:
        return set()
    return {
        doc for doc, a in articles.items() if any(site[0] in flipped for site in a["citations"])
    }


def remember_bib_data(app: Sphinx) -> None:
    """Before the bib files are parsed again: the data of the last build."""
    get_domain(app.env).build.bib_before_parsing = bibdata(app.env)


def changed_keys(before: Mapping[str, Any], after: Mapping[str, Any]) -> set[str]:
    """Keys (lower case) whose entries differ: added, removed, spelled or written otherwise,
    and the entries that show them: a ``crossref`` child shows its parent's fields, a
    ``@set`` its members."""
    old = {key.lower(): entry for key, entry in before.items()}
    new = {key.lower(): entry for key, entry in after.items()}
    differ = {
        key
        for key in old.keys() | new.keys()
        if key not in old or key not in new
        or old[key].key != new[key].key or old[key] != new[key]  # type, fields and people
    }  # fmt: skip
    if not differ:
        return differ
    shown_by: dict[str, set[str]] = {}
    for entries in (old, new):
        for key, entry in entries.items():
            for name in ("crossref", "entryset"):
                for part in entry.fields.get(name, "").split(","):
                    if part.strip():
                        shown_by.setdefault(part.strip().lower(), set()).add(key)
    pending = list(differ)
    while pending:  # a parent's parent, a set of a child
        for key in shown_by.get(pending.pop(), ()):
            if key not in differ:
                differ.add(key)
                pending.append(key)
    return differ


def articles_citing_changed_entries(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    build = get_domain(env).build
    before, after = build.bib_before_parsing, bibdata(env)
    build.bib_before_parsing = None
    if before is None or before is after:
        return []  # not parsed again: the bib files are as the last build left them
    articles = get_domain(env).articles
    if not articles:
        return []  # a new environment: every page is read anyway
    differ = changed_keys(before.data.entries, after.data.entries)
    if not differ:
        return []
    return sorted(
        docname
        for docname, article in articles.items()
        if any(key.lower() in differ for key in _keys_shown(article))
    )


def _keys_shown(article: Any) -> list[str]:
    """The keys of the entries an article shows: cited, named in further reading, named
    by a short citation or a works-cited list (whose short forms were made from them), or
    written out in full."""
    return ([key for key, *_ in article["citations"]] + article["further_reading"]
            + article["works_cited"] + article["full_citations"])  # fmt: skip


def setup_dependencies(app: Sphinx) -> None:
    app.connect("builder-inited", remember_bib_data, priority=HANDLER_PRIORITY["remember_bib_data"])
    app.connect("env-get-outdated", articles_citing_changed_entries)
    app.connect("env-get-outdated", take_snapshot)
    app.connect("env-before-read-docs", note_docs_to_read)
    app.connect("env-updated", pages_to_rewrite)
