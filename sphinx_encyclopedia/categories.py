"""Categories: Wikipedia's "Categories:" box, a page per category, and the article index.

``.. categories:: AI safety; Machine learning`` records the page's categories (and, with
``:sort-key:``, the key it sorts under, as Wikipedia's ``DEFAULTSORT``) and leaves a box that
goes to the very end of the article, below the appendices. A category's members are known
only once every page is read, so every listing is put together while writing, from the
domain: right after parallel reads, and the same in every builder.

Where a category's listing goes:

- a document the author writes with ``.. category-page:: AI safety`` (a lead, its own
  ``categories`` as its parents) is the category's page: the directive is replaced by the
  subcategories and the pages in the category, A to Z under letter headings. Being a
  document, it is in every builder's output (LaTeX, text, EPUB, single page, …);
- a category without such a document gets a generated page, ``category/<slug>.html``, and
  the site a page of all categories, ``category/index.html``, through ``html-collect-pages``.
  Only the HTML builders that write a file per page (``html``, ``dirhtml``) have room for
  pages that are not documents; elsewhere, a box names such a category without a link.

Keeping pages current without reading them again: when pages have been read, what each
listing shows (members, titles, sort keys), what the article index shows and where each
category's name links to are compared with the last build's (kept in the domain), and only
the pages whose listing or box changed are written again. A generated page carries the
fingerprint of what it shows, and is written again only when that changes, so that adding a
category to one article rewrites that category's page and the page of all categories alone.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from html import escape
from pathlib import Path
from typing import Any, ClassVar, NotRequired, TypedDict

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.matching import Matcher
from sphinx.util.nodes import make_refnode

from .appendix import ArticleFoot
from .diagnostics import warn
from .domain import builder_of, get_domain, settings_of
from .i18n import _
from .options import CheckedOptions, report_option_problems
from .order import POST_TRANSFORM_PRIORITY, TRANSFORM_PRIORITY
from .walk import nodes_of
from .writers import add_node, add_placeholder, pass_through

#: Where generated category pages go, beside the documents: ``category/ai-safety.html``.
CATEGORY_DIR = "category"
#: The page of all categories, ``category/index.html``; no category's page takes its name.
ALL_CATEGORIES = f"{CATEGORY_DIR}/index"
#: Starts a generated page's body, with the fingerprint of what the page shows.
FINGERPRINT_MARK = "sphinx-encyclopedia listing"
OTHER_LETTERS = "#"


class CategoryRecord(TypedDict):
    """A page's ``categories`` directives, as the domain keeps them."""

    names: list[str]
    #: The ``:sort-key:``: what the page sorts under in listings and the index.
    sort_key: str | None
    #: A category's own sort key (``AI safety | Hubinger, Evan``): what the page sorts under
    #: in that category's listing alone. Absent from records an older build pickled.
    keys: NotRequired[dict[str, str]]
    #: The first directive's line, for the warnings made once every page is read.
    line: int | None


class CategoryPageRecord(TypedDict):
    """A page written for a category with ``category-page``."""

    name: str
    line: int | None


# -- nodes -----------------------------------------------------------------------------------


class InCategoryWriting:
    """Marks what is finished while writing: one walk of a page finds all three."""


class enc_categories(nodes.General, nodes.Element, InCategoryWriting, ArticleFoot):  # noqa: N801
    """The "Categories:" box: ``names``, filled with its label and links while writing."""


class enc_category_listing(nodes.General, nodes.Element, InCategoryWriting):  # noqa: N801 - docutils' naming
    """Where a category page lists its category (``name``); replaced while writing."""


class enc_article_index(nodes.General, nodes.Element, InCategoryWriting):  # noqa: N801 - docutils' naming
    """Where the A–Z index of articles goes; replaced while writing."""


# -- names, slugs and sort keys ----------------------------------------------------------------


def category_name(text: str) -> str:
    return " ".join(text.split())


def split_names(text: str) -> list[str]:
    """``AI safety; Machine learning`` (or one per line) as names."""
    return [name for name, _key in split_keyed_names(text) if name]


def split_keyed_names(text: str) -> list[tuple[str, str]]:
    """Names with their own sort keys: ``AI safety | Hubinger, Evan; Machine learning``. A
    bar cannot be in a name (nor in a MediaWiki title, whose ``[[Category:A|key]]`` it
    mirrors), so it separates the key whatever punctuation the name holds."""
    found = []
    for part in re.split(r"[;\n]", text):
        name, _bar, key = part.partition("|")
        if category_name(name) or category_name(key):
            found.append((category_name(name), category_name(key)))
    return found


