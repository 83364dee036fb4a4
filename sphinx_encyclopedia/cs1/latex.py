"""LaTeX in bib field values to plain text, by pylatexenc.

A maintained converter knows far more of LaTeX (accents, symbols, math) than a list of
regular expressions could; what bib files use beyond it, chiefly the TeX world's logos and
TUGboat's ``\\acro``, is added here. The converter and its macro tables are built on first
use and kept: building them costs more than converting hundreds of values.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from pylatexenc import latexwalker, macrospec
from pylatexenc.latex2text import (
    LatexNodes2Text,
    MacroTextSpec,
    SpecialsTextSpec,
    get_default_latex_context_db,
)

# As the logos print (texnames.sty, TUGboat's ltugboat.cls), not as their macros are spelt.
LOGOS = {
    "TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2e", "BibTeX": "BibTeX",
    "XeTeX": "XeTeX", "XeLaTeX": "XeLaTeX", "LuaTeX": "LuaTeX", "LuaLaTeX": "LuaLaTeX",
    "ConTeXt": "ConTeXt", "MF": "Metafont", "METAFONT": "Metafont", "MP": "MetaPost",
    "METAPOST": "MetaPost", "PS": "PostScript", "AmS": "AMS", "AMS": "AMS",
    "AmSTeX": "AMS-TeX", "AMSTeX": "AMS-TeX", "AmSLaTeX": "AMS-LaTeX", "AllTeX": "(La)TeX",
    "eTeX": "e-TeX", "pdfTeX": "pdfTeX", "pdfLaTeX": "pdfLaTeX", "SliTeX": "SliTeX",
    "PiCTeX": "PiCTeX", "LyX": "LyX", "TUB": "TUGboat", "TeXLive": "TeX Live",
}  # fmt: skip

# Font and size switches: they change how text looks, never what it says.
_SWITCHES = (
    "it", "bf", "sl", "sc", "tt", "rm", "sf", "em", "normalfont", "itshape", "bfseries",
    "slshape", "scshape", "ttfamily", "rmfamily", "sffamily", "upshape", "mdseries",
    "tiny", "scriptsize", "footnotesize", "small", "normalsize", "large", "Large", "LARGE",
    "huge", "Huge", "relax", "noindent", "nobreak", "allowbreak", "break", "protect",
    "unskip", "ignorespaces", "null", "hfil", "hfill", "hss", "strut", "smallskip",
    "medskip", "bigskip", "newblock", "sloppy", "frenchspacing",
)  # fmt: skip

_SYMBOLS = {"Dash": "—", "emdash": "—", "endash": "–", "slash": "/", "hyphen": "-",
            "textendash": "–", "textemdash": "—", "thinspace": " ", "enspace": " ",
            "S": "§", "P": "¶", "pounds": "£", "copyright": "©", "ddag": "‡"}  # fmt: skip
_ARGUMENT_IS_TEXT = ("acro", "mbox", "hbox", "smash", "rlap", "llap", "texttt", "textsf",
                     "textmd", "textup", "textnormal", "mkbibquote", "mkbibemph", "enquote",
                     "nolinkurl", "ensuremath")  # fmt: skip
# In math a missing space would join two operators: ``\log\log n`` is "log log n".
_OPERATORS = ("log", "ln", "lg", "exp", "sin", "cos", "tan", "sec", "csc", "cot", "max", "min",
              "sup", "inf", "lim", "det", "dim", "ker", "deg", "gcd", "arg", "Pr")  # fmt: skip

_NUMBER = r"[-+]?\s*(?:\d+\.?\d*|\.\d+)\s*"
_UNIT = r"(?:true\s*)?(?:em|ex|pt|pc|in|cm|mm|bp|dd|cc|sp|mu|px)"
_STRETCH = rf"{_NUMBER}(?:fil+|{_UNIT})"
_GLUE = re.compile(rf"\s*{_NUMBER}{_UNIT}(?:\s*plus\s*{_STRETCH})?(?:\s*minus\s*{_STRETCH})?")
# Kerns join letters; skips separate words.
_KERNS = {"kern": "", "mkern": "", "lower": "", "raise": "", "hskip": " ", "mskip": " "}


class _DimensionParser(macrospec.MacroStandardArgsParser):
    """Reads the TeX dimension or glue after ``\\kern``/``\\hskip`` as part of the command, so
    ``-.15em`` does not end up in the text."""

    def parse_args(self, w: Any, pos: int, parsing_state: Any = None) -> tuple[Any, int, int]:
        match = _GLUE.match(w.s, pos)
        length = match.end() - pos if match else 0
        return macrospec.ParsedMacroArgs(argspec="", argnlist=[]), pos, length


class _RawArgumentParser(macrospec.MacroStandardArgsParser):
    """A URL's braced argument as written: ``~`` and ``_`` in it are not LaTeX."""

    def parse_args(self, w: Any, pos: int, parsing_state: Any = None) -> tuple[Any, int, int]:
        text = w.s
        start = pos
        while start < len(text) and text[start].isspace():
            start += 1
        if start >= len(text) or text[start] != "{":
            return macrospec.ParsedMacroArgs(argspec="", argnlist=[]), pos, 0
        depth, end = 0, start
        for end in range(start, len(text)):
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            if depth == 0:
                break
        raw = text[start + 1 : end].replace("\\%", "%")
        node = w.make_node(
            latexwalker.LatexCharsNode, parsing_state=parsing_state or w.make_parsing_state(),
            chars=raw, pos=start, len=end + 1 - start,
        )  # fmt: skip
        return macrospec.ParsedMacroArgs(argspec="{", argnlist=[node]), pos, end + 1 - pos


