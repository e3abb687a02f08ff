"""Tests for search.workers: an ordered, bounded, lazy parallel map, and workers that
exit when the process that started them dies."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from contextlib import closing
from itertools import islice
from pathlib import Path

import pytest

from search import workers
from search.workers import cpu_count, ordered_map


# Module-level functions: ordered_map sends them to the workers by name.
def square_slowly(x: int) -> tuple[int, int]:
    """``x * x`` and the pid that computed it; every other batch of 8 is slower, so
    batches finish out of order when several workers run."""
    if (x // 8) % 2 == 0:
        time.sleep(0.002)
    return x * x, os.getpid()


def scaled(factor: int, x: int) -> int:
    return factor * x


def double(x: int) -> int:
    return 2 * x


def test_results_come_back_in_input_order_from_several_processes():
    results = list(ordered_map(square_slowly, range(600), workers=3))
    assert [value for value, _pid in results] == [x * x for x in range(600)]
    # Three processes shared the work: this one and the two it started.
    pids = {pid for _value, pid in results}
    assert os.getpid() in pids and len(pids) == 3


def slow_start(x: int) -> tuple[int, int]:
    """``x * x`` and the pid that computed it; item 0 takes 50 ms."""
    if x == 0:
        time.sleep(0.05)
    return x * x, os.getpid()


def test_this_process_helps_while_it_waits_for_a_worker():
    # The worker's first batch is slow: this process runs the ones after those sent.
    results = list(ordered_map(slow_start, range(200), workers=2))
    assert [value for value, _pid in results] == [x * x for x in range(200)]
    by = [pid for _value, pid in results]
    assert by.count(os.getpid()) >= 8 and len(set(by)) == 2


def fails_at_70(x: int) -> int:
    if x == 70:
        raise ValueError("no 70")
    return slow_start(x)[0]


def test_an_error_comes_after_the_results_before_it():
    results = ordered_map(fails_at_70, range(200), workers=2)
    got = []
    with pytest.raises(ValueError, match="no 70"):
        for value in results:
            got.append(value)
    assert got == [x * x for x in range(64)]  # the batches before the one with 70


def test_shared_value_is_passed_to_every_call():
    assert list(ordered_map(scaled, range(500), workers=2, shared=3)) == [3 * x for x in range(500)]
    assert list(ordered_map(scaled, range(5), workers=1, shared=-1)) == [0, -1, -2, -3, -4]


def test_one_worker_runs_in_this_process():
    results = list(ordered_map(square_slowly, range(20), workers=1))
    assert [value for value, _pid in results] == [x * x for x in range(20)]
    assert {pid for _value, pid in results} == {os.getpid()}


class Recorder:
    """An input stream that counts how many items have been taken from it."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.taken = 0

    def __iter__(self):
        for i in range(self.n):
            self.taken += 1
            yield i


def test_input_is_read_lazily_a_bounded_distance_ahead():
    batch, window, workers = 4, 2, 2
    ahead = batch * 2 * window * workers  # the batches in flight, and those run here
    items = Recorder(500)
    results = ordered_map(square_slowly, items, workers, batch=batch, window=window)
    with closing(results):  # closing stops the pool early
        received = 0
        for _ in islice(results, 100):
            received += 1
            assert items.taken - received <= ahead
        assert received == 100
    assert items.taken <= 100 + ahead  # most of the stream was never read


def test_empty_input_gives_nothing():
    assert list(ordered_map(scaled, [], workers=2, shared=1)) == []


def test_cpu_count_is_what_this_process_may_use():
    assert 1 <= cpu_count() <= (os.cpu_count() or 1)


ORPHAN = textwrap.dedent(
    """
    import os, sys, time
    sys.path.insert(0, {root!r})
    from search.workers import exit_with_parent
    parent = os.getpid()
    child = os.fork()
    if child == 0:
        os.close(1)  # the test reads our output until every copy of it is closed
        os.close(2)
        exit_with_parent(parent, every=0.05)
        time.sleep(30)  # a worker waiting for work that will never come
        os._exit(0)
    print(child, flush=True)
    os.kill(parent, 9)  # no clean-up runs
    """
)


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state not in ("Z", "X")