def folded(text: str) -> str:
    """What sorts: accents dropped, case folded (``Éclair`` sorts as ``eclair``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.casefold().split())


def letter_of(sort_key: str) -> str:
    """The heading an entry goes under: its first letter, or ``#`` for digits, signs and
    scripts without capital letters."""
    first = folded(sort_key)[:1]
    if first.isalpha() and first.upper() != first.lower():
        return first.upper()
    return OTHER_LETTERS


def slugify(name: str) -> str:
    """The file name of a category's generated page: ``AI safety`` is ``ai-safety``."""
    return re.sub(r"[\W_]+", "-", folded(name)).strip("-")


# -- directives --------------------------------------------------------------------------------


class CategoriesDirective(SphinxDirective):
    """``.. categories:: A; B`` (or one name a line), option ``:sort-key:``."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = CheckedOptions(
        {"sort-key": directives.unchanged_required}
    )

    def run(self) -> list[nodes.Node]:
        report_option_problems(self)
        keyed = split_keyed_names(" ".join(self.arguments))
        keyed += split_keyed_names("\n".join(self.content))
        sort_key = " ".join(self.options.get("sort-key", "").split()) or None
        location = self.get_location()
        for name, key in keyed:
            if not name:
                warn(f"a sort key ({key!r}) with no category name before its bar",
                     "categories", location)  # fmt: skip
        keyed = [(name, key) for name, key in keyed if name]
        if not keyed and not sort_key:
            warn(f"{self.name} names no category", "categories", location)
            return []
        domain = get_domain(self.env)
        record = domain.categories.setdefault(
            self.env.docname, CategoryRecord(names=[], sort_key=None, line=self.lineno, keys={})
        )
        for name, key in keyed:
            if name in record["names"]:
                warn(f"category {name!r} is given twice on this page", "categories", location)
            else:
                record["names"].append(name)
                if key:
                    record.setdefault("keys", {})[name] = key
        if sort_key:
            if record["sort_key"] and record["sort_key"] != sort_key:
                warn(f"a second :sort-key: ({sort_key!r}); the page sorts under its first, "
                     f"{record['sort_key']!r}", "categories", location)  # fmt: skip
            else:
                record["sort_key"] = sort_key
        node = enc_categories(classes=["enc-categories"])
        self.set_source_info(node)
        return [node]


class CategoryPageDirective(SphinxDirective):
    """``.. category-page:: AI safety``: this document is the category's page."""

    optional_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        name = category_name(" ".join(self.arguments))
        location = self.get_location()
        if not name:
            warn(f"{self.name} names no category", "category-page", location)
            return []
        pages = get_domain(self.env).category_pages
        if self.env.docname in pages:
            warn(f"this page is already the page of category {pages[self.env.docname]['name']!r}"
                 f"; a page lists one category", "category-page", location)  # fmt: skip
            return []
        pages[self.env.docname] = CategoryPageRecord(name=name, line=self.lineno)
        node = enc_category_listing(name=name)
        self.set_source_info(node)
        return [node]


class ArticleIndexDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        get_domain(self.env).article_indexes.add(self.env.docname)
        node = enc_article_index()
        self.set_source_info(node)
        return [node]


class CategoryBox(SphinxTransform):
    """One box at the very end of the article, whichever section the directive was in."""

    default_priority = TRANSFORM_PRIORITY["CategoryBox"]

    def apply(self, **kwargs: Any) -> None:
        boxes = nodes_of(self.document, enc_categories)
        if not boxes:
            return
        for box in boxes:
            box.parent.remove(box)
        record = get_domain(self.env).categories.get(self.env.docname)
        if not record or not record["names"]:
            return  # a sort key alone
        box = enc_categories(classes=["enc-categories"], names=list(record["names"]))
        box.source, box.line = boxes[0].source, boxes[0].line
        top = next(
            (child for child in self.document.children if isinstance(child, nodes.section)),
            self.document,
        )
        top.append(box)


# -- the site's categories ---------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """A line of a listing: a page (or a subcategory's page) and what it sorts under."""

    sort: tuple[str, str, str]
    label: str
    docname: str
    description: str | None = None

    @property
    def letter(self) -> str:
        return letter_of(self.sort[0])


