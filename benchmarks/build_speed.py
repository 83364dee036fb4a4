"""Build speed and memory of sphinx-encyclopedia beside plain Sphinx and footcite.

Generates one synthetic encyclopedia from a fixed seed and builds the same text eight ways in
one run, interleaved, each build in a fresh interpreter so that peak memory is its own:

- plain Sphinx, with the citation markup stripped (the baseline of the targets);
- plain Sphinx, with each citation a role of one empty inline node (the least any citation
  role can cost), and with each a docutils ``:sup:`[n]``` role (a visible marker): what one
  inline role per citation costs Sphinx itself, with no list, link or lookup behind it;
- plain Sphinx, with the same references written out by hand as docutils' numbered footnotes
  (the output the extension's lists replace, without the extension);
- plain Sphinx, with the same text a reader sees written by hand in plain rST: superscript
  markers, and numbered lists of the notes and of the references as text;
- plain Sphinx, with each citation and note an empty role and the extension's own notes and
  references lists pasted in as raw HTML, made from the extension's pages: the least Sphinx
  can do to put out those lists, with nothing parsed, numbered or formatted;
- sphinxcontrib-bibtex's ``:footcite:`` and ``footbibliography``;
- this extension's ``:citation:`` and ``references``;

then the extension and plain Sphinx with ``-j 2`` against ``-j 1``, and incremental rebuilds
after touching one article (plain Sphinx's too), after touching the bib file and after editing
the entry the most articles cite. Prints wall time, CPU time (user and system, all processes),
peak RSS and the ratios, and the extension's CSS and JavaScript per page, gzipped.

    python benchmarks/build_speed.py                    # 200 articles x 25 citations, 500 entries
    python benchmarks/build_speed.py -n 1000 -m 50 -k 10000 --skip-footcite
    python benchmarks/build_speed.py -n 20 -m 5 -k 50   # a smoke run
    python benchmarks/build_speed.py --repeat 3         # fastest of three, interleaved
    python benchmarks/build_speed.py --theme furo --serial-only --repeat 3

Every variant uses the ``basic`` theme unless ``--theme`` names another. ``basic`` does the
least work of its own per page, so citations are the largest share of a page's build there;
themes that put the whole site's navigation on every page (furo, alabaster) take several
times as long per page, in plain Sphinx as with the extension.
"""

from __future__ import annotations

import argparse
import compileall
import gzip
import importlib.util
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

WORDS = [
    "model", "training", "objective", "reward", "policy", "agent", "alignment", "inner",
    "outer", "proxy", "goal", "deployment", "oversight", "gradient", "circuit", "feature",
    "neuron", "evaluation", "behaviour", "incentive", "specification",
]  # fmt: skip

CONF = """\
extensions = {extensions!r}
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
html_theme = {theme!r}
"""


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 16))
    return " ".join(words).capitalize() + "."


def bib_entry(index: int, rng: random.Random) -> str:
    authors = " and ".join(
        f"{rng.choice(WORDS).title()}{index}, {rng.choice(WORDS).title()}"
        for _ in range(rng.randint(1, 4))
    )
    title = " ".join(rng.choices(WORDS, k=6)).capitalize()
    year = 1990 + index % 35
    if index % 3 == 0:
        return (
            f"@article{{src{index}, author = {{{authors}}}, title = {{{title}}},\n"
            f"  journal = {{Journal of {rng.choice(WORDS).title()}}}, year = {{{year}}},\n"
            f"  volume = {{{index % 90 + 1}}}, pages = {{{index}--{index + 9}}},\n"
            f"  doi = {{10.1000/bench.{index}}}}}\n"
        )
    if index % 3 == 1:
        return (
            f"@misc{{src{index}, author = {{{authors}}}, title = {{{title}}}, year = {{{year}}},\n"
            f"  eprint = {{{year % 100:02d}01.{index:05d}}}, archiveprefix = {{arXiv}},\n"
            f"  primaryclass = {{cs.LG}}}}\n"
        )
    return (
        f"@book{{src{index}, author = {{{authors}}}, title = {{{title}}}, year = {{{year}}},\n"
        f"  publisher = {{{rng.choice(WORDS).title()} Press}}, address = {{London}}}}\n"
    )


