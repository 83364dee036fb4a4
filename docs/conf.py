"""Sphinx configuration of the sample encyclopedia and the extension's user guide."""

project = "Sample Encyclopedia"
author = "sphinx-encyclopedia developers"
copyright = "2026, sphinx-encyclopedia developers"
version = release = "0.1"

extensions = ["sphinx_encyclopedia", "myst_parser"]
bibtex_bibfiles = ["refs.bib", "guide/citation-style.bib"]

html_theme = "furo"
html_title = "Sample Encyclopedia"
exclude_patterns = ["_build"]

# The user guide cites works to show how; the sources index lists the articles' only.
encyclopedia_article_patterns = ["articles/**"]
