"""The parent's side of a function style: load the file's functions, the style's own probes, and the notes.

`load` replaces the class check of the class style (the file must define the style's functions
itself); `run_style_probes` adds what only the style has (batchnorm_backward_alt, dropout's seed);
`finish` reads the conventions the adapter observed and turns them into the report's notes, and
leaves out the checks of calls the style does not specify (eval-mode backward, zero_grad), saying so.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import replace

import numpy as np

from quizprep.exercises.diagnosis import explain, matches
from quizprep.exercises.probes.base import ProbeContext
from quizprep.exercises.report import CheckReport
from quizprep.exercises.styles import style_functions
from quizprep.exercises.styles.cs231n import NOT_IN_STYLE

NOTE_TEXT = {
    "bn_momentum": {
        "en": "cs231n's bn_param['momentum'] keeps the OLD statistic (running = momentum·running + "
              "(1 − momentum)·batch); torch's momentum weighs the new one, so torch's 0.1 was passed as 0.9",
        "ru": "momentum в bn_param из cs231n сохраняет СТАРУЮ статистику (running = momentum·running + "
              "(1 − momentum)·batch); в torch momentum — вес новой, поэтому 0.1 из torch передано как 0.9",
    },
    "bn_biased_running_var": {
        "en": "your running_var stores the biased batch variance (÷N, as cs231n's reference does); torch stores "
              "the unbiased one (÷(N − 1)); a convention, not a bug, so it was compared as torch's",
        "ru": "ваш running_var хранит смещённую дисперсию батча (÷N, как эталон cs231n); torch хранит "
              "несмещённую (÷(N − 1)); это соглашение, а не ошибка, поэтому сравнение шло как с torch",
    },
    "dropout_keep": {
        "en": "your dropout_param['p'] is the probability of KEEPING a unit (today's cs231n); torch's p is the "
              "probability of dropping one, so p = 1 − torch's p was passed",
        "ru": "ваш dropout_param['p'] — вероятность СОХРАНИТЬ нейрон (нынешний cs231n); в torch p — вероятность "
              "выбросить, поэтому передано p = 1 − p из torch",
    },
    "dropout_drop": {
        "en": "your dropout_param['p'] is the probability of DROPPING a unit (torch's convention and older cs231n)",
        "ru": "ваш dropout_param['p'] — вероятность ВЫБРОСИТЬ нейрон (как в torch и в старом cs231n)",
    },
    "dropout_unclear": {
        "en": "could not tell whether your dropout_param['p'] keeps or drops (forward zeroed neither about p nor "
              "1 − p of the elements); it was passed as the drop probability",
        "ru": "не удалось понять, сохраняет ваш dropout_param['p'] или выбрасывает (forward обнулил не около p и "
              "не около 1 − p элементов); передано как вероятность выбросить",
    },
    "pool_padding": {
        "en": "cs231n's max_pool_forward_naive has no padding: the checker padded your input with −inf (values that "
              "never win) and cropped dx",
        "ru": "у max_pool_forward_naive из cs231n нет дополнения: проверка дополнила ваш вход значениями −inf "
              "(они никогда не побеждают) и обрезала dx",
    },
    "sgd_velocity": {
        "en": "momentum written as cs231n's v = momentum·v − lr·dw; w += v: the same steps as torch's "
              "buf = momentum·buf + dw; w −= lr·buf while lr is constant",
        "ru": "momentum записан как в cs231n: v = momentum·v − lr·dw; w += v — при постоянном lr это те же шаги, "
              "что buf = momentum·buf + dw; w −= lr·buf в torch",
    },
}
NOT_CHECKED = {"en": "not checked: “{what}” ({why})", "ru": "не проверено: «{what}» ({why})"}
WHY_NOT_CHECKED = {
    "eval_backward": {"en": "cs231n's batchnorm_backward is written for training mode only",
                      "ru": "batchnorm_backward в cs231n написан только для режима обучения"},
    "zero_grad": {"en": "cs231n's optimizers have no zero_grad(): the training loop computes fresh gradients",
                  "ru": "у оптимизаторов cs231n нет zero_grad(): свежие градиенты считает цикл обучения"},
}
# The class style's words in a diagnosis, as the cs231n style spells them (per exercise)
WORDS = {
    "linear": (("W.grad", "dw"), ("b.grad", "db")),
    "rmsprop": (("square_avg = alpha·square_avg + (1 − alpha)·g²",
                 "cache = decay_rate·cache + (1 − decay_rate)·dw² (decay_rate keeps the OLD average)"),
                ("alpha", "decay_rate"), ("square_avg", "cache")),
    "conv2d": (("W.grad", "dw"), ("b.grad", "db")),
    "layernorm": (("gamma.grad", "dgamma"), ("beta.grad", "dbeta")),
    "batchnorm2d": (("gamma.grad", "dgamma"), ("beta.grad", "dbeta"),
                    ("running = (1 − momentum)·running + momentum·batch — momentum weighs the NEW batch statistic",
                     ("in cs231n's bn_param, running = momentum·running + (1 − momentum)·batch — momentum keeps "
                      "the OLD statistic"))),
    "batchnorm": (("gamma.grad", "dgamma"), ("beta.grad", "dbeta"),
                  ("running = (1 − momentum)·running + momentum·batch — momentum weighs the NEW batch statistic",
                   ("in cs231n's bn_param, running = momentum·running + (1 − momentum)·batch — momentum keeps "
                   "the OLD statistic"))),
}
# Checks of calls the style does not specify: (exercise ids, words of the probe's name, the adapter's reason)
NOT_SPECIFIED = (
    (("batchnorm", "batchnorm2d"), "eval", "eval_backward"),
    (("sgd", "rmsprop", "adam"), "zero_grad", "zero_grad"),
)


def load(ctx: ProbeContext, style: str) -> set[str]:
    """The file imports and defines the style's functions for the exercise, in the file itself; their names."""
    wanted = style_functions(style, ctx.exercise.id)
    listed = ", ".join([*wanted.required, *([" or ".join(wanted.any_of)] if wanted.any_of else [])])
    with ctx.probe(f"the file imports and defines {listed} ({style} style)", required=True) as p:
        info = ctx.request("load", "while importing your file", path=str(ctx.path),
                           class_name=ctx.exercise.class_name, style=style, exercise=ctx.exercise.id)
        if info["missing"]:
            missing = ", ".join(info["missing"])
            p.fail(f"no {missing} in the file",
                   f"your file defines no {missing}: the {style} style of {ctx.exercise.id} needs {listed}",
                   "Name the functions exactly as cs231n does, at the top level of the file.")
        for name, module in info["functions"].items():
            if module != info["own_module"]:
                p.fail(f"{name} comes from {module}", f"{name} is imported from {module}, not written in your file")
        p.evidence = ", ".join(info["functions"]) + " found"
    return set(info["functions"])


