"""Generators for the batch-normalisation questions: one feature through the engine's BatchNorm1d."""

from __future__ import annotations

from typing import Any

from quizprep.bank.generators import Params, as_ints, generator


def _batch(rng: Any, size: int) -> list[int]:
    """A batch of integer values of one feature, not all equal (the batch variance must not be 0)."""
    while True:
        values = as_ints(rng.integers(-4, 9, size=size))
        if len(set(values)) > 1:
            return values


def _layer(params: Params, training: bool) -> Any:
    """A one-feature BatchNorm1d with the question's gamma, beta and running statistics."""
    import numpy as np

    from quizprep.engine import BatchNorm1d

    layer = BatchNorm1d(1, momentum=params.get("momentum", 0.1))
    layer.gamma.data[:] = params.get("gamma", 1.0)
    layer.beta.data[:] = params.get("beta", 0.0)
    layer.running_mean = np.array([float(params.get("running_mean", 0.0))])
    layer.running_var = np.array([float(params.get("running_var", 1.0))])
    layer.training = training
    return layer


def _column(values: list[float]) -> Any:
    import numpy as np

    return np.asarray(values, dtype=np.float64).reshape(-1, 1)


def _draw_train(rng: Any, params: Params) -> Params:
    return {"x": _batch(rng, len(params["x"])), "gamma": float(rng.choice([0.5, 1.0, 1.5, 2.0, 3.0])),
            "beta": float(rng.choice([-1.0, -0.5, 0.0, 0.5, 1.0]))}


@generator("batchnorm-train-forward", draw=_draw_train)
def batchnorm_train_forward(params: Params) -> list[float]:
    """Training mode: y = γ·(x − mean_B)/√(var_B + eps) + β with the batch's biased variance."""
    y = _layer(params, training=True).forward(_column(params["x"]))
    return [float(v) for v in y[:, 0]]


def _draw_running(rng: Any, params: Params) -> Params:
    return {"x": _batch(rng, len(params["x"])), "running_mean": float(rng.choice([-1.0, 0.0, 0.5, 2.0])),
            "running_var": float(rng.choice([0.5, 1.0, 2.0, 4.0])), "momentum": float(rng.choice([0.1, 0.2, 0.5]))}


@generator("batchnorm-running-stats", draw=_draw_running)
def batchnorm_running_stats(params: Params) -> list[float]:
    """After one training batch: running = (1 − momentum)·running + momentum·batch (unbiased var)."""
    layer = _layer(params, training=True)
    layer.forward(_column(params["x"]))
    return [float(layer.running_mean[0]), float(layer.running_var[0])]


def _draw_eval(rng: Any, params: Params) -> Params:
    drawn = _draw_train(rng, params)
    drawn["running_mean"] = float(rng.choice([-1.0, 0.0, 1.0, 2.0, 3.0]))
    drawn["running_var"] = float(rng.choice([0.25, 1.0, 4.0, 9.0]))
    return drawn


@generator("batchnorm-eval-forward", draw=_draw_eval)
def batchnorm_eval_forward(params: Params) -> list[float]:
    """Eval mode: the running statistics replace the batch's, y = γ·(x − μ_run)/√(σ²_run + eps) + β."""
    y = _layer(params, training=False).forward(_column(params["x"]))
    return [float(v) for v in y[:, 0]]
