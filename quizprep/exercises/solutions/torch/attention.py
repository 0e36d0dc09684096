"""Exercise attention, solved for --backend torch: scaled dot-product attention (torch's
scaled_dot_product_attention)."""

import math

import torch

from quizprep.engine import Layer


class ScaledDotProductAttention(Layer):
    def forward(self, q, k, v, mask=None):
        """q: (..., Tq, d), k: (..., Tk, d), v: (..., Tk, dv), mask: bool, broadcastable to (..., Tq, Tk),
        True = may attend -> y: (..., Tq, dv)."""
        self.scale = 1.0 / math.sqrt(q.shape[-1])
        scores = q @ k.transpose(-1, -2) * self.scale  # (..., Tq, Tk)
        if mask is not None:
            scores = scores.masked_fill(~mask, float("-inf"))  # before the softmax: masked keys get weight 0
        self.a = torch.softmax(scores, dim=-1)  # over the keys
        self.q, self.k, self.v = q, k, v
        return self.a @ v

    def backward(self, grad):
        """grad = dL/dy: (..., Tq, dv) -> (dq, dk, dv), the shapes of q, k and v."""
        a = self.a
        dv = a.transpose(-1, -2) @ grad
        da = grad @ self.v.transpose(-1, -2)
        ds = a * (da - (da * a).sum(dim=-1, keepdim=True)) * self.scale
        return ds @ self.k, ds.transpose(-1, -2) @ self.q, dv