def test_worker_exits_when_its_parent_is_killed():
    root = str(Path(__file__).resolve().parents[1])
    proc = subprocess.run(
        [sys.executable, "-c", ORPHAN.format(root=root)], capture_output=True, text=True
    )
    assert proc.returncode == -signal.SIGKILL
    child = int(proc.stdout.split()[0])
    deadline = time.monotonic() + 5
    while _running(child) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not _running(child)


class StepPool:
    """A stand-in for ``multiprocessing.Pool`` with one worker that runs exactly one
    queued batch each time this process runs a batch itself: two workers going at the
    same speed, in lock step. It notes how many batches were queued for the worker
    each time this process started one of its own."""

    def __init__(self, *args, **kwargs) -> None:
        self.queue: list[StepResult] = []
        self.queued_when_helping: list[int] = []

    def apply_async(self, func, args):
        result = StepResult(func, args)
        self.queue.append(result)
        return result

    def step(self) -> None:
        self.queued_when_helping.append(len(self.queue))
        if self.queue:
            self.queue.pop(0).run()

    def close(self) -> None:
        while self.queue:
            self.queue.pop(0).run()

    terminate = close

    def join(self) -> None:
        pass


class StepResult:
    def __init__(self, func, args) -> None:
        self.func, self.args, self.value = func, args, None

    def run(self) -> None:
        self.value = self.func(*self.args)

    def ready(self) -> bool:
        return self.value is not None

    def get(self):
        while self.value is None:
            self.run()
        return self.value


def lock_step(monkeypatch, on_help=lambda: None) -> StepPool:
    """Make ``ordered_map``'s started worker a :class:`StepPool`, which runs one batch
    each time this process starts one of its own (after calling ``on_help``)."""
    pool = StepPool()
    monkeypatch.setattr(workers.multiprocessing, "Pool", lambda *a, **k: pool)
    real_done = workers._Done.__init__

    def help_one_step(self, run, batch):
        on_help()
        pool.step()
        real_done(self, run, batch)

    monkeypatch.setattr(workers._Done, "__init__", help_one_step)
    return pool


def test_the_workers_queue_is_kept_full_while_this_process_helps(monkeypatch):
    pool = lock_step(monkeypatch)
    items, batch, window = 800, 8, 4
    results = list(ordered_map(double, range(items), 2, batch=batch, window=window))
    assert results == [2 * x for x in range(items)]
    # Half the batches were run here, and the worker never ran short of work meanwhile.
    assert len(pool.queued_when_helping) >= items // batch // 2 - window
    assert min(pool.queued_when_helping[:-window]) >= window - 1


def test_idle_work_comes_before_helping_with_a_batch(monkeypatch):
    # While the worker's batch is out, this process does its own chores first and runs
    # a batch itself only when it has none left.
    chores_done: list[int] = []
    done_before_helping: list[int] = []
    lock_step(monkeypatch, on_help=lambda: done_before_helping.append(len(chores_done)))

    def idle() -> bool:
        if len(chores_done) == 5:
            return False
        chores_done.append(1)
        return True

    assert list(ordered_map(double, range(100), 2, idle=idle)) == [2 * x for x in range(100)]
    assert len(chores_done) == 5
    assert done_before_helping and done_before_helping[0] == 5


def test_idle_is_not_called_with_one_worker():
    calls: list[int] = []
    results = list(ordered_map(double, range(20), 1, idle=lambda: bool(calls.append(1))))
    assert results == [2 * x for x in range(20)] and calls == []


def test_workers_that_are_not_forks_run_plain_calls(monkeypatch):
    # Started afresh ("spawn", the default on macOS), a worker gets a copy of what it is
    # sent, so it must still tell "nothing shared" from something shared.
    spawn = multiprocessing.get_context("spawn")
    monkeypatch.setattr(workers.multiprocessing, "Pool", spawn.Pool)
    assert list(ordered_map(abs, range(-40, 0), 2)) == list(range(40, 0, -1))
    assert list(ordered_map(pow, range(40), 2, shared=2)) == [2**x for x in range(40)]
