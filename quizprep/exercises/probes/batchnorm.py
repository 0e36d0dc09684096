"""BatchNorm1d: the layer probes in training mode, then several training steps (the running statistics),
then eval on a shifted batch (which statistics normalise it), eval's backward and a batch of 1.
"""

from __future__ import annotations

import numpy as np

from quizprep.exercises.diagnosis import Variant, explain, matches
from quizprep.exercises.probes.base import Probe, ProbeContext, Remote
from quizprep.exercises.probes.layers import Case, Config, LayerPair, LayerPlan, run_layer_probes

FEATURES = 4
MEANS = np.array([2.0, -1.0, 0.5, 3.0])
SCALES = np.array([3.0, 0.5, 1.0, 2.0])
STEPS = 5
MAIN: Config = ((FEATURES,), {})
CUSTOM: Config = ((FEATURES,), {"eps": 1e-3, "momentum": 0.3})


def make_input(rng: np.random.Generator, batch: int) -> np.ndarray:
    return MEANS + SCALES * rng.normal(size=(batch, FEATURES))


def _settings(config: Config) -> tuple[float, float | None]:
    kwargs = config[1]
    momentum = kwargs.get("momentum", 0.1)
    return float(kwargs.get("eps", 1e-5)), None if momentum is None else float(momentum)


def normalise(x: np.ndarray, mean: np.ndarray, var: np.ndarray, eps: float, values: dict[str, np.ndarray],
              outside: bool = False) -> np.ndarray:
    std = np.sqrt(var) + eps if outside else np.sqrt(var + eps)
    return values["gamma"] * (x - mean) / std + values["beta"]


def forward_variants(case: Case) -> list[Variant]:
    x, values = case.x, case.values
    eps, _ = _settings(case.config)
    n = x.shape[0]
    mean, var = x.mean(axis=0), x.var(axis=0)
    ones = {"gamma": np.ones(FEATURES), "beta": np.zeros(FEATURES)}
    return [
        Variant("statistics computed over the wrong axis (across the features of each row, axis 1): each "
                "feature is normalised over the batch (axis 0)",
                normalise(x, x.mean(axis=1, keepdims=True), x.var(axis=1, keepdims=True), eps, values),
                "mean and var over axis=0: one value per feature, shape (num_features,)."),
        Variant("training normalises with the unbiased variance (÷(N − 1)); the batch variance is the biased "
                "one (÷N) — only running_var stores the unbiased one",
                normalise(x, mean, var * n / (n - 1), eps, values)),
        Variant("eps added outside the square root: a convention some write, but torch's BatchNorm divides by "
                "sqrt(var + eps)", normalise(x, mean, var, eps, values, outside=True), convention=True),
        Variant("eps is missing: divide by sqrt(var + eps)", normalise(x, mean, var, 0.0, values)),
        Variant("gamma and beta are not applied: y = gamma·x̂ + beta", normalise(x, mean, var, eps, ones)),
        Variant("training uses the running statistics instead of the batch's",
                normalise(x, np.zeros(FEATURES), np.ones(FEATURES), eps, values)),
    ]


def backward_variants(case: Case) -> list[Variant]:
    x, g, values = case.x, case.grad, case.values
    eps, _ = _settings(case.config)
    inv_std = 1.0 / np.sqrt(x.var(axis=0) + eps)
    return [
        Variant("backward treats the batch mean and variance as constants (dx = grad·γ/σ), but in training "
                "they depend on every x of the batch", g * values["gamma"] * inv_std,
                "dx = (N·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂)) / (N·σ), with dx̂ = grad·gamma."),
    ]


