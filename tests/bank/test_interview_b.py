"""The interview questions on gradient flow, loss design and training practice: every generator agrees
with an independent computation (torch's own clipping, losses and autograd, a simulation, a differently
written loop) for the question's numbers and for drawn seeds; the worked defaults are checked by hand.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from quizprep.bank.instance import instantiate
from quizprep.bank.loader import load_bank
from quizprep.bank.model import Question

BANK = load_bank(include_env=False)
FILES = ("gradients-interview.toml", "losses-interview.toml", "training-practice.toml")
OURS = [q for q in BANK if q.file is not None and (q.file.name in FILES or q.file.name.endswith("-open.toml"))]
SEEDS = (None, 1, 2, 3, 4, 5, 6, 7)
MIN_OPEN = 32  # open (self-graded) questions in these files


def instances(question_id: str) -> list[Any]:
    question = BANK.get(question_id)
    return [instantiate(question, seed) for seed in SEEDS]


def assert_close(actual: Any, expected: Any, rel: float = 1e-6, abs_: float = 1e-9) -> None:
    np.testing.assert_allclose(np.atleast_1d(np.asarray(actual, dtype=float)),
                               np.atleast_1d(np.asarray(expected, dtype=float)), rtol=rel, atol=abs_)


# --- worked by hand: the questions' own numbers ------------------------------------------------------

DEFAULT_ANSWERS: dict[str, Any] = {
    "grad-flow-weighted-sigmoid-chain": 1.5 ** 10,  # (6 · 1/4)^10
    "grad-clip-by-norm-vector": [3 * 5 / 13, 4 * 5 / 13, 12 * 5 / 13],  # ‖(3, 4, 12)‖ = 13
    "grad-clip-by-value-vector": [-3, 2, 3, -1],
    "sigmoid-vector-jacobian-backward": [0.25, -2 * math.exp(-2) / (1 + math.exp(-2)) ** 2,
                                         3 * math.exp(1) / (1 + math.exp(1)) ** 2],
    "cross-entropy-as-geometric-mean": (0.9 * 0.5 * 0.8 * 0.2) ** 0.25,
    "huber-loss-mean": (0.5 + 1.5 + 5.5 + 0) / 4,  # residuals 1, −2, 6, 0 with δ = 1
    "huber-loss-gradient": [2, -1, -2, 0],  # residuals 3, −1, −5, 0 clipped to [−2, 2]
    "label-smoothing-targets": [0.025, 0.025, 0.925, 0.025],
    "balanced-class-weights": [1000 / 2400, 1000 / 450, 1000 / 150],
    "weighted-cross-entropy-mean": (0.2 + 3 * 1.5 + 0.4 + 5 * 2.0) / (1 + 3 + 1 + 5),
    "focal-loss-easy-example": -0.01 * math.log(0.9),
    "imbalance-batch-without-positives": 0.99 ** 64,
    "best-constant-mean-median": [10, 5],  # (3 + 7 + 4 + 9 + 2 + 5 + 40) / 7; sorted middle of 2 3 4 5 7 9 40
    "random-search-trials-needed": 59,  # 1 − 0.95^58 ≈ 0.9490 < 0.95 ≤ 1 − 0.95^59 ≈ 0.9515
}


@pytest.mark.parametrize("question_id", sorted(DEFAULT_ANSWERS))
def test_default_instance_matches_the_hand_computation(question_id: str) -> None:
    assert_close(instantiate(BANK.get(question_id)).answer, DEFAULT_ANSWERS[question_id])


# --- gradient flow: torch's clipping and autograd ----------------------------------------------------


def test_weighted_sigmoid_chain_matches_autograd(torch) -> None:
    for instance in instances("grad-flow-weighted-sigmoid-chain"):
        w, depth = instance.params["w"], instance.params["depth"]
        h0 = torch.tensor(0.3, dtype=torch.float64, requires_grad=True)
        h = h0
        for _ in range(depth):  # the bias cancels w·h so that every pre-activation is exactly 0
            h = torch.sigmoid(w * h - w * h.detach())
        h.backward()
        assert_close(abs(h0.grad.item()), instance.answer, rel=1e-9)


def test_clip_by_norm_matches_torch(torch) -> None:
    for instance in instances("grad-clip-by-norm-vector"):
        p = torch.zeros(len(instance.params["grad"]), dtype=torch.float64, requires_grad=True)
        p.grad = torch.tensor(instance.params["grad"], dtype=torch.float64)
        torch.nn.utils.clip_grad_norm_([p], instance.params["max_norm"])
        assert_close(p.grad.numpy(), instance.answer, rel=1e-5)  # torch adds 1e-6 to the norm
        assert np.linalg.norm(instance.answer) == pytest.approx(instance.params["max_norm"])


def test_clip_by_value_matches_torch(torch) -> None:
    for instance in instances("grad-clip-by-value-vector"):
        p = torch.zeros(len(instance.params["grad"]), dtype=torch.float64, requires_grad=True)
        p.grad = torch.tensor(instance.params["grad"], dtype=torch.float64)
        torch.nn.utils.clip_grad_value_([p], instance.params["limit"])
        assert_close(p.grad.numpy(), instance.answer)
        assert instance.answer != instance.params["grad"], "a drawn gradient must need clipping"


def test_sigmoid_backward_matches_the_full_jacobian(torch) -> None:
    for instance in instances("sigmoid-vector-jacobian-backward"):
        z = torch.tensor(instance.params["z"], dtype=torch.float64)
        jacobian = torch.autograd.functional.jacobian(torch.sigmoid, z)
        assert torch.count_nonzero(jacobian - torch.diag(torch.diagonal(jacobian))) == 0
        upstream = torch.tensor(instance.params["upstream"], dtype=torch.float64)
        assert_close((jacobian.T @ upstream).numpy(), instance.answer)


# --- loss design: torch's losses --------------------------------------------------------------------


def test_geometric_mean_is_the_likelihood_per_example() -> None:
    for instance in instances("cross-entropy-as-geometric-mean"):
        p = instance.params["p"]
        assert_close(instance.answer, math.prod(p) ** (1 / len(p)))


def test_huber_matches_torch(torch) -> None:
    for question_id in ("huber-loss-mean", "huber-loss-gradient"):
        for instance in instances(question_id):
            pred = torch.tensor(instance.params["pred"], dtype=torch.float64, requires_grad=True)
            target = torch.tensor(instance.params["target"], dtype=torch.float64)
            loss = torch.nn.HuberLoss(delta=instance.params["delta"], reduction="mean")(pred, target)
            if question_id == "huber-loss-mean":
                assert_close(loss.item(), instance.answer)
            else:
                (loss * pred.numel()).backward()  # the question's loss is the sum
                assert_close(pred.grad.numpy(), instance.answer)


def test_label_smoothing_targets_reproduce_torchs_loss(torch) -> None:
    """Cross-entropy against the computed soft targets equals torch's label_smoothing loss."""
    rng = np.random.default_rng(0)
    for instance in instances("label-smoothing-targets"):
        params = instance.params
        logits = torch.tensor(rng.normal(size=(1, params["classes"])))
        soft = torch.tensor([instance.answer], dtype=torch.float64)
        expected = torch.nn.functional.cross_entropy(logits, torch.tensor([params["target"]]),
                                                     label_smoothing=params["eps"])
        assert_close(torch.nn.functional.cross_entropy(logits, soft).item(), expected.item())
        assert sum(instance.answer) == pytest.approx(1)


