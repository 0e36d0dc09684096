"""GELU (exact and tanh) and Embedding (repeated indices) against torch."""

from __future__ import annotations

import numpy as np
import pytest

from quizprep.engine import GELU, Embedding, gradcheck


@pytest.mark.parametrize("approximate", ["none", "tanh"])
def test_gelu_matches_torch(approximate, backend, ref, rng):
    x = np.concatenate([rng.normal(scale=3.0, size=20), [0.0, -8.0, 8.0, 40.0, -40.0]]).reshape(5, 5)
    g = rng.normal(size=x.shape)
    y_ref, dx_ref = ref.run(ref.torch.nn.GELU(approximate=approximate), x, g)
    layer = GELU(approximate)
    y = layer(backend(x))
    dx = layer.backward(backend(g))
    backend.check_type(y)
    np.testing.assert_allclose(backend.numpy(y), y_ref, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(backend.numpy(dx), dx_ref, rtol=1e-11, atol=1e-13)  # cancellation near t = -1


@pytest.mark.parametrize("approximate", ["none", "tanh"])
def test_gelu_gradcheck(approximate, backend, rng):
    assert gradcheck(GELU(approximate), backend(rng.normal(size=(3, 4))), fast=False)


def test_gelu_values_and_float32():
    layer = GELU()
    y = layer(np.array([0.0, 1.0, -1.0], dtype=np.float32))
    assert y.dtype == np.float32
    np.testing.assert_allclose(y, [0.0, 0.8413447, -0.1586553], rtol=1e-6)
    with pytest.raises(ValueError, match="none or tanh"):
        GELU("sigmoid")


@pytest.mark.parametrize("index_shape", [(7,), (2, 5), (2, 2, 3)])
def test_embedding_matches_torch_with_repeated_indices(index_shape, backend, ref, rng):
    torch = ref.torch
    layer = Embedding(6, 4, rng=0)
    twin = torch.nn.Embedding(6, 4).double()
    with torch.no_grad():
        twin.weight.copy_(torch.tensor(layer.W.data))
    layer.to(backend.target())
    idx = rng.integers(0, 6, size=index_shape)
    idx.reshape(-1)[:3] = 2  # 2 appears at least three times
    g = rng.normal(size=index_shape + (4,))
    out = twin(torch.tensor(idx))
    out.backward(torch.tensor(g))

    index = backend(idx)
    y = layer(index)
    assert layer.backward(backend(g)) is None
    backend.check_type(y)
    assert tuple(y.shape) == index_shape + (4,)
    np.testing.assert_array_equal(backend.numpy(y), out.detach().numpy())
    np.testing.assert_allclose(backend.numpy(layer.W.grad), twin.weight.grad.numpy(), rtol=1e-12)
    counts = np.bincount(idx.reshape(-1), minlength=6)
    assert np.all(backend.numpy(layer.W.grad)[counts == 0] == 0)  # rows not looked up get no gradient


def test_embedding_accumulates_and_gradchecks(rng):
    layer = Embedding(5, 3, rng=1)
    idx = np.array([[0, 0, 0], [4, 0, 1]])
    g = np.ones((2, 3, 3))
    layer(idx)
    layer.backward(g)
    layer(idx)
    layer.backward(g)
    np.testing.assert_array_equal(layer.W.grad[0], 2 * 4.0)  # four lookups, two passes
    report = gradcheck(layer, idx, fast=False)
    assert report and [c.name for c in report.checks] == ["W"]
    assert "input not checked" in report.notes[0]


def test_embedding_init_and_errors(rng):
    layer = Embedding(1000, 20, rng=0)
    assert layer.W.shape == (1000, 20)
    np.testing.assert_allclose(layer.W.data.std(), 1.0, rtol=0.03)  # N(0, 1) like torch
    with pytest.raises(IndexError, match=r"\[0, 1000\).*max 1000"):
        layer(np.array([1, 1000]))
    with pytest.raises(IndexError, match="min -1"):
        layer(np.array([-1]))
    with pytest.raises(TypeError, match="integer indices"):
        layer(np.array([0.0, 1.0]))
