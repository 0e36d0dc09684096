"""Optimizers over a list of Params, step for step the same as torch.optim (single-tensor path).

Each `step()` updates every `param.data` in place from `param.grad`; state buffers (velocity,
accumulated squares) are created on the first step with the Param's type, device and dtype.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from quizprep.engine.backend import Array, add_scaled_, clone, fill_zero_, namespace
from quizprep.engine.base import Param


class Optimizer:
    """Base class: holds the Params and a per-Param state dict; subclasses implement `update`."""

    def __init__(self, params: Iterable[Param], lr: float) -> None:
        self.params = list(params)
        if not self.params:
            raise ValueError("optimizer got an empty parameter list")
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        self.lr = lr
        self.state: dict[Param, dict[str, Any]] = {}

    def zero_grad(self) -> None:
        """Set every Param's .grad to zeros in place."""
        for param in self.params:
            fill_zero_(param.grad)

    def step(self) -> None:
        """Update every Param once from its current .grad."""
        for param in self.params:
            self.update(param, self.state.setdefault(param, {}))

    def update(self, param: Param, state: dict[str, Any]) -> None:
        raise NotImplementedError


class SGD(Optimizer):
    """SGD with torch's momentum formulation.

    g = grad + weight_decay·w
    buf = g on the first step, then buf = momentum·buf + (1 - dampening)·g
    g = g + momentum·buf (nesterov) or g = buf
    w = w - lr·g

    (The notes' `velocity = momentum·velocity - lr·grad; w = w + velocity` is the same method with the
    learning rate folded into the velocity; the two agree while lr is constant.)
    """

    def __init__(self, params: Iterable[Param], lr: float, momentum: float = 0.0, nesterov: bool = False,
                 weight_decay: float = 0.0, *, dampening: float = 0.0) -> None:
        super().__init__(params, lr)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        self.momentum, self.nesterov = momentum, nesterov
        self.weight_decay, self.dampening = weight_decay, dampening

    def update(self, param: Param, state: dict[str, Any]) -> None:
        g = param.grad
        if self.weight_decay:
            g = g + self.weight_decay * param.data
        if self.momentum:
            buf = state.get("momentum_buffer")
            if buf is None:
                buf = state["momentum_buffer"] = clone(g)
            else:
                buf *= self.momentum
                add_scaled_(buf, g, 1.0 - self.dampening)
            g = g + self.momentum * buf if self.nesterov else buf
        add_scaled_(param.data, g, -self.lr)


class Adagrad(Optimizer):
    """Adagrad: per-coordinate learning rate shrinking with the accumulated squared gradients.

    sum = sum + g²
    w = w - lr · g / (sqrt(sum) + eps)
    """

    def __init__(self, params: Iterable[Param], lr: float = 1e-2, eps: float = 1e-10) -> None:
        super().__init__(params, lr)
        self.eps = eps

    def update(self, param: Param, state: dict[str, Any]) -> None:
        g = param.grad
        if "sum" not in state:
            state["sum"] = namespace(g).zeros_like(param.data)
        total = state["sum"]
        total += g * g
        std = namespace(g).sqrt(total) + self.eps
        add_scaled_(param.data, g / std, -self.lr)


class RMSprop(Optimizer):
    """RMSprop: Adagrad with an exponential moving average instead of a sum.

    square_avg = alpha·square_avg + (1 - alpha)·g²
    w = w - lr · g / (sqrt(square_avg) + eps)
    """

    def __init__(self, params: Iterable[Param], lr: float = 1e-2, alpha: float = 0.99,
                 eps: float = 1e-8) -> None:
        super().__init__(params, lr)
        self.alpha, self.eps = alpha, eps

    def update(self, param: Param, state: dict[str, Any]) -> None:
        g = param.grad
        if "square_avg" not in state:
            state["square_avg"] = namespace(g).zeros_like(param.data)
        square_avg = state["square_avg"]
        square_avg *= self.alpha
        add_scaled_(square_avg, g * g, 1.0 - self.alpha)
        avg = namespace(g).sqrt(square_avg) + self.eps
        add_scaled_(param.data, g / avg, -self.lr)


class Adam(Optimizer):
    """Adam = momentum (first moment) + RMSprop (second moment), with bias correction.

    m = beta1·m + (1 - beta1)·g              v = beta2·v + (1 - beta2)·g²
    m̂ = m / (1 - beta1^t)                    eps is added after the bias-corrected square root:
    w = w - lr · m̂ / (sqrt(v) / sqrt(1 - beta2^t) + eps)
    weight_decay adds weight_decay·w to g first (L2, as torch.optim.Adam; not AdamW).
    """

    def __init__(self, params: Iterable[Param], lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.0) -> None:
        super().__init__(params, lr)
        self.betas, self.eps, self.weight_decay = betas, eps, weight_decay

    def update(self, param: Param, state: dict[str, Any]) -> None:
        xp = namespace(param.grad)
        beta1, beta2 = self.betas
        g = param.grad
        if self.weight_decay:
            g = g + self.weight_decay * param.data
        if not state:
            state.update(step=0, exp_avg=xp.zeros_like(param.data), exp_avg_sq=xp.zeros_like(param.data))
        state["step"] += 1
        t = state["step"]
        m: Array = state["exp_avg"]
        v: Array = state["exp_avg_sq"]
        m *= beta1
        add_scaled_(m, g, 1.0 - beta1)
        v *= beta2
        add_scaled_(v, g * g, 1.0 - beta2)
        step_size = self.lr / (1.0 - beta1**t)
        denom = xp.sqrt(v) / math.sqrt(1.0 - beta2**t) + self.eps
        add_scaled_(param.data, m / denom, -step_size)