def entry(docname: str, label: str, sort_key: str | None, description: str | None = None) -> Entry:
    return Entry((folded(sort_key or label), folded(label), docname), label, docname, description)


def title_of(env: BuildEnvironment, docname: str) -> str:
    return env.titles[docname].astext() if docname in env.titles else docname


@dataclass
class Catalogue:
    """Every category of the site, once every page is read."""

    #: The articles (pages that are no category's page) in each category, sorted.
    members: dict[str, list[Entry]] = field(default_factory=dict)
    #: The category pages in each category, sorted.
    subcategories: dict[str, list[Entry]] = field(default_factory=dict)
    #: Each category's page the author wrote (the first by document name).
    pages: dict[str, str] = field(default_factory=dict)
    #: Each category's slug, for generated pages; stable while the set of names is.
    slugs: dict[str, str] = field(default_factory=dict)
    #: The articles of the article index, sorted.
    articles: list[Entry] = field(default_factory=list)
    #: Generated pages a document already takes the name of: not generated.
    taken: set[str] = field(default_factory=set)
    #: Whether the author wrote ``category/index``, which is then the page of all categories.
    own_index: bool = False

    @property
    def names(self) -> list[str]:
        return sorted(self.members.keys() | self.subcategories.keys() | self.pages.keys())

    def generated(self) -> list[str]:
        """The categories whose listing is a generated page."""
        return [name for name in self.names if name not in self.pages
                and self.pagename(name) not in self.taken]  # fmt: skip

    def pagename(self, name: str) -> str:
        return f"{CATEGORY_DIR}/{self.slugs[name]}"

    def target(self, name: str) -> str:
        """Where the category's name links to: its document, or its generated page."""
        return self.pages.get(name) or "generated:" + self.pagename(name)

    def listing_data(self, name: str) -> tuple[Any, ...]:
        def rows(entries: list[Entry]) -> list[tuple[str, ...]]:
            return [(item.docname, item.label, *item.sort) for item in entries]

        return (name, rows(self.subcategories.get(name, [])), rows(self.members.get(name, [])))

    def index_data(self) -> list[tuple[Any, ...]]:
        return [(item.docname, item.label, item.description, *item.sort) for item in self.articles]

    def all_categories_data(self) -> list[tuple[Any, ...]]:
        return [
            (name, self.target(name), len(self.members.get(name, [])),
             len(self.subcategories.get(name, [])))
            for name in self.names
        ]  # fmt: skip


def build_catalogue(env: BuildEnvironment) -> Catalogue:
    domain = get_domain(env)
    catalogue = Catalogue()
    for docname in sorted(domain.category_pages):
        catalogue.pages.setdefault(domain.category_pages[docname]["name"], docname)
    winners = {docname: name for name, docname in catalogue.pages.items()}
    for docname, record in sorted(domain.categories.items()):
        if docname in winners:
            listed, label = catalogue.subcategories, winners[docname]
        elif docname in domain.category_pages:
            continue  # a second page of a category: warned about, and listed nowhere
        else:
            listed, label = catalogue.members, title_of(env, docname)
        keys = record.get("keys", {})
        for name in record["names"]:
            item = entry(docname, label, keys.get(name) or record["sort_key"])
            listed.setdefault(name, []).append(item)
    for entries in (*catalogue.members.values(), *catalogue.subcategories.values()):
        entries.sort(key=lambda item: item.sort)
    taken = {"index"}
    for name in catalogue.names:
        base = slugify(name) or "category"
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        catalogue.slugs[name] = slug
    catalogue.taken = {
        catalogue.pagename(name)
        for name in catalogue.names
        if catalogue.pagename(name) in env.all_docs
    }
    catalogue.own_index = ALL_CATEGORIES in env.all_docs
    catalogue.articles = index_entries(env)
    return catalogue


def index_entries(env: BuildEnvironment) -> list[Entry]:
    """The articles: pages ``encyclopedia_article_patterns`` names, other than the front
    page, category pages and pages holding the index."""
    domain = get_domain(env)
    is_article = Matcher(settings_of(env).article_patterns)
    left_out = domain.category_pages.keys() | domain.article_indexes | {env.config.root_doc}
    entries = []
    for docname in env.all_docs:
        if docname in left_out or not is_article(docname):
            continue
        record = domain.categories.get(docname)
        sort_key = record["sort_key"] if record else None
        entries.append(entry(docname, title_of(env, docname), sort_key,
                             domain.short_description(docname)))  # fmt: skip
    return sorted(entries, key=lambda item: item.sort)


