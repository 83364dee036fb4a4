extensions = ["sphinx_encyclopedia"]
bibtex_bibfiles = ["utf8.bib", "latin1.bib"]
