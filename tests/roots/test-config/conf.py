extensions = ["sphinx_encyclopedia"]
bibtex_bibfiles = ["refs.bib"]
encyclopedia_display_authors = "3"
encyclopedia_page_previews = "yes"
encyclopedia_note_groups = {
    "note": "lower-alpha",
    "ref": "upper-alpha",
    "math": "lower-roman",
    "emphasis": "named",
    "2nd": "named",
    "aside": "greek",
}
