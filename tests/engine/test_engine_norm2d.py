"""BatchNorm2d and LayerNorm against torch (float64), over training steps and in eval mode."""

from __future__ import annotations

import numpy as np
import pytest

from quizprep.engine import BatchNorm2d, LayerNorm, Param, gradcheck


def _copy_affine(torch, twin, gamma, beta):
    with torch.no_grad():
        twin.weight.copy_(torch.tensor(gamma))
        twin.bias.copy_(torch.tensor(beta))


@pytest.mark.parametrize("momentum", [0.1, None])
def test_batchnorm2d_steps_train_then_eval(momentum, backend, ref, rng):
    torch = ref.torch
    C = 3
    layer = BatchNorm2d(C, momentum=momentum)
    twin = torch.nn.BatchNorm2d(C, momentum=momentum).double()
    gamma, beta = rng.normal(size=C), rng.normal(size=C)
    layer.gamma.data[...], layer.beta.data[...] = gamma, beta
    _copy_affine(torch, twin, gamma, beta)
    layer.to(backend.target())
    assert [name for name, _ in layer.named_parameters()] == ["gamma", "beta"]
    assert not isinstance(layer.running_var, Param)

    for step in range(3):
        x = rng.normal(loc=step, scale=2.0, size=(4, C, 3, 5))
        g = rng.normal(size=x.shape)
        y_ref, dx_ref = ref.run(twin, x, g)
        y = layer(backend(x))
        dx = layer.backward(backend(g))
        backend.check_type(dx)
        np.testing.assert_allclose(backend.numpy(y), y_ref, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(backend.numpy(dx), dx_ref, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(backend.numpy(layer.running_mean), twin.running_mean.numpy(), rtol=1e-12)
        np.testing.assert_allclose(backend.numpy(layer.running_var), twin.running_var.numpy(), rtol=1e-12)
        np.testing.assert_allclose(backend.numpy(layer.gamma.grad), twin.weight.grad.numpy(), rtol=1e-10)
        np.testing.assert_allclose(backend.numpy(layer.beta.grad), twin.bias.grad.numpy(), rtol=1e-10)
    backend.check_type(layer.running_mean)

    layer.eval()
    twin.eval()
    x = rng.normal(size=(1, C, 2, 2))  # one sample is fine in eval
    g = rng.normal(size=x.shape)
    y_ref, dx_ref = ref.run(twin, x, g)
    np.testing.assert_allclose(backend.numpy(layer(backend(x))), y_ref, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(backend.numpy(layer.backward(backend(g))), dx_ref, rtol=1e-10, atol=1e-12)


def test_batchnorm2d_statistics_are_per_channel(rng):
    x = rng.normal(size=(5, 2, 4, 3)) * np.array([1.0, 10.0]).reshape(1, 2, 1, 1) + 3.0
    y = BatchNorm2d(2)(x)
    np.testing.assert_allclose(y.mean(axis=(0, 2, 3)), 0.0, atol=1e-12)
    np.testing.assert_allclose(y.var(axis=(0, 2, 3)), 1.0, rtol=1e-3)
    assert np.abs(y.mean(axis=0)).max() > 0.1  # NOT normalised per position


@pytest.mark.parametrize("training", [True, False])
def test_batchnorm2d_gradcheck(training, backend, rng):
    layer = BatchNorm2d(2)
    layer.gamma.data[...] = [0.5, -2.0]
    layer.running_mean[...] = [0.3, -0.1]
    layer.train(training).to(backend.target())
    report = gradcheck(layer, backend(rng.normal(size=(3, 2, 2, 3))), fast=False)
    assert report, str(report)


def test_batchnorm2d_rejects_bad_input():
    with pytest.raises(ValueError, match=r"\(N, 3, H, W\)"):
        BatchNorm2d(3)(np.ones((2, 4, 2, 2)))
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        BatchNorm2d(3)(np.ones((1, 3, 1, 1)))


@pytest.mark.parametrize(("shape", "normalized"), [((4, 6), 6), ((2, 3, 5), (5,)), ((2, 3, 4, 5), (4, 5))])
def test_layernorm_matches_torch(shape, normalized, backend, ref, rng):
    torch = ref.torch
    layer = LayerNorm(normalized)
    twin = torch.nn.LayerNorm(normalized).double()
    gamma, beta = rng.normal(size=layer.gamma.shape), rng.normal(size=layer.beta.shape)
    layer.gamma.data[...], layer.beta.data[...] = gamma, beta
    _copy_affine(torch, twin, gamma, beta)
    layer.to(backend.target())
    for _ in range(2):  # grads accumulate
        x, g = rng.normal(loc=1.0, scale=3.0, size=shape), rng.normal(size=shape)
        y_ref, dx_ref = ref.run(twin, x, g)
        y = layer(backend(x))
        dx = layer.backward(backend(g))
        backend.check_type(y)
        np.testing.assert_allclose(backend.numpy(y), y_ref, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(backend.numpy(dx), dx_ref, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(backend.numpy(layer.gamma.grad), twin.weight.grad.numpy(), rtol=1e-10)
    np.testing.assert_allclose(backend.numpy(layer.beta.grad), twin.bias.grad.numpy(), rtol=1e-10)


def test_layernorm_is_per_sample_and_the_same_in_eval(rng):
    layer = LayerNorm(4)
    x = rng.normal(size=(3, 4)) * np.array([[1.0], [5.0], [0.1]])
    y = layer(x)
    np.testing.assert_allclose(y.mean(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(layer.eval()(x), y)
    np.testing.assert_allclose(layer(x[1:2]), y[1:2])  # a sample's output ignores the rest of the batch


def test_layernorm_gradcheck_and_errors(backend, rng):
    layer = LayerNorm((2, 3))
    layer.gamma.data[...] = rng.normal(size=(2, 3))
    report = gradcheck(layer.to(backend.target()), backend(rng.normal(size=(4, 2, 3))), fast=False)
    assert report and {c.name for c in report.checks} == {"input", "gamma", "beta"}
    with pytest.raises(ValueError, match=r"\(\*, 2, 3\)"):
        layer(backend(np.ones((4, 3, 2))))
