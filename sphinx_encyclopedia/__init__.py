"""Wikipedia's article layout for Sphinx.

Listing ``"sphinx_encyclopedia"`` in ``extensions`` is enough: sphinxcontrib-bibtex, whose
bib files and pybtex styles the citations use, is set up here when the site has not listed it.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from .appendix import setup_appendix
from .assets import setup_assets
from .bibcheck import setup_bibcheck
from .categories import setup_categories
from .citations import setup_citations
from .config import setup_config
from .dependencies import setup_dependencies
from .domain import setup_domain
from .formatting import setup_formatting
from .full_citation import setup_full_citation
from .further_reading import setup_further_reading
from .hatnotes import setup_hatnotes
from .i18n import setup_i18n
from .infobox import setup_infobox
from .lead import setup_lead
from .maintenance import setup_maintenance
from .metadata import setup_metadata
from .notes import setup_notes
from .page_citation import setup_page_citation
from .parallel import setup_parallel
from .previews import setup_previews
from .references import setup_references
from .see_also import setup_see_also
from .shortcites import setup_shortcites
from .sources import setup_sources
from .thumbnails import setup_thumbnails
from .works_cited import setup_works_cited

#: The version's one source: pyproject.toml reads it (``[tool.setuptools.dynamic]``).
__version__ = "0.1.0"

#: Bump when the pickled doctree nodes or the domain's data change shape.
ENV_VERSION = 9


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinxcontrib.bibtex")
    setup_config(app)
    setup_i18n(app)
    setup_domain(app)
    setup_bibcheck(app)
    setup_formatting(app)
    setup_citations(app)
    setup_shortcites(app)
    setup_full_citation(app)
    setup_lead(app)
    setup_infobox(app)
    setup_thumbnails(app)
    setup_metadata(app)
    setup_page_citation(app)
    setup_see_also(app)
    setup_hatnotes(app)
    setup_maintenance(app)
    setup_references(app)
    setup_works_cited(app)
    setup_notes(app)
    setup_further_reading(app)
    setup_appendix(app)
    setup_sources(app)
    setup_categories(app)
    setup_assets(app)
    setup_previews(app)
    setup_parallel(app)
    setup_dependencies(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
