"""Maintenance tags, article notices and the maintenance report.

Inline tags (``:citation-needed:`July 2024```, ``:cn:`-``` undated, ``:clarify:``, …) render as
Wikipedia's bracketed superscripts with the dated explanation as a tooltip; ``article-issue``
notices render as the boxed notice at the top of the article. Each tag and notice gets an id
and is recorded in the domain while its page is read, so that ``maintenance-report`` can list
every one in the site, oldest first, when it is written, after parallel reads too. A report
page depends on every article holding a tag: it is rewritten (not re-read) when one of those
is read again or removed, and when a new month changes the ages it shows.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Set
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, ClassVar, TypedDict

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective, SphinxRole
from sphinx.util.matching import Matcher

from .citations import remove_space_before
from .config import PREFIX, conf_location
from .cs1.text import MONTHS, format_date_parts
from .diagnostics import warn
from .domain import builder_of, get_domain, settings_of
from .i18n import _
from .locations import role_line, role_location
from .markers import enc_marker
from .options import CheckedOptions, report_option_problems
from .order import HANDLER_PRIORITY, POST_TRANSFORM_PRIORITY, TRANSFORM_PRIORITY
from .walk import nodes_of
from .writers import add_node, add_placeholder, pass_through

Message = Callable[[], str]
DateKey = tuple[int, int, int]  # (year, month, day); day 0 when only the month is known


@dataclass(frozen=True)
class Kind:
    #: The words in a tag's brackets, or the notice's first sentence.
    label: Message
    #: The tag's tooltip, or the rest of the notice.
    explanation: Message
    #: The report's heading for the kind.
    heading: Message


# Called at build time, so that the site's language applies.
TAGS: dict[str, Kind] = {
    "citation-needed": Kind(
        lambda: _("citation needed"),
        lambda: _("This claim needs references to reliable sources."),
        lambda: _("Citation needed"),
    ),
    "clarify": Kind(
        lambda: _("clarification needed"),
        lambda: _("The text near this tag may need clarification or removal of jargon."),
        lambda: _("Clarification needed"),
    ),
    "dubious": Kind(
        lambda: _("dubious – discuss"),
        lambda: _("The material near this tag is possibly inaccurate or nonfactual."),
        lambda: _("Dubious"),
    ),
    "failed-verification": Kind(
        lambda: _("failed verification"),
        lambda: _("The material near this tag failed verification of its source citation(s)."),
        lambda: _("Failed verification"),
    ),
    "better-source-needed": Kind(
        lambda: _("better source needed"),
        lambda: _("This claim needs references to better, more reliable sources."),
        lambda: _("Better source needed"),
    ),
    "when": Kind(
        lambda: _("when?"),
        lambda: _("The time period mentioned near this tag is ambiguous."),
        lambda: _("Vague time (when?)"),
    ),
    "who": Kind(
        lambda: _("who?"),
        lambda: _("The material near this tag may use weasel words or too-vague attribution."),
        lambda: _("Vague attribution (who?)"),
    ),
}
ALIASES = {"cn": "citation-needed"}


def _improve() -> str:
    return _(
        "Please help improve this article by adding citations to reliable sources. Unsourced "
        "material may be challenged and removed."
    )


NOTICES: dict[str, Kind] = {
    "more-citations-needed": Kind(
        lambda: _("This article needs additional citations for verification."),
        _improve,
        lambda: _("More citations needed"),
    ),
    "unreferenced": Kind(
        lambda: _("This article does not cite any sources."),
        _improve,
        lambda: _("Unreferenced"),
    ),
    "original-research": Kind(
        lambda: _("This article possibly contains original research."),
        lambda: _(
            "Please improve it by verifying the claims made and adding inline citations. "
            "Statements consisting only of original research should be removed."
        ),
        lambda: _("Original research"),
    ),
    "one-source": Kind(
        lambda: _("This article relies largely or entirely on a single source."),
        lambda: _("Please help improve this article by citing additional sources."),
        lambda: _("One source"),
    ),
    "expert-needed": Kind(
        lambda: _("This article needs attention from an expert in the subject."),
        lambda: _("Please help recruit one, or improve this article yourself."),
        lambda: _("Expert needed"),
    ),
}
KINDS = {**TAGS, **NOTICES}

#: What the role's text is for an undated tag: docutils does not parse an empty role.
UNDATED = "-"


class MaintenanceItem(TypedDict):
    """One tag or notice, as the domain keeps it for the report."""

    kind: str
    id: str
    date: DateKey | None
    #: The text of the sentence before and after the tag (empty for a notice).
    before: str
    after: str


# -- dates ---------------------------------------------------------------------------------

_MONTH_NUMBERS = {
    **{name.casefold(): number for number, name in enumerate(MONTHS, 1)},
    **{name[:3].casefold(): number for number, name in enumerate(MONTHS, 1)},
}
_DATE_FORMS = (
    (re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?"), ("year", "month", "day")),
    (re.compile(r"([A-Za-z]+)\.?,?\s+(\d{4})"), ("month", "year")),
    (re.compile(r"(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})"), ("day", "month", "year")),
    (re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2}),\s*(\d{4})"), ("month", "day", "year")),
)


def parse_date(text: str) -> DateKey | None:
    """``July 2024``, ``2024-07``, ``2024-07-15``, ``15 July 2024`` or ``July 15, 2024`` as
    (year, month, day), day 0 when not given; None for anything else."""
    text = " ".join(text.split())
    for pattern, parts in _DATE_FORMS:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        values = dict(zip(parts, match.groups(), strict=True))
        month_text = values["month"]
        month = (
            int(month_text) if month_text.isdigit() else _MONTH_NUMBERS.get(month_text.casefold())
        )
        if month is None:
            return None
        year, day = int(values["year"]), int(values.get("day") or 0)
        try:
            date(year, month, day or 1)
        except ValueError:
            return None
        return (year, month, day)
    return None


def today() -> date:
    """The build's date: ``SOURCE_DATE_EPOCH`` when set, so that builds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()


