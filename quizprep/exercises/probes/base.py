"""What every family's probes use: the probe context (rows and findings) and proxies to the user's objects.

A probe is a `with ctx.probe("what is checked") as p:` block. Inside it, calls into the user's code
go through `Remote` proxies; `p.fail(evidence, diagnosis, hint)` ends the probe as failed; an
exception of the user's code, a sandbox that stopped answering, or an output that cannot be used
ends it too, each with its own evidence and diagnosis. Falling off the end of the block passes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import numpy as np

from quizprep.bank.model import Text
from quizprep.exercises.catalog import Exercise
from quizprep.exercises.diagnosis import Explanation
from quizprep.exercises.isolation import Sandbox, SandboxStopped
from quizprep.exercises.report import ProbeRow

SHAPE_ERROR_WORDS = ("matmul", "shapes", "broadcast", "mismatch", "size of tensor", "dimension", "aligned")


# generic hints of the findings below, in both languages (the runner picks the user's)
LOOP_HINT = Text("Look for a while loop whose condition never changes.",
                 "Ищите цикл while, условие которого никогда не меняется.")
MEMORY_HINT = Text("Look for an allocation that grows with a loop or a huge shape.",
                   "Ищите массив, который растёт в цикле, или огромную форму.")
CRASH_HINT = Text("Remove os._exit / os.kill calls; a crash in native code also ends the process.",
                  "Уберите вызовы os._exit / os.kill; процесс завершает и падение в нативном коде.")
EXIT_HINT = Text("Remove sys.exit/exit/quit calls from the file.",
                 "Уберите из файла вызовы sys.exit/exit/quit.")
TODO_HINT = Text("Replace the `raise NotImplementedError` lines with your code.",
                 "Замените строки `raise NotImplementedError` своим кодом.")
CLASS_NAME_HINT = Text("The class name must be exactly the one in the template.",
                       "Имя класса должно быть точно таким, как в шаблоне.")
CONSTRUCTOR_HINT = Text("Keep the template's constructor: the same arguments, with the same defaults.",
                        "Оставьте конструктор из шаблона: те же аргументы с теми же значениями по умолчанию.")
SHAPE_HINT = Text("Write the shape of every array next to each line.",
                  "Выпишите рядом с каждой строкой форму каждого массива.")


@dataclass(frozen=True)
class Finding:
    """A diagnosis candidate from a failed probe; `specific` when a known bug signature matched.

    `convention`: the signature is a convention that differs from torch's (eps inside the square root),
    named only when no real bug fits.
    """

    diagnosis: str
    hint: str | Text | None = None  # Text: a generic hint in both languages
    specific: bool = False
    traceback: str | None = None
    convention: bool = False



def not_taken(extra: str, info: dict[str, Any]) -> bool:
    """Whether a failure shows that the user's code does not take the optional setting `extra` ("weight_decay",
    "momentum=None"): the constructor refuses the keyword, or a None value reaches arithmetic that never
    expected it. Any other failure is a bug in code that does take it."""
    if info.get("type") != "TypeError":
        return False
    message = str(info.get("message", "")).lower()
    keyword, _, value = extra.partition("=")
    return (f"unexpected keyword argument '{keyword.lower()}'" in message
            or (value == "None" and "nonetype" in message))


_SOLUTION_CLASSES: dict[str, Any] = {}


def reference_class(exercise: Exercise) -> Any:
    """The class the user's is compared with: the engine's, or (for an exercise whose class the engine does
    not have yet) the shipped reference solution's, which tests compare with torch."""
    import quizprep.engine

    found = getattr(quizprep.engine, exercise.class_name, None)
    if found is not None:
        return found
    if exercise.id not in _SOLUTION_CLASSES:
        import importlib.util

        from quizprep.exercises.catalog import SOLUTIONS_DIR

        spec = importlib.util.spec_from_file_location(f"quizprep_reference_{exercise.file_name[:-3]}",
                                                      SOLUTIONS_DIR / exercise.file_name)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _SOLUTION_CLASSES[exercise.id] = getattr(module, exercise.class_name)
    return _SOLUTION_CLASSES[exercise.id]


