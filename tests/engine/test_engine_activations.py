"""Activations against torch autograd, for numpy arrays and torch tensors."""

from __future__ import annotations

import numpy as np
import pytest

from quizprep.engine import ELU, ArcTan, LeakyReLU, PReLU, ReLU, Sigmoid, Softmax, Softplus, Tanh, gradcheck

# (engine layer, torch reference built from the torch module)
CASES = {
    "ReLU": (ReLU, lambda torch: torch.nn.ReLU()),
    "LeakyReLU": (LeakyReLU, lambda torch: torch.nn.LeakyReLU()),
    "LeakyReLU(0.2)": (lambda: LeakyReLU(0.2), lambda torch: torch.nn.LeakyReLU(0.2)),
    "ELU": (ELU, lambda torch: torch.nn.ELU()),
    "ELU(0.7)": (lambda: ELU(alpha=0.7), lambda torch: torch.nn.ELU(alpha=0.7)),
    "Sigmoid": (Sigmoid, lambda torch: torch.nn.Sigmoid()),
    "Tanh": (Tanh, lambda torch: torch.nn.Tanh()),
    "ArcTan": (ArcTan, lambda torch: torch.atan),
    "Softplus": (Softplus, lambda torch: torch.nn.Softplus()),
    "Softplus(2, 5)": (lambda: Softplus(beta=2.0, threshold=5.0),
                       lambda torch: torch.nn.Softplus(beta=2.0, threshold=5.0)),
    "Softmax": (Softmax, lambda torch: torch.nn.Softmax(dim=-1)),
}


def make_input(rng: np.random.Generator, shape: tuple[int, ...] = (6, 7)) -> np.ndarray:
    """Random values plus the awkward ones: exact zeros, the Softplus thresholds, ±30, ±1000."""
    x = rng.normal(scale=3.0, size=shape)
    x.flat[:10] = [0.0, -0.0, 20.0, 20.5, 2.5, -30.0, 30.0, 1000.0, -1000.0, 1e-12]
    return x


@pytest.mark.parametrize("name", list(CASES))
def test_activation_matches_torch(name, backend, ref, rng):
    make_layer, make_reference = CASES[name]
    x, g = make_input(rng), rng.normal(size=(6, 7))
    y_ref, dx_ref = ref.run(make_reference(ref.torch), x, g)

    layer = make_layer()
    y = layer(backend(x))
    dx = layer.backward(backend(g))

    backend.check_type(y)
    backend.check_type(dx)
    np.testing.assert_allclose(backend.numpy(y), y_ref, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(backend.numpy(dx), dx_ref, rtol=1e-12, atol=1e-14)
    assert np.all(np.isfinite(backend.numpy(y)))


@pytest.mark.parametrize("name", list(CASES))
def test_activation_batch_of_one_and_float32(name, backend, ref, rng):
    make_layer, make_reference = CASES[name]
    x = rng.normal(size=(1, 5)).astype(np.float32)
    g = rng.normal(size=(1, 5)).astype(np.float32)
    y_ref, dx_ref = ref.run(make_reference(ref.torch), x, g)
    layer = make_layer()
    y = layer(backend(x))
    dx = layer.backward(backend(g))
    assert y.dtype == backend(x).dtype and dx.dtype == backend(x).dtype  # follows the input's dtype
    np.testing.assert_allclose(backend.numpy(y), y_ref, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(backend.numpy(dx), dx_ref, rtol=1e-5, atol=1e-6)


def test_softmax_huge_logits_and_rows_sum_to_one(backend, ref, rng):
    x = rng.normal(size=(4, 10)) * 1000.0
    g = rng.normal(size=(4, 10))
    y_ref, dx_ref = ref.run(ref.torch.nn.Softmax(dim=-1), x, g)
    layer = Softmax()
    y = backend.numpy(layer(backend(x)))
    np.testing.assert_allclose(y.sum(axis=-1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(y, y_ref, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(backend.numpy(layer.backward(backend(g))), dx_ref, rtol=1e-10, atol=1e-300)


@pytest.mark.parametrize("num_parameters", [1, 3])
def test_prelu_matches_torch_and_accumulates(num_parameters, backend, ref, rng):
    torch = ref.torch
    x = make_input(rng, (5, 3))
    g1, g2 = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    reference = torch.nn.PReLU(num_parameters).double()
    xt = ref.tensor(x, requires_grad=True)
    yt = reference(xt)
    yt.backward(ref.tensor(g1))

    layer = PReLU(num_parameters).to(backend.target())
    assert [name for name, _ in layer.named_parameters()] == ["alpha"]
    np.testing.assert_array_equal(backend.numpy(layer.alpha.data), 0.25)
    y = layer(backend(x))
    dx = layer.backward(backend(g1))
    np.testing.assert_allclose(backend.numpy(y), yt.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(backend.numpy(dx), xt.grad.numpy(), rtol=1e-12)
    np.testing.assert_allclose(backend.numpy(layer.alpha.grad), reference.weight.grad.numpy(), rtol=1e-12)

    # a second backward accumulates into alpha.grad, as torch does
    layer(backend(x))
    layer.backward(backend(g2))
    reference(xt).backward(ref.tensor(g2))
    np.testing.assert_allclose(backend.numpy(layer.alpha.grad), reference.weight.grad.numpy(), rtol=1e-12)


def test_prelu_on_3d_input_per_channel(ref, rng):
    torch = ref.torch
    x, g = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 3, 4))
    reference = torch.nn.PReLU(3).double()
    with torch.no_grad():
        reference.weight.copy_(torch.tensor([0.1, 0.2, 0.3], dtype=torch.float64))
    y_ref, dx_ref = ref.run(reference, x, g)
    layer = PReLU(3)
    layer.alpha.data[...] = [0.1, 0.2, 0.3]
    np.testing.assert_allclose(layer(x), y_ref, rtol=1e-12)
    np.testing.assert_allclose(layer.backward(g), dx_ref, rtol=1e-12)
    np.testing.assert_allclose(layer.alpha.grad, reference.weight.grad.numpy(), rtol=1e-12)


@pytest.mark.parametrize("make_layer", [ReLU, LeakyReLU, lambda: PReLU(2), ELU, Sigmoid, Tanh, ArcTan, Softplus,
                                        Softmax])
def test_activation_gradcheck(make_layer, rng):
    x = rng.normal(size=(3, 2)) + 0.1  # keep away from the kinks at 0 (difference quotients straddle them)
    report = gradcheck(make_layer(), x, fast=False)
    assert report, str(report)
