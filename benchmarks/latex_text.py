"""LaTeX in bib field values to text: what is lost, what is left, and what it costs.

Runs ``clean_latex`` of the installed extension, and optionally an older copy of
``sphinx_encyclopedia/cs1/text.py`` (``--old PATH``), over the titles of the TeX Live bib
files ``kpsewhich`` finds, and prints for each: entries, titles, title words lost, titles left
with raw LaTeX, titles cleaned to nothing, and tracebacks. Then the cost of one call: on every
field of ``xampl.bib`` and on generated titles, each value decoded afresh (the cache emptied
first) and again from the cache.

    python benchmarks/latex_text.py
    python benchmarks/latex_text.py --old /tmp/old_text.py

A title word is a run of letters of the source title once its math, the names of its control
sequences and its braces are taken out; it is lost when it is not found, accents and case
aside, in the cleaned title after the words before it. Words written only as a command (``\\TeX``,
``\\ss``) are not counted, so that a command dropped is counted as a LaTeX leftover or not at
all; titles the converter reported unknown commands in are counted apart.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import re
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pybtex.errors
from pybtex.database import parse_file

BIB_FILES = ("tugboat", "typeset", "printing-history", "xampl", "archaeologie-bibancient")
_MATH = re.compile(r"(?<!\\)\$\$?.*?(?<!\\)\$\$?|\\\(.*?\\\)|\\\[.*?\\\]", re.DOTALL)
# A kern's or skip's dimension is no word: "\\kern-.15em" has no "em".
_SPACING = re.compile(
    r"\\(?:kern|mkern|hskip|mskip|lower|raise)\s*[-+]?\s*(?:\d+\.?\d*|\.\d+)\s*[a-z]{2}"
)
_COMMAND = re.compile(r"\\(?:[A-Za-z@]+|.)")
_WORD = re.compile(r"[^\W\d_]+")


def bib_paths() -> list[Path]:
    found = []
    for name in BIB_FILES:
        try:
            result = subprocess.run(["kpsewhich", f"{name}.bib"], capture_output=True,
                                    text=True, check=False)  # fmt: skip
        except OSError:  # no TeX installation
            return []
        if result.stdout.strip():
            found.append(Path(result.stdout.strip()))
    return found


def load_entries(path: Path) -> dict[str, Any]:
    with pybtex.errors.capture():  # the files have a few syntax errors; the rest parses
        return dict(parse_file(str(path)).entries)


def source_words(title: str) -> list[str]:
    from sphinx_encyclopedia.cs1.latex import LOGOS

    # The logos are words as a reader sees them ("The \\TeX book"); other commands are not.
    title = re.sub(
        r"\\([A-Za-z]+)", lambda m: f" {LOGOS.get(m[1], m[0])} ", _SPACING.sub(" ", title)
    )
    plain = _COMMAND.sub(" ", _MATH.sub(" ", title)).replace("{", " ").replace("}", " ")
    return _WORD.findall(plain)


def folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def lost_words(title: str, cleaned: str) -> list[str]:
    """The source's words not found, in order, in the cleaned title."""
    haystack, position, lost = folded(cleaned), 0, []
    for word in source_words(title):
        found = haystack.find(folded(word), position)
        if found < 0:
            lost.append(word)
        else:
            position = found + len(folded(word))
    return lost


def raw_latex_left(title: str, cleaned: str) -> bool:
    """A backslash, or a brace or dollar sign the source did not escape, in the cleaned title."""
    if "\\" in cleaned:
        return True
    braces = title.count("\\{") + title.count("\\}")
    return cleaned.count("{") + cleaned.count("}") > braces or cleaned.count("$") > title.count(
        "\\$"
    )