def month_and_year(key: DateKey) -> str:
    """As Wikipedia dates its tags: ``July 2024``."""
    return format_date_parts(str(key[0]), key[1], None, "iso")


def full_date(key: DateKey, style: str) -> str:
    return format_date_parts(str(key[0]), key[1], key[2] or None, style)


def age_in_months(key: DateKey, on: date) -> int:
    # Whole calendar months, so a report's ages change only when the month does.
    return (on.year - key[0]) * 12 + on.month - key[1]


def age_text(months: int) -> str:
    if months < 0:
        return ""
    if months == 0:
        return _("this month")
    years, months = divmod(months, 12)
    parts = []
    if years:
        parts.append((_("%d year") if years == 1 else _("%d years")) % years)
    if months:
        parts.append((_("%d month") if months == 1 else _("%d months")) % months)
    return ", ".join(parts)


def read_date(text: str, where: str, location: Any) -> DateKey | None:
    """The date of a tag or notice; a located warning, and None, when it is no date."""
    key = parse_date(text)
    if key is None:
        warn(
            f"cannot read the date {text!r} of {where}; write it as July 2024, 2024-07, "
            "2024-07-15 or 15 July 2024",
            "maintenance-date",
            location,
        )
    elif key[:2] > (today().year, today().month):
        warn(f"the date {text!r} of {where} is still to come", "maintenance-date", location)
        return None
    return key


# -- nodes ---------------------------------------------------------------------------------


class InMaintenanceOrder:
    """Marks tags and notices: one walk of a page finds both, in document order."""


