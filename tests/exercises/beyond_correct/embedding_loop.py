# exercise: embedding
# An embedding whose backward adds one row per occurrence in a plain loop.
import numpy as np

from quizprep.engine import Layer, Param


class Embedding(Layer):
    def __init__(self, num_embeddings, embedding_dim):
        self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
        self.W = Param(np.zeros((num_embeddings, embedding_dim)))

    def forward(self, idx):
        self.flat = np.array(idx).reshape(-1)
        return np.take(self.W.data, idx, axis=0)

    def backward(self, grad):
        rows = grad.reshape(-1, self.embedding_dim)
        for position, index in enumerate(self.flat):
            self.W.grad[index] += rows[position]
