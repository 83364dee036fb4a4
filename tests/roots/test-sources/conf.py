extensions = ["sphinx_encyclopedia"]
bibtex_bibfiles = ["refs.bib"]
encyclopedia_sources_links = True
# The guide shows how to cite; its citations are not an article's.
encyclopedia_article_patterns = ["articles/*", "other/*"]
