"""Training and validation loss of a small network trained with the engine: under- and overfitting.

A noisy sine, `n_train` training points and 200 validation points, is fitted by full-batch Adam. The
drawn `model` decides the capacity: "linear" (a straight line, too simple: it underfits) or "wide" (two
tanh layers of 32 units on a few points: it overfits).
"""

from __future__ import annotations

from typing import Any

from quizprep.bank.figures import Figure, Series, cached, fmt
from quizprep.bank.model import Text

EPOCHS = 150
EVERY = 5  # a point of the curve every 5 epochs


def _data(seed: int, n_train: int) -> tuple[Any, Any, Any, Any]:
    import numpy as np

    rng = np.random.default_rng(seed)

    def sample(n: int) -> tuple[Any, Any]:
        x = rng.uniform(-3.0, 3.0, size=(n, 1))
        return x, np.sin(1.5 * x) + 0.35 * rng.normal(size=(n, 1))

    return (*sample(n_train), *sample(200))


def _model(kind: str, seed: int) -> Any:
    from quizprep.engine import Linear, Sequential, Tanh

    if kind == "linear":
        return Sequential(Linear(1, 1, rng=seed))
    return Sequential(Linear(1, 32, rng=seed), Tanh(), Linear(32, 32, rng=seed + 1), Tanh(),
                      Linear(32, 1, rng=seed + 3))


@cached
def fit_curves(params: dict[str, Any]) -> dict[str, list[float]]:
    """Epochs, training loss and validation loss."""
    from quizprep.engine import Adam, MSELoss

    seed = int(params["data"])
    x, y, x_val, y_val = _data(seed, int(params["n_train"]))
    model = _model(params["model"], seed)
    loss_fn, optimizer = MSELoss(), Adam(model.parameters(), lr=float(params.get("lr", 0.03)))
    epochs, train, val = [], [], []
    for epoch in range(1, EPOCHS + 1):
        optimizer.zero_grad()
        loss = float(loss_fn(model(x), y))
        model.backward(loss_fn.backward())
        optimizer.step()
        if epoch % EVERY == 0:
            model.eval()
            epochs.append(float(epoch))
            train.append(loss)
            val.append(float(loss_fn(model(x_val), y_val)))
            model.train()
    return {"epoch": epochs, "train": train, "val": val}


def best_epoch(params: dict[str, Any]) -> float:
    """The epoch of the lowest validation loss: where early stopping keeps the weights."""
    curves = fit_curves(params)
    return curves["epoch"][min(range(len(curves["val"])), key=curves["val"].__getitem__)]


GAP = 2.5  # validation loss this many times the training loss or more: the model fits noise


def diagnosis(params: dict[str, Any]) -> int:
    """1 underfitting (both losses stay high and close), 2 overfitting (the final validation loss is GAP
    times the training loss or more: the training points are fitted far better than new ones)."""
    curves = fit_curves(params)
    return 2 if curves["val"][-1] >= GAP * curves["train"][-1] else 1


def stopping_choice(params: dict[str, Any]) -> int:
    """2 (keep the epoch of the lowest validation loss) when that epoch comes before the last one, else 1."""
    return 2 if best_epoch(params) < fit_curves(params)["epoch"][-1] else 1


def train_validation_figure(params: dict[str, Any]) -> Figure:
    curves = fit_curves(params)
    epochs, train, val = curves["epoch"], curves["train"], curves["val"]
    marks = [0, len(epochs) // 4, len(epochs) // 2, len(epochs) - 1]
    listing_en = "; ".join(f"epoch {int(epochs[i])}: train {fmt(train[i])}, validation {fmt(val[i])}" for i in marks)
    listing_ru = "; ".join(f"эпоха {int(epochs[i])}: обучение {fmt(train[i])}, валидация {fmt(val[i])}"
                           for i in marks)
    return Figure(
        title=Text("Training and validation loss", "Лосс на обучении и на валидации"),
        x_label=Text("epoch", "эпоха"), y_label=Text("MSE", "MSE"),
        series=(Series(Text("train", "обучение"), tuple(epochs), tuple(train)),
                Series(Text("validation", "валидация"), tuple(epochs), tuple(val))),
        description=Text(f"Loss curves — {listing_en}.", f"Кривые лосса — {listing_ru}."))