def catalogue_of(env: BuildEnvironment) -> Catalogue:
    """The build's catalogue, put together once every page is read."""
    build = get_domain(env).build
    if build.catalogue is None:
        build.catalogue = build_catalogue(env)
    return build.catalogue


def fingerprint(data: Any) -> str:
    return hashlib.sha1(repr(data).encode(), usedforsecurity=False).hexdigest()


def generates_pages(builder: Builder) -> bool:
    """Whether the builder writes pages that are not documents: the HTML builders that
    write a file per page. A single page has no room for them, nor does an EPUB's spine."""
    return (isinstance(builder, StandaloneHTMLBuilder) and not builder.embedded
            and not isinstance(builder, SingleFileHTMLBuilder))  # fmt: skip


# -- writing -----------------------------------------------------------------------------------


@dataclass
class Links:
    """Links from one page, a document or a generated page, to documents and categories."""

    builder: Builder
    catalogue: Catalogue
    page: str

    def to_document(self, docname: str, label: str) -> nodes.Node:
        try:
            return make_refnode(self.builder, self.page, docname, "", nodes.Text(label))
        except NoUri:  # a document the builder leaves out
            return nodes.Text(label)

    def to_page(self, pagename: str, label: str) -> nodes.Node:
        uri = self.builder.get_relative_uri(self.page, pagename)
        return nodes.reference("", label, refuri=uri, internal=True)

    def to_category(self, name: str) -> nodes.Node:
        if name in self.catalogue.pages:
            return self.to_document(self.catalogue.pages[name], name)
        if generates_pages(self.builder) and self.catalogue.pagename(name) not in (
            self.catalogue.taken
        ):
            return self.to_page(self.catalogue.pagename(name), name)
        return nodes.Text(name)

    def to_all_categories(self, label: str) -> nodes.Node:
        if self.catalogue.own_index:
            return self.to_document(ALL_CATEGORIES, label)
        if generates_pages(self.builder):
            return self.to_page(ALL_CATEGORIES, label)
        return nodes.Text(label)


def fill_box(box: enc_categories, links: Links) -> None:
    names = box["names"]
    label = _("Category") if len(names) == 1 else _("Categories")
    heading = nodes.inline("", "", links.to_all_categories(str(label)), nodes.Text(":"),
                           classes=["enc-categories-label"])  # fmt: skip
    if links.builder.format == "html":
        # A list, as Wikipedia's: the bars between names are borders, not text read aloud.
        listing = nodes.bullet_list(classes=["enc-categories-list"])
        for name in names:
            listing += nodes.list_item("", nodes.paragraph("", "", links.to_category(name)))
        box += nodes.paragraph("", "", heading)
        box += listing
        return
    line = nodes.paragraph("", "", heading, nodes.Text(" "))
    for position, name in enumerate(names):
        if position:
            line += nodes.Text(" | ")
        line += links.to_category(name)
    box += line


def heading(text: str, level: int) -> nodes.rubric:
    """A heading outside the page's sections (the HTML writers make it ``<hN>``): Sphinx
    7.4.0 reads the level as ``level``, later releases as ``heading-level``."""
    rubric = nodes.rubric(text, text)
    rubric["level"] = rubric["heading-level"] = min(level, 6)
    return rubric


def letter_groups(
    entries: Iterable[Entry], level: int, item: Callable[[Entry], list[nodes.Node]], kind: str
) -> nodes.container:
    """Entries under letter headings, ``#`` first, in columns as Wikipedia's listings."""
    groups: dict[str, list[Entry]] = {}
    for listed in entries:
        groups.setdefault(listed.letter, []).append(listed)
    if OTHER_LETTERS in groups:
        groups = {OTHER_LETTERS: groups.pop(OTHER_LETTERS), **groups}
    columns = nodes.container(classes=["enc-category-columns", f"enc-{kind}"])
    for letter, grouped in groups.items():
        group = nodes.container(classes=["enc-category-group"])
        group += heading(letter, level)
        bullets = nodes.bullet_list()
        for listed in grouped:
            bullets += nodes.list_item("", nodes.paragraph("", "", *item(listed)))
        group += bullets
        columns += group
    return columns