def article(index: int, articles: int, citations: int, entries: int, rng: random.Random) -> str:
    """An article in the extension's markup; other variants are derived from it by rewriting.

    One citation in five has a page locator, and one paragraph in ten ends with an explanatory
    note, every other note citing a source of its own."""
    title = f"Article {index}"
    lines = [title, "=" * len(title), "", ".. lead::", "   :short-description: Synthetic", ""]
    lines += ["   " + sentence(rng) + f" :citation:`src{rng.randrange(entries)}`", ""]
    keys = [f"src{rng.randrange(entries)}" for _ in range(citations - 1)]
    for position, key in enumerate(keys):
        if position % 5 == 0:
            heading = f"Section {position // 5 + 1}"
            lines += [heading, "-" * len(heading), ""]
        text = sentence(rng) + " " + sentence(rng)
        if position % 10 == 9:
            inner = f" [@src{rng.randrange(entries)}]" if position % 20 == 9 else ""
            text += f"\\ :note:`{sentence(rng)[:-1]}{inner}.`"
        locator = f"{{p. {rng.randint(1, 400)}}}" if rng.random() < 0.2 else ""
        lines += [f"{text} :citation:`{key}{locator}`", ""]
    see_also = sorted({rng.randrange(articles) for _ in range(3)} - {index})
    lines += [".. see-also::", ""] + [f"   - :doc:`article{other}`" for other in see_also]
    lines += ["", ".. notes::", ""] if len(keys) >= 10 else [""]
    lines += [".. references::", ""]
    return "\n".join(lines)


NOTE = re.compile(r"\\ :note:`([^`]*)`")
INNER_CITATION = re.compile(r" \[@([^\]]*)\]")


def _notes_as_footnotes(text: str, inner_citation: Callable[[str], str]) -> str:
    """Notes as docutils' auto-numbered footnotes, listed under a "Notes" heading; a citation
    inside a note becomes what ``inner_citation`` makes of its key."""
    notes: list[str] = []

    def footnote_reference(match: re.Match[str]) -> str:
        notes.append(INNER_CITATION.sub(lambda m: inner_citation(m.group(1)), match.group(1)))
        return "\\ [#]_"

    text = NOTE.sub(footnote_reference, text)
    listed = "".join(f".. [#] {note}\n" for note in notes)
    return text.replace(".. notes::\n", f"Notes\n-----\n\n{listed}")


def as_footcite(text: str) -> str:
    text = re.sub(r"\.\. lead::\n   :short-description: .*\n\n", "", text)
    text = re.sub(r"\{[^{}`]*\}`", "`", text)  # footcite takes no locators
    text = text.replace(":citation:", ":footcite:")
    text = _notes_as_footnotes(text, lambda key: f" :footcite:`{key}`")
    text = re.sub(r"\.\. see-also::\n\n((?:   - .*\n)+)", _see_also_section, text)
    return text.replace(".. references::", "References\n----------\n\n.. footbibliography::")


def as_plain(text: str) -> str:
    return _without_the_extension(text, lambda key: "")


def as_roles(text: str, role: str) -> str:
    """Plain Sphinx with each citation a ``:role:`[n]``` role, numbered in order of first
    citation per article, with no list, link or lookup behind it: what one inline role per
    citation costs in Sphinx itself."""
    numbers: dict[str, int] = {}

    def marker(key: str) -> str:
        number = numbers.setdefault(key.split("{")[0], len(numbers) + 1)
        return f"\\ :{role}:`[{number}]`"

    return _without_the_extension(text, marker)


def _without_the_extension(text: str, citation: Callable[[str], str]) -> str:
    """The article without the extension's directives; each citation (a key, with any
    locator) becomes what ``citation`` makes of it, notes docutils' footnotes."""
    text = re.sub(r"\.\. lead::\n   :short-description: .*\n\n", "", text)
    text = re.sub(r" :citation:`([^`]*)`", lambda match: citation(match[1]), text)
    text = _notes_as_footnotes(text, citation)
    text = re.sub(r"\.\. see-also::\n\n((?:   - .*\n)+)", _see_also_section, text)
    return text.replace(".. references::\n", "")


def _see_also_section(match: re.Match[str]) -> str:
    items = "".join(line[3:] + "\n" for line in match.group(1).splitlines(keepends=True))
    return f"See also\n--------\n\n{items}"


def _unindent_lead(text: str) -> str:
    return re.sub(r"^   (?=\S)", "", text, flags=re.MULTILINE, count=1)