class ProbeFailed(Exception):
    """Ends a probe as failed (raised by Probe.fail)."""

    def __init__(self, evidence: str, diagnosis: str | None = None, hint: str | None = None,
                 convention: bool = False, traceback: str | None = None):
        super().__init__(evidence)
        self.evidence, self.diagnosis, self.hint, self.convention = evidence, diagnosis, hint, convention
        self.traceback = traceback


class UserCodeFailed(Exception):
    """The user's code did not return normally (an exception, sys.exit, memory, a missing method)."""

    def __init__(self, info: dict[str, Any], where: str):
        super().__init__(info.get("message", ""))
        self.info, self.where = info, where

    @property
    def evidence(self) -> str:
        kind = self.info.get("kind")
        if kind == "exception" or kind == "memory":
            return f"{self.info.get('type')}: {self.info.get('message')}".rstrip(": ")
        return str(self.info.get("message", kind))

    def finding(self, memory_mb: int) -> Finding:
        info, where = self.info, self.where
        kind, message = info.get("kind"), str(info.get("message", ""))
        traceback = info.get("traceback") or None
        if kind == "exit":
            return Finding(f"your code called {message} {where}: a check needs the class to return, not the "
                           f"program to end", EXIT_HINT, True, traceback)
        if kind == "memory":
            return Finding(f"your code ran out of memory {where} (the sandbox allows {memory_mb} MiB): "
                           f"{self.evidence}", MEMORY_HINT,
                           True, traceback)
        if kind == "missing_class":
            found = ", ".join(info.get("found") or []) or "none"
            return Finding(f"your file defines no class {message.removeprefix('no class ')} (classes found: "
                           f"{found})", CLASS_NAME_HINT, True)
        if kind == "missing_method":
            return Finding(f"the class has no method {info.get('method')}() (needed {where})", None, True)
        if kind == "unsendable":
            return Finding(f"the result {where} could not be read back: {message}", None, True)
        if info.get("type") == "NotImplementedError":
            return Finding(f"{where.removeprefix('in ')} is not written yet: it raises NotImplementedError",
                           TODO_HINT, True, traceback)
        if any(word in message.lower() for word in SHAPE_ERROR_WORDS):
            return Finding(f"shape mismatch {where}: {self.evidence} — a missing transpose or a sum over the "
                           f"wrong axis?", SHAPE_HINT, True, traceback)
        hint = CONSTRUCTOR_HINT if where.startswith("in the constructor") and "argument" in message else None
        return Finding(f"your code raised {self.evidence} {where}", hint, False, traceback)


@dataclass
class Returned:
    """What a call into the user's code gave back: its kind ('numpy', 'torch', 'scalar', 'none',
    'other'), the value as a numpy array (arrays and numbers only), and the arguments after the call."""

    kind: str
    value: np.ndarray | None
    type_name: str = ""
    args: list[Returned] | None = None
    items: list[Returned] | None = None  # a tuple of arrays (kind 'tuple'), e.g. attention's (dq, dk, dv)

    @classmethod
    def from_reply(cls, data: dict[str, Any]) -> Returned:
        args = [cls.from_reply(arg) for arg in data["args"]] if "args" in data else None
        items = [cls.from_reply(item) for item in data["items"]] if "items" in data else None
        return cls(data["kind"], data.get("value"), data.get("type", data.get("dtype", "")), args, items)


def call_text(name: str, args: tuple[Any, ...] | list[Any], kwargs: dict[str, Any]) -> str:
    """A constructor call as the user would write it: `SGD(params, lr=0.1)` (Params lists as `params`)."""
    inner = [*("params" if isinstance(a, Remote) else repr(a) for a in args), *(f"{k}={v!r}" for k, v in kwargs.items())]
    return f"{name}({', '.join(inner)})"


