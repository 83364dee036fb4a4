"""``sphinx-encyclopedia import-wiki``: wikitext files or a MediaWiki export → articles and
BibTeX. It reads only the files given and fetches nothing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

MISSING_PARSER = (
    "sphinx-encyclopedia import-wiki needs mwparserfromhell, the wikitext parser; install the "
    'extra with: pip install "sphinx-encyclopedia[wiki]"'
)
PLACEHOLDER_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="320" height="180" \
viewBox="0 0 320 180" role="img" aria-label="Image not imported: {name}">
<rect width="320" height="180" fill="#eaecf0" stroke="#a2a9b1"/>
<text x="160" y="85" text-anchor="middle" font-family="sans-serif" font-size="13" \
fill="#202122">Image not imported</text>
<text x="160" y="105" text-anchor="middle" font-family="sans-serif" font-size="11" \
fill="#54595d">{name}</text>
</svg>
"""


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "import-wiki",
        help="import MediaWiki pages: wikitext or an XML export to articles and BibTeX",
        description="Write one article per page (reStructuredText, or MyST with --format md) "
        "and append the references' works to a bib file, keeping every citation, note and "
        "back-link as Cite numbers them. Reads only the files given; fetches nothing.",
    )
    parser.add_argument(
        "pages",
        metavar="PAGE",
        nargs="+",
        type=Path,
        help="wikitext files, or Special:Export XML files of one or more pages",
    )
    parser.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="where to write the articles"
    )
    parser.add_argument(
        "--bib",
        type=Path,
        required=True,
        metavar="FILE",
        help="the bib file to add the works to (made when missing)",
    )
    parser.add_argument(
        "--format",
        choices=("rst", "md"),
        default="rst",
        help="reStructuredText (default) or MyST Markdown",
    )
    parser.add_argument(
        "--wiki-url",
        default=None,
        metavar="URL",
        help="where links to pages that are not imported go (default: English "
        "Wikipedia, https://en.wikipedia.org/wiki/)",
    )
    parser.add_argument(
        "--license",
        default=None,
        metavar="TEXT",
        help="the licence named in each article's attribution (default: CC BY-SA 4.0, Wikipedia's)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite existing articles")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        import mwparserfromhell  # noqa: F401
    except ImportError:
        print(MISSING_PARSER, file=sys.stderr)
        return 2
    from .bib import BibFile
    from .convert import ImportContext, PageConverter, normal_title
    from .report import Report
    from .source import WIKIPEDIA, WIKIPEDIA_LICENSE, read_pages
    from .syntax import MystSyntax, Syntax

    missing = [str(path) for path in args.pages if not path.is_file()]
    if missing:
        print(
            f"sphinx-encyclopedia import-wiki: no such file: {', '.join(missing)}", file=sys.stderr
        )
        return 2
    pages = read_pages(list(args.pages))
    syntax = MystSyntax() if args.format == "md" else Syntax()
    out: Path = args.out
    targets = {page.docname: out / (page.docname + syntax.suffix) for page in pages}
    clashes = [str(path) for path in targets.values() if path.exists()]
    if clashes and not args.force:
        print(
            f"sphinx-encyclopedia import-wiki: not overwriting {', '.join(clashes)} (use "
            "--force); nothing written",
            file=sys.stderr,
        )
        return 1
    report = Report()
    bib = BibFile(args.bib)
    wiki_url = args.wiki_url or next((p.wiki_url for p in pages if p.wiki_url), None) or WIKIPEDIA
    if not wiki_url.endswith("/"):
        wiki_url += "/"
    context = ImportContext(
        bib=bib,
        syntax=syntax,
        report=report,
        docnames={normal_title(page.title): page.docname for page in pages},
        wiki_url=wiki_url,
        license=args.license or WIKIPEDIA_LICENSE,
        outdir=out,
    )
    texts = {}
    groups: dict[str, str] = {}
    for page in pages:
        converter = PageConverter(page, context)
        texts[page.docname] = converter.convert()
        groups.update(converter.used_note_groups)
    out.mkdir(parents=True, exist_ok=True)
    for docname, text in texts.items():
        targets[docname].write_text(text, encoding="utf-8")
        print(f"wrote {targets[docname]}")
    for path, name in context.placeholders.items():
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(PLACEHOLDER_SVG.format(name=_xml(name)), encoding="utf-8")
    added = bib.write()
    print(
        f"added {added} entries to {args.bib}"
        + (f" (it held {bib.existing})" if bib.existing else "")
    )
    extra = {name: style for name, style in groups.items() if name != "note"}
    if extra:
        wanted = {"note": "lower-alpha", **extra}
        report.warn(
            Path(args.pages[0]),
            1,
            "note-groups",
            f"the articles use note groups the site must define: "
            f"encyclopedia_note_groups = {wanted!r}",
        )
    counts = report.counts()
    if counts:
        summary = ", ".join(f"{count} {kind}" for kind, count in sorted(counts.items()))
        print(f"{sum(counts.values())} warnings: {summary}")
    return 0


def _xml(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )
