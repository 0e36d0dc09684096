"""BatchNorm2d: the layer probes in training mode on (N, 3, 4, 5) inputs, then the running statistics after
several training steps and eval on a shifted batch. The known wrong statistics — per position (over N only),
per example (over H, W), the unbiased variance in training, a count of N instead of N·H·W in running_var —
are computed alongside.
"""

from __future__ import annotations

import numpy as np

from quizprep.exercises.diagnosis import Variant, explain, matches
from quizprep.exercises.probes.base import ProbeContext
from quizprep.exercises.probes.batchnorm import buffer
from quizprep.exercises.probes.layers import Case, Config, LayerPair, LayerPlan, run_layer_probes

CHANNELS, HEIGHT, WIDTH = 3, 4, 5
AXES = (0, 2, 3)
MEANS = np.array([2.0, -1.0, 0.5])[:, None, None]
SCALES = np.array([3.0, 0.5, 1.0])[:, None, None]
STEPS = 5
MAIN: Config = ((CHANNELS,), {})
CUSTOM: Config = ((CHANNELS,), {"eps": 1e-3, "momentum": 0.3})


def make_input(rng: np.random.Generator, batch: int) -> np.ndarray:
    return MEANS + SCALES * rng.normal(size=(batch, CHANNELS, HEIGHT, WIDTH))


def _settings(config: Config) -> tuple[float, float]:
    return float(config[1].get("eps", 1e-5)), float(config[1].get("momentum", 0.1))


def channel(v: np.ndarray) -> np.ndarray:
    return v.reshape(1, -1, 1, 1)


def normalise(x: np.ndarray, axes: tuple[int, ...], eps: float, gamma: np.ndarray, beta: np.ndarray,
              unbiased: bool = False, outside: bool = False) -> np.ndarray:
    mean = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True, ddof=1 if unbiased else 0)
    std = np.sqrt(var) + eps if outside else np.sqrt(var + eps)
    return channel(gamma) * (x - mean) / std + channel(beta)


def forward_variants(case: Case) -> list[Variant]:
    x, values = case.x, case.values
    eps, _ = _settings(case.config)
    gamma, beta = values["gamma"], values["beta"]
    variants = [
        Variant("BatchNorm2d statistics per position instead of per channel: your mean and variance are taken "
                "over the batch only (axis 0, one per (c, h, w)); BatchNorm2d takes one per channel over "
                "(N, H, W)", normalise(x, (0,), eps, gamma, beta), "mean and var over axis=(0, 2, 3)."),
        Variant("statistics per example (over H and W of each image, instance normalisation): BatchNorm2d takes "
                "one per channel over (N, H, W)", normalise(x, (2, 3), eps, gamma, beta)),
        Variant("training normalises with the unbiased variance (÷(m − 1)); the batch is normalised with the "
                "biased one (÷m, m = N·H·W)", normalise(x, AXES, eps, gamma, beta, unbiased=True)),
        Variant("eps added outside the square root: a convention some write, but torch's BatchNorm divides by "
                "sqrt(var + eps)", normalise(x, AXES, eps, gamma, beta, outside=True), convention=True),
        Variant("gamma and beta are not applied: y = gamma·x̂ + beta, per channel",
                normalise(x, AXES, eps, np.ones(CHANNELS), np.zeros(CHANNELS))),
    ]
    if x.shape[0] > 1:
        variants.append(Variant("statistics over the batch and the channels (axes 0, 2, 3 wrongly joined by axis 1)",
                                normalise(x, (0, 1, 2, 3), eps, gamma, beta)))
    return variants


def backward_variants(case: Case) -> list[Variant]:
    x, g, values = case.x, case.grad, case.values
    eps, _ = _settings(case.config)
    inv_std = 1.0 / np.sqrt(x.var(axis=AXES, keepdims=True) + eps)
    return [Variant("backward treats the batch mean and variance as constants (dx = grad·γ/σ), but in training "
                    "they depend on every value of the channel", g * channel(values["gamma"]) * inv_std,
                    "dx = (m·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂)) / (m·σ), m = N·H·W, the sums over (0, 2, 3).")]