def as_footnotes(text: str, references: dict[str, str]) -> str:
    """The same references as docutils' own numbered footnotes, written out by hand: what a
    site without a citation extension would build to give its readers the same lists."""
    cited: list[str] = []

    def footnote_reference(key: str) -> str:
        key = key.split("{")[0]  # a locator has nowhere to go in a docutils footnote
        if key not in cited:
            cited.append(key)
        return f"\\ [#{key}]_"

    text = re.sub(r"\.\. lead::\n   :short-description: .*\n\n", "", text)
    text = re.sub(r" :citation:`([^`]*)`", lambda match: footnote_reference(match[1]), text)
    text = _notes_as_footnotes(text, footnote_reference)
    text = re.sub(r"\.\. see-also::\n\n((?:   - .*\n)+)", _see_also_section, text)
    notes = "".join(f".. [#{key}] {references[key]}\n" for key in cited)
    return text.replace(".. references::\n", f"References\n----------\n\n{notes}")


def as_written(text: str, references: dict[str, str]) -> str:
    """The same text a reader of the extension's page sees, written by hand in plain rST:
    each citation a ``:sup:`[n]``` marker (with its locator), each note a ``:sup:`[a]```
    marker, and "Notes" and "References" sections of numbered lists holding the notes and
    the references as text. What plain Sphinx costs to show the same words, without the
    links, back-links, lookups, formatting and checks the extension adds."""
    numbers: dict[str, int] = {}
    notes: list[str] = []

    def marker(key: str) -> str:
        number = numbers.setdefault(key.split("{")[0], len(numbers) + 1)
        locator = re.search(r"\{(.*)\}", key)
        return f"\\ :sup:`[{number}]{': ' + locator[1] if locator else ''}`"

    def note_marker(match: re.Match[str]) -> str:
        notes.append(INNER_CITATION.sub(lambda m: marker(m.group(1)), match.group(1)))
        return f"\\ :sup:`[{chr(ord('a') + len(notes) - 1)}]`"

    text = re.sub(r"\.\. lead::\n   :short-description: .*\n\n", "", text)
    text = re.sub(r" :citation:`([^`]*)`", lambda match: marker(match[1]), text)
    text = NOTE.sub(note_marker, text)
    text = re.sub(r"\.\. see-also::\n\n((?:   - .*\n)+)", _see_also_section, text)
    listed = "".join(f"#. {note}\n" for note in notes)
    text = text.replace(".. notes::\n", f"Notes\n-----\n\n{listed}")
    # Out of the search index, as the extension's references lists are by default.
    cited = ".. rst-class:: no-search\n\n" + "".join(f"#. {references[key]}\n" for key in numbers)
    return text.replace(".. references::\n", f"References\n----------\n\n{cited}")


def reference_texts(bib: str) -> dict[str, str]:
    """Each generated entry as a one-line reference, for the hand-written footnotes."""
    texts = {}
    for entry in re.split(r"\n(?=@)", bib.strip()):
        fields = dict(re.findall(r"(\w+) = \{([^{}]*)\}", entry))
        key = entry[entry.index("{") + 1 : entry.index(",")]
        source = fields.get("journal") or fields.get("publisher") or "arXiv"
        texts[key] = f"{fields['author']} ({fields['year']}). *{fields['title']}*. {source}."
    return texts


VARIANTS = {
    "plain": (["sphinxcontrib.bibtex"], lambda text, references: as_plain(text)),
    "footnotes": (["sphinxcontrib.bibtex"], as_footnotes),
    "written": (["sphinxcontrib.bibtex"], as_written),
    "superscripts": (["sphinxcontrib.bibtex"], lambda text, references: as_roles(text, "sup")),
    "bare": (
        ["sphinxcontrib.bibtex", "bare_role"],
        lambda text, references: as_roles(text, "bare"),
    ),
    "footcite": (["sphinxcontrib.bibtex"], lambda text, references: as_footcite(text)),
    "encyclopedia": (["sphinx_encyclopedia"], lambda text, references: text),
}


# The least a citation role can cost: one empty inline node, nothing rendered.
LOCAL_EXTENSIONS = {
    "bare_role": """\
from docutils import nodes


def bare(name, rawtext, text, lineno, inliner, options=None, content=None):
    return [nodes.inline()], []


def setup(app):
    app.add_role("bare", bare)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
""",
}
LOCAL_PATH = "import os, sys\nsys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))\n"


