extensions = ["sphinx_encyclopedia"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "wikipedia"
