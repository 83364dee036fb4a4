extensions = ["sphinx_encyclopedia"]
bibtex_bibfiles = ["refs.bib"]
html_theme = "alabaster"
suppress_warnings = ["encyclopedia.url-scheme", "encyclopedia.bib-latex"]
