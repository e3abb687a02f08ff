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
    idle: Callable[[], bool] | None = None,
) -> Iterator[tuple[Document, list[Quote]]]:
    """Each document with the quotes found in it, in the order given, before names
    and topics are settled across the corpus.

    ``workers`` processes extract (None: one per core); documents stream through, a
    few batches at a time, so memory does not grow with the corpus. A document whose
    extraction fails is reported and yielded with no quotes. With several workers,
    ``idle`` is this process's own work, done while they compute (see
    :func:`search.workers.ordered_map`).
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

        results = ordered_map(_extract_one, feed(), n, idle=idle)
        pairs = ((in_flight.popleft(), result) for result in results)
    else:
        pairs = ((doc, _extract_one(doc)) for doc in stream)
    for doc, result in pairs:
        if isinstance(result, str):
            report(Problem(doc.path, f"quote extraction failed ({result}); no quotes kept"))
            result = []
        yield doc, result


class CorpusStream:
    """A corpus extracted with bounded memory, in two steps.

    :meth:`extract` streams documents through the extraction workers into ``spill``
    (their texts and raw quotes), noting speaker names on the way. Meanwhile, whenever
    it is not needed to extract, this process reads ahead and counts the topic model's
    words; once every document is counted, it fits the model and finds the label
    candidates of the quotes extracted so far, then of the rest as they come back. So
    on two cores little is left for :meth:`settle`, and on many, where this process is
    seldom idle, the workers find the rest there. :meth:`settle` then settles what
    needs the whole corpus (one name per person, shared topic labels: see
    :mod:`search.speakers` and :mod:`search.topics`) and yields each document with its
    final quotes, in reading order. What stays in memory are counts (of speaker names,
    topic words and labels), the spill's offsets and a few documents read ahead;
    documents, quotes and label candidates wait in the spill. ``model`` and ``prior``
    (an index's saved topic model and label uses) label the quotes in the index's
    vocabulary instead of fitting a new one.
    """

    AHEAD = 64  # documents read ahead that are kept at hand, not only in the spill

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
        self.read = 0  # documents read: their metadata and texts are in the spill
        self.sent = 0  # documents sent to be extracted
        self.count = 0  # documents extracted: their quotes are in the spill
        self.labelled = 0  # documents whose quotes' label candidates are in a column
        self._documents: Iterator[Document] = iter(())
        self._unsent: deque[Document] = deque()  # the next ones to send, if read already
        self._to_count: deque[int] = deque()  # documents read, to count for the model
        self._candidates = spill.column()

    def extract(self, documents: Iterable[Document], report: Reporter) -> None:
        """Extract every document (on every core), keeping the results in the spill."""
        self._documents = iter(documents)
        for _, quotes in extract_each(self._sending(), report, self.workers, self._ahead):
            self.spill.put("quotes", quotes)
            for q in quotes:
                self.names.see(q.speaker)
            self.count += 1

    def _read_next(self) -> bool:
        """Read the next document into the spill; False if there is none left."""
        doc = next(self._documents, None)
        if doc is None:
            return False
        i = self.spill.put("texts", doc.text)
        self.spill.put("docs", replace(doc, text=""))
        self.read += 1
        if self.fitter is not None and self.fitter.wants(doc.sha256):
            self._to_count.append(i)
        if self.sent + len(self._unsent) == i and len(self._unsent) < self.AHEAD:
            self._unsent.append(doc)
        return True

    def _sending(self) -> Iterator[Document]:
        """The documents to extract, in reading order, each read when first needed
        unless :meth:`_ahead` read it already."""
        while self.sent < self.read or self._read_next():
            if self._unsent:
                doc = self._unsent.popleft()
            else:
                doc = replace(self.spill.get("docs", self.sent), text=self.text(self.sent))
            self.sent += 1
            yield doc

    def _ahead(self) -> bool:
        """One step of this process's own work while the workers extract: until the
        topic model is fitted, count the next document read for it, else read the
        next document, else (all read) fit it; then find the label candidates of the
        next document extracted. False when there is nothing to do just now. (Fitting
        is the one long step: a few tenths of a second for thousands of documents.)"""
        if self._to_count:
            self._count_next()
        elif self.model is None:
            if not self._read_next():
                self._fit()
        elif self.labelled < self.count:
            i = self.labelled
            self._label(self.spill.get("quotes", i), self.text(i))
        else:
            return False
        return True

    def _count_next(self) -> None:
        self.fitter.add(self.text(self._to_count.popleft()))  # type: ignore[union-attr]

    def _fit(self) -> None:
        """Fit the topic model on every document read (counting those not yet counted)."""
        while self._to_count:
            self._count_next()
        self.model = self.fitter.model()  # type: ignore[union-attr]
        # The counts behind the model (tens of MB for a large corpus) go now, before
        # settling's workers are forked and while the index is written.
        self.fitter = None

    def _label(self, quotes: list[Quote], text: str) -> None:
        """Note the label candidates of the next document's quotes."""
        for ids in group_candidates(self.model, (quotes, text)):  # type: ignore[arg-type]
            self._candidates.append(ids)
        self.labelled += 1

    def know(self, name: str) -> None:
        """Note a speaker name from outside the stream (one already in an index)."""
        self.names.see(name)

    def text(self, i: int) -> str:
        """The text of the ``i``-th document read."""
        return self.spill.get("texts", i)

    def settle(self) -> Iterator[tuple[Document, list[Quote]]]:
        """Each document (without its text: see :meth:`text`) with its final quotes.

        :attr:`uses` counts the labels chosen once the last document is yielded.
        """
        if self.model is None:
            self._fit()
        model = self.model
        assert model is not None
        # The label candidates that extraction left to find (all of them with one worker).
        rest = range(self.labelled, self.count)
        workers = 1 if len(rest) < PARALLEL_FROM else (self.workers or cpu_count())
        if workers == 1 or forks():
            # Forked workers share this stream: only document numbers need to travel.
            self.spill.flush()
            found = ordered_map(_candidates_of, rest, workers, shared=self)
        else:
            groups = ((self.spill.get("quotes", i), self.text(i)) for i in rest)
            found = ordered_map(group_candidates, groups, workers, shared=model)
        for ids_of_doc in found:
            for ids in ids_of_doc:
                self._candidates.append(ids)
        self.labelled = self.count
        ids = model.key_ids
        prior = Counter({ids[key]: n for key, n in self.prior.items() if key in ids})
        chosen = iter_shared_labels(self._candidates, prior=prior, scratch=self.spill.column)
        uses: dict[int, int] = {}  # (Counter.update costs more for a quote's few labels)
        for i in range(self.count):
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
