"""Generators of the init, optimizer, preprocessing, batchnorm, dropout, regularisation and learning-rate
questions: the default instance reproduces the question's own numbers, seeds draw new ones, and every
answer agrees with an independent computation (torch.optim, torch.nn, numpy), not with the engine again.
Also checks the facts behind the 'spot the bug' questions about the notes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from torch_support import require_torch

from quizprep.bank.generators import all_generators
from quizprep.bank.instance import instantiate
from quizprep.bank.loader import load_bank
from quizprep.bank.model import Question

TOPICS = {"init", "optimizers", "preprocessing", "batchnorm", "dropout", "regularization", "learning-rate"}
BANK = load_bank(include_env=False)
# figures (test_figures.py) and the interview questions' generators (module interview_a) have their own test module
PARAMETERIZED = [q for q in BANK if q.topic in TOPICS and q.is_parameterized and not q.figure
                 and not all_generators()[q.generator].solve.__module__.endswith(".interview_a")]
SEEDS = (1, 2, 3, 4, 5)


def assert_close(actual: Any, expected: Any, rel: float = 1e-9, abs_: float = 1e-12) -> None:
    np.testing.assert_allclose(np.atleast_1d(np.asarray(actual, dtype=float)),
                               np.atleast_1d(np.asarray(expected, dtype=float)), rtol=rel, atol=abs_)


# --- the notes' own numbers: default instances, checked against values worked out by hand ---------------

DEFAULT_ANSWERS: dict[str, Any] = {
    "sgd-one-step": [0.47, -1.12, 1.85],
    "momentum-two-steps": 0.46,  # w1 = 1 - 0.1*2 = 0.8; buf = 0.9*2 + 1.6 = 3.4; w2 = 0.8 - 0.34
    "nesterov-two-steps": 0.2224,  # w1 = 1 - 0.1*(2 + 1.8) = 0.62; buf = 1.8 + 1.24; w2 = 0.62 - 0.1*(1.24 + 2.736)
    "adagrad-three-steps": 1 - 0.1 * 2 / 2 + 0.1 * 1 / math.sqrt(5) - 0.1 * 0.5 / math.sqrt(5.25),
    "rmsprop-two-steps": 1 - 0.01 * 2 / math.sqrt(0.4) + 0.01 * 1 / math.sqrt(0.46),
    # step 1 is lr·sign(g); step 2: m̂ = 0.08/0.19, v̂ = 0.004996/0.001999
    "adam-two-steps": 0.9 - 0.1 * (0.08 / 0.19) / (math.sqrt(0.004996 / 0.001999) + 1e-8),
    "adam-state-mib": 2 * 25_000_000 * 4 / 2**20,
    "init-depth-variance": 0.64**4,
    "init-neuron-output-std": math.sqrt(10),
    "init-xavier-torch-std": math.sqrt(2 / 400),
    "init-he-std": 0.0625,
    "preprocessing-test-point": 1.0,
    "batchnorm-train-forward": [2 * (v - 3) / math.sqrt(3.5 + 1e-5) + 0.5 for v in (1, 2, 3, 6)],
    "batchnorm-running-stats": [0.3, 0.9 + 0.1 * 14 / 3],
    "batchnorm-eval-forward": [1.5 * (v - 2) / math.sqrt(4 + 1e-5) - 1 for v in (0, 2, 5)],
    "dropout-forward-values": [4 / 3, 0, 4, 2 / 3],
    "weight-penalties-values": [1.875, 2.65625],
    "weight-decay-step": [-0.006, -0.0045, 0.00175],
    "lr-step-decay": 0.0125,
    "lr-exp-decay": 0.1 / math.e,
    "lr-gd-parabola": (-1.4) ** 5,
}


def test_every_parameterized_question_has_a_worked_default() -> None:
    assert sorted(q.id for q in PARAMETERIZED) == sorted(DEFAULT_ANSWERS)


@pytest.mark.parametrize("question_id", sorted(DEFAULT_ANSWERS))
def test_default_instance_uses_the_questions_numbers(question_id: str) -> None:
    question = BANK.get(question_id)
    instance = instantiate(question)
    assert instance.params == question.params
    assert_close(instance.answer, DEFAULT_ANSWERS[question_id], rel=1e-9, abs_=1e-12)


@pytest.mark.parametrize("question", PARAMETERIZED, ids=lambda q: q.id)
def test_seeds_draw_new_numbers_reproducibly(question: Question) -> None:
    default = instantiate(question)
    drawn = [instantiate(question, seed) for seed in SEEDS]
    assert any(d.params != question.params for d in drawn)
    assert any(not np.allclose(np.atleast_1d(d.answer), np.atleast_1d(default.answer))
               for d in drawn if np.size(d.answer) == np.size(default.answer))
    for d in drawn:
        assert set(d.params) == set(question.params), "a draw must give every parameter the prompt uses"
        assert instantiate(question, d.seed).params == d.params  # the same seed, the same numbers


# --- independent computations, for the default and for every seed ----------------------------------------


def _torch_optimizer_run(make: Callable[[Any, list[Any]], Any], w0: Any, grads: Any = None, k: float | None = None,
                         steps: int = 0) -> list[float]:
    """Run a torch.optim optimizer on a float64 tensor; gradients given, or by autograd on k/2·w²."""
    torch = require_torch()
    w = torch.tensor(np.atleast_1d(np.asarray(w0, dtype=np.float64)), requires_grad=True)
    optimizer = make(torch, [w])
    for step in range(len(grads) if grads is not None else steps):
        optimizer.zero_grad()
        if grads is None:
            (k / 2 * (w * w).sum()).backward()
        else:
            w.grad = torch.tensor(np.atleast_1d(np.asarray(grads[step], dtype=np.float64)))
        optimizer.step()
    return w.detach().numpy().tolist()


def _batchnorm(p: dict[str, Any], training: bool) -> Any:
    torch = require_torch()
    layer = torch.nn.BatchNorm1d(1, momentum=p.get("momentum", 0.1)).double()
    with torch.no_grad():
        layer.weight.fill_(p.get("gamma", 1.0))
        layer.bias.fill_(p.get("beta", 0.0))
        layer.running_mean.fill_(p.get("running_mean", 0.0))
        layer.running_var.fill_(p.get("running_var", 1.0))
    layer.train(training)
    x = torch.tensor(p["x"], dtype=torch.float64).reshape(-1, 1)
    with torch.no_grad():
        y = layer(x)
    return layer, y[:, 0].numpy().tolist()


def _scheduled_lr(p: dict[str, Any], make: Callable[[Any, Any], Any]) -> float:
    torch = require_torch()
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=p["lr0"])
    scheduler = make(torch, optimizer)
    for _ in range(p["epoch"]):
        optimizer.step()
        scheduler.step()
    return optimizer.param_groups[0]["lr"]


def _torch_init_std(p: dict[str, Any], init: Callable[[Any, Any], Any]) -> float:
    """Empirical std of a torch initialiser on an nn.Linear(fan_in, fan_out) weight, pooled over redraws."""
    torch = require_torch()
    torch.manual_seed(0)
    weight = torch.empty(p["fan_out"], p["fan_in"], dtype=torch.float64)  # torch's Linear layout (out, in)
    samples = []
    for _ in range(max(1, 200_000 // weight.numel())):
        init(torch, weight)
        samples.append(weight.flatten().clone())
    return float(torch.cat(samples).std())


def _unbiased(values: list[float]) -> tuple[float, float]:
    torch = require_torch()
    x = torch.tensor(values, dtype=torch.float64)
    return float(x.mean()), float(x.std())  # torch.std divides by N - 1 by default, as the notes do


INDEPENDENT: dict[str, tuple[Callable[[dict[str, Any]], Any], float]] = {
    "sgd-one-step": (lambda p: _torch_optimizer_run(lambda t, ps: t.optim.SGD(ps, lr=p["lr"]), p["w"],
                                                    [p["grad"]]), 1e-12),
    "momentum-two-steps": (lambda p: _torch_optimizer_run(
        lambda t, ps: t.optim.SGD(ps, lr=p["lr"], momentum=p["momentum"]), p["w0"], k=p["k"],
        steps=p["steps"]), 1e-12),
    "nesterov-two-steps": (lambda p: _torch_optimizer_run(
        lambda t, ps: t.optim.SGD(ps, lr=p["lr"], momentum=p["momentum"], nesterov=True), p["w0"], k=p["k"],
        steps=p["steps"]), 1e-12),
    "adagrad-three-steps": (lambda p: _torch_optimizer_run(lambda t, ps: t.optim.Adagrad(ps, lr=p["lr"]),
                                                           p["w0"], p["grads"]), 1e-12),
    "rmsprop-two-steps": (lambda p: _torch_optimizer_run(
        lambda t, ps: t.optim.RMSprop(ps, lr=p["lr"], alpha=p["rho"]), p["w0"], p["grads"]), 1e-12),
    "adam-two-steps": (lambda p: _torch_optimizer_run(
        lambda t, ps: t.optim.Adam(ps, lr=p["lr"], betas=(p["beta1"], p["beta2"])), p["w0"], p["grads"]), 1e-12),
    "weight-decay-step": (lambda p: np.asarray(_torch_optimizer_run(
        lambda t, ps: t.optim.SGD(ps, lr=p["lr"], weight_decay=p["weight_decay"]), p["w"], [p["grad"]]))
        - np.asarray(p["w"]), 1e-9),
    "lr-gd-parabola": (lambda p: _torch_optimizer_run(lambda t, ps: t.optim.SGD(ps, lr=p["lr"]), p["w0"],
                                                      k=p["k"], steps=p["steps"]), 1e-12),
    "batchnorm-train-forward": (lambda p: _batchnorm(p, training=True)[1], 1e-9),
    "batchnorm-eval-forward": (lambda p: _batchnorm(p, training=False)[1], 1e-9),
    "batchnorm-running-stats": (lambda p: [float(_batchnorm(p, training=True)[0].running_mean[0]),
                                           float(_batchnorm(p, training=True)[0].running_var[0])], 1e-9),
    "lr-step-decay": (lambda p: _scheduled_lr(p, lambda t, o: t.optim.lr_scheduler.StepLR(
        o, step_size=p["every"], gamma=p["factor"])), 1e-9),
    "lr-exp-decay": (lambda p: _scheduled_lr(p, lambda t, o: t.optim.lr_scheduler.ExponentialLR(
        o, gamma=math.exp(-p["alpha"]))), 1e-9),
    "init-xavier-torch-std": (lambda p: _torch_init_std(p, lambda t, w: t.nn.init.xavier_normal_(w)), 0.02),
    "init-he-std": (lambda p: _torch_init_std(
        p, lambda t, w: t.nn.init.kaiming_normal_(w, mode="fan_in", nonlinearity="relu")), 0.02),
    "preprocessing-test-point": (lambda p: (p["x_new"] - _unbiased(p["train"])[0]) / _unbiased(p["train"])[1],
                                 1e-9),
    "weight-penalties-values": (lambda p: [p["lam"] * sum(abs(v) for v in p["w"]),
                                           p["lam"] * sum(v * v for v in p["w"])], 1e-12),
    "dropout-forward-values": (lambda p: [v / (1 - p["p"]) if keep else 0.0 for v, keep in zip(p["x"], p["mask"])],
                               1e-12),
    "adam-state-mib": (lambda p: _adam_state_bytes(p["n_params"]) / 2**20, 1e-12),
    "init-depth-variance": (lambda p: float(np.prod([p["n"] * p["a"] ** 2] * p["layers"])), 1e-9),
    "init-neuron-output-std": (lambda p: math.sqrt(p["n"] * p["a"] ** 2), 1e-12),
}


def _adam_state_bytes(n_params: int) -> int:
    """Bytes of torch.optim.Adam's state for n float32 parameters, counted from a real (small) optimizer."""
    torch = require_torch()
    w = torch.zeros(10, dtype=torch.float32, requires_grad=True)
    w.grad = torch.ones_like(w)
    optimizer = torch.optim.Adam([w])
    optimizer.step()
    per_param = sum(t.element_size() * t.numel() for t in optimizer.state[w].values()
                    if torch.is_tensor(t) and t.numel() == w.numel())
    return per_param // w.numel() * n_params


