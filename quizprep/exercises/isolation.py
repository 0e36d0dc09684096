"""The parent's side of the sandbox: start the child, talk to it with deadlines, capture its output.

The child (sandbox.py) runs in its own session and process group, in isolated mode (`python -I`),
in an empty temporary directory, with its memory and CPU time capped by itself before any user code
runs. Requests and replies go over two private pipes; every reply must carry the id of its request
(a fresh random one each time), so a frame written by the user's code either stands in for a value
the user's code could have returned anyway or breaks the exchange, which fails the check. The
wall-clock deadline is enforced here: when it passes, the whole process group is killed. Whatever
the child prints is drained by a thread and only its head and tail are kept.
"""

from __future__ import annotations

import os
import secrets
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

from quizprep.errors import QuizprepError
from quizprep.exercises import wire

SANDBOX_SCRIPT = Path(__file__).resolve().parent / "sandbox.py"
PACKAGE_ROOT = Path(__file__).resolve().parent.parent.parent
MEMORY_MB = {"numpy": 2048, "torch": 4096, "cuda": 32768}  # CUDA maps much host memory of its own
STARTUP_SECONDS = {"numpy": 30.0, "torch": 90.0}
OUTPUT_HEAD, OUTPUT_TAIL = 4096, 2048
SIGNALS = {
    signal.SIGKILL: "was killed (SIGKILL; out of memory?)",
    signal.SIGSEGV: "crashed (segmentation fault)",
    signal.SIGABRT: "aborted (SIGABRT)",
    signal.SIGXCPU: "used up its CPU-time limit",
    signal.SIGXFSZ: "wrote a file larger than 64 MB",
}


class SandboxUnavailable(QuizprepError):
    """The sandbox could not be set up (torch missing, no CUDA): the file could not be graded."""


class SandboxStopped(Exception):
    """The child can no longer answer; `reason` says why in a few words ("timed out after 10 s")."""

    def __init__(self, reason: str, kind: str):
        super().__init__(reason)
        self.reason = reason
        self.kind = kind  # "timeout", "died" or "protocol"
        self.where = ""  # what the child was doing, when the caller knows ("in forward()")


@dataclass
class CapturedOutput:
    """The first and last bytes of everything the child printed, and how much there was."""

    head: bytearray = field(default_factory=bytearray)
    tail: bytearray = field(default_factory=bytearray)
    total: int = 0

    def add(self, chunk: bytes) -> None:
        self.total += len(chunk)
        room = OUTPUT_HEAD - len(self.head)
        if room > 0:
            self.head += chunk[:room]
            chunk = chunk[room:]
        if chunk:
            self.tail = (self.tail + chunk)[-OUTPUT_TAIL:]

    def text(self) -> str:
        """The output as text, with the omitted middle marked."""
        head = self.head.decode("utf-8", errors="replace")
        if not self.tail:
            return head
        omitted = self.total - len(self.head) - len(self.tail)
        middle = f"\n… {omitted:,} bytes omitted …\n" if omitted > 0 else ""
        return head + middle + self.tail.decode("utf-8", errors="replace")


