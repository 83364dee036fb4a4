extensions = ["sphinx_encyclopedia", "myst_parser"]
encyclopedia_maintenance_help = {"citation-neded": "x", "clarify": "nosuchpage", "who": 3}
