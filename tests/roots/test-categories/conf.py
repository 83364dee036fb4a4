extensions = ["sphinx_encyclopedia", "myst_parser"]
exclude_patterns = ["_build"]
