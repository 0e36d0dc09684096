"""ScaledDotProductAttention and MultiheadAttention against torch (float64)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from quizprep.engine import MultiheadAttention, ScaledDotProductAttention, gradcheck


def _causal(tq: int, tk: int) -> np.ndarray:
    return np.tril(np.ones((tq, tk), dtype=bool))


def _reference_sdpa(torch, q, k, v, mask, g):
    qt, kt, vt = (torch.tensor(a, requires_grad=True) for a in (q, k, v))
    out = torch.nn.functional.scaled_dot_product_attention(
        qt, kt, vt, attn_mask=None if mask is None else torch.tensor(mask))
    out.backward(torch.tensor(g))
    return out.detach().numpy(), [t.grad.numpy() for t in (qt, kt, vt)]


MASKS = {
    "none": lambda tq, tk, rng: None,
    "causal": lambda tq, tk, rng: _causal(tq, tk),
    "random-per-batch": lambda tq, tk, rng: (rng.random((2, 1, tq, tk)) < 0.6) | _causal(tq, tk),
}


@pytest.mark.parametrize("mask_kind", list(MASKS))
@pytest.mark.parametrize(("tq", "tk", "d", "dv"), [(5, 5, 4, 4), (3, 6, 8, 2)])
def test_sdpa_matches_torch(mask_kind, tq, tk, d, dv, backend, ref, rng):
    q, k = rng.normal(size=(2, 3, tq, d)), rng.normal(size=(2, 3, tk, d))
    v, g = rng.normal(size=(2, 3, tk, dv)), rng.normal(size=(2, 3, tq, dv))
    mask = MASKS[mask_kind](tq, tk, rng)
    out_ref, grads_ref = _reference_sdpa(ref.torch, q, k, v, mask, g)
    layer = ScaledDotProductAttention()
    out = layer(backend(q), backend(k), backend(v), mask=None if mask is None else backend(mask))
    grads = layer.backward(backend(g))
    backend.check_type(out)
    np.testing.assert_allclose(backend.numpy(out), out_ref, rtol=1e-10, atol=1e-12)
    for ours, theirs in zip(grads, grads_ref, strict=True):
        backend.check_type(ours)
        np.testing.assert_allclose(backend.numpy(ours), theirs, rtol=1e-9, atol=1e-12)
    if mask is not None:  # masked keys get exactly zero weight
        weights = backend.numpy(layer.weights)
        assert np.all(weights[~np.broadcast_to(mask, weights.shape)] == 0.0)


def test_sdpa_scales_by_sqrt_d_and_masks_future(rng):
    q, k, v = rng.normal(size=(1, 4, 16)), rng.normal(size=(1, 4, 16)), rng.normal(size=(1, 4, 3))
    layer = ScaledDotProductAttention()
    layer(q, k, v)
    s = q[0] @ k[0].T / math.sqrt(16)
    expected = np.exp(s - s.max(axis=1, keepdims=True))
    np.testing.assert_allclose(layer.weights[0], expected / expected.sum(axis=1, keepdims=True), rtol=1e-12)
    out = layer(q, k, v, mask=_causal(4, 4))
    np.testing.assert_allclose(out[0, 0], v[0, 0], rtol=1e-12)  # the first query sees only the first key


def test_sdpa_float_mask_is_added(ref, rng):
    q, k, v = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 5, 4)), rng.normal(size=(2, 5, 2))
    bias = rng.normal(size=(3, 5))
    torch = ref.torch
    expected = torch.nn.functional.scaled_dot_product_attention(
        torch.tensor(q), torch.tensor(k), torch.tensor(v), attn_mask=torch.tensor(bias))
    np.testing.assert_allclose(ScaledDotProductAttention()(q, k, v, bias), expected.numpy(), rtol=1e-10)


def test_sdpa_gradcheck_with_mask_and_broadcast_k(backend, rng):
    q = backend(rng.normal(size=(2, 3, 4)))
    k, v = backend(rng.normal(size=(1, 5, 4))), backend(rng.normal(size=(1, 5, 2)))  # shared over the batch
    mask = backend((rng.random((3, 5)) < 0.7) | np.eye(3, 5, dtype=bool))
    report = gradcheck(ScaledDotProductAttention(), q, k, v, mask, fast=False)
    assert report, str(report)
    assert [c.name for c in report.checks] == ["input[0]", "input[1]", "input[2]"]


def torch_twin(torch, layer: MultiheadAttention):
    """torch.nn.MultiheadAttention(batch_first=True) with the same numbers (our W is (in, out))."""
    twin = torch.nn.MultiheadAttention(layer.embed_dim, layer.num_heads, batch_first=True).double()
    projections = (layer.q_proj, layer.k_proj, layer.v_proj)
    with torch.no_grad():
        twin.in_proj_weight.copy_(torch.tensor(np.concatenate([p.W.data.T for p in projections])))
        twin.in_proj_bias.copy_(torch.tensor(np.concatenate([p.b.data for p in projections])))
        twin.out_proj.weight.copy_(torch.tensor(layer.out_proj.W.data.T))
        twin.out_proj.bias.copy_(torch.tensor(layer.out_proj.b.data))
    return twin


def _randomise_biases(layer, rng):
    for proj in (layer.q_proj, layer.k_proj, layer.v_proj, layer.out_proj):
        proj.b.data[...] = rng.normal(size=proj.b.shape)


@pytest.mark.parametrize("masked", [False, True])
def test_multihead_self_attention_matches_torch(masked, backend, ref, rng):
    torch = ref.torch
    layer = MultiheadAttention(8, 2, rng=0)
    _randomise_biases(layer, rng)
    twin = torch_twin(torch, layer)
    layer.to(backend.target())
    x, g = rng.normal(size=(3, 5, 8)), rng.normal(size=(3, 5, 8))
    mask = _causal(5, 5) if masked else None

    xt = torch.tensor(x, requires_grad=True)
    # torch's MultiheadAttention: a boolean attn_mask is True where attending is NOT allowed
    out_ref, _ = twin(xt, xt, xt, need_weights=False, attn_mask=None if mask is None else torch.tensor(~mask))
    out_ref.backward(torch.tensor(g))
    out = layer(backend(x), mask=None if mask is None else backend(mask))
    dx = layer.backward(backend(g))
    backend.check_type(out)
    np.testing.assert_allclose(backend.numpy(out), out_ref.detach().numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(backend.numpy(dx), xt.grad.numpy(), rtol=1e-9, atol=1e-12)
    grads = [np.concatenate([backend.numpy(p.W.grad).T for p in (layer.q_proj, layer.k_proj, layer.v_proj)]),
             np.concatenate([backend.numpy(p.b.grad) for p in (layer.q_proj, layer.k_proj, layer.v_proj)]),
             backend.numpy(layer.out_proj.W.grad).T, backend.numpy(layer.out_proj.b.grad)]
    expected = [twin.in_proj_weight.grad, twin.in_proj_bias.grad, twin.out_proj.weight.grad,
                twin.out_proj.bias.grad]
    for ours, theirs in zip(grads, expected, strict=True):
        np.testing.assert_allclose(ours, theirs.numpy(), rtol=1e-9, atol=1e-12)


def test_multihead_cross_attention_returns_three_gradients(ref, rng):
    torch = ref.torch
    layer = MultiheadAttention(6, 3, rng=1)
    _randomise_biases(layer, rng)
    twin = torch_twin(torch, layer)
    q, kv, g = rng.normal(size=(2, 4, 6)), rng.normal(size=(2, 7, 6)), rng.normal(size=(2, 4, 6))
    value = rng.normal(size=(2, 7, 6))
    tensors = [torch.tensor(a, requires_grad=True) for a in (q, kv, value)]
    out_ref, _ = twin(*tensors, need_weights=False)
    out_ref.backward(torch.tensor(g))
    out = layer(q, kv, value)
    grads = layer.backward(g)
    np.testing.assert_allclose(out, out_ref.detach().numpy(), rtol=1e-9, atol=1e-12)
    assert isinstance(grads, tuple) and len(grads) == 3
    for ours, theirs in zip(grads, tensors, strict=True):
        np.testing.assert_allclose(ours, theirs.grad.numpy(), rtol=1e-9, atol=1e-12)


def test_multihead_gradcheck_and_errors(rng):
    layer = MultiheadAttention(4, 2, rng=0)
    _randomise_biases(layer, rng)
    report = gradcheck(layer, rng.normal(size=(2, 3, 4)), fast=False)
    assert report, str(report)
    assert "q_proj.W" in {c.name for c in report.checks}
    with pytest.raises(ValueError, match="divisible"):
        MultiheadAttention(6, 4)
    with pytest.raises(ValueError, match="both key and value"):
        layer(rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 3, 4)))
    with pytest.raises(ValueError, match=r"\(N, T, 4\)"):
        layer(rng.normal(size=(3, 4)))


def test_multihead_init_like_torch():
    layer = MultiheadAttention(64, 4, rng=0)
    bound = math.sqrt(6.0 / (64 + 3 * 64))
    assert np.abs(layer.q_proj.W.data).max() <= bound
    assert np.abs(layer.q_proj.W.data).max() > 0.95 * bound
    assert all(np.all(p.b.data == 0) for p in (layer.q_proj, layer.k_proj, layer.v_proj, layer.out_proj))
