"""The starter site ``python -m sphinx_encyclopedia new DIR`` writes: a ``conf.py``, a bib
file, two short articles that cite it and link each other, and an index. README.md prints the
same files under "Use it in a Sphinx site" (``tests/test_readme.py`` holds the two equal), so
an edit here goes there too.
"""

from __future__ import annotations

import importlib.util
import shlex
from pathlib import Path

#: The theme the README shows; the starter falls back to Sphinx's own when it is missing.
THEME = "furo"
FALLBACK_THEME = "alabaster"

_CONF_PY = """\
project = "My Encyclopedia"
extensions = ["sphinx_encyclopedia"]  # sets up sphinxcontrib.bibtex itself
bibtex_bibfiles = ["refs.bib"]
html_theme = "{theme}"{theme_comment}
exclude_patterns = ["_build"]
"""

_THEME_COMMENTS = {
    THEME: '  # pip install furo; or "alabaster", Sphinx\'s own theme',
    FALLBACK_THEME: '  # Sphinx\'s own theme; or "furo", after pip install furo',
}

_REFS_BIB = """\
@misc{hubinger2019risks,
  author        = {Hubinger, Evan and van Merwijk, Chris and Mikulik, Vladimir and others},
  title         = {Risks from Learned Optimization in Advanced Machine Learning Systems},
  year          = {2019},
  eprint        = {1906.01820},
  archiveprefix = {arXiv},
}

@misc{hubinger2024sleeper,
  author        = {Hubinger, Evan and others},
  title         = {Sleeper Agents: Training Deceptive {LLMs} that Persist Through Safety Training},
  year          = {2024},
  eprint        = {2401.05566},
  archiveprefix = {arXiv},
}

@misc{greenblatt2024faking,
  author        = {Greenblatt, Ryan and others},
  title         = {Alignment Faking in Large Language Models},
  year          = {2024},
  eprint        = {2412.14093},
  archiveprefix = {arXiv},
}
"""

_INDEX_RST = """\
My Encyclopedia
===============

.. toctree::
   :maxdepth: 1

   deceptive-alignment
   mesa-optimization
"""

_DECEPTIVE_ALIGNMENT_RST = """\
Deceptive alignment
===================

.. lead::
   :short-description: Hypothesized failure mode of trained AI systems

   **Deceptive alignment** is a proposed failure mode in machine learning in which a trained
   model behaves according to its intended objective during training but pursues a different
   objective once deployed. :citation:`hubinger2019risks`

Background
----------

Hubinger et al. called the loss function the *base objective*. :citation:`hubinger2019risks`
Later work found related behaviour. :citation:`hubinger2024sleeper,greenblatt2024faking`

.. see-also::

   - :doc:`mesa-optimization`

.. references::
"""

_MESA_OPTIMIZATION_RST = """\
Mesa-optimization
=================

.. lead::
   :short-description: Emergence of learned optimizers

   **Mesa-optimization** is the situation in which a learned model is itself an optimizer
   pursuing an objective of its own, the *mesa-objective*. :citation:`hubinger2019risks`

Significance
------------

.. main-article:: deceptive-alignment

A mesa-optimizer may behave as though aligned during training in order to pursue its own
objective later. :citation:`hubinger2019risks{p. 23}`

.. see-also::

   - :doc:`deceptive-alignment`

.. references::
"""


def has_furo() -> bool:
    return importlib.util.find_spec(THEME) is not None


def files(theme: str = THEME) -> dict[str, str]:
    """The starter's files by name, in the order README.md prints them."""
    conf = _CONF_PY.format(theme=theme, theme_comment=_THEME_COMMENTS[theme])
    return {
        "conf.py": conf,
        "refs.bib": _REFS_BIB,
        "deceptive-alignment.rst": _DECEPTIVE_ALIGNMENT_RST,
        "mesa-optimization.rst": _MESA_OPTIMIZATION_RST,
        "index.rst": _INDEX_RST,
    }


def build_command(directory: str) -> str:
    """The command that builds a starter site written to *directory*, as README.md prints it
    for ``mysite``."""
    quoted = shlex.quote(directory)
    output = shlex.quote(str(Path(directory, "_build", "html")))
    return f"sphinx-build -W -b html {quoted} {output}"


def existing(directory: Path, theme: str = THEME) -> list[Path]:
    """The starter's files already in *directory*, which ``new`` will not overwrite."""
    return [directory / name for name in files(theme) if (directory / name).exists()]


def write(directory: Path, theme: str = THEME) -> list[Path]:
    """Write the starter into *directory* (made when missing); the caller has checked that
    none of its files exists."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files(theme).items():
        path = directory / name
        # "x" rather than "w": a file made since the check is still not overwritten.
        with path.open("x", encoding="utf-8") as stream:
            stream.write(text)
        written.append(path)
    return written
