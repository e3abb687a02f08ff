"""Scale experiment: extraction, indexing, incremental updates and queries on corpora of
growing size, figures printed at each size so the growth curve shows (never pass/fail).

    .venv/bin/python benchmarks/scale.py                   # 1,000, 10,000, 100,000 documents
    .venv/bin/python benchmarks/scale.py --quick           # 200 and 1,000: a smoke run
    .venv/bin/python benchmarks/scale.py --sizes 1000,10000 --web

Corpora come from ``benchmarks/make_corpus.py`` (about ten quotes a document, so
100,000 documents hold about a million quotes) and live under ``--scratch``
(``SIZE/corpus``, ``SIZE/index``); a corpus is made when missing and kept for the next
run. Printed:

- extraction: the first ``--extract-docs`` documents of the largest corpus through
  :func:`search.pipeline.extract_corpus` with one worker and with one per core,
  alternating, ``--extract-rounds`` times: documents/s, quotes/s, peak memory, and
  the ratio of the two throughputs (each round's, their median, and the best times'),
  beside the machine's ceiling measured in the same rounds (:func:`ceiling`);
- per size: a full build (:func:`search.index.index_paths` into a new folder): seconds,
  quotes/s, peak memory, index size; then ``--updates`` times (3), another 1% of the
  documents get a new paragraph with a quote (seeded; all put back afterwards) and the
  index is updated: seconds and their ratio to the full build, for the first update
  and the mean (later updates also merge the small segments of earlier ones);
- then, unless ``--no-queries``, queries on every size's index, timed in turns query
  by query (so the machine's slow and fast spells weigh on every size alike), per
  class (term, AND, phrase, speaker-filtered, faceted): p50/p95 through
  the project's API (:func:`search.query.search`, response cache on but cleared
  before each search, so none is a cache hit; each query's time the median of
  ``--rounds`` (3) rounds) and through raw Whoosh on the same index, once (see
  ``benchmarks/search_speed.py``, whose code this reuses); and repeated queries (each
  asked twice: the second is answered from the cache);
- a growth table over the sizes, and the p95 growth from the size nearest to 100,000
  quotes to the largest;
- with ``--web``: ``benchmarks/load.py`` against the largest index (requests/s,
  latency, server memory), with its own few searches (mostly answered from the
  server's response cache) and with ``--web-distinct`` different ones.

Builds and extraction runs happen in a child process, so their memory is their own:
"peak" is the highest sum of the proportional set size (PSS: shared pages divided
among the processes sharing them) of the child and its workers, sampled every 0.2 s;
the child's own maximum RSS and that of its largest worker (getrusage) are printed
beside it. Queries are drawn (seeded) from quotes stored in the smallest index of the
run, and the same queries are timed at every size: the growth is then the corpus's,
not that of which words a sample happened to draw. (The first documents of a larger
corpus are a smaller one's, so every query finds its words at every size.) Before
timing, each index reads its facet and sort keys (:func:`search.query.warm`, as
``quotes serve`` does at start); that one-off time is printed too.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import load
import make_corpus
import search_speed
from search_speed import Item, dir_size, pct

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CLASSES = ("term", "AND", "phrase", "speaker", "faceted")
RAW_FACETED = 10  # raw Whoosh re-reads its facets on every search: seconds each at 1M
WARM = 5  # warm-up queries per class, never timed


# ------------------------------------------------------------------ child runs


def _workers(fn: Any, workers: int | None) -> dict[str, Any]:
    """``workers=`` for ``fn`` if it takes that keyword (the engine may not yet)."""
    return {"workers": workers} if "workers" in inspect.signature(fn).parameters else {}


def child() -> None:
    """Run one job read as JSON from standard input; print its figures as JSON."""
    from search.index import index_paths
    from search.pipeline import extract_corpus

    job = json.loads(sys.stdin.read())
    if "fit_all" in job:  # see halves()
        import search.topics

        search.topics.FIT_ALL = job["fit_all"]
    problems: list[Any] = []
    fn = extract_corpus if job["kind"] == "extract" else index_paths
    kw = _workers(fn, job["workers"])
    started = time.perf_counter()
    if job["kind"] == "extract":
        docs, quotes = extract_corpus(job["paths"], problems.append, **kw)
        out: dict[str, Any] = {"docs": len(docs), "quotes": len(quotes)}
    else:
        s = index_paths(job["index"], job["paths"], report=problems.append, **kw)
        out = {"docs": s.documents, "quotes": s.quotes}
        out |= {k: len(getattr(s, k)) for k in ("added", "updated", "unchanged", "removed")}
    out["seconds"] = time.perf_counter() - started
    out["workers_ignored"] = not kw and job["workers"] != 1
    out["problems"] = len(problems)
    out["self_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out["children_kb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps(out))


def _memory_kb(pid: int) -> int:
    """A process's proportional set size in kB (its RSS if PSS is unavailable)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return load.rss_kb(pid)


