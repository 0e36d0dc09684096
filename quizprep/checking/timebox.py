"""A hard wall-clock cap on checking work: a forked worker process, killed when it overruns.

SymPy and mpmath can spend minutes (or all memory) on a small hostile input, deep in C or in loops no
signal interrupts, so the work runs in a child process. The child is forked once and kept warm (SymPy's
caches make the next check fast); it takes requests over a pipe and streams results back as it goes,
each marked complete or not: a numeric verdict first, a proof later. The parent keeps the last result it
received. At the deadline, or `grace` seconds after the first complete result, whichever is sooner, it
kills the child (a fresh one is forked for the next request). A proof that overruns costs only the proof.
The clock of a request starts when the worker has read it, so a worker still importing SymPy (see
`start_worker`) does not eat into the cap.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import os
import pickle
import select
import signal
import struct
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from quizprep.bank.model import Text

T = TypeVar("T")
Work = Callable[..., Iterator[tuple[T, bool]]] | str  # the function, or "module:function" naming it

TOTAL_SECONDS = 2.0  # hard cap on one check, proof included
PROOF_SECONDS = 0.3  # the time a proof may take once the numeric verdict is known
STARTUP_SECONDS = 60.0  # a new worker's imports (SymPy) do not count against a check's cap
TOOK_TOO_LONG = Text(f"it took too long to check (over {TOTAL_SECONDS:g} s): write the expression more simply",
                     f"проверка заняла слишком много времени (больше {TOTAL_SECONDS:g} с): запишите выражение проще")
MEMORY_HEADROOM = 1 << 30  # bytes of address space the worker may add to what it inherits
_HEADER = struct.Struct(">I")


@dataclass
class Outcome(Generic[T]):
    """What a boxed run produced.

    value: the last result the worker sent (None if it sent none in time).
    complete: whether that result was marked complete.
    finished: the work ran to its end; False when it was killed at the deadline or crashed.
    error: the work's traceback, when it raised.
    """

    value: T | None = None
    complete: bool = False
    finished: bool = False
    error: str | None = None


def run_streaming(work: Work[T], *args: Any, timeout: float | None, grace: float | None = None) -> Outcome[T]:
    """Run the generator `work(*args)`, which yields (result, complete) pairs, under a wall-clock cap.

    `work` is a module-level function or its "module:function" name (then this process need not import
    the module: the worker does); `args` must be picklable, they travel to the worker by pipe. With
    `timeout` None, or where the platform cannot fork, it runs in this process without a cap.
    """
    reference = work if isinstance(work, str) else f"{work.__module__}:{work.__qualname__}"
    if timeout is None or not hasattr(os, "fork"):
        return _run_here(resolve(reference), args)
    with _lock:
        worker = _worker_for_this_process()
        try:
            _send(worker.requests, (reference, args))
        except OSError:  # the worker died since the last request: start another
            _stop_worker()
            worker = _worker_for_this_process()
            _send(worker.requests, (reference, args))
        outcome: Outcome[T] = Outcome()
        try:
            _collect(worker.results, outcome, timeout, grace)
        finally:
            if not outcome.finished:
                _stop_worker()  # overran, failed or interrupted: start clean next time
        return outcome


def resolve(reference: str) -> Callable[..., Any]:
    """The function named "module:function"."""
    module_name, _, name = reference.partition(":")
    return getattr(importlib.import_module(module_name), name)


def _run_here(work: Callable[..., Iterator[tuple[T, bool]]], args: tuple[Any, ...]) -> Outcome[T]:
    outcome: Outcome[T] = Outcome()
    for value, complete in work(*args):
        outcome.value, outcome.complete = value, complete
    outcome.finished = True
    return outcome


# ---------------------------------------------------------------- the parent's side


@dataclass
class _Worker:
    pid: int
    owner: int  # the process that forked it: a process forked later must not share its pipes
    requests: int
    results: int


_worker: _Worker | None = None
_lock = threading.Lock()


def start_worker(warm: str | None = None) -> None:
    """Fork the worker now, if there is none, and let it run `warm` ("module:function": imports, caches)
    in the background.

    Call it before slow work of this process (loading the bank) so that SymPy loads meanwhile; a check
    sent early simply waits for `warm` to finish. Does nothing where the platform cannot fork.
    """
    if hasattr(os, "fork"):
        with _lock:
            _worker_for_this_process(warm)


def _worker_for_this_process(warm: str | None = None) -> _Worker:
    global _worker
    if _worker is None or _worker.owner != os.getpid():
        _worker = _start_worker(warm)
    return _worker


def _start_worker(warm: str | None) -> _Worker:
    request_read, request_write = os.pipe()
    result_read, result_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: never returns
        os.close(request_write)
        os.close(result_read)
        _serve(request_read, result_write, warm)
    os.close(request_read)
    os.close(result_write)
    return _Worker(pid, os.getpid(), request_write, result_read)


def _stop_worker() -> None:
    global _worker
    worker, _worker = _worker, None
    if worker is None or worker.owner != os.getpid():
        return
    for fd in (worker.requests, worker.results):
        with contextlib.suppress(OSError):
            os.close(fd)
    with contextlib.suppress(ProcessLookupError):
        os.kill(worker.pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(worker.pid, 0)


atexit.register(_stop_worker)


def _collect(fd: int, outcome: Outcome[Any], timeout: float, grace: float | None) -> None:
    """Read results until the work is done, fails, or the deadline passes (`timeout` after it started)."""
    deadline = time.monotonic() + STARTUP_SECONDS + timeout
    buffer = b""
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            return
        chunk = os.read(fd, 1 << 16)
        if not chunk:  # the worker died (killed for memory, crashed)
            return
        buffer += chunk
        while len(buffer) >= _HEADER.size:
            (size,) = _HEADER.unpack_from(buffer)
            if len(buffer) < _HEADER.size + size:
                break
            kind, payload = pickle.loads(buffer[_HEADER.size:_HEADER.size + size])
            buffer = buffer[_HEADER.size + size:]
            if kind == "started":
                deadline = time.monotonic() + timeout
            elif kind == "value":
                outcome.value, outcome.complete = payload
                if outcome.complete and grace is not None:
                    deadline = min(deadline, time.monotonic() + grace)
            elif kind == "error":
                outcome.error = payload
                return
            else:
                outcome.finished = True
                return


# ---------------------------------------------------------------- the worker's side


def _serve(requests: int, results: int, warm: str | None) -> None:
    """The worker's loop: one request at a time until the parent closes the pipe."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)  # stray prints and warnings must not reach the user's terminal
        os.dup2(devnull, 2)
        for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[variable] = "1"  # small matrices only; and per-thread buffers would eat the memory cap
        _limit_memory()
        if warm is not None:
            with contextlib.suppress(Exception):  # warming is an optimisation: a failure shows up later
                resolve(warm)()
        while True:
            request = _receive(requests)
            if request is None:
                break
            reference, args = request
            try:
                work = resolve(reference)  # imports the work's module (SymPy...) before the clock starts
                _send(results, ("started", None))
                for item in work(*args):
                    _send(results, ("value", item))
                _send(results, ("done", None))
            except Exception:  # noqa: BLE001 - the parent turns it into an 'invalid' verdict
                _send(results, ("error", traceback.format_exc(limit=8)))
    finally:
        os._exit(0)


def _receive(fd: int) -> Any:
    header = _read_exactly(fd, _HEADER.size)
    if header is None:
        return None
    body = _read_exactly(fd, _HEADER.unpack(header)[0])
    if body is None:
        return None
    sympy = sys.modules.get("sympy")
    if sympy is None:
        return pickle.loads(body)
    with sympy.evaluate(False):  # rebuild expressions exactly as sent: exp(log(x)) must not become x
        return pickle.loads(body)


def _read_exactly(fd: int, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = os.read(fd, size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def _send(fd: int, message: Any) -> None:
    data = pickle.dumps(message)
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def _limit_memory() -> None:
    """Cap the worker's address space a little above what it inherited, so a bomb fails with MemoryError."""
    try:
        import resource

        with open("/proc/self/statm") as statm:
            inherited = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = inherited + MEMORY_HEADROOM
        if hard == resource.RLIM_INFINITY or limit < hard:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, ValueError):  # not Linux: the wall-clock cap still holds
        pass
