"""MaxPool2d / AvgPool2d against torch, including ties (torch sends the gradient to the first maximum)."""

from __future__ import annotations

import numpy as np
import pytest

from quizprep.engine import AvgPool2d, MaxPool2d, gradcheck
from quizprep.engine.reference_loops import maxpool2d_backward_loops, maxpool2d_forward_loops

MAX_CASES = [(2, None, 0), (3, 2, 1), (3, 1, 1), ((3, 2), (1, 2), (1, 0)), (2, 3, 0)]


@pytest.mark.parametrize(("k", "s", "p"), MAX_CASES)
@pytest.mark.parametrize("ties", [False, True])
def test_maxpool_matches_torch(k, s, p, ties, backend, ref, rng):
    # with ties: small integers, so most windows hold several equal maxima
    x = rng.integers(0, 3, size=(2, 3, 7, 6)).astype(float) if ties else rng.normal(size=(2, 3, 7, 6))
    twin = ref.torch.nn.MaxPool2d(k, s, p)
    g = rng.normal(size=tuple(twin(ref.tensor(x)).shape))
    y_ref, dx_ref = ref.run(twin, x, g)
    layer = MaxPool2d(k, s, p)
    y = layer(backend(x))
    dx = layer.backward(backend(g))
    backend.check_type(dx)
    np.testing.assert_array_equal(backend.numpy(y), y_ref)
    np.testing.assert_allclose(backend.numpy(dx), dx_ref, rtol=1e-12, atol=1e-15)


def test_maxpool_gradient_goes_to_one_maximum_only():
    x = np.ones((1, 1, 2, 2))  # all four tie
    layer = MaxPool2d(2)
    layer(x)
    np.testing.assert_array_equal(layer.backward(np.full((1, 1, 1, 1), 5.0))[0, 0], [[5.0, 0.0], [0.0, 0.0]])


@pytest.mark.parametrize(("k", "s", "p"), MAX_CASES)
def test_maxpool_matches_the_loop_reference(k, s, p, rng):
    x = rng.integers(0, 4, size=(2, 2, 7, 6)).astype(float)
    layer = MaxPool2d(k, s, p)
    y = layer(x)
    np.testing.assert_array_equal(y, maxpool2d_forward_loops(x, k, s, p))
    g = rng.normal(size=y.shape)
    np.testing.assert_allclose(layer.backward(g), maxpool2d_backward_loops(g, x, k, s, p), rtol=1e-12)


@pytest.mark.parametrize(("k", "s"), [(2, None), (3, 2), ((2, 3), 1), (3, (1, 2))])
def test_avgpool_matches_torch(k, s, backend, ref, rng):
    x = rng.normal(size=(2, 3, 7, 8))
    twin = ref.torch.nn.AvgPool2d(k, s)
    g = rng.normal(size=tuple(twin(ref.tensor(x)).shape))
    y_ref, dx_ref = ref.run(twin, x, g)
    layer = AvgPool2d(k, s)
    y = layer(backend(x))
    dx = layer.backward(backend(g))
    backend.check_type(y)
    np.testing.assert_allclose(backend.numpy(y), y_ref, rtol=1e-12)
    np.testing.assert_allclose(backend.numpy(dx), dx_ref, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("layer", [MaxPool2d(3, 2, 1), AvgPool2d((2, 3), 1)], ids=["max", "avg"])
def test_pooling_gradcheck(layer, backend, rng):
    assert gradcheck(layer, backend(rng.normal(size=(2, 2, 5, 6))), fast=False)


def test_pooling_rejects_bad_arguments():
    with pytest.raises(ValueError, match="at most half"):
        MaxPool2d(2, padding=2)
    with pytest.raises(ValueError, match=r"\(N, C, H, W\)"):
        MaxPool2d(2)(np.ones((4, 4)))
    with pytest.raises(ValueError, match="larger than the padded input"):
        AvgPool2d(5)(np.ones((1, 1, 3, 3)))
