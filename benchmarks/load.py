"""Load test of the web server: ``quotes serve`` (waitress) on loopback, driven by
concurrent clients for a fixed time.

Prints, for the search page (HTML) and its JSON, the requests per second and the
p50/p95/p99 latency, the number of errors (anything but a 200) and the server's
resident memory before and after the run. The queries come from the index itself (its
topics and speakers), so any corpus works. There are a few dozen of them, each asked
once before the timed run (that first round's time is printed), so the run measures
the server answering from its response cache; ``--distinct N`` drives N different
searches instead (words of the quotes found), which the cache cannot hold.

    .venv/bin/python benchmarks/load.py                  # bundled corpus, 10 s, 8 clients
    .venv/bin/python benchmarks/load.py --seconds 30 --clients 16
    .venv/bin/python benchmarks/load.py --corpus ../shared/polnear/train
    .venv/bin/python benchmarks/load.py --index /tmp/quotes-scale/100000/index --distinct 2000
    .venv/bin/python benchmarks/load.py --url http://127.0.0.1:8000   # a running server

Only loopback addresses are accepted. Exit status 1 when any request failed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode, urlsplit

REPO = Path(__file__).resolve().parent.parent
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def start_server(index_dir: Path, threads: int) -> tuple[subprocess.Popen[str], str]:
    """Run ``python -m web.serve`` on a free loopback port; returns it and its URL once
    it says it is ready (its facet keys read: timings are then of the steady state)."""
    cmd = [
        sys.executable,
        "-m",
        "web.serve",
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--index",
        str(index_dir),
        "--threads",
        str(threads),
    ]
    proc = subprocess.Popen(
        cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    deadline = time.monotonic() + 120
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        m = re.search(r"(http://\S+?)/? ", line)
        if m:
            url = m.group(1).rstrip("/")
        if "ready." in line:  # facet keys read: time the server as it then runs
            print(line.strip())
            return proc, url
    proc.kill()
    raise SystemExit("the server did not start (see `quotes serve` / python -m web.serve)")


def build_index(corpus: str | None, where: Path) -> Path:
    """Index ``corpus`` (default: the bundled corpus) into ``where``."""
    from search.index import index_paths

    started = time.perf_counter()
    summary = index_paths(where, [corpus] if corpus else [])
    took = time.perf_counter() - started
    print(f"index: {summary.documents} documents, {summary.quotes} quotes ({took:.1f} s)")
    return where


def rss_kb(pid: int, field: str = "VmRSS") -> int:
    """A memory figure of a process in kB from /proc (``VmRSS``: resident set size;
    ``RssAnon``: its anonymous part, the process's own memory, without the index pages
    it maps from the page cache), 0 if unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def get(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    conn.request("GET", path, headers={"Accept-Encoding": "identity"})
    resp = conn.getresponse()
    return resp.status, resp.read()


def _json(conn: http.client.HTTPConnection, path: str) -> dict:
    status, body = get(conn, path)
    if status != 200:
        raise SystemExit(f"GET {path} answered {status}")
    return json.loads(body)["data"]


def seeds(base: str) -> tuple[list[str], list[str]]:
    """The index's main topics and speakers (from the facets of a search for
    everything; on an index too large for that search to finish in time, from the
    facets of its main speakers' searches)."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    facets = _json(conn, "/search.json?limit=1")["facets"]
    topics = [v for v, _n in facets.get("topic", [])]
    speakers = [v for v, _n in facets.get("speaker", [])]
    if not topics:
        infos = _json(conn, "/speakers.json")["speakers"]
        speakers = [s["name"] for s in sorted(infos, key=lambda s: -s["quotes"])[:8]]
        for name in speakers:
            found = _json(conn, "/search.json?" + urlencode({"speaker": name, "limit": 1}))
            topics += [v for v, _n in found["facets"].get("topic", []) if v not in topics]
    conn.close()
    return topics[:12] or ["the"], speakers[:4]


def workload(base: str) -> list[tuple[str, str]]:
    """(kind, path) pairs: searches for the index's topics and speakers, as HTML and
    JSON."""
    topics, speakers = seeds(base)
    searches = [{"q": t} for t in topics]
    searches += [{"q": t, "speaker": s} for t, s in zip(topics, speakers, strict=False)]
    searches += [{"q": f"{a} OR {b}"} for a, b in zip(topics, topics[1:], strict=False)][:4]
    out = []
    for params in searches:
        query = urlencode(params)
        out.append(("search page (HTML)", f"/search?{query}"))
        out.append(("search JSON", f"/search.json?{query}"))
    return out


def distinct_workload(base: str, n: int) -> list[tuple[str, str]]:
    """``n`` different searches, HTML and JSON in turn: words of the quotes that the
    topic searches find, alone and in pairs. Cycled through by several clients, a
    list longer than the server's response cache misses it on nearly every request."""
    topics, _speakers = seeds(base)
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    words: set[str] = set()
    for topic in topics:
        found = _json(conn, "/search.json?" + urlencode({"q": topic, "limit": 100}))
        for r in found["results"]:
            words.update(w.lower() for w in re.findall(r"[A-Za-z]{5,}", r["text"]))
    conn.close()
    vocab = sorted(words)
    rng = random.Random(7)
    queries: list[str] = []
    seen: set[str] = set()
    tries = 0  # bounded: a small vocabulary runs out of single words long before pairs
    while len(queries) < n and vocab and tries < 50 * n:
        tries += 1
        q = rng.choice(vocab) if len(queries) % 2 else " ".join(rng.sample(vocab, 2))
        if q not in seen:
            seen.add(q)
            queries.append(q)
    print(f"distinct searches: {len(queries):,} from a vocabulary of {len(vocab):,} words")
    kinds = ("search page (HTML)", "search JSON")
    paths = ("/search?", "/search.json?")
    return [(kinds[i % 2], paths[i % 2] + urlencode({"q": q})) for i, q in enumerate(queries)]


def drive(base: str, paths: list[tuple[str, str]], clients: int, seconds: float) -> dict:
    """Each client loops over ``paths`` on one keep-alive connection until the time
    is up, the clients starting at offsets spread evenly over the list."""
    parts = urlsplit(base)
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    start = threading.Event()
    deadline = [0.0]

    def client(offset: int) -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        mine: dict[str, list[float]] = defaultdict(list)
        bad: dict[str, int] = defaultdict(int)
        start.wait()
        i = offset
        while time.perf_counter() < deadline[0]:
            kind, path = paths[i % len(paths)]
            i += 1
            t0 = time.perf_counter()
            try:
                status, _body = get(conn, path)
                ok = status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            mine[kind].append(time.perf_counter() - t0)
            if not ok:
                bad[kind] += 1
        conn.close()
        with lock:
            for k, v in mine.items():
                latencies[k].extend(v)
            for k, v in bad.items():
                errors[k] += v

    spread = [n * len(paths) // clients for n in range(clients)]
    threads = [threading.Thread(target=client, args=(offset,)) for offset in spread]
    for t in threads:
        t.start()
    began = time.perf_counter()
    deadline[0] = began + seconds
    start.set()
    for t in threads:
        t.join()
    return {"latencies": latencies, "errors": errors, "elapsed": time.perf_counter() - began}


def first_round(base: str, paths: list[tuple[str, str]]) -> float:
    """Ask for each path once, one after the other; returns the seconds it took."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    began = time.perf_counter()
    for _kind, path in paths:
        get(conn, path)
    conn.close()
    return time.perf_counter() - began


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def report(result: dict, clients: int) -> int:
    elapsed = result["elapsed"]
    print(f"\n{clients} clients for {elapsed:.1f} s")
    heads = ("requests", "req/s", "p50 ms", "p95 ms", "p99 ms")
    print(f"{'endpoint':<20} " + " ".join(f"{h:>8}" for h in heads) + f" {'errors':>7}")
    total_errors = 0
    all_lat: list[float] = []
    for kind in sorted(result["latencies"]):
        lat = result["latencies"][kind]
        errs = result["errors"].get(kind, 0)
        total_errors += errs
        all_lat.extend(lat)
        print(_row(kind, lat, elapsed, errs))
    print(_row("all", all_lat, elapsed, total_errors))
    return total_errors


def _row(kind: str, lat: list[float], elapsed: float, errors: int) -> str:
    p50, p95, p99 = (percentile(lat, p) * 1000 for p in (50, 95, 99))
    return (
        f"{kind:<20} {len(lat):>8} {len(lat) / elapsed:>8.1f} "
        f"{p50:>8.1f} {p95:>8.1f} {p99:>8.1f} {errors:>7}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--seconds", type=float, default=10.0, help="how long to drive (max 300)")
    ap.add_argument("--clients", type=int, default=8, help="concurrent clients (max 64)")
    ap.add_argument("--threads", type=int, default=8, help="waitress worker threads")
    ap.add_argument("--index", help="an existing index to serve (default: a fresh one)")
    ap.add_argument("--corpus", help="documents to index first (default: the bundled corpus)")
    ap.add_argument("--url", help="drive an already running server on loopback instead")
    ap.add_argument(
        "--distinct",
        type=int,
        metavar="N",
        help="N different searches instead (more than the server caches: measures searching)",
    )
    args = ap.parse_args()
    seconds = min(max(args.seconds, 1.0), 300.0)
    clients = min(max(args.clients, 1), 64)

    proc = None
    with tempfile.TemporaryDirectory(prefix="quotes-load-") as tmp:
        if args.url:
            base = args.url.rstrip("/")
            if urlsplit(base).hostname not in LOOPBACK:
                raise SystemExit("only loopback servers may be driven (127.0.0.1, ::1)")
        else:
            index_dir = (
                Path(args.index) if args.index else build_index(args.corpus, Path(tmp) / "index")
            )
            proc, base = start_server(index_dir, args.threads)
        try:
            print(f"server: {base} (pid {proc.pid if proc else '-'}, cpus {os.cpu_count()})")
            paths = distinct_workload(base, args.distinct) if args.distinct else workload(base)
            if args.distinct:
                drive(base, paths[:4], min(clients, 2), 1.0)  # warm up the server
            else:  # each search once, so the timed run measures the server's cache
                first = first_round(base, paths)
                print(f"first round, each of {len(paths)} requests once: {first:.1f} s")
            rss_start = rss_kb(proc.pid) if proc else 0
            anon_start = rss_kb(proc.pid, "RssAnon") if proc else 0
            result = drive(base, paths, clients, seconds)
            rss_end = rss_kb(proc.pid) if proc else 0
            anon_end = rss_kb(proc.pid, "RssAnon") if proc else 0
        finally:
            if proc is not None:
                proc.terminate()
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
    errors = report(result, clients)
    if proc is not None:
        mb = (rss_start / 1024, rss_end / 1024)
        print(f"server RSS: {mb[0]:.1f} MB before the run, {mb[1]:.1f} MB after")
        anon = (anon_start / 1024, anon_end / 1024)
        print(
            f"  of which anonymous (the server's own memory, not mapped index pages): "
            f"{anon[0]:.1f} MB before, {anon[1]:.1f} MB after"
        )
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
