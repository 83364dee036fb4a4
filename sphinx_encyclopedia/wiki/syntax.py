"""How an imported article is spelled: reStructuredText or MyST Markdown.

The converter decides what an article holds; a :class:`Syntax` only writes it. Inline text is
built from tokens, plain text (escaped here) and markup (written by the syntax), so that text
never needs escaping twice and markup never once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Markup:
    markup: str
    citation: bool = False  # a marker: the extension removes the space before it


Token = Text | Markup


@dataclass(frozen=True)
class SpanCell:
    """A table cell's text with the rows and columns it spans."""

    text: str
    rows: int = 1
    columns: int = 1


def grid_table_lines(rows: list[list[SpanCell]], header_rows: int) -> list[str]:
    """A reStructuredText grid table: docutils' table with cells that span. Cells are laid
    out as HTML does, each in the first place of its row that an earlier row's cell does not
    take; rows too short get empty cells."""
    from docutils.utils import column_width

    layout: list[list[int]] = []
    cells: list[SpanCell] = []
    for number, row in enumerate(rows):
        while len(layout) <= number:
            layout.append([])
        column = 0
        for cell in row:
            while column < len(layout[number]) and layout[number][column] >= 0:
                column += 1
            for down in range(number, number + max(cell.rows, 1)):
                while len(layout) <= down:
                    layout.append([])
                line = layout[down]
                line.extend([-1] * (column + max(cell.columns, 1) - len(line)))
                for across in range(column, column + max(cell.columns, 1)):
                    line[across] = len(cells)
            cells.append(cell)
            column += max(cell.columns, 1)
    # A rowspan past the last row is cut there, as browsers do.
    layout = layout[: max(len(rows), 1)]
    width = max((len(line) for line in layout), default=0)
    for line in layout:
        for column, index in enumerate(line):
            if index < 0:
                line[column] = len(cells)
                cells.append(SpanCell(""))
        while len(line) < width:
            line.append(len(cells))
            cells.append(SpanCell(""))
    if not width:
        return []
    first: dict[int, tuple[int, int]] = {}
    last: dict[int, tuple[int, int]] = {}
    for number, line in enumerate(layout):
        for column, index in enumerate(line):
            first.setdefault(index, (number, column))
            last[index] = (number, column)
    widths = [1] * width
    for index, (_row, column) in first.items():
        if last[index][1] == column:
            widths[column] = max(widths[column], column_width(cells[index].text))
    for index, (_row, column) in first.items():
        end = last[index][1]
        room = sum(widths[column : end + 1]) + 3 * (end - column)
        widths[end] += max(column_width(cells[index].text) - room, 0)
    height = len(layout)
    # A header must end where no cell spans across it.
    if header_rows and (
        header_rows >= height
        or any(layout[header_rows - 1][c] == layout[header_rows][c] for c in range(width))
    ):
        header_rows = 0

    def ruled(y: int, column: int) -> bool:
        return y in (0, height) or layout[y - 1][column] != layout[y][column]

    def upright(y: int, j: int) -> bool:
        return 0 <= y < height and (j in (0, width) or layout[y][j - 1] != layout[y][j])

    out: list[str] = []
    for y in range(height + 1):
        rule = "=" if header_rows and y == header_rows else "-"
        border = ""
        for j in range(width + 1):
            across = (j > 0 and ruled(y, j - 1)) or (j < width and ruled(y, j))
            if across and (upright(y - 1, j) or upright(y, j)):
                border += "+"
            elif across:
                border += rule
            elif upright(y - 1, j) or upright(y, j):
                border += "|"
            else:
                border += " "
            if j < width:
                border += (rule if ruled(y, j) else " ") * (widths[j] + 2)
        out.append(border)
        if y == height:
            break
        text = ""
        column = 0
        while column < width:
            index = layout[y][column]
            end = last[index][1]
            room = sum(widths[column : end + 1]) + 3 * (end - column)
            content = cells[index].text if first[index][0] == y else ""
            pad = room - column_width(content)
            text += "| " + content + " " * pad + " "
            column = end + 1
        out.append(text + "|")
    return out


