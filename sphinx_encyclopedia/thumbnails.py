"""Wikipedia's thumbnails, and the picture an article's page preview shows.

A thumbnail is a figure (or an image) with the class ``thumb``: ``:figclass: thumb`` on
Sphinx's ``figure``, ``:class: thumb`` on ``image``. Sphinx's own directives are left as they
are (a site's other figures must not change because this extension is listed), so the flag
is a class, and the directive of this extension's own name, ``.. thumb::``, is a figure with
Wikipedia's ``upright`` factor and ``right`` alignment as defaults. Either way a thumbnail is
220 pixels wide unless given a size, and floats right unless aligned otherwise; the
stylesheet draws the frame.
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.directives.patches import Figure
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from .domain import get_domain
from .infobox import enc_infobox, enc_infobox_media
from .options import CheckedOptions, report_option_problems
from .order import HANDLER_PRIORITY, TRANSFORM_PRIORITY
from .walk import nodes_of

#: The class authors write, as Wikipedia's ``thumb``.
THUMB = "thumb"
#: The class the stylesheet draws: only figures and images this module has seen.
THUMB_STYLE = "enc-thumb"
#: Wikipedia's default thumbnail width, in CSS pixels.
THUMB_WIDTH = 220
#: ``upright`` given without a factor, as on Wikipedia.
UPRIGHT_ALONE = 0.75


def upright_factor(value: str | None) -> float:
    if value is None or not value.strip():
        return UPRIGHT_ALONE
    try:
        factor = float(value)
    except ValueError:
        raise ValueError("a factor such as 1.2") from None
    if not 0 < factor <= 10:
        raise ValueError("a factor above 0 and up to 10, such as 1.2")
    return factor


def upright_width(factor: float) -> str:
    """Wikipedia's width for an ``upright`` factor: 220 px scaled, to the nearest 10 px, a
    half rounded up (``upright`` alone: 165 px, shown at 170 px)."""
    return f"{max(10, math.floor(THUMB_WIDTH * factor / 10 + 0.5) * 10)}px"


class ThumbDirective(Figure, SphinxDirective):
    """``.. thumb:: path``: Sphinx's figure, sized by ``:upright:``, aligned right."""

    option_spec: ClassVar[dict[str, Any]] = CheckedOptions(
        {**Figure.option_spec, "upright": upright_factor}
    )

    def run(self) -> list[nodes.Node]:
        report_option_problems(self)
        factor = self.options.pop("upright", 1.0)
        if not {"width", "height", "scale"} & set(self.options):
            self.options["width"] = upright_width(factor)
        self.options.setdefault("align", "right")
        self.options["figclass"] = [*self.options.get("figclass", []), THUMB]
        result: list[nodes.Node] = super().run()
        return result


def _has_no_size(image: nodes.Element) -> bool:
    return not any(key in image for key in ("width", "height", "scale"))


def _is_thumb(node: nodes.Element) -> bool:
    return THUMB in node["classes"] or THUMB_STYLE in node["classes"]


class Thumbnails(SphinxTransform):
    """Give figures and images of the class ``thumb`` the thumbnail's class, size and side."""

    default_priority = TRANSFORM_PRIORITY["Thumbnails"]

    def apply(self, **kwargs: Any) -> None:
        # One walk for both: what the figures' loop changes, the images' loop skips.
        found = nodes_of(self.document, (nodes.figure, nodes.image))
        for figure in found:
            if not isinstance(figure, nodes.figure):
                continue
            image = next(iter(figure.findall(nodes.image)), None)
            if not (_is_thumb(figure) or (image is not None and _is_thumb(image))):
                continue
            figure["classes"].append(THUMB_STYLE)
            figure.setdefault("align", "right")
            if image is None:
                continue
            if _has_no_size(image):
                image["width"] = f"{THUMB_WIDTH}px"
            # The frame fits the picture and the caption wraps under it, as Wikipedia's does;
            # a width relative to the page is the picture's own, inside the frame.
            width = image.get("width")
            if "width" not in figure and width and not width.endswith("%"):
                figure["width"] = width
        for image in found:
            # A figure's image is framed by the figure; an image in a line of text is no
            # thumbnail.
            if (
                not isinstance(image, nodes.image)
                or not _is_thumb(image) or _in_figure(image) or _in_text(image)
            ):  # fmt: skip
                continue
            image["classes"].append(THUMB_STYLE)
            image.setdefault("align", "right")
            if _has_no_size(image):
                image["width"] = f"{THUMB_WIDTH}px"


def _in_text(image: nodes.image) -> bool:
    holder = image.parent
    if isinstance(holder, nodes.reference):  # an image with a :target:
        holder = holder.parent
    return isinstance(holder, nodes.TextElement)


def _in_figure(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.figure):
            return True
        parent = parent.parent
    return False


def first_picture(doctree: nodes.Node) -> nodes.image | None:
    """The article's first picture: its infobox's, else its first thumbnail's."""
    found = nodes_of(doctree, (enc_infobox, nodes.figure, nodes.image))
    for box in found:
        if isinstance(box, enc_infobox):
            for media in nodes_of(box, enc_infobox_media):
                return next(iter(media.findall(nodes.image)), None)
    for node in found:
        if THUMB_STYLE in node["classes"] and isinstance(node, (nodes.figure, nodes.image)):
            return next(iter(node.findall(nodes.image)), None)
    return None


def note_first_picture(app: Sphinx, doctree: nodes.document) -> None:
    picture = first_picture(doctree)
    if picture is not None and picture.get("candidates"):
        get_domain(app.env).note_picture(app.env.docname, dict(picture["candidates"]))


def setup_thumbnails(app: Sphinx) -> None:
    app.add_directive("thumb", ThumbDirective)
    app.add_transform(Thumbnails)
    app.connect("doctree-read", note_first_picture, priority=HANDLER_PRIORITY["note_picture"])