def generate(
    root: Path, articles: int, citations: int, entries: int, seed: int, theme: str = "basic"
) -> None:
    rng = random.Random(seed)
    bib = "".join(bib_entry(index, rng) for index in range(entries))
    texts = [article(i, articles, citations, entries, rng) for i in range(articles)]
    references = reference_texts(bib)
    for name, (extensions, rewrite) in VARIANTS.items():
        project = root / name
        project.mkdir(parents=True)
        local = [module for module in extensions if module in LOCAL_EXTENSIONS]
        for module in local:
            (project / f"{module}.py").write_text(LOCAL_EXTENSIONS[module])
        conf = CONF.format(extensions=extensions, theme=theme)
        (project / "conf.py").write_text(LOCAL_PATH + conf if local else conf)
        (project / "refs.bib").write_text(bib)
        toctree = "\n".join(f"   article{i}" for i in range(articles))
        (project / "index.rst").write_text(f"Index\n=====\n\n.. toctree::\n\n{toctree}\n")
        for index, text in enumerate(texts):
            rewritten = rewrite(text, references)
            if name != "encyclopedia":
                rewritten = _unindent_lead(rewritten)
            (project / f"article{index}.rst").write_text(rewritten)


def paste_lists(root: Path, built: Path | None = None) -> None:
    """The "pasted" variant, made from the extension's built pages: the bare-role variant
    with each note an empty role too and the extension's notes and references lists pasted
    in as raw HTML under their headings, out of the search index as the extension's lists
    are. The least Sphinx itself can do to put out the extension's markers and lists: no
    reference parsed, numbered, formatted or looked up, and nothing else of the extension's
    page (lead, contents box, "Cite this page", JSON-LD, See also annotations). ``built`` is
    where the extension's pages are, if not where :func:`build` puts them."""
    built = built or root / "encyclopedia" / "_build" / "html"
    project = root / "pasted"
    shutil.copytree(root / "bare", project, ignore=shutil.ignore_patterns("_build"))
    for source in project.glob("article*.rst"):
        page = (built / f"{source.stem}.html").read_text()
        notes = re.search(r'<ol class="[^"]*enc-notes.*?</ol>', page, re.DOTALL)
        references = re.search(r'<ol class="[^"]*enc-references.*?</ol>', page, re.DOTALL)
        text = source.read_text().replace("\\ [#]_", "\\ :bare:`[a]`")
        footnotes = re.search(r"Notes\n-----\n\n((?:\.\. \[#\] .*\n)+)", text)
        if notes and footnotes:
            text = text[: footnotes.start(1)] + _raw_html(notes[0]) + text[footnotes.end(1) :]
        if references:
            text = text.rstrip("\n") + "\n\nReferences\n----------\n\n" + _raw_html(references[0])
        source.write_text(text)


def _raw_html(html: str) -> str:
    lines = "".join(f"   {line}\n" for line in html.splitlines())
    return f".. raw:: html\n   :class: no-search\n\n{lines}\n"


MEASURE = """\
import resource, sys, time
from sphinx.cmd.build import main
start = time.perf_counter()
status = main(sys.argv[1:])
elapsed = time.perf_counter() - start
me = resource.getrusage(resource.RUSAGE_SELF)
children = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime
print("RESULT", status, elapsed, max(me.ru_maxrss, children.ru_maxrss), cpu)
"""


@dataclass
class Result:
    seconds: float
    peak_mb: float
    cpu_seconds: float  # user + system, all processes: steadier than wall time on a shared machine


def build(project: Path, jobs: int = 1, fresh: bool = True) -> Result:
    out = project / "_build"
    if fresh and out.exists():
        shutil.rmtree(out)
    command = [sys.executable, "-c", MEASURE, "-q", "-b", "html", "-j", str(jobs)]
    command += ["-d", str(out / "doctrees"), str(project), str(out / "html")]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    line = next((x for x in completed.stdout.splitlines() if x.startswith("RESULT")), "")
    if not line or line.split()[1] != "0":
        sys.exit(f"build of {project.name} failed:\n{completed.stdout}\n{completed.stderr}")
    _, _, seconds, peak_kb, cpu = line.split()
    return Result(float(seconds), int(peak_kb) / 1024, float(cpu))


def fastest(results: list[Result]) -> Result:
    """The fastest run and the smallest peak: on a shared machine, noise only adds."""
    return Result(
        min(r.seconds for r in results),
        min(r.peak_mb for r in results),
        min(r.cpu_seconds for r in results),
    )


