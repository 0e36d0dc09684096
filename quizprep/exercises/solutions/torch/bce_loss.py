"""Exercise bce-loss, solved for --backend torch: binary cross-entropy on probabilities."""

import torch

from quizprep.engine import Layer


class BCELoss(Layer):
    def forward(self, pred, target):
        """pred: (N, D), target: (N, D) -> the loss, a scalar. Keep what backward needs."""
        self.pred, self.target = pred, target
        log_p = torch.clamp(torch.log(pred), min=-100.0)  # log(0) = -inf, clamped at -100 as torch does
        log_1mp = torch.clamp(torch.log(1.0 - pred), min=-100.0)
        return -torch.mean(target * log_p + (1.0 - target) * log_1mp)

    def backward(self):
        """-> dL/dpred, the shape of pred."""
        p, t = self.pred, self.target
        return (p - t) / torch.clamp(p * (1.0 - p), min=1e-12) / p.numel()  # −(t/p − (1 − t)/(1 − p)) / n
