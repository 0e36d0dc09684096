"""The engine's speed helpers give exactly what the plain NumPy expressions give, on the threaded path too."""

from __future__ import annotations

import numpy as np
import pytest

from quizprep.engine import fast_paths
from quizprep.engine.fast_paths import softmax_last_, stacked_matmul

SHAPES = [  # (a, b): big enough for the split path (≥ 65,536 numbers in the result), and broadcasting ones
    ((16, 64, 96), (16, 96, 80)),
    ((2, 8, 64, 32), (2, 8, 32, 64)),
    ((2, 8, 64, 32), (1, 8, 32, 64)),
    ((64, 48), (4, 48, 300)),
    ((3, 5), (5, 4)),  # tiny: computed directly
]


@pytest.mark.parametrize(("a_shape", "b_shape"), SHAPES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_stacked_matmul_equals_matmul(a_shape, b_shape, dtype):
    rng = np.random.default_rng(0)
    a = rng.standard_normal(a_shape).astype(dtype)
    b = rng.standard_normal(b_shape).astype(dtype)
    got = stacked_matmul(a, b)
    want = a @ b
    assert got.shape == want.shape and got.dtype == want.dtype
    np.testing.assert_allclose(got, want, rtol=1e-5 if dtype == np.float32 else 1e-12, atol=1e-5)


def test_the_split_path_is_taken_when_threadpoolctl_sees_several_blas_threads(monkeypatch):
    """Force two worker threads so the split itself is exercised whatever this machine's BLAS reports."""
    pytest.importorskip("threadpoolctl")
    from concurrent.futures import ThreadPoolExecutor

    setup = fast_paths._blas_setup()
    if setup["controller"] is None:
        pytest.skip("no BLAS found by threadpoolctl")
    pool = ThreadPoolExecutor(2)
    monkeypatch.setitem(fast_paths._blas, "pool", pool)
    monkeypatch.setitem(fast_paths._blas, "threads", 2)
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal((9, 128, 64)), rng.standard_normal((9, 64, 128))
    np.testing.assert_allclose(stacked_matmul(a, b), a @ b, rtol=1e-12, atol=1e-12)
    scores = rng.standard_normal((9, 128, 128)) * 30
    expected = np.exp(scores - scores.max(-1, keepdims=True))
    expected /= expected.sum(-1, keepdims=True)
    np.testing.assert_allclose(softmax_last_(scores.copy()), expected, rtol=1e-12, atol=1e-15)
    pool.shutdown()


@pytest.mark.parametrize("shape", [(4, 7), (2, 8, 64, 200)])
def test_softmax_last_is_a_stable_softmax_in_place(shape):
    rng = np.random.default_rng(2)
    scores = rng.standard_normal(shape) * 500  # far beyond exp's range without the shift
    expected = np.exp(scores - scores.max(-1, keepdims=True))
    expected /= expected.sum(-1, keepdims=True)
    out = softmax_last_(scores)
    assert np.isfinite(out).all()
    np.testing.assert_allclose(out, expected, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(out.sum(-1), 1.0, rtol=1e-12)