def tree_memory_kb(root: int) -> int:
    """The summed PSS of process ``root`` and all its descendants, in kB."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _memory_kb(pid)
        todo.extend(children.get(pid, ()))
    return total


def run_child(job: dict[str, Any], every: float = 0.2) -> dict[str, Any]:
    """Run ``job`` in a child process; its figures plus ``peak_kb`` (sampled every
    ``every`` seconds) and ``wall`` (seconds, process start included).

    Each sample reads every process's memory map (about 8 ms of CPU for a pipeline of
    three), time taken from the job when all cores are busy: sample seldom when the
    job's speed on every core is what is measured."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--child"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_memory_kb(proc.pid))
            time.sleep(every)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate(json.dumps(job))
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"the {job['kind']} run failed (exit status {proc.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_kb"] = peak[0]
    result["wall"] = time.perf_counter() - started
    return result


def memory(r: dict[str, Any]) -> str:
    """The memory figures of a child run, for printing."""
    return (
        f"peak {r['peak_kb'] / 1024:,.0f} MB (PSS, all processes); max RSS "
        f"{r['self_kb'] / 1024:,.0f} MB main, {r['children_kb'] / 1024:,.0f} MB largest worker"
    )


def ignored(r: dict[str, Any]) -> str:
    """A note when the engine took no ``workers=`` argument."""
    return (
        " (no workers= argument in the engine yet: default workers)" if r["workers_ignored"] else ""
    )


# ---------------------------------------------------------------- the phases


def ensure_corpus(folder: Path, docs: int, seed: int) -> None:
    """Make the corpus of ``docs`` documents in ``folder`` unless it is already there
    (a corpus left edited by an interrupted run is made again)."""
    edited = folder.parent / "corpus-edited"
    if make_corpus.is_made(folder, docs, seed, make_corpus.DEFAULT_DROP) and not edited.exists():
        print(f"corpus: {docs:,} documents in {folder} (already made)")
        return
    started = time.perf_counter()
    _, size = make_corpus.make_corpus(folder, docs, seed)
    edited.unlink(missing_ok=True)
    took = time.perf_counter() - started
    print(f"corpus: {docs:,} documents, {size / 2**20:,.0f} MiB made in {took:.1f} s ({folder})")


def _spin(n: int) -> int:
    """A pure-Python loop of dict and string work, like extraction's but with no data."""
    seen: dict[str, int] = {}
    for i in range(n):
        key = str(i % 5000)
        seen[key] = seen.get(key, 0) + len(key.upper())
    return len(seen)


