"""Generators for the training-loop questions: mini-batches, iterations and epochs."""

from __future__ import annotations

from quizprep.bank.generators import Params, generator


def _dataset_and_batch(rng, p: Params) -> Params:
    drawn = {"n": int(rng.integers(5, 200)) * 10 + int(rng.integers(1, 10)),
             "batch": int(rng.choice([16, 32, 64, 100, 128, 256]))}
    if "epochs" in p:
        drawn["epochs"] = int(rng.integers(2, 21))
    return drawn


def _iterations_per_epoch(n: int, batch: int) -> int:
    """Mini-batches in one pass over n examples; the last, smaller batch counts too (ceil(n / batch))."""
    return -(-n // batch)


@generator("total-updates", draw=_dataset_and_batch)
def total_updates(params: Params) -> float:
    """epochs · ceil(N / B): every mini-batch of every epoch is one update of the weights."""
    return float(int(params["epochs"]) * _iterations_per_epoch(int(params["n"]), int(params["batch"])))


@generator("grad-accumulation", draw=lambda rng, p: {"x": int(rng.integers(-5, 6)) or 1,
                                                     "calls": int(rng.integers(2, 6))})
def grad_accumulation(params: Params) -> float:
    """w.grad after `calls` backward passes of L = w·x without zeroing: the engine's Linear accumulates calls·x."""
    import numpy as np

    from quizprep.engine import Linear

    layer = Linear(1, 1, bias=False, rng=0)
    x = np.asarray([[float(params["x"])]])
    for _ in range(int(params["calls"])):
        layer.forward(x)
        layer.backward(np.ones((1, 1)))
    return float(layer.W.grad[0, 0])