def category_listing(name: str, links: Links, level: int) -> list[nodes.Node]:
    """A category's subcategories and pages, as Wikipedia's category pages show them."""
    catalogue = links.catalogue
    subcategories = catalogue.subcategories.get(name, [])
    members = catalogue.members.get(name, [])
    listing = nodes.container(classes=["enc-category-listing"])
    if subcategories:
        count = len(subcategories)
        listing += heading(str(_("Subcategories")), level)
        said = (_("This category has only the following subcategory.") if count == 1
                else _("This category has the following %d subcategories.") % count)  # fmt: skip
        listing += nodes.paragraph("", str(said))
        listing += letter_groups(
            subcategories, level + 1,
            lambda item: [links.to_document(item.docname, item.label)], "subcategories",
        )  # fmt: skip
    if members:
        count = len(members)
        listing += heading(str(_("Pages in category “%s”") % name), level)
        said = (_("This category contains only the following page.") if count == 1
                else _("The following %d pages are in this category.") % count)  # fmt: skip
        listing += nodes.paragraph("", str(said))
        listing += letter_groups(
            members, level + 1, lambda item: [links.to_document(item.docname, item.label)], "pages"
        )
    if not subcategories and not members:
        listing += nodes.paragraph("", str(_("This category is currently empty.")))
    return [listing]


def article_index(links: Links, level: int) -> list[nodes.Node]:
    articles = links.catalogue.articles
    if not articles:
        return [nodes.paragraph("", str(_("This site has no articles yet.")))]

    def item(listed: Entry) -> list[nodes.Node]:
        line = [links.to_document(listed.docname, listed.label)]
        if listed.description:
            line.append(nodes.inline("", f" – {listed.description}", classes=["enc-annotation"]))
        return line

    return [letter_groups(articles, level, item, "article-index")]


def all_categories(links: Links, level: int) -> list[nodes.Node]:
    catalogue = links.catalogue

    def item(listed: Entry) -> list[nodes.Node]:
        name = listed.label
        counts = []
        subcategories = len(catalogue.subcategories.get(name, []))
        if subcategories:
            said = _("%d subcategory") if subcategories == 1 else _("%d subcategories")
            counts.append(said % subcategories)
        pages = len(catalogue.members.get(name, []))
        if pages or not subcategories:
            counts.append((_("%d page") if pages == 1 else _("%d pages")) % pages)
        return [links.to_category(name), nodes.Text(" (" + ", ".join(counts) + ")")]

    entries = [Entry((folded(name), name, ""), name, "") for name in catalogue.names]
    return [letter_groups(sorted(entries, key=lambda e: e.sort), level, item, "all-categories")]


def sections_above(node: nodes.Node) -> int:
    count, parent = 0, node.parent
    while parent is not None:
        count += isinstance(parent, nodes.section)
        parent = parent.parent
    return count


class CategoryWriting(SphinxPostTransform):
    """Fill the boxes with links, and put in the listings and the article index."""

    default_priority = POST_TRANSFORM_PRIORITY["CategoryWriting"]

    def run(self, **kwargs: Any) -> None:
        domain = get_domain(self.env)
        if not (domain.categories or domain.category_pages or domain.article_indexes):
            return
        found = nodes_of(self.document, InCategoryWriting)
        if not found:
            return
        links = Links(builder_of(self.env), catalogue_of(self.env), self.env.docname)
        for node in found:
            level = sections_above(node) + 1
            if isinstance(node, enc_categories):
                fill_box(node, links)
            elif isinstance(node, enc_category_listing):
                node.replace_self(category_listing(node["name"], links, level))
            elif isinstance(node, enc_article_index):
                node.replace_self(article_index(links, level))


# -- generated pages ---------------------------------------------------------------------------


def page_fingerprint(builder: Builder, data: Any) -> str | None:
    """What a generated page shows, and what else Sphinx rewrites every page for: the HTML
    configuration (as ``.buildinfo`` holds it), the language, this extension's version. None
    when the builder has no such record: the page is then written every time."""
    info: Any = getattr(builder, "build_info", None)
    if not hasattr(info, "config_hash") or not hasattr(info, "tags_hash"):
        return None
    # Imported here: the package imports this module before it sets its version.
    from . import __version__

    return fingerprint((
        data, builder.name, builder.config.language, __version__, info.config_hash,
        info.tags_hash,
    ))  # fmt: skip


