"""Shared fixtures: small corpora written for the tests and quote records made by hand,
so the index and search tests do not depend on how well extraction works."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from search.documents import Document
from search.index import QuoteIndex, update_index
from search.record import Quote, Source, quote_id, slugify

GARDEN = (
    "Growing tomatoes together\n\n"
    'Maria Lopez said, "Collaborating with neighbours made the garden grow faster."\n\n'
    '"We planted tomatoes in early spring," Lopez explains.\n\n'
    "Q: Did the new greenhouse change anything?\n"
    "A: The rain was a blessing for the beans and the squash.\n"
)
MUSIC = (
    "Band on the road\n\n"
    'Tom Baker: "Music videos are a lot of work, but making them is a collaborative art."\n\n'
    '"I was surprised by the audience in the small towns," Baker said.\n\n'
    '"Control is an illusion on a stage," said Nina Park, who plays the drums.\n'
)
CITY = 'City news\n\n"The bridge opens to traffic next year," the mayor said.\n'


def make_doc(folder: Path, name: str, text: str, **source: str) -> Document:
    """Write ``text`` to ``folder/name`` and return it as a Document with ``source``."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(str(path), text, sha, Source(id=sha[:12], **source))


def make_quote(
    doc: Document,
    words: str,
    speaker: str,
    *,
    context: str = "",
    topics: tuple[str, ...] = (),
    kind: str = "direct",
    nth: int = 0,
) -> Quote:
    """A quote of ``words`` (which must occur in the document; its ``nth`` occurrence,
    counting from 0) by ``speaker``."""
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(words, start + 1)
    spans = ((start, start + len(words)),)
    return Quote(
        id=quote_id(doc.sha256, spans),
        doc=doc.path,
        speaker=speaker,
        speaker_id=slugify(speaker),
        speaker_span=None,
        cue="said",
        spans=spans,
        text=words,
        context=context,
        topics=topics,
        source=doc.source,
        kind=kind,
    )


def sample_corpus(folder: Path) -> tuple[list[Document], list[Quote]]:
    """Three documents (two dated, one not) and seven quotes by four speakers."""
    folder.mkdir(parents=True, exist_ok=True)
    garden = make_doc(
        folder,
        "garden.txt",
        GARDEN,
        title="Growing tomatoes together",
        publication="Weekly Garden",
        author="Ann Writer",
        date="2019-05-02",
        url="https://example.org/garden",
    )
    music = make_doc(
        folder,
        "music.txt",
        MUSIC,
        title="Band on the road",
        publication="Sound Daily",
        date="2021-11",
        url="https://example.org/band",
    )
    city = make_doc(folder, "city.txt", CITY)
    quotes = [
        make_quote(
            garden,
            "Collaborating with neighbours made the garden grow faster.",
            "Maria Lopez",
            context='Maria Lopez said, "Collaborating with neighbours..."',
            topics=("garden", "neighbours"),
        ),
        make_quote(
            garden,
            "We planted tomatoes in early spring,",
            "Maria Lopez",
            topics=("garden",),
        ),
        make_quote(
            garden,
            "The rain was a blessing for the beans and the squash.",
            "Maria Lopez",
            context="Did the new greenhouse change anything?",
            topics=("weather",),
            kind="transcript",
        ),
        make_quote(
            music,
            "Music videos are a lot of work, but making them is a collaborative art.",
            "Tom Baker",
            topics=("music videos",),
        ),
        make_quote(
            music,
            "I was surprised by the audience in the small towns,",
            "Tom Baker",
            topics=("touring",),
        ),
        make_quote(music, "Control is an illusion on a stage,", "Nina Park", topics=("control",)),
        make_quote(city, "The bridge opens to traffic next year,", "the mayor"),
    ]
    return [garden, music, city], quotes


ALIASES = {"Tommy Baker": "Tom Baker"}


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[list[Document], list[Quote]]:
    """The sample corpus written under ``tmp_path/docs``."""
    return sample_corpus(tmp_path / "docs")


@pytest.fixture
def index_dir(tmp_path: Path, corpus: tuple[list[Document], list[Quote]]) -> Path:
    """An index of the sample corpus (with one alias), built from hand-made records."""
    docs, quotes = corpus
    path = tmp_path / "index"
    update_index(path, docs, quotes, aliases=ALIASES)
    return path


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Document], list[Quote], Path]:
    """A read-only index of the sample corpus shared by the tests that only search it:
    ``(documents, quotes, index directory)``."""
    root = tmp_path_factory.mktemp("sample")
    docs, quotes = sample_corpus(root / "docs")
    update_index(root / "index", docs, quotes, aliases=ALIASES)
    return docs, quotes, root / "index"


@pytest.fixture
def index(sample: tuple[list[Document], list[Quote], Path]) -> QuoteIndex:
    """The shared sample index, open (for reading only)."""
    ix = QuoteIndex(sample[2])
    yield ix
    ix.close()
