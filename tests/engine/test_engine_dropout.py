"""Dropout: inverted scaling, identity in eval, the stored mask used by backward, seeded RNG."""

from __future__ import annotations

import numpy as np
import pytest

from quizprep.engine import Dropout, Rng


@pytest.mark.parametrize("p", [0.2, 0.5, 0.9])
def test_dropout_mask_statistics_and_backward(p, backend):
    layer = Dropout(p, rng=0)
    x = backend(np.full((200, 500), 2.0))
    y = layer(x)
    backend.check_type(y)
    y_np = backend.numpy(y)
    kept = y_np != 0
    np.testing.assert_allclose(y_np[kept], 2.0 / (1 - p))  # survivors scaled by 1/(1-p)
    assert abs((~kept).mean() - p) < 0.01  # fraction zeroed ≈ p
    assert abs(y_np.mean() - 2.0) < 0.05 * 2.0 / (1 - p)  # E[y] = x
    g = np.arange(200 * 500, dtype=np.float64).reshape(200, 500)
    dx = backend.numpy(layer.backward(backend(g)))
    np.testing.assert_allclose(dx, g * y_np / 2.0)  # the same mask forward drew


def test_dropout_eval_and_edge_probabilities(backend, rng):
    x = backend(rng.normal(size=(4, 5)))
    layer = Dropout(0.5, rng=1).eval()
    assert layer(x) is x and layer.backward(x) is x
    layer.train()
    assert not np.allclose(backend.numpy(layer(x)), backend.numpy(x))

    zero = Dropout(1.0)
    np.testing.assert_array_equal(backend.numpy(zero(x)), 0.0)
    np.testing.assert_array_equal(backend.numpy(zero.backward(x)), 0.0)
    identity = Dropout(0.0)
    np.testing.assert_array_equal(backend.numpy(identity(x)), backend.numpy(x))
    with pytest.raises(ValueError):
        Dropout(1.5)


def test_dropout_seeded_reproducible(backend):
    x = backend(np.ones((10, 10)))
    a, b, c = Dropout(0.5, rng=7), Dropout(0.5, rng=7), Dropout(0.5, rng=8)
    ya, yb = backend.numpy(a(x)), backend.numpy(b(x))
    np.testing.assert_array_equal(ya, yb)
    assert not np.array_equal(ya, backend.numpy(c(x)))
    assert not np.array_equal(ya, backend.numpy(a(x)))  # the next call draws a new mask


def test_dropout_tensors_use_torch_rng(torch):
    x = torch.ones(1000, dtype=torch.float64)
    torch.manual_seed(3)
    first = Dropout(0.5)(x)
    torch.manual_seed(3)
    np.testing.assert_array_equal(Dropout(0.5)(x).numpy(), first.numpy())  # rng=None: torch's global RNG
    gen = torch.Generator().manual_seed(5)
    assert isinstance(Dropout(0.5, rng=gen)(x), torch.Tensor)
    assert isinstance(Dropout(0.5, rng=Rng(5))(x), torch.Tensor)


def test_dropout_in_float32(backend):
    x = backend(np.ones((3, 4), dtype=np.float32))
    assert Dropout(0.3, rng=0)(x).dtype == x.dtype