def _mark(stamp: str | None) -> str:
    return f"<!-- {FINGERPRINT_MARK} {stamp or ''} -->\n"


def _up_to_date(builder: StandaloneHTMLBuilder, pagename: str, stamp: str | None) -> bool:
    newest_template = getattr(builder.templates, "newest_template_mtime", None)
    if stamp is None or not callable(newest_template):
        return False
    path = Path(builder.get_outfilename(pagename))
    try:
        if path.stat().st_mtime < newest_template():
            return False  # the theme changed: Sphinx writes every page again too
        return _mark(stamp) in path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False


def _generated_page(builder: StandaloneHTMLBuilder, pagename: str, title: str,
                    body: Callable[[Links], list[nodes.Node]], catalogue: Catalogue,
                    stamp: str | None) -> tuple[str, dict[str, Any], str]:  # fmt: skip
    links = Links(builder, catalogue, pagename)
    section = nodes.section(ids=[nodes.make_id(pagename) or "category"])
    section += nodes.title(title, title)
    section.extend(body(links))
    html = builder.render_partial(section)["fragment"]
    return pagename, {"title": escape(title), "body": _mark(stamp) + html}, "page.html"


def collect_category_pages(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder) or not generates_pages(builder):
        return []
    catalogue = catalogue_of(app.env)
    wanted: dict[str, tuple[str, Callable[[Links], list[nodes.Node]], Any]] = {}
    for name in catalogue.generated():
        wanted[catalogue.pagename(name)] = (
            str(_("Category: %s") % name),
            partial(category_listing, name, level=2),
            catalogue.listing_data(name),
        )
    if catalogue.names and not catalogue.own_index:
        wanted[ALL_CATEGORIES] = (
            str(_("Categories")),
            partial(all_categories, level=2),
            catalogue.all_categories_data(),
        )
    _remove_stale_pages(builder, set(wanted))
    pages = []
    for pagename, (title, body, data) in wanted.items():
        stamp = page_fingerprint(builder, (title, data))
        if not _up_to_date(builder, pagename, stamp):
            pages.append(_generated_page(builder, pagename, title, body, catalogue, stamp))
    return pages


def _remove_stale_pages(builder: StandaloneHTMLBuilder, wanted: set[str]) -> None:
    """Pages of categories that are gone (or now have a document): the files would stay
    published, listing what they listed. Only files this module wrote are removed."""
    folder = Path(builder.outdir, CATEGORY_DIR)
    if not folder.is_dir():
        return
    keep = {Path(builder.get_outfilename(pagename)) for pagename in wanted}
    mark = f"<!-- {FINGERPRINT_MARK} "
    for path in folder.rglob("*" + builder.out_suffix):
        if path in keep:
            continue
        try:
            if mark in path.read_text(encoding="utf-8"):
                path.unlink()
        except (OSError, UnicodeDecodeError):
            continue


