"""The cs231n-style template (`quizprep exercise ID --style cs231n`): the functions to write, their contract
and shapes, never the algorithm (formulas come with `quizprep exercise ID --hint`)."""

from __future__ import annotations

from pathlib import Path

from quizprep.errors import QuizprepError
from quizprep.exercises.catalog import get_exercise
from quizprep.exercises.styles import style_functions

# per exercise: (what the functions compute, [(signature, docstring)])
CONTRACTS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "linear": ("The affine (fully-connected) layer out = x·w + b, cs231n's function style.", [
        ("affine_forward(x, w, b)",
         ("x: (N, d_1, ..., d_k), each example flattened to D = d_1·...·d_k values; w: (D, M); b: (M,).\n"
         "Returns (out, cache): out (N, M); cache: whatever affine_backward needs.")),
        ("affine_backward(dout, cache)",
         ("dout: (N, M) upstream gradient. Returns (dx, dw, db): dx shaped like x, dw (D, M), db (M,).\n"
         "Must not change dout.")),
    ]),
    "relu": ("The ReLU activation, element-wise, cs231n's function style.", [
        ("relu_forward(x)", "x: any shape. Returns (out, cache): out the same shape as x."),
        ("relu_backward(dout, cache)", "dout: the shape of out. Returns dx, the shape of x. Must not change dout."),
    ]),
    "batchnorm": ("Batch normalisation over the batch axis, cs231n's function style.", [
        ("batchnorm_forward(x, gamma, beta, bn_param)",
         ("x: (N, D); gamma, beta: (D,). bn_param: 'mode' ('train' or 'test'), 'eps', 'momentum',\n"
         "'running_mean', 'running_var' (D,). Training normalises with the batch statistics and updates\n"
         "the running ones in bn_param (cs231n's momentum keeps the OLD statistic:\n"
         "running = momentum·running + (1 − momentum)·batch); test mode uses the running ones.\n"
         "Returns (out, cache): out (N, D).")),
        ("batchnorm_backward(dout, cache)",
         ("dout: (N, D), training mode. Returns (dx, dgamma, dbeta): (N, D), (D,), (D,).\n"
         "(Optionally also batchnorm_backward_alt(dout, cache), the simplified formula: same result.)")),
    ]),
    "dropout": ("Inverted dropout, cs231n's function style.", [
        ("dropout_forward(x, dropout_param)",
         ("x: any shape. dropout_param: 'p', 'mode' ('train' or 'test'), optionally 'seed' (seed\n"
         "np.random with it, for gradient checks). Today's cs231n: p is the probability of KEEPING a\n"
         "unit (older versions and torch: of dropping one; the checker finds out which you follow).\n"
         "Training masks and rescales so the expected output equals the input; test is the identity.\n"
         "Returns (out, cache): out the shape of x.")),
        ("dropout_backward(dout, cache)", "dout: the shape of out. Returns dx. Must not change dout."),
    ]),
    "cross-entropy": ("The softmax (cross-entropy) loss, cs231n's function style.", [
        ("softmax_loss(x, y)",
         ("x: (N, C) class scores; y: (N,) integer labels in [0, C). Returns (loss, dx): the mean\n"
         "cross-entropy over the batch (a float) and dL/dx (N, C). Scores of ±1000 must give a finite loss.")),
    ]),
    "sgd": ("SGD and SGD with momentum as cs231n's update rules.", [
        ("sgd(w, dw, config=None)",
         "w, dw: arrays of the same shape. config: 'learning_rate'. Returns (next_w, config)."),
        ("sgd_momentum(w, dw, config=None)",
         ("config: 'learning_rate', 'momentum', and 'velocity' (yours to create on the first call, e.g.\n"
         "with config.setdefault/config.get). Returns (next_w, config). Must not change dw.")),
    ]),
    "rmsprop": ("RMSprop as a cs231n update rule.", [
        ("rmsprop(w, dw, config=None)",
         ("config: 'learning_rate', 'decay_rate', 'epsilon', and 'cache' (the moving average of dw²;\n"
         "yours to create on the first call). Returns (next_w, config). Must not change dw.")),
    ]),
    "adam": ("Adam (with bias correction) as a cs231n update rule.", [
        ("adam(w, dw, config=None)",
         ("config: 'learning_rate', 'beta1', 'beta2', 'epsilon', and the state 'm', 'v', 't' (yours to\n"
         "create on the first call; cs231n starts t at 0 and increments it before using it).\n"
         "Returns (next_w, config). Must not change dw.")),
    ]),
}


def cs231n_template_source(exercise_id: str) -> str:
    """The cs231n-style template of `exercise_id` (a StyleError if the style has no such exercise)."""
    exercise = get_exercise(exercise_id)
    style_functions("cs231n", exercise.id)
    summary, functions = CONTRACTS[exercise.id]
    lines = [f'"""Exercise {exercise.id} in cs231n\'s function style: {summary}', "",
             "Write the functions below; the checker calls them the way cs231n's code does and compares",
             "with torch's behaviour (where cs231n's convention differs, the report says so).", "",
             f"Check:  quizprep check {exercise.id} {exercise.file_name}   (add --watch to re-check on every save)",
             f"Stuck:  quizprep exercise {exercise.id} --hint", '"""', "", "import numpy as np", ""]
    for signature, doc in functions:
        body = "\n    ".join(doc.splitlines())
        lines += ["", f"def {signature}:", f'    """{body}"""', '    raise NotImplementedError("TODO")', ""]
    return "\n".join(lines).rstrip() + "\n"


def write_cs231n_template(exercise_id: str, directory: str | Path = ".", force: bool = False) -> Path:
    """Write the cs231n-style template to `directory`/<id>.py (never over an existing file unless `force`)."""
    from quizprep.exercises.templates import TemplateExistsError

    exercise = get_exercise(exercise_id)
    text = cs231n_template_source(exercise.id)
    path = Path(directory) / exercise.file_name
    if path.exists() and not force:
        raise TemplateExistsError(f"{path} already exists (add --force to overwrite it)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise QuizprepError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path
