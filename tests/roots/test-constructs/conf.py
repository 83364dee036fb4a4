extensions = ["sphinx_encyclopedia", "sphinx_design", "myst_parser"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build", "included.rst.inc"]
myst_enable_extensions = ["substitution", "colon_fence"]
myst_substitutions = {"c": "{citation}`beta`"}
