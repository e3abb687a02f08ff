"""The extraction pipeline: read documents, extract each one's quotes, then settle the
corpus-wide parts (one name and id per speaker, shared topic labels)."""

from __future__ import annotations

from collections.abc import Iterable

from .documents import Document, Reporter, load_aliases, read_documents
from .extract import extract_document
from .record import Quote
from .speakers import unify_speakers
from .topics import assign_topics


def extract_corpus(paths: Iterable[str], report: Reporter) -> tuple[list[Document], list[Quote]]:
    """Every document named by ``paths`` and every quote found in them, in reading order."""
    paths = list(paths)
    documents = list(read_documents(paths, report))
    quotes: list[Quote] = []
    for doc in documents:
        quotes.extend(extract_document(doc))
    quotes = unify_speakers(quotes, load_aliases(paths, report))
    quotes = assign_topics(quotes, documents)
    return documents, quotes
