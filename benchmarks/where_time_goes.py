"""Where the extension's build time goes, beside plain Sphinx and the bare-role floor.

Generates the synthetic encyclopedia of ``build_speed.py`` (same sizes, same seed) and builds
three of its variants side by side, each in a fresh interpreter with light instrumentation:

- plain Sphinx, with the citation markup stripped;
- plain Sphinx, with each citation a role of one empty inline node (the least a citation role
  can cost);
- this extension.

For each it prints the reading, writing and the rest of the build, and the garbage collector's
time, which is kept out of every other figure (a clock that stops while the collector runs),
because where a collection falls is an accident of allocation counts. For the extension it
then lists its own code, each part timed without what it calls of the other parts: every
transform, post-transform, directive, role, event handler and node visitor it registers, the
formatting of bib entries by the citation style, and any unpickling of pages by Sphinx for
the extension's build (none, serially: Sphinx keeps each page read in memory until it is
written). What the extension costs beyond the bare roles
and beyond its own code is docutils and Sphinx handling what it adds: its markup, nodes and
HTML.

    python benchmarks/where_time_goes.py                   # 200 x 25 citations, 500 entries
    python benchmarks/where_time_goes.py -n 1000 -m 50 -k 10000 --repeat 2
    python benchmarks/where_time_goes.py -n 20 -m 5 -k 50  # a smoke run

The instrumentation adds a wrapper call to every instrumented call, some 10,000 per 200
articles; the timings of ``build_speed.py`` are the ones to quote for speed.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import inspect
import json
import pkgutil
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from build_speed import compile_extension, generate

VARIANTS = {"plain": "plain", "bare": "bare roles", "encyclopedia": "extension"}
PACKAGE = "sphinx_encyclopedia"
UNPICKLING = "unpickling pages (Sphinx)"
FORMATTING = "formatting entries (the citation style)"
# Sphinx's and docutils' work in every build, for the difference the extension makes to it.
LANDMARKS = {
    "docutils' nested state machines made": (
        "docutils.parsers.rst.states", "NestedStateMachine", "__init__"
    ),
    "pickling pages": ("sphinx.builders", "Builder", "write_doctree"),
    "indexing pages for search": ("sphinx.builders.html", "StandaloneHTMLBuilder", "index_page"),
    "pages through the theme": ("sphinx.builders.html", "StandaloneHTMLBuilder", "handle_page"),
}  # fmt: skip
PARSING = "parsing the text inside directives and roles (docutils; plain parses it too)"


class Clock:
    """Seconds of this process, collections left out, and exclusive time per label."""

    def __init__(self) -> None:
        self.collecting = 0.0
        self._collection_started = 0.0
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._inner: list[float] = []  # per open call, the time of instrumented calls within
        gc.callbacks.append(self._on_collection)

    def _on_collection(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._collection_started = time.perf_counter()
        else:
            self.collecting += time.perf_counter() - self._collection_started

    def now(self) -> float:
        return time.perf_counter() - self.collecting

    def timed(self, label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def instrumented(*args: Any, **kwargs: Any) -> Any:
            start = self.now()
            self._inner.append(0.0)
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = self.now() - start
                self.seconds[label] += elapsed - self._inner.pop()
                self.calls[label] += 1
                if self._inner:
                    self._inner[-1] += elapsed

        instrumented.__wrapped__ = function  # type: ignore[attr-defined]
        return instrumented

    def timed_within(self, label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """Timed only when called from within a timed call: docutils' own work, when the
        extension's code asks for it."""
        timed = self.timed(label, function)

        def maybe(*args: Any, **kwargs: Any) -> Any:
            return (timed if self._inner else function)(*args, **kwargs)

        return maybe


def _wrap(owner: type, name: str, wrapper: Callable[[Any], Any]) -> None:
    setattr(owner, name, wrapper(vars(owner)[name]))


def _ours(function: Any) -> bool:
    return getattr(function, "__module__", "").startswith(PACKAGE)


