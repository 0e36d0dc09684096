"""Embedding: a lookup table W (num_embeddings, embedding_dim); row i is the vector of token i."""

from __future__ import annotations

from typing import Any

import numpy as np

from quizprep.engine.backend import Array, as_array_like, as_rng, is_floating, is_torch, namespace
from quizprep.engine.base import Layer, Param


def index_add_(target: Array, index: Array, rows: Array) -> Array:
    """In place target[index[k]] += rows[k] for every k, repeated indices summed; returns target.

    (`target[index] += rows` would keep only ONE of the repeated rows: fancy-index assignment writes
    each position once.) numpy: np.add.at; torch: index_add_.
    """
    if is_torch(target):
        return target.index_add_(0, index, rows)
    np.add.at(target, index, rows)
    return target


class Embedding(Layer):
    """y[..., :] = W[idx[...], :].

    idx: integers of any shape (*) in [0, num_embeddings); y: (*, embedding_dim).
    W: Param (num_embeddings, embedding_dim) ~ N(0, 1), as torch.nn.Embedding (float64 numpy;
    `.to(...)` to move). Backward accumulates grad into the rows of W.grad that were looked up, adding
    up the rows of repeated indices; the indices have no gradient, so backward returns None.
    """

    needs_input_grad = False

    def __init__(self, num_embeddings: int, embedding_dim: int, *, rng: Any = None) -> None:
        self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
        self.W = Param(as_rng(rng).normal((num_embeddings, embedding_dim), like=np.empty(0)))

    def forward(self, idx: Any) -> Array:
        w = self.W.data
        xp = namespace(w)
        index = as_array_like(idx, w)
        if is_floating(index) or index.dtype == xp.bool:
            raise TypeError(f"Embedding expects integer indices, got dtype {index.dtype}")
        if is_torch(index):
            index = index.long()
        flat = xp.reshape(index, (-1,))
        if flat.shape[0] and (int(xp.min(flat)) < 0 or int(xp.max(flat)) >= self.num_embeddings):
            raise IndexError(f"Embedding({self.num_embeddings}, {self.embedding_dim}): indices must lie in "
                             f"[0, {self.num_embeddings}), got min {int(xp.min(flat))}, max {int(xp.max(flat))}")
        self.flat_index, self.index_shape = flat, tuple(index.shape)
        return xp.reshape(xp.take(w, flat, axis=0), self.index_shape + (self.embedding_dim,))

    def backward(self, grad: Array) -> None:
        """grad: (*, embedding_dim); W.grad[idx] += grad with repeated indices summed. Returns None."""
        rows = namespace(grad).reshape(grad, (-1, self.embedding_dim))
        index_add_(self.W.grad, self.flat_index, rows)

    def extra_repr(self) -> str:
        return f"{self.num_embeddings}, {self.embedding_dim}"
