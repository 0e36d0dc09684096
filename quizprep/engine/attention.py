"""Scaled dot-product attention and multi-head attention (torch's semantics, batch first).

    S = q·kᵀ / √d,  P = softmax(S) over the keys (last axis),  out = P·v

Dividing by √d keeps the scores' variance near 1 when q and k have unit-variance entries (a dot
product of d terms has variance d): without it softmax saturates and its gradients vanish.
"""

from __future__ import annotations

import math
from typing import Any

from quizprep.engine.backend import Array, as_array_like, as_rng, namespace
from quizprep.engine.base import Layer
from quizprep.engine.fast_paths import softmax_last_, stacked_matmul
from quizprep.engine.linear import Linear


class ScaledDotProductAttention(Layer):
    """forward(q, k, v, mask=None) -> out = softmax(q·kᵀ/√d + masking)·v.

    q: (…, Tq, d), k: (…, Tk, d), v: (…, Tk, dv) -> out: (…, Tq, dv) (leading dims broadcast).
    mask (broadcastable to (…, Tq, Tk)): boolean, True = this query MAY attend to this key (torch's
    convention for F.scaled_dot_product_attention); a float mask is added to the scores instead.
    A query row with no allowed key gives NaN, as softmax over only -inf does.
    backward(grad (…, Tq, dv)) -> (dq, dk, dv):
        dv = Pᵀ·g,  dP = g·vᵀ,  dS = P ⊙ (dP - Σ_keys dP ⊙ P),  dq = dS·k/√d,  dk = dSᵀ·q/√d
    (dv broadcast over the leading dims of q is summed back to v's shape, and likewise dq and dk).
    The attention weights P of the last forward are kept in `.weights`.
    """

    def forward(self, q: Array, k: Array, v: Array, mask: Any = None) -> Array:
        xp = namespace(q)
        self.scale = 1.0 / math.sqrt(q.shape[-1])
        q_scaled = q * self.scale  # scaling q (Tq·d numbers) is cheaper than scaling S (Tq·Tk)
        scores = stacked_matmul(q_scaled, xp.matrix_transpose(k))  # (…, Tq, Tk)
        if mask is not None:
            m = as_array_like(mask, q)
            if m.dtype == xp.bool:
                scores = xp.where(m, scores, -math.inf)
            else:
                scores = scores + m
        p = softmax_last_(scores)  # over the keys: shift by the row max (stable), exp, normalise
        out = stacked_matmul(p, v)
        self.q, self.q_scaled, self.k, self.v, self.weights, self.out = q, q_scaled, k, v, p, out
        return out

    def backward(self, grad: Array) -> tuple[Array, Array, Array]:
        """grad: (…, Tq, dv) -> (dq (…, Tq, d), dk (…, Tk, d), dv (…, Tk, dv)), each summed back to
        its input's shape where the leading dims were broadcast."""
        xp = namespace(grad)
        p = self.weights
        dv = stacked_matmul(xp.matrix_transpose(p), grad)
        ds = stacked_matmul(grad, xp.matrix_transpose(self.v))  # dP (…, Tq, Tk), turned into dS in place below
        # softmax backward: dS = P ⊙ (dP - Σ_keys dP ⊙ P), and Σ_keys dP ⊙ P = Σ_keys (g·v_k) p_k = g·out,
        # a (…, Tq, 1) sum over dv instead of over Tk (the FlashAttention trick)
        ds -= xp.sum(grad * self.out, axis=-1, keepdims=True)
        ds *= p
        dq = stacked_matmul(ds, self.k)
        dq *= self.scale  # S = (q·scale)·kᵀ
        dk = stacked_matmul(xp.matrix_transpose(ds), self.q_scaled)
        return _unbroadcast(dq, self.q), _unbroadcast(dk, self.k), _unbroadcast(dv, self.v)


def _unbroadcast(grad: Array, like: Array) -> Array:
    """Sum grad over the leading dims that broadcasting added or stretched, back to like's shape."""
    if tuple(grad.shape) == tuple(like.shape):
        return grad
    xp = namespace(grad)
    extra = grad.ndim - like.ndim
    if extra:
        grad = xp.sum(grad, axis=tuple(range(extra)))
    stretched = tuple(i for i, s in enumerate(like.shape) if s == 1 and grad.shape[i] != 1)
    return xp.sum(grad, axis=stretched, keepdims=True) if stretched else grad


