"""gradcheck: passes on correct code, fails (and points at the entry) on broken code."""

from __future__ import annotations

import numpy as np
import pytest

from quizprep.engine import Linear, ReLU, Sequential, Tanh, gradcheck


class BrokenLinear(Linear):
    """Linear whose dW is wrong at one entry, (1, 2), and whose dx is fine."""

    def backward(self, grad):
        dx = super().backward(grad)
        self.W.grad[1, 2] += 0.5
        return dx


class BrokenTanh(Tanh):
    """Forgets the square: dy/dx = 1 - y instead of 1 - y²."""

    def backward(self, grad):
        return grad * (1.0 - self.y)


@pytest.mark.parametrize("fast", [True, False])
def test_passes_on_a_correct_network(fast, backend, rng):
    model = Sequential(Linear(3, 4, rng=0), Tanh(), Linear(4, 2, rng=1)).to(backend.target())
    report = gradcheck(model, backend(rng.normal(size=(5, 3))), fast=fast)
    assert report and report.ok and not report.failures
    assert [c.name for c in report.checks] == ["input", "layers.0.W", "layers.0.b", "layers.2.W", "layers.2.b"]
    assert all(c.rel_error < 1e-6 for c in report.checks)
    assert "ok" in str(report)


def test_full_mode_reports_worst_entry(rng):
    layer = BrokenLinear(3, 4, rng=0)
    report = gradcheck(layer, rng.normal(size=(2, 3)), fast=False)
    assert not report
    assert [c.name for c in report.failures] == ["W"]
    index, analytic, numeric = report["W"].worst[0]
    assert index == (1, 2)
    assert analytic - numeric == pytest.approx(0.5, abs=1e-6)
    assert report["input"].ok and report["b"].ok
    assert "FAIL" in str(report) and "(1, 2)" in str(report)


def test_fast_mode_catches_broken_layers(rng):
    assert not gradcheck(BrokenLinear(3, 4, rng=0), rng.normal(size=(2, 3)))
    report = gradcheck(BrokenTanh(), rng.normal(size=(4, 3)))
    assert not report and report.failures[0].name == "input"
    assert report.failures[0].worst[0][0] == "<grad, v>"


def test_fast_mode_cost_is_independent_of_size(rng):
    small = gradcheck(Linear(3, 2, rng=0), rng.normal(size=(2, 3)))
    big = gradcheck(Linear(300, 200, rng=0), rng.normal(size=(2, 300)))
    assert small.evaluations == big.evaluations == 2 * 3  # 2 forwards per tensor: x, W, b
    assert gradcheck(Linear(3, 2, rng=0), rng.normal(size=(2, 3)), fast=False).evaluations == 2 * (6 + 6 + 2)


def test_user_layer_left_as_it_was(rng):
    layer = Linear(3, 2, rng=0).to(dtype="float32")
    layer.W.grad[...] = 7.0
    w = layer.W.data.copy()
    x = rng.normal(size=(4, 3)).astype(np.float32)
    assert gradcheck(layer, x, fast=False)  # checked in float64 on a copy
    np.testing.assert_array_equal(layer.W.grad, 7.0)
    np.testing.assert_array_equal(layer.W.data, w)
    assert layer.W.data.dtype == np.float32 and not hasattr(layer, "x")


def test_plain_function_protocol(rng):
    def product(a, b):
        """y = a * b (elementwise), backward gives (g*b, g*a)."""
        return a * b, lambda g: (g * b, g * a)

    def wrong_square(a):
        return a * a, lambda g: g * a  # should be 2·a·g

    a, b = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    report = gradcheck(product, a, b, fast=False)
    assert report and [c.name for c in report.checks] == ["input[0]", "input[1]"]
    assert gradcheck(product, a, b)
    assert not gradcheck(wrong_square, a)
    assert not gradcheck(wrong_square, a, fast=False)


def test_relu_network_in_torch(torch, rng):
    model = Sequential(Linear(4, 3, rng=0), ReLU(), Linear(3, 2, rng=1)).to("torch")
    x = torch.tensor(rng.normal(size=(3, 4)) + 0.05)
    assert gradcheck(model, x, fast=False)


def test_rejects_non_callables():
    with pytest.raises(TypeError):
        gradcheck(42, np.ones(2))
