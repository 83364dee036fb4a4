extensions = ["sphinx_encyclopedia"]
bibtex_bibfiles = ["refs.bib"]
