"""The article's lead: the summary before the first heading, with a short description."""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from .diagnostics import warn
from .domain import get_domain, settings_of
from .formatting import encode_html
from .i18n import _
from .options import CheckedOptions, report_option_problems
from .order import POST_TRANSFORM_PRIORITY, TRANSFORM_PRIORITY
from .walk import nodes_of
from .writers import add_node, pass_through, skip

SHORT_DESCRIPTION_LIMIT = 100


class enc_lead(nodes.General, nodes.Element):  # noqa: N801 - docutils names nodes in lower case
    """The lead; ``short_description`` holds the option's text."""


class enc_contents(nodes.General, nodes.Element):  # noqa: N801 - docutils names nodes in lower case
    """Wikipedia's contents box, its HTML put together ahead in ``html``: the box was some
    thirty nodes an article for the later post-transforms and the writer to walk, and it is
    made of nothing but section titles and ids. Its text is the titles', already in the
    search index; the box has none of its own."""


class LeadDirective(SphinxDirective):
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = CheckedOptions(
        {"short-description": directives.unchanged_required}
    )

    def run(self) -> list[nodes.Node]:
        report_option_problems(self)
        node = enc_lead()
        self.set_source_info(node)
        short = " ".join(self.options.get("short-description", "").split())
        if len(short) > SHORT_DESCRIPTION_LIMIT:
            warn(
                f"short description of {len(short)} characters; Wikipedia keeps them under "
                f"{SHORT_DESCRIPTION_LIMIT}, and search results and previews cut longer ones",
                "short-description",
                location=self.get_location(),
            )
        if short:
            node["short_description"] = short
            node += nodes.paragraph(short, short, classes=["enc-short-description"])
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


class LeadCheck(SphinxTransform):
    default_priority = TRANSFORM_PRIORITY["LeadCheck"]

    def apply(self, **kwargs: Any) -> None:
        leads = nodes_of(self.document, enc_lead)
        for extra in leads[1:]:
            warn("an article has one lead; this one is a second", "duplicate-lead", extra)
        if leads and not is_first(leads[0]):
            warn(
                "the lead comes first in an article, straight after its title (and hatnotes)",
                "lead-position",
                leads[0],
            )
        if leads and leads[0].get("short_description"):
            get_domain(self.env).note_short_description(
                self.env.docname, leads[0]["short_description"]
            )


# Themes with their own "on this page" contents; a second list after the lead repeats it.
THEMES_WITH_PAGE_CONTENTS = {"furo", "pydata_sphinx_theme", "sphinx_book_theme", "shibuya"}
# Themes that show theirs only on wide screens: the box is written, with a class the
# stylesheet hides it by at the widths where the theme's own shows (furo's: 82em and up).
CONTENTS_WHERE_THE_THEME_SHOWS_NONE = {"furo": "enc-contents-furo"}
CONTENTS_FROM = 4  # sections, as Wikipedia shows its contents box


def lead_contents_wanted(env: BuildEnvironment) -> bool:
    config = env.config
    setting = settings_of(env).lead_contents
    if setting is not None:
        return bool(setting)
    return (
        config.html_theme not in THEMES_WITH_PAGE_CONTENTS
        or config.html_theme in CONTENTS_WHERE_THE_THEME_SHOWS_NONE
    )


# furo marks any other contents list on a page as an error, in red, unless it has this class.
FURO_ESCAPE_HATCH = "this-will-duplicate-information-and-it-is-still-useful-here"


def _contents_class(env: BuildEnvironment) -> str:
    """The box's classes; with the default setting, under a theme that shows its own contents
    on wide screens, the one that hides the box there."""
    classes = ["contents", "enc-contents"]
    theme = env.config.html_theme
    if settings_of(env).lead_contents is None and theme in CONTENTS_WHERE_THE_THEME_SHOWS_NONE:
        classes.append(CONTENTS_WHERE_THE_THEME_SHOWS_NONE[theme])
    if theme == "furo":
        classes.append(FURO_ESCAPE_HATCH)
    return " ".join(classes)


