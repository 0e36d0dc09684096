"""BatchNorm1d against torch.nn.BatchNorm1d over several training steps and in eval mode."""

from __future__ import annotations

import numpy as np
import pytest

from quizprep.engine import BatchNorm1d, Param, gradcheck


@pytest.mark.parametrize("momentum", [0.1, 0.3, None])
def test_batchnorm_steps_train_then_eval(momentum, backend, ref, rng):
    torch = ref.torch
    C = 4
    layer = BatchNorm1d(C, momentum=momentum)
    twin = torch.nn.BatchNorm1d(C, momentum=momentum).double()
    gamma, beta = rng.normal(size=C), rng.normal(size=C)
    layer.gamma.data[...] = gamma
    layer.beta.data[...] = beta
    with torch.no_grad():
        twin.weight.copy_(torch.tensor(gamma))
        twin.bias.copy_(torch.tensor(beta))
    layer.to(backend.target())
    assert [name for name, _ in layer.named_parameters()] == ["gamma", "beta"]
    assert not isinstance(layer.running_mean, Param)

    for step in range(3):  # three training batches: running stats move each time
        x = rng.normal(loc=step, scale=2.0, size=(6, C))
        g = rng.normal(size=(6, C))
        y_ref, dx_ref = ref.run(twin, x, g)
        y = layer(backend(x))
        dx = layer.backward(backend(g))
        np.testing.assert_allclose(backend.numpy(y), y_ref, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(backend.numpy(dx), dx_ref, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(backend.numpy(layer.running_mean), twin.running_mean.numpy(), rtol=1e-12)
        np.testing.assert_allclose(backend.numpy(layer.running_var), twin.running_var.numpy(), rtol=1e-12)
        # gradients accumulate over the steps in both
        np.testing.assert_allclose(backend.numpy(layer.gamma.grad), twin.weight.grad.numpy(), rtol=1e-10)
        np.testing.assert_allclose(backend.numpy(layer.beta.grad), twin.bias.grad.numpy(), rtol=1e-10)
    backend.check_type(layer.running_mean)
    assert layer.num_batches_tracked == twin.num_batches_tracked.item() == 3

    layer.eval()
    twin.eval()
    for batch in (5, 1):  # eval works on a single sample: running statistics are used
        x, g = rng.normal(size=(batch, C)), rng.normal(size=(batch, C))
        y_ref, dx_ref = ref.run(twin, x, g)
        mean_before = backend.numpy(layer.running_mean).copy()
        np.testing.assert_allclose(backend.numpy(layer(backend(x))), y_ref, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(backend.numpy(layer.backward(backend(g))), dx_ref, rtol=1e-10, atol=1e-12)
        np.testing.assert_array_equal(backend.numpy(layer.running_mean), mean_before)  # untouched in eval
        np.testing.assert_allclose(backend.numpy(layer.gamma.grad), twin.weight.grad.numpy(), rtol=1e-10)


def test_batchnorm_training_needs_more_than_one_sample(backend):
    layer = BatchNorm1d(3).to(backend.target())
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        layer(backend(np.ones((1, 3))))
    with pytest.raises(ValueError, match=r"\(N, C\)"):
        layer(backend(np.ones((4, 3, 2))))


def test_batchnorm_train_eval_switch_changes_statistics(rng):
    layer = BatchNorm1d(2)
    x = rng.normal(loc=5.0, size=(50, 2))
    y_train = layer(x)
    np.testing.assert_allclose(y_train.mean(axis=0), 0.0, atol=1e-12)
    layer.eval()
    y_eval = layer(x)  # running stats after one step are far from the batch's
    assert not np.allclose(y_eval, y_train)
    layer.train()
    np.testing.assert_allclose(layer(x).mean(axis=0), 0.0, atol=1e-12)


@pytest.mark.parametrize("training", [True, False])
def test_batchnorm_gradcheck_leaves_layer_untouched(training, rng):
    layer = BatchNorm1d(3)
    layer.gamma.data[...] = [0.5, -1.0, 2.0]
    layer.running_mean[...] = [0.1, 0.2, 0.3]
    layer.train(training)
    x = rng.normal(size=(5, 3))
    report = gradcheck(layer, x, fast=False)
    assert report, str(report)
    assert {c.name for c in report.checks} == {"input", "gamma", "beta"}
    np.testing.assert_array_equal(layer.running_mean, [0.1, 0.2, 0.3])  # gradcheck worked on a copy
    assert layer.num_batches_tracked == 0
    np.testing.assert_array_equal(layer.gamma.grad, 0.0)
