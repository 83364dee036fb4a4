from pybtex.plugin import register_plugin
from pybtex.richtext import Tag, Text
from pybtex.style.formatting.unsrt import Style


class Marked(Style):
    """unsrt, with a superscript and a typewriter tag only docutils' writers can render."""

    def format_entry(self, label, entry, bib_data=None):
        formatted = super().format_entry(label, entry, bib_data)
        formatted.text = Text(formatted.text, " ", Tag("sup", "†"), Tag("tt", entry.key))
        return formatted


register_plugin("pybtex.style.formatting", "marked", Marked, force=True)

extensions = ["sphinx_encyclopedia"]
bibtex_bibfiles = ["refs.bib"]
encyclopedia_citation_style = "marked"
