"""Probes per family of exercises: each module's `run(ctx)` probes the user's class through `ctx`."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from quizprep.exercises.probes.base import ProbeContext

MODULES = {
    "activation": "activations",
    "softmax": "softmax",
    "linear": "linear",
    "dropout": "dropout",
    "batchnorm": "batchnorm",
    "loss": "losses",
    "optimizer": "optimizers",
    "conv": "conv",
    "pool": "pooling",
    "batchnorm2d": "batchnorm2d",
    "layernorm": "layernorm",
    "embedding": "embedding",
    "attention": "attention",
}


def probes_for(family: str) -> Callable[[ProbeContext], None]:
    """The `run(ctx)` of a family's probe module."""
    return importlib.import_module(f"quizprep.exercises.probes.{MODULES[family]}").run