def test_label_smoothing_loss_matches_torch(torch) -> None:
    for instance in instances("label-smoothing-loss-value"):
        logits = torch.tensor([instance.params["logits"]], dtype=torch.float64)
        expected = torch.nn.functional.cross_entropy(logits, torch.tensor([instance.params["target"]]),
                                                     label_smoothing=instance.params["eps"])
        assert_close(instance.answer, expected.item())


def test_balanced_weights_equalise_the_classes() -> None:
    for instance in instances("balanced-class-weights"):
        counts = np.asarray(instance.params["counts"], dtype=float)
        weighted = counts * np.asarray(instance.answer)
        assert_close(weighted, np.full(counts.size, counts.sum() / counts.size))  # each class: N/K
        assert_close(weighted.sum() / counts.sum(), 1.0)  # mean weight per example is 1


def test_weighted_cross_entropy_matches_torch(torch) -> None:
    """Logits [0, a] with target 0 have the loss ln(1 + e^a): build examples with the given losses."""
    for instance in instances("weighted-cross-entropy-mean"):
        params = instance.params
        classes = len(params["weights"])
        rows = []
        for loss, label in zip(params["losses"], params["labels"], strict=True):
            other = (label + 1) % classes  # one competing logit, the others far below
            row = [-50.0] * classes
            row[label], row[other] = 0.0, math.log(math.expm1(loss))
            rows.append(row)
        criterion = torch.nn.CrossEntropyLoss(weight=torch.tensor(params["weights"], dtype=torch.float64))
        value = criterion(torch.tensor(rows, dtype=torch.float64), torch.tensor(params["labels"]))
        assert_close(value.item(), instance.answer, rel=1e-6)
        assert params["n"] == len(params["losses"])


def test_focal_loss_matches_its_definition_through_torch(torch) -> None:
    for instance in instances("focal-loss-easy-example"):
        p, gamma = instance.params["p"], instance.params["gamma"]
        logit = torch.tensor([[math.log(p / (1 - p)), 0.0]], dtype=torch.float64)
        log_p = -torch.nn.functional.cross_entropy(logit, torch.tensor([0]))  # softmax of (logit, 0) = σ
        assert_close(instance.answer, (-(1 - log_p.exp()) ** gamma * log_p).item())