def simulate(batches: list[np.ndarray], momentum: float, count: str = "m",
             reversed_momentum: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Running mean and var after `batches`; count: "m" (N·H·W, torch), "n" (the batch size), "biased"."""
    mean, var = np.zeros(CHANNELS), np.ones(CHANNELS)
    m = 1 - momentum if reversed_momentum else momentum
    for x in batches:
        total = x.shape[0] * x.shape[2] * x.shape[3]
        size = {"m": total, "n": x.shape[0]}.get(count)
        batch_var = x.var(axis=AXES) * (1.0 if size is None else size / (size - 1))
        mean = (1 - m) * mean + m * x.mean(axis=AXES)
        var = (1 - m) * var + m * batch_var
    return mean, var


def probe_running_statistics(ctx: ProbeContext, plan: LayerPlan) -> None:
    for config in (MAIN, CUSTOM):
        _, momentum = _settings(config)
        with ctx.probe(f"running_mean and running_var after {STEPS} training steps (momentum = {momentum})") as p:
            rng = np.random.default_rng(20)
            layer = LayerPair(ctx, config, rng).user
            batches = [make_input(rng, 3) + step for step in range(STEPS)]
            for x in batches:
                layer.forward(x)
            mean, var = buffer(ctx, layer, "running_mean", p), buffer(ctx, layer, "running_var", p)
            expected_mean, expected_var = simulate(batches, momentum)
            not_updated = "running statistics not updated in training"
            reversed_message = ("momentum used the other way round: running = (1 − momentum)·running + "
                                "momentum·batch — momentum weighs the NEW batch statistic")
            if not matches(mean, expected_mean):
                p.fail_mismatch(explain(mean, expected_mean, "running_mean", [
                    Variant(not_updated, np.zeros(CHANNELS), "Update them in forward when self.training is True."),
                    Variant(reversed_message, simulate(batches, momentum, reversed_momentum=True)[0])]))
            if not matches(var, expected_var):
                p.fail_mismatch(explain(var, expected_var, "running_var", [
                    Variant(not_updated, np.ones(CHANNELS)),
                    Variant("biased variance stored in running_var: torch stores the unbiased var·m/(m − 1), "
                            "m = N·H·W", simulate(batches, momentum, "biased")[1]),
                    Variant("running_var made unbiased with the batch size N: var·N/(N − 1), but each channel's "
                            "statistic counts m = N·H·W values, so it is var·m/(m − 1)",
                            simulate(batches, momentum, "n")[1]),
                    Variant(reversed_message, simulate(batches, momentum, reversed_momentum=True)[1])]))


def probe_eval(ctx: ProbeContext, plan: LayerPlan) -> None:
    with ctx.probe("eval on a shifted batch and on a batch of 1 normalises with the running statistics, gamma "
                   "and beta") as p:
        rng = np.random.default_rng(21)
        pair = LayerPair(ctx, MAIN, rng)
        for step in range(STEPS):
            pair.user.forward(make_input(rng, 3) + step)
        pair.user.eval()
        mean, var = buffer(ctx, pair.user, "running_mean", p), buffer(ctx, pair.user, "running_var", p)
        gamma, beta = pair.values["gamma"], pair.values["beta"]
        for batch in (4, 1):
            x = make_input(rng, batch) * 2.0 + 5.0
            y = pair.user.forward(x)
            expected = channel(gamma) * (x - channel(mean)) / np.sqrt(channel(var) + 1e-5) + channel(beta)
            if not matches(y, expected):
                p.fail_mismatch(explain(y, expected, f"eval output for a batch of {batch}", [
                    Variant("BN uses batch statistics at inference: in eval mode it must normalise with "
                            "running_mean and running_var", normalise(x, AXES, 1e-5, gamma, beta),
                            "if self.training: batch statistics (and update the running ones), else the running ones."),
                    Variant("eval forgets gamma and beta: eval too scales by gamma and shifts by beta",
                            (x - channel(mean)) / np.sqrt(channel(var) + 1e-5))]))
    with ctx.probe("eval: backward is grad·gamma/sqrt(running_var + eps)") as p:
        rng = np.random.default_rng(22)
        pair = LayerPair(ctx, MAIN, rng)
        for step in range(STEPS):
            pair.user.forward(make_input(rng, 3) + step)
        pair.user.eval()
        var = buffer(ctx, pair.user, "running_var", p)
        x = make_input(rng, 2)
        pair.user.forward(x)
        grad = rng.normal(size=x.shape)
        dx = pair.user.backward(grad)
        expected_dx = grad * channel(pair.values["gamma"]) / np.sqrt(channel(var) + 1e-5)
        if not matches(dx, expected_dx):
            p.fail_mismatch(explain(dx, expected_dx, "dx in eval mode"))


def run(ctx: ProbeContext) -> None:
    run_layer_probes(ctx, LayerPlan(
        configs=[MAIN, CUSTOM], make_input=make_input, batches=(2, 3, 4), forward_variants=forward_variants,
        backward_variants=backward_variants, extra=[probe_running_statistics, probe_eval]))
