extensions = ["sphinx_encyclopedia"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
