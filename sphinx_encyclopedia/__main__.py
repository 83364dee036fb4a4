"""``python -m sphinx_encyclopedia`` and the ``sphinx-encyclopedia`` command.

``new DIR`` writes the starter site of README.md (``starter.py``) into DIR; ``import-wiki``
imports MediaWiki pages (``wiki/command.py``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__, starter
from .wiki import command as wiki_command


def _new(args: argparse.Namespace) -> int:
    directory = Path(args.directory)
    theme = starter.THEME if starter.has_furo() else starter.FALLBACK_THEME
    clashes = starter.existing(directory, theme)
    if clashes:
        names = ", ".join(str(path) for path in clashes)
        print(f"sphinx-encyclopedia new: not overwriting {names}; nothing written", file=sys.stderr)
        return 1
    for path in starter.write(directory, theme):
        print(f"wrote {path}")
    if theme != starter.THEME:
        print(
            "furo is not installed, so the site uses Sphinx's own alabaster theme; for the look "
            'the README shows, run "pip install furo" and set html_theme = "furo" in conf.py'
        )
    print("build it with:")
    print(f"  {starter.build_command(args.directory)}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sphinx-encyclopedia", description="Wikipedia's article layout for Sphinx."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    new = commands.add_parser(
        "new",
        help="write a starter site: conf.py, refs.bib, two articles and an index",
        description="Write a small encyclopedia that builds with sphinx-build -W. Refuses to "
        "overwrite: when any of its files exists in DIR, nothing is written.",
    )
    new.add_argument("directory", metavar="DIR", help="where to write it (made when missing)")
    new.set_defaults(run=_new)
    wiki_command.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
