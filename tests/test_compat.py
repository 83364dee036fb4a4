"""Each internal of another package that the extension relies on, as compat.py expects it.

These fail when a new release of Sphinx, docutils, pybtex, pybtex-docutils,
sphinxcontrib-bibtex or MyST-Parser changes one of them, before a user meets the fallback.
"""

from __future__ import annotations

import ast
import inspect
import os
import pickle
import re
from typing import NamedTuple

import pybtex.errors
import pytest
from docutils.parsers.rst.states import Inliner
from sphinxcontrib.bibtex.bibfile import BibData, BibFile, process_bibdata

from sphinx_encyclopedia.compat import bibtex_filter_visitor, parse_inline, store_bibdata
from sphinx_encyclopedia.parallel import SharedBibData


@pytest.mark.sphinx("html", testroot="basic")
def test_sphinxcontrib_bibtex_keeps_its_parsed_data_in_domain_data(app):
    domain = app.env.get_domain("cite")
    assert domain.data["bibdata"] is domain.bibdata
    replacement = BibData(*domain.bibdata)
    assert store_bibdata(app.env, replacement)
    assert domain.bibdata is replacement


def test_bib_data_and_files_are_named_tuples_of_these_fields():
    # parallel.SharedBibData subclasses BibData and rebuilds it from its fields.
    assert issubclass(BibData, tuple) and BibData._fields == ("encoding", "bibfiles", "data")
    assert BibFile._fields[0] == "mtime"  # bibcheck's fingerprint of the files
    assert list(inspect.signature(process_bibdata).parameters) == [
        "bibdata", "bibfilenames", "encoding",
    ]  # fmt: skip


def test_shared_bib_data_pickles_as_bib_data_in_its_own_process():
    data = SharedBibData("utf-8", {}, None)
    restored = pickle.loads(pickle.dumps(data))
    assert type(restored) is BibData and tuple(restored) == tuple(data)


def test_pybtex_capture_is_a_context_manager_that_restores_the_global():
    assert pybtex.errors.captured_errors is None
    with pytest.raises(RuntimeError), pybtex.errors.capture() as errors:
        assert pybtex.errors.captured_errors is errors
        raise RuntimeError
    assert pybtex.errors.captured_errors is None


@pytest.mark.sphinx("html", testroot="basic")
def test_the_filter_visitor_evaluates_sphinxcontrib_bibtex_filters(app):
    visitor_class = bibtex_filter_visitor()
    assert visitor_class is not None
    entry = app.env.get_domain("cite").bibdata.data.entries["smith2020"]
    assert list(inspect.signature(visitor_class).parameters) == [
        "entry", "docname", "cited_docnames",
    ]  # fmt: skip
    tree = ast.parse('author % "Smith" and year == "2020"')
    assert visitor_class(entry, "index", set()).visit(tree) is True
    assert visitor_class(entry, "index", set()).visit(ast.parse("cited")) is False


def test_docutils_inliner_parses_with_a_memo_of_three_attributes():
    assert list(inspect.signature(Inliner.parse).parameters)[1:5] == [
        "text", "lineno", "memo", "parent",
    ]  # fmt: skip
    read = set(re.findall(r"\bmemo\.(\w+)", inspect.getsource(Inliner.parse)))
    assert "document" in read and read <= {"document", "reporter", "language"}


def test_myst_inliner_takes_the_same_call():
    mocking = pytest.importorskip("myst_parser.mocking")
    assert list(inspect.signature(mocking.MockInliner.parse).parameters)[1:5] == [
        "text", "lineno", "memo", "parent",
    ]  # fmt: skip


def test_an_inliner_of_another_shape_leaves_the_text_unparsed():
    class Memo(NamedTuple):
        text: str

    class Other:
        document = reporter = None

        def parse(self, text: str) -> Memo:  # not docutils' call
            return Memo(text)

    parsed, messages = parse_inline(Other(), "*x*", 1)
    assert [node.astext() for node in parsed] == ["*x*"] and messages == []


def test_the_extension_imports_without_side_effects():
    # Nothing but definitions at import time: no fork hooks, no collector changes.
    code = (
        "import gc, os, sys\n"
        "before = (gc.isenabled(), gc.get_threshold(), gc.get_freeze_count())\n"
        "hooks = []\n"
        "os.register_at_fork = lambda **kw: hooks.extend(kw.values())\n"
        "import importlib, pkgutil, sphinx_encyclopedia\n"
        "path, prefix = sphinx_encyclopedia.__path__, 'sphinx_encyclopedia.'\n"
        "for module in pkgutil.walk_packages(path, prefix):\n"
        "    importlib.import_module(module.name)\n"
        "ours = [hook for hook in hooks if prefix in getattr(hook, '__module__', '') + '.']\n"
        "assert not ours, ours\n"
        "assert (gc.isenabled(), gc.get_threshold(), gc.get_freeze_count()) == before\n"
    )
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ}
    )
    assert result.returncode == 0, result.stderr


def test_no_module_keeps_state_of_its_own():
    # Cross-document and per-build state live in the domain; a module-level container that
    # is not a constant (upper-case name) would outlive a build and be shared between builds.
    import importlib
    import pkgutil
    import weakref

    import sphinx_encyclopedia

    allowed = {"sphinx_encyclopedia.parallel._shared"}  # resolved by unpickling; see there
    mutable = (dict, list, set, weakref.WeakKeyDictionary, weakref.WeakValueDictionary)
    found = set()
    prefix = "sphinx_encyclopedia."
    for info in pkgutil.walk_packages(sphinx_encyclopedia.__path__, prefix):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, mutable) and not name.isupper() and not name.startswith("__"):
                found.add(f"{info.name}.{name}")
    assert found == allowed


def test_docutils_reporter_maps_lines_with_the_state_machine_that_holds_them():
    # locations.role_line reads a role's text block from the machine behind the reporter.
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.parsers.rst.states import RSTState
    from docutils.utils import new_document

    from sphinx_encyclopedia.compat import text_lines

    assert "get_source_and_line = self.state_machine.get_source_and_line" in (
        inspect.getsource(RSTState.runtime_init)
    )
    seen = []
    inliner = Inliner()  # recording what a role would be called with, on this instance only
    interpret = inliner.interpreted

    def interpreted(rawsource, text, role, lineno):
        seen.append((rawsource, text_lines(inliner, lineno), lineno))
        return interpret(rawsource, text, role, lineno)

    inliner.interpreted = interpreted
    document = new_document("<test>", get_default_settings(Parser))
    source = "Title\n=====\n\n- A paragraph\n  with :emphasis:`a role` on its second line.\n"
    Parser(inliner=inliner).parse(source, document)
    ((rawsource, (lines, index), lineno),) = seen
    assert rawsource == ":emphasis:`a role`"
    assert lines[index : index + 2] == source.splitlines()[3:5]
    assert document.reporter.get_source_and_line(lineno + 1) == ("<test>", 5)


def test_an_unknown_reporter_gives_no_lines():
    from sphinx_encyclopedia.compat import text_lines

    class Reporter:
        def get_source_and_line(self, lineno):  # a machine without input_lines
            return "<x>", lineno

    class Other:
        reporter = Reporter()

    assert text_lines(Other(), 3) is None
    assert text_lines(object(), 3) is None