_RST_SPECIAL = re.compile(r"([\\*`_|])")
# A paragraph starting so would be read as a list, an enumeration, a field or a comment.
_RST_BLOCK_START = re.compile(r"^(?:[-+•]\s|\d+[.)]\s|[#a-zA-Z][.)]\s|\(\w+\)\s|\.\.\s|:\w)")
_MD_SPECIAL = re.compile(r"([\\*`_\[\]<>{}#|$~])")
_MD_BLOCK_START = re.compile(r"^(?:[-+]\s|\d+[.)]\s|>|#)")
_WORD_CHAR = re.compile(r"\w", re.UNICODE)


class Syntax:
    suffix = ".rst"
    indent = "   "

    # -- inline ------------------------------------------------------------------------------

    def escape(self, text: str) -> str:
        return _RST_SPECIAL.sub(r"\\\1", text)

    def join(self, tokens: list[Token]) -> str:
        """Tokens as one line of text: markup set off from words it touches, as inline
        markup must be (an escaped space, which the reader does not see)."""
        out: list[str] = []
        previous_markup = False
        for token in tokens:
            if isinstance(token, Text):
                piece = self.escape(token.text)
                if previous_markup and piece and _WORD_CHAR.match(piece[0]):
                    out.append(self.glue)
                out.append(piece)
                previous_markup = False
            else:
                if out and out[-1] and not out[-1][-1].isspace():
                    if not (token.citation and self.glue == "\\ "):
                        out.append(self.glue)
                    else:
                        out.append(" ")
                out.append(token.markup)
                previous_markup = True
        return "".join(out)

    glue = "\\ "

    def emphasis(self, inner: str) -> str:
        return f"*{inner}*"

    def strong(self, inner: str) -> str:
        return f"**{inner}**"

    def literal(self, text: str) -> str:
        return "``" + text.replace("``", "` `") + "``"

    def role(self, name: str, content: str) -> str:
        return f":{name}:`{content}`"

    def link(self, text: str, url: str) -> str:
        """An external link; anonymous, so that two links of one text to two addresses do not
        clash as targets."""
        label = re.sub(r"([\\`<>])", r"\\\1", text) if text else url
        return f"`{label} <{url}>`__"

    def doc_link(self, text: str, docname: str) -> str:
        label = re.sub(r"([\\`<>])", r"\\\1", text)
        return f":doc:`{label} <{docname}>`" if text else f":doc:`{docname}`"

    def note_content(self, inline: str) -> str:
        """A note's text as the note role's content: the role reads its text with escapes
        removed and parses it again, so escapes and backquotes are escaped once more."""
        return inline.replace("\\", "\\\\").replace("`", "\\`")

    def protect_start(self, line: str) -> str:
        return "\\" + line if _RST_BLOCK_START.match(line) else line

    # -- blocks ------------------------------------------------------------------------------

    def heading(self, title: str, level: int) -> list[str]:
        characters = "=-~^\"'"
        underline = characters[min(level, len(characters)) - 1] * max(len(title), 3)
        return [title, underline]

    def comment(self, text: str) -> list[str]:
        lines = text.splitlines() or [""]
        return [".. " + lines[0]] + [self.indent + line for line in lines[1:]]

    def directive(
        self,
        name: str,
        argument: str = "",
        options: dict[str, str] | None = None,
        content: list[str] | None = None,
    ) -> list[str]:
        lines = [f".. {name}::" + (f" {argument}" if argument else "")]
        for option, value in (options or {}).items():
            lines.append(f"{self.indent}:{option}:" + (f" {value}" if value else ""))
        if content:
            lines.append("")
            lines.extend(self.indent + line if line else "" for line in content)
        return lines

    def bullet(self, marker: str) -> str:
        return "#." if marker == "#" else "-"

    def definition(self, term: str, definition: list[str]) -> list[str]:
        return [term] + [self.indent + line if line else "" for line in definition]

    def block_quote(self, lines: list[str], attribution: str = "") -> list[str]:
        body = [self.indent + line if line else "" for line in lines]
        if attribution:
            body += ["", self.indent + "-- " + attribution]
        return body

    def list_table(self, rows: list[list[str]], header_rows: int, title: str) -> list[str]:
        content: list[str] = []
        for row in rows:
            for index, cell in enumerate(row):
                content.append(("* - " if index == 0 else "  - ") + (cell or "\\ "))
        options = {"header-rows": str(header_rows)} if header_rows else {}
        return self.directive("list-table", title, options, content)

    def grid_table(self, rows: list[list[SpanCell]], header_rows: int, title: str) -> list[str]:
        """A table whose cells span rows or columns, which a list table cannot hold."""
        lines = grid_table_lines(rows, header_rows)
        return self.directive("table", title, {}, lines) if title else lines

    def front_matter(self, fields: dict[str, str]) -> list[str]:
        """File-wide metadata: a field list before the title."""
        return [f":{name}: {value}" for name, value in fields.items()] + [""]

    def paragraph_class(self, classes: str) -> list[str]:
        return [f".. rst-class:: {classes}", ""]


