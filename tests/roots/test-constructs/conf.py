extensions = ["sphinx_encyclopedia", "myst_parser"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build", "included.rst.inc"]
myst_enable_extensions = ["substitution", "colon_fence"]
myst_substitutions = {"c": "{citation}`beta`"}
