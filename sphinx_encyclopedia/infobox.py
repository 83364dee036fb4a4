"""Wikipedia's infobox: a table of the article's key facts, beside the lead.

``.. infobox:: Title`` takes an image (``:image:``, ``:alt:``, ``:caption:``) and a body of
rows written as a field list (``:Proposed by: Evan Hubinger et al.``), split into groups by
``.. infobox-header::`` rows. The directive turns them into nodes of its own, which HTML
builders write as a ``<table>`` with ``<th scope="row">`` labels; other builders get a
sidebar holding a field list, a box every one of them can draw.

The infobox stands before the lead in the doctree, so its citations are numbered first, as a
reader of Wikipedia meets them; once they are, it goes inside the lead, after the short
description, where the stylesheet floats it to the right on wide screens and, on phones,
shows it across the column after the lead's first paragraph.
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from .diagnostics import warn
from .domain import builder_of
from .lead import enc_lead
from .options import CheckedOptions, OptionProblem, report_option_problems
from .order import POST_TRANSFORM_PRIORITY, TRANSFORM_PRIORITY
from .walk import nodes_of
from .writers import add_node, pass_through

INFOBOX_CLASS = "enc-infobox"
#: On the lead that holds an infobox (HTML), for the phone layout.
LEAD_WITH_INFOBOX = "enc-has-infobox"


class enc_infobox(nodes.General, nodes.Element):  # noqa: N801 - docutils names nodes in lower case
    """The infobox: a title, a picture, then groups of rows."""


class enc_infobox_title(nodes.Part, nodes.TextElement):  # noqa: N801
    """The box's title, above everything else (HTML: the table's caption)."""


class enc_infobox_media(nodes.Part, nodes.Element):  # noqa: N801
    """The picture and its caption, across the box."""


class enc_infobox_caption(nodes.Part, nodes.TextElement):  # noqa: N801
    pass


class enc_infobox_group(nodes.Part, nodes.Element):  # noqa: N801
    """Rows under one header row (or none: the rows before the first header)."""


class enc_infobox_header(nodes.Part, nodes.TextElement):  # noqa: N801
    """A header row across the box, from ``.. infobox-header::``."""


class enc_infobox_row(nodes.Part, nodes.Element):  # noqa: N801
    """One label and its data."""


class enc_infobox_label(nodes.Part, nodes.TextElement):  # noqa: N801
    pass


class enc_infobox_data(nodes.Part, nodes.Element):  # noqa: N801
    pass


def _is_row_label(name: str) -> bool:
    """Whether an "option" is a row: labels are written as Wikipedia's, with a capital or a
    space ("Proposed by"), options in lower case. MyST reads every ``:key: value`` line that
    opens a directive as an option, rows with them when nothing comes between."""
    return name != name.lower() or " " in name.strip()


class InfoboxDirective(SphinxDirective):
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = CheckedOptions(
        {
            "image": directives.uri,
            "alt": directives.unchanged,
            "caption": directives.unchanged_required,
            "class": directives.class_option,
        }
    )

    def run(self) -> list[nodes.Node]:
        messages: list[nodes.Node] = []
        leading_rows = self._rows_among_options(messages)
        report_option_problems(self)
        box = enc_infobox(classes=[INFOBOX_CLASS, *self.options.get("class", [])])
        self.set_source_info(box)
        if self.arguments:
            title, problems = self.state.inline_text(self.arguments[0], self.lineno)
            box += enc_infobox_title(self.arguments[0], "", *title)
            messages += problems
        if "image" in self.options:
            box += self._media(messages)
        else:
            for name in ("alt", "caption"):
                if name in self.options:
                    warn(f"infobox :{name}: without an :image: to describe; it is left out",
                         "infobox", self.get_location())  # fmt: skip
        body = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, body)
        groups = [enc_infobox_group()]
        groups[0] += leading_rows
        for child in body.children:
            if isinstance(child, nodes.field_list):
                groups[-1] += [_row(field) for field in child.children]
            elif isinstance(child, enc_infobox_header):
                groups.append(enc_infobox_group("", child))
            elif isinstance(child, nodes.system_message):
                messages.append(child)
            elif not isinstance(child, (nodes.comment, nodes.target)):
                self._misplaced(child)
        box += [group for group in groups if group.children]
        if not any(isinstance(part, (enc_infobox_media, enc_infobox_group)) for part in box):
            warn("infobox with no :image: and no rows", "infobox", self.get_location())
        return [box, *messages]

    def _rows_among_options(self, messages: list[nodes.Node]) -> list[enc_infobox_row]:
        rows = []
        for name, value in list(self.options.items()):
            if not isinstance(value, OptionProblem) or value.reason is not None:
                continue
            if _is_row_label(name):  # MyST keeps the label as written
                del self.options[name]
                label, problems = self.state.inline_text(name.strip(), self.lineno)
                data, more = self.state.inline_text(value.value or "", self.lineno)
                rows.append(_row_of(label, [nodes.paragraph("", "", *data)]))
                messages += problems + more
            elif f":{name}:" not in self.block_text and f":{name}:" in self.block_text.lower():
                # docutils lowers the case of option names: this was a row's label, written
                # among the options.
                del self.options[name]
                warn(
                    f"infobox row :{name}: among the options: rows go in the body, after a "
                    "blank line; it is left out",
                    "directive-option",
                    self.get_location(),
                )
        return rows

    def _media(self, messages: list[nodes.Node]) -> enc_infobox_media:
        media = enc_infobox_media()
        # An image without alt text is decoration to a screen reader (docutils would read
        # out its file name instead); the caption, if any, is read after it.
        image = nodes.image(uri=self.options["image"], alt=self.options.get("alt", ""))
        self.set_source_info(image)
        media += image
        if self.options.get("caption"):
            caption, problems = self.state.inline_text(self.options["caption"], self.lineno)
            media += enc_infobox_caption("", "", *caption)
            messages += problems
        return media

    def _misplaced(self, child: nodes.Node) -> None:
        text = child.astext()
        hint = ""
        if text.startswith(":"):
            hint = (
                "; in MyST Markdown, rows after a blank line need the fieldlist extension "
                '(myst_enable_extensions = ["fieldlist"])'
            )
        what = child.tagname.replace("_", " ")
        warn(
            f"an infobox holds rows (a field list) and infobox-header rows; "
            f"this {what} is left out{hint}",
            "infobox",
            child if isinstance(child, nodes.Element) and child.line else self.get_location(),
        )


def _row_of(label: list[nodes.Node], data: list[nodes.Node]) -> enc_infobox_row:
    row = enc_infobox_row()
    row += enc_infobox_label("", "", *label)
    row += enc_infobox_data("", *data)
    return row


def _row(field: nodes.Node) -> enc_infobox_row:
    assert isinstance(field, nodes.field)
    name, body = field.children[0], field.children[1]
    return _row_of(list(name.children), list(body.children))


class InfoboxHeaderDirective(SphinxDirective):
    """``.. infobox-header:: Empirical work``: a header row, inside an infobox's body."""

    required_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        text, messages = self.state.inline_text(self.arguments[0], self.lineno)
        header = enc_infobox_header(self.arguments[0], "", *text)
        self.set_source_info(header)
        return [header, *messages]


