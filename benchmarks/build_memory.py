"""Where a build's memory goes: the main process's RSS at each phase of a full build.

    .venv/bin/python benchmarks/build_memory.py CORPUS INDEX_DIR

Builds ``INDEX_DIR`` (which must not exist) from ``CORPUS`` through
:func:`search.index.index_paths`, sampling this process's resident set every 0.1 s,
and prints it with the highest so far when extraction starts and ends, when every
quote's label candidates are found, when the index starts being written, when its
quotes are written and its catalog saved, when writing ends, and at the end. Worker
processes are not counted: see ``benchmarks/scale.py`` for the peak of all processes.
Prints figures only.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from typing import Any

from search import index, pipeline
from search.index import index_paths

peak = 0


def rss_mb(field: str = "VmRSS") -> int:
    """This process's resident set in MB (``RssAnon``: its own memory, without the file
    pages it maps, such as index segments read through ``mmap``)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) // 1024
    return 0


def sample() -> None:
    global peak
    while True:
        peak = max(peak, rss_mb())
        time.sleep(0.1)


def mark(phase: str) -> None:
    print(
        f"{phase:<22} RSS {rss_mb():>6,} MB   highest so far {peak:>6,} MB   "
        f"anonymous {rss_mb('RssAnon'):>6,} MB",
        flush=True,
    )


def marked(owner: Any, name: str, before: str, after: str | None = None) -> None:
    """Wrap ``owner.name`` to mark the phases around its calls."""
    real = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        mark(before)
        result = real(*args, **kwargs)
        if after:
            mark(after)
        return result

    setattr(owner, name, wrapper)


def main() -> None:
    if len(sys.argv) != 3 or Path(sys.argv[2]).exists():
        sys.exit(__doc__)
    threading.Thread(target=sample, daemon=True).start()
    marked(pipeline.CorpusStream, "extract", "extraction starts", "extraction ends")
    marked(pipeline, "iter_shared_labels", "label candidates found")
    marked(index, "_write_generation", "writing starts", "writing ends")
    marked(index, "_make_catalog", "index written", "catalog saved")
    started = time.perf_counter()
    summary = index_paths(sys.argv[2], [sys.argv[1]])
    mark("end")
    print(
        f"{summary.quotes:,} quotes, {summary.documents:,} documents in "
        f"{time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