def rebuild_after_touching(project: Path, name: str) -> Result:
    touch(project / name)
    return build(project, fresh=False)


def touch_one_article(project: Path, single: Path, repeat: int) -> tuple[Result, Result]:
    """A rebuild after touching one article, and a build of a site of that article alone."""
    build(project)  # a complete environment to rebuild from
    single.mkdir()
    shutil.copy(project / "conf.py", single)
    shutil.copy(project / "refs.bib", single)
    shutil.copy(project / "article0.rst", single / "index.rst")
    alone = fastest([build(single) for _ in range(repeat)])
    touched = fastest([rebuild_after_touching(project, "article0.rst") for _ in range(repeat)])
    return touched, alone


def touch(path: Path) -> None:
    path.write_text(path.read_text() + "\n")
    os.utime(path, (time.time() + 2, time.time() + 2))


def most_cited_key(project: Path) -> tuple[str, int]:
    """The bib key cited by the most articles, and how many cite it."""
    citing: dict[str, int] = {}
    for source in project.glob("article*.rst"):
        text = source.read_text()
        found = re.findall(r":citation:`([^`{]*)", text) + INNER_CITATION.findall(text)
        for key in set(found):
            citing[key] = citing.get(key, 0) + 1
    key = max(sorted(citing), key=lambda name: citing[name])
    return key, citing[key]


def edit_entry(bib: Path, key: str) -> None:
    """Change one entry's title, as an author correcting a reference does."""
    text = bib.read_text()
    title = text.index("title = {", text.index("{" + key + ",")) + len("title = {")
    bib.write_text(text[:title] + "Revised " + text[title:])
    os.utime(bib, (time.time() + 2, time.time() + 2))


def rebuild_after_editing(project: Path, key: str) -> Result:
    edit_entry(project / "refs.bib", key)
    return build(project, fresh=False)


def compile_extension() -> None:
    """Byte-compile the extension where it is imported from, as installing it does: run from a
    checkout with PYTHONDONTWRITEBYTECODE set, every build would compile it from source again,
    a cost plain Sphinx, whose modules are installed compiled, does not pay."""
    spec = importlib.util.find_spec("sphinx_encyclopedia")
    for location in (spec.submodule_search_locations or []) if spec else []:
        compileall.compile_dir(location, quiet=1)


def page_weight() -> int:
    """Bytes, gzipped, of the extension's CSS and JavaScript that every HTML page loads."""
    static = Path(__file__).resolve().parents[1] / "sphinx_encyclopedia" / "static"
    return sum(
        len(gzip.compress(path.read_bytes(), 9))
        for path in sorted(static.glob("*"))
        if path.suffix in (".css", ".js")
    )


def row(label: str, result: Result, base: Result | None) -> str:
    ratio = f"{result.seconds / base.seconds:6.2f}x" if base else "      -"
    cpu = f"{result.cpu_seconds / base.cpu_seconds:6.2f}x" if base else "      -"
    memory = f"{result.peak_mb / base.peak_mb:5.2f}x" if base else "    -"
    return (
        f"{label:<48} {result.seconds:8.1f} s {ratio}  {result.cpu_seconds:8.1f} s {cpu}"
        f"  {result.peak_mb:7.0f} MB {memory}"
    )


def per_round(numerators: list[Result], denominators: list[Result]) -> list[float]:
    """CPU ratios of builds run side by side, round by round: on a shared machine a slow
    spell hits both builds of a pair, so these say more than the fastest of each."""
    return [a.cpu_seconds / b.cpu_seconds for a, b in zip(numerators, denominators, strict=True)]