def test_batches_without_positives_match_a_simulation() -> None:
    rng = np.random.default_rng(99)
    for instance in instances("imbalance-batch-without-positives"):
        positive, batch = instance.params["positive"], instance.params["batch"]
        empty = ((rng.random(size=(40000, batch)) < positive).sum(axis=1) == 0).mean()
        assert abs(empty - instance.answer) < 0.015


def test_best_constants_minimise_the_losses() -> None:
    """Scan the constant on a fine grid: MSE's minimiser is the mean, L1's the median."""
    for instance in instances("best-constant-mean-median"):
        targets = np.asarray(instance.params["targets"], dtype=float)
        grid = np.linspace(targets.min(), targets.max(), 100_001)
        mse = ((targets[None, :] - grid[:, None]) ** 2).mean(axis=1)
        mae = np.abs(targets[None, :] - grid[:, None]).mean(axis=1)
        step = grid[1] - grid[0]
        assert abs(grid[mse.argmin()] - instance.answer[0]) <= step
        assert abs(grid[mae.argmin()] - instance.answer[1]) <= step


# --- training practice: simulations and a differently written loop -----------------------------------


def test_distinct_examples_match_a_simulation() -> None:
    rng = np.random.default_rng(12345)
    for instance in instances("sampling-with-replacement-coverage")[:4]:
        n, passes = instance.params["n"], instance.params["passes"]
        seen = [np.unique(rng.integers(0, n, size=passes * n)).size for _ in range(300)]
        assert abs(np.mean(seen) - instance.answer) < 0.02 * n


def test_random_search_matches_a_simulation() -> None:
    rng = np.random.default_rng(2024)
    for instance in instances("random-search-top-hit"):
        top, trials = instance.params["top"], instance.params["trials"]
        hits = (rng.random(size=(20000, trials)) < top / 100).any(axis=1).mean()
        assert abs(hits - instance.answer) < 0.02


def test_trials_needed_is_the_smallest_sufficient_count() -> None:
    for instance in instances("random-search-trials-needed"):
        q, confidence, n = instance.params["top"] / 100, instance.params["confidence"] / 100, int(instance.answer)
        hit = [1 - (1 - q) ** trials for trials in range(1, 2000)]
        assert n == next(i for i, p in enumerate(hit, start=1) if p >= confidence)


def _stop_and_best(val: list[float], patience: int) -> tuple[int, int]:
    """Early stopping written with running minima: stop where the best is `patience` epochs old."""
    values = np.asarray(val)
    best_so_far = np.minimum.accumulate(values)
    for epoch in range(len(values)):
        best_epoch = int(np.flatnonzero(values[: epoch + 1] == best_so_far[epoch])[0])
        if epoch - best_epoch >= patience:
            return epoch + 1, best_epoch + 1
    return len(values), int(np.argmin(values)) + 1


def test_early_stopping_matches_running_minima() -> None:
    question = BANK.get("early-stopping-patience-epochs")
    for seed in (None, *range(1, 30)):
        instance = instantiate(question, seed)
        stop, best = _stop_and_best(instance.params["val"], instance.params["patience"])
        assert instance.answer == [stop, best]
        assert stop < len(instance.params["val"]), "a drawn curve must trigger the stop"


def test_batch_noise_ratio_matches_sampled_gradients() -> None:
    rng = np.random.default_rng(7)
    per_example = rng.normal(size=200_000)
    for instance in instances("batch-size-gradient-noise"):
        small, large = instance.params["small"], instance.params["large"]
        std = [per_example[: (per_example.size // b) * b].reshape(-1, b).mean(axis=1).std() for b in (small, large)]
        assert abs(std[0] / std[1] / instance.answer - 1) < 0.1


# --- the shape of this part of the bank --------------------------------------------------------------


def test_open_questions_have_a_rubric_and_a_model_answer() -> None:
    open_questions = [q for q in OURS if q.kind == "self-graded"]
    assert len(open_questions) >= MIN_OPEN
    for question in open_questions:
        assert 3 <= len(question.key_points) <= 6, question.id
        assert len(question.answer.en) > 200 and len(question.answer.ru) > 200, question.id


@pytest.mark.parametrize("tag", ["gradient-flow", "loss-design", "training-practice"])
def test_each_theme_has_two_kinds(tag: str) -> None:
    kinds = {q.kind for q in OURS if tag in q.tags}
    assert len(kinds) >= 2 and sum(tag in q.tags for q in OURS) >= 8


@pytest.mark.parametrize("question", [q for q in OURS if q.is_parameterized], ids=lambda q: q.id)
def test_drawn_numbers_agree_in_both_languages(question: Question) -> None:
    import re

    for seed in (1, 2, 3):
        instance = instantiate(question, seed)
        numbers = [re.findall(r"-?\d+(?:\.\d+)?", instance.prompt(lang)) for lang in ("en", "ru")]
        assert sorted(numbers[0]) == sorted(numbers[1]), question.id
