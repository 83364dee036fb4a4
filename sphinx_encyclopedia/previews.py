"""Reference and page previews: hover or focus a marker or an article link to read it.

Reference previews need no data: the formatted reference is in the page's own list. Page
previews read small JSON files written next to the pages at build time (``_previews/``): a
manifest, fetched on the first hover, names the file that holds a page's preview (a few pages
share each file), fetched from the same origin when first needed. Opened from ``file://``,
where browsers refuse such fetches, page previews stay off and links work as links.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util.osutil import ensuredir

from .config import settings
from .domain import get_domain
from .i18n import _

SCRIPT = "sphinx-encyclopedia.js"
PREVIEW_DIR = "_previews"
MANIFEST = "index.json"
EXTRACT_LENGTH = 525  # characters, as Wikipedia's page previews
# Builders whose pages link each other as files the script can map to preview data.
PAGE_PREVIEW_BUILDERS = ("html", "dirhtml")
SCRIPT_BUILDERS = (*PAGE_PREVIEW_BUILDERS, "singlehtml")


def labels() -> dict[str, Any]:
    """What the script shows, in the site's language."""
    return {
        "jump": _("Jump to reference"),
        "note": _("Note"),
        "locator": _("At:"),
        "copied": _("Copied"),
        "kinds": {
            "journal": _("Journal"),
            "news": _("News"),
            "magazine": _("Magazine"),
            "web": _("Web"),
            "arxiv": _("Preprint"),
            "book": _("Book"),
            "chapter": _("Book chapter"),
            "conference": _("Conference paper"),
            "proceedings": _("Proceedings"),
            "thesis": _("Thesis"),
            "report": _("Report"),
            "manual": _("Manual"),
            "unpublished": _("Unpublished"),
            "patent": _("Patent"),
            "generic": _("Source"),
        },
    }


def add_script(app: Sphinx) -> None:
    config = app.config
    if app.builder.name not in SCRIPT_BUILDERS:
        return
    references = settings(config).reference_previews
    pages = settings(config).page_previews and app.builder.name in PAGE_PREVIEW_BUILDERS
    # The script also copies "Cite this page" formats to the clipboard.
    if not references and not pages and settings(config).cite_this_page == "none":
        return
    translated = json.dumps(labels(), ensure_ascii=False, default=str)
    app.add_js_file(None, body=f"window.SPHINX_ENCYCLOPEDIA_LABELS = {translated};")
    attributes: dict[str, Any] = {
        "defer": "defer",
        "data-reference-previews": "1" if references else "0",
        "data-page-previews": "1" if pages else "0",
        "data-preview-root": PREVIEW_DIR,
    }
    app.add_js_file(SCRIPT, **attributes)


def extract_of(text: str, limit: int = EXTRACT_LENGTH) -> str:
    """The first ``limit`` characters, cut at a word, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:–—- ")
    return cut + "…"


def picture_address(app: Sphinx, candidates: dict[str, str] | None) -> str | None:
    """Where the builder copies the article's first picture, from the site's root.

    The name of the copy is the one Sphinx gave the file when the page was read (its
    ``env.images``, kept between builds), so pages written in an earlier build still point at
    it. A picture from another site is left out: previews fetch nothing from elsewhere.
    """
    if not candidates or "?" in candidates:
        return None
    builder = app.builder
    path = candidates.get("*") or next(
        (candidates[kind] for kind in builder.supported_image_types if kind in candidates), None
    )
    if path is None or path not in app.env.images:
        return None
    return f"{builder.imagedir}/{app.env.images[path][1]}"


PAGES_PER_FILE = 16  # about 2 KB gzipped per fetch; far fewer files than one per page


def preview_files(target_uris: list[str]) -> dict[str, str]:
    """The file holding each page's preview.

    Previews are grouped into files by a hash of the page's address: a build writes a few
    dozen files rather than one per article (creating thousands of small files is slow on
    some file systems and bloats uploads), and a page keeps its file while others come and
    go, as long as the site stays within the same power of two of ``PAGES_PER_FILE``.
    """
    groups = 1
    while groups * PAGES_PER_FILE < len(target_uris):
        groups *= 2
    width = len(f"{groups - 1:x}")
    return {uri: f"{zlib.crc32(uri.encode()) % groups:0{width}x}.json" for uri in target_uris}


def write_previews(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.name not in PAGE_PREVIEW_BUILDERS:
        return
    if not settings(app.config).page_previews:
        return
    env = app.env
    previews: dict[str, dict[str, str]] = {}
    for docname, article in sorted(get_domain(env).articles.items()):
        if docname not in env.all_docs or not (article["extract"] or article["description"]):
            continue
        title = env.titles[docname].astext() if docname in env.titles else docname
        preview = previews[app.builder.get_target_uri(docname)] = {
            "title": title,
            "description": article["short_description"] or "",
            "extract": extract_of(article["extract"] or article["description"] or ""),
        }
        picture = picture_address(app, article.get("picture"))
        if picture:
            preview["picture"] = picture
    files = preview_files(list(previews))
    grouped: dict[str, dict[str, dict[str, str]]] = {}
    for uri, data in previews.items():
        grouped.setdefault(files[uri], {})[uri] = data
    root = Path(app.outdir) / PREVIEW_DIR
    ensuredir(str(root))
    written = {MANIFEST}
    for name, group in grouped.items():
        (root / name).write_text(json.dumps(group, ensure_ascii=False), encoding="utf-8")
        written.add(name)
    (root / MANIFEST).write_text(
        json.dumps({"version": 2, "pages": files}, ensure_ascii=False, sort_keys=True),
        encoding="utf-8",
    )
    # Files of an earlier build, grouped otherwise, would otherwise be published stale.
    for stale in root.rglob("*.json"):
        if stale.relative_to(root).as_posix() not in written:
            stale.unlink()


def setup_previews(app: Sphinx) -> None:
    app.connect("builder-inited", add_script)
    app.connect("build-finished", write_previews)
