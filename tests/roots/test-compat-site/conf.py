"""A site as real ones are put together: the encyclopedia beside autodoc and napoleon, todo,
intersphinx, sphinx-design, sphinx-copybutton, sphinxext-opengraph, sphinx-sitemap, MyST and
a local extension. ``COMPAT_ENCYCLOPEDIA=0`` builds it without the encyclopedia (the tests
then replace its articles by pages holding only their titles)."""

import os
import sys

sys.path.insert(0, os.path.abspath("."))  # compatmod (autodoc) and keep_doctrees

project = "Compat"
author = "Compat authors"
copyright = "2026, Compat authors"
html_theme = "furo"
html_title = "Compat"

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.todo",
    "sphinx.ext.intersphinx",
    "sphinx_design",
    "sphinx_copybutton",
    "sphinxext.opengraph",
    "sphinx_sitemap",
    "myst_parser",
    "keep_doctrees",
]
if os.environ.get("COMPAT_ENCYCLOPEDIA", "1") == "1":
    extensions.append("sphinx_encyclopedia")
bibtex_bibfiles = ["refs.bib"]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]

todo_include_todos = True

# Nothing is fetched: the inventory is a local file, a made-up project's (extlib.Widget, its
# method turn, the label extlib-intro) in Sphinx's format 2.
intersphinx_mapping = {"extlib": ("https://example.invalid/extlib/", "extlib.inv")}

html_baseurl = "https://compat.example.org/"
ogp_site_url = "https://compat.example.org/"
sitemap_url_scheme = "{link}"
