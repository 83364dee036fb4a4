extensions = ["sphinx_encyclopedia", "myst_parser"]
bibtex_bibfiles = []