class MystSyntax(Syntax):
    suffix = ".md"
    indent = ""
    glue = ""

    def escape(self, text: str) -> str:
        return _MD_SPECIAL.sub(r"\\\1", text)

    def emphasis(self, inner: str) -> str:
        return f"*{inner}*"

    def literal(self, text: str) -> str:
        fence = "``" if "`" in text else "`"
        return f"{fence}{text}{fence}"

    def role(self, name: str, content: str) -> str:
        fence = "``" if "`" in content else "`"
        pad = " " if fence == "``" else ""
        return f"{{{name}}}{fence}{pad}{content}{pad}{fence}"

    def link(self, text: str, url: str) -> str:
        label = re.sub(r"([\\\[\]])", r"\\\1", text) if text else url
        return f"[{label}]({url.replace(')', '%29').replace(' ', '%20')})"

    def doc_link(self, text: str, docname: str) -> str:
        return self.role("doc", f"{text} <{docname}>" if text else docname)

    def note_content(self, inline: str) -> str:
        return inline

    def protect_start(self, line: str) -> str:
        return "\\" + line if _MD_BLOCK_START.match(line) else line

    def heading(self, title: str, level: int) -> list[str]:
        return ["#" * min(level, 6) + " " + title]

    def comment(self, text: str) -> list[str]:
        return ["% " + line for line in (text.splitlines() or [""])]

    def directive(
        self,
        name: str,
        argument: str = "",
        options: dict[str, str] | None = None,
        content: list[str] | None = None,
    ) -> list[str]:
        mark = "`"
        if "`" in argument:
            # CommonMark ends a backtick fence's info string at a backtick (a title holding a
            # role): a tilde fence takes any.
            mark = "~"
        fence = mark * 3
        while any(line.startswith(fence) for line in content or []):
            fence += mark
        lines = [f"{fence}{{{name}}}" + (f" {argument}" if argument else "")]
        for option, value in (options or {}).items():
            lines.append(f":{option}:" + (f" {value}" if value else ""))
        if content:
            if options:
                lines.append("")
            lines.extend(content)
        lines.append(fence)
        return lines

    def bullet(self, marker: str) -> str:
        return "1." if marker == "#" else "-"

    def definition(self, term: str, definition: list[str]) -> list[str]:
        # Without MyST's deflist extension: the term in bold, the definition after it.
        return [f"**{term}**", "", *definition]

    def block_quote(self, lines: list[str], attribution: str = "") -> list[str]:
        body = ["> " + line if line else ">" for line in lines]
        if attribution:
            body += [">", "> — " + attribution]
        return body

    def grid_table(self, rows: list[list[SpanCell]], header_rows: int, title: str) -> list[str]:
        # Markdown has no table with spans: MyST reads the reStructuredText one (its cells
        # written in reStructuredText by the converter) in an eval-rst block.
        return self.directive("eval-rst", "", {}, Syntax().grid_table(rows, header_rows, title))

    def front_matter(self, fields: dict[str, str]) -> list[str]:
        return ["---", *(f"{name}: {value}" for name, value in fields.items()), "---", ""]

    def paragraph_class(self, classes: str) -> list[str]:
        # docutils' class directive, as in reStructuredText: for the paragraph after it.
        return [*self.directive("rst-class", classes), ""]
