extensions = ["sphinxcontrib.bibtex", "sphinx_encyclopedia"]
bibtex_bibfiles = ["refs.bib"]
