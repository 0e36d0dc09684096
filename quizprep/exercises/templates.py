"""The file a user starts from: imports, the class skeleton with the engine's constructor, the task."""

from __future__ import annotations

import re
from pathlib import Path

from quizprep.errors import QuizprepError
from quizprep.exercises.catalog import LAYER_FAMILIES, Exercise, get_exercise

BACKENDS = ("numpy", "torch")

LAYER_INTERFACE = """\
The layer interface of the notes (000_70ce28c4876de85c.txt § Интерфейс слоя(Layer interface)):
    forward(x) computes y and keeps on self what backward will need (the input, a mask, the output);
    backward(grad) gets grad = dL/dy, returns dL/dx and ACCUMULATES the gradients of the parameters
    (self.w.grad += dW). Neither method may change its arguments in place.
    Layer gives you self.training, train(), eval(), parameters() and zero_grad()."""

LOSS_INTERFACE = """\
A loss keeps what backward needs in forward(pred, target) and returns the loss; backward() returns
dL/dpred. Neither method may change pred or target in place."""

OPTIMIZER_INTERFACE = """\
An optimizer holds Params (p.data: the values, p.grad: their accumulated gradient); step() updates
every p.data from p.grad, zero_grad() clears the gradients. step() must not change p.grad."""

ARRAYS = {
    "numpy": "Arrays are numpy float64 arrays: use np.* functions.",
    "torch": "Arrays are torch float64 tensors, maybe on a GPU: use torch.* functions and keep new\n"
             "tensors on the input's device and dtype (torch.zeros_like, x.new_zeros, ...).",
}
IMPORTS = {"numpy": "import numpy as np", "torch": "import torch"}
ARRAY_CALL = re.compile(r"(ZEROS|ONES)\((\([^()]*\))\)")
ARRAY_CONSTRUCTORS = {
    "numpy": {"ZEROS": "np.zeros({})", "ONES": "np.ones({})"},
    "torch": {"ZEROS": "torch.zeros({}, dtype=torch.float64)", "ONES": "torch.ones({}, dtype=torch.float64)"},
}

# (forward docstring, backward docstring) of each layer family
LAYER_METHOD_DOCS = {
    "activation": ("x: (N, D) -> y: (N, D). Keep what backward needs on self.",
                   "grad = dL/dy: (N, D) -> dL/dx: (N, D)."),
    "softmax": ("x: (N, C) -> y: (N, C), each row sums to 1. Keep what backward needs on self.",
                "grad = dL/dy: (N, C) -> dL/dx: (N, C)."),
    "linear": ("x: (N, in_features) -> y: (N, out_features). Keep what backward needs on self.",
               "grad = dL/dy: (N, out_features) -> dL/dx: (N, in_features); accumulates W.grad, b.grad."),
    "dropout": ("x: any shape -> y: the same shape. Training: mask and scale; eval: the identity.",
                "grad = dL/dy -> dL/dx, through the mask that forward used."),
    "batchnorm": ("x: (N, num_features) -> y: (N, num_features); batch or running statistics.",
                  "grad = dL/dy: (N, num_features) -> dL/dx; accumulates gamma.grad and beta.grad."),
}


class TemplateExistsError(QuizprepError):
    """The template's file already exists and --force was not given."""


def template_source(exercise_id: str, backend: str = "numpy") -> str:
    """Return the text of the template file for `exercise_id`, written for the numpy or torch backend."""
    exercise = get_exercise(exercise_id)
    if backend not in BACKENDS:
        raise QuizprepError(f"unknown backend '{backend}' (use numpy or torch)")
    return _docstring(exercise, backend) + "\n" + _imports(exercise, backend) + "\n\n" + _class(exercise, backend)


def write_template(exercise_id: str, directory: str | Path = ".", backend: str = "numpy",
                   force: bool = False) -> Path:
    """Write the template of `exercise_id` to `directory`/<id with underscores>.py and return its path.

    An existing file is never overwritten unless `force` is True (raises TemplateExistsError).
    """
    exercise = get_exercise(exercise_id)
    text = template_source(exercise_id, backend)
    path = Path(directory) / exercise.file_name
    if path.exists() and not force:
        raise TemplateExistsError(f"{path} already exists (add --force to overwrite it)")
    if path.parent.exists() and not path.parent.is_dir():
        raise QuizprepError(f"cannot write {path}: {path.parent} is not a directory")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise QuizprepError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def _docstring(exercise: Exercise, backend: str) -> str:
    interface = (LAYER_INTERFACE if exercise.family in LAYER_FAMILIES
                 else LOSS_INTERFACE if exercise.family == "loss" else OPTIMIZER_INTERFACE)
    command = f"quizprep check {exercise.id} {exercise.file_name}"
    if backend != "numpy":
        command += f" --backend {backend}"
    return (
        f'"""Exercise {exercise.id}: {exercise.summary}.\n\n'
        f"{exercise.task}\n\n"
        f"{interface}\n"
        f"{ARRAYS[backend]}\n\n"
        f"From the notes: {exercise.source}\n\n"
        f"Check:  {command}   (add --watch to re-check on every save)\n"
        f"Stuck:  quizprep exercise {exercise.id} --hint\n"
        '"""\n'
    )


def _imports(exercise: Exercise, backend: str) -> str:
    lines = [IMPORTS[backend]]
    if exercise.family in LAYER_FAMILIES or exercise.family == "loss":
        names = "Layer, Param" if any("Param(" in line for line in exercise.init_body) else "Layer"
        lines += ["", f"from quizprep.engine import {names}"]
    return "\n".join(lines) + "\n"


def _class(exercise: Exercise, backend: str) -> str:
    base = "" if exercise.family == "optimizer" else "(Layer)"
    lines = [f"class {exercise.class_name}{base}:"]
    if exercise.init_body:
        lines.append(f"    def __init__(self, {exercise.init_args}):")
        lines += [f"        {_fill_arrays(line, backend)}" for line in exercise.init_body]
        if exercise.family == "optimizer":
            lines.append("        # TODO: the per-Param state (buffers), created here or on the first step")
        lines.append("")
    lines += _methods(exercise)
    return "\n".join(lines) + "\n"


def _fill_arrays(line: str, backend: str) -> str:
    """Replace ZEROS((shape)) / ONES((shape)) by the backend's float64 constructor."""
    return ARRAY_CALL.sub(lambda m: ARRAY_CONSTRUCTORS[backend][m[1]].format(m[2]), line)


def _method(signature: str, doc: str, body: str = 'raise NotImplementedError("TODO")') -> list[str]:
    return [f"    def {signature}:", f'        """{doc}"""', f"        {body}", ""]


def _methods(exercise: Exercise) -> list[str]:
    if exercise.family == "loss":
        shape = "(N, C) logits" if exercise.id == "cross-entropy" else "(N, D)"
        target = "(N,) class indices" if exercise.id == "cross-entropy" else "(N, D)"
        lines = _method("forward(self, pred, target)",
                        f"pred: {shape}, target: {target} -> the loss, a scalar. Keep what backward needs.")
        lines += _method("backward(self)", "-> dL/dpred, the shape of pred.")
    elif exercise.family == "optimizer":
        lines = _method("step(self)", "Update every p.data from p.grad (see the module docstring).")
        lines += _method("zero_grad(self)", "Set every p.grad to zero.",
                         "for p in self.params:\n            p.grad[...] = 0")
    else:
        forward_doc, backward_doc = LAYER_METHOD_DOCS[exercise.family]
        lines = _method("forward(self, x)", forward_doc) + _method("backward(self, grad)", backward_doc)
    return lines[:-1]