class LeadContents(SphinxPostTransform):
    """Wikipedia's contents list after the lead, for articles of four or more sections."""

    default_priority = POST_TRANSFORM_PRIORITY["LeadContents"]
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        lead = next(iter(self.document.findall(enc_lead)), None)
        if lead is None or not lead_contents_wanted(self.env):
            return
        article = lead.parent
        if not isinstance(article, nodes.section) or _subsections(article) < CONTENTS_FROM:
            return
        listing = _contents_list_html(article, depth=2)
        if listing is None:
            return
        title = encode_html(str(_("Contents")))
        html = (
            f'<nav class="{_contents_class(self.env)}">\n<p class="topic-title">{title}</p>\n'
            f"{listing}</nav>\n"
        )
        article.insert(article.index(lead) + 1, enc_contents(html=html))


def _child_sections(section: nodes.Element) -> list[nodes.section]:
    # Sections only nest in sections (the `only` blocks are gone by now): no need to walk
    # every paragraph of the article.
    return [child for child in section.children if isinstance(child, nodes.section)]


def _subsections(section: nodes.Element) -> int:
    children = _child_sections(section)
    return len(children) + sum(_subsections(child) for child in children)


def _contents_list_html(section: nodes.Element, depth: int, nested: bool = False) -> str | None:
    """The section's subsections as nested links, as docutils' HTML writer writes a bullet
    list under a ``contents`` topic: the outer list is "simple", the lists in it are not,
    and every item is one paragraph holding the link (a test holds the two together)."""
    children = _child_sections(section)
    if not children or depth == 0:
        return None
    items = ["<ul>\n" if nested else '<ul class="simple">\n']
    for child in children:
        title = child.children[0] if child.children else None
        text = encode_html(title.astext()) if isinstance(title, nodes.title) else ""
        items.append(
            f'<li><p><a class="reference internal" href="#{child["ids"][0]}">{text}</a></p>'
        )
        inner = _contents_list_html(child, depth - 1, nested=True)
        items.append(f"\n{inner}</li>\n" if inner else "</li>\n")
    items.append("</ul>\n")
    return "".join(items)


# What may come before the lead: the title and things a reader does not see as text.
_BEFORE_LEAD = (nodes.title, nodes.target, nodes.comment, nodes.substitution_definition,
                nodes.system_message, nodes.raw, nodes.meta, addnodes.index,
                addnodes.toctree, addnodes.compact_paragraph)  # fmt: skip


def is_first(lead: enc_lead) -> bool:
    parent = lead.parent
    if isinstance(parent, nodes.document):
        return True
    if not isinstance(parent, nodes.section) or not isinstance(parent.parent, nodes.document):
        return False
    for sibling in parent.children[: parent.index(lead)]:
        if isinstance(sibling, nodes.paragraph) and "enc-hatnote" in sibling["classes"]:
            continue
        if isinstance(sibling, nodes.compound) and "toctree-wrapper" in sibling["classes"]:
            continue
        if isinstance(sibling, nodes.Element) and "enc-article-issue" in sibling["classes"]:
            continue  # Wikipedia's maintenance notices stand above the lead
        if isinstance(sibling, nodes.Element) and "enc-infobox" in sibling["classes"]:
            continue  # stands beside the lead, placed before it (see .infobox)
        if not isinstance(sibling, _BEFORE_LEAD):
            return False
    return True


def visit_contents_html(self: Any, node: enc_contents) -> None:
    self.body.append(node["html"])
    raise nodes.SkipNode


def visit_lead_html(self: Any, node: enc_lead) -> None:
    self.body.append(self.starttag(node, "div", CLASS="enc-lead"))


def depart_lead_html(self: Any, node: enc_lead) -> None:
    self.body.append("</div>\n")


def setup_lead(app: Sphinx) -> None:
    # Non-HTML writers render the lead as ordinary body text.
    add_node(app, enc_lead, html=(visit_lead_html, depart_lead_html),
             others=(pass_through, pass_through))  # fmt: skip
    # Only HTML builders get a contents box.
    add_node(app, enc_contents, html=(visit_contents_html, None), others=(skip, None))
    app.add_directive("lead", LeadDirective)
    app.add_transform(LeadCheck)
    app.add_post_transform(LeadContents)
