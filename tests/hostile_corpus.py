"""A hostile corpus: good documents mixed with files built to break a reader or an
extractor. Shared by ``tests/test_hostile.py`` (small sizes) and
``benchmarks/hostile.py`` (a 50 MB file and the full 100,000 quote marks).

Each good document has one quote with words found nowhere else, so a search can
prove it was indexed. Each bad file is named for what it is.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

# file name → (text, speaker, a word only its quote has)
GOOD = {
    "garden.txt": (
        "Garden notes\n\nMaria Lopez said, "
        '"Collaborating with neighbours made the garden grow faster."\n',
        "Maria Lopez",
        "neighbours",
    ),
    "harbour.txt": (
        "Harbour report\n\n"
        '"The herring came back to the harbour this spring," said Tom Baker, a fisherman.\n',
        "Tom Baker",
        "herring",
    ),
    "orchestra.txt": (
        "Concert season\n\n"
        "Nina Park, who conducts the youth orchestra, explained it simply: "
        '"Rehearsals start with silence, then the cellos."\n',
        "Nina Park",
        "cellos",
    ),
}

WORDS = [
    "the",
    "council",
    "met",
    "on",
    "tuesday",
    "residents",
    "roads",
    "winter",
    "budget",
    "river",
    "bridge",
    "school",
    "market",
    "library",
    "bus",
    "station",
    "weather",
    "harvest",
    "festival",
]


def prose(size: int, seed: int = 7) -> str:
    """About ``size`` characters of plain sentences, one per line, with no quotes."""
    rng = random.Random(seed)
    lines, total = [], 0
    while total < size:
        line = " ".join(rng.choice(WORDS) for _ in range(14)).capitalize() + ".\n"
        lines.append(line)
        total += len(line)
    return "".join(lines)


def write_good(folder: Path) -> dict[str, tuple[str, str, str]]:
    """Write the good documents into ``folder``; returns :data:`GOOD`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (text, _speaker, _word) in GOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
    return GOOD


def write_hostile(folder: Path, big_bytes: int = 5_000_000, marks: int = 100_000) -> dict:
    """Write the bad files into ``folder``. Returns ``{kind: path}`` for each one.

    ``binary``: random bytes with NULs; ``nul``: text with a few NUL bytes;
    ``invalid_utf8``: a readable document with invalid bytes (and a quote, so it still
    counts); ``big``: ``big_bytes`` of prose on one line per sentence; ``marks``:
    ``marks`` straight and curly quote marks with nothing between them;
    ``nested``: quotes nested a thousand levels deep; ``one_mark``: a file that is a
    single quote mark; ``empty``: nothing; ``dir_loop``: a folder link to its own
    parent.
    """
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(3)
    out: dict[str, Path] = {}

    def put(kind: str, name: str, data: bytes) -> None:
        path = folder / name
        path.write_bytes(data)
        out[kind] = path

    put("binary", "binary.txt", bytes(rng.randrange(256) for _ in range(4096)) + b"\x00" * 16)
    put("nul", "nul-bytes.txt", b'He said, "hello\x00 there."\n\x00\x00 more text\n')
    put(
        "invalid_utf8",
        "invalid-utf8.txt",
        b"Caf\xe9 \xff\xfe notes\n\nAda Quill said, "
        b'"The kettle \xc3\x28 whistled at dawn over the marshes."\n',
    )
    put("big", "big.txt", prose(big_bytes).encode())
    mixed = "".join(rng.choice('"“”') for _ in range(marks))
    put("marks", "marks.txt", mixed.encode())
    depth = 1000
    nested = "Lee Chan said, " + "“‘" * depth + "deep" + "’”" * depth + "\n"
    put("nested", "nested.txt", nested.encode())
    put("one_mark", "one-mark.txt", b'"')
    put("empty", "empty.txt", b"")
    loop = folder / "loop"
    os.symlink(folder, loop, target_is_directory=True)
    out["dir_loop"] = loop
    return out


def write_file_loop(folder: Path) -> Path:
    """Two file links pointing at each other (``a-loop.txt`` ↔ ``b-loop.txt``)."""
    a, b = folder / "a-loop.txt", folder / "b-loop.txt"
    os.symlink(b.name, a)
    os.symlink(a.name, b)
    return a


def write_unreadable(folder: Path) -> Path | None:
    """A document nobody may read (mode 000); None when this process can read it
    anyway (root ignores file modes)."""
    path = folder / "unreadable.txt"
    path.write_text('"Secret words," said Someone Hidden.\n', encoding="utf-8")
    path.chmod(0)
    try:
        with path.open("rb"):
            pass
    except PermissionError:
        return path
    path.chmod(0o644)
    path.unlink()
    return None
