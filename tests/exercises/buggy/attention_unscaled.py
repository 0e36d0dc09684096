# exercise: attention
# expect: not scaled by √d
import numpy as np

from quizprep.engine import Layer


class ScaledDotProductAttention(Layer):
    def forward(self, q, k, v, mask=None):
        """q: (..., Tq, d), k: (..., Tk, d), v: (..., Tk, dv), mask: bool, broadcastable to (..., Tq, Tk),
        True = may attend -> y: (..., Tq, dv)."""
        self.scale = 1.0  # dot products as they are
        scores = q @ np.swapaxes(k, -1, -2) * self.scale  # (..., Tq, Tk)
        if mask is not None:
            scores = np.where(mask, scores, -np.inf)  # before the softmax: masked keys get weight 0
        scores = scores - scores.max(axis=-1, keepdims=True)
        e = np.exp(scores)
        self.a = e / e.sum(axis=-1, keepdims=True)  # over the keys
        self.q, self.k, self.v = q, k, v
        return self.a @ v

    def backward(self, grad):
        """grad = dL/dy: (..., Tq, dv) -> (dq, dk, dv), the shapes of q, k and v."""
        a = self.a
        dv = np.swapaxes(a, -1, -2) @ grad
        da = grad @ np.swapaxes(self.v, -1, -2)
        ds = a * (da - (da * a).sum(axis=-1, keepdims=True)) * self.scale
        return ds @ self.k, np.swapaxes(ds, -1, -2) @ self.q, dv
