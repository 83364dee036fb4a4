"""One place that emits the extension's warnings.

Every warning carries ``type="encyclopedia"`` and a subtype of its own, so a site can silence
one kind with ``suppress_warnings = ["encyclopedia.<subtype>"]``. The subtypes are listed in
:data:`SUBTYPES` and documented in the user guide.
"""

from __future__ import annotations

from typing import Any

from sphinx.util import logging

logger = logging.getLogger("sphinx_encyclopedia")

SUBTYPES = {
    "unknown-key": "a citation names a key that no bib file defines",
    "empty-citation": "a citation role with no key in it",
    "malformed-citation": "citation text that is not key, key1,key2 or key{locator}",
    "locator-without-key": "a locator in braces with no key before it",
    "missing-references": "citations that no references list follows; a list is appended",
    "empty-references": "a references list with no citation before it",
    "sfn-no-target": "a short citation in an article with no works-cited list to link to",
    "sfn-unused": "a work a works-cited list names that no short citation names (off by default)",
    "empty-note": "a note role with no text",
    "unknown-note-group": "a notes list of a group that encyclopedia_note_groups does not define",
    "missing-notes": "notes that no notes list follows; a list is appended",
    "empty-notes": "a notes list with no note before it",
    "note-name": "a named note used again with no text of that name, or given text twice",
    "duplicate-lead": "a second lead in one article",
    "lead-position": "a lead that is not the first thing after the article's title",
    "infobox": "infobox content that is not rows or header rows, or a header outside a box",
    "see-also-content": "a see-also or external-links directive with no items, or not one list",
    "further-reading": "a further-reading list with no work, a bad filter, or a cited work",
    "hatnote-target": "a hatnote naming no article, or one that is not a document",
    "short-description": "a short description over 100 characters",
    "appendix-order": "appendix sections out of Wikipedia's order",
    "directive-option": "an unknown option of a directive (with the closest one) or a bad value",
    "style": "the configured citation style cannot be loaded",
    "format-error": "the citation style failed on one entry",
    "bib-syntax": "bib text pybtex cannot parse (the entry is skipped) or reads only in part",
    "duplicate-key": "a bib key defined twice; the first definition is used",
    "duplicate-field": "a bib entry gives one field twice; the first value is used",
    "bib-encoding": "a bib file not in bibtex_encoding; it is read as Latin-1",
    "unknown-entry-type": "a bib entry of a type neither BibTeX nor BibLaTeX defines",
    "missing-field": "a bib entry lacks a field its type of source needs",
    "url-scheme": "a bib entry's URL is not http(s) or ftp, so it is not linked",
    "bib-latex": "a bib entry uses LaTeX commands the converter does not know; their text is kept",
    "maintenance": "a maintenance tag or notice, when encyclopedia_warn_maintenance is on",
    "maintenance-date": "a maintenance tag's or notice's date that cannot be read, or is to come",
    "article-issue": "an article-issue notice of a kind the extension does not know",
    "categories": "a categories directive with no name, a name given twice, or near-duplicates",
    "category-page": "a category page with no name, a second one, or one a document displaces",
    "category-cycle": "category pages whose categories make a category its own parent",
    "config": "a configuration value has a value the extension does not accept",
}


def warn(message: str, subtype: str, location: Any) -> None:
    """Emit a located warning of one documented subtype."""
    assert subtype in SUBTYPES, subtype
    logger.warning(message, location=location, type="encyclopedia", subtype=subtype)