class Sandbox:
    """One child process serving requests until `close()` (use it as a context manager).

    `timeout` is the wall-clock time the user's code gets, counted from the moment the child is
    ready (starting Python and importing numpy or torch is not counted, within its own limit).
    """

    def __init__(self, backend: str = "numpy", device: str = "cpu", timeout: float = 10.0,
                 memory_mb: int | None = None):
        self.backend, self.device, self.timeout = backend, device, timeout
        self.memory_mb = memory_mb or MEMORY_MB["cuda" if device.startswith("cuda") else backend]
        self.output = CapturedOutput()
        self.info: dict[str, Any] = {}
        self.ready = False
        self.startup_seconds = 0.0
        self._spawned_at = 0.0
        self.process: subprocess.Popen[bytes] | None = None
        self.deadline = 0.0
        self._buffer = bytearray()
        self._request_fd = self._reply_fd = -1
        self._workdir: tempfile.TemporaryDirectory[str] | None = None
        self._reader: threading.Thread | None = None

    def __enter__(self) -> Self:
        """Spawn the child (unless started early); the first request (or `wait_ready`) waits for it."""
        try:
            if self.process is None:
                self.spawn()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- life cycle --------------------------------------------------------------------------------

    def start(self) -> dict[str, Any]:
        """Start the child and wait for it to be ready; return what it reports (versions, GPU)."""
        self.spawn()
        return self.wait_ready()

    def spawn(self) -> None:
        """Start the child process and return at once (it imports numpy or torch meanwhile)."""
        self._spawned_at = time.monotonic()
        request_read, self._request_fd = os.pipe()
        self._reply_fd, reply_write = os.pipe()
        output_read, output_write = os.pipe()
        self._workdir = tempfile.TemporaryDirectory(prefix="quizprep-check-")
        cpu_seconds = int(STARTUP_SECONDS[self.backend] + self.timeout) + 5
        command = [sys.executable, "-I", "-u", str(SANDBOX_SCRIPT), str(request_read), str(reply_write),
                   str(PACKAGE_ROOT), self.backend, self.device, str(self.memory_mb), str(cpu_seconds)]
        try:
            self.process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=output_write, stderr=output_write,
                pass_fds=(request_read, reply_write), cwd=self._workdir.name, env=_child_env(),
                start_new_session=True)
        except OSError as exc:
            for fd in (self._request_fd, self._reply_fd, output_read):
                os.close(fd)
            raise SandboxUnavailable(f"cannot start the sandbox: {exc}") from None
        finally:
            for fd in (request_read, reply_write, output_write):
                os.close(fd)
        os.set_blocking(self._request_fd, False)
        self._reader = threading.Thread(target=self._drain, args=(output_read,), daemon=True)
        self._reader.start()
        self.deadline = self._spawned_at + STARTUP_SECONDS[self.backend]

    def wait_ready(self) -> dict[str, Any]:
        """Wait until the child is ready (once); start the user's clock; return what the child reports."""
        if self.ready:
            return self.info
        try:
            reply = self._receive("ready")
        except SandboxStopped as stopped:
            raise SandboxUnavailable(f"the sandbox did not start: it {stopped.reason}; its output: "
                                     f"{self.output.text()[-500:]!r}") from None
        if not reply.get("ok"):
            raise SandboxUnavailable(str(reply.get("error", {}).get("message", "the sandbox failed to start")))
        self.info = reply.get("result") or {}
        self.ready = True
        self.startup_seconds = time.monotonic() - self._spawned_at
        self.deadline = time.monotonic() + self.timeout
        return self.info

    def close(self) -> None:
        """Kill the child's whole process group and clean up (safe to call twice)."""
        if self.process is not None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.process.wait()
            for fd in (self._request_fd, self._reply_fd):
                os.close(fd)
            self.process = None
        if self._reader is not None:
            self._reader.join(timeout=1.0)
            self._reader = None
        if self._workdir is not None:
            self._workdir.cleanup()
            self._workdir = None

    def _drain(self, fd: int) -> None:
        try:
            while chunk := os.read(fd, 65536):
                self.output.add(chunk)
        finally:
            os.close(fd)

    # --- requests ----------------------------------------------------------------------------------

    def request(self, op: str, **fields: Any) -> dict[str, Any]:
        """Send one request and return the child's reply {"ok": bool, "result" | "error"}.

        Raises SandboxStopped when the child times out, dies or answers out of turn.
        """
        self.wait_ready()
        request_id = secrets.token_hex(8)
        self._send(wire.pack({"id": request_id, "op": op, **fields}))
        return self._receive(request_id)

    def _remaining(self) -> float:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            limit = self.timeout if self.ready else STARTUP_SECONDS[self.backend]
            raise SandboxStopped(f"timed out after {limit:g} s", "timeout")
        return remaining

    def _send(self, frame: bytes) -> None:
        view = memoryview(frame)
        while view:
            _, writable, _ = select.select([], [self._request_fd], [], self._remaining())
            if not writable:
                continue
            try:
                view = view[os.write(self._request_fd, view):]
            except BlockingIOError:
                continue
            except BrokenPipeError:
                raise self._died() from None

    def _read_exact(self, n: int) -> bytes:
        while len(self._buffer) < n:
            readable, _, _ = select.select([self._reply_fd], [], [], self._remaining())
            if not readable:
                continue
            chunk = os.read(self._reply_fd, 1 << 20)
            if not chunk:
                raise self._died()
            self._buffer += chunk
        data = bytes(self._buffer[:n])
        del self._buffer[:n]
        return data

    def _receive(self, request_id: str) -> dict[str, Any]:
        try:
            message = wire.unpack(self._read_exact(wire.body_length(self._read_exact(8))))
        except wire.WireError as exc:
            raise SandboxStopped(f"sent a corrupted reply ({exc})", "protocol") from None
        if not isinstance(message, dict) or message.get("id") != request_id:
            raise SandboxStopped("answered out of turn (something else wrote to the sandbox's private "
                                 "channel)", "protocol")
        return message

    def _died(self) -> SandboxStopped:
        assert self.process is not None
        try:
            code = self.process.wait(timeout=2.0)
        except subprocess.TimeoutExpired:
            return SandboxStopped("closed its channel without exiting", "died")
        if code < 0:
            reason = SIGNALS.get(-code) or f"was killed by signal {signal.Signals(-code).name}"
        else:
            reason = f"exited with status {code} without answering (os._exit() or a crash)"
        return SandboxStopped(reason, "died")


