"""Search benchmark: build a large quote index and time queries through the project's
search API and through raw Whoosh on the same index, in the same run.

    .venv/bin/python benchmarks/search_speed.py [--quotes 200000] [--queries 100] [--seed 7]

The corpus is ../shared/polnear/train (from the repository root): its quotes are
extracted once with the project's pipeline, then replicated deterministically until
there are ``--quotes`` of them. Copy k of a document gets its own bytes (a line is
appended, so offsets stay valid), path, date (shifted by k weeks) and speakers (each
speaker's surname with a first name drawn from the corpus), so ids, speakers,
documents and dates all vary as in a real collection. About 5 minutes on two cores
for 200,000 quotes; ``--quotes 20000`` takes about one.

Printed: extraction and build throughput, index size, then p50/p95 latency per query
class (term, AND, phrase, speaker-filtered) for

- ``api``: :func:`search.query.search` without highlights, facets, suggestions or
  its response cache: parsing, the speaker filter, the time limit, the total count
  and the quote records rebuilt from their stored JSON;
- ``raw``: the same work in plain Whoosh on the same index: ``MultifieldParser``
  with the same fields and boosts, the same filter clause
  (:func:`search.collect.with_filter`), ``searcher.search(q, limit=10)``,
  ``len(results)`` for the total, and the stored fields of the hits;

for reference, raw Whoosh without the total and with its own ``filter=`` argument;
and, timed separately, the API with highlights and with facets against raw Whoosh's
``hit.highlights`` and ``groupedby`` facets. Queries are drawn (seeded) from the
indexed quotes; every query runs once to warm up, then API and raw runs alternate.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from whoosh import highlight, qparser, sorting  # noqa: E402
from whoosh import query as wq  # noqa: E402

from search.collect import with_filter  # noqa: E402
from search.documents import Document  # noqa: E402
from search.index import QuoteIndex, update_index  # noqa: E402
from search.pipeline import extract_corpus  # noqa: E402
from search.query import FIELD_BOOSTS, SearchRequest, search  # noqa: E402
from search.record import Quote, Source, quote_id, slugify  # noqa: E402

STOP = set(
    [
        "about",
        "after",
        "again",
        "also",
        "been",
        "before",
        "being",
        "could",
        "does",
        "from",
        "have",
        "into",
        "just",
        "more",
        "most",
        "much",
        "must",
        "only",
        "other",
        "over",
        "said",
        "same",
        "says",
        "should",
        "some",
        "such",
        "than",
        "that",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "very",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "will",
        "with",
        "would",
        "your",
    ]
)


Item = tuple[str, str | None]  # a query and its speaker filter (or None)


def replicate(
    documents: list[Document], quotes: list[Quote], target: int, seed: int
) -> tuple[list[Document], list[Quote]]:
    """Copies of the corpus until there are ``target`` quotes (see the module doc)."""
    by_doc: dict[str, list[Quote]] = {}
    for q in quotes:
        by_doc.setdefault(q.doc, []).append(q)
    names = sorted({q.speaker for q in quotes if len(q.speaker.split()) > 1})
    firsts = sorted({n.split()[0] for n in names})
    out_docs: list[Document] = []
    out_quotes: list[Quote] = []
    documents = list({d.sha256: d for d in reversed(documents)}.values())[::-1]  # no twins
    copy = 0
    while len(out_quotes) < target:
        rng = random.Random(f"{seed}:{copy}")
        for doc in documents:
            if len(out_quotes) >= target:
                break
            text = doc.text if copy == 0 else doc.text + f"\n[copy {copy}]\n"
            sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
            name = Path(doc.path).name
            publication = name.split("_")[0]
            m = re.search(r"_(\d{4}-\d{2}-\d{2})_", name)
            date = None
            if m:
                day = dt.date.fromisoformat(m.group(1)) + dt.timedelta(weeks=copy)
                date = day.isoformat()
            source = Source(id=sha[:12], title=name[:-4], publication=publication, date=date)
            path = f"/bench/copy{copy:03d}/{name}"
            out_docs.append(Document(path, text, sha, source))
            renamed: dict[str, str] = {}
            for q in by_doc.get(doc.path, ()):
                if len(out_quotes) >= target:
                    break
                speaker = q.speaker
                if copy and len(speaker.split()) > 1:
                    speaker = renamed.setdefault(
                        speaker, f"{rng.choice(firsts)} {speaker.split()[-1]}"
                    )
                out_quotes.append(
                    q.with_changes(
                        id=quote_id(sha, q.spans),
                        doc=path,
                        speaker=speaker,
                        speaker_id=slugify(speaker),
                        source=source,
                    )
                )
        copy += 1
    return out_docs, out_quotes


def words_of(text: str) -> list[str]:
    """The words of ``text`` (runs of ASCII letters)."""
    return [w for w in re.findall(r"[A-Za-z]+", text)]


def make_queries(quotes: list[Quote], n: int, seed: int) -> dict[str, list[Item]]:
    """``n`` queries per class: (query text, speaker or None)."""
    rng = random.Random(seed)
    out: dict[str, list[tuple[str, str | None]]] = {
        k: [] for k in ("term", "AND", "phrase", "speaker")
    }
    while any(len(v) < n for v in out.values()):
        q = rng.choice(quotes)
        words = words_of(q.text)
        content = [w for w in words if len(w) >= 4 and w.lower() not in STOP]
        if len(content) < 2 or len(words) < 4:
            continue
        if len(out["term"]) < n:
            out["term"].append((rng.choice(content).lower(), None))
        if len(out["AND"]) < n:
            a, b = rng.sample(content, 2)
            out["AND"].append((f"{a.lower()} {b.lower()}", None))
        if len(out["phrase"]) < n:
            i = rng.randrange(len(words) - 2)
            out["phrase"].append(('"' + " ".join(words[i : i + 3]) + '"', None))
        if len(out["speaker"]) < n:
            out["speaker"].append((rng.choice(content).lower(), q.speaker))
    return out


def pct(values: list[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank) of ``values``."""
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def dir_size(path: Path) -> int:
    """Bytes of the files under ``path``."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


Runner = Callable[..., int]  # runs one query: (text, speaker or None, **options)


def runners(
    ix: QuoteIndex,
    speaker_ids: dict[str, str],
    cache: bool = False,
    stats: dict[str, int] | None = None,
) -> tuple[Runner, Runner]:
    """``api`` and ``raw`` (see the module doc) for the same index. Options: ``facets``,
    ``highlights``; for ``raw`` also ``whoosh_filter`` and ``no_total``. ``speaker_ids``
    maps a speaker's name to its id (raw Whoosh filters on the id). ``cache``: let the
    API answer repeated requests from its response cache; off, every call does the
    work, as raw Whoosh does. ``stats["timed_out"]`` counts the API searches that ran
    out of time (their latency is then the time limit, not the work)."""
    stats = {} if stats is None else stats
    stats.setdefault("timed_out", 0)
    searcher = ix.searcher()
    parser = qparser.MultifieldParser(
        list(FIELD_BOOSTS), ix.schema, fieldboosts=FIELD_BOOSTS, group=qparser.AndGroup
    )

    def api(text: str, speaker: str | None, **opts: bool) -> int:
        req = SearchRequest(
            text, speakers=(speaker,) if speaker else (), limit=10,
            facets=opts.get("facets", False), highlights=opts.get("highlights", False),
            suggest=False,
        )  # fmt: skip
        response = search(ix, req, cache=cache)
        stats["timed_out"] += response.timed_out
        return len(response.hits)

    def raw(text: str, speaker: str | None, **opts: bool) -> int:
        q = parser.parse(text)
        filt = wq.Term("speaker_id", speaker_ids[speaker]) if speaker else None
        kwargs: dict = {}
        if opts.get("whoosh_filter"):
            kwargs["filter"] = filt  # Whoosh's own filter argument
        else:
            q = with_filter(q, filt)  # the same query as the API runs
        if opts.get("facets"):
            kwargs["groupedby"] = {
                "speaker": sorting.FieldFacet("speaker"),
                "source": sorting.FieldFacet("source"),
                "topic": sorting.FieldFacet("topics", allow_overlap=True),
            }
            kwargs["maptype"] = sorting.Count
        results = searcher.search(q, limit=10, **kwargs)
        if not opts.get("no_total"):
            len(results)
        if opts.get("highlights"):
            results.fragmenter = highlight.ContextFragmenter(maxchars=240, surround=60)
        for hit in results:
            record = hit.fields()["record"]
            if opts.get("highlights"):
                hit.highlights("text", text=json.loads(record)["text"], top=2)
        return len(results.top_n)

    return api, raw


def timed(fn: Runner, items: list[Item], **opts: bool) -> list[float]:
    """Milliseconds for each query of ``items``, run one after the other."""
    out = []
    for text, speaker in items:
        t = time.perf_counter()
        fn(text, speaker, **opts)
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quotes", type=int, default=200_000, help="quotes to index")
    ap.add_argument("--queries", type=int, default=100, help="queries per class")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--train", default=str(ROOT.parent / "shared" / "polnear" / "train" / "docs"))
    ap.add_argument("--keep", metavar="DIR", help="build the index here and keep it")
    a = ap.parse_args()

    t0 = time.perf_counter()
    documents, base = extract_corpus([a.train], lambda problem: None)
    t_extract = time.perf_counter() - t0
    words = sum(len(d.text.split()) for d in documents)
    print(
        f"extract: {len(documents)} documents, {words} words, {len(base)} quotes "
        f"in {t_extract:.1f} s ({len(documents) / t_extract:.0f} docs/s)"
    )
    docs, quotes = replicate(documents, base, a.quotes, a.seed)
    speakers = len({q.speaker_id for q in quotes})
    print(f"corpus:  {len(quotes)} quotes, {len(docs)} documents, {speakers} speakers")

    tmp = Path(a.keep) if a.keep else Path(tempfile.mkdtemp(prefix="quotes-bench-"))
    try:
        run(tmp / "index", docs, quotes, a)
    finally:
        if not a.keep:
            shutil.rmtree(tmp, ignore_errors=True)


def run(path: Path, docs: list[Document], quotes: list[Quote], a: argparse.Namespace) -> None:
    t0 = time.perf_counter()
    summary = update_index(path, docs, quotes, rebuild=True)
    t_build = time.perf_counter() - t0
    gen = path / summary.generation
    texts = dir_size(gen / "texts")
    total = dir_size(gen)
    print(
        f"build:   {summary.quotes} quotes in {t_build:.1f} s "
        f"({summary.quotes / t_build:.0f} quotes/s)"
    )
    print(
        f"size:    {total / 2**20:.0f} MiB ({(total - texts) / 2**20:.0f} MiB Whoosh index "
        f"and catalog, {texts / 2**20:.0f} MiB document texts)"
    )

    ix = QuoteIndex(path)
    speaker_ids = {q.speaker: q.speaker_id for q in quotes}
    queries = make_queries(quotes, a.queries, a.seed)
    api, raw = runners(ix, speaker_ids)

    all_items = [x for items in queries.values() for x in items]
    timed(api, all_items)  # warm caches (OS, Whoosh, ours) for both paths
    timed(raw, all_items)
    print(f"\nlatency in ms, {a.queries} queries per class, top 10 results and the total:")
    print(
        f"{'class':<10}{'api p50':>9}{'api p95':>9}{'raw p50':>9}{'raw p95':>9}{'api/raw p50':>13}"
    )
    for name, items in queries.items():
        api_t: list[float] = []
        raw_t: list[float] = []
        for item in items:  # alternate, so both see the same cache state
            api_t += timed(api, [item])
            raw_t += timed(raw, [item])
        ratio = statistics.median(api_t) / statistics.median(raw_t)
        print(
            f"{name:<10}{pct(api_t, 50):9.2f}{pct(api_t, 95):9.2f}"
            f"{pct(raw_t, 50):9.2f}{pct(raw_t, 95):9.2f}{ratio:13.2f}"
        )

    print("\nfor reference, raw Whoosh done otherwise (p50 / p95 ms):")
    no_total = timed(raw, all_items, no_total=True)
    print(
        f"  top 10 without the total, all classes:   {pct(no_total, 50):8.2f} / "
        f"{pct(no_total, 95):8.2f}"
    )
    few = queries["speaker"][:10]
    own = timed(raw, few, whoosh_filter=True)
    print(
        f"  speaker with Whoosh's filter= (10 queries): {pct(own, 50):8.2f} / {pct(own, 95):8.2f}"
    )

    print("\ntimed separately (all classes, p50 / p95 ms):")
    # Raw Whoosh's multi-valued facet reads every posting of the field on each search
    # (over a second at 200,000 quotes), so facets are timed on fewer queries.
    runs = (("highlights", {"highlights": True}, 100), ("facets", {"facets": True}, 20))
    for label, opts, n in runs:
        sample = all_items[:: max(1, len(all_items) // n)][:n]
        timed(api, sample[:5], **opts)
        timed(raw, sample[:5], **opts)
        api_t = timed(api, sample, **opts)
        raw_t = timed(raw, sample, **opts)
        print(
            f"  with {label:<11} api {pct(api_t, 50):7.2f} / {pct(api_t, 95):7.2f}"
            f"   raw {pct(raw_t, 50):7.2f} / {pct(raw_t, 95):7.2f}   ({n} queries)"
        )


if __name__ == "__main__":
    main()
