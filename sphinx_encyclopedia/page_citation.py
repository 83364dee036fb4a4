"""The article as a source itself: "Cite this page", JSON-LD and Highwire ``citation_*`` tags.

An article's own citation names the site's contributors, the article's title, the site, the
date the article last changed (its source file's last commit, else the file's modification
time) and its address (from ``html_baseurl``); the date a reader retrieved it is left to the
reader. HTML builders only: the panel and the tags describe a web page.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from pybtex.database import Entry, Person
from pylatexenc.latexencode import unicode_to_latex
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.matching import Matcher
from sphinx.util.osutil import relative_uri

from .categories import enc_categories
from .citations import bib_entries
from .domain import builder_of, get_domain, settings_of
from .export import bibtex_text, csl_item
from .formatting import HTML_AND_PLAIN, NeedsNodesError, encode_html, formatter_for
from .i18n import _
from .lead import enc_lead
from .order import POST_TRANSFORM_PRIORITY
from .previews import picture_address
from .writers import add_node, skip

CITE_THIS_PAGE = ("panel", "appendix", "none")


@dataclass(frozen=True)
class PageCitation:
    key: str
    title: str
    site: str
    modified: str  # YYYY-MM-DD
    url: str | None
    language: str | None

    def entry(self, site: SiteParts | None = None) -> Entry:
        """The page as a bib entry: what the citation style, BibTeX and CSL-JSON are made of.
        ``site`` is :func:`site_parts` of the site, when the caller has it."""
        website, contributors = site or site_parts(self.site)
        fields = {"title": _latex(self.title), "date": self.modified, "website": website}
        if self.url:
            fields["url"] = self.url
        entry = Entry("online", fields=fields, persons={"author": [contributors]})
        entry.key = self.key
        return entry


def _latex(text: str) -> str:
    # The style reads fields as LaTeX: "%" in a title would start a comment.
    return unicode_to_latex(text, non_ascii_only=False, unknown_char_policy="keep")


SiteParts = tuple[str, Person]


def site_parts(site: str) -> SiteParts:
    """The site's name as a bib field holds it, and its contributors as the author (a braced
    name: a group, not a person). The same for every page: parsing a name costs more than
    formatting the page's citation. Only read, never changed, so pages share them."""
    return _latex(site), Person("{" + _latex(str(_("%s contributors") % site)) + "}")


@dataclass
class PageCitations:
    """What a build works out once for every page it writes, not once per use."""

    is_article: Matcher
    #: :func:`site_parts` of the site: the same for every page.
    site: SiteParts | None = None
    #: Each page's citation: the panel, the meta tags and the JSON-LD all ask for it.
    pages: dict[str, PageCitation] = field(default_factory=dict)
    #: Each cited work's JSON-LD, as it stands in a page's ``citation`` list (see
    #: :func:`json_ld_text`): the works of a site are cited from many pages.
    works: dict[str, str] = field(default_factory=dict)
    #: The entries ``works`` was made from.
    entries: Any = None


def _page_citations(env: BuildEnvironment) -> PageCitations:
    build = get_domain(env).build
    if build.page_citations is None:
        build.page_citations = PageCitations(Matcher(settings_of(env).article_patterns))
    return build.page_citations


def is_article(env: BuildEnvironment, docname: str) -> bool:
    """A page that counts as an article (``encyclopedia_article_patterns``) and has a lead;
    a category's page, which lists articles, is none."""
    domain = get_domain(env)
    record = domain.articles.get(docname)
    if record is None or record["description"] is None or docname in domain.category_pages:
        return False
    return _page_citations(env).is_article(docname)


def page_citation(env: BuildEnvironment, docname: str) -> PageCitation:
    pages = _page_citations(env).pages
    citation = pages.get(docname)
    if citation is None:
        citation = pages[docname] = _page_citation(env, docname)
    return citation


