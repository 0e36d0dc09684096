"""Losses against torch.nn (mean reduction), values and gradients."""

from __future__ import annotations

import numpy as np
import pytest

from quizprep.engine import BCELoss, CrossEntropyLoss, L1Loss, MSELoss, gradcheck


def check_scalar(loss, backend) -> float:
    """The loss is a 0-d array of the input's library that converts to float."""
    backend.check_type(loss)
    assert tuple(loss.shape) == ()
    return float(loss)


def torch_loss(ref, module, pred, target, target_dtype=None):
    pt = ref.tensor(pred, requires_grad=True)
    tt = ref.tensor(target) if target_dtype is None else ref.torch.tensor(target, dtype=target_dtype)
    out = module(pt, tt)
    out.backward()
    return out.item(), pt.grad.numpy()


@pytest.mark.parametrize("name", ["MSELoss", "L1Loss"])
@pytest.mark.parametrize("shape", [(6, 3), (1, 1), (5,)])
def test_regression_losses(name, shape, backend, ref, rng):
    pred, target = rng.normal(size=shape), rng.normal(size=shape)
    target.flat[0] = pred.flat[0]  # a zero difference: L1's sign(0) = 0
    value_ref, grad_ref = torch_loss(ref, getattr(ref.torch.nn, name)(), pred, target)
    loss = {"MSELoss": MSELoss, "L1Loss": L1Loss}[name]()
    value = check_scalar(loss(backend(pred), backend(target)), backend)
    grad = loss.backward()
    backend.check_type(grad)
    np.testing.assert_allclose(value, value_ref, rtol=1e-12)
    np.testing.assert_allclose(backend.numpy(grad), grad_ref, rtol=1e-12)
    np.testing.assert_allclose(backend.numpy(loss.backward(2.5)), 2.5 * grad_ref, rtol=1e-12)  # upstream


def test_bce_matches_torch_including_saturated_probabilities(backend, ref, rng):
    p = 1 / (1 + np.exp(-rng.normal(size=(5, 4))))
    t = rng.integers(0, 2, size=(5, 4)).astype(np.float64)
    t[0, :2] = [0.3, 0.8]  # soft targets
    p[1, :4] = [0.0, 1.0, 0.0, 1.0]  # log clamped at -100: finite loss
    t[1, :4] = [0.0, 1.0, 1.0, 0.0]
    value_ref, grad_ref = torch_loss(ref, ref.torch.nn.BCELoss(), p, t)
    loss = BCELoss()
    value = check_scalar(loss(backend(p), backend(t)), backend)
    np.testing.assert_allclose(value, value_ref, rtol=1e-12)
    assert np.isfinite(value)
    np.testing.assert_allclose(backend.numpy(loss.backward()), grad_ref, rtol=1e-10)


@pytest.mark.parametrize("scale", [1.0, 1000.0])
@pytest.mark.parametrize("batch", [1, 7])
def test_cross_entropy_matches_torch(scale, batch, backend, ref, rng):
    logits = rng.normal(size=(batch, 5)) * scale  # scale 1000: needs log-sum-exp
    target = rng.integers(0, 5, size=batch)
    value_ref, grad_ref = torch_loss(ref, ref.torch.nn.CrossEntropyLoss(), logits, target, ref.torch.int64)
    loss = CrossEntropyLoss()
    value = check_scalar(loss(backend(logits), target), backend)  # numpy targets are converted
    np.testing.assert_allclose(value, value_ref, rtol=1e-12)
    grad = loss.backward()
    np.testing.assert_allclose(backend.numpy(grad), grad_ref, rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose(backend.numpy(grad).sum(axis=1), 0.0, atol=1e-12)
    loss(backend(logits), backend(target))  # targets in the backend's own type work too
    np.testing.assert_allclose(backend.numpy(loss.backward()), grad_ref, rtol=1e-10, atol=1e-15)


def test_losses_gradcheck(rng):
    pred = rng.normal(size=(4, 3))
    assert gradcheck(MSELoss(), pred, rng.normal(size=(4, 3)), fast=False)
    assert gradcheck(L1Loss(), pred, rng.normal(size=(4, 3)), fast=False)
    assert gradcheck(BCELoss(), rng.uniform(0.1, 0.9, size=(4, 3)), rng.uniform(size=(4, 3)), fast=False)
    assert gradcheck(CrossEntropyLoss(), pred * 100, rng.integers(0, 3, size=4), fast=False)
    assert gradcheck(CrossEntropyLoss(), pred, rng.integers(0, 3, size=4))
