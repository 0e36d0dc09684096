"""Embedding: the lookup W[idx] on index arrays of several shapes, and a backward with repeated indices, where
`W.grad[idx] += grad` (which writes a repeated row once) and `W.grad[idx] = grad` are computed alongside.
"""

from __future__ import annotations

import numpy as np

from quizprep.exercises.diagnosis import Variant, explain, matches, shape_text
from quizprep.exercises.probes.base import Probe, ProbeContext, Remote

NUM, DIM = 10, 4
INDEX_SHAPES = ((6,), (2, 5))
LOST = ("embedding backward loses repeated indices: W.grad[idx] += grad writes each repeated row once (NumPy "
        "keeps one of the repeats), but a row looked up k times must collect the sum of its k gradients")
OVERWRITTEN = "W.grad overwritten (W.grad[idx] = grad): it must accumulate, and repeated indices add up"
HINT = "np.add.at(W.grad, idx.reshape(-1), grad.reshape(-1, embedding_dim)); torch: W.grad.index_add_(0, ...)."


def indices(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Indices with repeats: drawn from half of the table."""
    return rng.integers(0, NUM // 2, size=shape).astype(np.int64)


def lost_repeats(idx: np.ndarray, grad: np.ndarray, start: np.ndarray) -> np.ndarray:
    wrong = start.copy()
    wrong[idx.reshape(-1)] += grad.reshape(-1, DIM)
    return wrong


def new_layer(ctx: ProbeContext, rng: np.random.Generator) -> tuple[Remote, np.ndarray]:
    layer = ctx.new(NUM, DIM)
    table = rng.normal(size=(NUM, DIM))
    layer.set_params(data={"W": table}, grad={"W": np.zeros((NUM, DIM))})
    return layer, table


def w_grad(layer: Remote, probe: Probe) -> np.ndarray:
    found = layer.params()
    if "W" not in found:
        probe.fail(f"no Param W (found: {', '.join(found) or 'none'})", "the layer has no Param named W")
    return found["W"][1]


def backward(layer: Remote, grad: np.ndarray) -> None:
    layer.call("backward", grad)  # returns None: the indices have no gradient


def run(ctx: ProbeContext) -> None:
    with ctx.probe(f"construct Embedding({NUM}, {DIM}); the Param W ({NUM}, {DIM})", required=True) as p:
        found = ctx.new(NUM, DIM).params()
        if "W" not in found:
            p.fail(f"no Param attribute W (found: {', '.join(found) or 'none'})",
                   "the layer has no Param named W: keep the template's self.W = Param(...)")
        if found["W"][0].shape != (NUM, DIM):
            p.fail(f"W has shape {shape_text(found['W'][0].shape)}, expected ({NUM}, {DIM})",
                   f"W has shape {shape_text(found['W'][0].shape)}: one row per index, (num_embeddings, "
                   f"embedding_dim)")
    with ctx.probe(f"forward returns the rows W[idx] for indices of shapes "
                   f"{', '.join(shape_text(s) for s in INDEX_SHAPES)}") as p:
        for seed, shape in enumerate(INDEX_SHAPES):
            rng = np.random.default_rng(seed)
            layer, table = new_layer(ctx, rng)
            idx = indices(rng, shape)
            returned = layer.call("forward", idx, return_args=True)
            y = ctx.array(returned, "forward()")
            if not matches(y, table[idx]):
                p.fail_mismatch(explain(y, table[idx], "forward output (the rows of W)"))
            if returned.args and not np.array_equal(returned.args[0].value, idx):
                p.fail("idx changed in place", "forward modifies the indices in place: they are the caller's")
    with ctx.probe("backward with repeated indices: W.grad[r] collects the sum over every occurrence of r") as p:
        for seed, shape in enumerate(INDEX_SHAPES):
            rng = np.random.default_rng(10 + seed)
            layer, table = new_layer(ctx, rng)
            idx = indices(rng, shape)
            layer.call("forward", idx)
            grad = rng.normal(size=(*shape, DIM))
            returned = layer.call("backward", grad, return_args=True)
            if returned.args and not np.array_equal(returned.args[0].value, grad):
                p.fail("grad changed in place", "backward modifies the upstream gradient in place")
            got = w_grad(layer, p)
            expected = np.zeros((NUM, DIM))
            np.add.at(expected, idx.reshape(-1), grad.reshape(-1, DIM))
            if not matches(got, expected):
                overwritten = np.zeros((NUM, DIM))
                overwritten[idx.reshape(-1)] = grad.reshape(-1, DIM)
                p.fail_mismatch(explain(got, expected, "W.grad", [
                    Variant(LOST, lost_repeats(idx, grad, np.zeros((NUM, DIM))), HINT),
                    Variant(OVERWRITTEN, overwritten, HINT)]))
        p.evidence = "repeated rows summed"
    with ctx.probe("two backward calls accumulate W.grad (+=)") as p:
        rng = np.random.default_rng(20)
        layer, _ = new_layer(ctx, rng)
        idx = indices(rng, (7,))
        layer.call("forward", idx)
        grad = rng.normal(size=(7, DIM))
        backward(layer, grad)
        backward(layer, grad)
        got = w_grad(layer, p)
        expected = np.zeros((NUM, DIM))
        np.add.at(expected, idx, 2 * grad)
        if not matches(got, expected):
            once = np.zeros((NUM, DIM))
            np.add.at(once, idx, grad)
            if matches(got, once):
                p.fail("after two backward calls W.grad equals one call's gradient",
                       "W.grad overwritten instead of accumulated: after two backward calls it holds one call's "
                       "gradient", HINT)
            p.fail_mismatch(explain(got, expected, "W.grad after two calls", [
                Variant(LOST, lost_repeats(idx, grad, lost_repeats(idx, grad, np.zeros((NUM, DIM)))), HINT)]))
