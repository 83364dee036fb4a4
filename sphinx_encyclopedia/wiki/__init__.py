"""The MediaWiki importer: ``sphinx-encyclopedia import-wiki``.

Wikitext (files, or a Special:Export XML dump of several pages) becomes one article per page
and BibTeX entries appended to a bib file. The pieces: :mod:`.source` reads pages,
:mod:`.cite` maps CS1 templates to bib entries, :mod:`.bib` merges them into the bib file,
:mod:`.convert` walks the parsed wikitext and :mod:`.syntax` writes reStructuredText or MyST,
:mod:`.command` is the command line. mwparserfromhell, the parser, is the ``wiki`` extra.
"""
