extensions = ["sphinx_encyclopedia", "myst_parser"]
bibtex_bibfiles = ["refs.bib"]
# Rows after a blank line are a field list, which MyST reads with this extension.
myst_enable_extensions = ["fieldlist"]
html_theme = "furo"
