"""The isolated child of `quizprep check`: it imports the user's file and runs what the parent asks.

isolation.py starts it as a script, in isolated mode, in an empty temporary directory:

    python -I -u sandbox.py REQUEST_FD REPLY_FD ROOT BACKEND DEVICE MEMORY_MB CPU_SECONDS

It first caps its own resources (address space for numpy, data segment for torch, CPU seconds, file
size), seeds the random generators, imports numpy (and torch), says "ready", and then answers
requests one by one over its two private pipes (format: wire.py). It never judges anything: it
returns the raw results of calls into the user's code (arrays, the type of what came back, the
user's exceptions with the user's own frames only); the parent computes the reference itself and
compares. Whatever the user's code prints goes to stdout/stderr, which the parent captures and caps
and which mean nothing; `sys.exit` is caught and reported; `os._exit` or a crash shows as a reply
that never comes.
"""

from __future__ import annotations

import os
import resource
import sys
from pathlib import Path
from typing import Any

USER_MODULE = "quizprep_exercise_solution"
TRACEBACK_FRAMES = 8
MESSAGE_CHARS = 600
MEMORY_WORDS = ("can't allocate memory", "out of memory", "cannot allocate memory")


class CallFailed(Exception):
    """A call into the user's code did not return normally; `info` says how (sent to the parent)."""

    def __init__(self, info: dict[str, Any]):
        super().__init__(info.get("message", ""))
        self.info = info


def set_limits(backend: str, memory_mb: int, cpu_seconds: int) -> None:
    """Cap memory (address space; the data segment for torch, which maps a lot it never uses), CPU
    time and the size of files written. Soft = hard, so the user's code cannot raise them again."""
    memory = memory_mb * 1024 * 1024
    kind = resource.RLIMIT_DATA if backend == "torch" else resource.RLIMIT_AS
    limits = [(kind, memory), (resource.RLIMIT_CPU, cpu_seconds), (resource.RLIMIT_FSIZE, 64 * 1024 * 1024)]
    for limit, value in limits:
        try:
            resource.setrlimit(limit, (value, value))
        except (ValueError, OSError):  # a platform without this limit: the wall-clock timeout remains
            pass


