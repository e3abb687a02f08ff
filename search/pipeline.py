"""The extraction pipeline: read documents, extract each one's quotes (on every core),
then settle the corpus-wide parts (one name and id per speaker, shared topic labels)."""

from __future__ import annotations

import tempfile
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from itertools import chain, islice
from pathlib import Path

from .documents import Document, Problem, Reporter, load_aliases, read_documents
from .extract import extract_document
from .record import Quote
from .speakers import SpeakerNames
from .spill import MemorySpill, Spill
from .topics import Key, TopicFitter, TopicModel, group_candidates, iter_shared_labels, labels_of
from .workers import cpu_count, forks, ordered_map

# Below this many documents, starting worker processes costs more than it saves.
PARALLEL_FROM = 24


def _extract_one(doc: Document) -> list[Quote] | str:
    """A document's quotes, or the error that stopped its extraction."""
    try:
        return extract_document(doc)
    except Exception as err:  # a bug must cost one document, not the whole corpus
        return f"{type(err).__name__}: {err}"


def extract_each(
    documents: Iterable[Document],
    report: Reporter,
    workers: int | None = None,
    on_send: Callable[[Document], object] | None = None,
) -> Iterator[tuple[Document, list[Quote]]]:
    """Each document with the quotes found in it, in the order given, before names
    and topics are settled across the corpus.

    ``workers`` processes extract (None: one per core); documents stream through, a
    few batches at a time, so memory does not grow with the corpus. A document whose
    extraction fails is reported and yielded with no quotes. ``on_send`` is called
    with each document as it is sent to be extracted, in this process (so, with
    several workers, while they are busy with earlier documents).
    """
    n = workers or cpu_count()
    it = iter(documents)
    head = list(islice(it, PARALLEL_FROM))
    if len(head) < PARALLEL_FROM:
        n = 1
    stream: Iterator[Document] = chain(head, it)
    if on_send is not None:
        # Applied after the head is read: documents are announced as they go out.
        stream = _announced(stream, on_send)
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


def _announced(
    documents: Iterable[Document], on_send: Callable[[Document], object]
) -> Iterator[Document]:
    """The documents, each passed to ``on_send`` as it is taken."""
    for doc in documents:
        on_send(doc)
        yield doc