class Probe:
    """The running probe: `fail()` ends it; `evidence` is shown when it passes."""

    def __init__(self, what: str):
        self.what = what
        self.evidence = ""

    def fail(self, evidence: str, diagnosis: str | None = None, hint: str | None = None,
             convention: bool = False, traceback: str | None = None) -> NoReturn:
        raise ProbeFailed(evidence, diagnosis, hint, convention, traceback)

    def fail_mismatch(self, explanation: Explanation) -> NoReturn:
        raise ProbeFailed(explanation.evidence, explanation.diagnosis, explanation.hint, explanation.convention)


class StopProbing(Exception):
    """A probe everything else depends on failed (the file does not import, the constructor raises)."""


class ProbeContext:
    """Runs probes against the user's class in a sandbox; collects the rows and the findings."""

    def __init__(self, sandbox: Sandbox, exercise: Exercise, path: Path, strict: bool = False):
        self.sandbox, self.exercise, self.path, self.strict = sandbox, exercise, path, strict
        self.rows: list[ProbeRow] = []
        self.findings: list[Finding] = []

    @property
    def torch(self) -> bool:
        return self.sandbox.backend == "torch"

    @contextmanager
    def probe(self, what: str, required: bool = False, extra: str | None = None) -> Iterator[Probe]:
        """Run one probe; record its row (and a finding when it fails).

        `extra`: the probe is about that optional setting; when the user's code does not take it (the
        constructor refuses the keyword, or the value breaks code that never expected it), the row says
        "not attempted (optional)" and does not count — unless the check is strict.
        """
        probe = Probe(what)
        failed: Finding | None = None
        evidence = ""
        try:
            yield probe
        except ProbeFailed as exc:
            evidence = exc.evidence
            failed = Finding(exc.diagnosis or f"{what}: {exc.evidence}", exc.hint, exc.diagnosis is not None,
                             exc.traceback, exc.convention)
        except UserCodeFailed as exc:
            evidence = exc.evidence
            if extra is not None and not_taken(extra, exc.info):
                self._not_attempted(what, extra, evidence)
                return
            failed = exc.finding(self.sandbox.memory_mb)
        except SandboxStopped as exc:
            self.rows.append(ProbeRow(False, what, f"the process {exc.reason}"))
            self.findings.append(self._stopped_finding(exc, what))
            raise
        except Exception as exc:  # noqa: BLE001 - an output the comparison cannot use (ragged, strings...)
            evidence = f"could not use your result: {type(exc).__name__}: {exc}"
            failed = Finding(f"{what}: {evidence}")
        if failed is None:
            self.rows.append(ProbeRow(True, what, probe.evidence, extra))
            return
        self.rows.append(ProbeRow(False, what, evidence, extra))
        self.findings.append(failed)
        if required:
            raise StopProbing(what)

    def _not_attempted(self, what: str, extra: str, error: str) -> None:
        keyword = extra.split("=")[0]
        if "unexpected keyword argument" in error:
            error = f"your {self.exercise.class_name} takes no {keyword} argument"
        if not self.strict:
            self.rows.append(ProbeRow(True, what, f"not attempted (optional): {error}", extra, attempted=False))
            return
        self.rows.append(ProbeRow(False, what, f"not attempted, and --strict requires it: {error}", extra,
                                  attempted=False))
        self.findings.append(Finding(f"the optional setting {extra} is not implemented ({error}), and --strict "
                                     f"requires every optional setting", None, True))

    def _stopped_finding(self, exc: SandboxStopped, what: str) -> Finding:
        where = exc.where if exc.where.startswith("while") else f"{exc.where} during “{what}”".lstrip()
        if exc.kind == "timeout":
            return Finding(f"your code {exc.reason} {where}: an infinite loop, or far too slow?",
                           LOOP_HINT, True)
        if exc.kind == "protocol":
            return Finding(f"your code wrote into the checker's private channel {where}; nothing after that "
                           f"can be trusted", None, True)
        return Finding(f"the process running your code {exc.reason} {where}",
                       CRASH_HINT, True)

    # --- the user's objects ------------------------------------------------------------------------

    def request(self, op: str, where: str, **fields: Any) -> Any:
        try:
            reply = self.sandbox.request(op, **fields)
        except SandboxStopped as exc:
            exc.where = where
            raise
        if not reply.get("ok"):
            raise UserCodeFailed(reply.get("error") or {}, where)
        return reply.get("result")

    def new(self, *args: Any, **kwargs: Any) -> Remote:
        """Construct the user's class in the sandbox (Remote params lists may be passed as arguments)."""
        encode = [{"$ref": a.handle} if isinstance(a, Remote) else a for a in args]
        handle = self.request("new", f"in the constructor {call_text(self.exercise.class_name, args, kwargs)}",
                              args=encode, kwargs=kwargs)
        return Remote(self, handle)

    def params_list(self, arrays: list[np.ndarray]) -> Remote:
        """A list of engine Params (with these arrays as data) in the sandbox, for optimizers."""
        return Remote(self, self.request("params_list", "creating Params", arrays=arrays))

    def array(self, returned: Returned, what: str, scalar: bool = False) -> np.ndarray:
        """The returned value as a float64 array, or fail the probe naming what came back instead."""
        expected = "torch" if self.torch else "numpy"
        if returned.kind == "none":
            raise ProbeFailed(f"{what} returned None", f"{what} returns None: a missing `return`?",
                              "End the method with `return <the result>`.")
        if returned.kind == "other":
            raise ProbeFailed(f"{what} returned a {returned.type_name}",
                              f"{what} returns a {returned.type_name}, not an array")
        if returned.kind == "scalar" and not scalar:
            raise ProbeFailed(f"{what} returned a number, not an array",
                              f"{what} returns a single number instead of an array")
        if returned.kind in ("numpy", "torch") and returned.kind != expected:
            raise ProbeFailed(f"{what} returned a {returned.kind} array for {expected} input",
                              f"{what} returns a {returned.kind} array while the input is {expected}: keep to "
                              f"the input's library")
        assert returned.value is not None
        value = np.asarray(returned.value)
        return value if value.dtype == np.float32 else value.astype(np.float64)


