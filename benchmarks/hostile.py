"""Index a hostile corpus with ``quotes index`` and print how long it took and what
was reported.

The corpus (``tests/hostile_corpus.py``) is the good documents plus: random binary,
NUL bytes, invalid UTF-8, a big file (50 MB by default: above the reader's size cap,
so it must be refused quickly), 100,000 quote marks, quotes nested a thousand deep, a
file that is a single quote mark, an empty file, a folder link loop and (when not
root) an unreadable file. ``--big-mb 20`` makes the big file small enough to be read
and extracted, which times the extractor on it instead.

    .venv/bin/python benchmarks/hostile.py
    .venv/bin/python benchmarks/hostile.py --big-mb 20 --marks 100000
    .venv/bin/python benchmarks/hostile.py --file-loop   # adds a file link loop

Exit status: that of ``quotes index``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from hostile_corpus import (  # noqa: E402
    write_file_loop,
    write_good,
    write_hostile,
    write_unreadable,
)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--big-mb", type=float, default=50.0, help="size of the big file (MB)")
    ap.add_argument("--marks", type=int, default=100_000, help="quote marks in marks.txt")
    ap.add_argument("--file-loop", action="store_true", help="add a file symlink loop")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="quotes-hostile-") as tmp:
        corpus = Path(tmp) / "corpus"
        started = time.perf_counter()
        write_good(corpus)
        bad = write_hostile(corpus, big_bytes=int(args.big_mb * 1_000_000), marks=args.marks)
        if args.file_loop:
            bad["file_loop"] = write_file_loop(corpus)
        locked = write_unreadable(corpus)
        if locked is not None:
            bad["unreadable"] = locked
        else:
            print("(running as root: no unreadable file, root reads mode-000 files)")
        size = sum(p.stat().st_size for p in corpus.iterdir() if p.is_file() and not p.is_symlink())
        print(
            f"corpus: {len(bad)} bad + 3 good files, {size / 1e6:.1f} MB, written in "
            f"{time.perf_counter() - started:.1f} s"
        )
        cmd = [
            sys.executable,
            "-m",
            "search",
            "index",
            str(corpus),
            "--index",
            str(Path(tmp) / "ix"),
        ]
        started = time.perf_counter()
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
        took = time.perf_counter() - started
        if locked is not None:
            locked.chmod(0o644)
        print(f"quotes index: exit status {proc.returncode} in {took:.1f} s (wall, with start-up)")
        print("--- standard output")
        print(proc.stdout.rstrip())
        print("--- standard error")
        print(proc.stderr.rstrip()[-4000:])
        print("--- each bad file: reported on standard error?")
        for kind, path in bad.items():
            print(f"{kind:<13} {path.name:<18} {'yes' if path.name in proc.stderr else 'no'}")
    sys.exit(proc.returncode)


if __name__ == "__main__":
    main()
