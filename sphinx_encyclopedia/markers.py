"""Superscript markers in the text, ``[1]`` for citations and ``[a]`` for notes, rendered
the same way by every builder: a link to the list item, with an id the back-links target."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from .writers import add_node


class enc_marker(nodes.Inline, nodes.Element):  # noqa: N801 - docutils names nodes in lower case
    """A marker; subclasses say what it shows. Write-time attributes: ``ids`` (this site;
    none for a copy shown away from its article), ``refid`` (the list item it links to) and,
    when that item is on another page, ``refuri``."""

    css_class = "enc-marker"

    def resolved(self) -> bool:
        return not self.get("broken") and "refid" in self

    def label(self) -> str:
        raise NotImplementedError

    def suffix(self) -> str:
        """Text after the link, inside the superscript (a page locator)."""
        return ""

    def error_title(self) -> str:
        return ""

    def plain(self) -> str:
        return self.label() + self.suffix()


def text_without_markers(node: nodes.Node) -> str:
    """The node's text as a reader reads it aloud: no markers, no note text."""
    if isinstance(node, enc_marker):
        return ""
    if isinstance(node, nodes.Text):
        return node.astext()  # without docutils' escape markers (NUL for "\\ ")
    return "".join(text_without_markers(child) for child in node.children)


def visit_marker_html(self: Any, node: enc_marker) -> None:
    suffix = node.suffix()
    after = f'<span class="enc-locator">{self.encode(suffix)}</span>' if suffix else ""
    if node.resolved():
        ids = node["ids"]
        id_attribute = f' id="{ids[0]}"' if ids else ""
        href = node.get("refuri") or f"#{node['refid']}"
        self.body.append(
            f'<sup class="reference {node.css_class}"{id_attribute}>'
            f'<a href="{self.attval(href)}">{self.encode(node.label())}</a>{after}</sup>'
        )
    else:
        title = self.attval(node.error_title())
        self.body.append(
            f'<sup class="reference {node.css_class} enc-cite-error" title="{title}">'
            f"{self.encode(node.label())}{after}</sup>"
        )
    raise nodes.SkipNode


def visit_marker_latex(self: Any, node: enc_marker) -> None:
    suffix = self.encode(node.suffix())
    if node.resolved():
        self.body.append(
            (self.hypertarget(node["ids"][0], withdoc=False) if node["ids"] else "")
            + r"\textsuperscript{"
            + self.hyperlink(node["refid"])
            + node.label()  # resolved labels are brackets, digits and letters
            + "}}"
            + suffix
            + "}"
        )
    else:
        self.body.append(
            r"\textsuperscript{\textbf{" + self.encode(node.label()) + "}" + suffix + "}"
        )
    raise nodes.SkipNode


def visit_marker_text(self: Any, node: enc_marker) -> None:
    self.add_text(node.plain())
    raise nodes.SkipNode


def visit_marker_man(self: Any, node: enc_marker) -> None:
    self.body.append(node.plain())
    raise nodes.SkipNode


def visit_marker_texinfo(self: Any, node: enc_marker) -> None:
    self.body.append(self.escape(node.plain()))
    raise nodes.SkipNode


def add_marker_node(app: Sphinx, node_class: type[enc_marker]) -> None:
    add_node(
        app, node_class, html=(visit_marker_html, None), others=(visit_marker_text, None),
        latex=(visit_marker_latex, None), man=(visit_marker_man, None),
        texinfo=(visit_marker_texinfo, None),
    )  # fmt: skip