def load_old(path: str) -> ModuleType:
    """An older text.py, imported inside the package so its relative imports resolve."""
    name = "sphinx_encyclopedia.cs1._old_text"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def quality(clean: Callable[[str], str], entries: dict[Path, dict[str, Any]]) -> dict[str, int]:
    from sphinx_encyclopedia.cs1.text import unknown_latex_commands

    counts = dict.fromkeys(("entries", "titles", "words", "lost", "raw", "empty", "errors",
                            "unknown"), 0)  # fmt: skip
    for by_key in entries.values():
        counts["entries"] += len(by_key)
        for entry in by_key.values():
            title = entry.fields.get("title", "")
            if not title:
                continue
            counts["titles"] += 1
            counts["words"] += len(source_words(title))
            try:
                with unknown_latex_commands() as unknown:
                    cleaned = clean(title)
            except Exception:
                counts["errors"] += 1
                continue
            counts["unknown"] += bool(unknown)
            counts["lost"] += len(lost_words(title, cleaned))
            counts["raw"] += raw_latex_left(title, cleaned)
            counts["empty"] += not cleaned
    return counts


def generated_titles(count: int) -> list[str]:
    """Titles as bib files write them: most plain, some with braces, accents, logos, math."""
    rng = random.Random(25)
    words = ["analysis", "of", "the", "typesetting", "fonts", "with", "systems", "for", "a",
             "new", "method", "and", "design"]  # fmt: skip
    extras = [r"{\TeX}", r"\LaTeX", r"Kn{\"u}th", r"Erd\H{o}s", r"1990--2000", r"$O(n \log n)$",
              r"{\em first}", r"\acro{PDF}", r"``quoted''", r"{NASA}"]  # fmt: skip
    titles = []
    for number in range(count):
        title = [rng.choice(words).capitalize(), *rng.choices(words, k=rng.randint(3, 9))]
        if rng.random() < 0.5:
            title.insert(rng.randrange(len(title)), rng.choice(extras))
        titles.append(" ".join(title) + f" {number}")
    return titles


def per_call(clean: Callable[[str], str], clear: Callable[[], None], values: list[str],
             rounds: int = 5) -> tuple[float, float]:  # fmt: skip
    """Microseconds per call: each value decoded afresh, then from the cache (best of rounds)."""
    fresh, cached = [], []
    for _round in range(rounds):
        clear()
        start = time.perf_counter()
        for value in values:
            clean(value)
        fresh.append(time.perf_counter() - start)
        start = time.perf_counter()
        for value in values:
            clean(value)
        cached.append(time.perf_counter() - start)
    return min(fresh) / len(values) * 1e6, min(cached) / len(values) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--old", help="an older sphinx_encyclopedia/cs1/text.py to compare")
    parser.add_argument("--titles", type=int, default=3000, help="generated titles to time")
    options = parser.parse_args()

    from pylatexenc.version import version_str

    from sphinx_encyclopedia.cs1 import text

    versions: list[tuple[str, ModuleType]] = [("now", text)]
    if options.old:
        versions.insert(0, ("old", load_old(options.old)))
    paths = bib_paths()
    print(f"Python {sys.version.split()[0]}, pybtex {pybtex.__version__}, "
          f"pylatexenc {version_str}")  # fmt: skip
    entries = {path: load_entries(path) for path in paths}
    columns = ("entries", "titles", "words", "lost", "raw", "empty", "unknown", "errors")
    print("\nTeX Live titles: " + ", ".join(path.name for path in paths))
    print(f"{'':>6}" + "".join(f"{column:>9}" for column in columns))
    for name, module in versions:
        counts = quality(module.clean_latex, entries)
        print(f"{name:>6}" + "".join(f"{counts[column]:>9}" for column in columns))

    xampl = [p for p in paths if p.name == "xampl.bib"]
    fields = [value for entry in (load_entries(xampl[0]).values() if xampl else ())
              for value in entry.fields.values()]  # fmt: skip
    titles = generated_titles(options.titles)
    print("\nMicroseconds per clean_latex call (decoded afresh / from the cache)")
    for name, module in versions:
        clear = module._decoded.cache_clear
        timings = []
        if fields:
            fresh, cached = per_call(module.clean_latex, clear, fields)
            timings.append(f"xampl.bib's {len(fields)} fields {fresh:.1f} / {cached:.2f}")
        fresh, cached = per_call(module.clean_latex, clear, titles)
        timings.append(f"{len(titles)} generated titles {fresh:.1f} / {cached:.2f}")
        print(f"{name:>6}  " + "; ".join(timings))


if __name__ == "__main__":
    main()
