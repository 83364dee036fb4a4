"""When each of the extension's transforms and event handlers runs, in one table.

The numbers are docutils/Sphinx priorities: lower runs first. Each entry says why it sits
where it does relative to its neighbours and to what Sphinx and docutils run around it.
"""

from __future__ import annotations

#: Transforms, applied while a page is read (before it is pickled).
TRANSFORM_PRIORITY = {
    # docutils resolves substitutions at 220 and Sphinx moves module targets at 210, so by
    # 700 every role has produced its node. The appendix sections ("See also", "Notes",
    # "References", …) go to the end of the article first: which list collects a citation
    # or a note depends on where the lists finally stand.
    "AppendixOrder": 700,
    # The lead is checked once the appendices have moved, so a lead written after them is
    # still found as not first.
    "LeadCheck": 705,
    # Reads the lead that LeadCheck accepted, for meta tags and previews.
    "DescriptionCollector": 706,
    # Resolves keys and records the article's citations; before the lists are tied, which
    # skip broken markers.
    "CitationCheck": 710,
    # Notes before references: a citation inside a note belongs to the references list
    # after the notes list that shows the note.
    "NoteListCheck": 719,
    "ReferenceListCheck": 720,
}
# Sphinx emits doctree-read at 880 (DoctreeReadEvent), after all of the above.

#: Post-transforms, applied while a page is written (after Sphinx's ReferencesResolver at 10
#: and OnlyNodeTransform at 50, which drops the ``only`` blocks this builder does not show, so
#: that markers inside them are neither numbered nor listed).
POST_TRANSFORM_PRIORITY = {
    # Notes take their labels and move into their lists first, so that citations inside
    # notes are numbered where the notes list shows them.
    "NoteNumbering": 55,
    "ReferenceNumbering": 60,
    # Placeholders filled from the domain, which knows every page once all are read: the
    # sources index, further reading, and the short descriptions beside "See also" links.
    # They neither number nor add markers, so they come after the numbering; their order
    # among themselves does not matter, and is fixed so that output is reproducible.
    "SourcesIndexBuilder": 65,
    "FurtherReadingList": 66,
    "SeeAlsoAnnotations": 70,
    # On a page combining documents (singlehtml), the generated sections' ids take their
    # document's prefix: after every list is built, before the contents box links to them.
    "AppendixIdsOnCombinedPages": 75,
    # The contents box after the lead (HTML only) reads the article's sections, which no
    # post-transform above adds or removes.
    "LeadContents": 80,
}

#: Event handlers whose place among other extensions' handlers matters (default 500).
HANDLER_PRIORITY = {
    # builder-inited: the domain is given the builder before anything asks for it.
    "note_builder": 100,
    # builder-inited: the last build's bib data, kept before anything parses the files again.
    "remember_bib_data": 400,
    # builder-inited: the bib files are parsed with pybtex's errors captured, before
    # sphinxcontrib-bibtex's own handler (500), which then finds them up to date.
    "parse_bib_files": 450,
    # config-inited: values are checked before any other handler reads them.
    "check_config": 400,
    # html-page-context: the page's description goes into the metatags before
    # sphinxext-opengraph's handler (500), which then leaves that tag alone.
    "add_meta_tags": 400,
}