def _page_citation(env: BuildEnvironment, docname: str) -> PageCitation:
    config = env.config
    title = env.titles[docname].astext() if docname in env.titles else docname
    site = config.project or "Encyclopedia"
    url = None
    if config.html_baseurl:
        url = config.html_baseurl.rstrip("/") + "/" + builder_of(env).get_target_uri(docname)
    slug = re.sub(r"[^\w]+", "-", site.casefold()).strip("-") or "site"
    return PageCitation(
        key=f"{slug}:{docname}", title=title, site=site,
        modified=last_modified(env, docname), url=url, language=config.language or None,
    )  # fmt: skip


def last_modified(env: BuildEnvironment, docname: str) -> str:
    """The date the page's source last changed: its last commit, else its modification
    time (a file git does not track, a site that is no repository, a shallow clone)."""
    path = Path(env.doc2path(docname))
    build = get_domain(env).build
    if build.commit_dates is None:
        build.commit_dates = _commit_dates(Path(env.srcdir))
    # Resolving a path costs a system call per component: not done when git gave no dates.
    date = build.commit_dates.get(path.resolve()) if build.commit_dates else None
    if date is not None:
        return date
    try:
        stamp = path.stat().st_mtime
    except OSError:
        stamp = datetime.now(tz=UTC).timestamp()
    return datetime.fromtimestamp(stamp, tz=UTC).date().isoformat()


def _commit_dates(srcdir: Path) -> dict[Path, str]:
    """Each tracked file's last commit date, from one walk of the history a build."""
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=srcdir, capture_output=True,
            text=True, timeout=10, check=True,
        ).stdout.strip()  # fmt: skip
        log = subprocess.run(
            ["git", "log", "--format=%x00%cs", "--name-only", "--no-renames", "--", "."],
            cwd=srcdir, capture_output=True, text=True, timeout=60, check=True,
        ).stdout  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[Path, str] = {}
    for commit in log.split("\x00")[1:]:
        date, *paths = commit.strip().splitlines()
        for name in paths:
            if name:
                dates.setdefault((Path(top) / name).resolve(), date)
    # A file edited since its last commit changed later than that.
    try:
        changed = subprocess.run(
            ["git", "diff", "--name-only", "HEAD", "--", "."], cwd=srcdir,
            capture_output=True, text=True, timeout=10, check=True,
        ).stdout.split()  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        changed = []
    for name in changed:
        dates.pop((Path(top) / name).resolve(), None)
    return dates


def citation_html(
    env: BuildEnvironment, citation: PageCitation, entry: Entry | None = None
) -> tuple[str, str]:
    """The page's citation in the site's style, as HTML and as plain text; ``entry`` is
    ``citation.entry()``, when the caller has made it already."""
    if entry is None:
        entry = citation.entry()
    text = formatter_for(env).style.format_entry("", entry).text
    try:
        html, plain = text.render(HTML_AND_PLAIN)
    except NeedsNodesError:
        plain = text.render_as("text")
        html = encode_html(plain)
    return str(html), str(plain)


class enc_cite_this_page(nodes.General, nodes.Element):  # noqa: N801 - docutils' naming
    """The "Cite this page" panel or section, its HTML made while writing, in ``html``."""