class MultiheadAttention(Layer):
    """Multi-head attention from four Linear layers and ScaledDotProductAttention (batch first).

    forward(query, key=None, value=None, mask=None): query (N, Tq, E), key/value (N, Tk, E); with
    neither key nor value given, both are query (self-attention). Each of q_proj, k_proj, v_proj (Linear(E, E)) projects,
    the result is split into num_heads heads of size E/num_heads: (N, h, T, E/h); attention runs per
    head; heads are concatenated back to (N, Tq, E) and out_proj (Linear(E, E)) gives the output.
    mask: boolean, broadcastable to (N, h, Tq, Tk) or (Tq, Tk), True = may attend (torch's
    nn.MultiheadAttention uses the OPPOSITE polarity for its boolean attn_mask: pass ~mask there).
    backward(grad (N, Tq, E)) returns dx (self-attention: the sum over the three uses of x) or
    (dquery, dkey, dvalue) when key/value were given. Linear's W is (in, out): torch's in_proj_weight
    rows [0:E], [E:2E], [2E:3E] are q_proj.W.T, k_proj.W.T, v_proj.W.T.
    Initialised like torch: the projections' W from xavier_uniform over the stacked (3E, E) weight,
    out_proj like Linear, all biases zero.
    """

    def __init__(self, embed_dim: int, num_heads: int, bias: bool = True, *, rng: Any = None) -> None:
        if embed_dim % num_heads:
            raise ValueError(f"embed_dim must be divisible by num_heads, got {embed_dim} and {num_heads}")
        self.embed_dim, self.num_heads, self.head_dim = embed_dim, num_heads, embed_dim // num_heads
        rng = as_rng(rng)
        self.q_proj, self.k_proj, self.v_proj, self.out_proj = (
            Linear(embed_dim, embed_dim, bias, rng=rng) for _ in range(4))
        bound = math.sqrt(6.0 / (embed_dim + 3 * embed_dim))  # xavier_uniform over (3E, E)
        for proj in (self.q_proj, self.k_proj, self.v_proj):
            proj.W.data[...] = rng.uniform(proj.W.shape, proj.W.data, -bound, bound)
        for proj in (self.q_proj, self.k_proj, self.v_proj, self.out_proj):
            if proj.b is not None:
                proj.b.data[...] = 0.0
        self.attention = ScaledDotProductAttention()

    def _split(self, x: Array) -> Array:
        """(N, T, E) -> (N, h, T, E/h)."""
        xp = namespace(x)
        n, t, _ = x.shape
        return xp.permute_dims(xp.reshape(x, (n, t, self.num_heads, self.head_dim)), (0, 2, 1, 3))

    def _merge(self, x: Array) -> Array:
        """(N, h, T, E/h) -> (N, T, E)."""
        xp = namespace(x)
        n, _, t, _ = x.shape
        return xp.reshape(xp.permute_dims(x, (0, 2, 1, 3)), (n, t, self.embed_dim))

    def forward(self, query: Array, key: Array | None = None, value: Array | None = None,
                mask: Any = None) -> Array:
        if query.ndim != 3 or query.shape[-1] != self.embed_dim:
            raise ValueError(f"MultiheadAttention({self.embed_dim}, {self.num_heads}) expects query of shape "
                             f"(N, T, {self.embed_dim}), got {tuple(query.shape)}")
        if (key is None) != (value is None):
            raise ValueError("MultiheadAttention: give both key and value, or neither (self-attention)")
        self.self_attention = key is None
        key = query if key is None else key
        value = query if value is None else value
        q = self._split(self.q_proj(query))
        k = self._split(self.k_proj(key))
        v = self._split(self.v_proj(value))
        return self.out_proj(self._merge(self.attention(q, k, v, mask)))

    def backward(self, grad: Array) -> Array | tuple[Array, Array, Array]:
        """grad: (N, Tq, E) -> dx (N, Tq, E), or (dquery, dkey, dvalue) if key/value were given."""
        dheads = self._split(self.out_proj.backward(grad))
        dq, dk, dv = self.attention.backward(dheads)
        dquery = self.q_proj.backward(self._merge(dq))
        dkey = self.k_proj.backward(self._merge(dk))
        dvalue = self.v_proj.backward(self._merge(dv))
        if self.self_attention:
            return dquery + dkey + dvalue
        return dquery, dkey, dvalue

    def extra_repr(self) -> str:
        return f"embed_dim={self.embed_dim}, num_heads={self.num_heads}"
