"""What the site-wide lists cost at scale: the sources index and a filtered further reading.

Generates a site whose articles cite many distinct works (by default 100 articles citing 50
works each, 5,000 works in all, every one cited once) and builds it three ways in one run,
interleaved, each build in a fresh interpreter, with the default configuration:

- the articles alone;
- the articles and a page with ``.. sources::`` (every cited work, with where it is cited);
- the articles and a page with ``.. further-reading::`` whose ``:filter:`` is evaluated over
  every entry of the bib file.

Prints each build's wall and CPU time, and the sources index as a ratio of the articles alone
and the filtered list as seconds added, the two figures the performance page reports.

    python benchmarks/sources_index.py                 # 100 articles x 50 works, 5,000 works
    python benchmarks/sources_index.py -n 10 -m 10     # a smoke run
    python benchmarks/sources_index.py --repeat 3      # the fastest of three, interleaved
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_speed import (
    CONF,
    Result,
    bib_entry,
    build,
    compile_extension,
    fastest,
    sentence,
)

SOURCES_PAGE = "Sources\n=======\n\n.. sources::\n"
FURTHER_READING_PAGE = (
    "Reading list\n============\n\n.. lead::\n\n   Works on models.\n\n"
    "Further reading\n---------------\n\n"
    '.. further-reading::\n   :filter: title % "model"\n'
)


def article(index: int, citations: int, rng: random.Random) -> str:
    title = f"Article {index}"
    lines = [title, "=" * len(title), "", ".. lead::", "", "   " + sentence(rng), ""]
    for position in range(citations):
        lines += [f"{sentence(rng)} :citation:`src{index * citations + position}`", ""]
    lines += [".. references::", ""]
    return "\n".join(lines)


def generate(root: Path, articles: int, citations: int, seed: int) -> dict[str, Path]:
    rng = random.Random(seed)
    works = articles * citations
    bib = "".join(bib_entry(index, rng) for index in range(works))
    texts = [article(index, citations, rng) for index in range(articles)]
    extra_pages = {"alone": {}, "sources": {"sources": SOURCES_PAGE},
                   "further-reading": {"reading": FURTHER_READING_PAGE}}  # fmt: skip
    projects = {}
    for name, pages in extra_pages.items():
        project = root / name
        project.mkdir(parents=True)
        conf = CONF.format(extensions=["sphinx_encyclopedia"], theme="basic")
        (project / "conf.py").write_text(conf)
        (project / "refs.bib").write_text(bib)
        names = [f"article{index}" for index in range(articles)] + list(pages)
        toctree = "\n".join(f"   {page}" for page in names)
        (project / "index.rst").write_text(f"Index\n=====\n\n.. toctree::\n\n{toctree}\n")
        for index, text in enumerate(texts):
            (project / f"article{index}.rst").write_text(text)
        for page, text in pages.items():
            (project / f"{page}.rst").write_text(text)
        projects[name] = project
    return projects


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--articles", type=int, default=100)
    parser.add_argument("-m", "--citations", type=int, default=50, help="distinct works each")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    compile_extension()
    with tempfile.TemporaryDirectory(prefix="enc-sources-bench-") as tmp:
        projects = generate(Path(tmp), args.articles, args.citations, args.seed)
        results: dict[str, list[Result]] = {name: [] for name in projects}
        for _ in range(args.repeat):
            for name, project in projects.items():
                results[name].append(build(project))
        best = {name: fastest(runs) for name, runs in results.items()}
    works = args.articles * args.citations
    alone = best["alone"]
    print(f"{args.articles} articles x {args.citations} works, {works:,} distinct works cited, "
          f"fastest of {args.repeat}")  # fmt: skip
    for name, result in best.items():
        print(f"  {name:<16} {result.seconds:8.1f} s wall  {result.cpu_seconds:8.1f} s CPU")
    sources = best["sources"]
    print(f"sources index, of the articles alone: {sources.seconds / alone.seconds:.2f}x "
          f"(CPU {sources.cpu_seconds / alone.cpu_seconds:.2f}x; target at most 1.2x)")  # fmt: skip
    further = best["further-reading"]
    print(f"further reading filtered over {works:,} entries, added: "
          f"{further.seconds - alone.seconds:+.1f} s wall, "
          f"{further.cpu_seconds - alone.cpu_seconds:+.1f} s CPU (target at most 2 s)")  # fmt: skip


if __name__ == "__main__":
    main()