def _panel_html(env: BuildEnvironment, docname: str, element: str) -> str:
    citation = page_citation(env, docname)
    cache = _page_citations(env)
    if cache.site is None:
        cache.site = site_parts(citation.site)
    # An entry each for the style, BibTeX and CSL-JSON would parse its names three times.
    entry = citation.entry(cache.site)
    html, _plain = citation_html(env, citation, entry)
    ident = f"enc-cite-page-{re.sub(r'[^A-Za-z0-9]+', '-', docname)}"
    csl = json.dumps(_page_csl(citation, entry), ensure_ascii=False, indent=1)
    formats = (
        ("bibtex", _("BibTeX"), bibtex_text([entry]).strip()),
        ("csl", _("CSL-JSON"), csl),
    )
    copy = encode_html(str(_("Copy")))
    blocks = "".join(
        f'<p class="enc-cite-format">{encode_html(str(label))} '
        f'<button type="button" class="enc-copy" data-copy="{ident}-{name}">{copy}</button></p>'
        f'<pre id="{ident}-{name}" class="enc-cite-code">{encode_html(code)}</pre>'
        for name, label, code in formats
    )
    body = (
        f'<p class="enc-page-citation">{html}</p>{blocks}'
        f'<p class="enc-copied" role="status" aria-live="polite"></p>'
    )
    title = encode_html(str(_("Cite this page")))
    if element == "details":
        return (
            f'<details class="enc-cite-this-page"><summary>{title}</summary>'
            f'<div class="enc-cite-panel">{body}</div></details>\n'
        )
    return body


def _page_csl(citation: PageCitation, entry: Entry) -> dict[str, Any]:
    item = csl_item(entry)
    item["type"] = "entry-encyclopedia"
    item["container-title"] = citation.site
    if citation.language:
        item["language"] = citation.language
    return item


class CiteThisPage(SphinxPostTransform):
    """The panel under an article's title, or a section at its end."""

    default_priority = POST_TRANSFORM_PRIORITY["CiteThisPage"]
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        where = settings_of(self.env).cite_this_page
        docname = self.env.docname
        if where == "none" or not is_article(self.env, docname):
            return
        lead = next(iter(self.document.findall(enc_lead)), None)
        article = lead.parent if lead is not None else None
        if not isinstance(article, nodes.section):
            return  # singlehtml and the like: several articles, no one title to cite
        if where == "panel":
            article.insert(1, enc_cite_this_page(html=_panel_html(self.env, docname, "details")))
            return
        section = nodes.section(ids=["cite-this-page"], classes=["enc-cite-this-page-section"])
        section += nodes.title("", str(_("Cite this page")))
        section += enc_cite_this_page(html=_panel_html(self.env, docname, "div"))
        # Before the categories box, which closes the article as on Wikipedia.
        box = next(iter(article.findall(enc_categories)), None)
        if box is not None and box.parent is article:
            article.insert(article.index(box), section)
        else:
            article += section


def visit_cite_this_page_html(self: Any, node: enc_cite_this_page) -> None:
    self.body.append(node["html"])
    raise nodes.SkipNode


# -- for machines ----------------------------------------------------------------------------

_SCHEMA_TYPES = {
    "article-journal": "ScholarlyArticle", "paper-conference": "ScholarlyArticle",
    "book": "Book", "chapter": "Chapter", "thesis": "Thesis", "report": "Report",
    "webpage": "WebPage", "article-newspaper": "NewsArticle", "article": "ScholarlyArticle",
}  # fmt: skip


def _schema_work(item: dict[str, Any]) -> dict[str, Any]:
    """A cited work as schema.org reads it, made from its CSL-JSON item."""
    work: dict[str, Any] = {"@type": _SCHEMA_TYPES.get(item["type"], "CreativeWork")}
    if "title" in item:
        work["name"] = item["title"]
    # A braced name (CSL's literal) is an organisation's as a rule: "World Health Organization".
    people = [
        {"@type": "Organization", "name": name["literal"]} if "literal" in name
        else {"@type": "Person", "name": f"{name.get('given', '')} {name['family']}".strip()}
        for name in item.get("author", [])
    ]  # fmt: skip
    if people:
        work["author"] = people
    if "issued" in item:
        work["datePublished"] = "-".join(f"{part:02d}" for part in item["issued"]["date-parts"][0])
    if "container-title" in item:
        work["isPartOf"] = item["container-title"]
    if "DOI" in item:
        work["sameAs"] = f"https://doi.org/{item['DOI']}"
    if "URL" in item:
        work["url"] = item["URL"]
    if "ISBN" in item:
        work["isbn"] = item["ISBN"]
    return work


