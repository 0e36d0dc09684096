"""Linear against torch.nn.Linear (our W is torch's weight transposed: (in, out))."""

from __future__ import annotations

import math

import numpy as np
import pytest

from quizprep.engine import Linear, gradcheck


def torch_twin(torch, layer: Linear):
    """A torch.nn.Linear holding the same numbers (weight = Wᵀ)."""
    twin = torch.nn.Linear(layer.in_features, layer.out_features, bias=layer.b is not None).double()
    with torch.no_grad():
        twin.weight.copy_(torch.as_tensor(np.asarray(layer.W.data)).T)
        if layer.b is not None:
            twin.bias.copy_(torch.as_tensor(np.asarray(layer.b.data)))
    return twin


@pytest.mark.parametrize("batch", [1, 8])
@pytest.mark.parametrize("bias", [True, False])
def test_linear_matches_torch_and_accumulates(batch, bias, backend, ref, rng):
    layer = Linear(5, 3, bias=bias, rng=0)
    twin = torch_twin(ref.torch, layer)
    layer.to(backend.target())
    x = rng.normal(size=(batch, 5))
    g1, g2 = rng.normal(size=(batch, 3)), rng.normal(size=(batch, 3))

    y_ref, dx_ref = ref.run(twin, x, g1)
    y = layer(backend(x))
    dx = layer.backward(backend(g1))
    backend.check_type(y)
    backend.check_type(layer.W.grad)
    assert tuple(y.shape) == (batch, 3) and tuple(dx.shape) == (batch, 5)
    np.testing.assert_allclose(backend.numpy(y), y_ref, rtol=1e-12)
    np.testing.assert_allclose(backend.numpy(dx), dx_ref, rtol=1e-12)
    np.testing.assert_allclose(backend.numpy(layer.W.grad), twin.weight.grad.numpy().T, rtol=1e-12)
    if bias:
        np.testing.assert_allclose(backend.numpy(layer.b.grad), twin.bias.grad.numpy(), rtol=1e-12)
    else:
        assert layer.b is None and len(layer.parameters()) == 1

    # calling backward again ACCUMULATES (+=), like torch's .grad
    grad_before = layer.W.grad
    layer(backend(x))
    layer.backward(backend(g2))
    ref.run(twin, x, g2)
    assert layer.W.grad is grad_before  # updated in place, not replaced
    np.testing.assert_allclose(backend.numpy(layer.W.grad), twin.weight.grad.numpy().T, rtol=1e-12)
    if bias:
        np.testing.assert_allclose(backend.numpy(layer.b.grad), twin.bias.grad.numpy(), rtol=1e-12)


def test_linear_leading_dimensions(backend, ref, rng):
    layer = Linear(4, 2, rng=1)
    twin = torch_twin(ref.torch, layer)
    layer.to(backend.target())
    x, g = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 3, 2))
    y_ref, dx_ref = ref.run(twin, x, g)
    np.testing.assert_allclose(backend.numpy(layer(backend(x))), y_ref, rtol=1e-12)
    np.testing.assert_allclose(backend.numpy(layer.backward(backend(g))), dx_ref, rtol=1e-12)
    np.testing.assert_allclose(backend.numpy(layer.W.grad), twin.weight.grad.numpy().T, rtol=1e-12)


def test_linear_init_like_torch():
    layer = Linear(400, 300, rng=0)
    bound = 1 / math.sqrt(400)
    assert layer.W.data.shape == (400, 300) and layer.b.data.shape == (300,)
    assert layer.W.data.dtype == np.float64
    assert np.abs(layer.W.data).max() <= bound and np.abs(layer.b.data).max() <= bound
    np.testing.assert_allclose(layer.W.data.std(), bound / math.sqrt(3), rtol=0.02)  # std of U(-a, a)
    np.testing.assert_array_equal(Linear(400, 300, rng=0).W.data, layer.W.data)  # seeded
    assert not np.array_equal(Linear(400, 300, rng=1).W.data, layer.W.data)


def test_linear_can_skip_input_gradient(rng):
    layer = Linear(3, 2, rng=0)
    layer.needs_input_grad = False
    x = rng.normal(size=(4, 3))
    layer(x)
    assert layer.backward(np.ones((4, 2))) is None
    np.testing.assert_allclose(layer.W.grad, x.T @ np.ones((4, 2)))


@pytest.mark.parametrize("fast", [True, False])
def test_linear_gradcheck(fast, backend, rng):
    layer = Linear(4, 3, rng=0).to(backend.target())
    assert gradcheck(layer, backend(rng.normal(size=(2, 4))), fast=fast)
