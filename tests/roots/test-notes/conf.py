extensions = ["sphinx_encyclopedia"]
bibtex_bibfiles = ["refs.bib"]
encyclopedia_note_groups = {"note": "lower-alpha", "nb": "upper-alpha", "rn": "lower-roman",
                            "fact": "named"}
