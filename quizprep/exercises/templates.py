"""The file a user starts from: imports, the class skeleton with the engine's constructor, the task."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from quizprep.errors import QuizprepError
from quizprep.exercises.catalog import LAYER_FAMILIES, Exercise, get_exercise, probe_set

BACKENDS = ("numpy", "torch")
LANGS = ("en", "ru")
WIDTH = 100

# The interface each family's class follows, and what the arrays are: contract text, in both languages.
INTERFACE = {
    "layer": {
        "en": "The layer interface of the notes: forward(x) computes y and keeps on self what backward will "
              "need; backward(grad) gets grad = dL/dy, returns dL/dx and ACCUMULATES the gradients of the "
              "parameters (self.W.grad += ...). Neither method may change its arguments in place. Layer gives "
              "you self.training, train(), eval(), parameters() and zero_grad().",
        "ru": "Интерфейс слоя из конспекта: forward(x) вычисляет y и сохраняет в self то, что понадобится "
              "backward; backward(grad) получает grad = dL/dy, возвращает dL/dx и НАКАПЛИВАЕТ градиенты "
              "параметров (self.W.grad += ...). Ни один из методов не меняет свои аргументы на месте. Layer "
              "даёт self.training, train(), eval(), parameters() и zero_grad().",
    },
    "loss": {
        "en": "A loss keeps what backward needs in forward(pred, target) and returns the loss; backward() "
              "returns dL/dpred. Neither method may change pred or target in place.",
        "ru": "Функция потерь сохраняет в forward(pred, target) то, что нужно backward, и возвращает потерю; "
              "backward() возвращает dL/dpred. Ни один из методов не меняет pred или target на месте.",
    },
    "optimizer": {
        "en": "An optimizer holds Params (p.data: the values, p.grad: their accumulated gradient); step() "
              "updates every p.data from p.grad, zero_grad() clears the gradients. step() must not change "
              "p.grad. Keep the state of each Param (buffers) yourself.",
        "ru": "Оптимизатор хранит Param (p.data — значения, p.grad — накопленный градиент); step() обновляет "
              "каждый p.data по p.grad, zero_grad() обнуляет градиенты. step() не должен менять p.grad. "
              "Состояние каждого Param (буферы) храните сами.",
    },
}
ARRAYS = {
    "numpy": {"en": "Arrays are numpy float64 arrays: use np.* functions.",
              "ru": "Массивы — float64-массивы numpy: используйте функции np.*."},
    "torch": {"en": "Arrays are torch float64 tensors, maybe on a GPU: use torch.* functions and keep new tensors "
                    "on the input's device and dtype (torch.zeros_like, x.new_zeros, ...).",
              "ru": "Массивы — float64-тензоры torch, возможно на GPU: используйте функции torch.* и создавайте "
                    "новые тензоры на устройстве и с dtype входа (torch.zeros_like, x.new_zeros, ...)."},
}
WORDS = {
    "en": {"exercise": "Exercise", "probes": "What the checker probes", "notes": "From the notes",
           "check": "Check", "watch": "(add --watch to re-check on every save)", "stuck": "Stuck",
           "stuck-how": "(one formula at a time)", "state": "the per-Param state (buffers), created here or on "
           "the first step"},
    "ru": {"exercise": "Упражнение", "probes": "Что проверяет quizprep check", "notes": "Из конспекта",
           "check": "Проверка", "watch": "(с --watch — проверка при каждом сохранении)", "stuck": "Подсказка",
           "stuck-how": "(по одной формуле за раз)", "state": "состояние каждого Param (буферы): здесь или на "
           "первом шаге"},
}
IMPORTS = {"numpy": "import numpy as np", "torch": "import torch"}
ARRAY_CALL = re.compile(r"(ZEROS|ONES)\((\([^()]*\))\)")
ARRAY_CONSTRUCTORS = {
    "numpy": {"ZEROS": "np.zeros({})", "ONES": "np.ones({})"},
    "torch": {"ZEROS": "torch.zeros({}, dtype=torch.float64)", "ONES": "torch.ones({}, dtype=torch.float64)"},
}

# (forward docstring, backward docstring) of each layer family: the shapes only
LAYER_METHOD_DOCS = {
    "activation": ("x: any shape -> y: the shape of x.", "grad = dL/dy -> dL/dx, the shape of x."),
    "softmax": ("x: (N, C) -> y: (N, C).", "grad = dL/dy: (N, C) -> dL/dx: (N, C)."),
    "linear": ("x: (N, in_features) -> y: (N, out_features).",
               "grad = dL/dy: (N, out_features) -> dL/dx: (N, in_features); W.grad += ..., b.grad += ...."),
    "dropout": ("x: any shape -> y: the shape of x.", "grad = dL/dy -> dL/dx, the shape of x."),
    "batchnorm": ("x: (N, num_features) -> y: (N, num_features).",
                  "grad = dL/dy: (N, num_features) -> dL/dx; gamma.grad += ..., beta.grad += ...."),
    "conv": ("x: (N, in_channels, H, W) -> y: (N, out_channels, H_out, W_out).",
             "grad = dL/dy: (N, out_channels, H_out, W_out) -> dL/dx: (N, in_channels, H, W); "
             + "W.grad += ..., b.grad += ...."),
    "pool": ("x: (N, C, H, W) -> y: (N, C, H_out, W_out).",
             "grad = dL/dy: (N, C, H_out, W_out) -> dL/dx: (N, C, H, W)."),
    "batchnorm2d": ("x: (N, num_features, H, W) -> y: the shape of x.",
                    "grad = dL/dy: the shape of x -> dL/dx; gamma.grad += ..., beta.grad += ...."),
    "layernorm": ("x: (..., *normalized_shape) -> y: the shape of x.",
                  "grad = dL/dy: the shape of x -> dL/dx; gamma.grad += ..., beta.grad += ...."),
}


class TemplateExistsError(QuizprepError):
    """The template's file already exists and --force was not given."""


