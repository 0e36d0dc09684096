"""Learning curves from real training runs with quizprep.engine: learning rates and optimizers compared.

A linear regression (engine Linear + MSELoss) is trained by full-batch gradient descent at three
learning rates, chosen relative to the largest stable one, 2/λ_max of the loss's Hessian: one too low,
one good, one too high (beyond 2/λ_max gradient descent diverges). The run's order behind the labels
A, B, C is drawn per seed.
"""

from __future__ import annotations

import math
from typing import Any

from quizprep.bank.figures import Figure, Series, cached, fmt, letters
from quizprep.bank.model import Text

EPOCHS = 30
CAP = 1e3  # a diverging loss is drawn up to this factor of its start, then cut


def regression_data(seed: int) -> tuple[Any, Any]:
    """64 examples of 3 correlated features and a noisy linear target."""
    import numpy as np

    rng = np.random.default_rng(seed)
    mixing = np.array([[1.0, 0.0, 0.0], [0.6, 0.8, 0.0], [0.3, 0.2, 0.5]])
    x = rng.normal(size=(64, 3)) @ mixing
    y = x @ np.array([[1.5], [-2.0], [0.5]]) + 0.3 * rng.normal(size=(64, 1))
    return x, y


def largest_stable_lr(x: Any) -> float:
    """2/λ_max of MSE's Hessian (2/N)·XᵀX: gradient descent diverges above it."""
    import numpy as np

    hessian = 2.0 / len(x) * x.T @ x
    return float(2.0 / np.linalg.eigvalsh(hessian).max())


def train_losses(x: Any, y: Any, lr: float, momentum: float = 0.0, epochs: int = EPOCHS) -> list[float]:
    """Full-batch gradient descent with the engine: the loss before each update and after the last."""
    import numpy as np

    from quizprep.engine import SGD, Linear, MSELoss

    with np.errstate(all="ignore"):
        model = Linear(x.shape[1], y.shape[1], rng=0)
        model.W.data[:] = 0.0
        loss_fn, optimizer = MSELoss(), SGD(model.parameters(), lr=lr, momentum=momentum)
        losses = []
        for _ in range(epochs):
            optimizer.zero_grad()
            loss = float(loss_fn(model(x), y))
            losses.append(loss)
            model.backward(loss_fn.backward())
            optimizer.step()
        losses.append(float(loss_fn(model(x), y)))
    return losses


@cached
def learning_rate_runs(params: dict[str, Any]) -> dict[str, Any]:
    """The three runs: lrs (by label) and their loss curves."""
    x, y = regression_data(int(params["data"]))
    stable = largest_stable_lr(x)
    lrs = [params["low"] * stable / 2, params["good"] * stable / 2, params["high"] * stable]
    ordered = [lrs[i] for i in params["order"]]
    return {"lrs": ordered, "losses": [train_losses(x, y, lr) for lr in ordered], "stable": stable}


def diverging_run(params: dict[str, Any]) -> int:
    """1-based label of the run whose loss ends above where it started."""
    runs = learning_rate_runs(params)["losses"]
    return 1 + max(range(len(runs)), key=lambda i: _growth(runs[i]))


def slowest_run(params: dict[str, Any]) -> int:
    """1-based label of the run that converges but ends highest: the learning rate too low."""
    runs = learning_rate_runs(params)["losses"]
    converging = [i for i in range(len(runs)) if _growth(runs[i]) < 0]
    return 1 + max(converging, key=lambda i: runs[i][-1])


def _growth(losses: list[float]) -> float:
    last = losses[-1]
    return math.inf if not math.isfinite(last) else math.log(last / losses[0])


def _capped(losses: list[float]) -> tuple[float, ...]:
    top = losses[0] * CAP
    return tuple(min(v, top) if math.isfinite(v) else top for v in losses)


def learning_rate_figure(params: dict[str, Any]) -> Figure:
    return _loss_curves(learning_rate_runs(params)["losses"], 15,
                        Text("Training loss per epoch, three learning rates",
                             "Лосс на обучении по эпохам, три learning rate"))


@cached
def optimizer_runs(params: dict[str, Any]) -> dict[str, Any]:
    """Plain gradient descent and gradient descent with momentum 0.9 at the same small learning rate."""
    x, y = regression_data(int(params["data"]))
    lr = params["lr"] * largest_stable_lr(x) / 2
    runs = {"plain": train_losses(x, y, lr), "momentum": train_losses(x, y, lr, momentum=0.9)}
    return {"losses": [runs[name] for name in params["labels"]], "names": params["labels"]}


def momentum_run(params: dict[str, Any]) -> int:
    """1-based label of the run with the lower final loss: momentum, on this ill-conditioned problem."""
    losses = optimizer_runs(params)["losses"]
    return 1 + min(range(len(losses)), key=lambda i: losses[i][-1])


def optimizer_figure(params: dict[str, Any]) -> Figure:
    return _loss_curves(optimizer_runs(params)["losses"], 10,
                        Text("Training loss per epoch, two optimizers", "Лосс на обучении по эпохам, два оптимизатора"))


def _loss_curves(losses: list[Any], middle: int, title: Text) -> Figure:
    """Loss per epoch of each run, labelled A, B, …; described by the loss at the first, `middle` and last epoch."""
    names = letters(len(losses))
    series = tuple(Series(Text(name, name), tuple(float(e) for e in range(len(run))), _capped(run))
                   for name, run in zip(names, losses))
    last = len(losses[0]) - 1
    parts = [f"{n}: {fmt(run[0])} → {fmt(run[middle])} → {fmt(run[-1])}" for n, run in zip(names, losses)]
    return Figure(
        title=title,
        x_label=Text("epoch", "эпоха"), y_label=Text("loss (log scale)", "лосс (лог. шкала)"), series=series,
        description=Text(f"Training loss at epochs 0, {middle} and {last} — " + "; ".join(parts) + ".",
                         f"Лосс на обучении на эпохах 0, {middle} и {last} — " + "; ".join(parts) + "."),
        log_y=True)