def _instrument_package(clock: Clock) -> None:
    """Wrap the extension's transforms, directives, roles and formatting; its event handlers
    and node visitors are wrapped as it registers them."""
    from docutils.transforms import Transform
    from sphinx.application import Sphinx
    from sphinx.transforms.post_transforms import SphinxPostTransform
    from sphinx.util.docutils import SphinxDirective, SphinxRole

    package = importlib.import_module(PACKAGE)
    for info in pkgutil.walk_packages(package.__path__, f"{PACKAGE}."):
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            for kind, method, label in (
                (SphinxPostTransform, "run", "post-transform"),
                (Transform, "apply", "transform"),
                (SphinxDirective, "run", "directive"),
                (SphinxRole, "run", "role"),
            ):
                if issubclass(cls, kind) and method in vars(cls):
                    _wrap(cls, method, partial(clock.timed, f"{label} {name}"))
                    break
    # The text inside the extension's directives and roles (a lead's paragraphs, a See also
    # list, a note) is parsed by docutils, as the plain build parses the same text outside.
    from docutils.parsers.rst.states import Inliner, RSTState

    _wrap(RSTState, "nested_parse", partial(clock.timed_within, PARSING))
    _wrap(Inliner, "parse", partial(clock.timed_within, PARSING))
    formatter = importlib.import_module(f"{PACKAGE}.formatting").ReferenceFormatter
    _wrap(formatter, "_format", partial(clock.timed, FORMATTING))

    connect, add_node = Sphinx.connect, Sphinx.add_node

    def timed_connect(app: Sphinx, event: str, callback: Any, *args: Any, **kwargs: Any) -> int:
        if _ours(callback):
            callback = clock.timed(f"handler {callback.__name__} ({event})", callback)
        return connect(app, event, callback, *args, **kwargs)

    def timed_add_node(app: Sphinx, node: type, override: bool = False, **visitors: Any) -> None:
        for writer, functions in visitors.items():
            visitors[writer] = tuple(
                clock.timed(f"writing {node.__name__}", f) if _ours(f) else f for f in functions
            )
        add_node(app, node, override, **visitors)

    _wrap(Sphinx, "connect", lambda method: timed_connect)
    _wrap(Sphinx, "add_node", lambda method: timed_add_node)


