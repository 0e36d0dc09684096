"""Generators for the loss questions: the notes' L1, L2, binary and multi-class cross-entropy."""

from __future__ import annotations

from quizprep.bank.generators import Params, as_ints, generator


def _probabilities(rng, shape) -> list:
    """Predictions in (0, 1) with one decimal, as the notes' slides write them."""
    return (rng.integers(1, 10, size=shape) / 10).tolist()


def _regression(rng, p: Params) -> Params:
    shape = (len(p["y"]), len(p["y"][0]))
    return {"y": _probabilities(rng, shape), "gt": _probabilities(rng, shape)}


@generator("l1-loss-notes", draw=_regression)
def l1_loss_notes(params: Params) -> float:
    """The notes' L1: L = (1/n) Σ_s Σ_i |y_i − gt_i| — summed over outputs, averaged over the n samples."""
    import numpy as np

    y, gt = np.asarray(params["y"], dtype=np.float64), np.asarray(params["gt"], dtype=np.float64)
    return float(np.abs(y - gt).sum(axis=1).mean())


@generator("bce-multilabel", draw=lambda rng, p: {"p": _probabilities(rng, len(p["p"])),
                                                  "gt": as_ints(rng.integers(0, 2, size=len(p["p"])))})
def bce_multilabel(params: Params) -> float:
    """The notes' BCE for one sample: −Σ_c [gt_c ln p_c + (1 − gt_c) ln(1 − p_c)] (the engine's mean × C)."""
    import numpy as np

    from quizprep.engine import BCELoss

    p = np.asarray(params["p"], dtype=np.float64)
    return float(BCELoss().forward(p, np.asarray(params["gt"], dtype=np.float64))) * p.size


def _logits_and_class(rng, p: Params) -> Params:
    size = len(p["logits"])
    return {"logits": as_ints(rng.integers(-4, 7, size=size)), "target": int(rng.integers(0, size))}


@generator("cross-entropy-logits", draw=_logits_and_class)
def cross_entropy_logits(params: Params) -> float:
    """−ln softmax(logits)[target], by the engine's CrossEntropyLoss on a batch of one."""
    import numpy as np

    from quizprep.engine import CrossEntropyLoss

    logits = np.asarray([params["logits"]], dtype=np.float64)
    return float(CrossEntropyLoss().forward(logits, np.asarray([params["target"]])))
