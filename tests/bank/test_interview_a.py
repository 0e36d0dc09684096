"""The interview questions of bank-content-a (debugging training, learning-rate practice, optimizer choice,
normalisation): their generators agree with an independent computation (torch.optim, torch.nn, numpy,
simulation) for the default numbers and for drawn seeds, and the files keep the shape the issue asks for.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from torch_support import require_torch

from quizprep.bank.generators import all_generators
from quizprep.bank.instance import instantiate
from quizprep.bank.loader import load_bank
from quizprep.bank.model import Question

FILES = ("training-debugging.toml", "learning-rate-interview.toml", "optimizers-interview.toml",
         "normalization-interview.toml")
THEMES = ("debugging-training", "learning-rate-practice", "optimizer-choice", "normalization-choice")
BANK = load_bank(include_env=False)
OURS = [q for q in BANK if q.file is not None and q.file.name in FILES]
PARAMETERIZED = [q for q in OURS if q.is_parameterized]
SEEDS = (1, 2, 3, 4, 5, 6, 7, 8)


def assert_close(actual: Any, expected: Any, rel: float, abs_: float = 1e-12) -> None:
    np.testing.assert_allclose(np.atleast_1d(np.asarray(actual, dtype=float)),
                               np.atleast_1d(np.asarray(expected, dtype=float)), rtol=rel, atol=abs_)


# --- the defaults, worked out by hand ----------------------------------------------------------------------

DEFAULT_ANSWERS: dict[str, Any] = {
    "debug-initial-loss-uniform": 2.302585093,  # ln 10
    "debug-relu-zero-fractions": [14 / 20, 2 / 5],  # 14 entries ≤ 0; columns 2 and 4 never positive
    "debug-silent-healthy-units": 2.0,  # 512 / 2^8
    "debug-gradcheck-relative-error": 0.00002 / 2.3051,
    "debug-update-ratio": 0.01 * math.sqrt(0.0039) / math.sqrt(2.6),
    "lr-warmup-then-cosine": 3e-4 * (1 + math.cos(math.pi * 2500 / 9500)) / 2,  # step 3000 is past W = 500
    "lr-cosine-annealing-value": 0.01 + 0.09 * (1 + math.cos(0.3 * math.pi)) / 2,
    "lr-linear-scaling": 0.4,
    "lr-sqrt-scaling-adam": 0.0012,
    "lr-range-test-sweep": 10 ** (-7 + 8 * 60 / 99),
    "lr-multistep-value": 0.001,  # drops at 30 and 60, not yet at 80
    # Adam + L2: step 1 is lr·sign(1 + 0.5·2) → 1.9; step 2 on g' = −0.5 + 0.95 = 0.45 with m = 0.225,
    # v = 0.0041985. AdamW: 2·0.95 − 0.1 = 1.8; then 1.8·0.95 − 0.1·(0.04/0.19)/√(0.001249/0.001999).
    "opt-adam-l2-vs-adamw-steps": [1.9 - 0.1 * (0.225 / 0.19) / math.sqrt(0.0041985 / 0.001999),
                                   1.71 - 0.1 * (0.04 / 0.19) / math.sqrt(0.001249 / 0.001999)],
    "opt-momentum-ravine-ratio": 19.0,
    "opt-momentum-buildup-steps": 22,  # 0.9^21 ≈ 0.109 > 0.1 ≥ 0.9^22 ≈ 0.098
    "opt-momentum-equivalent-lr": 0.01,
    "opt-clip-global-norm": [1.5, 2.0, 6.0],  # global norm 13, factor 6.5/13
    "opt-adam-spike-step": 0.1 / math.sqrt(0.001),
    "norm-statistic-counts": [32 * 14 * 14, 64 * 14 * 14, 2 * 14 * 14],
    "norm-layernorm-values": [(v - 2) / math.sqrt(3.5 + 1e-5) for v in (2, -1, 4, 3)],  # mean 2, variance 14/4
    "norm-bn-batch-of-two": [2 / math.sqrt(4 + 1e-5), -2 / math.sqrt(4 + 1e-5)],  # mean 1, variance 4
    "norm-dropout-bn-test-std": math.sqrt(0.5),  # Var_train = 1/(1 − 0.5) = 2, Var_test = 1
}


def test_every_parameterized_question_has_a_worked_default() -> None:
    assert sorted(q.id for q in PARAMETERIZED) == sorted(DEFAULT_ANSWERS)


@pytest.mark.parametrize("question_id", sorted(DEFAULT_ANSWERS))
def test_default_instance_uses_the_questions_numbers(question_id: str) -> None:
    question = BANK.get(question_id)
    instance = instantiate(question)
    assert instance.params == question.params
    assert_close(instance.answer, DEFAULT_ANSWERS[question_id], rel=1e-8)


@pytest.mark.parametrize("question", PARAMETERIZED, ids=lambda q: q.id)
def test_seeds_draw_new_numbers_reproducibly(question: Question) -> None:
    default = instantiate(question)
    drawn = [instantiate(question, seed) for seed in SEEDS]
    assert any(d.params != question.params for d in drawn)
    assert any(not np.allclose(np.atleast_1d(d.answer), np.atleast_1d(default.answer)) for d in drawn)
    for d in drawn:
        assert set(d.params) == set(question.params), "a draw must give every parameter the prompt uses"
        assert instantiate(question, d.seed).params == d.params


@pytest.mark.parametrize("question", PARAMETERIZED, ids=lambda q: q.id)
def test_drawn_numbers_print_exactly(question: Question) -> None:
    """The prompt shows each number with six significant digits; the answer must be computed from those."""
    for seed in (None, *SEEDS):
        for value in _numbers(instantiate(question, seed).params):
            assert float(f"{value:g}") == value


def _numbers(params: dict[str, Any]) -> list[float]:
    flat: list[float] = []
    for value in params.values():
        flat.extend(np.ravel(np.asarray(value, dtype=float)).tolist())
    return flat


# --- independent computations ------------------------------------------------------------------------------


def _torch_cross_entropy_uniform(p: dict[str, Any]) -> float:
    torch = require_torch()
    logits = torch.zeros(3, p["classes"], dtype=torch.float64)  # any batch, all logits equal
    labels = torch.tensor([0, p["classes"] - 1, p["classes"] // 2])
    return float(torch.nn.functional.cross_entropy(logits, labels))


def _torch_relu_fractions(p: dict[str, Any]) -> list[float]:
    torch = require_torch()
    out = torch.relu(torch.tensor(p["z"], dtype=torch.float64))
    return [float((out == 0).double().mean()), float((out == 0).all(dim=0).double().mean())]


def _exact_silent_units(p: dict[str, Any]) -> float:
    """Of the 2^N equally likely on/off patterns of a healthy unit over N examples, one is all-off."""
    return p["units"] / 2 ** p["batch"]


def _gradcheck_error(p: dict[str, Any]) -> float:
    a, n = np.float64(p["analytic"]), np.float64(p["numeric"])
    return float(np.abs(a - n) / np.maximum(np.abs(a), np.abs(n)))


def _torch_update_ratio(p: dict[str, Any]) -> float:
    torch = require_torch()
    w = torch.tensor(p["w"], dtype=torch.float64, requires_grad=True)
    before = w.detach().clone()
    w.grad = torch.tensor(p["g"], dtype=torch.float64)
    torch.optim.SGD([w], lr=p["lr"]).step()
    return float(torch.linalg.vector_norm(w.detach() - before) / torch.linalg.vector_norm(before))


def _torch_schedule(lr: float, steps: int, make: Callable[[Any, Any], Any]) -> float:
    """The learning rate a torch scheduler has set after `steps` calls of scheduler.step()."""
    torch = require_torch()
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)
    scheduler = make(torch, optimizer)
    for _ in range(steps):
        optimizer.step()
        scheduler.step()
    return optimizer.param_groups[0]["lr"]


def _torch_warmup_cosine(p: dict[str, Any]) -> float:
    """Warm-up by torch's LinearLR (from ~0), then a separate CosineAnnealingLR over the remaining steps."""
    warmup, rest = p["warmup"], p["total"] - p["warmup"]
    if p["step"] < warmup:
        return _torch_schedule(p["peak"], p["step"], lambda t, o: t.optim.lr_scheduler.LinearLR(
            o, start_factor=1e-12, end_factor=1.0, total_iters=warmup))
    return _torch_schedule(p["peak"], p["step"] - warmup,
                           lambda t, o: t.optim.lr_scheduler.CosineAnnealingLR(o, T_max=rest, eta_min=0.0))


