# exercise: embedding
# expect: embedding backward loses repeated indices
import numpy as np

from quizprep.engine import Layer, Param


class Embedding(Layer):
    def __init__(self, num_embeddings, embedding_dim):
        self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
        self.W = Param(np.zeros((num_embeddings, embedding_dim)))

    def forward(self, idx):
        """idx: integer indices of any shape -> y: (*idx.shape, embedding_dim)."""
        self.idx = idx.copy()
        return self.W.data[idx]

    def backward(self, grad):
        """grad = dL/dy: (*idx.shape, embedding_dim) -> None; W.grad accumulates, repeated indices summed."""
        # np.add.at adds once per occurrence; W.grad[idx] += grad would keep only one of the repeats
        self.W.grad[self.idx] += grad  # looks like accumulation
