# exercise: attention
# Attention whose mask is turned into an additive bias of −inf before the softmax; the backward goes through
# the softmax with its full Jacobian-vector product.
import numpy as np

from quizprep.engine import Layer


class ScaledDotProductAttention(Layer):
    def forward(self, q, k, v, mask=None):
        d = q.shape[-1]
        logits = np.einsum("...qd,...kd->...qk", q, k) / np.sqrt(d)
        if mask is not None:
            logits = logits + np.where(mask, 0.0, -np.inf)
        logits = logits - logits.max(axis=-1, keepdims=True)
        weights = np.exp(logits)
        weights /= weights.sum(axis=-1, keepdims=True)
        self.saved = (q, k, v, weights, d)
        return np.einsum("...qk,...kv->...qv", weights, v)

    def backward(self, grad):
        q, k, v, weights, d = self.saved
        d_v = np.einsum("...qk,...qv->...kv", weights, grad)
        d_w = np.einsum("...qv,...kv->...qk", grad, v)
        d_logits = weights * (d_w - np.sum(d_w * weights, axis=-1, keepdims=True)) / np.sqrt(d)
        return np.einsum("...qk,...kd->...qd", d_logits, k), np.einsum("...qk,...qd->...kd", d_logits, q), d_v