def run_style_probes(ctx: ProbeContext, functions: set[str]) -> None:
    """Probes of what the cs231n style has and the class contract does not."""
    if {"batchnorm_backward", "batchnorm_backward_alt"} <= functions:
        probe_backward_alt(ctx)
    if ctx.exercise.id == "dropout":
        probe_dropout_seed(ctx)


def probe_backward_alt(ctx: ProbeContext) -> None:
    from quizprep.exercises.probes.batchnorm import FEATURES, make_input

    with ctx.probe("batchnorm_backward_alt gives the same dx, dgamma, dbeta as batchnorm_backward") as p:
        rng = np.random.default_rng(40)
        layer = ctx.new(FEATURES)
        values = {"gamma": rng.uniform(0.5, 1.5, FEATURES), "beta": rng.normal(0.0, 0.5, FEATURES)}
        x = make_input(rng, 6)
        grad = rng.normal(size=x.shape)
        results = []
        for method in ("backward", "backward_alt"):
            layer.set_params(data=values, grad={name: np.zeros(FEATURES) for name in values})
            layer.forward(x)
            dx = ctx.array(layer.call(method, grad), f"{method}()")
            results.append({"dx": dx, **{f"d{name}": g for name, (_, g) in layer.params().items()}})
        for name, value in results[1].items():
            if not matches(value, results[0][name]):
                p.fail(f"{name}: {explain(value, results[0][name], name).evidence}",
                       f"batchnorm_backward_alt and batchnorm_backward disagree on {name}: one of the two is wrong "
                       f"(the other probes check batchnorm_backward)")
        p.evidence = "dx, dgamma, dbeta agree"


def probe_dropout_seed(ctx: ProbeContext) -> None:
    with ctx.probe("dropout_param['seed'] makes the mask reproducible (for gradient checks)") as p:
        layer = ctx.new(p=0.3)
        x = np.random.default_rng(50).uniform(0.5, 1.5, size=(40, 50))
        first, second = (ctx.array(layer.call("forward_seeded", x, 123), "dropout_forward") for _ in range(2))
        if first.shape != second.shape or not np.array_equal(first == 0, second == 0):
            p.fail("two calls with dropout_param['seed'] = 123 dropped different units",
                   "dropout_param['seed'] is ignored: with a seed, cs231n's dropout_forward calls "
                   "np.random.seed(seed) first, so that a gradient check sees the same mask",
                   "if 'seed' in dropout_param: np.random.seed(dropout_param['seed'])")
        p.evidence = "the same mask twice"


def finish(ctx: ProbeContext, report: CheckReport, lang: str = "en") -> None:
    """The conventions the adapter saw as notes; checks of unspecified calls left out (and said so)."""
    lang = lang if lang in NOT_CHECKED else "en"
    notes = []
    with suppress(Exception):  # a sandbox that stopped: the rows already say why
        notes += [NOTE_TEXT[key][lang] for key in ctx.request("style_notes", "reading the style's notes")
                  if key in NOTE_TEXT]
    kept, left_out_messages = [], []
    for row in ctx.rows:
        reason = next((reason for ids, word, reason in NOT_SPECIFIED
                       if ctx.exercise.id in ids and word in row.what and not row.ok
                       and row.evidence == f"NotInStyle: {NOT_IN_STYLE[reason]}"), None)
        if reason is None:
            kept.append(row)
        else:
            notes.append(NOT_CHECKED[lang].format(what=row.what, why=WHY_NOT_CHECKED[reason][lang]))
            left_out_messages.append(f"NotInStyle: {NOT_IN_STYLE[reason]}")
    ctx.rows[:] = kept
    # a message some kept row also failed with (raised where the style does specify the call) keeps its findings
    left_out_messages = [message for message in left_out_messages if not any(row.evidence == message for row in kept)]
    ctx.findings[:] = [replace(finding, diagnosis=in_style_words(ctx.exercise.id, finding.diagnosis))
                       for finding in ctx.findings
                       if not any(message in finding.diagnosis for message in left_out_messages)]
    report.notes = notes


def in_style_words(exercise_id: str, diagnosis: str) -> str:
    """A diagnosis with the class style's names replaced by the cs231n style's."""
    for old, new in WORDS.get(exercise_id, ()):
        diagnosis = diagnosis.replace(old, new)
    return diagnosis
