"""The stylesheet, added for HTML builders only and served from the site itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

STATIC_DIR = Path(__file__).parent / "static"
STYLESHEET = "sphinx-encyclopedia.css"


def add_static_path(app: Sphinx, config: Any) -> None:
    # Added before Sphinx compares the configuration with the saved environment's: added
    # later, every incremental build would report html_static_path as changed. Builders
    # other than HTML ones never read it.
    if str(STATIC_DIR) not in config.html_static_path:
        config.html_static_path.append(str(STATIC_DIR))


def add_html_assets(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.add_css_file(STYLESHEET)


def setup_assets(app: Sphinx) -> None:
    app.connect("config-inited", add_static_path)
    app.connect("builder-inited", add_html_assets)
