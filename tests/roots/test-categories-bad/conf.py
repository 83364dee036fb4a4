extensions = ["sphinx_encyclopedia"]
exclude_patterns = ["_build"]
