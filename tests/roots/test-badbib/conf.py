extensions = ["sphinx_encyclopedia"]
bibtex_bibfiles = ["a.bib", "b.bib"]
