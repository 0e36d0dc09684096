"""AdamW: Adam with decoupled weight decay, step for step torch.optim.AdamW."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from quizprep.engine.base import Param
from quizprep.engine.optim import Adam


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter): first w = w·(1 - lr·weight_decay), then
    the plain Adam step from the gradient alone.

    Unlike Adam(weight_decay=...) (L2: adds weight_decay·w to g, which the adaptive denominator then
    rescales), the decay here shrinks every weight by the same factor regardless of its gradient history.
    """

    def __init__(self, params: Iterable[Param], lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 1e-2) -> None:
        super().__init__(params, lr, betas, eps, weight_decay=0.0)
        self.decoupled_weight_decay = weight_decay

    def update(self, param: Param, state: dict[str, Any]) -> None:
        if self.decoupled_weight_decay:
            param.data *= 1.0 - self.lr * self.decoupled_weight_decay  # decay the weight, not the gradient
        super().update(param, state)
