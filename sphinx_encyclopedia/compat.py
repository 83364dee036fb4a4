"""The internals of other packages that the extension cannot avoid, each behind one function.

Everything else goes through public, documented APIs. Each function here has a fallback for
when the internal is gone or has changed shape, and ``tests/test_compat.py`` fails when
upstream changes one of them, so a new release is noticed in CI rather than by a user. The
maintainers' guide (docs/guide/internals.rst) lists each with why and what breaks.
"""

from __future__ import annotations

import functools
import inspect
from types import SimpleNamespace
from typing import Any

from docutils import nodes
from sphinx.environment import BuildEnvironment


def store_bibdata(env: BuildEnvironment, data: Any) -> bool:
    """Put parsed bib data where sphinxcontrib-bibtex keeps it; False if it keeps it elsewhere.

    sphinxcontrib-bibtex documents ``BibtexDomain.bibdata`` for reading and its bibfile
    module's ``process_bibdata`` for parsing, but stores the result itself, in the domain's
    ``data["bibdata"]``: parsing ahead of it (with pybtex's errors captured) and handing the
    workers of a parallel read a cheaper copy both have to store it there too.
    """
    domain = env.get_domain("cite")
    store = getattr(domain, "data", None)
    if not isinstance(store, dict) or "bibdata" not in store:
        return False
    store["bibdata"] = data
    return True


def bibtex_filter_visitor() -> Any:
    """sphinxcontrib-bibtex's evaluator of ``:filter:`` expressions, or None without one.

    The filter language is documented; its evaluator (``_FilterVisitor``) is private. Without
    it, further-reading filters are reported as unavailable and lists of keys still work.
    """
    try:
        from sphinxcontrib.bibtex.domain import _FilterVisitor
    except ImportError:
        return None
    return _FilterVisitor


def parse_inline(
    inliner: Any, text: str, lineno: int
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """Parse ``text`` as inline markup inside a role, with the role's own inliner.

    docutils has no public call for nested inline parsing from a role; ``Inliner.parse``
    takes a "memo" of the document, reporter and language (for reStructuredText, the
    attributes the inliner itself holds while parsing a paragraph; MyST-Parser's inliner
    takes the same call). The inliner's ``parent`` is put back afterwards, since the
    paragraph around the role is still being parsed with it.
    """
    if not _takes_a_memo(inliner):
        return [nodes.Text(text)], []  # an inliner that parses otherwise: the text, unparsed
    saved_parent = getattr(inliner, "parent", None)
    memo = SimpleNamespace(
        document=inliner.document,
        reporter=inliner.reporter,
        language=getattr(inliner, "language", None),
    )
    try:
        return inliner.parse(text, lineno, memo, saved_parent)
    finally:
        if saved_parent is not None:
            inliner.parent = saved_parent


def _takes_a_memo(inliner: Any) -> bool:
    kind: Any = type(inliner)
    return _parse_takes_a_memo(kind) and all(
        hasattr(inliner, name) for name in ("document", "reporter")
    )


@functools.cache
def _parse_takes_a_memo(inliner_class: Any) -> bool:
    try:
        parameters = list(inspect.signature(inliner_class.parse).parameters)
    except (AttributeError, TypeError, ValueError):
        return False
    return parameters[1:5] == ["text", "lineno", "memo", "parent"]


def text_lines(inliner: Any, lineno: int) -> tuple[list[str], int] | None:
    """The lines a role's ``lineno`` counts in, and the index of ``lineno`` among them; None
    when the reporter maps line numbers some other way (MyST-Parser's does).

    docutils gives a role the line its text block starts on, and keeps the text itself only in
    the state machine: ``RSTState.runtime_init`` makes the reporter's ``get_source_and_line``
    that machine's bound method, which looks an absolute line number up in its
    ``input_lines`` less its ``input_offset`` (Sphinx's ``switch_source_input`` swaps in a
    machine over other content, autodoc's docstrings, the same way). Reading the lines from
    the very machine that maps them keeps the role's line and its source in step, includes
    and ``rst_prolog`` included.
    """
    from docutils.statemachine import StringList

    mapper = getattr(getattr(inliner, "reporter", None), "get_source_and_line", None)
    machine = getattr(mapper, "__self__", None)
    lines = getattr(machine, "input_lines", None)
    offset = getattr(machine, "input_offset", None)
    if not isinstance(lines, StringList) or not isinstance(offset, int):
        return None
    index = lineno - offset - 1
    if not 0 <= index < len(lines):
        return None
    return lines.data, index