# -- keeping pages current ---------------------------------------------------------------------


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Category pages whose listing changed, article indexes whose articles changed, and
    pages whose box links a category elsewhere than it did: written again, not read."""
    domain = get_domain(env)
    domain.build.catalogue = catalogue = build_catalogue(env)
    before: dict[str, Any] = domain.data.get("category_listings") or {}
    now: dict[str, Any] = {
        "listings": {name: fingerprint(catalogue.listing_data(name)) for name in catalogue.names},
        "index": fingerprint(catalogue.index_data()),
        "targets": {name: catalogue.target(name) for name in catalogue.names},
        "own_index": catalogue.own_index,
    }
    domain.data["category_listings"] = now
    if not before:
        return []  # a new environment: every page is read and written
    rewrite = {
        docname
        for docname, page in domain.category_pages.items()
        if before["listings"].get(page["name"]) != now["listings"].get(page["name"])
    }
    if before["index"] != now["index"]:
        rewrite |= domain.article_indexes
    if before.get("own_index") != now["own_index"]:  # where every box's label links
        rewrite.update(domain.categories)
    moved = {
        name
        for name in before["targets"].keys() | now["targets"].keys()
        if before["targets"].get(name) != now["targets"].get(name)
    }
    if moved:
        rewrite.update(
            docname for docname, record in domain.categories.items()
            if not moved.isdisjoint(record["names"])
        )  # fmt: skip
    return sorted(rewrite & env.all_docs.keys())


def forget_catalogue(app: Sphinx, exception: BaseException | None) -> None:
    get_domain(app.env).build.catalogue = None


# -- checks once every page is read ------------------------------------------------------------


def check_categories(app: Sphinx, env: BuildEnvironment) -> None:
    domain = get_domain(env)
    if not (domain.categories or domain.category_pages):
        return
    catalogue = catalogue_of(env)
    _check_second_pages(env, catalogue)
    _check_cycles(env, catalogue)
    _check_near_duplicates(env, catalogue)
    if generates_pages(builder_of(env)):
        for name in catalogue.names:
            if name not in catalogue.pages and catalogue.pagename(name) in catalogue.taken:
                warn(f"the document {catalogue.pagename(name)!r} takes the place of the "
                     f"generated page of category {name!r}; make it the category's page with "
                     f"'.. category-page:: {name}', or rename it", "category-page",
                     (catalogue.pagename(name), None))  # fmt: skip


def _location(env: BuildEnvironment, docname: str) -> tuple[str, int | None]:
    record = get_domain(env).categories.get(docname)
    return docname, record["line"] if record else None


def _check_second_pages(env: BuildEnvironment, catalogue: Catalogue) -> None:
    for docname, page in sorted(get_domain(env).category_pages.items()):
        first = catalogue.pages.get(page["name"])
        if first != docname:
            warn(f"category {page['name']!r} has a page already, {first!r}; boxes and "
                 "listings link to that one", "category-page", (docname, page["line"]))  # fmt: skip


def _check_cycles(env: BuildEnvironment, catalogue: Catalogue) -> None:
    """Categories that are, through their pages' own categories, their own parents: one
    warning for each cycle a walk of the parents meets."""
    records = get_domain(env).categories
    parents = {
        name: records[docname]["names"] if docname in records else []
        for name, docname in catalogue.pages.items()
    }
    state: dict[str, bool] = {}  # False while on the path, True once every parent is seen
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = False
        path.append(name)
        for parent in parents.get(name, []):
            if state.get(parent) is False:
                cycle = path[path.index(parent) :]
                said = (f"categories in a cycle: {' → '.join([*cycle, parent])}" if cycle[1:]
                        else f"category {parent!r} is among its own categories")  # fmt: skip
                warn(f"{said}; a category is not its own parent", "category-cycle",
                     _location(env, catalogue.pages[parent]))  # fmt: skip
            elif parent not in state:
                visit(parent)
        path.pop()
        state[name] = True

    for start in sorted(parents):
        if start not in state:
            visit(start)


def _check_near_duplicates(env: BuildEnvironment, catalogue: Catalogue) -> None:
    """Names one slug apart: ``AI safety`` and ``AI Safety`` are two categories."""
    by_slug: dict[str, list[str]] = {}
    for name in catalogue.names:
        by_slug.setdefault(slugify(name), []).append(name)
    records = get_domain(env).categories
    for names in by_slug.values():
        for name in names[1:]:
            user = next(
                (doc for doc in sorted(records) if name in records[doc]["names"]),
                catalogue.pages.get(name, ""),
            )
            location = _location(env, user) if user in records else (user, None)
            warn(f"categories {names[0]!r} and {name!r} differ only in letter case, accents or "
                 "punctuation; they are two categories", "categories", location)  # fmt: skip


# -- writers -----------------------------------------------------------------------------------


def visit_box_html(self: Any, node: enc_categories) -> None:
    self.body.append(self.starttag(node, "div", ""))


def depart_box_html(self: Any, node: enc_categories) -> None:
    self.body.append("</div>\n")


def setup_categories(app: Sphinx) -> None:
    add_node(app, enc_categories, html=(visit_box_html, depart_box_html),
             others=(pass_through, pass_through))  # fmt: skip
    add_placeholder(app, enc_category_listing)
    add_placeholder(app, enc_article_index)
    app.add_directive("categories", CategoriesDirective)
    app.add_directive("category-page", CategoryPageDirective)
    app.add_directive("article-index", ArticleIndexDirective)
    app.add_transform(CategoryBox)
    app.add_post_transform(CategoryWriting)
    app.connect("env-updated", pages_to_rewrite)
    app.connect("env-check-consistency", check_categories)
    app.connect("html-collect-pages", collect_category_pages)
    app.connect("build-finished", forget_catalogue)
