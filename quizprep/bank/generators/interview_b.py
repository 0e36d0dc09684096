"""Generators of the interview questions on gradient flow, loss design and training practice.

Each `solve` computes the answer from the question's numbers with numpy/math (the conventions are those of
torch where torch has the operation: clip_grad_norm_, clip_grad_value_, HuberLoss, CrossEntropyLoss with
`weight` or `label_smoothing`); tests/bank/test_interview_b.py checks them against torch itself.
"""

from __future__ import annotations

import math

from quizprep.bank.generators import Params, as_ints, generator

# --- gradient flow ----------------------------------------------------------------------------------


def _draw_weighted_chain(rng, p: Params) -> Params:
    return {"w": int(rng.integers(2, 9)), "depth": int(rng.integers(4, 13))}


@generator("sigmoid-weighted-chain", draw=_draw_weighted_chain)
def sigmoid_weighted_chain(params: Params) -> float:
    """|∂h_L/∂h_0| of a scalar chain h_k = σ(w·h_{k−1}) with every pre-activation at 0: (w·σ'(0))^L = (w/4)^L."""
    return (params["w"] / 4) ** params["depth"]


def _draw_clip_norm(rng, p: Params) -> Params:
    grad = as_ints(rng.integers(-6, 7, size=len(p["grad"])))
    while sum(g * g for g in grad) < 9:
        grad = as_ints(rng.integers(-6, 7, size=len(p["grad"])))
    norm = math.sqrt(sum(g * g for g in grad))
    return {"grad": grad, "max_norm": int(rng.integers(1, math.ceil(norm)))}


@generator("clip-grad-norm", draw=_draw_clip_norm)
def clip_grad_norm(params: Params) -> list[float]:
    """g·c/‖g‖ when ‖g‖ > c, else g unchanged (torch.nn.utils.clip_grad_norm_, without its 1e-6 guard)."""
    import numpy as np

    grad = np.asarray(params["grad"], dtype=np.float64)
    norm = float(np.linalg.norm(grad))
    scale = min(1.0, params["max_norm"] / norm) if norm > 0 else 1.0
    return (grad * scale).tolist()


def _draw_clip_value(rng, p: Params) -> Params:
    limit = int(rng.integers(1, 5))
    grad = as_ints(rng.integers(-8, 9, size=len(p["grad"])))
    while max(abs(g) for g in grad) <= limit:
        grad = as_ints(rng.integers(-8, 9, size=len(p["grad"])))
    return {"grad": grad, "limit": limit}


@generator("clip-grad-value", draw=_draw_clip_value)
def clip_grad_value(params: Params) -> list[float]:
    """Each component clamped to [−c, c] (torch.nn.utils.clip_grad_value_)."""
    import numpy as np

    limit = params["limit"]
    return np.clip(np.asarray(params["grad"], dtype=np.float64), -limit, limit).tolist()


def _draw_sigmoid_backward(rng, p: Params) -> Params:
    size = len(p["z"])
    return {"z": as_ints(rng.integers(-3, 4, size=size)), "upstream": as_ints(rng.integers(-3, 4, size=size))}


@generator("sigmoid-vector-backward", draw=_draw_sigmoid_backward)
def sigmoid_vector_backward(params: Params) -> list[float]:
    """dL/dz = Jᵀ·g with the diagonal Jacobian diag(σ(z)(1 − σ(z))): an elementwise product."""
    import numpy as np

    s = 1 / (1 + np.exp(-np.asarray(params["z"], dtype=np.float64)))
    return (np.asarray(params["upstream"], dtype=np.float64) * s * (1 - s)).tolist()


# --- loss design ------------------------------------------------------------------------------------


def _draw_true_class_probabilities(rng, p: Params) -> Params:
    return {"p": (rng.integers(1, 10, size=len(p["p"])) / 10).tolist()}


@generator("geometric-mean-probability", draw=_draw_true_class_probabilities)
def geometric_mean_probability(params: Params) -> float:
    """e^(−mean cross-entropy) = (Π p_i)^(1/N): the geometric mean probability given to the true labels."""
    import numpy as np

    cross_entropy = -np.log(np.asarray(params["p"], dtype=np.float64)).mean()
    return float(np.exp(-cross_entropy))


def huber(residual, delta: float):
    """Huber loss of each residual: ½r² for |r| ≤ δ, δ(|r| − ½δ) beyond (torch.nn.HuberLoss)."""
    import numpy as np

    r = np.abs(np.asarray(residual, dtype=np.float64))
    return np.where(r <= delta, 0.5 * r ** 2, delta * (r - 0.5 * delta))


