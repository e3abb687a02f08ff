"""Extraction speed: documents/s and words/s on one core.

    python benchmarks/extract.py [--train DIR] [--dev DIR] [--repeat N]

Reads the PolNeAR articles in ../shared (research data, not part of the project),
decodes them once, then times quote extraction alone (CPU time of this process) and the
whole pipeline (extraction plus corpus-wide speakers and topics). Prints figures only:
timings never belong in pass/fail tests.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from search.documents import Problem, read_documents
from search.extract import extract_document
from search.pipeline import extract_corpus

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _ignore(problem: Problem) -> None:
    pass


def time_extraction(folder: Path, repeat: int) -> dict[str, float]:
    """Best-of-``repeat`` CPU seconds to extract every document of ``folder``."""
    docs = list(read_documents([str(folder)], _ignore))
    words = sum(len(d.text.split()) for d in docs)
    best = float("inf")
    quotes = 0
    for _ in range(repeat):
        start = time.process_time()
        quotes = sum(len(extract_document(d)) for d in docs)
        best = min(best, time.process_time() - start)
    start = time.process_time()
    extract_corpus([str(folder)], _ignore)
    pipeline = time.process_time() - start
    return {"docs": len(docs), "words": words, "quotes": quotes, "cpu": best, "pipeline": pipeline}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--train", type=Path, default=SHARED / "polnear" / "train" / "docs")
    ap.add_argument("--dev", type=Path, default=SHARED / "polnear" / "dev" / "docs")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    for name, folder in (("dev", args.dev), ("train", args.train)):
        if not folder.is_dir():
            print(f"{name}: {folder} not found, skipped")
            continue
        r = time_extraction(folder, args.repeat)
        print(
            f"{name}: {r['docs']} documents, {r['words']:,} words, {r['quotes']:,} quotes | "
            f"extraction {r['cpu']:.2f} s CPU = {r['docs'] / r['cpu']:,.0f} docs/s, "
            f"{r['words'] / r['cpu']:,.0f} words/s | "
            f"whole pipeline (speakers, topics) {r['pipeline']:.2f} s CPU"
        )


if __name__ == "__main__":
    main()