class enc_maintenance_tag(enc_marker, nodes.TextElement, InMaintenanceOrder):  # noqa: N801 - docutils' naming
    """An inline tag, ``[citation needed]``: ``kind``, ``date`` (a :data:`DateKey` or None),
    ``docname``; ``ids`` from reading on. Its child is the :class:`enc_maintenance_label`,
    which a help link wraps while writing (a text element: writers link only inside those).
    A marker, so descriptions and previews leave it out.
    """

    css_class = "enc-maintenance"

    def label(self) -> str:
        return f"[{self.astext()}]"


class InMaintenanceWriting:
    """Marks what is finished while writing: help links' labels and reports."""


class enc_maintenance_label(nodes.Inline, nodes.TextElement, InMaintenanceWriting):  # noqa: N801 - docutils' naming
    """The words a help page is linked from; ``kind``, and ``tooltip`` on a tag's."""


class enc_article_issue(nodes.Admonition, nodes.Element, InMaintenanceOrder):  # noqa: N801
    """An article notice: ``kind``, ``date``, ``docname``, ``label`` (what it is called, for
    screen readers and the non-HTML builders); its child is the notice's paragraph."""


class enc_maintenance_report(nodes.General, nodes.Element, InMaintenanceWriting):  # noqa: N801 - docutils' naming
    """Where a maintenance report goes; replaced by the report while writing."""


# -- roles and directives ------------------------------------------------------------------