def test_every_parameterized_question_has_an_independent_check() -> None:
    assert sorted(q.id for q in PARAMETERIZED) == sorted(INDEPENDENT)


@pytest.mark.parametrize("question", PARAMETERIZED, ids=lambda q: q.id)
@pytest.mark.parametrize("seed", (None, *SEEDS))
def test_answer_matches_an_independent_computation(question: Question, seed: int | None) -> None:
    instance = instantiate(question, seed)
    compute, rel = INDEPENDENT[question.id]
    assert_close(instance.answer, compute(instance.params), rel=rel, abs_=1e-12)


# --- the facts behind the 'spot the bug' questions ---------------------------------------------------------


def test_notes_rmsprop_product_never_leaves_zero() -> None:
    rho, accumulated = 0.9, 0.0
    for gradient in (2.0, -1.0, 0.5):
        accumulated = rho * accumulated * (1 - rho) * gradient**2  # 000's line, verbatim
        assert accumulated == 0.0


def test_notes_adagrad_without_accumulation_is_sign_sgd() -> None:
    lr, w = 0.1, 1.0
    for gradient in (2.0, -1.0, 0.5):
        accumulated = gradient**2  # 000's line, verbatim
        step = lr / math.sqrt(accumulated) * gradient
        assert step == pytest.approx(lr * math.copysign(1.0, gradient))
        w -= step
    assert w == pytest.approx(BANK.get("adagrad-three-steps").mistakes[0].answer)


