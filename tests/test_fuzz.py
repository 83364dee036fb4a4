"""Generated articles and bib files: nothing escapes Sphinx's warnings, numbering holds.

A bounded profile runs with the suite. The long profile is run by hand:

    HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/test_fuzz.py

(at least 10,000 examples; allow an hour or more).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
from pathlib import Path

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

settings.register_profile(
    "ci", max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

KEYS = ["alpha", "beta", "gamma", "delta", "epsilon"]
ENTRY_TYPES = ["article", "book", "misc", "online", "inproceedings", "incollection", "phdthesis",
               "techreport", "unpublished", "patent", "preprint", "strange"]  # fmt: skip
FIELDS = ["author", "editor", "title", "journal", "booktitle", "year", "date", "month", "pages",
          "volume", "number", "publisher", "address", "school", "institution", "url", "urldate",
          "doi", "eprint", "archiveprefix", "primaryclass", "isbn", "edition", "note",
          "entrysubtype", "displayauthors", "archiveurl"]  # fmt: skip
FIELD_TEXT = st.text(
    alphabet=st.sampled_from([*"abcXYZ019 .,;:-–/\\{}\"'<>&%$#_^~@!?", "ö", "ש", "字"]),
    max_size=30,
)
# What bib files of the TeX world hold: commands known and unknown, logos, math, accents.
LATEX = st.sampled_from([
    r"\emph{Word}", r"{\it\TeX} book", r"R\,\&\,D", r"a\dots b", r"$\alpha$-decay",
    r"$5\times7$ Dot", r"{$O(n \log n / \! \log\log n)$}", r"methodology\hyphen independent",
    r"DVIto\kern-.15em VDU", r"\ConTeXt{} and \XeTeX", r"\foo{Bar}", r"\unknown",
    r"M{\"u}ller", r"\url{https://example.org/a_b~c%20d}", r"$x^2$", r"\enquote{q}",
    "\u202eevil", "{\\", "\\}", "$",
])  # fmt: skip
FIELD_VALUE = st.one_of(
    FIELD_TEXT,
    LATEX,
    st.lists(st.one_of(LATEX, FIELD_TEXT), min_size=2, max_size=3).map(" ".join),
)
LOCATOR = st.one_of(
    st.none(), st.sampled_from(["p. 3", "pp. 3–5, 9", "ch. 2", "§ 4", "", "para [3]"])
)


@st.composite
def bib_files(draw: st.DrawFn) -> str:
    entries = []
    for key in draw(st.lists(st.sampled_from(KEYS), max_size=6)):
        entry_type = draw(st.sampled_from(ENTRY_TYPES))
        fields = draw(st.dictionaries(st.sampled_from(FIELDS), FIELD_VALUE, max_size=8))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
        entries.append(f"@{entry_type}{{{key},\n{body}\n}}\n")
    return "\n".join(entries)


@st.composite
def citation(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        key = draw(st.sampled_from([*KEYS, "unknown", ""]))
        locator = draw(LOCATOR)
        parts.append(key + (f"{{{locator}}}" if locator is not None else ""))
    return ":citation:`" + ",".join(parts) + "`"


@st.composite
def short_citation(draw: st.DrawFn) -> str:
    """``:sfn:`` (a numbered short footnote) or an inline ``:harvnb:``/``:harvp:``."""
    role = draw(st.sampled_from(["sfn", "sfn", "harvnb", "harvp"]))
    key = draw(st.sampled_from([*KEYS, "unknown", ""]))
    locator = draw(LOCATOR)
    return f":{role}:`{key}" + (f"{{{locator}}}" if locator is not None else "") + "`"


# Maintenance tags: dated, undated, a date that is none, and an alias.
TAG = st.sampled_from([":citation-needed:`July 2024`", ":cn:`-`", ":clarify:`-`",
                       ":dubious:`2024-13`", ":when:`15 July 2024`", ":who:`-`"])  # fmt: skip
SUBSTITUTIONS = ["s1", "s2"]  # every article defines both, each as a citation


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    words = ["Text."]
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(
            ["citation", "note", "word", "substitution", "short", "tag", "full"]
        ))  # fmt: skip
        if kind == "citation":
            words.append(draw(citation()))
        elif kind == "short":
            words.append(f"Said.\\ {draw(short_citation())}")
        elif kind == "full":
            words.append(f"Read :full-citation:`{draw(st.sampled_from([*KEYS, 'unknown']))}`.")
        elif kind == "tag":
            words.append(f"Claimed.\\ {draw(TAG)}")
        elif kind == "note":
            inner = draw(st.sampled_from(
                ["", "[@alpha]", "[@beta{p. 2}]", "[@unknown]", "[@gamma{para [3]}]",
                 "[@alpha{para [3}]", "[@]", "[@beta,alpha{p. 4}]"]
            ))  # fmt: skip
            # Named notes: given text, used again, used before their text, or never given it.
            name = draw(st.sampled_from(["", "", "[#n1] ", "[#n2] "]))
            if name and draw(st.booleans()):
                words.append(f"Again.\\ :note:`{name.strip()}`")
            else:
                words.append(f"More.\\ :note:`{name}A note {inner}.`")
        elif kind == "substitution":
            words.append(f"Again |{draw(st.sampled_from(SUBSTITUTIONS))}|.")
        else:
            words.append("Words.")
    return " ".join(words)


def indented(text: str) -> list[str]:
    return ["   " + line if line else "" for line in text.splitlines()]


@st.composite
def article(draw: st.DrawFn, name: str, others: list[str]) -> str:
    blocks = [name.title(), "=" * len(name), ""]
    for substitution in SUBSTITUTIONS:
        blocks += [f".. |{substitution}| replace:: {draw(citation())}", ""]
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(
            ["paragraph", "paragraph", "section", "lead", "references", "notes", "see-also",
             "hatnote", "further-reading", "include", "only", "admonition", "footnote",
             "works-cited", "infobox", "categories", "article-issue"]
        ))  # fmt: skip
        if kind == "paragraph":
            blocks += [draw(paragraph()), ""]
        elif kind == "works-cited":
            keys = draw(st.lists(st.sampled_from([*KEYS, "unknown"]), max_size=2))
            title = draw(st.sampled_from([[], ["   :title: Bibliography"]]))
            blocks += [".. works-cited::", *title, ""] + [f"   {key}" for key in keys] + [""]
        elif kind == "infobox":
            rows = [f"   :{label}: {draw(paragraph())}" for label in ("Known for", "Year")]
            header = draw(st.sampled_from([[], ["   .. infobox-header:: Later", ""]]))
            blocks += [".. infobox:: Subject", "", rows[0], "", *header, rows[1], ""]
        elif kind == "categories":
            names = draw(st.lists(st.sampled_from(["Alpha", "Beta things", "Élan", "Alpha | Key",
                                                   "Beta things |"]), max_size=3))  # fmt: skip
            sort_key = draw(st.sampled_from([[], ["   :sort-key: Zed, Ann"]]))
            blocks += [".. categories:: " + "; ".join(names), *sort_key, ""]
        elif kind == "article-issue":
            issue = draw(st.sampled_from(["more-citations-needed", "unreferenced", "bogus"]))
            blocks += [f".. article-issue:: {issue}", "   :date: March 2025", ""]
        elif kind == "include":
            blocks += [".. include:: part.rst.inc", ""]
        elif kind == "only":
            builder = draw(st.sampled_from(["html", "latex"]))
            blocks += [f".. only:: {builder}", "", *indented(draw(paragraph())), ""]
        elif kind == "admonition":
            blocks += [".. note::", "", *indented(draw(paragraph())), ""]
        elif kind == "footnote":
            label = f"f{len(blocks)}"
            blocks += [f"Footnoted [#{label}]_.", "", f".. [#{label}] {draw(paragraph())}", ""]
        elif kind == "section":
            title = draw(st.sampled_from(["History", "Notes", "References", "See also", "Later"]))
            blocks += [title, "-" * len(title), ""]
        elif kind == "lead":
            short = draw(st.sampled_from(["", "   :short-description: Short", "   :bogus: x"]))
            blocks += [".. lead::", *([short] if short else []), "", "   " + draw(paragraph()), ""]
        elif kind == "references":
            blocks += [".. references::", ""]
        elif kind == "notes":
            blocks += [".. notes::", ""]
        elif kind == "see-also":
            targets = draw(st.lists(st.sampled_from([*others, "missing"]), max_size=3))
            blocks += [".. see-also::", ""] + [f"   - :doc:`{t}`" for t in targets] + [""]
        elif kind == "hatnote":
            target = draw(st.sampled_from([*others, "missing"]))
            blocks += [f".. main-article:: {target}", ""]
        else:
            keys = draw(st.lists(st.sampled_from([*KEYS, "unknown"]), max_size=3))
            blocks += [".. further-reading::", ""] + [f"   {key}" for key in keys] + [""]
    return "\n".join(blocks) + "\n"


@st.composite
def projects(draw: st.DrawFn) -> dict[str, str]:
    names = ["one", "two", "three"][: draw(st.integers(1, 3))]
    files = {"refs.bib": draw(bib_files()), "part.rst.inc": draw(paragraph()) + "\n"}
    for name in names:
        files[f"{name}.rst"] = draw(article(name, [n for n in names if n != name]))
    toctree = "\n".join(f"   {name}" for name in names)
    files["index.rst"] = f"Index\n=====\n\n.. toctree::\n\n{toctree}\n"
    return files


def build(files: dict[str, str], bib_encoding: str = "utf-8") -> tuple[Path, str]:
    root = Path(tempfile.mkdtemp(prefix="enc-fuzz-"))
    (root / "conf.py").write_text(
        'extensions = ["sphinx_encyclopedia"]\nbibtex_bibfiles = ["refs.bib"]\n'
        'exclude_patterns = ["_build", "*.inc"]\n'
    )
    for name, text in files.items():
        encoding = bib_encoding if name == "refs.bib" else "utf-8"
        (root / name).write_bytes(text.encode(encoding, "replace"))
    warnings = io.StringIO()
    # As sphinx-build does: the roles, directives and node visitors the build registers in
    # docutils go again afterwards, so that a later build in this process starts clean.
    with docutils_namespace():
        app = Sphinx(
            str(root), str(root), str(root / "_build"), str(root / "_doctrees"), "html",
            status=None, warning=warnings, freshenv=True,
        )  # fmt: skip
        app.build()  # an exception here is a failure: everything must go through warnings
    return root, warnings.getvalue()


def check_numbering(html: str) -> None:
    tree = BeautifulSoup(html, "html.parser")
    markers = tree.select("sup.enc-cite[id] > a")
    for listing in tree.select("ol.enc-references"):
        items = listing.select(":scope > li")
        ids = [item["id"] for item in items]
        pointing = [a for a in markers if a["href"][1:] in ids]
        first_seen = list(dict.fromkeys(a["href"][1:] for a in pointing))
        assert first_seen == ids, "numbers run 1..N in order of first citation"
        for number, item in enumerate(items, 1):
            sites = [a.parent["id"] for a in pointing if a["href"][1:] == item["id"]]
            assert {a.get_text() for a in pointing if a["href"][1:] == item["id"]} == {
                f"[{number}]"
            }
            back = [a["href"][1:] for a in item.select(".enc-backlinks a")]
            assert back == sites, "back-links equal the citation sites"


# Old bib files come in Latin-1; what it cannot hold becomes "?".
@given(projects(), st.sampled_from(["utf-8", "utf-8", "latin-1"]))
def test_generated_projects_build_and_number_correctly(
    files: dict[str, str], bib_encoding: str
) -> None:
    root, warnings = build(files, bib_encoding)
    try:
        assert "Traceback" not in warnings
        assert not re.search(r"Exception occurred|Extension error", warnings)
        for name in files:
            if name.endswith(".rst") and name != "index.rst":
                html = (root / "_build" / name.replace(".rst", ".html")).read_text("utf-8")
                check_numbering(html)
    finally:
        shutil.rmtree(root, ignore_errors=True)
