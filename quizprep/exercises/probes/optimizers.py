"""Optimizers (sgd, adagrad, rmsprop, adam, adamw): trajectories over many steps against the engine, for the core
settings and each optional one the user's constructor takes (contracts.toml), with known wrong update rules
simulated alongside — alone, and a real bug together with a convention difference — so that a divergence
can be named.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from quizprep.exercises.diagnosis import explain, fmt, matches
from quizprep.exercises.probes.base import Probe, ProbeContext, Remote, reference_class

SHAPES = ((3, 4), (5,))
STEPS = 25
DEFAULTS: dict[str, dict[str, Any]] = {
    "sgd": {"momentum": 0.0, "nesterov": False, "weight_decay": 0.0, "dampening": 0.0},
    "adagrad": {"lr": 1e-2, "eps": 1e-10},
    "rmsprop": {"lr": 1e-2, "alpha": 0.99, "eps": 1e-8},
    "adam": {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0},
    "adamw": {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 1e-2},
}
EPS_INSIDE = ("eps inside the square root: your step divides by sqrt({v} + eps). That is a convention some "
              "write, but torch (and this exercise) puts eps outside: sqrt({v}) + eps")
SIGN = "sign error in the update: your step moves along +grad (uphill); it must subtract lr·(...)"
BUGS: dict[str, dict[str, str]] = {
    "sgd": {
        "no_momentum": "momentum ignored: with momentum the step uses the velocity buffer buf = momentum·buf + g",
        "dampened": "momentum buffer dampened: torch's SGD uses buf = momentum·buf + g, not "
                    "momentum·buf + (1 − momentum)·g",
        "no_nesterov": "nesterov ignored: with nesterov=True the step uses g + momentum·buf, not buf",
        "no_weight_decay": "weight_decay ignored: g = grad + weight_decay·w",
        "no_dampening": "dampening ignored: buf = momentum·buf + (1 − dampening)·g after the first step",
    },
    "adagrad": {
        "not_accumulated": "the squared gradients are not accumulated: Adagrad divides by the sum of g² over ALL "
                           "steps (sum += g²), the notes' `accumulated = gradient ** 2` forgets the +",
        "no_sqrt": "the square root is missing: divide by sqrt(sum) + eps",
        "eps_inside": EPS_INSIDE.format(v="sum"),
    },
    "rmsprop": {
        "alpha_reversed": "alpha used the other way round: square_avg = alpha·square_avg + (1 − alpha)·g²",
        "no_sqrt": "the square root is missing: divide by sqrt(square_avg) + eps",
        "eps_inside": EPS_INSIDE.format(v="square_avg"),
    },
    "adam": {
        "no_correction": "Adam without bias correction: divide m by 1 − beta1^t and v by 1 − beta2^t (t = the "
                         "step number, from 1)",
        "no_correction_m": "the bias correction of m is missing: m̂ = m / (1 − beta1^t)",
        "no_correction_v": "the bias correction of v is missing: v̂ = v / (1 − beta2^t)",
        "decoupled": "weight decay applied decoupled (AdamW): torch.optim.Adam adds weight_decay·w to the "
                     "gradient before the moments",
        "no_weight_decay": "weight_decay ignored: g = grad + weight_decay·w",
        "t_plus_one": "the step counter is off by one: the bias correction used t = 2 on the first step (t "
                      "starts at 1 and is incremented before use); t must be 1 on the first step",
        "eps_inside": EPS_INSIDE.format(v="v̂"),
    },
    "adamw": {
        "l2": "AdamW's decay applied to the gradient (g = grad + weight_decay·w, that is L2-in-Adam, torch's Adam): "
              "AdamW decouples it, w ← w − lr·weight_decay·w, and the moments see the plain gradient",
        "no_weight_decay": "weight_decay ignored: AdamW shrinks the weights, w ← w − lr·weight_decay·w, every step",
        "decay_without_lr": "the decay is not multiplied by lr: torch's AdamW shrinks w by lr·weight_decay·w, "
                            "not weight_decay·w",
        "no_correction": "AdamW without bias correction: divide m by 1 − beta1^t and v by 1 − beta2^t",
        "t_plus_one": "the step counter is off by one: the bias correction used t = 2 on the first step; t must "
                      "be 1 on the first step",
        "eps_inside": EPS_INSIDE.format(v="v̂"),
    },
}
CONVENTIONS = {"eps_inside"}
HINT = {
    "sgd": "Per Param: g = p.grad + weight_decay·p.data; the velocity buffer starts as a copy of g.",
    "adagrad": "Keep one running sum of g² per Param, starting from zeros.",
    "rmsprop": "Keep one running average of g² per Param, starting from zeros.",
    "adam": "Keep m, v per Param and one step counter t, incremented once per step().",
    "adamw": "w ← w − lr·weight_decay·w, then Adam's step on the plain gradient (no weight_decay·w added to it).",
}

Trajectory = list[list[np.ndarray]]  # per step, per Param: the values after the step


def simulate(exercise_id: str, config: dict[str, Any], init: list[np.ndarray], grads: list[list[np.ndarray]],
             bug: str | frozenset[str] | None = None) -> Trajectory:
    """The values after each step of the update rule (torch's, or a known wrong one), in float64."""
    bugs = frozenset([bug] if isinstance(bug, str) else bug or ())
    c = {**DEFAULTS[exercise_id], **config}
    lr = -c["lr"] if "sign" in bugs else c["lr"]
    weights = [w.copy() for w in init]
    state: list[dict[str, Any]] = [{} for _ in init]
    trajectory = []
    for t, step_grads in enumerate(grads, 1):
        for i, grad in enumerate(step_grads):
            weights[i] = _update(exercise_id, c, lr, weights[i], grad, state[i], t, bugs)
        trajectory.append([w.copy() for w in weights])
    return trajectory


def _update(exercise_id: str, c: dict[str, Any], lr: float, w: np.ndarray, grad: np.ndarray, s: dict[str, Any],
            t: int, bugs: frozenset[str]) -> np.ndarray:
    if exercise_id == "sgd":
        g = grad + (0.0 if "no_weight_decay" in bugs else c["weight_decay"]) * w
        if c["momentum"] and "no_momentum" not in bugs:
            if "buf" not in s:
                s["buf"] = g.copy()
            else:
                dampening = c["momentum"] if "dampened" in bugs else 0.0 if "no_dampening" in bugs else c["dampening"]
                s["buf"] = c["momentum"] * s["buf"] + (1 - dampening) * g
            g = g + c["momentum"] * s["buf"] if c["nesterov"] and "no_nesterov" not in bugs else s["buf"]
        return w - lr * g
    if exercise_id == "adagrad":
        s["sum"] = grad * grad if "not_accumulated" in bugs else s.get("sum", 0.0) + grad * grad
        return w - lr * grad / _denominator(s["sum"], c["eps"], bugs)
    if exercise_id == "rmsprop":
        a = 1 - c["alpha"] if "alpha_reversed" in bugs else c["alpha"]
        s["avg"] = a * s.get("avg", 0.0) + (1 - a) * grad * grad
        return w - lr * grad / _denominator(s["avg"], c["eps"], bugs)
    if exercise_id == "adamw":
        return _adamw_update(c, lr, w, grad, s, t, bugs)
    beta1, beta2 = c["betas"]
    decay = 0.0 if bugs & {"decoupled", "no_weight_decay"} else c["weight_decay"]
    g = grad + decay * w
    s["m"] = beta1 * s.get("m", 0.0) + (1 - beta1) * g
    s["v"] = beta2 * s.get("v", 0.0) + (1 - beta2) * g * g
    t = t + 1 if "t_plus_one" in bugs else t
    m_hat = s["m"] if bugs & {"no_correction", "no_correction_m"} else s["m"] / (1 - beta1**t)
    v_hat = s["v"] if bugs & {"no_correction", "no_correction_v"} else s["v"] / (1 - beta2**t)
    if "decoupled" in bugs:
        w = w * (1 - lr * c["weight_decay"])
    return w - lr * m_hat / _denominator(v_hat, c["eps"], bugs)


def _adamw_update(c: dict[str, Any], lr: float, w: np.ndarray, grad: np.ndarray, s: dict[str, Any], t: int,
                  bugs: frozenset[str]) -> np.ndarray:
    """torch.optim.AdamW's step (decoupled decay first), or a known wrong one."""
    beta1, beta2 = c["betas"]
    decay = c["weight_decay"]
    g = grad + decay * w if "l2" in bugs else grad
    if not bugs & {"l2", "no_weight_decay"}:
        w = w * (1 - (1.0 if "decay_without_lr" in bugs else lr) * decay)
    s["m"] = beta1 * s.get("m", 0.0) + (1 - beta1) * g
    s["v"] = beta2 * s.get("v", 0.0) + (1 - beta2) * g * g
    t = t + 1 if "t_plus_one" in bugs else t
    m_hat = s["m"] if "no_correction" in bugs else s["m"] / (1 - beta1**t)
    v_hat = s["v"] if "no_correction" in bugs else s["v"] / (1 - beta2**t)
    return w - lr * m_hat / _denominator(v_hat, c["eps"], bugs)


def _denominator(square: np.ndarray, eps: float, bugs: frozenset[str]) -> np.ndarray:
    """sqrt(square) + eps (torch), or a known wrong variant of it."""
    if "no_sqrt" in bugs:
        return square + eps
    if "eps_inside" in bugs:
        return np.sqrt(square + eps)
    return np.sqrt(square) + eps


def known_bugs(exercise_id: str) -> list[tuple[frozenset[str], str, bool]]:
    """(bugs simulated together, the sentence, whether it is only a convention): each known bug alone, then
    each real bug together with a convention difference (named real bug first)."""
    named = [("sign", SIGN), *BUGS[exercise_id].items()]
    single = [(frozenset([bug]), message, bug in CONVENTIONS) for bug, message in named]
    pairs = [(frozenset([bug, convention]), f"{message}; also, {BUGS[exercise_id][convention]}", False)
             for convention in CONVENTIONS & set(BUGS[exercise_id])
             for bug, message in named if bug not in CONVENTIONS]
    return single + pairs


def config_text(class_name: str, config: dict[str, Any]) -> str:
    """`SGD(params, lr=0.1, momentum=0.9)`."""
    return f"{class_name}(params{''.join(f', {k}={v!r}' for k, v in config.items())})"


def draw(seed: int) -> tuple[list[np.ndarray], list[list[np.ndarray]]]:
    """Initial values and a gradient per step and Param, with scales that change over the steps."""
    rng = np.random.default_rng(seed)
    init = [rng.normal(size=shape) for shape in SHAPES]
    grads = [[rng.normal(size=shape) * (1.0 + 0.8 * np.sin(t)) for shape in SHAPES] for t in range(STEPS)]
    return init, grads


def engine_trajectory(ctx: ProbeContext, config: dict[str, Any], init: list[np.ndarray],
                      grads: list[list[np.ndarray]]) -> Trajectory:
    import quizprep.engine

    params = [quizprep.engine.Param(w.copy()) for w in init]
    optimizer = reference_class(ctx.exercise)(params, **config)
    trajectory = []
    for step_grads in grads:
        for param, grad in zip(params, step_grads, strict=True):
            param.grad[...] = grad
        optimizer.step()
        trajectory.append([np.array(param.data, copy=True) for param in params])
    return trajectory


def run(ctx: ProbeContext) -> None:
    exercise, name = ctx.exercise, ctx.exercise.class_name
    configs = list(exercise.configs)
    init, _ = draw(0)
    with ctx.probe(f"construct {name}(params, ...) with {len(configs)} settings", required=True):
        for config in configs:
            ctx.new(ctx.params_list(init), **config)
    for seed, config in enumerate(configs):
        with ctx.probe(f"{STEPS} steps of {config_text(name, config)} follow the reference") as p:
            probe_trajectory(ctx, p, config, seed)
    seed = len(configs)
    for extra in exercise.extras:
        for config in extra.configs:
            with ctx.probe(f"optional {extra.name}: {STEPS} steps of {config_text(name, config)}",
                           extra=extra.name) as p:
                probe_trajectory(ctx, p, config, seed)
            seed += 1
            if ctx.rows[-1].extra == extra.name and not ctx.rows[-1].attempted:
                break  # not taken: one row says so
    with ctx.probe("zero_grad() sets every .grad to zero") as p:
        init, grads = draw(99)
        params = ctx.params_list(init)
        optimizer = ctx.new(params, **configs[0])
        params.set_params(grad={str(i): g for i, g in enumerate(grads[0])})
        optimizer.call("step")
        optimizer.call("zero_grad")
        for i, (_, grad) in params.params().items():
            if np.any(grad != 0):
                p.fail(f"Param {i}: .grad = {fmt(float(np.abs(grad).max()))} after zero_grad()",
                       "zero_grad() does not set the gradients to zero", "for p in self.params: p.grad[...] = 0")


def probe_trajectory(ctx: ProbeContext, p: Probe, config: dict[str, Any], seed: int) -> None:
    exercise_id = ctx.exercise.id
    init, grads = draw(seed)
    params: Remote = ctx.params_list(init)
    optimizer = ctx.new(params, **config)
    expected = engine_trajectory(ctx, config, init, grads)
    worst = 0.0
    for t, step_grads in enumerate(grads):
        params.set_params(grad={str(i): g for i, g in enumerate(step_grads)})
        optimizer.call("step")
        found = params.params()
        values = [found[str(i)][0] for i in range(len(init))]
        for i, (_, grad) in enumerate(found[str(i)] for i in range(len(init))):
            if not np.array_equal(grad, step_grads[i]):
                p.fail(f"step {t + 1}: Param {i}'s .grad changed", "step() changes p.grad: it must only read it",
                       "Compute g = p.grad + ... as a new array instead of p.grad += ....")
        if all(matches(v, e) for v, e in zip(values, expected[t], strict=True)):
            worst = max(worst, *(float(np.max(np.abs(v - e))) for v, e in zip(values, expected[t], strict=True)))
            continue
        i = next(i for i, (v, e) in enumerate(zip(values, expected[t], strict=True)) if not matches(v, e))
        evidence = f"step {t + 1}, Param {i}: {explain(values[i], expected[t][i], 'values').evidence}"
        for bugs, message, convention in known_bugs(exercise_id):
            wrong = simulate(exercise_id, config, init, grads, bugs)[t]
            if all(matches(v, w) for v, w in zip(values, wrong, strict=True)):
                p.fail(evidence, message, HINT[exercise_id], convention=convention)
        if t == 0:
            p.fail(evidence, f"the first step of {config_text(ctx.exercise.class_name, config)} is already wrong: "
                             f"{evidence}", HINT[exercise_id])
        p.fail(evidence, f"{config_text(ctx.exercise.class_name, config)} follows the reference for {t} step(s), "
                         f"then diverges: {evidence}", HINT[exercise_id])
    p.evidence = f"max |Δ| = {worst:.1e}"
