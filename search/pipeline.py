"""The extraction pipeline: read documents, extract each one's quotes (on every core),
then settle the corpus-wide parts (one name and id per speaker, shared topic labels)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from itertools import chain, groupby, islice

from .documents import Document, Problem, Reporter, load_aliases, read_documents
from .extract import extract_document
from .record import Quote
from .speakers import unify_speakers
from .topics import TopicFitter, group_candidates, label_quotes
from .workers import cpu_count, ordered_map

# Below this many documents, starting worker processes costs more than it saves.
PARALLEL_FROM = 24


def _extract_one(doc: Document) -> list[Quote] | str:
    """A document's quotes, or the error that stopped its extraction."""
    try:
        return extract_document(doc)
    except Exception as err:  # a bug must cost one document, not the whole corpus
        return f"{type(err).__name__}: {err}"


def extract_each(
    documents: Iterable[Document], report: Reporter, workers: int | None = None
) -> Iterator[tuple[Document, list[Quote]]]:
    """Each document with the quotes found in it, in the order given, before names
    and topics are settled across the corpus.

    ``workers`` processes extract (None: one per core); documents stream through, a
    few batches at a time, so memory does not grow with the corpus. A document whose
    extraction fails is reported and yielded with no quotes.
    """
    n = workers or cpu_count()
    it = iter(documents)
    head = list(islice(it, PARALLEL_FROM))
    if len(head) < PARALLEL_FROM:
        n = 1
    stream = chain(head, it)
    if n > 1:
        # The documents are needed again here: keep the few in flight, in order.
        in_flight: deque[Document] = deque()

        def feed() -> Iterator[Document]:
            for doc in stream:
                in_flight.append(doc)
                yield doc

        results = ordered_map(_extract_one, feed(), n)
        pairs = ((in_flight.popleft(), result) for result in results)
    else:
        pairs = ((doc, _extract_one(doc)) for doc in stream)
    for doc, result in pairs:
        if isinstance(result, str):
            report(Problem(doc.path, f"quote extraction failed ({result}); no quotes kept"))
            result = []
        yield doc, result


def extract_corpus(
    paths: Iterable[str], report: Reporter, *, workers: int | None = None
) -> tuple[list[Document], list[Quote]]:
    """Every document named by ``paths`` and every quote found in them, in reading order.

    ``workers``: extraction processes (None: one per core, 1: this process only).
    """
    paths = list(paths)
    documents: list[Document] = []
    quotes: list[Quote] = []
    fitter = TopicFitter()
    for doc, found in extract_each(fitting(read_documents(paths, report), fitter), report, workers):
        documents.append(doc)
        quotes.extend(found)
    quotes = unify_speakers(quotes, load_aliases(paths, report))
    model = fitter.model()
    text_of = {doc.path: doc.text for doc in documents}
    groups = [(list(g), text_of.get(path)) for path, g in groupby(quotes, lambda q: q.doc)]
    n = 1 if len(groups) < PARALLEL_FROM else (workers or cpu_count())
    candidates = [c for cs in ordered_map(group_candidates, groups, n, shared=model) for c in cs]
    return documents, label_quotes(model, quotes, candidates)


def fitting(documents: Iterable[Document], fitter: TopicFitter) -> Iterator[Document]:
    """The documents, each offered to ``fitter`` as it passes (in this process, while
    the extraction workers are busy with earlier ones)."""
    for doc in documents:
        fitter.offer(doc.text, doc.sha256)
        yield doc
