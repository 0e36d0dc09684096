"""Param, Layer (parameter discovery, modes, zero_grad, .to), Sequential, and the package surface."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from quizprep import engine
from quizprep.engine import BatchNorm1d, Dropout, Layer, Linear, Param, ReLU, Sequential


class Scale(Layer):
    """y = s·x with a learnable s; does not call super().__init__()."""

    def __init__(self) -> None:
        self.s = Param(np.array([2.0]))

    def forward(self, x):
        self.x = x
        return self.s.data * x

    def backward(self, grad):
        self.s.grad += (grad * self.x).sum(keepdims=True).reshape(1)
        return grad * self.s.data


class Block(Layer):
    """Nested layers: an attribute, a Sequential and a list; one Param shared twice."""

    def __init__(self) -> None:
        self.first = Linear(3, 3, rng=0)
        self.body = Sequential(Scale(), ReLU(), Dropout(0.5, rng=0))
        self.extra = [BatchNorm1d(3)]
        self.tied = self.first.W  # the same Param under two names: listed once

    def forward(self, x):
        return self.extra[0](self.body(self.first(x)))

    def backward(self, grad):
        return self.first.backward(self.body.backward(self.extra[0].backward(grad)))


def test_param_holds_data_and_zero_grad(backend):
    p = Param(backend(np.arange(6.0).reshape(2, 3)))
    backend.check_type(p.grad)
    assert p.grad.shape == p.data.shape and p.grad.dtype == p.data.dtype
    np.testing.assert_array_equal(backend.numpy(p.grad), 0.0)
    p.data = backend(np.ones(4))  # plain attributes: reassigning is allowed
    assert p.shape == (4,)


def test_parameters_found_without_super_init():
    layer = Scale()
    assert Layer.training is True and layer.training is True  # class-attribute default
    assert layer.parameters() == [layer.s]

    block = Block()
    names = [name for name, _ in block.named_parameters()]
    assert names == ["first.W", "first.b", "body.layers.0.s", "extra.0.gamma", "extra.0.beta"]
    assert len(block.parameters()) == 5


def test_train_eval_propagate_and_zero_grad(rng):
    block = Block()
    block.eval()
    assert not block.training and not block.body.layers[2].training and not block.extra[0].training
    block.train()
    assert all(layer.training for layer in (block, block.body, block.body.layers[2], block.extra[0]))

    block.eval()
    x = rng.normal(size=(4, 3))
    block(x)
    block.backward(np.ones((4, 3)))
    grads = [p.grad for p in block.parameters()]
    assert any(np.any(g != 0) for g in grads)
    block.zero_grad()
    assert all(np.all(p.grad == 0) for p in block.parameters())
    assert [p.grad for p in block.parameters()] == grads  # zeroed in place, same arrays


def test_sequential_chains_forward_and_reverses_backward(rng):
    a, b = Linear(3, 4, rng=0), Linear(4, 2, rng=1)
    model = Sequential(a, ReLU(), b)
    x, g = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    y = model(x)
    np.testing.assert_allclose(y, np.maximum(x @ a.W.data + a.b.data, 0) @ b.W.data + b.b.data)
    dx = model.backward(g)
    h = x @ a.W.data + a.b.data
    dh = (g @ b.W.data.T) * (h > 0)
    np.testing.assert_allclose(dx, dh @ a.W.data.T)
    np.testing.assert_allclose(a.W.grad, x.T @ dh)
    assert len(model) == 3 and model[2] is b and list(model) == model.layers
    assert model.parameters() == [a.W, a.b, b.W, b.b]
    assert "Linear(in_features=3" in repr(model)


def test_to_moves_params_and_buffers(torch):
    model = Sequential(Linear(3, 2, rng=0), BatchNorm1d(2))
    w = model[0].W.data.copy()
    model.to("torch")
    for p in model.parameters():
        assert isinstance(p.data, torch.Tensor) and isinstance(p.grad, torch.Tensor)
    assert isinstance(model[1].running_var, torch.Tensor)
    np.testing.assert_array_equal(model[0].W.data.numpy(), w)
    y = model(torch.ones(4, 3, dtype=torch.float64))
    assert isinstance(y, torch.Tensor)

    model.to("cpu")  # keeps the library
    assert isinstance(model[0].W.data, torch.Tensor)
    model.to(torch.device("cpu"), dtype=torch.float32)
    assert model[0].W.data.dtype == torch.float32 and model[1].running_mean.dtype == torch.float32
    model.to("numpy", dtype="float64")
    assert isinstance(model[0].W.data, np.ndarray) and model[0].W.data.dtype == np.float64
    assert isinstance(model[1].running_mean, np.ndarray)
    np.testing.assert_allclose(model[0].W.data, w, rtol=1e-6)
    with pytest.raises(ValueError):
        model.to(42)


def test_to_cpu_keeps_numpy():
    layer = Linear(2, 2, rng=0).to("cpu")
    assert isinstance(layer.W.data, np.ndarray)
    layer.to(dtype=np.float32)
    assert layer.W.data.dtype == np.float32 and layer.W.grad.dtype == np.float32


def test_mixing_libraries_is_an_error(torch):
    layer = Linear(2, 2, rng=0)  # numpy params
    with pytest.raises(TypeError):
        engine.namespace(layer.W.data, torch.ones(2))


def test_import_does_not_import_torch():
    code = "import sys, quizprep.engine; assert 'torch' not in sys.modules, 'torch imported'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2])


def test_exports():
    for name in engine.__all__:
        assert hasattr(engine, name), name
    for name in ["Param", "Layer", "Sequential", "Linear", "ReLU", "LeakyReLU", "PReLU", "ELU", "Sigmoid",
                 "Tanh", "ArcTan", "Softplus", "Softmax", "Dropout", "BatchNorm1d", "MSELoss", "L1Loss",
                 "BCELoss", "CrossEntropyLoss", "SGD", "Adagrad", "RMSprop", "Adam", "xavier_normal_",
                 "kaiming_normal_", "simple_normal", "notes_xavier_scale", "notes_he_scale", "gradcheck"]:
        assert name in engine.__all__, name