def _equivalent_big_step(p: dict[str, Any]) -> float:
    """k SGD steps at base_lr on a constant gradient move w as far as one step at the returned lr."""
    torch = require_torch()
    k = p["batch"] // p["base_batch"]
    w = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([w], lr=p["base_lr"])
    for _ in range(k):
        w.grad = torch.ones(1, dtype=torch.float64)
        optimizer.step()
    return -float(w.detach()[0])  # displacement per unit gradient = the big step's learning rate


def _torch_adam_l2_and_adamw(p: dict[str, Any]) -> list[float]:
    torch = require_torch()
    results = []
    for make in (torch.optim.Adam, torch.optim.AdamW):
        w = torch.tensor([p["w0"]], dtype=torch.float64, requires_grad=True)
        optimizer = make([w], lr=p["lr"], weight_decay=p["wd"])
        for g in p["grads"]:
            w.grad = torch.tensor([g], dtype=torch.float64)
            optimizer.step()
        results.append(float(w.detach()[0]))
    return results


def _torch_momentum_steps(mu: float, lr: float, grads: Callable[[int], list[float]], steps: int) -> Any:
    """The last update of torch's SGD with momentum after `steps` steps with the given gradients."""
    torch = require_torch()
    w = torch.zeros(len(grads(0)), dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([w], lr=lr, momentum=mu)
    before = w.detach().clone()
    for step in range(steps):
        before = w.detach().clone()
        w.grad = torch.tensor(grads(step), dtype=torch.float64)
        optimizer.step()
    return (w.detach() - before).abs().numpy()


def _ravine_ratio(p: dict[str, Any]) -> float:
    last = _torch_momentum_steps(p["momentum"], 0.1, lambda t: [1.0, (-1.0) ** t], 4000)
    return float(last[0] / last[1])


def _torch_clip(p: dict[str, Any]) -> list[float]:
    torch = require_torch()
    tensors = [torch.zeros(len(p["g1"]), dtype=torch.float64, requires_grad=True),
               torch.zeros(len(p["g2"]), dtype=torch.float64, requires_grad=True)]
    for tensor, grad in zip(tensors, (p["g1"], p["g2"])):
        tensor.grad = torch.tensor(grad, dtype=torch.float64)
    torch.nn.utils.clip_grad_norm_(tensors, max_norm=p["max_norm"])
    return [float(v) for tensor in tensors for v in tensor.grad]


def _torch_adam_spike(p: dict[str, Any]) -> float:
    """torch's Adam after a long run of zero gradients (its step counter set far ahead), then one spike."""
    torch = require_torch()
    lr = 1e-3
    w = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.Adam([w], lr=lr, betas=(p["beta1"], p["beta2"]))
    w.grad = torch.zeros(1, dtype=torch.float64)
    optimizer.step()  # creates the state: m = v = 0
    optimizer.state[w]["step"].fill_(10**6)  # as if a million zero-gradient steps had passed
    w.grad = torch.tensor([5.0], dtype=torch.float64)
    optimizer.step()
    return -float(w.detach()[0]) / lr


def _torch_statistic_counts(p: dict[str, Any]) -> list[int]:
    """Reshape a (shape-only) tensor the way each layer groups its values and read off the group size."""
    torch = require_torch()
    x = torch.empty(p["n"], p["c"], p["h"], p["w"], device="meta")
    per_channel = x.transpose(0, 1).reshape(p["c"], -1)  # BatchNorm2d: one statistic per channel
    per_example = x.reshape(p["n"], -1)  # LayerNorm over (C, H, W)
    per_group = x.reshape(p["n"], p["groups"], -1)  # GroupNorm: contiguous groups of channels
    return [per_channel.shape[1], per_example.shape[1], per_group.shape[2]]


def _torch_layer_norm(p: dict[str, Any]) -> list[float]:
    torch = require_torch()
    x = torch.tensor(p["x"], dtype=torch.float64)
    return torch.nn.functional.layer_norm(x, (len(p["x"]),), eps=1e-5).tolist()


def _torch_batchnorm_pair(p: dict[str, Any]) -> list[float]:
    torch = require_torch()
    layer = torch.nn.BatchNorm1d(1, eps=1e-5).double().train()
    with torch.no_grad():
        return layer(torch.tensor([[p["a"]], [p["b"]]], dtype=torch.float64))[:, 0].tolist()


def _monte_carlo_variance_shift(p: dict[str, Any]) -> float:
    """Dropout → BatchNorm trained on real batches (cumulative running stats), then evaluated without dropout."""
    torch = require_torch()
    torch.manual_seed(0)
    layer = torch.nn.BatchNorm1d(1, momentum=None, affine=False).double().train()
    with torch.no_grad():
        for _ in range(20):
            x = p["mean"] + p["std"] * torch.randn(20_000, 1, dtype=torch.float64)
            layer(torch.nn.functional.dropout(x, p=p["p"], training=True))
        layer.eval()
        x = p["mean"] + p["std"] * torch.randn(400_000, 1, dtype=torch.float64)
        return float(layer(x).std())


INDEPENDENT: dict[str, tuple[Callable[[dict[str, Any]], Any], float]] = {
    "debug-initial-loss-uniform": (_torch_cross_entropy_uniform, 1e-12),
    "debug-relu-zero-fractions": (_torch_relu_fractions, 1e-12),
    "debug-silent-healthy-units": (_exact_silent_units, 1e-12),
    "debug-gradcheck-relative-error": (_gradcheck_error, 1e-12),
    "debug-update-ratio": (_torch_update_ratio, 1e-9),
    "lr-warmup-then-cosine": (_torch_warmup_cosine, 1e-7),
    "lr-cosine-annealing-value": (lambda p: _torch_schedule(p["lr0"], p["step"], lambda t, o: (
        t.optim.lr_scheduler.CosineAnnealingLR(o, T_max=p["total"], eta_min=p["eta_min"]))), 1e-7),
    "lr-linear-scaling": (_equivalent_big_step, 1e-9),
    "lr-sqrt-scaling-adam": (lambda p: math.sqrt(p["base_lr"] ** 2 * p["batch"] / p["base_batch"]), 1e-12),
    "lr-range-test-sweep": (lambda p: float(np.geomspace(p["lr_min"], p["lr_max"], p["steps"])[p["k"]]), 1e-9),
    "lr-multistep-value": (lambda p: _torch_schedule(p["lr0"], p["epoch"], lambda t, o: (
        t.optim.lr_scheduler.MultiStepLR(o, milestones=p["milestones"], gamma=p["gamma"]))), 1e-9),
    "opt-adam-l2-vs-adamw-steps": (_torch_adam_l2_and_adamw, 1e-9),
    "opt-momentum-ravine-ratio": (_ravine_ratio, 1e-6),
    "opt-momentum-buildup-steps": (lambda p: math.ceil(math.log(1 - p["percent"] / 100) / math.log(p["momentum"])),
                                   0.0),
    "opt-momentum-equivalent-lr": (lambda p: p["lr"] / float(_torch_momentum_steps(
        p["momentum"], 1.0, lambda t: [1.0], 5000)[0]), 1e-6),
    "opt-clip-global-norm": (_torch_clip, 1e-5),
    "opt-adam-spike-step": (_torch_adam_spike, 1e-5),
    "norm-statistic-counts": (_torch_statistic_counts, 0.0),
    "norm-layernorm-values": (_torch_layer_norm, 1e-9),
    "norm-bn-batch-of-two": (_torch_batchnorm_pair, 1e-9),
    "norm-dropout-bn-test-std": (_monte_carlo_variance_shift, 0.02),  # sampling error well below 2 %
}


def test_every_parameterized_question_has_an_independent_check() -> None:
    assert sorted(q.id for q in PARAMETERIZED) == sorted(INDEPENDENT)


@pytest.mark.parametrize("question", PARAMETERIZED, ids=lambda q: q.id)
@pytest.mark.parametrize("seed", (None, *SEEDS))
def test_answer_matches_an_independent_computation(question: Question, seed: int | None) -> None:
    instance = instantiate(question, seed)
    compute, rel = INDEPENDENT[question.id]
    assert_close(instance.answer, compute(instance.params), rel=rel)


# --- the shape of these files ------------------------------------------------------------------------------


def test_the_files_hold_enough_questions_and_open_ones() -> None:
    assert {q.file.name for q in OURS} == set(FILES)
    kinds = Counter(q.kind for q in OURS)
    assert len(OURS) >= 70, kinds
    assert kinds["self-graded"] >= 32, kinds


@pytest.mark.parametrize("theme", THEMES)
def test_each_theme_has_two_kinds_at_least(theme: str) -> None:
    tagged = [q for q in OURS if theme in q.tags]
    assert len(tagged) >= 2
    assert len({q.kind for q in tagged}) >= 2


def test_generators_live_in_their_own_module() -> None:
    for question in PARAMETERIZED:
        assert all_generators()[question.generator].solve.__module__.endswith(".interview_a")


@pytest.mark.parametrize("question", [q for q in OURS if q.kind == "self-graded"], ids=lambda q: q.id)
def test_open_questions_carry_a_rubric_and_a_model_answer(question: Question) -> None:
    assert 3 <= len(question.key_points) <= 6
    assert len(question.answer.en.split(". ")) >= 3, "a model answer of several sentences"
    assert question.answer.ru != question.answer.en


@pytest.mark.parametrize("question", OURS, ids=lambda q: q.id)
def test_every_question_is_tagged_with_one_of_the_themes(question: Question) -> None:
    assert set(question.tags) & set(THEMES)


# --- both languages say the same thing: same numbers, same formulas, in every text of every question --------

NUMBER = re.compile(r"(?<![\w.])[-−]?\d+(?:\.\d+)?(?:e[-+]?\d+)?")
MATH = set("=·²√^∂∇‖≈≤≥×⁻¹")


def _formulas(text: str) -> set[str]:
    tokens = (token.strip(".,;:()«»\"'") for token in text.split())
    return {t for t in tokens if any(c in MATH for c in t) and not re.search("[а-яё]", t, re.IGNORECASE)}


def _text_pairs(question: Question) -> list[tuple[str, str, str]]:
    instance = instantiate(question)
    pairs = [("prompt", instance.prompt("en"), instance.prompt("ru")),
             ("explanation", instance.explanation("en"), instance.explanation("ru"))]
    if question.kind == "self-graded":
        pairs.append(("answer", question.answer.en, question.answer.ru))
    for field in ("key_points", "choices", "hints"):
        pairs += [(f"{field}[{i}]", text.en, text.ru) for i, text in enumerate(getattr(question, field), 1)]
    pairs += [(f"mistakes[{i}]", m.feedback.en, m.feedback.ru) for i, m in enumerate(question.mistakes, 1)]
    return pairs


@pytest.mark.parametrize("question", OURS, ids=lambda q: q.id)
def test_english_and_russian_show_the_same_numbers_and_formulas(question: Question) -> None:
    for field, en, ru in _text_pairs(question):
        assert Counter(NUMBER.findall(en)) == Counter(NUMBER.findall(ru)), f"{field}: numbers differ"
        assert _formulas(en) == _formulas(ru), f"{field}: formulas differ: {_formulas(en) ^ _formulas(ru)}"


def test_the_parity_check_sees_a_difference() -> None:
    assert Counter(NUMBER.findall("lr = 0.1, 10 steps")) != Counter(NUMBER.findall("lr = 0.01, 10 шагов"))
    assert _formulas("w ← w − lr·g") != _formulas("w ← w − lr·градиент")