class CorpusStream:
    """A corpus extracted with bounded memory, in two steps.

    :meth:`extract` streams documents through the extraction workers into ``spill``
    (their texts and raw quotes), counting the topic model's words and noting speaker
    names on the way. :meth:`settle` then settles what needs the whole corpus (one name
    per person, shared topic labels: see :mod:`search.speakers` and
    :mod:`search.topics`) and yields each document with its final quotes, in reading
    order. What stays in memory are counts (of speaker names, topic words and labels)
    and the spill's offsets; documents, quotes and label candidates wait in the spill.
    ``model`` and ``prior`` (an index's saved topic model and label uses) label
    the quotes in the index's vocabulary instead of fitting a new one.
    """

    def __init__(
        self,
        spill: MemorySpill,
        aliases: dict[str, str],
        *,
        workers: int | None = None,
        model: TopicModel | None = None,
        prior: Counter[Key] | None = None,
    ) -> None:
        self.spill = spill
        self.workers = workers
        self.names = SpeakerNames(aliases)
        self.fitter = TopicFitter() if model is None else None
        self.model = model
        self.prior = prior or Counter()
        self.uses: Counter[Key] = Counter()
        self.count = 0  # documents extracted: their metadata and texts are in the spill

    def extract(self, documents: Iterable[Document], report: Reporter) -> None:
        """Extract every document (on every core), keeping the results in the spill."""
        # The topic model counts each document as it is sent to be extracted: not
        # before (the workers would wait for the first ones to be counted) and not
        # after (the last ones would be counted once the workers were done).
        fit = None if self.fitter is None else self._fit
        for doc, quotes in extract_each(documents, report, self.workers, fit):
            self.spill.put("texts", doc.text)
            self.spill.put("quotes", quotes)
            self.spill.put("docs", replace(doc, text=""))
            for q in quotes:
                self.names.see(q.speaker)
            self.count += 1

    def _fit(self, doc: Document) -> None:
        self.fitter.offer(doc.text, doc.sha256)  # type: ignore[union-attr]

    def know(self, name: str) -> None:
        """Note a speaker name from outside the stream (one already in an index)."""
        self.names.see(name)

    def text(self, i: int) -> str:
        """The text of the ``i``-th document extracted."""
        return self.spill.get("texts", i)

    def settle(self) -> Iterator[tuple[Document, list[Quote]]]:
        """Each document (without its text: see :meth:`text`) with its final quotes.

        :attr:`uses` counts the labels chosen once the last document is yielded.
        """
        if self.model is None:
            self.model = self.fitter.model()  # type: ignore[union-attr]
            # The counts behind the model (tens of MB for a large corpus) go now, before
            # the workers are forked and while the index is written.
            self.fitter = None
        model, count = self.model, self.count
        workers = 1 if count < PARALLEL_FROM else (self.workers or cpu_count())
        if workers == 1 or forks():
            # Forked workers share this stream: only document numbers need to travel.
            self.spill.flush()
            found = ordered_map(_candidates_of, range(count), workers, shared=self)
        else:
            groups = ((self.spill.get("quotes", i), self.text(i)) for i in range(count))
            found = ordered_map(group_candidates, groups, workers, shared=model)
        # Candidates come back and wait as label numbers, in a scratch column.
        candidates = self.spill.column()
        for ids_of_doc in found:
            for ids in ids_of_doc:
                candidates.append(ids)
        ids = model.key_ids
        prior = Counter({ids[key]: n for key, n in self.prior.items() if key in ids})
        chosen = iter_shared_labels(candidates, prior=prior, scratch=self.spill.column)
        uses: dict[int, int] = {}  # (Counter.update costs more for a quote's few labels)
        for i in range(count):
            quotes = []
            for q in self.spill.get("quotes", i):
                picked = next(chosen)
                for k in picked:
                    uses[k] = uses.get(k, 0) + 1
                topics = labels_of(model, [model.keys[k] for k in picked])
                quotes.append(self.names.settle(q, topics=topics))
            yield self.spill.get("docs", i), quotes
        self.uses = self.prior + Counter({model.keys[k]: n for k, n in uses.items()})


def _candidates_of(stream: CorpusStream, i: int) -> list[list[int]]:
    """The label candidates of the ``i``-th document's quotes (in a worker sharing the
    stream: see :meth:`CorpusStream.settle`). Labels come from a quote's words, not its
    speaker: the quotes as extracted will do, before their names are settled."""
    quotes = stream.spill.get("quotes", i)
    return group_candidates(stream.model, (quotes, stream.text(i)))  # type: ignore[arg-type]


def stream_corpus(
    paths: Iterable[str], report: Reporter, *, workers: int | None = None
) -> Iterator[tuple[Document, list[Quote]]]:
    """Each document named by ``paths`` (without its text) with its quotes, settled
    across the corpus, in reading order, with bounded memory: the raw quotes and texts
    wait in a scratch folder under the system's temporary directory."""
    paths = list(paths)
    with tempfile.TemporaryDirectory(prefix="quotes-extract-") as tmp:
        spill = Spill(Path(tmp) / "spill")
        try:
            stream = CorpusStream(spill, load_aliases(paths, report), workers=workers)
            stream.extract(read_documents(paths, report), report)
            yield from stream.settle()
        finally:
            spill.close()


def extract_corpus(
    paths: Iterable[str], report: Reporter, *, workers: int | None = None
) -> tuple[list[Document], list[Quote]]:
    """Every document named by ``paths`` and every quote found in them, in reading
    order, all in memory (see :func:`stream_corpus` for a corpus of any size).

    ``workers``: extraction processes (None: one per core, 1: this process only).
    """
    paths = list(paths)
    stream = CorpusStream(MemorySpill(), load_aliases(paths, report), workers=workers)
    stream.extract(read_documents(paths, report), report)
    documents: list[Document] = []
    quotes: list[Quote] = []
    for i, (doc, found) in enumerate(stream.settle()):
        documents.append(replace(doc, text=stream.text(i)))
        quotes.extend(found)
    return documents, quotes
