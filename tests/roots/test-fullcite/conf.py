extensions = ["sphinx_encyclopedia", "myst_parser"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
