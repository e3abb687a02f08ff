"""Crash safety and concurrency of ``quotes index``, with real processes.

- The indexer (``python -m search index``) is killed with SIGKILL after a random
  delay (fixed seed), several times in a row, each time while changing the corpus
  between two versions. After every kill the index opens and holds exactly one
  version, the old or the new, never a mix; the dead writer's lock is free at once;
  and a last run finishes normally.
- Two runs at once: a second writer waits for the first, or (with a short ``--wait``)
  refuses with a clear message and exit status 1.
- Searches served by the web app while the index is rebuilt all succeed and each
  sees one consistent version.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from search.index import QuoteIndex, WriteLock, read_marker

REPO = Path(__file__).resolve().parent.parent
NAMES = ["Maria Lopez", "Tom Baker", "Nina Park", "Ada Quill", "Lee Chan", "Kai Moe"]
WORDS = [
    "harbour",
    "garden",
    "council",
    "bridge",
    "winter",
    "budget",
    "river",
    "school",
    "market",
    "library",
    "station",
    "weather",
    "harvest",
    "festival",
    "music",
    "orchestra",
    "herring",
    "kettle",
]  # noqa: SIM905
DOCS, PER_DOC = 40, 25  # about a second of indexing after start-up


def write_version(folder: Path, version: str) -> dict[str, str]:
    """Write the corpus in one of two versions (``alpha`` or ``bravo``: every quote
    names its version); returns file name → sha256 of its bytes."""
    rng = random.Random(11)
    folder.mkdir(parents=True, exist_ok=True)
    shas = {}
    for d in range(DOCS):
        lines = [f"Report {d}\n"]
        for i in range(PER_DOC):
            words = " ".join(rng.choice(WORDS) for _ in range(10)).capitalize()
            lines.append(f'"{words} in round {version} item {d}x{i}," said {rng.choice(NAMES)}.\n')
        data = "\n".join(lines).encode()
        (folder / f"doc{d:03d}.txt").write_bytes(data)
        shas[f"doc{d:03d}.txt"] = hashlib.sha256(data).hexdigest()
    return shas


def run_index(corpus: Path, index_dir: Path, *extra: str, **popen) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "search", "index", str(corpus), "--index", str(index_dir)]
    return subprocess.Popen(
        [*cmd, *extra],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


def snapshot(index_dir: Path) -> tuple[str, dict[str, str], set[str]]:
    """What a fresh reader sees: (version, file name → sha256 from the catalog, quote
    ids from Whoosh). The version is read from the quotes themselves; a mix fails."""
    index = QuoteIndex(index_dir)
    try:
        catalog = index.catalog
        docs = {Path(p).name: d["sha256"] for p, d in catalog["documents"].items()}
        reader = index.searcher().reader()
        stored = list(reader.all_stored_fields())
        versions = {("alpha" if " alpha " in s["record"] else "bravo") for s in stored}
        assert len(versions) == 1, "quotes of both versions in one index"
        assert sum(d["quotes"] for d in catalog["documents"].values()) == len(stored)
        assert index.marker["quotes"] == len(stored)
        return versions.pop(), docs, {s["id"] for s in stored}
    finally:
        index.close()


def wait_for_new_generation(index_dir: Path, before: set[str], proc: subprocess.Popen) -> None:
    """Return as soon as the writer has created its new generation directory."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if any(p.name.startswith("gen-") and p.name not in before for p in index_dir.iterdir()):
            return
        time.sleep(0.005)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory):
    """The corpus in version alpha, indexed once for the module: (corpus, index dir,
    shas per version)."""
    root = tmp_path_factory.mktemp("crash")
    corpus, index_dir = root / "corpus", root / "index"
    shas = {"bravo": write_version(corpus, "bravo"), "alpha": write_version(corpus, "alpha")}
    proc = run_index(corpus, index_dir)
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return corpus, index_dir, shas


@pytest.fixture
def built(pristine, tmp_path: Path):
    """A copy of the pristine index (the corpus back in version alpha)."""
    corpus, index_dir, shas = pristine
    write_version(corpus, "alpha")
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    return corpus, copy, shas