def ceiling(cores: int, jobs: int = 8, n: int = 1_000_000) -> float:
    """How much faster ``jobs`` equal pure-Python loops run on ``cores`` processes than
    in one: what this machine allows any parallel code at that moment (a perfectly
    parallel loop gives exactly ``cores`` only on an idle machine of real cores)."""
    import multiprocessing

    started = time.perf_counter()
    for _ in range(jobs):
        _spin(n)
    one = time.perf_counter() - started
    with multiprocessing.Pool(cores) as pool:
        pool.map(_spin, [1] * cores)  # the processes start before the timing
        started = time.perf_counter()
        pool.map(_spin, [n] * jobs, chunksize=1)
        many = time.perf_counter() - started
    return one / many


def halves(paths: list[str]) -> tuple[float, float]:
    """Seconds taken by two independent one-worker extractions, of every other document
    of ``paths`` (the first, third, ...) and of the rest, run at the same time: this
    workload's own ceiling on this machine at that moment (what two cores give two
    processes that never wait for each other), to set beside the pipeline's parallel
    run. Each half's topic model counts the documents of its half that the whole run's
    would (the first :data:`search.topics.FIT_ALL` by position, then a sample by content
    hash), so the two share the whole run's counting evenly; each settles its own
    quotes."""
    from search.topics import FIT_ALL

    jobs = [
        {"kind": "extract", "paths": paths[0::2], "workers": 1, "fit_all": (FIT_ALL + 1) // 2},
        {"kind": "extract", "paths": paths[1::2], "workers": 1, "fit_all": FIT_ALL // 2},
    ]
    results: list[dict[str, Any]] = [{}, {}]
    failed: list[BaseException] = []

    def run(i: int) -> None:
        try:
            results[i] = run_child(jobs[i], every=1.0)
        except BaseException as err:  # run_child's SystemExit would end only this thread
            failed.append(err)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failed:
        raise failed[0]
    return results[0]["seconds"], results[1]["seconds"]


def extraction(corpus: Path, limit: int, repeat: int = 3) -> dict[str, float]:
    """Extraction throughput on the same documents with one worker and one per core,
    ``repeat`` times, the two alternating (so that a slow spell of the machine hits
    both alike): the ratio of each pair, their median, and that of the best times.

    Each round also measures the machine's own :func:`ceiling`, and on two cores this
    workload's (:func:`halves`), next to the extraction runs, so that a noisy spell
    shows as such."""
    from search.workers import cpu_count

    paths = [str(p) for p in sorted(corpus.glob("*/*.txt"))[:limit]]
    cores = cpu_count()
    print(
        f"\n== extraction: {len(paths):,} documents of {corpus}, {cores} cores, "
        f"{repeat} rounds (load average {load_average()}) =="
    )
    seconds: dict[str, list[float]] = {"1 worker": [], f"{cores} workers": []}
    ceilings, apart = [], []
    for _ in range(repeat):
        ceilings.append(ceiling(cores))
        print(f"machine ceiling: a pure-Python loop on {cores} processes {ceilings[-1]:.2f}x")
        for workers, label in ((1, "1 worker"), (None, f"{cores} workers")):
            r = run_child({"kind": "extract", "paths": paths, "workers": workers}, every=1.0)
            seconds[label].append(r["seconds"])
            print(
                f"{label:<10} {r['docs']:,} docs, {r['quotes']:,} quotes in {r['seconds']:.1f} s"
                f" = {r['docs'] / r['seconds']:,.1f} docs/s, "
                f"{r['quotes'] / r['seconds']:,.0f} quotes/s; {memory(r)}{ignored(r)}"
            )
        if cores == 2:
            first, second = halves(paths)
            apart.append(seconds["1 worker"][-1] / max(first, second))
            print(
                f"two halves extracted at once by independent processes: {first:.1f} s and "
                f"{second:.1f} s, {apart[-1]:.2f}x"
            )
    one, many = seconds.values()
    ratios = [a / b for a, b in zip(one, many, strict=True)]
    median = statistics.median(ratios)
    best = min(one) / min(many)
    print(
        f"throughput, {cores} workers / 1 worker: "
        f"{', '.join(f'{r:.2f}x' for r in ratios)} (median {median:.2f}x; "
        f"best times {best:.2f}x); machine ceiling in the same rounds: "
        f"{', '.join(f'{c:.2f}x' for c in ceilings)} (median {statistics.median(ceilings):.2f}x)"
    )
    out = {"ratio": median, "best": best, "cores": cores, "ceiling": statistics.median(ceilings)}
    if apart:
        out["halves"] = statistics.median(apart)
        print(
            "two halves at once, independent processes: "
            f"{', '.join(f'{r:.2f}x' for r in apart)} (median {out['halves']:.2f}x)"
        )
    return out


def build(size_dir: Path, seed: int, fraction: float, updates: int = 1) -> dict[str, Any]:
    """A full build into a new folder, then ``updates`` successive updates, each after
    editing another ``fraction`` of the documents (all edits put back afterwards).
    Several updates show what merging the small segments of earlier updates costs,
    which the first update after a build never pays."""
    corpus, index = size_dir / "corpus", size_dir / "index"
    if index.exists():
        shutil.rmtree(index)
    full = run_child(
        {"kind": "build", "index": str(index), "paths": [str(corpus)], "workers": None}
    )
    full["index_mb"] = dir_size(index) / 2**20
    print(
        f"build:       {full['quotes']:,} quotes, {full['docs']:,} documents in "
        f"{full['seconds']:.1f} s = {full['quotes'] / full['seconds']:,.0f} quotes/s; "
        f"index {full['index_mb']:,.0f} MB; {memory(full)}{ignored(full)}"
    )
    marker = size_dir / "corpus-edited"
    marker.touch()
    originals: dict[Path, bytes] = {}
    runs = []
    try:
        for k in range(updates):
            edited = make_corpus.edit_documents(corpus, fraction, seed + k)
            originals = edited | originals  # the first original of each file wins
            inc = run_child(
                {"kind": "build", "index": str(index), "paths": [str(corpus)], "workers": None}
            )
            runs.append(inc)
            print(
                f"update {k + 1}: {sum(p.suffix == '.txt' for p in edited):,} documents "
                f"edited ({fraction:.0%}): "
                f"{inc['updated']:,} updated, {inc['added']:,} added, "
                f"{inc['unchanged']:,} unchanged in {inc['seconds']:.2f} s = "
                f"{inc['seconds'] / full['seconds']:.1%} of the full build; "
                f"{memory(inc)}{ignored(inc)}"
            )
    finally:
        make_corpus.restore(originals)
        marker.unlink()
    mean = statistics.mean(r["seconds"] for r in runs)
    if updates > 1:
        print(f"updates: mean {mean:.2f} s = {mean / full['seconds']:.1%} of the full build")
    return {
        "full": full,
        "inc": runs[0],
        "inc_ratio": runs[0]["seconds"] / full["seconds"],
        "inc_mean": mean,
        "inc_mean_ratio": mean / full["seconds"],
    }


def quotes_in(index_dir: Path) -> int:
    """How many quotes the index at ``index_dir`` holds."""
    from search.index import QuoteIndex

    index = QuoteIndex.open(index_dir)
    try:
        return int(index.searcher().doc_count())
    finally:
        index.close()


def sample_quotes(index: Any, n: int, seed: int) -> list[Any]:
    """Up to ``n`` quotes read from the index's stored records (seeded)."""
    from search.record import Quote

    reader = index.searcher().reader()
    total = reader.doc_count_all()
    rng = random.Random(seed)
    out = []
    for docnum in sorted(rng.sample(range(total), min(n, total))):
        if reader.is_deleted(docnum):
            continue
        out.append(Quote.from_dict(json.loads(reader.stored_fields(docnum)["record"])))
    return out


def plan_queries(quotes: list[Any], a: argparse.Namespace) -> dict[str, list[Item]]:
    """Distinct queries per class (so no timed query is a cache hit), plus ``warm``
    and ``repeated``."""
    want = {"term": a.queries + a.facet_queries, "AND": a.queries + a.repeat}
    drawn = search_speed.make_queries(quotes, WARM + max(a.queries, *want.values()) * 2, a.seed)
    seen: set[Item] = set()
    pools = {}
    for name, items in drawn.items():
        pools[name] = [x for x in items if not (x in seen or seen.add(x))]
    plan: dict[str, list[Item]] = {"warm": []}
    for name, items in pools.items():
        plan["warm"] += items[:WARM]
        plan[name] = items[WARM : WARM + a.queries]
    plan["faceted"] = pools["term"][WARM + a.queries :][: a.facet_queries]
    plan["repeated"] = pools["AND"][WARM + a.queries :][: a.repeat]
    return plan


def draw_plan(index_dirs: list[Path], a: argparse.Namespace) -> dict[str, list[Item]]:
    """The queries of a run (see :func:`plan_queries`), drawn from the first index's
    quotes; speakers by id, which the API and raw Whoosh read the same way. Quotes
    whose speaker id another index lacks (its settling told same-named speakers apart
    differently) are not drawn, so that every query runs at every size."""
    from search.index import QuoteIndex

    index = QuoteIndex(index_dirs[0])
    quotes = [q.with_changes(speaker=q.speaker_id) for q in sample_quotes(index, 3000, a.seed)]
    index.close()
    for other in index_dirs[1:]:
        index = QuoteIndex(other)
        speakers = index.catalog["speakers"]
        kept = [q for q in quotes if q.speaker in speakers]
        index.close()
        if len(kept) < len(quotes):
            print(f"{len(quotes) - len(kept)} of {len(quotes)} sampled quotes not drawn: "
                  f"their speaker id is not in {other}")  # fmt: skip
        quotes = kept
    return plan_queries(quotes, a)


def queries(
    index_dirs: list[Path], a: argparse.Namespace, plan: dict[str, list[Item]]
) -> list[dict[str, Any]]:
    """p50/p95 per class through the API and raw Whoosh, and repeated-query latency,
    for each index of ``index_dirs``; one dict per index.

    The indexes are timed in turns, query by query (each query on every index before
    the next), so that a slow or fast spell of the machine weighs on every size alike:
    the growth from one size to the next is measured within the same minutes. Each
    query is timed ``a.rounds`` times, the sizes in turn in each round, and its time
    at a size is the median of its rounds: a spell of a second or two lands on a
    query at one size more than at another (a query at the large size takes ten times
    as long), and the median leaves out a round it struck. Raw Whoosh, timed for the
    ratio of the p50s only, runs in the first round. The response cache is cleared
    before every API search, so that each does the whole work."""
    from search.index import QuoteIndex
    from search.query import cache_clear, cache_info, warm

    indexes = []
    for index_dir in index_dirs:
        index = QuoteIndex(index_dir)
        took = warm(index)
        n = index.searcher().doc_count()
        print(f"{n:,} quotes: facet and sort keys read ahead in {took:.1f} s (once per index)")
        indexes.append(index)
    speaker_ids = {s: s for items in plan.values() for _, s in items if s}
    stats: dict[str, int] = {}
    pairs = [search_speed.runners(ix, speaker_ids, cache=True, stats=stats) for ix in indexes]
    cache_clear()
    for api, raw in pairs:  # warm the OS, Whoosh and the index's own caches
        for fn in (api, raw):
            search_speed.timed(fn, plan["warm"])
            search_speed.timed(fn, plan["warm"][:1], facets=True)
    cache_clear()
    times: list[dict[str, tuple[list[float], list[float]]]] = [{} for _ in indexes]
    class_hits = 0  # answered from the response cache while timing the classes (should be none)
    for name in CLASSES:
        opts = {"facets": True} if name == "faceted" else {}
        for i, item in enumerate(plan[name]):
            api_runs: list[list[float]] = [[] for _ in pairs]
            raw_runs: list[list[float]] = [[] for _ in pairs]
            for round_ in range(a.rounds):
                for (api, raw), api_r, raw_r in zip(pairs, api_runs, raw_runs, strict=True):
                    cache_clear()  # both sizes and every round do the whole work
                    api_r += search_speed.timed(api, [item], **opts)
                    class_hits += cache_info().hits
                    if round_ == 0 and (name != "faceted" or i < RAW_FACETED):
                        raw_r += search_speed.timed(raw, [item], **opts)  # for api/raw p50
            for t, api_r, raw_r in zip(times, api_runs, raw_runs, strict=True):
                api_t, raw_t = t.setdefault(name, ([], []))
                api_t.append(statistics.median(api_r))
                raw_t += raw_r  # its one timing, if it ran
    outs = []
    for index, (api, _), t in zip(indexes, pairs, times, strict=True):
        print(
            f"\n{index.searcher().doc_count():,} quotes, queries (ms, each query's median "
            f"of {a.rounds} rounds; api: search.query.search, response cache cleared before "
            "each search; raw: Whoosh, same index, once):"
        )
        print(f"  {'class':<9}{'n':>4}{'api p50':>9}{'api p95':>9}{'raw p50':>9}{'raw p95':>9}"
              f"{'api/raw p50':>13}")  # fmt: skip
        out: dict[str, Any] = {}
        for name, (api_t, raw_t) in t.items():
            if not api_t:
                continue
            ratio = statistics.median(api_t) / statistics.median(raw_t)
            out[name] = {
                "api": (pct(api_t, 50), pct(api_t, 95)),
                "raw": (pct(raw_t, 50), pct(raw_t, 95)),
                "ratio": ratio,
            }
            print(
                f"  {name:<9}{len(api_t):>4}{pct(api_t, 50):9.2f}{pct(api_t, 95):9.2f}"
                f"{pct(raw_t, 50):9.2f}{pct(raw_t, 95):9.2f}{ratio:13.2f}"
            )
        first = search_speed.timed(api, plan["repeated"])
        hits_before = cache_info().hits
        second = search_speed.timed(api, plan["repeated"])
        hits = cache_info().hits - hits_before
        if first:
            out["repeated"] = {"first": (pct(first, 50), pct(first, 95))}
            out["repeated"]["second"] = (pct(second, 50), pct(second, 95))
            print(
                f"  repeated {len(first):>4}: first {pct(first, 50):.2f} / "
                f"{pct(first, 95):.2f}, again {pct(second, 50):.3f} / {pct(second, 95):.3f} "
                f"(p50 / p95; {hits}/{len(second)} answered from the cache)"
            )
        outs.append(out)
    print(
        f"\ncache hits while timing the classes: {class_hits} (should be 0); "
        f"API searches that ran out of time: {stats['timed_out']}"
    )
    for index in indexes:
        index.close()
    return outs


def web(index_dir: Path, seconds: float, clients: int, distinct: int) -> None:
    """Run ``benchmarks/load.py`` against ``index_dir`` twice: its own few searches
    (answered from the server's cache after the first round), then ``distinct``
    different ones (each a real search). Its output goes to ours."""
    for extra, what in (([], "its own searches"), (["--distinct", str(distinct)], "distinct")):
        print(f"\n== web: load.py on {index_dir}, {what}, {clients} clients, {seconds:g} s ==")
        sys.stdout.flush()
        cmd = [sys.executable, str(HERE / "load.py"), "--index", str(index_dir)]
        cmd += ["--seconds", str(seconds), "--clients", str(clients), *extra]
        subprocess.run(cmd, cwd=ROOT, check=False)


# ------------------------------------------------------------------- summary


def summary(rows: list[dict[str, Any]], extract: dict[str, float] | None) -> None:
    """The growth table and the ratios the scale targets are stated in (builds and
    extraction only when this run made them)."""
    built = [r for r in rows if "inc" in r]
    print("\n== growth ==")
    print(
        f"{'docs':>8}{'quotes':>10}{'build s':>9}{'quotes/s':>10}{'peak MB':>9}"
        f"{'index MB':>10}{'incr s':>8}{'incr/full':>10}{'mean s':>8}{'mean/full':>10}"
    )
    for r in built:
        full, inc = r["full"], r["inc"]
        print(
            f"{r['docs']:>8,}{full['quotes']:>10,}{full['seconds']:>9.1f}"
            f"{full['quotes'] / full['seconds']:>10,.0f}{full['peak_kb'] / 1024:>9,.0f}"
            f"{full['index_mb']:>10,.0f}{inc['seconds']:>8.2f}{r['inc_ratio']:>10.1%}"
            f"{r['inc_mean']:>8.2f}{r['inc_mean_ratio']:>10.1%}"
        )
    queried = all("q" in r for r in rows)
    if queried:
        latency_table(rows)
    else:
        print("\n(no queries in this run)")

    print("\nratios")
    if extract:
        two = extract.get("halves")
        apart = "" if two is None else f"; two independent halves {two:.2f}x"
        print(
            f"  extraction, {extract['cores']:.0f} workers / 1 worker: median "
            f"{extract['ratio']:.2f}x, best times {extract['best']:.2f}x "
            f"(machine ceiling {extract['ceiling']:.2f}x{apart})"
        )
    for r in built:
        print(
            f"  incremental update of 1% / full build at {r['full']['quotes']:,} quotes: "
            f"first {r['inc_ratio']:.1%}, mean {r['inc_mean_ratio']:.1%}"
        )
    if queried:
        query_ratios(rows)


def latency_table(rows: list[dict[str, Any]]) -> None:
    """API latency p50 / p95 per query class, a row per corpus size."""
    names = [n for n in (*CLASSES, "repeated") if n in rows[-1]["q"]]
    print("\nAPI latency p50 / p95 (ms); repeated: the second asking")
    print(f"{'quotes':>10}" + "".join(f"{n:>16}" for n in names))
    for r in rows:
        cells = []
        for n in names:
            p = r["q"].get(n, {})
            p50, p95 = p.get("second") or p.get("api") or (float("nan"),) * 2
            cells.append(f"{p50:>7.2f} /{p95:>7.2f}")
        print(f"{r['full']['quotes']:>10,}" + "".join(f"{c:>16}" for c in cells))


def query_ratios(rows: list[dict[str, Any]]) -> None:
    """p95 growth to the largest size, and the API against raw Whoosh there."""
    last = rows[-1]
    if len(rows) > 1:
        base = min(rows[:-1], key=lambda r: abs(r["full"]["quotes"] - 100_000))
        times = last["full"]["quotes"] / max(1, base["full"]["quotes"])
        growth = ", ".join(
            f"{n} {last['q'][n]['api'][1] / base['q'][n]['api'][1]:.1f}x"
            for n in CLASSES
            if n in last["q"] and n in base["q"]
        )
        print(
            f"  API p95 growth from {base['full']['quotes']:,} to {last['full']['quotes']:,} "
            f"quotes ({times:.0f}x the quotes): {growth}"
        )
    ratios = ", ".join(f"{n} {last['q'][n]['ratio']:.2f}" for n in CLASSES if n in last["q"])
    print(f"  API / raw Whoosh p50 at {last['full']['quotes']:,} quotes: {ratios}")


def load_average() -> str:
    """The machine's 1-minute load average: other work running skews every figure."""
    return f"{os.getloadavg()[0]:.2f}"


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sizes", help="documents per corpus, comma-separated (1000,10000,100000)")
    ap.add_argument("--scratch", type=Path, default=Path("/tmp/quotes-scale"))
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--queries", type=int, help="timed queries per class (100)")
    ap.add_argument(
        "--facet-queries",
        type=int,
        help=f"faceted queries (100; raw Whoosh's facets are slow: it runs {RAW_FACETED})",
    )
    ap.add_argument("--repeat", type=int, help="queries asked twice (30)")
    ap.add_argument(
        "--rounds",
        type=int,
        help="times each query is timed at each size, best odd; its median counts (3)",
    )
    ap.add_argument("--extract-docs", type=int, help="documents for the extraction runs (2000)")
    ap.add_argument(
        "--extract-rounds", type=int, default=3, help="extraction runs per worker count (3)"
    )
    ap.add_argument("--extract-only", action="store_true", help="the extraction runs only")
    ap.add_argument("--edit", type=float, default=0.01, help="share of documents edited (0.01)")
    ap.add_argument("--updates", type=int, default=3, help="successive updates after a build (3)")
    ap.add_argument("--no-queries", action="store_true", help="builds and updates only")
    ap.add_argument("--web", action="store_true", help="load-test the largest index")
    ap.add_argument("--web-seconds", type=float, default=30.0)
    ap.add_argument("--web-clients", type=int, default=8)
    ap.add_argument("--web-distinct", type=int, default=2000, help="different searches (2000)")
    ap.add_argument("--quick", action="store_true", help="small sizes and few queries")
    ap.add_argument(
        "--queries-only",
        action="store_true",
        help="no extraction or builds: query the indexes an earlier run left (SIZE/index)",
    )
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        child()
        return
    quick = {"sizes": "200,1000", "queries": 20, "facet_queries": 5, "repeat": 10, "rounds": 1}
    full = {
        "sizes": "1000,10000,100000",
        "queries": 100,
        "facet_queries": 100,
        "repeat": 30,
        "rounds": 3,
    }
    for key, value in (quick if a.quick else full).items():
        if getattr(a, key) is None:
            setattr(a, key, value)
    if a.extract_docs is None:
        a.extract_docs = 300 if a.quick else 2000
    if a.updates < 1:
        ap.error("--updates must be at least 1")
    if a.rounds < 1:
        ap.error("--rounds must be at least 1 (an odd number: the median is then a round)")
    sizes = sorted({int(s) for s in a.sizes.split(",")})
    started = time.perf_counter()

    print(f"== corpora under {a.scratch} (load average {load_average()}) ==")
    for n in sizes:
        ensure_corpus(a.scratch / str(n) / "corpus", n, a.seed)
    extract = None
    if not a.queries_only:
        extract = extraction(
            a.scratch / str(sizes[-1]) / "corpus", a.extract_docs, a.extract_rounds
        )
        if a.extract_only:
            return
    rows = []
    for n in sizes:
        print(f"\n== {n:,} documents (load average {load_average()}) ==")
        if a.queries_only:
            row = {"full": {"quotes": quotes_in(a.scratch / str(n) / "index")}}
            print(f"index of an earlier run: {row['full']['quotes']:,} quotes")
        else:
            row = build(a.scratch / str(n), a.seed, a.edit, a.updates)
        row["docs"] = n
        rows.append(row)
    if not a.no_queries:
        print(f"\n== queries, every size in turn (load average {load_average()}) ==")
        dirs = [a.scratch / str(n) / "index" for n in sizes]
        plan = draw_plan(dirs, a)  # from the smallest size: the same queries at every size
        for row, q in zip(rows, queries(dirs, a, plan), strict=True):
            row["q"] = q
    summary(rows, extract)
    if a.web:
        web(a.scratch / str(sizes[-1]) / "index", a.web_seconds, a.web_clients, a.web_distinct)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    took = time.perf_counter() - started
    print(f"\nthis process: max RSS {peak:,.0f} MB; {took:.0f} s; load average {load_average()}")


if __name__ == "__main__":
    main()