# What stays above an infobox at the top of an article, as on Wikipedia: the title, hatnotes
# and maintenance notices.
def _stays_above(node: nodes.Node) -> bool:
    if isinstance(node, (nodes.title, nodes.target, nodes.comment, nodes.substitution_definition)):
        return True
    if not isinstance(node, nodes.Element):
        return False
    classes = node["classes"]
    return "enc-hatnote" in classes or "enc-article-issue" in classes


def _section_title(node: nodes.Node) -> str | None:
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    if parent is None or not parent.children or not isinstance(parent[0], nodes.title):
        return None
    return parent[0].astext()


class InfoboxPlacement(SphinxTransform):
    """An infobox written at the article's top level (or in its lead) goes right before the
    lead; one inside a section stays there. A box without a title takes its section's."""

    default_priority = TRANSFORM_PRIORITY["InfoboxPlacement"]

    def apply(self, **kwargs: Any) -> None:
        for header in nodes_of(self.document, enc_infobox_header):
            if not isinstance(header.parent, enc_infobox_group):
                warn("infobox-header outside an infobox; it is left out", "infobox", header)
                header.parent.remove(header)
        boxes = nodes_of(self.document, enc_infobox)
        for box in boxes:
            title = _section_title(box)
            if title and not (box.children and isinstance(box[0], enc_infobox_title)):
                box.insert(0, enc_infobox_title(title, title))
        top = next(
            (child for child in self.document.children if isinstance(child, nodes.section)), None
        )
        if top is None:
            return
        lead = next((child for child in top.children if isinstance(child, enc_lead)), None)
        movable = [
            box for box in boxes if box.parent is top or (lead is not None and box.parent is lead)
        ]
        for box in movable:
            box.parent.remove(box)
        if lead is not None:
            position = top.index(lead)
        else:
            position = 0
            while position < len(top.children) and _stays_above(top.children[position]):
                position += 1
        top[position:position] = movable


