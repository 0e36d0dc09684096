"""Learning-rate schedulers, step for step the same numbers as torch.optim.lr_scheduler.

A scheduler changes `optimizer.lr` (every engine optimizer reads its `lr` at each step). As in torch,
creating a scheduler already performs step 0 (LinearLR multiplies lr by start_factor there), and
`scheduler.step()` is called once per epoch after `optimizer.step()`. The updates are torch's
recursive ("chainable") forms, each new lr computed from the current one, so trajectories agree with
torch to the last bits; the closed forms are in the docstrings.
"""

from __future__ import annotations

import math

from quizprep.engine.optim import Optimizer


class LRScheduler:
    """Base class: `step()` advances `last_epoch` and sets optimizer.lr; `get_last_lr()` reads it."""

    def __init__(self, optimizer: Optimizer) -> None:
        if not hasattr(optimizer, "lr"):
            raise TypeError(f"{type(optimizer).__name__} has no lr attribute to schedule")
        self.optimizer = optimizer
        self.base_lr = optimizer.lr
        self.last_epoch = -1
        self._initial = True
        self.step()  # step 0, as torch does on construction
        self._initial = False

    def next_lr(self, lr: float) -> float:
        raise NotImplementedError

    def step(self) -> None:
        self.last_epoch += 1
        self.optimizer.lr = self.next_lr(self.optimizer.lr)
        self._last_lr = [self.optimizer.lr]

    def get_last_lr(self) -> list[float]:
        return list(self._last_lr)


class StepLR(LRScheduler):
    """lr = base_lr · gamma^(epoch // step_size): multiplied by gamma every step_size epochs."""

    def __init__(self, optimizer: Optimizer, step_size: int, gamma: float = 0.1) -> None:
        if step_size <= 0:
            raise ValueError(f"StepLR needs step_size > 0, got {step_size}")
        self.step_size, self.gamma = step_size, gamma
        super().__init__(optimizer)

    def next_lr(self, lr: float) -> float:
        if self.last_epoch == 0 or self.last_epoch % self.step_size:
            return lr
        return lr * self.gamma


class CosineAnnealingLR(LRScheduler):
    """lr = eta_min + ½(base_lr - eta_min)(1 + cos(π·epoch / T_max)): from base_lr down to eta_min in
    T_max epochs along half a cosine (then back up, a period of 2·T_max, as torch continues it)."""

    def __init__(self, optimizer: Optimizer, T_max: int, eta_min: float = 0.0) -> None:
        if T_max <= 0:
            raise ValueError(f"CosineAnnealingLR needs T_max > 0, got {T_max}")
        self.T_max, self.eta_min = T_max, eta_min
        super().__init__(optimizer)

    def next_lr(self, lr: float) -> float:
        t, period = self.last_epoch, self.T_max
        if self._initial:
            return lr
        if (t - 1 - period) % (2 * period) == 0:  # at the bottom: the ratio below would be 0/0
            return lr + (self.base_lr - self.eta_min) * (1 - math.cos(math.pi / period)) / 2
        ratio = (1 + math.cos(math.pi * t / period)) / (1 + math.cos(math.pi * (t - 1) / period))
        return ratio * (lr - self.eta_min) + self.eta_min


class LinearLR(LRScheduler):
    """lr = base_lr · factor, factor going linearly from start_factor (epoch 0) to end_factor (epoch
    total_iters) and staying there: the usual warm-up with the defaults (1/3 -> 1 over 5 epochs)."""

    def __init__(self, optimizer: Optimizer, start_factor: float = 1.0 / 3, end_factor: float = 1.0,
                 total_iters: int = 5) -> None:
        if not 0 < start_factor <= 1 or not 0 <= end_factor <= 1:
            raise ValueError(f"LinearLR needs 0 < start_factor <= 1 and 0 <= end_factor <= 1, got "
                             f"{start_factor} and {end_factor}")
        self.start_factor, self.end_factor, self.total_iters = start_factor, end_factor, total_iters
        super().__init__(optimizer)

    def next_lr(self, lr: float) -> float:
        t = self.last_epoch
        if t == 0:
            return lr * self.start_factor
        if t > self.total_iters:
            return lr
        change = self.end_factor - self.start_factor
        return lr * (1.0 + change / (self.total_iters * self.start_factor + (t - 1) * change))
