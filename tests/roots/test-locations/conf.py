extensions = ["sphinx_encyclopedia", "myst_parser"]
bibtex_bibfiles = ["refs.bib", "broken.bib"]
# Two lines before each page's own: a role's line is still the page's.
rst_prolog = """
.. |project| replace:: Locations
"""