def template_source(exercise_id: str, backend: str = "numpy", lang: str = "en") -> str:
    """Return the text of the template file for `exercise_id`, for the numpy or torch backend, in `lang`."""
    exercise = get_exercise(exercise_id)
    if backend not in BACKENDS:
        raise QuizprepError(f"unknown backend '{backend}' (use numpy or torch)")
    if lang not in LANGS:
        raise QuizprepError(f"unknown language '{lang}' (use en or ru)")
    return (_docstring(exercise, backend, lang) + "\n" + _imports(exercise, backend) + "\n\n"
            + _class(exercise, backend, lang))


def write_template(exercise_id: str, directory: str | Path = ".", backend: str = "numpy",
                   force: bool = False, lang: str = "en") -> Path:
    """Write the template of `exercise_id` to `directory`/<id with underscores>.py and return its path.

    An existing file is never overwritten unless `force` is True (raises TemplateExistsError).
    """
    exercise = get_exercise(exercise_id)
    return write_exercise_file(Path(directory) / exercise.file_name, template_source(exercise.id, backend, lang),
                               force)


def write_exercise_file(path: Path, text: str, force: bool = False) -> Path:
    """Write a template's `text` to `path`, never over an existing file unless `force`; return the path."""
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


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=" " * len(indent),
                         break_on_hyphens=False, break_long_words=False)


def _docstring(exercise: Exercise, backend: str, lang: str) -> str:
    """The task, the contract and the shapes (the bank's prompt), the interface, the probes: no algorithm."""
    words = WORDS[lang]
    kind = ("layer" if exercise.family in LAYER_FAMILIES else exercise.family)
    command = f"quizprep check {exercise.id} {exercise.file_name}"
    if backend != "numpy":
        command += f" --backend {backend}"
    probes = "\n".join(_wrap(line, "  - ") for line in probe_set(exercise, lang))
    lang_option = "" if lang == "en" else f" --lang {lang}"
    return (
        f'"""{words["exercise"]} {exercise.id}: {exercise.title(lang)}.\n\n'
        f"{_wrap(exercise.task(lang))}\n\n"
        f"{_wrap(INTERFACE[kind][lang])}\n"
        f"{_wrap(ARRAYS[backend][lang])}\n\n"
        f"{words['probes']}:\n{probes}\n\n"
        f"{words['notes']}: {exercise.citation(lang)}\n\n"
        f"{words['check']}:  {command}   {words['watch']}\n"
        f"{words['stuck']}:  quizprep exercise {exercise.id} --hint{lang_option}   {words['stuck-how']}\n"
        '"""\n'
    )


def _imports(exercise: Exercise, backend: str) -> str:
    lines = [IMPORTS[backend]]
    if exercise.family in LAYER_FAMILIES or exercise.family == "loss":
        names = "Layer, Param" if any("Param(" in line for line in exercise.init_body) else "Layer"
        lines += ["", f"from quizprep.engine import {names}"]
    return "\n".join(lines) + "\n"


def _class(exercise: Exercise, backend: str, lang: str) -> str:
    base = "" if exercise.family == "optimizer" else "(Layer)"
    lines = [f"class {exercise.class_name}{base}:"]
    if exercise.init_body:
        lines.append(f"    def __init__(self, {exercise.init_args}):")
        lines += [f"        {_fill_arrays(line, backend)}" for line in exercise.init_body]
        if exercise.family == "optimizer":
            lines.append(f"        # TODO: {WORDS[lang]['state']}")
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
        lines = _method("forward(self, pred, target)", f"pred: {shape}, target: {target} -> the loss, a scalar.")
        lines += _method("backward(self)", "-> dL/dpred, the shape of pred.")
    elif exercise.family == "optimizer":
        lines = _method("step(self)", "Update every p.data from p.grad.")
        lines += _method("zero_grad(self)", "Set every p.grad to zero.",
                         "for p in self.params:\n            p.grad[...] = 0")
    elif exercise.family == "embedding":
        lines = _method("forward(self, idx)", "idx: integer indices of any shape -> y: (*idx.shape, embedding_dim).")
        lines += _method("backward(self, grad)", "grad = dL/dy: (*idx.shape, embedding_dim) -> None; W.grad += ....")
    elif exercise.family == "attention":
        lines = _method("forward(self, q, k, v, mask=None)",
                        "q: (..., Tq, d), k: (..., Tk, d), v: (..., Tk, dv), mask: bool, True = may attend -> "
                        "y: (..., Tq, dv).")
        lines += _method("backward(self, grad)", "grad = dL/dy: (..., Tq, dv) -> (dq, dk, dv).")
    else:
        forward_doc, backward_doc = LAYER_METHOD_DOCS[exercise.family]
        lines = _method("forward(self, x)", forward_doc) + _method("backward(self, grad)", backward_doc)
    return lines[:-1]
