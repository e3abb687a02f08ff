"""A tiny corpus for the web tests, written and indexed in a temporary folder.

The quote records are made here rather than by the extractor, so the web tests
depend only on the index and query layers: each quote is a string located in its
document. One document has no metadata (its file name is its source's label). One
document plants markup (``<script>``, ``<img onerror>``) in a quote, a
speaker's name, a title and a ``javascript:`` address; another has a quote that a
spreadsheet would run as a formula.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from conftest import make_quote

from search.documents import read_documents
from search.index import update_index
from search.record import Quote

XSS_SPEAKER = "Eve <script>window.__xssSpeaker = 1</script> Mallory"
XSS_QUOTE = "<script>window.__xssQuote = 1</script> is what I typed into the comment form"
XSS_TITLE = "<script>window.__xssTitle = 1</script>Forms <img src=x onerror=alert(1)>"

DOCS = {
    "garden.txt": """Growing tomatoes on a balcony

Mira Okafor has grown tomatoes on her balcony for ten years.

"Tomatoes want more sun than you think, and more water than you can carry," Okafor said.

Asked about pests, she laughed. "Aphids are the price of admission," she said.

Her neighbour Tom Reyes disagrees about watering.
"Water in the morning, never at night," Reyes said.

"=HYPERLINK(1) is what my spreadsheet shows when I log the harvest," Reyes added.

Okafor said the gardening club meets on Saturdays. "Bring seeds and bring questions," she said.
""",
    "kitchen.txt": """Q: What do you cook with the harvest?
A: Mostly sauce. Tomatoes become sauce in August, every single year.
Q: And the green ones?
A: Fried green tomatoes, of course, with cornmeal.
""",
    "notes.txt": """Notes from the allotment, no metadata.

"Compost is patience you can hold in your hands," said Ada Lind.
""",
    "xss.txt": """A story about web forms.

"<script>window.__xssQuote = 1</script> is what I typed into the comment form," said Eve Mallory.

Nothing happened, she said, because the site escaped it.
""",
}

MANIFEST = f"""
["garden.txt"]
publication = "The Balcony Gazette"
title = "Growing tomatoes on a balcony"
author = "Sam Writer"
date = "2021-05-04"
url = "https://example.org/garden/tomatoes"

["kitchen.txt"]
publication = "Kitchen Radio"
title = "Harvest interview"
date = "2019-08-20"
url = "https://example.org/kitchen"

["xss.txt"]
publication = "Evil <b>Weekly</b>"
title = "{XSS_TITLE}"
url = "javascript:alert(1)"
"""

# (file, quoted words, speaker, context, topics, kind)
QUOTES = [
    (
        "garden.txt",
        "Tomatoes want more sun than you think, and more water than you can carry,",
        "Mira Okafor",
        "Mira Okafor has grown tomatoes on her balcony for ten years.",
        ("tomatoes", "watering"),
        "direct",
    ),
    (
        "garden.txt",
        "Aphids are the price of admission,",
        "Mira Okafor",
        "Asked about pests, she laughed.",
        ("pests",),
        "direct",
    ),
    (
        "garden.txt",
        "Water in the morning, never at night,",
        "Tom Reyes",
        "Her neighbour Tom Reyes disagrees about watering.",
        ("watering",),
        "direct",
    ),
    (
        "garden.txt",
        "=HYPERLINK(1) is what my spreadsheet shows when I log the harvest,",
        "Tom Reyes",
        "",
        ("harvest",),
        "direct",
    ),
    (
        "garden.txt",
        "Bring seeds and bring questions,",
        "Mira Okafor",
        "Okafor said the gardening club meets on Saturdays.",
        ("gardening club",),
        "direct",
    ),
    (
        "kitchen.txt",
        "Mostly sauce. Tomatoes become sauce in August, every single year.",
        "Mira Okafor",
        "What do you cook with the harvest?",
        ("tomatoes", "harvest"),
        "transcript",
    ),
    (
        "kitchen.txt",
        "Fried green tomatoes, of course, with cornmeal.",
        "Mira Okafor",
        "And the green ones?",
        ("tomatoes",),
        "transcript",
    ),
    (
        "notes.txt",
        "Compost is patience you can hold in your hands,",
        "Ada Lind",
        "Notes from the allotment, no metadata.",
        ("garden pests",),  # a label holding another label's word
        "direct",
    ),
    (
        "xss.txt",
        XSS_QUOTE,
        XSS_SPEAKER,
        "A story about web forms.",
        ("forms",),
        "direct",
    ),
]


def build_tiny_index(root: Path) -> tuple[Path, list[Quote]]:
    """Write the corpus under ``root/corpus``, index it in ``root/index``; returns the
    index folder and the quotes."""
    corpus = root / "corpus"
    corpus.mkdir(parents=True)
    for name, text in DOCS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    (corpus / "sources.toml").write_text(MANIFEST, encoding="utf-8")
    problems: list[object] = []
    documents = list(read_documents([str(corpus)], problems.append))
    assert not problems, problems
    by_name = {Path(d.path).name: d for d in documents}
    quotes = [
        make_quote(by_name[name], words, speaker, context=context, topics=topics, kind=kind)
        for name, words, speaker, context, topics, kind in QUOTES
    ]
    index_dir = root / "index"
    update_index(index_dir, documents, quotes, roots=[str(corpus)])
    return index_dir, quotes


class Page(HTMLParser):
    """An HTML page parsed into its elements' tags and attributes, and its text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.script_bodies: list[str] = []
        self.text_parts: list[str] = []
        self._in_script = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.script_bodies.append(data)
        self.text_parts.append(data)

    @property
    def text(self) -> str:
        """The page's text with whitespace collapsed."""
        return " ".join(" ".join(self.text_parts).split())

    def all(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        """The attributes of every ``tag`` element whose attributes include ``attrs``."""
        return [
            a
            for t, a in self.elements
            if t == tag and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())
        ]

    def hrefs(self) -> list[str]:
        """Every link target on the page."""
        return [a["href"] for t, a in self.elements if t == "a" and "href" in a]
