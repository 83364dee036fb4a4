"""A small site for the process-state tests: the encyclopedia, ``keep_doctrees`` (copied here
from ``test-compat-site`` by the tests) and ``interrupt_build``, which raises from the handler
of the event named by ``-D interrupt_at=...``."""

import os
import sys

sys.path.insert(0, os.path.abspath("."))

extensions = ["sphinx_encyclopedia", "keep_doctrees", "interrupt_build"]
bibtex_bibfiles = ["refs.bib"]
html_theme = "basic"
