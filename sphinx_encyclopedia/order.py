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
    # The categories box goes to the very end of the article, below the appendices that
    # AppendixOrder has just put there, wherever the directive was written.
    "CategoryBox": 701,
    # Article notices move to the top of the article before the lead is checked (a notice is
    # not text before the lead), and every tag and notice is given its id and recorded, once
    # substitutions have made their copies and the appendices have moved.
    "MaintenanceCollector": 702,
    # The infobox goes right before the lead, below the notices placed just before (as on
    # Wikipedia), and before the lead is checked (an infobox is not text before the lead);
    # standing before the lead, its citations are numbered before the lead's.
    "InfoboxPlacement": 703,
    # Thumbnails' sizes and sides: nothing before or after depends on them.
    "Thumbnails": 704,
    # The lead is checked once the appendices have moved, so a lead written after them is
    # still found as not first.
    "LeadCheck": 705,
    # Reads the lead that LeadCheck accepted, for meta tags and previews.
    "DescriptionCollector": 706,
    # Resolves keys and records the article's citations; before the lists are tied, which
    # skip broken markers.
    "CitationCheck": 710,
    # Short forms and their ties to the works-cited lists, once CitationCheck has resolved
    # the :sfn: markers' keys (a marker it found broken is left alone).
    "ShortCitationCheck": 712,
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
    # On a page combining documents, the CITEREF anchors take their article's id before the
    # references lists link to them.
    "ShortCitationAnchors": 58,
    "ReferenceNumbering": 60,
    # The works-cited lists link back to the short footnotes' items, numbered just before.
    "WorksCitedList": 62,
    # Placeholders filled from the domain, which knows every page once all are read: the
    # sources index, further reading, and the short descriptions beside "See also" links.
    # They neither number nor add markers, so they come after the numbering; their order
    # among themselves does not matter, and is fixed so that output is reproducible.
    "SourcesIndexBuilder": 65,
    "FurtherReadingList": 66,
    # Formats as the lists do; nothing depends on it.
    "FullCitations": 67,
    # The maintenance reports, from the domain too; the tags' and notices' help links with
    # them, since both need the builder's URIs and neither touches markers or lists.
    "MaintenanceWriting": 67,
    # The categories boxes' links, the category pages' listings and the article index, from
    # the domain and the builder's URIs too; they neither number nor add markers.
    "CategoryWriting": 68,
    "SeeAlsoAnnotations": 70,
    # On a page combining documents (singlehtml), the generated sections' ids take their
    # document's prefix: after every list is built, before the contents box links to them.
    "AppendixIdsOnCombinedPages": 75,
    # The infobox moves into the lead, after the short description (a sidebar for builders
    # other than HTML): once every marker in it is numbered (the move keeps it ahead of the
    # lead's markers anyway), and before the contents box, which goes after the lead.
    "InfoboxLayout": 77,
    # The contents box after the lead (HTML only) reads the article's sections, which no
    # post-transform above adds or removes.
    "LeadContents": 80,
    # "Cite this page" as a section of its own is not among what the contents box lists.
    "CiteThisPage": 85,
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
    # config-inited: the help pages' keys, once check_config has made the value a dict.
    "check_maintenance_help": 401,
    # html-page-context: the page's description goes into the metatags before
    # sphinxext-opengraph's handler (500), which then leaves that tag alone.
    "add_meta_tags": 400,
    # doctree-read: the article's first picture, for its page preview, once Sphinx's
    # ImageCollector (500) has resolved each image's path and candidates.
    "note_picture": 600,
}