class Harness:
    """Serves the parent's requests; holds the user's class and the objects made from it by handle."""

    def __init__(self, request_fd: int, reply_fd: int, backend: str, device: str):
        import numpy as np

        from quizprep.engine import Param
        from quizprep.exercises import wire

        self.np, self.wire, self.Param = np, wire, Param
        self.request_fd, self.reply_fd = request_fd, reply_fd
        self.backend, self.device = backend, device
        self.torch: Any = None
        self.user_file = ""
        self.user_class: Any = None
        self.objects: dict[int, Any] = {}

    # --- the channel -----------------------------------------------------------------------------

    def _read(self, n: int) -> bytes:
        chunks, left = [], n
        while left:
            chunk = os.read(self.request_fd, min(left, 1 << 20))
            if not chunk:
                os._exit(0)  # the parent is gone or done
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    def receive(self) -> dict[str, Any]:
        return self.wire.unpack(self._read(self.wire.body_length(self._read(8))))

    def send(self, message: dict[str, Any]) -> None:
        view = memoryview(self.wire.pack(message))
        try:
            while view:
                view = view[os.write(self.reply_fd, view):]
        except OSError:
            os._exit(3)

    # --- setup -----------------------------------------------------------------------------------

    def setup(self) -> dict[str, Any]:
        """Seed the generators, import torch if asked; return what the parent may want to know."""
        import random

        random.seed(0)
        self.np.random.seed(0)
        info: dict[str, Any] = {"python": sys.version.split()[0], "numpy": self.np.__version__}
        if self.backend == "torch":
            try:
                import torch
            except ImportError as exc:
                raise CallFailed({"kind": "setup", "message": f"torch cannot be imported: {exc}"}) from None
            self.torch = torch
            torch.manual_seed(0)
            info["torch"] = torch.__version__
            if self.device.startswith("cuda"):
                if not torch.cuda.is_available():
                    raise CallFailed({"kind": "setup", "message": "CUDA is not available on this machine"})
                torch.cuda.manual_seed_all(0)
                info["gpu"] = torch.cuda.get_device_name(torch.device(self.device))
        return info

    def serve(self) -> None:
        try:
            self.send({"id": "ready", "ok": True, "result": self.setup()})
        except CallFailed as failed:
            self.send({"id": "ready", "ok": False, "error": failed.info})
            return
        while True:
            request = self.receive()
            try:
                reply = {"id": request["id"], "ok": True, "result": self.dispatch(request)}
            except CallFailed as failed:
                reply = {"id": request["id"], "ok": False, "error": failed.info}
            except Exception as exc:  # noqa: BLE001 - a request the harness cannot serve; the parent decides
                reply = {"id": request["id"], "ok": False,
                         "error": {"kind": "harness", "message": f"{type(exc).__name__}: {exc}"}}
            try:
                self.send(reply)
            except Exception as exc:  # noqa: BLE001 - e.g. an array too large to encode: say so
                self.send({"id": request["id"], "ok": False,
                           "error": {"kind": "unsendable", "message": f"{type(exc).__name__}: {exc}"}})

    # --- calling the user's code ---------------------------------------------------------------------

    def user_frames(self, exc: BaseException) -> str:
        import traceback

        frames = [frame for frame in traceback.extract_tb(exc.__traceback__)
                  if Path(frame.filename) == Path(self.user_file)]
        lines = []
        if len(frames) > TRACEBACK_FRAMES:
            lines.append(f"  ... {len(frames) - TRACEBACK_FRAMES} more frames of your code ...")
            frames = frames[-TRACEBACK_FRAMES:]
        for frame in frames:
            lines.append(f'  File "{Path(frame.filename).name}", line {frame.lineno}, in {frame.name}')
            if frame.line:
                lines.append(f"    {frame.line.strip()}")
        return "\n".join(lines)

    def call_user(self, function: Any, *args: Any, **kwargs: Any) -> Any:
        """Run user code; anything but a normal return becomes CallFailed with the user's frames."""
        try:
            return function(*args, **kwargs)
        except SystemExit as exc:
            raise CallFailed({"kind": "exit", "message": f"sys.exit({exc.code!r})",
                              "traceback": self.user_frames(exc)}) from None
        except BaseException as exc:  # noqa: BLE001 - any failure of the user's code is reported
            name = type(exc).__name__
            try:
                message = str(exc)[:MESSAGE_CHARS]
            except BaseException:  # noqa: BLE001 - a broken __str__ of the user's exception
                message = ""
            memory = isinstance(exc, MemoryError) or name == "OutOfMemoryError" or any(
                word in message.lower() for word in MEMORY_WORDS)
            info = {"kind": "memory" if memory else "exception", "type": name, "message": message,
                    "traceback": self.user_frames(exc)}
            if isinstance(exc, SyntaxError):
                info["line"] = exc.lineno
            raise CallFailed(info) from None

    # --- arrays between the wire and the backend ---------------------------------------------------

    def is_array(self, value: Any) -> bool:
        return isinstance(value, self.np.ndarray) or (self.torch is not None and self.torch.is_tensor(value))

    def to_backend(self, value: Any) -> Any:
        if self.torch is not None and isinstance(value, self.np.ndarray):
            return self.torch.from_numpy(value).to(self.device)
        if self.torch is not None and self.torch.is_tensor(value):
            return value.to(self.device)
        return value

    def export(self, value: Any) -> dict[str, Any]:
        """What came back from the user's code: its kind and, for arrays and numbers, a numpy copy."""
        np = self.np
        if self.torch is not None and self.torch.is_tensor(value):
            tensor = value.detach().cpu()
            if not tensor.is_floating_point() and not tensor.dtype.is_complex and tensor.dtype != self.torch.bool:
                tensor = tensor.long()
            elif tensor.is_floating_point() and tensor.dtype not in (self.torch.float32, self.torch.float64):
                tensor = tensor.double()
            return {"kind": "torch", "value": np.array(tensor.numpy(), copy=True), "dtype": str(value.dtype)}
        if isinstance(value, np.ndarray):
            if value.dtype == object:
                return {"kind": "other", "type": "object array"}
            return {"kind": "numpy", "value": np.array(value, copy=True), "dtype": str(value.dtype)}
        if isinstance(value, (np.generic, int, float, bool)):
            return {"kind": "scalar", "value": np.asarray(value), "dtype": type(value).__name__}
        if value is None:
            return {"kind": "none"}
        if isinstance(value, (tuple, list)) and 0 < len(value) <= 8 and all(self.is_array(v) for v in value):
            return {"kind": "tuple", "items": [self.export(item) for item in value]}  # attention's (dq, dk, dv)
        return {"kind": "other", "type": type(value).__name__}

    def resolve(self, value: Any) -> Any:
        """Turn the parent's arguments into the backend's: arrays to tensors, {"$ref": h} to objects."""
        if isinstance(value, dict):
            if set(value) == {"$ref"}:
                return self.objects[value["$ref"]]
            return {key: self.resolve(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.resolve(item) for item in value]
        return self.to_backend(value)

    def is_param(self, value: Any) -> bool:
        return not self.is_array(value) and hasattr(value, "data") and hasattr(value, "grad")

    def named_params(self, obj: Any) -> list[tuple[str, Any]]:
        if isinstance(obj, list):
            return [(str(i), p) for i, p in enumerate(obj)]
        found = []
        for name, value in vars(obj).items():
            if self.is_param(value):
                found.append((name, value))
            elif isinstance(value, (list, tuple)):
                found += [(f"{name}.{i}", p) for i, p in enumerate(value) if self.is_param(p)]
        return found

    def move_state(self, obj: Any) -> None:
        """For torch: the arrays a constructor made with numpy (Params and buffers) become tensors."""
        if self.torch is None or not hasattr(obj, "__dict__"):
            return
        for _, param in self.named_params(obj):
            param.data = self.to_backend(param.data)
            param.grad = self.to_backend(param.grad)
        for name, value in vars(obj).items():
            if self.is_array(value):
                setattr(obj, name, self.to_backend(value))

    def assign(self, target: Any, value: Any) -> Any:
        """Copy `value` into the array `target` in place when the shapes agree, else return value."""
        if self.is_array(target) and tuple(target.shape) == tuple(value.shape):
            target[...] = value
            return target
        return value

    # --- the requests ------------------------------------------------------------------------------

    def dispatch(self, request: dict[str, Any]) -> Any:
        handler = getattr(self, "op_" + str(request.get("op")), None)
        if handler is None:
            raise CallFailed({"kind": "harness", "message": f"unknown request {request.get('op')!r}"})
        return handler(**{key: value for key, value in request.items() if key not in ("op", "id")})

    def op_load(self, path: str, class_name: str, style: str = "class", exercise: str = "") -> dict[str, Any]:
        import importlib.util

        if style != "class":  # imported before the user's code runs, so that code cannot stand in for it
            from quizprep.exercises.styles import cs231n as adapter
        self.user_file = path
        spec = importlib.util.spec_from_file_location(USER_MODULE, path)
        if spec is None or spec.loader is None:
            raise CallFailed({"kind": "harness", "message": f"cannot import {path}"})
        module = importlib.util.module_from_spec(spec)
        sys.modules[USER_MODULE] = module
        self.call_user(spec.loader.exec_module, module)
        if style != "class":  # a function style: the adapter class wraps the user's functions
            self.user_class, info = self.call_user(adapter.adapt, module, exercise, class_name, USER_MODULE)
            self.style_notes = adapter.NOTES
            return info
        cls = getattr(module, class_name, None)
        if not isinstance(cls, type):
            classes = sorted(name for name, value in vars(module).items()
                             if isinstance(value, type) and value.__module__ == USER_MODULE)
            raise CallFailed({"kind": "missing_class", "message": f"no class {class_name}", "found": classes})
        self.user_class = cls
        return {"module": cls.__module__, "own_module": USER_MODULE,
                "mro": [[base.__module__, base.__qualname__] for base in cls.__mro__]}

    def op_new(self, args: list[Any], kwargs: dict[str, Any]) -> int:
        obj = self.call_user(self.user_class, *self.resolve(args), **self.resolve(kwargs))
        self.call_user(self.move_state, obj)
        self.objects[len(self.objects)] = obj
        return len(self.objects) - 1

    def op_params_list(self, arrays: list[Any]) -> int:
        params = [self.Param(self.to_backend(array)) for array in arrays]
        self.objects[len(self.objects)] = params
        return len(self.objects) - 1

    def op_call(self, obj: int, method: str, args: list[Any], return_args: bool = False) -> dict[str, Any]:
        target = self.objects[obj]
        function = self.call_user(getattr, target, method, None)
        if not callable(function):
            raise CallFailed({"kind": "missing_method", "message": f"no method {method}()", "method": method})
        arguments = self.resolve(args)
        result = self.export(self.call_user(function, *arguments))
        if return_args:
            result["args"] = [self.export(arg) for arg in arguments]
        return result

    def op_params(self, obj: int) -> list[dict[str, Any]]:
        def read() -> list[dict[str, Any]]:
            return [{"name": name, "data": self.export(param.data), "grad": self.export(param.grad)}
                    for name, param in self.named_params(self.objects[obj])]

        return self.call_user(read)

    def op_set_params(self, obj: int, data: dict[str, Any], grad: dict[str, Any]) -> None:
        def write() -> None:
            params = dict(self.named_params(self.objects[obj]))
            for name, value in data.items():
                params[name].data = self.assign(params[name].data, self.to_backend(value))
            for name, value in grad.items():
                params[name].grad = self.assign(params[name].grad, self.to_backend(value))

        self.call_user(write)

    def op_get(self, obj: int, attr: str) -> dict[str, Any]:
        return self.export(self.call_user(getattr, self.objects[obj], attr, None))

    def op_style_notes(self) -> list[str]:
        return [key for key in getattr(self, "style_notes", []) if isinstance(key, str)][:20]

    def op_set_mode(self, obj: int, training: bool) -> None:
        target = self.objects[obj]
        if callable(getattr(target, "train", None)) and callable(getattr(target, "eval", None)):
            self.call_user(target.train if training else target.eval)
        else:
            target.training = training


def main(argv: list[str]) -> None:
    request_fd, reply_fd, root, backend, device, memory_mb, cpu_seconds = argv[1:8]
    sys.dont_write_bytecode = True  # no __pycache__ beside the user's file (-I ignores PYTHONDONTWRITEBYTECODE)
    set_limits(backend, int(memory_mb), int(cpu_seconds))
    if root not in sys.path:
        sys.path.insert(0, root)  # a source checkout: the same quizprep as the parent, even if another is installed
    del sys.argv[1:]
    Harness(int(request_fd), int(reply_fd), backend, device).serve()


if __name__ == "__main__":
    main(sys.argv)
