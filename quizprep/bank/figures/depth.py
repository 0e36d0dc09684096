"""Activations through a deep network under two initialisations, computed with the engine's layers.

A stack of `layers` fully connected layers of width `width` (no biases) with tanh or ReLU is fed 128
standard-normal examples. Each weight matrix is a·randn(width, width), with `a` given per
initialisation as a multiple of 1/√width. The series are the standard deviation of the pre-activations
at every layer, or the histogram of the last layer's outputs.
"""

from __future__ import annotations

import math
from typing import Any

from quizprep.bank.figures import Figure, Series, cached, fmt, letters
from quizprep.bank.model import Text


@cached
def forward_statistics(params: dict[str, Any]) -> dict[str, Any]:
    """Per initialisation (in label order): pre-activation std per layer and the last layer's outputs."""
    import numpy as np

    from quizprep.engine import Linear, ReLU, Tanh

    width, depth = int(params["width"]), int(params["layers"])
    rng = np.random.default_rng(int(params["data"]))
    x0 = rng.normal(size=(128, width))
    result = {"std": [], "outputs": []}
    for scale in params["scales"]:  # a = scale / √width
        h, stds = x0, []
        for _ in range(depth):
            layer = Linear(width, width, bias=False)
            layer.W.data[:] = scale / math.sqrt(width) * rng.normal(size=(width, width))
            z = layer.forward(h)
            stds.append(float(z.std()))
            h = (Tanh() if params["activation"] == "tanh" else ReLU()).forward(z)
        result["std"].append(stds)
        result["outputs"].append(np.asarray(h).ravel().tolist())
    return result


def steadiest(params: dict[str, Any]) -> int:
    """1-based label whose pre-activation std changes least (in log) from the first layer to the last."""
    stds = forward_statistics(params)["std"]
    return 1 + min(range(len(stds)), key=lambda i: abs(math.log(stds[i][-1] / stds[i][0])))


def most_saturated(params: dict[str, Any]) -> int:
    """1-based label with the largest share of tanh outputs beyond ±0.99."""
    outputs = forward_statistics(params)["outputs"]
    return 1 + max(range(len(outputs)), key=lambda i: sum(abs(v) > 0.99 for v in outputs[i]) / len(outputs[i]))


def depth_figure(params: dict[str, Any]) -> Figure:
    stds = forward_statistics(params)["std"]
    names = letters(len(stds))
    layers = tuple(float(i) for i in range(1, len(stds[0]) + 1))
    series = tuple(Series(Text(f"init {n}", f"иниц. {n}"), layers, tuple(s)) for n, s in zip(names, stds))
    listing = "; ".join(f"{n}: " + ", ".join(fmt(v) for v in s) for n, s in zip(names, stds))
    return Figure(
        title=Text("Std of the pre-activations, layer by layer", "Std пре-активаций по слоям"),
        x_label=Text("layer", "слой"), y_label=Text("std (log scale)", "std (лог. шкала)"), series=series,
        description=Text(f"Std of the pre-activations at layers 1 to {len(layers)} — {listing}.",
                         f"Std пре-активаций на слоях с 1 по {len(layers)} — {listing}."),
        log_y=True)


def histogram_figure(params: dict[str, Any]) -> Figure:
    import numpy as np

    outputs = forward_statistics(params)["outputs"]
    names = letters(len(outputs))
    edges = np.linspace(-1.0, 1.0, 41)
    centres = tuple(float(v) for v in (edges[:-1] + edges[1:]) / 2)
    series, parts = [], []
    for name, values in zip(names, outputs):
        counts, _ = np.histogram(np.clip(values, -1.0, 1.0), bins=edges)
        share = counts / counts.sum()
        series.append(Series(Text(f"init {name}", f"иниц. {name}"), centres, tuple(float(s) for s in share)))
        saturated = float(np.mean(np.abs(values) > 0.99))
        parts.append(f"{name}: {fmt(100 * saturated)}% beyond ±0.99, std {fmt(float(np.std(values)))}")
    listing = "; ".join(parts)
    return Figure(
        title=Text("Outputs of the last tanh layer", "Выходы последнего слоя tanh"),
        x_label=Text("tanh output", "выход tanh"), y_label=Text("share of units", "доля нейронов"),
        series=tuple(series),
        description=Text(f"Histogram of the last layer's outputs — {listing}.",
                         f"Гистограмма выходов последнего слоя — {listing.replace('beyond', 'за пределами')}."))