def test_notes_adam_answer_is_a_listed_mistake() -> None:
    lr, w, velocity, accumulated = 0.1, 1.0, 0.0, 0.0
    for gradient in (2.0, -1.0):  # the question's default gradients, the notes' update
        velocity = 0.9 * velocity + 0.1 * gradient
        accumulated = 0.999 * accumulated + 0.001 * gradient**2
        w -= lr / math.sqrt(accumulated) * velocity
    assert w == pytest.approx(BANK.get("adam-two-steps").mistakes[0].answer, rel=1e-6)


def test_notes_velocity_equals_minus_lr_times_torch_buffer() -> None:
    torch = require_torch()
    lr, mu, k = 0.1, 0.9, 2.0
    w = torch.tensor([1.0], dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([w], lr=lr, momentum=mu)
    notes_w, velocity = 1.0, 0.0
    for _ in range(5):
        velocity = mu * velocity - lr * k * notes_w
        notes_w = notes_w + velocity  # w = w + velocity (000 has a garbled operator here)
        optimizer.zero_grad()
        (k / 2 * w * w).sum().backward()
        optimizer.step()
        assert velocity == pytest.approx(-lr * float(optimizer.state[w]["momentum_buffer"][0]))
        assert notes_w == pytest.approx(float(w.detach()[0]))


def test_torch_xavier_is_not_the_notes_one_over_sqrt_fan_in() -> None:
    xavier = BANK.get("init-xavier-torch-std")
    answer = instantiate(xavier).answer
    assert answer == pytest.approx(math.sqrt(2 / (300 + 100)))
    assert abs(answer - 1 / math.sqrt(300)) > 0.01  # the notes' value is a listed mistake, far outside tolerance


def test_notes_he_formula_is_kaiming() -> None:
    for n in (64, 300, 512):
        assert 1 / math.sqrt(n / 2) == pytest.approx(math.sqrt(2 / n))


def test_batchnorm_running_var_is_unbiased_and_momentum_weighs_the_batch() -> None:
    layer, _ = _batchnorm({"x": [1, 2, 3, 6], "momentum": 0.1}, training=True)
    assert float(layer.running_mean[0]) == pytest.approx(0.1 * 3)
    assert float(layer.running_var[0]) == pytest.approx(0.9 + 0.1 * np.var([1, 2, 3, 6], ddof=1))


def test_inverted_dropout_needs_no_test_time_scaling() -> None:
    torch = require_torch()
    torch.manual_seed(0)
    layer = torch.nn.Dropout(p=0.5)
    x = torch.ones(200_000, dtype=torch.float64)
    assert float(layer(x).mean()) == pytest.approx(1.0, abs=0.01)  # training: mean kept by 1/(1 - p)
    layer.eval()
    assert torch.equal(layer(x), x)  # eval: identity — no 'divide by the dropout probability'


def test_zero_init_with_tanh_never_moves_the_hidden_weights() -> None:
    torch = require_torch()
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Tanh(), torch.nn.Linear(8, 3))
    for p in net.parameters():
        torch.nn.init.zeros_(p)
    optimizer = torch.optim.SGD(net.parameters(), lr=0.5)
    x, y = torch.randn(16, 4), torch.randint(0, 3, (16,))
    for _ in range(20):
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(net(x), y).backward()
        optimizer.step()
    assert torch.count_nonzero(net[0].weight) == 0 and torch.count_nonzero(net[2].weight) == 0
    assert torch.count_nonzero(net[2].bias) > 0  # only the output bias learns


