"""Exercise dropout, solved for --backend torch: inverted dropout with p the probability of dropping."""

import torch

from quizprep.engine import Layer


class Dropout(Layer):
    def __init__(self, p=0.5):
        self.p = p

    def forward(self, x):
        """x: any shape -> y: the same shape. Training: mask and scale; eval: the identity."""
        if not self.training or self.p == 0:
            self.mask = None
            return x
        keep = torch.rand(x.shape, dtype=x.dtype, device=x.device) >= self.p  # each element kept with probability 1 − p
        self.mask = keep / (1.0 - self.p)  # inverted dropout: scale while training, not at test time
        return x * self.mask

    def backward(self, grad):
        """grad = dL/dy -> dL/dx, through the mask that forward used."""
        return grad if self.mask is None else grad * self.mask
