"""The stylesheet, added for HTML builders only and served from the site itself."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

STATIC_DIR = Path(__file__).parent / "static"
STYLESHEET = "sphinx-encyclopedia.css"


def add_html_assets(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    app.config.html_static_path.append(str(STATIC_DIR))
    app.add_css_file(STYLESHEET)


def setup_assets(app: Sphinx) -> None:
    app.connect("builder-inited", add_html_assets)
