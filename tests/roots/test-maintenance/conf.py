extensions = ["sphinx_encyclopedia", "myst_parser"]
bibtex_bibfiles = ["refs.bib"]
encyclopedia_article_patterns = ["articles/**"]
encyclopedia_maintenance_help = {
    "cn": "help/verifiability",
    "dubious": "https://example.org/wiki/Talk",
    "unreferenced": "help/verifiability",
}