def instrumented_build(sphinx_args: list[str]) -> None:
    """In a fresh interpreter: build, and print what was measured as one JSON line."""
    from sphinx.builders import Builder
    from sphinx.cmd.build import main
    from sphinx.environment import BuildEnvironment

    clock = Clock()
    _instrument_package(clock)
    phases: dict[str, float] = {}

    def phase(name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = clock.now()
            try:
                return method(*args, **kwargs)
            finally:
                phases[name] = phases.get(name, 0.0) + clock.now() - start

        return timed

    _wrap(Builder, "read", partial(phase, "reading"))
    _wrap(Builder, "write", partial(phase, "writing"))
    _wrap(BuildEnvironment, "get_doctree", partial(clock.timed, UNPICKLING))
    for label, (module, owner, method) in LANDMARKS.items():
        _wrap(getattr(importlib.import_module(module), owner), method, partial(clock.timed, label))
    start = clock.now()
    status = main(sphinx_args)
    total = clock.now() - start
    phases["the rest"] = total - sum(phases.values())
    phases["garbage collection"] = clock.collecting
    phases["build"] = total + clock.collecting
    measured = {label: [clock.calls[label], seconds] for label, seconds in clock.seconds.items()}
    result: dict[str, Any] = {"status": status, "phases": phases}
    result["sphinx"] = {label: measured.pop(label, [0, 0.0]) for label in LANDMARKS}
    result["parts"] = measured
    print("RESULT " + json.dumps(result))


def measure(project: Path) -> dict[str, Any]:
    out = project / "_build"
    command = [sys.executable, __file__, "--instrumented-build", "-q", "-b", "html"]
    command += ["-d", str(out / "doctrees"), str(project), str(out / "html")]
    shutil.rmtree(out, ignore_errors=True)
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    line = next((x for x in completed.stdout.splitlines() if x.startswith("RESULT ")), "")
    result: dict[str, Any] = json.loads(line[len("RESULT ") :]) if line else {}
    if result.get("status") != 0:
        sys.exit(f"build of {project.name} failed:\n{completed.stdout}\n{completed.stderr}")
    return result


def medians(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """Per figure, the median of the rounds (a part missing from a round counts as zero)."""
    phases = {name: statistics.median(r["phases"][name] for r in rounds)
              for name in rounds[0]["phases"]}  # fmt: skip
    labels = {label for r in rounds for label in r["parts"]}
    parts = {
        label: [
            max(r["parts"].get(label, [0, 0.0])[0] for r in rounds),
            statistics.median(r["parts"].get(label, [0, 0.0])[1] for r in rounds),
        ]
        for label in labels
    }
    sphinx = {
        label: [
            statistics.median(r["sphinx"][label][0] for r in rounds),
            statistics.median(r["sphinx"][label][1] for r in rounds),
        ]
        for label in LANDMARKS
    }
    return {"phases": phases, "parts": parts, "sphinx": sphinx}


def report(results: dict[str, dict[str, Any]]) -> None:
    names = list(VARIANTS)
    plain_build = results["plain"]["phases"]["build"]
    print(
        f"{'seconds':<28}" + "".join(f"{VARIANTS[n]:>13}" for n in names) + f"{'ext. - bare':>13}"
    )
    for phase in ("reading", "writing", "the rest", "garbage collection", "build"):
        values = [results[n]["phases"][phase] for n in names]
        difference = values[-1] - values[1]
        print(f"{phase:<28}" + "".join(f"{v:13.2f}" for v in values) + f"{difference:+13.2f}")
    ratios = [results[n]["phases"]["build"] / plain_build for n in names]
    print(f"{'ratio to plain':<28}" + "".join(f"{r:12.2f}x" for r in ratios))

    print("\nSphinx and docutils in each build, without collections: calls, seconds")
    for label in LANDMARKS:
        cells = "".join(
            f"{results[n]['sphinx'][label][0]:>7.0f} {results[n]['sphinx'][label][1]:5.2f}"
            for n in names
        )
        print(f"{label:<38}{cells}")

    extension = results["encyclopedia"]
    build = extension["phases"]["build"]

    def rows(parts: list[tuple[str, list[Any]]]) -> float:
        for label, (calls, seconds) in sorted(parts, key=lambda item: -item[1][1]):
            print(f"{calls:8d} {seconds * 1000:8.1f} {seconds / build:8.1%} "
                  f"{seconds / plain_build:8.1%}  {label}")  # fmt: skip
        return sum(seconds for _, (_, seconds) in parts)

    header = f"{'calls':>8} {'ms':>8} {'of build':>9} {'of plain':>9}  part"
    not_own = (UNPICKLING, PARSING)
    print("\nSphinx and docutils, for the extension, without collections:\n" + header)
    rows([(label, extension["parts"].get(label, [0, 0.0])) for label in not_own])
    print("the extension's own code, each part without the others and without collections:")
    print(header)
    own = rows([item for item in extension["parts"].items() if item[0] not in not_own])
    print(f"{'':8} {own * 1000:8.1f} {own / build:8.1%} {own / plain_build:8.1%}  all of it")

    # The text inside directives and roles is parsed by the bare-role build too, outside them.
    bare = results["bare"]["phases"]
    unpickling = extension["parts"].get(UNPICKLING, [0, 0.0])[1]
    collections = extension["phases"]["garbage collection"] - bare["garbage collection"]
    beyond = build - bare["build"] - own - unpickling - collections
    print(
        f"beyond the bare roles, its own code and any unpickling, the extension adds"
        f" {beyond:+.2f} s ({beyond / plain_build:+.1%} of plain): docutils and Sphinx"
        f" handling its markup, nodes and HTML; and {collections:+.2f} s"
        f" ({collections / plain_build:+.1%}) of garbage collection"
    )


def main() -> None:
    if sys.argv[1:2] == ["--instrumented-build"]:
        instrumented_build(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--articles", type=int, default=200)
    parser.add_argument("-m", "--citations", type=int, default=25, help="per article")
    parser.add_argument("-k", "--entries", type=int, default=500, help="bib entries")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3, help="rounds; medians are shown")
    parser.add_argument("--json", type=Path, help="also write the medians here")
    args = parser.parse_args()

    compile_extension()
    with tempfile.TemporaryDirectory(prefix="enc-where-") as tmp:
        root = Path(tmp)
        generate(root, args.articles, args.citations, args.entries, args.seed)
        print(f"{args.articles} articles x {args.citations} citations, {args.entries} bib"
              f" entries; medians of {args.repeat} rounds, the variants side by side")  # fmt: skip
        rounds: dict[str, list[dict[str, Any]]] = {name: [] for name in VARIANTS}
        for _ in range(args.repeat):
            for name in VARIANTS:
                rounds[name].append(measure(root / name))
        results = {name: medians(values) for name, values in rounds.items()}
        report(results)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
