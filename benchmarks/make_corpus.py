"""Make a large benchmark corpus by recombining the PolNeAR training articles.

    .venv/bin/python benchmarks/make_corpus.py --docs 10000 --out /tmp/scale/10k [--seed 7]

Document ``i`` joins two distinct training articles drawn by a generator seeded with
``(seed, i)``, each whole and in order (attribution often reaches across paragraphs),
with some of the paragraphs that hold no quote mark and do not come just before one
left out (``--drop``). A training article gives about five quotes, so a document gives
about ten and 100,000 documents about a million. Files go in folders of 1,000
(``000/000123.txt``); each folder's ``sources.toml`` holds its files' titles,
publications, dates (spread over 2000-2024), URLs and sha256s, in the project's manifest
format. (A manifest is parsed whole, so one per folder keeps what a reader holds at a
time small.) The root's ``sources.toml`` is written last and only names the arguments.

The output depends only on the arguments and the training articles: the same command
gives the same bytes, and the first N documents of a larger corpus are the documents of
an N-document one. Prints documents, bytes and seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT.parent / "shared" / "polnear" / "train" / "docs"
MANIFEST = "sources.toml"
MARKER = "# made by benchmarks/make_corpus.py"
QUOTE_MARKS = ('"', "\u201c", "\u201d")
FIRST_DAY = dt.date(2000, 1, 1)
DAYS = (dt.date(2024, 12, 31) - FIRST_DAY).days
DEFAULT_DROP = 0.3  # chance of leaving out a paragraph that may go


@dataclass(frozen=True)
class Article:
    """One training article: its file name and its paragraphs, each with a flag saying
    whether it may be left out."""

    name: str
    paragraphs: tuple[str, ...]
    droppable: tuple[bool, ...]

    @property
    def publication(self) -> str:
        return self.name.split("_")[0]

    @property
    def headline(self) -> str:
        return self.paragraphs[0].strip().rstrip(".")


def load_articles(train: Path = TRAIN) -> list[Article]:
    """The training articles in name order, byte-identical twins dropped."""
    articles: list[Article] = []
    seen: set[str] = set()
    for path in sorted(train.glob("*.txt")):
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n").strip()
        paragraphs = tuple(p.strip() for p in re.split(r"\n[ \t]*\n+", text) if p.strip())
        if not paragraphs:
            continue
        quoted = [any(m in p for m in QUOTE_MARKS) for p in paragraphs]
        # The headline, quoted paragraphs and the one before each quoted paragraph
        # (it may name the speaker a pronoun refers to) always stay.
        droppable = tuple(
            i > 0 and not quoted[i] and not (i + 1 < len(quoted) and quoted[i + 1])
            for i in range(len(paragraphs))
        )
        articles.append(Article(path.name, paragraphs, droppable))
    return articles


def doc_path(i: int) -> str:
    """Where document ``i`` goes, relative to the corpus root."""
    return f"{i // 1000:03d}/{i:06d}.txt"


def compose(articles: list[Article], rng: random.Random, drop: float) -> tuple[str, Article]:
    """One document's text (two articles, some paragraphs dropped) and its lead article."""
    a, b = rng.sample(range(len(articles)), 2)
    parts: list[str] = []
    for k in (a, b):
        art = articles[k]
        for para, droppable in zip(art.paragraphs, art.droppable, strict=True):
            if droppable and rng.random() < drop:
                continue
            parts.append(para)
    return "\n\n".join(parts) + "\n", articles[a]


def metadata(i: int, lead: Article, rng: random.Random) -> dict[str, str]:
    """The manifest entry of document ``i`` (without its sha256)."""
    day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS + 1))
    return {
        "title": lead.headline,
        "publication": lead.publication,
        "date": day.isoformat(),
        "url": f"https://example.org/scale/{lead.publication}/{i:06d}",
    }


def manifest_entry(path: str, meta: dict[str, str]) -> str:
    """A ``sources.toml`` table (JSON strings are valid TOML basic strings)."""
    lines = [f"[{json.dumps(path)}]"]
    lines += [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items()]
    return "\n".join(lines) + "\n"


def header(docs: int, seed: int, drop: float) -> str:
    """The root manifest's first line: says which arguments made the corpus."""
    return f"{MARKER} --docs {docs} --seed {seed} --drop {drop} (a manifest per folder)\n"


def _first_line(path: Path) -> str:
    try:
        with path.open(encoding="utf-8") as f:
            return f.readline()
    except (OSError, UnicodeDecodeError):
        return ""


def is_made(out: Path, docs: int, seed: int, drop: float) -> bool:
    """True when ``out`` holds a finished corpus made with these arguments."""
    return _first_line(out / MANIFEST) == header(docs, seed, drop)


