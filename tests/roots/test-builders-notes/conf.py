extensions = ["sphinx_encyclopedia"]
bibtex_bibfiles = []
encyclopedia_note_groups = {"note": "lower-alpha", "rn": "lower-roman"}