def _cited_keys(env: BuildEnvironment, docname: str) -> list[str]:
    record = get_domain(env).articles[docname]
    keys = [site[0] for site in record["citations"]] + record["works_cited"]
    return list(dict.fromkeys(keys))


def _json_ld_of_page(env: BuildEnvironment, docname: str, image: str | None) -> dict[str, Any]:
    """The page's JSON-LD but for the works it cites, which come last."""
    citation = page_citation(env, docname)
    domain = get_domain(env)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": citation.title,
        "dateModified": citation.modified,
        "publisher": {"@type": "Organization", "name": citation.site},
    }
    description = domain.short_description(docname) or domain.description(docname)
    if description:
        data["description"] = description
    if citation.url:
        data["url"] = citation.url
    if citation.language:
        data["inLanguage"] = citation.language
    if image:
        data["image"] = image
    return data


def json_ld_text(env: BuildEnvironment, docname: str, image: str | None = None) -> str:
    """The page's JSON-LD, its cited works last, as the script element holds it: each cited
    work's JSON is made once a build rather than once per page citing it (the works of a site
    are cited from many pages, and were most of the cost of the tags)."""
    text = _compact_json(_json_ld_of_page(env, docname, image))
    cache = _page_citations(env)
    entries = bib_entries(env)
    if cache.entries is not entries:
        cache.entries, cache.works = entries, {}
    works = []
    for key in _cited_keys(env, docname):
        work = cache.works.get(key)
        if work is None and key in entries:
            work = cache.works[key] = _compact_json(_schema_work(csl_item(entries[key])))
        if work is not None:
            works.append(work)
    if works:
        # The page's object without its closing brace, the works' list as its last member.
        text = text[:-1] + ',"citation":[' + ",".join(works) + "]}"
    return _escape_for_script(text)


def _compact_json(data: Any) -> str:
    # For machines, not readers: without an indent, ``json`` writes in C, not in Python, and
    # the pages are smaller.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _escape_for_script(text: str) -> str:
    # No value can end the script element it stands in: "<", ">" and "&" as escapes, which
    # JSON reads as the same characters.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def highwire_tags(env: BuildEnvironment, docname: str) -> list[tuple[str, str]]:
    citation = page_citation(env, docname)
    tags = [
        ("citation_title", citation.title),
        ("citation_author", str(_("%s contributors") % citation.site)),
        ("citation_publisher", citation.site),
        ("citation_date", citation.modified.replace("-", "/")),
    ]
    if citation.url:
        tags.append(("citation_public_url", citation.url))
    if citation.language:
        tags.append(("citation_language", citation.language))
    return tags


def add_structured_data(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if doctree is None or not settings_of(app.env).structured_data:
        return
    if not is_article(app.env, pagename):
        return
    tags = "".join(
        f'<meta name="{name}" content="{escape(value, quote=True)}" />\n'
        for name, value in highwire_tags(app.env, pagename)
    )
    script = (
        f'<script type="application/ld+json">\n'
        f"{json_ld_text(app.env, pagename, _image(app, pagename))}\n</script>\n"
    )
    context["metatags"] = context.get("metatags", "") + tags + script


def _image(app: Sphinx, pagename: str) -> str | None:
    """The article's first picture (see .previews): absolute under ``html_baseurl``, else
    relative to the page, as JSON-LD resolves it."""
    address = picture_address(app, get_domain(app.env).articles[pagename].get("picture"))
    if address is None:
        return None
    if app.config.html_baseurl:
        return app.config.html_baseurl.rstrip("/") + "/" + address
    return relative_uri(app.builder.get_target_uri(pagename), address)


def setup_page_citation(app: Sphinx) -> None:
    add_node(app, enc_cite_this_page, html=(visit_cite_this_page_html, None),
             others=(skip, None))  # fmt: skip
    app.add_post_transform(CiteThisPage)
    app.connect("html-page-context", add_structured_data)
