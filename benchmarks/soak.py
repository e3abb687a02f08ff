"""Soak test of ``quotes serve``: N concurrent clients on loopback for a fixed time
(60 s by default) on a mix of search pages, search JSON, quote pages and source
pages. Prints requests/s, p50/p95/p99 latency and errors per kind, and the server's
resident memory (VmRSS from /proc) at the start, every ten seconds, and at the end,
so one can see that memory stays flat.

    .venv/bin/python benchmarks/soak.py                       # bundled corpus, 60 s, 16 clients
    .venv/bin/python benchmarks/soak.py --seconds 300 --clients 32
    .venv/bin/python benchmarks/soak.py --corpus ../shared/polnear/train

The server, the index and the client loop come from ``benchmarks/load.py``. Loopback
only; every loop is bounded by the deadline. Exit status 1 when any request failed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import load  # benchmarks/load.py: run as a script, this folder is on sys.path


def mixed_workload(base: str) -> list[tuple[str, str]]:
    """(kind, path): load.py's searches plus the pages of the quotes and sources they
    find."""
    paths = load.workload(base)
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    quote_ids: list[str] = []
    source_ids: list[str] = []
    for _kind, path in [p for p in paths if p[0] == "search JSON"][:8]:
        status, body = load.get(conn, path + "&" + urlencode({"limit": 10}))
        if status != 200:
            continue
        for r in json.loads(body)["data"]["results"]:
            quote_ids.append(r["id"])
            if r.get("source", {}).get("id"):
                source_ids.append(r["source"]["id"])
    conn.close()
    quote_ids = list(dict.fromkeys(quote_ids))[:24]
    source_ids = list(dict.fromkeys(source_ids))[:8]
    paths += [("quote page", f"/quotes/{q}") for q in quote_ids]
    paths += [("source page", f"/sources/{s}") for s in source_ids]
    paths += [("speakers page", "/speakers")]
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--seconds", type=float, default=60.0, help="how long to drive (max 3600)")
    ap.add_argument("--clients", type=int, default=16, help="concurrent clients (max 64)")
    ap.add_argument("--threads", type=int, default=8, help="waitress worker threads")
    ap.add_argument("--index", help="an existing index to serve (default: a fresh one)")
    ap.add_argument("--corpus", help="documents to index first (default: the bundled corpus)")
    args = ap.parse_args()
    seconds = min(max(args.seconds, 1.0), 3600.0)
    clients = min(max(args.clients, 1), 64)

    with tempfile.TemporaryDirectory(prefix="quotes-soak-") as tmp:
        index_dir = Path(args.index) if args.index else load.build_index(args.corpus, Path(tmp))
        proc, base = load.start_server(index_dir, args.threads)
        try:
            paths = mixed_workload(base)
            kinds = sorted({k for k, _ in paths})
            print(f"server: {base} (pid {proc.pid}); {len(paths)} paths: {', '.join(kinds)}")
            load.drive(base, paths, min(clients, 4), 2.0)  # warm up caches
            samples = [(0.0, load.rss_kb(proc.pid))]
            print(f"server RSS at start: {samples[0][1] / 1024:.1f} MB")
            done = threading.Event()

            def sample() -> None:
                began = time.monotonic()
                while not done.wait(10.0):
                    samples.append((time.monotonic() - began, load.rss_kb(proc.pid)))
                    print(f"  {samples[-1][0]:5.0f} s: RSS {samples[-1][1] / 1024:.1f} MB")

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            result = load.drive(base, paths, clients, seconds)
            done.set()
            sampler.join(15)
            end = load.rss_kb(proc.pid)
            alive = proc.poll() is None
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except Exception:
                proc.kill()
    errors = load.report(result, clients)
    start = samples[0][1]
    peak = max([end, *(kb for _, kb in samples)])
    print(
        f"\nserver RSS: start {start / 1024:.1f} MB, end {end / 1024:.1f} MB "
        f"({(end - start) / 1024:+.1f} MB), peak {peak / 1024:.1f} MB"
    )
    print(f"server still running at the end: {'yes' if alive else 'NO'}")
    sys.exit(1 if errors or not alive else 0)


if __name__ == "__main__":
    main()
