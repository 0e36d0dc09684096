"""Generators for the optimizer questions: a few steps of the engine's SGD, Adagrad, RMSprop and Adam.

The engine's optimizers follow torch.optim step for step, so every answer is what torch would print.
Scalar parameters keep the steps computable by hand; the gradients either come from f(w) = k/2·w²
(g = k·w, recomputed after every step) or are listed in the question.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from quizprep.bank.generators import Params, generator

STEP_SIZES = [0.05, 0.1, 0.2]
GRADIENTS = [-3.0, -2.0, -1.5, -1.0, -0.5, 0.5, 1.0, 1.5, 2.0, 3.0]


def _pick(rng: Any, values: Sequence[Any]) -> Any:
    """One element of `values` as a plain Python value (TOML- and JSON-friendly)."""
    value = values[int(rng.integers(len(values)))]
    return float(value) if isinstance(value, float) else value


def _gradients(rng: Any, count: int) -> list[float]:
    return [_pick(rng, GRADIENTS) for _ in range(count)]


def run_steps(make_optimizer: Callable[[list[Any]], Any], w0: float | Sequence[float],
              gradient: Callable[[Any], Any] | Sequence[Any], steps: int | None = None) -> list[float]:
    """Run an engine optimizer from `w0`; `gradient` is g(w) or the list of gradients, one per step."""
    import numpy as np

    from quizprep.engine import Param

    param = Param(np.atleast_1d(np.asarray(w0, dtype=np.float64)).copy())
    optimizer = make_optimizer([param])
    given = None if callable(gradient) else list(gradient)
    count = len(given) if given is not None else int(steps or 0)
    for step in range(count):
        optimizer.zero_grad()
        g = gradient(param.data) if given is None else given[step]
        param.grad += np.atleast_1d(np.asarray(g, dtype=np.float64))
        optimizer.step()
    return [float(v) for v in param.data]


def _draw_sgd_step(rng: Any, params: Params) -> Params:
    size = len(params["w"])
    return {
        "w": [float(v) for v in rng.integers(-20, 21, size=size) / 10],
        "grad": _gradients(rng, size),
        "lr": _pick(rng, STEP_SIZES),
    }


@generator("sgd-step", draw=_draw_sgd_step)
def sgd_step(params: Params) -> list[float]:
    """w ← w − lr·g (the engine's SGD, one step)."""
    from quizprep.engine import SGD

    return run_steps(lambda ps: SGD(ps, lr=params["lr"]), params["w"], [params["grad"]])


def _draw_quadratic_momentum(rng: Any, params: Params) -> Params:
    return {
        "k": int(rng.integers(1, 5)),
        "w0": _pick(rng, [-3, -2, -1, 1, 2, 3]),
        "lr": _pick(rng, STEP_SIZES),
        "momentum": _pick(rng, [0.5, 0.8, 0.9]),
        "steps": int(rng.integers(2, 4)),
    }


def _momentum_on_quadratic(params: Params, nesterov: bool) -> float:
    from quizprep.engine import SGD

    k = params["k"]
    return run_steps(lambda ps: SGD(ps, lr=params["lr"], momentum=params["momentum"], nesterov=nesterov),
                     params["w0"], lambda w: k * w, params["steps"])[0]


@generator("momentum-quadratic", draw=_draw_quadratic_momentum)
def momentum_quadratic(params: Params) -> float:
    """SGD with momentum on f(w) = k/2·w²: buf = g first, then buf = μ·buf + g; w ← w − lr·buf."""
    return _momentum_on_quadratic(params, nesterov=False)


@generator("nesterov-quadratic", draw=_draw_quadratic_momentum)
def nesterov_quadratic(params: Params) -> float:
    """Nesterov momentum on f(w) = k/2·w²: buf = μ·buf + g; w ← w − lr·(g + μ·buf)."""
    return _momentum_on_quadratic(params, nesterov=True)


def _draw_listed_gradients(rng: Any, params: Params) -> Params:
    drawn = dict(params)
    drawn["w0"] = _pick(rng, [-2.0, -1.0, 0.5, 1.0, 2.0])
    drawn["grads"] = _gradients(rng, len(params["grads"]))
    return drawn


@generator("adagrad-steps", draw=_draw_listed_gradients)
def adagrad_steps(params: Params) -> float:
    """Adagrad: sum += g²; w ← w − lr·g/(√sum + eps), eps = 1e-10 as in torch."""
    from quizprep.engine import Adagrad

    return run_steps(lambda ps: Adagrad(ps, lr=params["lr"]), params["w0"], params["grads"])[0]


def _draw_rmsprop(rng: Any, params: Params) -> Params:
    drawn = _draw_listed_gradients(rng, params)
    drawn["rho"] = _pick(rng, [0.9, 0.95, 0.99])
    return drawn


@generator("rmsprop-steps", draw=_draw_rmsprop)
def rmsprop_steps(params: Params) -> float:
    """RMSprop: acc = ρ·acc + (1 − ρ)·g²; w ← w − lr·g/(√acc + eps) (torch calls ρ `alpha`)."""
    from quizprep.engine import RMSprop

    return run_steps(lambda ps: RMSprop(ps, lr=params["lr"], alpha=params["rho"]), params["w0"],
                     params["grads"])[0]


@generator("adam-steps", draw=_draw_listed_gradients)
def adam_steps(params: Params) -> float:
    """Adam with bias correction (torch.optim.Adam): m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t)."""
    from quizprep.engine import Adam

    betas = (params["beta1"], params["beta2"])
    return run_steps(lambda ps: Adam(ps, lr=params["lr"], betas=betas), params["w0"], params["grads"])[0]


@generator("adam-state-mib", draw=lambda rng, p: {"n_params": _pick(rng, [5, 11, 25, 60, 138, 340]) * 10**6})
def adam_state_mib(params: Params) -> float:
    """Adam keeps two float32 buffers (exp_avg, exp_avg_sq) per parameter: 2·N·4 bytes, in MiB."""
    buffers, bytes_per_float = 2, 4
    return buffers * params["n_params"] * bytes_per_float / 2**20