def test_sigkill_at_random_points_leaves_old_or_new_never_a_mix(built):
    corpus, index_dir, shas = built
    rng = random.Random(20240611)
    version, docs, ids = snapshot(index_dir)
    assert version == "alpha" and docs == shas["alpha"] and len(ids) == DOCS * PER_DOC
    seen_ids = {"alpha": ids}
    outcomes = []
    for n in range(5):
        target = "bravo" if version == "alpha" else "alpha"
        write_version(corpus, target)
        before = {p.name for p in index_dir.iterdir()}
        proc = run_index(corpus, index_dir, "--wait", "0")
        if n % 2:  # anywhere in the run, start-up and extraction included
            time.sleep(rng.uniform(0.3, 2.5))
        else:  # while the new generation is written, published or cleaned up
            wait_for_new_generation(index_dir, before, proc)
            time.sleep(rng.uniform(0.0, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        # The dead writer's lock is free at once.
        with WriteLock(index_dir, wait=0):
            pass
        read_marker(index_dir)
        now, docs, ids = snapshot(index_dir)
        assert now in (version, target)
        assert docs == shas[now]  # the catalog is the same version as the quotes
        assert seen_ids.setdefault(now, ids) == ids  # and holds all of them
        outcomes.append((proc.returncode, "new" if now == target else "old"))
        version = now
    print("kills (exit status, state seen):", outcomes)
    assert any(code == -signal.SIGKILL for code, _ in outcomes)  # some run was cut short
    # A last run is not blocked by anything the killed ones left.
    target = "bravo" if version == "alpha" else "alpha"
    write_version(corpus, target)
    proc = run_index(corpus, index_dir, "--wait", "0")
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert snapshot(index_dir)[0] == target
    assert len([p for p in index_dir.iterdir() if p.name.startswith("gen-")]) <= 2
    assert not [p for p in index_dir.iterdir() if p.name.startswith(".marker-")]


def test_a_second_writer_refuses_clearly_or_waits(built):
    corpus, index_dir, _shas = built
    write_version(corpus, "bravo")
    with WriteLock(index_dir, wait=0):
        refused = run_index(corpus, index_dir, "--wait", "0.5")
        waiting = run_index(corpus, index_dir, "--wait", "60")
        _out, err = refused.communicate(timeout=120)
        assert refused.returncode == 1
        assert "indexing is in progress" in err and str(os.getpid()) in err
        time.sleep(1.0)  # the other run has done the same work: it is waiting for the lock
        assert waiting.poll() is None
    _out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert snapshot(index_dir)[0] == "bravo"


def test_two_index_runs_at_once_never_fail_unclearly(built):
    corpus, index_dir, _shas = built
    write_version(corpus, "bravo")
    runs = [run_index(corpus, index_dir, "--wait", "0") for _ in range(2)]
    results = [(p.wait(120), p.communicate()[1]) for p in runs]
    assert 0 in [code for code, _ in results]
    for code, err in results:
        assert code == 0 or (code == 1 and "indexing is in progress" in err), err
    assert snapshot(index_dir)[0] == "bravo"


def test_searches_during_reindexing_succeed_and_see_one_version(built):
    from web import create_app

    corpus, index_dir, _shas = built
    app = create_app({"QUOTES_INDEX": str(index_dir), "QUOTES_BUILD_MISSING": False})
    stop = threading.Event()
    failures: list[str] = []
    seen: set[str] = set()
    answered = [0]

    def client() -> None:
        c = app.test_client()
        while not stop.is_set():
            resp = c.get("/search.json?q=round&limit=100")
            body = resp.get_json(silent=True)
            if resp.status_code != 200 or not body or not body.get("ok"):
                failures.append(f"{resp.status_code}: {resp.data[:200]!r}")
                continue
            data = body["data"]
            versions = {"alpha" if " alpha " in r["text"] else "bravo" for r in data["results"]}
            if data["total"] != DOCS * PER_DOC or len(versions) != 1:
                failures.append(f"mixed: total {data['total']}, versions {versions}")
            seen.update(versions)
            answered[0] += 1
            time.sleep(0.02)  # leave the indexer some CPU

    threads = [threading.Thread(target=client) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        write_version(corpus, "bravo")
        proc = run_index(corpus, index_dir)
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        deadline = time.monotonic() + 20
        while "bravo" not in seen and time.monotonic() < deadline and not failures:
            time.sleep(0.05)  # the servers switch on their next request
    finally:
        stop.set()
        for t in threads:
            t.join(30)
    assert not failures, failures[:5]
    assert answered[0] > 0 and seen == {"alpha", "bravo"}
