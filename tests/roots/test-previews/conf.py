extensions = ["sphinx_encyclopedia"]
bibtex_bibfiles = ["refs.bib"]
html_theme = "furo"
