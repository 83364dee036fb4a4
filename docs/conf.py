"""Sphinx configuration of the sample encyclopedia and the extension's user guide."""

import os

project = "Sample Encyclopedia"
author = "sphinx-encyclopedia developers"
copyright = "2026, sphinx-encyclopedia developers"
version = release = "0.1"

extensions = ["sphinx_encyclopedia", "myst_parser"]
# The guide's citation style examples, and the works of its imported example page.
bibtex_bibfiles = [
    "refs.bib",
    "guide/citation-style.bib",
    "guide/importing/old-harbour-light.bib",
]

html_theme = "furo"
# Read the Docs gives each build its canonical address: "Cite this page" and the pages'
# metadata use it.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")
html_title = "Sample Encyclopedia"
exclude_patterns = ["_build"]

# The user guide cites works to show how; the sources index lists the articles' only.
encyclopedia_article_patterns = ["articles/**"]
# A tag's words link to the page that explains it, as Wikipedia's link to its policies.
encyclopedia_maintenance_help = {
    "citation-needed": "guide/maintenance",
    "clarify": "guide/maintenance",
}