def make_corpus(
    out: Path, docs: int, seed: int = 7, drop: float = DEFAULT_DROP, train: Path = TRAIN
) -> tuple[int, int]:
    """Write the corpus to ``out``; returns (documents, bytes). A folder that this
    script made before is replaced; any other non-empty folder is refused."""
    if out.exists() and any(out.iterdir()):
        if not _first_line(out / MANIFEST).startswith(MARKER):
            raise SystemExit(f"{out} is not empty and was not made by this script; not touched")
        shutil.rmtree(out)
    articles = load_articles(train)
    if len(articles) < 2:
        raise SystemExit(f"need at least two articles in {train}")
    out.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    entries: dict[Path, list[str]] = {}
    total = 0
    for i in range(docs):
        rng = random.Random(f"{seed}:{i}")
        while True:  # draw again in the rare case of a document made before
            text, lead = compose(articles, rng, drop)
            data = text.encode("utf-8")
            digest = hashlib.sha256(data).hexdigest()
            if digest not in seen:
                break
        seen.add(digest)
        rel = doc_path(i)
        target = out / rel
        if i % 1000 == 0:
            target.parent.mkdir(exist_ok=True)
        target.write_bytes(data)
        total += len(data)
        entry = manifest_entry(target.name, {**metadata(i, lead, rng), "sha256": digest})
        entries.setdefault(target.parent, []).append(entry)
    for folder, tables in entries.items():
        (folder / MANIFEST).write_text("\n".join(tables), encoding="utf-8")
    # The root manifest comes last: it marks the corpus as finished.
    (out / MANIFEST).write_text(header(docs, seed, drop), encoding="utf-8")
    return docs, total


# ------------------------------------------------------------- incremental edits


FIRST_NAMES = ("Avery", "Jordan", "Morgan", "Riley", "Casey", "Quinn", "Harper", "Rowan")
LAST_NAMES = ("Lindqvist", "Okafor", "Marchetti", "Brennan", "Ishikawa", "Delacroix")
TOPICS = ("budget", "transit plan", "school board", "water rates", "housing bill", "pensions")


def added_paragraph(i: int) -> str:
    """A new paragraph with an attributed quote, different for every ``i``."""
    rng = random.Random(f"edit:{i}")
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    topic = rng.choice(TOPICS)
    return (
        f"\u201cWe will review the {topic} again before the vote on item {i},\u201d said "
        f"{name}, a spokesperson for the committee. \u201cNothing is settled yet.\u201d\n"
    )


def edit_documents(out: Path, fraction: float, seed: int) -> dict[Path, bytes]:
    """Append :func:`added_paragraph` to a seeded ``fraction`` of the documents (at
    least one) and update their sha256 in their folders' manifests. Returns the original
    bytes of every file changed (manifests included), for :func:`restore`."""
    files = sorted(p.relative_to(out).as_posix() for p in out.glob("*/*.txt"))
    chosen = sorted(
        random.Random(f"{seed}:edit").sample(files, max(1, round(fraction * len(files))))
    )
    originals: dict[Path, bytes] = {}
    new_sha: dict[str, str] = {}
    for rel in chosen:
        path = out / rel
        manifest = path.parent / MANIFEST
        if manifest not in originals:
            originals[manifest] = manifest.read_bytes()
        old = path.read_bytes()
        originals[path] = old
        new = old + b"\n" + added_paragraph(int(Path(rel).stem)).encode("utf-8")
        path.write_bytes(new)
        new_sha[hashlib.sha256(old).hexdigest()] = hashlib.sha256(new).hexdigest()
    for manifest in [p for p in originals if p.name == MANIFEST]:
        text = re.sub(
            r'^sha256 = "([0-9a-f]{64})"$',
            lambda m: f'sha256 = "{new_sha.get(m.group(1), m.group(1))}"',
            originals[manifest].decode("utf-8"),
            flags=re.MULTILINE,
        )
        manifest.write_text(text, encoding="utf-8")
    return originals


def restore(originals: dict[Path, bytes]) -> None:
    """Put back the files :func:`edit_documents` changed."""
    for path, data in originals.items():
        path.write_bytes(data)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--docs", type=int, required=True, help="how many documents")
    ap.add_argument("--out", type=Path, required=True, help="folder to write (made or replaced)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--drop",
        type=float,
        default=DEFAULT_DROP,
        help="chance of leaving out a paragraph without quotes",
    )
    ap.add_argument("--train", type=Path, default=TRAIN, help="the articles to recombine")
    a = ap.parse_args()
    started = time.perf_counter()
    docs, size = make_corpus(a.out, a.docs, a.seed, a.drop, a.train)
    took = time.perf_counter() - started
    print(f"{docs} documents, {size:,} bytes ({size / 2**20:.0f} MiB) in {took:.1f} s -> {a.out}")


if __name__ == "__main__":
    main()
