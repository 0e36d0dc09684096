"""The time box: overruns are killed, partial results kept, failures reported, the worker replaced."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest

from quizprep.checking import timebox
from quizprep.checking.timebox import run_streaming, start_worker


def _forever() -> Iterator[tuple[str, bool]]:
    while True:
        time.sleep(0.01)
    yield "never", True  # pragma: no cover


def _numeric_then_slow_proof() -> Iterator[tuple[str, bool]]:
    yield "checked", True
    time.sleep(30)
    yield "proved", True  # pragma: no cover


def _partial_then_hang() -> Iterator[tuple[str, bool]]:
    yield "step 1", False
    time.sleep(30)
    yield "done", True  # pragma: no cover


def _fails() -> Iterator[tuple[str, bool]]:
    yield "before", False
    raise ValueError("boom")


def _pid() -> Iterator[tuple[int, bool]]:
    yield os.getpid(), True


def _slow_warm() -> None:
    time.sleep(1.0)


def _greedy() -> Iterator[tuple[int, bool]]:
    hog = bytearray(4 << 30)  # more than the worker's address-space headroom
    yield len(hog), True  # pragma: no cover


def test_an_overrun_is_killed_at_the_deadline() -> None:
    started = time.monotonic()
    outcome = run_streaming(_forever, timeout=0.5)
    assert time.monotonic() - started < 3
    assert outcome.value is None and not outcome.finished


def test_grace_bounds_the_work_after_a_complete_result() -> None:
    started = time.monotonic()
    outcome = run_streaming(_numeric_then_slow_proof, timeout=20, grace=0.3)
    assert time.monotonic() - started < 3
    assert outcome.value == "checked" and outcome.complete and not outcome.finished


def test_a_partial_result_survives_the_deadline() -> None:
    outcome = run_streaming(_partial_then_hang, timeout=0.5)
    assert outcome.value == "step 1" and not outcome.complete


def test_a_failure_comes_back_as_text() -> None:
    outcome = run_streaming(_fails, timeout=5)
    assert outcome.value == "before"
    assert outcome.error is not None and "ValueError: boom" in outcome.error


def test_the_worker_is_warm_and_replaced_after_a_kill() -> None:
    first = run_streaming(_pid, timeout=5).value
    assert run_streaming(_pid, timeout=5).value == first != os.getpid()
    run_streaming(_forever, timeout=0.2)
    assert run_streaming(_pid, timeout=5).value not in (None, first)


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="the memory cap needs Linux")
def test_a_memory_bomb_fails_inside_the_worker() -> None:
    outcome = run_streaming(_greedy, timeout=10)
    assert outcome.value is None and outcome.error is not None and "MemoryError" in outcome.error


def test_without_a_timeout_it_runs_here() -> None:
    outcome = run_streaming(_pid, timeout=None)
    assert outcome.value == os.getpid() and outcome.finished


def test_a_warming_worker_does_not_eat_into_the_cap() -> None:
    timebox._stop_worker()
    start_worker(warm=f"{__name__}:_slow_warm")  # e.g. SymPy loading while the bank does
    outcome = run_streaming(_pid, timeout=0.5)
    assert outcome.finished and outcome.value not in (None, os.getpid())


def test_warm_up_starts_the_symbolic_worker() -> None:
    from quizprep.checking.dispatch import warm_up

    timebox._stop_worker()
    warm_up()
    assert timebox._worker is not None
    assert run_streaming(_pid, timeout=5).value == timebox._worker.pid