class MaintenanceTagRole(SphinxRole):
    """``:kind:`date``` or ``:kind:`-```, undated."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        line = role_line(self)
        text = self.text.strip()
        key = None
        if text and text != UNDATED:
            key = read_date(text, self.rawtext, role_location(self, line))
        kind = TAGS[self.kind]
        tooltip = kind.explanation()
        if key is not None:
            tooltip += f" ({month_and_year(key)})"
        tag = enc_maintenance_tag(
            "", kind=self.kind, date=key, docname=self.env.docname,
            classes=["enc-maintenance", f"enc-maintenance-{self.kind}"],
        )  # fmt: skip
        tag += enc_maintenance_label("", kind.label(), kind=self.kind, tooltip=tooltip)
        self.set_source_info(tag, line)
        return [tag], []


class ArticleIssueDirective(SphinxDirective):
    """``.. article-issue:: kind`` with an optional ``:date:``."""

    optional_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = CheckedOptions({"date": directives.unchanged_required})

    def run(self) -> list[nodes.Node]:
        report_option_problems(self)
        kind = self.arguments[0].strip() if self.arguments else ""
        if kind not in NOTICES:
            close = difflib.get_close_matches(kind, NOTICES, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            said = (
                f"unknown article issue {kind!r}{hint}" if kind else "article-issue names no issue"
            )
            warn(f"{said} (issues: {', '.join(NOTICES)})", "article-issue", self.get_location())
            return []
        key = None
        if self.options.get("date", "").strip():
            key = read_date(self.options["date"], ":date: of article-issue", self.get_location())
        notice = NOTICES[kind]
        notice_node = enc_article_issue(
            kind=kind, date=key, docname=self.env.docname, label=_("Article issue"),
            classes=["enc-article-issue", f"enc-article-issue-{kind}"],
        )  # fmt: skip
        self.set_source_info(notice_node)
        paragraph = nodes.paragraph()
        paragraph += nodes.strong("", "", enc_maintenance_label("", notice.label(), kind=kind))
        paragraph += nodes.Text(" " + notice.explanation())
        if key is not None:
            paragraph += nodes.Text(" ")
            paragraph += nodes.inline(
                "", f"({month_and_year(key)})", classes=["enc-article-issue-date"]
            )
        notice_node += paragraph
        return [notice_node]


class MaintenanceReportDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        get_domain(self.env).note_maintenance_report(self.env.docname)
        node = enc_maintenance_report(docname=self.env.docname)
        self.set_source_info(node)
        return [node]


# -- reading -------------------------------------------------------------------------------

_SENTENCE_START = re.compile(r"(?<=[.!?])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_ENDS_SENTENCE = re.compile(r"[.!?][\"”’)\]]*$")
_SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*(?=\s|$)")
EXCERPT_LENGTH = 160  # characters on either side of the tag


def text_around(block: nodes.Node, tag: nodes.Node) -> tuple[str, str]:
    """The text of ``block`` before and after ``tag``, without markers."""
    parts: tuple[list[str], list[str]] = ([], [])
    side = 0

    def walk(node: nodes.Node) -> None:
        nonlocal side
        for child in node.children:
            if child is tag:
                side = 1
            elif isinstance(child, nodes.Text):
                parts[side].append(child.astext())
            elif not isinstance(child, enc_marker):
                walk(child)

    walk(block)
    return "".join(parts[0]), "".join(parts[1])


def sentence_around(before: str, after: str) -> tuple[str, str]:
    """The sentence a tag marks: the one it follows, or the one it stands in."""
    space_after = after[:1].isspace()
    before, after = " ".join(before.split()), " ".join(after.split())
    starts = [match.end() for match in _SENTENCE_START.finditer(before)]
    before = before[starts[-1] :] if starts else before
    if before and _ENDS_SENTENCE.search(before):
        after = ""
    else:
        end = _SENTENCE_END.search(after)
        after = after[: end.end()] if end else after
        after = (" " if space_after and after else "") + after
    if len(before) > EXCERPT_LENGTH:
        before = "… " + before[-EXCERPT_LENGTH:].split(" ", 1)[-1]
    if len(after) > EXCERPT_LENGTH:
        after = after[:EXCERPT_LENGTH].rsplit(" ", 1)[0] + " …"
    return before, after


def _block_of(node: nodes.Node) -> nodes.Node:
    block = node.parent
    while block is not None and not isinstance(block, nodes.TextElement):
        block = block.parent
    return block if block is not None else node


def maintenance_id(docname: str, number: int) -> str:
    # The docname keeps ids unique where articles share a page (singlehtml, LaTeX).
    return f"maintenance-{nodes.make_id(docname) or 'article'}-{number}"


class MaintenanceCollector(SphinxTransform):
    """Put notices at the top of the article, give every tag and notice its id, and record
    them for the report."""

    default_priority = TRANSFORM_PRIORITY["MaintenanceCollector"]

    def apply(self, **kwargs: Any) -> None:
        found = nodes_of(self.document, InMaintenanceOrder)
        if not found:
            return
        notices = [node for node in found if isinstance(node, enc_article_issue)]
        if notices:
            self._place_notices(notices)
            found = nodes_of(self.document, InMaintenanceOrder)  # numbered where they now stand
        docname = self.env.docname
        loud = settings_of(self.env).warn_maintenance
        items: list[MaintenanceItem] = []
        for number, node in enumerate(found, 1):
            assert isinstance(node, nodes.Element)
            node["ids"] = [maintenance_id(docname, number)]
            before = after = ""
            if isinstance(node, enc_maintenance_tag):
                remove_space_before(node)
                before, after = sentence_around(*text_around(_block_of(node), node))
            items.append(MaintenanceItem(
                kind=node["kind"], id=node["ids"][0], date=node["date"], before=before,
                after=after,
            ))  # fmt: skip
            if loud:
                warn(_maintenance_message(node, before, after), "maintenance", node)
        get_domain(self.env).note_maintenance(docname, items)

    def _place_notices(self, notices: list[enc_article_issue]) -> None:
        """Notices written at the article's level go to its top, after the title and
        hatnotes, as Wikipedia places them; one inside a table or a block stays there."""
        top = next(
            (child for child in self.document.children if isinstance(child, nodes.section)),
            self.document,
        )
        position = 0
        while position < len(top.children) and _stays_above_notices(top.children[position]):
            position += 1
        for notice in notices:
            parent = notice.parent
            if not isinstance(parent, (nodes.section, nodes.document)):
                continue
            parent.remove(notice)
            top.insert(position, notice)
            position += 1


def _stays_above_notices(node: nodes.Node) -> bool:
    if isinstance(node, (nodes.title, nodes.target, nodes.comment, nodes.substitution_definition)):
        return True
    return isinstance(node, nodes.Element) and "enc-hatnote" in node["classes"]


def _maintenance_message(node: nodes.Element, before: str, after: str) -> str:
    key = node["date"]
    dated = f"dated {month_and_year(key)}" if key else "undated"
    if isinstance(node, enc_maintenance_tag):
        return f"[{node.astext()}] ({dated}): {(before + after).strip()!r}"
    return f"article issue {node['kind']!r} ({dated})"


# -- writing -------------------------------------------------------------------------------


def help_target(env: BuildEnvironment, kind: str) -> str | None:
    """The configured help page of ``kind``: a URL, or a docname of this project."""
    target = settings_of(env).maintenance_help.get(kind)
    if target is None or _is_url(target):
        return target
    return _docname(target) if _docname(target) in env.all_docs else None


def _is_url(target: str) -> bool:
    return "://" in target or target.startswith("mailto:")


def _docname(target: str) -> str:
    return target.strip("/").removesuffix(".rst").removesuffix(".md")


def relative_uri(env: BuildEnvironment, docname: str, anchor: str = "") -> str | None:
    """A link from the page being written to ``docname`` (``#anchor`` there), or None
    where the builder has no link to it (text, manual pages, a document it leaves out)."""
    try:
        uri = builder_of(env).get_relative_uri(env.docname, docname)
    except NoUri:
        return None
    if not uri:
        # The page itself (or a builder without links: a reference they ignore).
        return f"#{anchor}" if anchor and docname == env.docname else None
    if not anchor:
        return uri
    # singlehtml puts every document on this page: the anchor is here.
    return f"#{anchor}" if uri.startswith("#") else f"{uri}#{anchor}"


class MaintenanceWriting(SphinxPostTransform):
    """Link tags and notices to their help pages; build the maintenance reports."""

    default_priority = POST_TRANSFORM_PRIORITY["MaintenanceWriting"]

    def run(self, **kwargs: Any) -> None:
        domain = get_domain(self.env)
        if not settings_of(self.env).maintenance_help and not domain.maintenance_reports:
            return
        reports = 0
        for node in nodes_of(self.document, InMaintenanceWriting):
            if isinstance(node, enc_maintenance_label):
                self._link(node)
            elif isinstance(node, enc_maintenance_report):
                node.replace_self(Report(self.env, f"{reports}-" if reports else "").build())
                reports += 1

    def _link(self, label: enc_maintenance_label) -> None:
        target = help_target(self.env, label["kind"])
        if target is None:
            return
        if _is_url(target):
            link = nodes.reference("", "", refuri=target)
        else:
            uri = relative_uri(self.env, target)
            if uri is None:
                return
            link = nodes.reference("", "", refuri=uri, internal=True)
        label.replace_self(link)
        link += label


@dataclass
class Row:
    docname: str
    title: str
    position: int
    item: MaintenanceItem

    def sort_key(self) -> tuple[Any, ...]:
        date_key = self.item["date"]
        return (date_key is None, date_key or (0, 0, 0), self.title.casefold(), self.docname,
                self.position)  # fmt: skip


@dataclass
class Report:
    env: BuildEnvironment
    id_prefix: str
    rows: dict[str, list[Row]] = field(default_factory=dict)

    def build(self) -> list[nodes.Node]:
        self._collect()
        if not self.rows:
            return [nodes.paragraph("", _("No maintenance tags or notices."),
                                    classes=["enc-maintenance-report"])]  # fmt: skip
        report = nodes.container(classes=["enc-maintenance-report"])
        report += self._summary()
        for kind in KINDS:
            if kind in self.rows:
                report.extend(self._kind(kind, sorted(self.rows[kind], key=Row.sort_key)))
        return [report]

    def _collect(self) -> None:
        is_article = Matcher(settings_of(self.env).article_patterns)
        titles = self.env.titles
        for docname, items in sorted(get_domain(self.env).maintenance.items()):
            if not is_article(docname) or docname not in self.env.all_docs:
                continue
            title = titles[docname].astext() if docname in titles else docname
            for position, item in enumerate(items):
                if item["kind"] in KINDS:
                    self.rows.setdefault(item["kind"], []).append(
                        Row(docname, title, position, item)
                    )

    def _anchor(self, kind: str) -> str:
        return f"maintenance-report-{self.id_prefix}{kind}"

    def _summary(self) -> list[nodes.Node]:
        html = builder_of(self.env).format == "html"
        listing = nodes.bullet_list(classes=["enc-maintenance-counts"])
        for kind in KINDS:
            if kind not in self.rows:
                continue
            heading = KINDS[kind].heading()
            name: nodes.Node = nodes.Text(heading)
            if html:  # the other builders do not link to a rubric
                name = nodes.reference("", heading, refid=self._anchor(kind), internal=True)
            paragraph = nodes.paragraph("", "", name, nodes.Text(f": {len(self.rows[kind])}"))
            listing += nodes.list_item("", paragraph)
        total = sum(len(rows) for rows in self.rows.values())
        articles = len({row.docname for rows in self.rows.values() for row in rows})
        summary = (
            _("Total: %(count)d in %(articles)d articles")
            if articles != 1
            else _("Total: %(count)d in 1 article")
        )
        total_line = nodes.paragraph(
            "", summary % {"count": total, "articles": articles},
            classes=["enc-maintenance-total"],
        )  # fmt: skip
        return [listing, total_line]

    def _kind(self, kind: str, rows: list[Row]) -> list[nodes.Node]:
        heading = nodes.rubric(
            "", f"{KINDS[kind].heading()} ({len(rows)})", ids=[self._anchor(kind)]
        )
        # Sphinx 7.4 reads "level", later Sphinx "heading-level".
        heading["level"] = heading["heading-level"] = 2
        tag = kind in TAGS
        headers = [_("Article"), _("Text"), _("Date"), _("Age")] if tag else [
            _("Article"), _("Date"), _("Age")
        ]  # fmt: skip
        widths = [22, 48, 15, 15] if tag else [50, 25, 25]
        table = nodes.table(classes=["enc-maintenance-table"])
        group = nodes.tgroup(cols=len(headers))
        table += group
        group.extend(nodes.colspec(colwidth=width) for width in widths)
        head = nodes.thead()
        head += _row([nodes.Text(text) for text in headers])
        group += head
        body = nodes.tbody()
        now = today()
        style = settings_of(self.env).date_format
        for row in rows:
            item = row.item
            cells: list[nodes.Node] = [self._article_link(row)]
            if tag:
                cells.append(self._excerpt(kind, item))
            key = item["date"]
            cells.append(nodes.Text(full_date(key, style) if key else _("undated")))
            cells.append(nodes.Text(age_text(age_in_months(key, now)) if key else ""))
            body += _row(cells)
        group += body
        return [heading, table]

    def _article_link(self, row: Row) -> nodes.Node:
        uri = relative_uri(self.env, row.docname, row.item["id"])
        if uri is None:
            return nodes.Text(row.title)
        return nodes.reference("", row.title, refuri=uri, internal=True)

    def _excerpt(self, kind: str, item: MaintenanceItem) -> nodes.Node:
        excerpt = nodes.inline(classes=["enc-maintenance-excerpt"])
        excerpt += nodes.Text(item["before"])
        label = f"[{TAGS[kind].label()}]"
        excerpt += nodes.inline("", label, classes=["enc-maintenance-excerpt-tag"])
        excerpt += nodes.Text(item["after"])
        return excerpt


def _row(cells: list[nodes.Node]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        row += nodes.entry("", nodes.paragraph("", "", cell))
    return row


# -- keeping reports up to date ------------------------------------------------------------


@dataclass
class ReportWatch:
    """Which documents with tags a build reads or removes; kept between events of one build."""

    had_items: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    read: set[str] = field(default_factory=set)


def watch_outdated(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    domain = get_domain(env)
    had_items = set(domain.maintenance)
    domain.build.maintenance_watch = ReportWatch(had_items, set(removed) & had_items)
    return []


def watch_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    watch = get_domain(env).build.maintenance_watch
    if watch is not None:
        watch.read = set(docnames)


def reports_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    domain = get_domain(env)
    watch, domain.build.maintenance_watch = domain.build.maintenance_watch, None
    check_help_targets(app, env)
    if not domain.maintenance_reports:
        return []
    month = (today().year, today().month)
    new_month = domain.data.get("maintenance_month") != month
    domain.data["maintenance_month"] = month
    changed = watch is None or bool(
        watch.removed or watch.read & (watch.had_items | domain.maintenance.keys())
    )
    if not (changed or new_month):
        return []
    read = watch.read if watch is not None else set()
    return sorted(domain.maintenance_reports - read)


def check_help_targets(app: Sphinx, env: BuildEnvironment) -> None:
    name = PREFIX + "maintenance_help"
    for kind, target in settings_of(env).maintenance_help.items():
        if not _is_url(target) and _docname(target) not in env.all_docs:
            warn(
                f"{name}[{kind!r}] is {target!r}, neither a document of this project nor a "
                "URL; the tags are not linked",
                "config",
                conf_location(app, name),
            )


def check_help_config(app: Sphinx, config: Config) -> None:
    """Keep the help pages of known kinds only (``cn`` is ``citation-needed``)."""
    name = PREFIX + "maintenance_help"
    location = conf_location(app, name)
    checked: dict[str, str] = {}
    for kind, target in getattr(config, name).items():
        known = ALIASES.get(kind, kind) if isinstance(kind, str) else kind
        if known not in KINDS:
            close = difflib.get_close_matches(str(kind), KINDS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            warn(f"{name} has the key {kind!r}, which is not a maintenance tag or notice; "
                 f"it is left out{hint}", "config", location)  # fmt: skip
            continue
        if not isinstance(target, str) or not target.strip():
            warn(f"{name}[{kind!r}] must be a document name or a URL, not {target!r}; it is "
                 "left out", "config", location)  # fmt: skip
            continue
        checked[known] = target.strip()
    setattr(config, name, checked)


# -- writers -------------------------------------------------------------------------------


def visit_tag_html(self: Any, node: enc_maintenance_tag) -> None:
    self.body.append(self.starttag(node, "sup", "") + "[<i>")


def depart_tag_html(self: Any, node: enc_maintenance_tag) -> None:
    self.body.append("</i>]</sup>")


def visit_label_html(self: Any, node: enc_maintenance_label) -> None:
    tooltip = node.get("tooltip")
    self.body.append(self.starttag(node, "span", "", title=tooltip) if tooltip else "<span>")


def depart_label_html(self: Any, node: enc_maintenance_label) -> None:
    self.body.append("</span>")


def visit_tag_latex(self: Any, node: enc_maintenance_tag) -> None:
    target = self.hypertarget(node["ids"][0]) if node["ids"] else ""
    self.body.append(target + r"\textsuperscript{[\emph{")


def depart_tag_latex(self: Any, node: enc_maintenance_tag) -> None:
    self.body.append("}]}")


def visit_tag_text(self: Any, node: enc_maintenance_tag) -> None:
    self.add_text("[")


def depart_tag_text(self: Any, node: enc_maintenance_tag) -> None:
    self.add_text("]")


def visit_tag_plain(self: Any, node: enc_maintenance_tag) -> None:
    self.body.append("[")


def depart_tag_plain(self: Any, node: enc_maintenance_tag) -> None:
    self.body.append("]")


def visit_tag_texinfo(self: Any, node: enc_maintenance_tag) -> None:
    for node_id in node["ids"]:
        self.add_anchor(node_id, node)
    self.body.append("[")


def visit_issue_html(self: Any, node: enc_article_issue) -> None:
    # The notice's name for screen readers; sighted readers know the box.
    attributes = {"role": "note", "aria-label": node["label"]}
    self.body.append(self.starttag(node, "div", "", **attributes))


def depart_issue_html(self: Any, node: enc_article_issue) -> None:
    self.body.append("</div>\n")


def visit_issue_latex(self: Any, node: enc_article_issue) -> None:
    target = self.hypertarget(node["ids"][0]) if node["ids"] else ""
    label = self.encode(node["label"])
    self.body.append(f"\n{target}\\begin{{sphinxadmonition}}{{warning}}{{{label}:}}\n")
    self.no_latex_floats += 1


def depart_issue_latex(self: Any, node: enc_article_issue) -> None:
    self.body.append("\\end{sphinxadmonition}\n")
    self.no_latex_floats -= 1


def visit_issue_text(self: Any, node: enc_article_issue) -> None:
    # Paragraphs in an admonition continue its text: "Article issue: This article …".
    self.new_state(0)
    self.add_text(node["label"] + ": ")


def depart_issue_text(self: Any, node: enc_article_issue) -> None:
    self.end_state()


def visit_issue_man(self: Any, node: enc_article_issue) -> None:
    self.body.append(".sp\n.B " + self.deunicode(node["label"]) + ":\n")
    self.visit_block_quote(node)


def depart_issue_man(self: Any, node: enc_article_issue) -> None:
    self.depart_block_quote(node)


def visit_issue_texinfo(self: Any, node: enc_article_issue) -> None:
    for node_id in node["ids"]:
        self.add_anchor(node_id, node)
    self.visit_admonition(node, self.escape(node["label"]))


def depart_issue_texinfo(self: Any, node: enc_article_issue) -> None:
    self.depart_admonition(node)


def setup_maintenance(app: Sphinx) -> None:
    plain = (visit_tag_plain, depart_tag_plain)
    add_node(
        app, enc_maintenance_tag, html=(visit_tag_html, depart_tag_html),
        others=(visit_tag_text, depart_tag_text), latex=(visit_tag_latex, depart_tag_latex),
        man=plain, texinfo=(visit_tag_texinfo, depart_tag_plain),
    )  # fmt: skip
    add_node(app, enc_maintenance_label, html=(visit_label_html, depart_label_html),
             others=(pass_through, pass_through))  # fmt: skip
    add_node(
        app, enc_article_issue, html=(visit_issue_html, depart_issue_html),
        others=(visit_issue_text, depart_issue_text),
        latex=(visit_issue_latex, depart_issue_latex), man=(visit_issue_man, depart_issue_man),
        texinfo=(visit_issue_texinfo, depart_issue_texinfo),
    )  # fmt: skip
    add_placeholder(app, enc_maintenance_report)
    for kind in TAGS:
        app.add_role(kind, MaintenanceTagRole(kind))
    for alias, kind in ALIASES.items():
        app.add_role(alias, MaintenanceTagRole(kind))
    app.add_directive("article-issue", ArticleIssueDirective)
    app.add_directive("maintenance-report", MaintenanceReportDirective)
    app.add_transform(MaintenanceCollector)
    app.add_post_transform(MaintenanceWriting)
    app.connect(
        "config-inited", check_help_config, priority=HANDLER_PRIORITY["check_maintenance_help"]
    )
    app.connect("env-get-outdated", watch_outdated)
    app.connect("env-before-read-docs", watch_read)
    app.connect("env-updated", reports_to_rewrite)
