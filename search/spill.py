"""Scratch storage for a corpus too large to hold in memory: values written once and
read back by key, from append-only files (or from memory, for small corpora)."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path
from typing import Any


class MemorySpill:
    """Values kept in memory (a small corpus, tests)."""

    def __init__(self) -> None:
        self._values: dict[tuple[str, str], Any] = {}

    def put(self, kind: str, key: str, value: object) -> None:
        """Store ``value`` under ``(kind, key)``."""
        self._values[(kind, key)] = value

    def get(self, kind: str, key: str) -> Any:
        """The value stored under ``(kind, key)``."""
        return self._values[(kind, key)]

    def close(self) -> None:
        """Forget everything."""
        self._values.clear()


class Spill(MemorySpill):
    """Values pickled into one append-only file per kind in ``folder`` (created empty,
    removed by :meth:`close`); only their offsets stay in memory."""

    def __init__(self, folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        self.folder = folder
        self._files: dict[str, Any] = {}
        self._where: dict[tuple[str, str], tuple[int, int]] = {}

    def _file(self, kind: str) -> Any:
        if kind not in self._files:
            self._files[kind] = open(self.folder / kind, "w+b")  # noqa: SIM115 (closed in close)
        return self._files[kind]

    def put(self, kind: str, key: str, value: object) -> None:
        """Store ``value`` (pickled) under ``(kind, key)``."""
        f = self._file(kind)
        data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        self._where[(kind, key)] = (f.seek(0, os.SEEK_END), len(data))
        f.write(data)

    def get(self, kind: str, key: str) -> Any:
        """The value stored under ``(kind, key)``."""
        f = self._file(kind)
        f.flush()
        offset, size = self._where[(kind, key)]
        return pickle.loads(os.pread(f.fileno(), size, offset))

    def close(self) -> None:
        """Close and remove the scratch files."""
        for f in self._files.values():
            f.close()
        self._files.clear()
        shutil.rmtree(self.folder, ignore_errors=True)
