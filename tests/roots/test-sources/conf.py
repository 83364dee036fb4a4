extensions = ["sphinx_encyclopedia"]
bibtex_bibfiles = ["refs.bib"]
encyclopedia_sources_links = True