def _draw_huber(rng, p: Params) -> Params:
    size = len(p["pred"])
    return {"pred": as_ints(rng.integers(-5, 6, size=size)), "target": as_ints(rng.integers(-5, 6, size=size)),
            "delta": int(rng.integers(1, 4))}


@generator("huber-mean", draw=_draw_huber)
def huber_mean(params: Params) -> float:
    """The mean Huber loss over the examples (torch.nn.HuberLoss(delta=δ), reduction 'mean')."""
    import numpy as np

    residual = np.asarray(params["pred"], dtype=np.float64) - np.asarray(params["target"], dtype=np.float64)
    return float(huber(residual, params["delta"]).mean())


@generator("huber-gradient", draw=_draw_huber)
def huber_gradient(params: Params) -> list[float]:
    """∂/∂pred of the SUMMED Huber loss: the residual clipped to [−δ, δ]."""
    import numpy as np

    residual = np.asarray(params["pred"], dtype=np.float64) - np.asarray(params["target"], dtype=np.float64)
    return np.clip(residual, -params["delta"], params["delta"]).tolist()


def _draw_smoothing(rng, p: Params) -> Params:
    classes = int(rng.integers(3, 7))
    return {"classes": classes, "eps": float(rng.choice([0.1, 0.2, 0.3])), "target": int(rng.integers(0, classes))}


@generator("label-smoothing-targets", draw=_draw_smoothing)
def label_smoothing_targets(params: Params) -> list[float]:
    """(1 − ε)·one_hot + ε/K: torch's label_smoothing spreads ε over ALL K classes, the true one included."""
    classes, eps = params["classes"], params["eps"]
    return [(1 - eps) * (k == params["target"]) + eps / classes for k in range(classes)]


def _draw_smoothed_ce(rng, p: Params) -> Params:
    size = len(p["logits"])
    return {"logits": as_ints(rng.integers(-3, 5, size=size)), "target": int(rng.integers(0, size)),
            "eps": float(rng.choice([0.1, 0.2, 0.3]))}


@generator("label-smoothing-loss", draw=_draw_smoothed_ce)
def label_smoothing_loss(params: Params) -> float:
    """−Σ_k q_k ln softmax(z)_k with the smoothed targets q = (1 − ε)·one_hot + ε/K."""
    import numpy as np

    z = np.asarray(params["logits"], dtype=np.float64)
    log_p = z - z.max() - np.log(np.exp(z - z.max()).sum())
    q = np.asarray(label_smoothing_targets({"classes": z.size, "eps": params["eps"],
                                             "target": params["target"]}))
    return float(-(q * log_p).sum())


def _draw_counts(rng, p: Params) -> Params:
    return {"counts": as_ints(rng.choice([50, 100, 200, 250, 400, 500, 800, 1000, 2000],
                                         size=len(p["counts"]), replace=False))}


@generator("balanced-class-weights", draw=_draw_counts)
def balanced_class_weights(params: Params) -> list[float]:
    """w_c = N / (K · n_c): the inverse frequency, scaled so that the weighted counts still sum to N."""
    counts = params["counts"]
    total, classes = sum(counts), len(counts)
    return [total / (classes * n) for n in counts]


def _draw_weighted_ce(rng, p: Params) -> Params:
    size = len(p["losses"])
    return {"n": size, "losses": (rng.integers(1, 30, size=size) / 10).tolist(),
            "labels": as_ints(rng.integers(0, len(p["weights"]), size=size)),
            "weights": as_ints(rng.integers(1, 6, size=len(p["weights"])))}


@generator("weighted-ce-mean", draw=_draw_weighted_ce)
def weighted_ce_mean(params: Params) -> float:
    """torch's CrossEntropyLoss(weight=w) with reduction 'mean': Σ w_{y_i}·l_i / Σ w_{y_i}, not / N."""
    weights = [params["weights"][label] for label in params["labels"]]
    return sum(w * loss for w, loss in zip(weights, params["losses"], strict=True)) / sum(weights)


def _draw_focal(rng, p: Params) -> Params:
    return {"p": float(rng.choice([0.6, 0.7, 0.8, 0.9, 0.95])), "gamma": int(rng.integers(1, 4))}


@generator("focal-loss-value", draw=_draw_focal)
def focal_loss_value(params: Params) -> float:
    """FL(p_t) = −(1 − p_t)^γ · ln p_t (no α weighting)."""
    p, gamma = params["p"], params["gamma"]
    return -((1 - p) ** gamma) * math.log(p)


def _draw_rare_batches(rng, p: Params) -> Params:
    return {"positive": float(rng.choice([0.005, 0.01, 0.02, 0.05])), "batch": int(rng.choice([16, 32, 64, 128]))}


