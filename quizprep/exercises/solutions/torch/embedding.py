"""Exercise embedding, solved for --backend torch: a lookup table with torch.nn.Embedding's semantics."""

import torch

from quizprep.engine import Layer, Param


class Embedding(Layer):
    def __init__(self, num_embeddings, embedding_dim):
        self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
        self.W = Param(torch.zeros((num_embeddings, embedding_dim), dtype=torch.float64))

    def forward(self, idx):
        """idx: integer indices of any shape -> y: (*idx.shape, embedding_dim)."""
        self.idx = idx.clone()
        return self.W.data[idx]

    def backward(self, grad):
        """grad = dL/dy: (*idx.shape, embedding_dim) -> None; W.grad accumulates, repeated indices summed."""
        # index_add_ adds once per occurrence; W.grad[idx] += grad would keep only one of the repeats
        self.W.grad.index_add_(0, self.idx.reshape(-1), grad.reshape(-1, self.embedding_dim))