def _operator(node: Any) -> str:
    following = node.parsing_state.s[node.pos + node.len : node.pos + node.len + 1]
    return node.macroname + (" " if following.isalpha() or following == "\\" else "")


def _unknown(node: Any, l2tobj: Any) -> str:
    # Math is never dropped: an unknown symbol keeps its name. In text a command that is not
    # known prints nothing of its own; its arguments, and the braced text after it, are kept.
    arguments = node.nodeargd.argnlist if node.nodeargd else []
    text = "".join(l2tobj.nodelist_to_text([argument]) for argument in arguments if argument)
    if node.parsing_state.in_math_mode:
        return _operator(node) + text
    following = node.parsing_state.s[node.pos + node.len : node.pos + node.len + 1]
    return text or ("" if following == "{" else node.macro_post_space)


def _logo(node: Any) -> str:
    # Bib files write "\\TeX book" for "TeX book": TeX would eat the space, the author did not
    # mean it to.
    return LOGOS[node.macroname] + node.macro_post_space


def _href(node: Any, l2tobj: Any) -> str:
    return str(l2tobj.node_arg_to_text(node, 1))


@cache
def converter() -> tuple[LatexNodes2Text, macrospec.LatexContextDb]:
    """The converter and the parser's macro table, made once: their defaults are copied,
    never changed, as other code in the process may use pylatexenc too."""
    parsing = latexwalker.get_default_latex_context_db()
    parsing.add_context_category(
        "sphinx-encyclopedia",
        prepend=True,
        macros=[
            *(macrospec.MacroSpec(name, args_parser=_DimensionParser()) for name in _KERNS),
            macrospec.MacroSpec("hspace", args_parser=macrospec.MacroStandardArgsParser("*{")),
            macrospec.MacroSpec("url", args_parser=_RawArgumentParser()),
            macrospec.MacroSpec("path", args_parser=macrospec.VerbatimArgsParser("verb-macro")),
            macrospec.MacroSpec("href", args_parser=macrospec.MacroStandardArgsParser("{{")),
            *(macrospec.MacroSpec(name, "{") for name in _ARGUMENT_IS_TEXT),
        ],
    )
    text = get_default_latex_context_db()
    text.add_context_category(
        "sphinx-encyclopedia",
        prepend=True,
        macros=[
            *(MacroTextSpec(name, simplify_repl=_logo) for name in LOGOS),
            MacroTextSpec("/", discard=True),
            *(MacroTextSpec(name, discard=True) for name in _SWITCHES),
            *(MacroTextSpec(name, simplify_repl=mark) for name, mark in _SYMBOLS.items()),
            *(
                MacroTextSpec(name, simplify_repl=space or None, discard=not space)
                for name, space in _KERNS.items()
            ),
            MacroTextSpec("hspace", simplify_repl=" "),
            *(MacroTextSpec(name, discard=False) for name in ("url", "path", "verb")),
            MacroTextSpec("href", simplify_repl=_href),
            *(MacroTextSpec(name, discard=False) for name in _ARGUMENT_IS_TEXT),
            *(MacroTextSpec(name, simplify_repl=_operator) for name in _OPERATORS),
        ],
        # A bib file's & is an ampersand, escaped or not, never a table's column.
        specials=[SpecialsTextSpec("&", "&")],
    )
    text.set_unknown_macro_spec(MacroTextSpec("", simplify_repl=_unknown))
    return LatexNodes2Text(latex_context=text, math_mode="text"), parsing


def _unknown_macros(nodes: Any, known: macrospec.LatexContextDb, found: set[str]) -> None:
    for node in nodes or ():
        if node is None:
            continue
        if (
            node.isNodeType(latexwalker.LatexMacroNode)
            and known.get_macro_spec(node.macroname) is known.unknown_macro_spec
        ):
            found.add(node.macroname)
        if getattr(node, "nodelist", None):
            _unknown_macros(node.nodelist, known, found)
        arguments = getattr(node, "nodeargd", None)
        if arguments is not None and arguments.argnlist:
            _unknown_macros(arguments.argnlist, known, found)


_COMMAND_NAMES = re.compile(r"(?<=\\)[A-Za-z]+")
_UNESCAPED_PERCENT = re.compile(r"(?<!\\)((?:\\\\)*)%")


def latex_to_text(value: str) -> tuple[str, frozenset[str]]:
    """``value`` as text, and the names of the commands the converter did not know (their
    arguments are kept as text)."""
    to_text, parsing = converter()
    # A bib value's % is a percent sign (URLs are full of them), not a comment to the end.
    value = _UNESCAPED_PERCENT.sub(r"\1\\%", value)
    walker = latexwalker.LatexWalker(value, latex_context=parsing, tolerant_parsing=True)
    nodes = walker.get_latex_nodes()[0]
    unknown: set[str] = set()
    _unknown_macros(nodes, to_text.latex_context, unknown)
    text = to_text.nodelist_to_text(nodes)
    if unknown and not text.strip():
        # "{\\TUG}": a value of nothing but commands the converter does not know would print
        # as nothing (and its entry be said to lack the field); their names say more.
        text = " ".join(_COMMAND_NAMES.findall(value))
    return text, frozenset(unknown)