class InfoboxLayout(SphinxPostTransform):
    """The infoboxes right before a lead go into it, after the short description: on HTML
    pages the stylesheet can then show them after the first paragraph on phones, and every
    builder shows the short description under the title. Numbers are given by now, and the
    move keeps the box's markers ahead of the lead's anyway. Builders other than HTML get
    each box as a sidebar."""

    default_priority = POST_TRANSFORM_PRIORITY["InfoboxLayout"]

    def run(self, **kwargs: Any) -> None:
        if not any(True for _ in self.document.findall(enc_infobox)):
            return
        for lead in nodes_of(self.document, enc_lead):
            _into_the_lead(lead)
        if builder_of(self.env).format != "html":
            for box in nodes_of(self.document, enc_infobox):
                box.replace_self(as_sidebar(box))


def _into_the_lead(lead: enc_lead) -> None:
    parent = lead.parent
    if parent is None:
        return
    index = parent.index(lead)
    boxes: list[nodes.Node] = []
    while index > 0 and isinstance(parent[index - 1], enc_infobox):
        index -= 1
        boxes.insert(0, parent[index])
    if not boxes:
        return
    for box in boxes:
        parent.remove(box)
    first = lead.children[0] if lead.children else None
    after = int(isinstance(first, nodes.Element) and "enc-short-description" in first["classes"])
    lead[after:after] = boxes
    lead["classes"].append(LEAD_WITH_INFOBOX)


def as_sidebar(box: enc_infobox) -> nodes.sidebar:
    """The infobox as builders other than HTML draw it: a boxed title, the picture, and each
    group's rows as a field list under its header in bold."""
    sidebar = nodes.sidebar("", classes=box["classes"], ids=box["ids"])
    for part in box.children:
        if isinstance(part, enc_infobox_title):
            sidebar += nodes.title("", "", *part.children)
        elif isinstance(part, enc_infobox_media):
            for child in part.children:
                if isinstance(child, enc_infobox_caption):
                    sidebar += nodes.paragraph("", "", *child.children)
                else:
                    sidebar += child
        elif isinstance(part, enc_infobox_group):
            fields = nodes.field_list()
            for child in part.children:
                if isinstance(child, enc_infobox_header):
                    sidebar += nodes.paragraph("", "", nodes.strong("", "", *child.children))
                elif isinstance(child, enc_infobox_row):
                    label, data = child.children
                    fields += nodes.field(
                        "", nodes.field_name("", "", *label.children),
                        nodes.field_body("", *data.children),
                    )  # fmt: skip
            if fields.children:
                sidebar += fields
    return sidebar


# -- HTML ------------------------------------------------------------------------------------

# Each part of the box opens and closes one piece of the table around its children.
_HTML: dict[type[nodes.Element], tuple[str, str]] = {
    enc_infobox_title: ('<caption class="enc-infobox-title">', "</caption>\n"),
    enc_infobox_media: (
        '<tbody>\n<tr><td colspan="2" class="enc-infobox-media">',
        "</td></tr>\n</tbody>\n",
    ),
    enc_infobox_caption: ('<div class="enc-infobox-caption">', "</div>"),
    enc_infobox_group: ("<tbody>\n", "</tbody>\n"),
    # A header names the rows of its group: the group is a <tbody>, the header its rowgroup's.
    enc_infobox_header: (
        '<tr><th colspan="2" scope="rowgroup" class="enc-infobox-header">',
        "</th></tr>\n",
    ),
    enc_infobox_row: ("<tr>", "</tr>\n"),
    enc_infobox_label: ('<th scope="row" class="enc-infobox-label">', "</th>"),
    enc_infobox_data: ('<td class="enc-infobox-data">', "</td>"),
}


def visit_infobox_html(self: Any, node: enc_infobox) -> None:
    self.body.append(self.starttag(node, "table", ""))


def depart_infobox_html(self: Any, node: enc_infobox) -> None:
    self.body.append("</table>\n")


def visit_part_html(self: Any, node: nodes.Element) -> None:
    self.body.append(_HTML[type(node)][0])


def depart_part_html(self: Any, node: nodes.Element) -> None:
    self.body.append(_HTML[type(node)][1])


def setup_infobox(app: Sphinx) -> None:
    # Other builders see a sidebar instead (InfoboxLayout); passing through is for one that
    # skips post-transforms.
    others = (pass_through, pass_through)
    add_node(app, enc_infobox, html=(visit_infobox_html, depart_infobox_html), others=others)
    for part in _HTML:
        add_node(app, part, html=(visit_part_html, depart_part_html), others=others)
    app.add_directive("infobox", InfoboxDirective)
    app.add_directive("infobox-header", InfoboxHeaderDirective)
    app.add_transform(InfoboxPlacement)
    app.add_post_transform(InfoboxLayout)
