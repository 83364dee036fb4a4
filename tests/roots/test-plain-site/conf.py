import os

# Built with and without the extension: ENCYCLOPEDIA=1 adds it.
extensions = ["sphinx_encyclopedia"] if os.environ.get("ENCYCLOPEDIA") else []
html_theme = "basic"