def test_zero_init_with_sigmoid_keeps_hidden_units_identical() -> None:
    torch = require_torch()
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Sigmoid(), torch.nn.Linear(8, 3)).double()
    for p in net.parameters():
        torch.nn.init.zeros_(p)
    optimizer = torch.optim.SGD(net.parameters(), lr=0.5)
    x, y = torch.randn(16, 4, dtype=torch.float64), torch.randint(0, 3, (16,))
    for _ in range(5):
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(net(x), y).backward()
        optimizer.step()
    rows = net[0].weight.detach()
    assert torch.count_nonzero(rows) > 0  # the weights do move...
    assert torch.allclose(rows, rows[0].expand_as(rows), rtol=0, atol=1e-12)  # ...but every unit the same way


def test_numpy_and_torch_std_divisors() -> None:
    torch = require_torch()
    x = [2.0, 4.0, 4.0, 5.0, 10.0]
    assert np.std(x) == pytest.approx(math.sqrt(36 / 5))  # numpy: divisor N by default
    assert float(torch.tensor(x).std()) == pytest.approx(3.0)  # torch: N - 1, the notes' σ


def test_lr_max_stable_threshold() -> None:
    k = 4.0
    for lr, converges in ((0.49, True), (0.51, False)):  # 2/k = 0.5
        w = 1.0
        for _ in range(2000):
            w -= lr * k * w
        assert (abs(w) < 1e-3) == converges
