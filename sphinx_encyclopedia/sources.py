"""The sources index: every work cited anywhere in the site, with the articles citing it.

The directive leaves a placeholder; the list is built while writing, from what the domain
recorded of every article, so it is right after parallel reads. A page holding the index
depends on every article: it is rewritten (not re-read) whenever any page is added, changed
or removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.matching import Matcher
from sphinx.util.osutil import relative_uri

from .citations import bib_entries
from .domain import builder_of, get_domain, settings_of
from .export import BIBTEX_FILE, CSL_JSON_FILE, plain_text, write_exports
from .formatting import encode_html, formatter_for, rendered_items
from .i18n import _
from .numbering import id_prefix, item_id, reference_numbers
from .options import CheckedOptions, report_option_problems
from .order import POST_TRANSFORM_PRIORITY
from .shortcites import works_cited_anchors
from .walk import nodes_of
from .writers import add_placeholder

if TYPE_CHECKING:
    from pybtex.database import Entry

SORT_ORDERS = ("author", "year", "citations")


class enc_sources(nodes.General, nodes.Element):  # noqa: N801 - docutils' naming
    """Where a sources index goes; replaced by the index while writing."""


def _year_range(argument: str) -> tuple[int | None, int | None]:
    match = re.fullmatch(r"\s*(\d{4})?\s*(?:-|–|\.\.)?\s*(\d{4})?\s*", argument or "")
    if not match or not (match.group(1) or match.group(2)):
        raise ValueError("expected a year range such as 2019-2024, 2019- or -2024")
    first, last = (int(g) if g else None for g in match.groups())
    if "-" not in argument and "–" not in argument and ".." not in argument:
        last = first
    return first, last


def _word_list(argument: str) -> list[str]:
    return [word.strip().casefold() for word in re.split(r"[,;]", argument or "") if word.strip()]


class SourcesDirective(SphinxDirective):
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = CheckedOptions(
        {
            "sort": lambda argument: directives.choice(argument, SORT_ORDERS),
            "type": _word_list,
            "years": _year_range,
            "keyword": _word_list,
            "under": directives.unchanged_required,
        }
    )

    def run(self) -> list[nodes.Node]:
        report_option_problems(self)
        filters = self._filters()
        unfiltered = not any(filters.values())
        get_domain(self.env).note_sources_page(self.env.docname, unfiltered)
        node = enc_sources(
            docname=self.env.docname,
            sort=self.options.get("sort", "author"),
            unfiltered=unfiltered,
            **filters,
        )
        self.set_source_info(node)
        return [node]

    def _filters(self) -> dict[str, Any]:
        return {
            "types": self.options.get("type", []),
            "years": self.options.get("years"),
            "keywords": self.options.get("keyword", []),
            "under": self.options.get("under", "").strip().strip("/"),
        }


@dataclass(frozen=True)
class Place:
    """Where an article cites a work: the item of its references list (``number``), or, for a
    work it cites only inline (``:harvnb:``) or lists, its entry in a works-cited list."""

    docname: str
    #: The number of the reference; None for a works-cited entry.
    number: int | None
    #: The id on the article's own page.
    anchor: str


@dataclass
class CitedWork:
    key: str
    entry: Entry
    #: Each citing article's first place, in docname order.
    places: list[Place] = field(default_factory=list)
    count: int = 0


def article_names(env: BuildEnvironment) -> list[str]:
    """The pages that count as articles (``encyclopedia_article_patterns``), by name.

    Other pages (a user guide showing how to cite) have their references lists, but are not
    among the articles citing a work: not in the sources index, its counts and downloads,
    nor in what "Other articles citing this" counts.
    """
    is_article = Matcher(settings_of(env).article_patterns)
    return sorted(docname for docname in get_domain(env).articles if is_article(docname))


def collect_cited(env: BuildEnvironment, under: str = "") -> dict[str, CitedWork]:
    """Every cited work with its citing articles; ``under`` keeps articles of one folder."""
    entries = bib_entries(env)
    works: dict[str, CitedWork] = {}
    articles = get_domain(env).articles
    for docname in article_names(env):
        if under and not docname.startswith(under + "/"):
            continue
        record = articles[docname]
        sites = record["citations"]
        numbers = reference_numbers(sites)
        seen: set[str] = set()
        for key, segment, short in sites:
            entry = entries.get(key)
            if entry is None:  # removed from the bib since the article was read
                continue
            work = works.setdefault(key, CitedWork(key, entry))
            work.count += 1
            if key not in seen:
                seen.add(key)
                number = numbers[key, segment, short]
                work.places.append(Place(docname, number, item_id(docname, segment, number)))
        # Inline short citations (:harvnb:) count; a work cited only so is linked at its
        # entry in the works-cited list. A work only listed there is not cited.
        inline = [key for key in record["inline_citations"] or () if key in entries]
        for key in inline:
            works.setdefault(key, CitedWork(key, entries[key])).count += 1
        inline_only = [key for key in dict.fromkeys(inline) if key not in seen]
        if inline_only:
            ids = works_cited_anchors(record["works_cited"], entries)
            for key in inline_only:
                works[key].places.append(Place(docname, None, ids[key]))
    return works


def entry_year(entry: Entry) -> int | None:
    value = entry.fields.get("year") or entry.fields.get("date", "")
    match = re.match(r"\s*(\d{4})", value)
    return int(match.group(1)) if match else None


def author_sort_key(entry: Entry) -> str:
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    if persons:
        person = persons[0]
        return plain_text(" ".join(person.last_names + person.first_names)).casefold()
    return plain_text(entry.fields.get("title", "")).casefold()


def _sort_key(order: str, work: CitedWork) -> tuple[Any, ...]:
    by_author = (
        author_sort_key(work.entry),
        plain_text(work.entry.fields.get("title", "")).casefold(),
    )
    if order == "year":
        return (entry_year(work.entry) or 0, *by_author, work.key)
    if order == "citations":
        return (-work.count, *by_author, work.key)
    return (*by_author, work.key)


def _keep(work: CitedWork, node: enc_sources) -> bool:
    entry = work.entry
    if node["types"] and entry.type.casefold() not in node["types"]:
        return False
    if node["years"]:
        first, last = node["years"]
        year = entry_year(entry)
        if year is None or (first and year < first) or (last and year > last):
            return False
    if node["keywords"]:
        keywords = set(_word_list(plain_text(entry.fields.get("keywords", ""))))
        if not keywords & set(node["keywords"]):
            return False
    return True


def source_anchor(key: str, prefix: str = "") -> str:
    return f"source-{prefix}" + (nodes.make_id(key) or "entry")


class SourcesIndexBuilder(SphinxPostTransform):
    default_priority = POST_TRANSFORM_PRIORITY["SourcesIndexBuilder"]

    def run(self, **kwargs: Any) -> None:
        # Articles link to the anchors of the first unfiltered index; any other index on the
        # page gets anchors of its own, so that ids stay unique.
        plain_taken = False
        for ordinal, node in enumerate(nodes_of(self.document, enc_sources)):
            plain = node["unfiltered"] and not plain_taken
            plain_taken = plain_taken or plain
            node.replace_self(self._build(node, "" if plain else f"{ordinal}-"))

    def _build(self, node: enc_sources, anchor_prefix: str) -> list[nodes.Node]:
        works = collect_cited(self.env, node["under"])
        chosen = sorted(
            (work for work in works.values() if _keep(work, node)),
            key=lambda work: _sort_key(node["sort"], work),
        )
        if not chosen:
            return [nodes.paragraph("", _("No cited sources match."), classes=["enc-sources"])]
        anchors: set[str] = set()
        places = []
        for work in chosen:
            anchor = source_anchor(work.key, anchor_prefix)
            while anchor in anchors:  # keys that differ only in what make_id folds
                anchor += "-"
            anchors.add(anchor)
            places.append((work, anchor))
        listing = self._html_listing(places, node) if self._is_html else None
        if listing is None:
            listing = nodes.bullet_list(classes=["enc-sources"])
            for work, anchor in places:
                listing += nodes.list_item("", self._entry(work, node), ids=[anchor])
        if self._is_html and node["unfiltered"]:
            return [self._downloads(), listing]
        return [listing]

    @property
    def _is_html(self) -> bool:
        return builder_of(self.env).format == "html"

    def _entry(self, work: CitedWork, node: enc_sources) -> nodes.paragraph:
        formatter = formatter_for(self.env)
        paragraph = nodes.paragraph(classes=["enc-source"])
        paragraph += formatter.reference_text(self.env, work.key, node)
        cited_in = nodes.inline(classes=["enc-cited-in"])
        cited_in += nodes.Text(" " + _("Cited in:") + " ")
        for position, place in enumerate(work.places):
            if position:
                cited_in += nodes.Text(", ")
            cited_in += self._article_link(place)
        paragraph += cited_in
        count = _("%d citation") if work.count == 1 else _("%d citations")
        paragraph += nodes.Text(" ")
        paragraph += nodes.inline("", f"({count % work.count})", classes=["enc-citation-count"])
        return paragraph

    def _html_listing(
        self, places: list[tuple[CitedWork, str]], node: enc_sources
    ) -> nodes.bullet_list | None:
        """The index as the HTML writer would write :meth:`_entry`'s nodes, put together from
        the references rendered once per build: an index of every work a large site cites is
        the longest list it has. None when an entry needs the writer."""
        formatter = formatter_for(self.env)
        cited_in = " " + _("Cited in:") + " "
        cited_in_label = encode_html(cited_in)
        html: list[str] = []
        plain: list[str] = []
        for work, anchor in places:
            reference = formatter.reference_html(self.env, work.key, node)
            if reference is None:
                return None
            labels = [self._article_label(place) for place in work.places]
            links = ", ".join(
                f'<a class="reference internal" href="{encode_html(self._article_uri(place))}">'
                f"{encode_html(label)}</a>"
                for place, label in zip(work.places, labels, strict=True)
            )
            count = (_("%d citation") if work.count == 1 else _("%d citations")) % work.count
            html.append(
                f'<li id="{anchor}"><p class="enc-source">{reference}'
                f'<span class="enc-cited-in">{cited_in_label}{links}</span> '
                f'<span class="enc-citation-count">({encode_html(count)})</span></p></li>\n'
            )
            # Unlike the references lists, the index is searched as any page is: one page
            # found for a work, not every article citing it.
            plain.append(formatter.plain_text(self.env, work.key, node) + cited_in
                         + ", ".join(labels) + f" ({count})")  # fmt: skip
        # docutils marks lists of one-paragraph items "simple"; it cannot see into these.
        listing = nodes.bullet_list(classes=["enc-sources", "simple"])
        listing += rendered_items(html, plain)
        return listing

    def _article_label(self, place: Place) -> str:
        docname = place.docname
        title = self.env.titles[docname].astext() if docname in self.env.titles else docname
        return title if place.number is None else f"{title} [{place.number}]"

    def _article_uri(self, place: Place) -> str:
        uri = builder_of(self.env).get_relative_uri(self.env.docname, place.docname)
        if not uri.startswith("#"):
            return f"{uri}#{place.anchor}"
        # singlehtml puts every article on this page: the item is an anchor here, and a
        # works-cited entry's has the article's id before it (see .works_cited).
        if place.number is None:
            return f"#{id_prefix(place.docname, 0)}-{place.anchor}"
        return f"#{place.anchor}"

    def _article_link(self, place: Place) -> nodes.Node:
        label = self._article_label(place)
        if not self._is_html:
            return nodes.Text(label)
        return nodes.reference("", label, refuri=self._article_uri(place), internal=True)

    def _downloads(self) -> nodes.paragraph:
        page = builder_of(self.env).get_target_uri(self.env.docname)
        paragraph = nodes.paragraph(classes=["enc-sources-downloads"])
        paragraph += nodes.Text(_("Download the cited sources:") + " ")
        for position, (name, label) in enumerate(
            ((BIBTEX_FILE, "BibTeX"), (CSL_JSON_FILE, "CSL-JSON"))
        ):
            if position:
                paragraph += nodes.Text(" · ")
            paragraph += nodes.reference("", label, refuri=relative_uri(page, name))
        return paragraph


def citing_article_counts(env: BuildEnvironment) -> dict[str, int]:
    """How many articles cite each key; computed once per build, while writing."""
    build = get_domain(env).build
    if build.citing_articles is None:
        works = collect_cited(env)
        build.citing_articles = {key: len(work.places) for key, work in works.items()}
    return build.citing_articles


def forget_build_state(app: Sphinx, env: BuildEnvironment) -> None:
    get_domain(env).build.citing_articles = None


def sources_index_link(
    env: BuildEnvironment, builder: Any, fromdocname: str, key: str
) -> nodes.Node | None:
    """ "Other articles citing this", for a reference item, when the option asks for it."""
    uri = _sources_index_uri(env, builder, fromdocname, key)
    if uri is None:
        return None
    text = _("Other articles citing this")
    return nodes.reference("", text, refuri=uri, internal=True, classes=["enc-sources-link"])


def sources_index_link_html(
    env: BuildEnvironment, builder: Any, fromdocname: str, key: str
) -> str | None:
    """:func:`sources_index_link` as the HTML writer writes it."""
    uri = _sources_index_uri(env, builder, fromdocname, key)
    if uri is None:
        return None
    text = encode_html(_("Other articles citing this"))
    return f'<a class="enc-sources-link reference internal" href="{encode_html(uri)}">{text}</a>'


def _sources_index_uri(
    env: BuildEnvironment, builder: Any, fromdocname: str, key: str
) -> str | None:
    if not settings_of(env).sources_links or builder.format != "html":
        return None
    page = get_domain(env).main_sources_page()
    if not page:
        return None
    if citing_article_counts(env).get(key, 0) < 2:
        return None
    uri = builder.get_relative_uri(fromdocname, page)
    anchor = source_anchor(key)
    return f"#{anchor}" if uri.startswith("#") else f"{uri}#{anchor}"


def export_cited_sources(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    if not get_domain(app.env).sources_pages:
        return
    works = collect_cited(app.env)
    write_exports(Path(app.outdir), [works[key].entry for key in sorted(works)])


def setup_sources(app: Sphinx) -> None:
    add_placeholder(app, enc_sources)
    app.add_directive("sources", SourcesDirective)
    app.add_post_transform(SourcesIndexBuilder)
    app.connect("env-updated", forget_build_state)
    app.connect("build-finished", export_cited_sources)
