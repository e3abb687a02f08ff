"""Work spread over several processes: an ordered, bounded parallel map, and workers
that never outlive the process that started them.

Extraction is pure Python and CPU-bound, so threads would not help; processes do.
Results come back in input order (so output is the same whatever the number of
workers) and only a few batches are in flight at a time, so memory does not grow with
the input.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def cpu_count() -> int:
    """The cores this process may run on (its affinity mask, not the machine's total)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def forks() -> bool:
    """Whether worker processes start as forks of this one, sharing its memory as it
    was (so that what they read need not be sent to them)."""
    return multiprocessing.get_start_method() == "fork"


def exit_with_parent(parent: int, every: float = 0.5) -> None:
    """In a worker: exit within ``every`` seconds of the death of process ``parent``.

    A worker blocked on its job queue would otherwise wait forever after its parent is
    killed (``kill -9`` runs no clean-up), holding memory and any files it inherited.
    """
    ppid = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(every)
            try:
                os.kill(parent, 0)
                # Reparenting shows a forked worker's parent died (its pid may be reused).
                alive = os.getppid() == ppid or ppid != parent
            except ProcessLookupError:
                alive = False
            except PermissionError:
                alive = True
            if not alive:
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="exit-with-parent").start()


_NOTHING = object()
_shared: Any = _NOTHING  # in a worker: what ordered_map's caller shares with every call


def _start_worker(parent: int, sharing: bool, shared: Any) -> None:
    global _shared
    # Told apart by a flag: a worker that is not a fork gets a copy of ``_NOTHING``.
    _shared = shared if sharing else _NOTHING
    exit_with_parent(parent)


def _run_batch(func: Callable[..., R], batch: list[Any]) -> list[R]:
    if _shared is _NOTHING:
        return [func(item) for item in batch]
    return [func(_shared, item) for item in batch]


class _Done:
    """A batch this process ran itself, waiting in the queue of batches in flight
    behind older ones: its results, or the error it raised (raised again when its turn
    comes, after the results of the items before it, as a worker's would be)."""

    def __init__(self, run: Callable[[Any], Any], batch: list[Any]) -> None:
        self.results: list[Any] = []
        self.error: BaseException | None = None
        try:
            self.results = [run(item) for item in batch]
        except Exception as err:
            self.error = err

    def ready(self) -> bool:
        return True

    def get(self) -> list[Any]:
        if self.error is not None:
            raise self.error
        return self.results


def ordered_map(
    func: Callable[..., R],
    items: Iterable[T],
    workers: int,
    *,
    shared: Any = _NOTHING,
    batch: int = 8,
    window: int = 4,
    idle: Callable[[], bool] | None = None,
) -> Iterator[R]:
    """``map(func, items)`` on ``workers`` processes, results in input order.

    ``func`` must be a module-level function (it is sent to the workers by name).
    With ``shared`` given, each call is ``func(shared, item)``: ``shared`` (a model,
    say) reaches each worker once, not with every item (pickled, unless the workers
    are forks: see :func:`forks`). Items are sent in batches of ``batch``, and
    ``items`` may be a long lazy stream: ``window`` batches per started worker are
    out at a time (sent and not yet taken back, in input order), and at most
    ``2 * window * workers`` batches are out or waiting here at once (run, but behind
    an older batch). With one worker, everything runs in this process.

    This process is one of the ``workers``: ``workers - 1`` are started, and while the
    oldest batch is not back, this process runs the next one itself. So there are never
    more busy processes than ``workers`` (two processes sharing a core run slower
    than one after the other), and what this process does between results, such as
    reading the items, takes time from its own share of the work only. The started
    workers' batches are topped up each time one is taken back, however many batches
    this process has run itself meanwhile (so that, unless a slow batch holds up those
    behind it, they do not wait for work).

    ``idle``, if given, is this process's own work, done a little at a time while the
    workers compute: each time the oldest batch is not back, ``idle()`` is called
    first, and this process runs a batch itself only when it returns False (nothing
    of its own to do just now). A call should take much less time than a batch.
    """
    if shared is _NOTHING:
        run: Callable[[T], R] = func
    else:

        def run(item: T) -> R:
            return func(shared, item)

    if workers <= 1:
        yield from map(run, items)
        return
    it = iter(items)
    pool = multiprocessing.Pool(
        workers - 1,
        initializer=_start_worker,
        initargs=(os.getpid(), shared is not _NOTHING, shared),
    )
    try:
        pending: deque = deque()  # batches in input order: the workers' and our own
        queued = 0  # batches sent to the workers and not yet taken back
        most = 2 * window * workers
        while True:
            while queued < window * (workers - 1) and len(pending) < most:
                chunk = list(islice(it, batch))
                if not chunk:
                    break
                pending.append(pool.apply_async(_run_batch, (func, chunk)))
                queued += 1
            if not pending:
                break
            # Help while the oldest batch is out, unless a slow one has let too many
            # pile up here.
            if not pending[0].ready() and len(pending) < most:
                if idle is not None and idle():
                    continue
                chunk = list(islice(it, batch))
                if chunk:
                    pending.append(_Done(run, chunk))
                    continue
            oldest = pending.popleft()
            queued -= not isinstance(oldest, _Done)
            yield from oldest.get()
        pool.close()
    finally:
        pool.terminate()
        pool.join()