_early: Sandbox | None = None


def start_early(backend: str = "numpy", device: str = "cpu", timeout: float = 10.0) -> None:
    """Spawn a sandbox now, before the CLI is even imported, so that starting Python and importing numpy
    or torch in the child overlaps with everything the checking process does first. `sandbox_for`
    hands it out; a process that never asks for it leaves it to exit when its pipe closes."""
    global _early
    try:
        sandbox = Sandbox(backend, device, timeout)
        sandbox.spawn()
    except Exception:  # noqa: BLE001 - starting early is an optimisation: the check starts its own
        return
    _early = sandbox


def start_early_for(argv: list[str]) -> None:
    """`quizprep check ID FILE [options]`: start the sandbox its options ask for (nothing for --help or
    options it cannot read: the command itself will say what is wrong)."""
    options = {"--backend": "numpy", "--device": "cpu", "--timeout": "10"}
    args = iter(argv)
    for arg in args:
        if arg in ("--help", "-h"):
            return
        name, _, value = arg.partition("=")
        if name in options:
            options[name] = value or next(args, "")
    backend, device = options["--backend"], options["--device"]
    try:
        timeout = float(options["--timeout"])
    except ValueError:
        return
    if backend in STARTUP_SECONDS and (device == "cpu" or backend == "torch") and 0 < timeout <= 3600:
        start_early(backend, device, timeout)


_early_lock = threading.Lock()


def sandbox_for(backend: str, device: str, timeout: float) -> Sandbox:
    """The sandbox started early when it was started for these settings, else a new one (not spawned)."""
    global _early
    with _early_lock:  # batch grading asks from several threads: the early sandbox goes to one of them
        early, _early = _early, None
    if early is not None:
        if (early.backend, early.device, early.timeout) == (backend, device, timeout):
            return early
        early.close()
    return Sandbox(backend, device, timeout)


def _child_env() -> dict[str, str]:
    """The parent's environment without PYTHON* variables, with one BLAS/OpenMP thread."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(name, "1")
    return env