class Remote:
    """A proxy for one object (or Params list) living in the sandbox."""

    def __init__(self, ctx: ProbeContext, handle: int):
        self.ctx, self.handle = ctx, handle

    def call(self, method: str, *args: Any, return_args: bool = False) -> Returned:
        result = self.ctx.request("call", f"in {method}()", obj=self.handle, method=method, args=list(args),
                                  return_args=return_args)
        return Returned.from_reply(result)

    def forward(self, *args: Any) -> np.ndarray:
        scalar = self.ctx.exercise.family == "loss"
        return self.ctx.array(self.call("forward", *args), "forward()", scalar=scalar)

    def backward(self, *args: Any) -> np.ndarray:
        return self.ctx.array(self.call("backward", *args), "backward()")

    def params(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """name -> (data, grad) of every Param attribute (also inside lists) of the object."""
        found = {}
        for entry in self.ctx.request("params", "reading the parameters", obj=self.handle):
            data, grad = (Returned.from_reply(entry[key]) for key in ("data", "grad"))
            found[entry["name"]] = (self.ctx.array(data, f"{entry['name']}.data"),
                                    self.ctx.array(grad, f"{entry['name']}.grad"))
        return found

    def set_params(self, data: dict[str, np.ndarray] | None = None,
                   grad: dict[str, np.ndarray] | None = None) -> None:
        self.ctx.request("set_params", "setting the parameters", obj=self.handle, data=data or {},
                         grad=grad or {})

    def zero_param_grads(self, params: dict[str, tuple[np.ndarray, np.ndarray]]) -> None:
        self.set_params(grad={name: np.zeros_like(data) for name, (data, _) in params.items()})

    def get(self, attr: str) -> Returned:
        return Returned.from_reply(self.ctx.request("get", f"reading .{attr}", obj=self.handle, attr=attr))

    def train(self) -> None:
        self.ctx.request("set_mode", "in train()", obj=self.handle, training=True)

    def eval(self) -> None:
        self.ctx.request("set_mode", "in eval()", obj=self.handle, training=False)