def simulate(batches: list[np.ndarray], momentum: float | None, reversed_momentum: bool = False,
             biased: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Running mean and var after training on `batches` (torch's rule, or a known wrong one).

    momentum None is torch's cumulative average: the k-th batch has weight 1/k."""
    mean, var = np.zeros(FEATURES), np.ones(FEATURES)
    for k, x in enumerate(batches, 1):
        weight = 1.0 / k if momentum is None else momentum
        m = 1.0 - weight if reversed_momentum else weight
        n = x.shape[0]
        batch_var = x.var(axis=0) * (1.0 if biased else n / (n - 1))
        mean = (1 - m) * mean + m * x.mean(axis=0)
        var = (1 - m) * var + m * batch_var
    return mean, var


def buffer(ctx: ProbeContext, layer: Remote, name: str, probe: Probe) -> np.ndarray:
    returned = layer.get(name)
    if returned.kind not in ("numpy", "torch"):
        probe.fail(f".{name} is {returned.type_name or returned.kind}",
                   f"the layer has no {name} array: keep the template's self.{name}")
    return ctx.array(returned, f".{name}")


def probe_running_statistics(ctx: ProbeContext, plan: LayerPlan) -> None:
    extras = [(((FEATURES,), config), extra.name) for extra in ctx.exercise.extras for config in extra.configs]
    for config, extra in [(MAIN, None), (CUSTOM, None), *extras]:
        _, momentum = _settings(config)
        what = f"running_mean and running_var after {STEPS} training steps (momentum = {momentum})"
        with ctx.probe(what if extra is None else f"optional {extra}: {what}", extra=extra) as p:
            rng = np.random.default_rng(20)
            layer = LayerPair(ctx, config, rng).user
            batches = [make_input(rng, 6) + step for step in range(STEPS)]
            for x in batches:
                layer.forward(x)
            mean, var = buffer(ctx, layer, "running_mean", p), buffer(ctx, layer, "running_var", p)
            expected_mean, expected_var = simulate(batches, momentum)
            reversed_mean, reversed_var = simulate(batches, momentum, reversed_momentum=True)
            _, biased_var = simulate(batches, momentum, biased=True)
            _, both_var = simulate(batches, momentum, reversed_momentum=True, biased=True)
            not_updated = "running statistics not updated in training"
            reversed_message = ("momentum used the other way round: running = (1 − momentum)·running + "
                                "momentum·batch — momentum weighs the NEW batch statistic")
            last = batches[-1]
            mean_variants = [
                Variant(not_updated, np.zeros(FEATURES), "Update them in forward when self.training is True."),
                Variant(reversed_message, reversed_mean),
                Variant("running_mean is overwritten with the last batch's mean instead of a moving average",
                        last.mean(axis=0)),
            ]
            if not matches(mean, expected_mean):
                p.fail_mismatch(explain(mean, expected_mean, "running_mean", mean_variants))
            biased_message = ("biased variance stored in running_var: torch stores the unbiased var·N/(N − 1) "
                              "(normalising the batch itself uses the biased one)")
            var_variants = [
                Variant(not_updated, np.ones(FEATURES)),
                Variant(biased_message, biased_var, "running_var += momentum · var · N / (N − 1)."),
                Variant(reversed_message, reversed_var),
                Variant(f"{reversed_message}; also, {biased_message}", both_var),
            ]
            if not matches(var, expected_var):
                p.fail_mismatch(explain(var, expected_var, "running_var", var_variants))


def trained_layer(ctx: ProbeContext, rng: np.random.Generator) -> LayerPair:
    pair = LayerPair(ctx, MAIN, rng)
    for step in range(STEPS):
        pair.user.forward(make_input(rng, 6) + step)
    pair.user.eval()
    return pair


def probe_eval(ctx: ProbeContext, plan: LayerPlan) -> None:
    with ctx.probe("eval on a shifted batch normalises with the running statistics and leaves them alone") as p:
        rng = np.random.default_rng(21)
        pair = trained_layer(ctx, rng)
        layer = pair.user
        mean, var = buffer(ctx, layer, "running_mean", p), buffer(ctx, layer, "running_var", p)
        x = make_input(rng, 5) * 2.0 + 5.0
        y = layer.forward(x)
        eps, _ = _settings(MAIN)
        expected = normalise(x, mean, var, eps, pair.values)
        if not matches(y, expected):
            batch_stats = normalise(x, x.mean(axis=0), x.var(axis=0), eps, pair.values)
            ones = {"gamma": np.ones(FEATURES), "beta": np.zeros(FEATURES)}
            p.fail_mismatch(explain(y, expected, "eval output", [
                Variant("BN uses batch statistics at inference: in eval mode it must normalise with running_mean "
                        "and running_var (a single example has no batch statistics)", batch_stats,
                        "if self.training: batch statistics (and update the running ones), else the running ones."),
                Variant("eval forgets gamma and beta: it returns (x − running_mean)/sqrt(running_var + eps), but "
                        "eval too scales by gamma and shifts by beta", normalise(x, mean, var, eps, ones)),
                Variant("eval forgets gamma and beta and uses the batch statistics", normalise(
                    x, x.mean(axis=0), x.var(axis=0), eps, ones)),
                Variant("eps added outside the square root in eval: a convention some write, but torch's "
                        "BatchNorm divides by sqrt(running_var + eps)", normalise(x, mean, var, eps, pair.values,
                                                                                  outside=True), convention=True),
            ]))
        after_mean, after_var = buffer(ctx, layer, "running_mean", p), buffer(ctx, layer, "running_var", p)
        if not (matches(after_mean, mean) and matches(after_var, var)):
            p.fail("running statistics changed by an eval forward",
                   "running statistics updated in eval mode: only training steps may update them")
    with ctx.probe("eval: backward is grad·gamma/sqrt(running_var + eps); a batch of 1 works") as p:
        rng = np.random.default_rng(22)
        pair = trained_layer(ctx, rng)
        layer = pair.user
        var = buffer(ctx, layer, "running_var", p)
        x = make_input(rng, 5)
        layer.forward(x)
        grad = rng.normal(size=x.shape)
        dx = layer.backward(grad)
        expected = grad * pair.values["gamma"] / np.sqrt(var + 1e-5)
        if not matches(dx, expected):
            outside = grad * pair.values["gamma"] / (np.sqrt(var) + 1e-5)
            p.fail_mismatch(explain(dx, expected, "dx in eval mode", [Variant(
                "eps added outside the square root in eval: a convention some write, but torch's BatchNorm divides "
                "by sqrt(running_var + eps)", outside, convention=True)]))
        mean = buffer(ctx, layer, "running_mean", p)
        one = make_input(rng, 1)
        y = layer.forward(one)
        expected_one = normalise(one, mean, var, 1e-5, pair.values)
        if not matches(y, expected_one):
            p.fail_mismatch(explain(y, expected_one, "eval output for a batch of 1"))


def run(ctx: ProbeContext) -> None:
    run_layer_probes(ctx, LayerPlan(
        configs=[MAIN, CUSTOM], make_input=make_input, batches=(6, 5, 8), forward_variants=forward_variants,
        backward_variants=backward_variants, batch_of_one=False, extra=[probe_running_statistics, probe_eval],
    ))
