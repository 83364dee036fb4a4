"""The line a role's own markup is on, for its nodes and its warnings.

docutils and MyST-Parser give a role the line its text block (its paragraph, list item or table
cell) starts on, so a citation on the third line of a paragraph would be reported two lines too
early. The role's line is found by looking for its markup in that block's text: the lines the
reporter maps line numbers in (:func:`.compat.text_lines`), or else the source file the role
is reported in (MyST's reporter maps a line to the same line of the file). Two identical roles
in one block are told apart by the order they are called in: each search of a block goes on
after where the previous one found its role. When the markup cannot be found, the role keeps
its block's line, as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.util.docutils import SphinxRole

from .compat import text_lines

# Keys in Sphinx's per-document storage (``env.current_document``, formerly ``temp_data``),
# which is emptied before each document is read.
_BLOCKS = "encyclopedia_text_blocks"
_FILES = "encyclopedia_source_files"

_PREFIXED_ROLE = re.compile(r":([^`\s]+):(`.*`)", re.DOTALL)


@dataclass
class _Block:
    text: str
    searched: int = 0  # where the next role of this block is looked for


def role_line(role: SphinxRole) -> int:
    """The line of ``role``'s markup, counted as ``role.lineno`` is (so that
    ``role.get_source_info(line)`` gives its file and line).

    Call it, or :func:`role_markup`, once for each call of the role: it moves on past the
    markup it finds.
    """
    return role_markup(role).line


def role_markup(role: SphinxRole) -> RoleText:
    """The role's markup as the source has it, and its line (see :func:`role_line`)."""
    block = _block(role)
    if block is None or not role.rawtext.strip():
        return RoleText(role.rawtext, role.lineno)
    # Most markup is on one line as written; the pattern is for the rest.
    start, markup = block.text.find(role.rawtext, block.searched), role.rawtext
    if start < 0:
        match = _markup(role.rawtext).search(block.text, block.searched)
        if match is None:
            return RoleText(role.rawtext, role.lineno)
        start, markup = match.start(), match[0]
    # Past the start only: a role in this role's own text is found after it.
    block.searched = start + 1
    return RoleText(markup, role.lineno + block.text.count("\n", 0, start))


class RoleText:
    """A role's markup and its line; the lines of fragments of it (a note's ``[@key]``
    citations) are found in the order they are asked for.

    The markup is the source's: MyST gives a role its text with each newline made a space.
    """

    def __init__(self, rawtext: str, line: int) -> None:
        self.rawtext = rawtext
        self.line = line
        self.searched = 0

    def line_of(self, fragment: str, *, advance: bool = True) -> int:
        if not fragment.strip():
            return self.line
        match = _loose(fragment).search(self.rawtext, self.searched)
        if match is None:
            return self.line
        if advance:
            self.searched = match.end()
        return self.line + self.rawtext.count("\n", 0, match.start())


def role_location(role: SphinxRole, line: int) -> str:
    """``file:line`` of ``line`` of the role's document, as ``SphinxRole.get_location``
    gives the line of its block."""
    source, lineno = role.get_source_info(line)
    if source and lineno:
        return f"{source}:{lineno}"
    if source:
        return f"{source}:"
    return f"<unknown>:{lineno}" if lineno else ""


def _markup(rawtext: str) -> re.Pattern[str]:
    """What finds ``rawtext`` in the source: docutils gives a role its markup as written, MyST
    as ``:name:`text``` for ``{name}`text```."""
    prefixed = _PREFIXED_ROLE.fullmatch(rawtext)
    if prefixed is None:
        return _loose(rawtext)
    name, body = re.escape(prefixed[1]), prefixed[2]
    return re.compile(rf"(?::{name}:|\{{{name}\}})" + _loose(body).pattern)


def _loose(text: str) -> re.Pattern[str]:
    # The inliner's text is the block's lines without their indentation.
    return re.compile(r"\s+".join(re.escape(part) for part in text.split()))


def _block(role: SphinxRole) -> _Block | None:
    try:
        store = _per_document(role.env)
        source = role.get_source_info()
    except (AttributeError, TypeError):
        return None  # a role called outside a parse
    blocks: dict[tuple[Any, ...], _Block] = store.setdefault(_BLOCKS, {})
    key = (*source, role.lineno)
    if key not in blocks:
        found = text_lines(role.inliner, role.lineno) or _file_lines(store, *source)
        if found is None:
            return None
        blocks[key] = _Block(_text_from(*found))
    return blocks[key]


def _text_from(lines: list[str], index: int) -> str:
    # Up to the first blank line: a role's markup never spans one.
    end = index
    while end < len(lines) and lines[end].strip():
        end += 1
    return "\n".join(lines[index:end])


def _file_lines(store: Any, source: Any, line: Any) -> tuple[list[str], int] | None:
    if not isinstance(source, str) or not isinstance(line, int) or line < 1:
        return None
    files: dict[str, list[str] | None] = store.setdefault(_FILES, {})
    if source not in files:
        try:
            text = Path(source).read_text(encoding="utf-8-sig", errors="replace")
        except (OSError, ValueError):
            files[source] = None
        else:
            files[source] = text.splitlines()
    lines = files[source]
    if lines is None or line > len(lines):
        return None
    return lines, line - 1


def _per_document(env: Any) -> Any:
    current = getattr(env, "current_document", None)  # Sphinx 8.2 on
    return current if current is not None else env.temp_data