def spread(ratios: list[float]) -> str:
    low, high = min(ratios), max(ratios)
    return f"median {statistics.median(ratios):.2f}x, {low:.2f}x to {high:.2f}x over {len(ratios)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--articles", type=int, default=200)
    parser.add_argument("-m", "--citations", type=int, default=25, help="per article")
    parser.add_argument("-k", "--entries", type=int, default=500, help="bib entries")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--repeat", type=int, default=1,
        help="build each variant this many times, interleaved, and keep the fastest",
    )  # fmt: skip
    parser.add_argument(
        "--skip-footcite", action="store_true", help="leave out footcite, slow at large sizes"
    )
    parser.add_argument(
        "--theme", default="basic",
        help="HTML theme of every variant (default basic: the least work of its own per page, "
        "so the largest share for citations)",
    )  # fmt: skip
    parser.add_argument(
        "--serial-only", action="store_true",
        help="build only plain Sphinx and the extension, serially: for themes whose pages "
        "take long to render",
    )  # fmt: skip
    args = parser.parse_args()

    compile_extension()
    with tempfile.TemporaryDirectory(prefix="enc-bench-") as tmp:
        root = Path(tmp)
        generate(root, args.articles, args.citations, args.entries, args.seed, args.theme)
        print(
            f"{args.articles} articles x {args.citations} citations, {args.entries} bib entries,"
            f" theme {args.theme}; Python {platform.python_version()}, {os.cpu_count()} CPUs,"
            f" {platform.machine()}"
        )
        print(
            f"{'build':<48} {'wall':>10} {'ratio':>7}  {'CPU':>10} {'ratio':>7}"
            f"  {'peak RSS':>10} {'ratio':>5}"
        )
        report = measure_serial(root, args) if args.serial_only else measure_everything(root, args)
        if args.json:
            report["theme"] = args.theme
            args.json.write_text(json.dumps(report, indent=2))


def measure_serial(root: Path, args: argparse.Namespace) -> dict[str, object]:
    """Plain Sphinx and the extension, side by side, round by round."""
    runs: dict[str, list[Result]] = {"plain": [], "encyclopedia": [], "pasted": [], "written": []}
    for _ in range(args.repeat):
        for name, results in runs.items():
            if name == "pasted" and not (root / name).exists():
                paste_lists(root)
            results.append(build(root / name))
    plain, serial = fastest(runs["plain"]), fastest(runs["encyclopedia"])
    written, pasted = fastest(runs["written"]), fastest(runs["pasted"])
    print(row("plain Sphinx (markup stripped)", plain, None))
    print(row("plain Sphinx, the same text written by hand", written, plain))
    print(row("plain Sphinx, the extension's lists pasted in", pasted, plain))
    print(row("sphinx-encyclopedia", serial, plain))
    serial_ratios = per_round(runs["encyclopedia"], runs["plain"])
    print(f"  its CPU ratio round by round, side by side: {spread(serial_ratios)}")
    print(row("sphinx-encyclopedia (ratio to the same text)", serial, written))
    print(row("sphinx-encyclopedia (ratio to the pasted lists)", serial, pasted))
    written_ratios = per_round(runs["encyclopedia"], runs["written"])
    print(f"  its CPU ratio to the same text, round by round: {spread(written_ratios)}")
    return {
        "plain": vars(plain),
        "written": vars(written),
        "pasted": vars(pasted),
        "encyclopedia": vars(serial),
        "encyclopedia_cpu_ratios": serial_ratios,
        "encyclopedia_cpu_ratios_to_written": written_ratios,
        "pasted_cpu_ratios": per_round(runs["pasted"], runs["plain"]),
    }