@generator("batch-without-positives", draw=_draw_rare_batches)
def batch_without_positives(params: Params) -> float:
    """P(a mini-batch of B independent draws holds no positive) = (1 − π)^B."""
    return (1 - params["positive"]) ** params["batch"]


def _draw_targets(rng, p: Params) -> Params:
    values = rng.integers(0, 10, size=len(p["targets"]))
    values[int(rng.integers(0, values.size))] = int(rng.choice([40, 60, 90]))  # one outlier
    return {"targets": as_ints(values)}


@generator("best-constant-predictions", draw=_draw_targets)
def best_constant_predictions(params: Params) -> list[float]:
    """[argmin_c Σ(y − c)², argmin_c Σ|y − c|] = [mean, median] (an odd count: the median is one target)."""
    import numpy as np

    targets = np.asarray(params["targets"], dtype=np.float64)
    return [float(targets.mean()), float(np.median(targets))]


# --- training practice ------------------------------------------------------------------------------


def _draw_with_replacement(rng, p: Params) -> Params:
    return {"n": int(rng.choice([100, 200, 500, 2000, 5000, 10000])), "passes": int(rng.integers(1, 4))}


@generator("distinct-seen-with-replacement", draw=_draw_with_replacement)
def distinct_seen_with_replacement(params: Params) -> float:
    """Expected number of distinct examples after passes·N draws with replacement: N·(1 − (1 − 1/N)^(passes·N))."""
    n = params["n"]
    return n * (1 - (1 - 1 / n) ** (params["passes"] * n))


def _draw_random_search(rng, p: Params) -> Params:
    return {"top": int(rng.choice([1, 2, 5, 10])), "trials": int(rng.choice([10, 20, 30, 40, 60, 100]))}


@generator("random-search-hit", draw=_draw_random_search)
def random_search_hit(params: Params) -> float:
    """P(at least one of n independent uniform trials lands in the best top% of the space) = 1 − (1 − q)^n."""
    return 1 - (1 - params["top"] / 100) ** params["trials"]


def _draw_val_curve(rng, p: Params) -> Params:
    epochs = len(p["val"])
    while True:
        turn = int(rng.integers(3, epochs - 3))
        values = [round(1.6 * 0.85 ** min(k, turn) + 0.04 * max(0, k - turn) + float(rng.integers(-2, 3)) / 100, 2)
                  for k in range(epochs)]
        patience = int(rng.integers(2, 5))
        if early_stopping(values, patience)[0] < epochs:
            return {"val": values, "patience": patience}


def early_stopping(val: list[float], patience: int) -> tuple[int, int]:
    """(epoch of the stop, epoch of the best weights), 1-based: stop once `patience` epochs in a row bring no
    new strict minimum of the validation loss; without a stop, training ends after the last epoch."""
    best_epoch, best, waited = 1, val[0], 0
    for epoch, value in enumerate(val[1:], start=2):
        if value < best:
            best, best_epoch, waited = value, epoch, 0
        else:
            waited += 1
            if waited >= patience:
                return epoch, best_epoch
    return len(val), best_epoch


@generator("early-stopping-epochs", draw=_draw_val_curve)
def early_stopping_epochs(params: Params) -> list[float]:
    """[the epoch at which training stops, the epoch whose weights are restored]."""
    stop, best = early_stopping(params["val"], params["patience"])
    return [float(stop), float(best)]


def _draw_batch_noise(rng, p: Params) -> Params:
    small = int(rng.choice([8, 16, 32, 64]))
    return {"small": small, "large": small * int(rng.choice([4, 9, 16, 25, 36]))}


@generator("batch-noise-ratio", draw=_draw_batch_noise)
def batch_noise_ratio(params: Params) -> float:
    """How many times smaller the std of the mini-batch gradient gets: √(B_large / B_small)."""
    return math.sqrt(params["large"] / params["small"])


def _draw_search_target(rng, p: Params) -> Params:
    return {"top": int(rng.choice([1, 2, 5, 10])), "confidence": int(rng.choice([90, 95, 99]))}


@generator("random-search-trials-needed", draw=_draw_search_target)
def random_search_trials_needed(params: Params) -> float:
    """The smallest n with 1 − (1 − q)^n ≥ confidence: ⌈ln(1 − confidence) / ln(1 − q)⌉."""
    q, confidence = params["top"] / 100, params["confidence"] / 100
    n = math.ceil(math.log(1 - confidence) / math.log(1 - q))
    while 1 - (1 - q) ** (n - 1) >= confidence:  # guard the ceiling against rounding just above an integer
        n -= 1
    return float(n)
