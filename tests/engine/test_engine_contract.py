"""The names and parameter names of issue 13's engine API are a contract other code builds on."""

from __future__ import annotations

import inspect

import pytest

from quizprep import engine

CONTRACT = {
    "Conv2d": ["in_channels", "out_channels", "kernel_size", "stride", "padding", "bias"],
    "MaxPool2d": ["kernel_size", "stride", "padding"],
    "AvgPool2d": ["kernel_size", "stride"],
    "BatchNorm2d": ["num_features", "eps", "momentum"],
    "LayerNorm": ["normalized_shape", "eps"],
    "GELU": ["approximate"],
    "Embedding": ["num_embeddings", "embedding_dim"],
    "ScaledDotProductAttention": [],
    "MultiheadAttention": ["embed_dim", "num_heads"],
    "HuberLoss": ["delta"],
    "AdamW": ["params", "lr", "betas", "eps", "weight_decay"],
    "StepLR": ["optimizer", "step_size", "gamma"],
    "CosineAnnealingLR": ["optimizer", "T_max", "eta_min"],
    "LinearLR": ["optimizer", "start_factor", "end_factor", "total_iters"],
}
DEFAULTS = {
    "Conv2d": {"stride": 1, "padding": 0, "bias": True},
    "MaxPool2d": {"stride": None, "padding": 0},
    "AvgPool2d": {"stride": None},
    "BatchNorm2d": {"eps": 1e-5, "momentum": 0.1},
    "LayerNorm": {"eps": 1e-5},
    "GELU": {"approximate": "none"},
    "HuberLoss": {"delta": 1.0},
    "AdamW": {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 1e-2},
    "StepLR": {"gamma": 0.1},
    "CosineAnnealingLR": {"eta_min": 0},
    "LinearLR": {"start_factor": 1 / 3, "end_factor": 1.0, "total_iters": 5},
}


@pytest.mark.parametrize("name", list(CONTRACT))
def test_signature(name):
    assert name in engine.__all__
    params = inspect.signature(getattr(engine, name).__init__).parameters
    positional = [p for p in params if p != "self" and params[p].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
    assert positional[:len(CONTRACT[name])] == CONTRACT[name]
    for param, default in DEFAULTS.get(name, {}).items():
        assert params[param].default == default, (name, param)


def test_method_signatures():
    forward = inspect.signature(engine.ScaledDotProductAttention.forward).parameters
    assert list(forward)[1:] == ["q", "k", "v", "mask"] and forward["mask"].default is None
    for name in ("StepLR", "CosineAnnealingLR", "LinearLR"):
        assert callable(getattr(engine, name).step)