def measure_everything(root: Path, args: argparse.Namespace) -> dict[str, object]:
    # Each build beside the one it is compared with, so that a pair shares its spell.
    variants = [
        ("plain", 1), ("encyclopedia", 1), ("pasted", 1), ("written", 1), ("superscripts", 1),
        ("bare", 1), ("plain", 2), ("encyclopedia", 2), ("footnotes", 1),
    ]  # fmt: skip
    if not args.skip_footcite:
        variants.append(("footcite", 1))
    runs: dict[tuple[str, int], list[Result]] = {variant: [] for variant in variants}
    for _ in range(args.repeat):  # interleaved, so that a slow spell hits every variant
        for name, jobs in variants:
            if name == "pasted" and not (root / name).exists():
                paste_lists(root)  # from the extension's pages, built just before
            runs[name, jobs].append(build(root / name, jobs=jobs))
    best = {variant: fastest(results) for variant, results in runs.items()}
    plain, serial, parallel = best["plain", 1], best["encyclopedia", 1], best["encyclopedia", 2]
    footcite = best.get(("footcite", 1))
    footnotes, superscripts = best["footnotes", 1], best["superscripts", 1]
    written, pasted = best["written", 1], best["pasted", 1]
    bare = best["bare", 1]
    print(row("plain Sphinx (markup stripped)", plain, None))
    print(row("plain Sphinx, each citation a bare role", bare, plain))
    print(row("plain Sphinx, each citation a :sup: role", superscripts, plain))
    print(row("plain Sphinx, references as footnotes", footnotes, plain))
    print(row("plain Sphinx, the same text written by hand", written, plain))
    print(row("plain Sphinx, the extension's lists pasted in", pasted, plain))
    if footcite is not None:
        print(row("sphinxcontrib-bibtex footcite", footcite, plain))
    print(row("sphinx-encyclopedia", serial, plain))
    serial_ratios = per_round(runs["encyclopedia", 1], runs["plain", 1])
    print(f"  its CPU ratio round by round, side by side: {spread(serial_ratios)}")
    print(row("sphinx-encyclopedia (ratio to bare roles)", serial, bare))
    print(row("sphinx-encyclopedia (ratio to :sup: roles)", serial, superscripts))
    bare_ratios = per_round(runs["bare", 1], runs["plain", 1])
    print(f"  the bare roles' CPU ratio to plain, round by round: {spread(bare_ratios)}")
    floor_ratios = per_round(runs["superscripts", 1], runs["plain", 1])
    print(f"  the :sup: roles' CPU ratio to plain, round by round: {spread(floor_ratios)}")
    print(row("sphinx-encyclopedia (ratio to footnotes)", serial, footnotes))
    print(row("sphinx-encyclopedia (ratio to the same text)", serial, written))
    print(row("sphinx-encyclopedia (ratio to the pasted lists)", serial, pasted))
    written_ratios = per_round(runs["encyclopedia", 1], runs["written", 1])
    print(f"  its CPU ratio to the same text, round by round: {spread(written_ratios)}")
    pasted_ratios = per_round(runs["pasted", 1], runs["plain", 1])
    print(f"  the pasted lists' CPU ratio to plain, round by round: {spread(pasted_ratios)}")
    print(row("sphinx-encyclopedia -j 2 (ratio to -j 1)", parallel, serial))
    print(row("  plain Sphinx, the same (ratio to its -j 1)", best["plain", 2], plain))

    project = root / "encyclopedia"
    one_article, alone = touch_one_article(project, root / "single", args.repeat)
    print(row("touch one article, rebuild (ratio to it alone)", one_article, alone))
    plain_one, plain_alone = touch_one_article(root / "plain", root / "single-plain", args.repeat)
    print(row("  plain Sphinx, the same (ratio to it alone)", plain_one, plain_alone))
    bib_change = fastest([rebuild_after_touching(project, "refs.bib")
                          for _ in range(args.repeat)])  # fmt: skip
    print(row("touch the bib file, rebuild (ratio to full)", bib_change, serial))
    key, citing = most_cited_key(project)
    bib_edit = fastest([rebuild_after_editing(project, key) for _ in range(args.repeat)])
    print(row(f"edit an entry {citing} articles cite (ratio to full)", bib_edit, serial))
    weight = page_weight()
    print(f"extension CSS+JS per page, gzip: {weight} bytes")
    preview_root = project / "_build" / "html" / "_previews"
    manifest = preview_root / "index.json"
    if manifest.exists():
        pages = json.loads(manifest.read_text())["pages"]
        files = sorted(set(pages.values()))
        zipped = [len(gzip.compress((preview_root / name).read_bytes(), 9)) for name in files]
        print(
            f"page preview data: {sum(zipped) / len(pages):.0f} bytes gzip per article,"
            f" in {len(files)} files of {sum(zipped) / len(files):.0f} bytes gzip on average,"
            f" one fetched on the first hover of an article in it; index of {len(pages)}"
            f" articles: {len(gzip.compress(manifest.read_bytes(), 9))} bytes gzip,"
            " fetched once"
        )

    results = {
        "plain": plain, "plain_j2": best["plain", 2], "footnotes": footnotes,
        "superscripts": superscripts, "bare": bare, "written": written, "pasted": pasted,
        "footcite": footcite,
        "encyclopedia": serial,
        "encyclopedia_j2": parallel, "one_article": one_article,
        "article_alone": alone, "bib_change": bib_change, "bib_edit": bib_edit,
        "plain_one_article": plain_one, "plain_article_alone": plain_alone,
    }  # fmt: skip
    report: dict[str, object] = {name: vars(value) for name, value in results.items() if value}
    report["encyclopedia_cpu_ratios"] = serial_ratios
    report["superscripts_cpu_ratios"] = floor_ratios
    report["bare_cpu_ratios"] = bare_ratios
    report["encyclopedia_cpu_ratios_to_written"] = written_ratios
    report["pasted_cpu_ratios"] = pasted_ratios
    return report


if __name__ == "__main__":
    main()
