extensions = ["sphinx_encyclopedia"]
bibtex_bibfiles = ["refs.bib"]
project = "Test Encyclopedia"
html_baseurl = "https://encyclopedia.example.org/"
language = "en"
exclude_patterns = ["_build"]
