"""Conv2d against torch.nn.Conv2d (float64), the loop reference, gradcheck and torch-like init."""

from __future__ import annotations

import math

import numpy as np
import pytest

from quizprep.engine import Conv2d, gradcheck
from quizprep.engine.reference_loops import conv2d_backward_loops, conv2d_forward_loops

# (N, C_in, C_out, H, W, kernel, stride, padding): square and non-square inputs / kernels / strides
CASES = [
    (2, 3, 4, 7, 7, 3, 1, 0),
    (2, 3, 4, 8, 8, 3, 1, 1),
    (1, 2, 5, 9, 6, 3, 2, 1),
    (2, 2, 3, 7, 10, (3, 2), (2, 1), (1, 0)),
    (3, 1, 2, 6, 5, (1, 4), (1, 3), (0, 2)),
    (1, 4, 2, 5, 5, 5, 1, 2),
    (2, 2, 2, 9, 9, 2, 3, 1),  # stride > kernel: some inputs are never read
]


def torch_twin(torch, layer: Conv2d):
    """A torch.nn.Conv2d (float64) holding the same W and b."""
    twin = torch.nn.Conv2d(layer.in_channels, layer.out_channels, layer.kernel_size, layer.stride,
                           layer.padding, bias=layer.b is not None).double()
    with torch.no_grad():
        twin.weight.copy_(torch.as_tensor(np.asarray(layer.W.data)))
        if layer.b is not None:
            twin.bias.copy_(torch.as_tensor(np.asarray(layer.b.data)))
    return twin


@pytest.mark.parametrize(("n", "cin", "cout", "h", "w", "k", "s", "p"), CASES)
def test_conv2d_matches_torch(n, cin, cout, h, w, k, s, p, backend, ref, rng):
    layer = Conv2d(cin, cout, k, stride=s, padding=p, rng=0)
    twin = torch_twin(ref.torch, layer)
    layer.to(backend.target())
    x = rng.normal(size=(n, cin, h, w))
    y_shape = tuple(twin(ref.tensor(x)).shape)
    g = rng.normal(size=y_shape)

    y_ref, dx_ref = ref.run(twin, x, g)
    y = layer(backend(x))
    dx = layer.backward(backend(g))
    backend.check_type(y)
    backend.check_type(dx)
    backend.check_type(layer.W.grad)
    assert tuple(y.shape) == y_shape and tuple(dx.shape) == x.shape
    np.testing.assert_allclose(backend.numpy(y), y_ref, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(backend.numpy(dx), dx_ref, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(backend.numpy(layer.W.grad), twin.weight.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(backend.numpy(layer.b.grad), twin.bias.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_conv2d_gradients_accumulate_and_bias_optional(backend, ref, rng):
    layer = Conv2d(2, 3, 3, padding=1, bias=False, rng=1)
    twin = torch_twin(ref.torch, layer)
    layer.to(backend.target())
    assert layer.b is None and [name for name, _ in layer.named_parameters()] == ["W"]
    for _ in range(2):  # two backward passes add up, as torch's .grad does
        x, g = rng.normal(size=(2, 2, 5, 4)), rng.normal(size=(2, 3, 5, 4))
        ref.run(twin, x, g)
        layer(backend(x))
        layer.backward(backend(g))
    np.testing.assert_allclose(backend.numpy(layer.W.grad), twin.weight.grad.numpy(), rtol=1e-10)


def test_conv2d_float32_follows_the_params(rng, torch):
    layer = Conv2d(3, 2, 3, stride=2, padding=1, rng=0).to(dtype="float32")
    x = rng.normal(size=(2, 3, 6, 6)).astype(np.float32)
    y = layer(x)
    assert y.dtype == np.float32 and layer.backward(np.ones_like(y)).dtype == np.float32
    yt = layer.to("torch")(torch.from_numpy(x))
    assert yt.dtype == torch.float32
    np.testing.assert_allclose(yt.numpy(), y, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(("k", "s", "p"), [(3, 1, 0), (3, 2, 1), ((2, 3), (2, 1), (0, 1))])
def test_conv2d_matches_the_loop_reference(k, s, p, rng):
    layer = Conv2d(2, 3, k, stride=s, padding=p, rng=2)
    x = rng.normal(size=(2, 2, 7, 6))
    y = layer(x)
    np.testing.assert_allclose(y, conv2d_forward_loops(x, layer.W.data, layer.b.data, s, p), rtol=1e-12)
    g = rng.normal(size=y.shape)
    dx = layer.backward(g)
    dx_loop, dw_loop, db_loop = conv2d_backward_loops(g, x, layer.W.data, s, p)
    np.testing.assert_allclose(dx, dx_loop, rtol=1e-11, atol=1e-13)
    np.testing.assert_allclose(layer.W.grad, dw_loop, rtol=1e-11)
    np.testing.assert_allclose(layer.b.grad, db_loop, rtol=1e-11)


def test_conv2d_is_cross_correlation_not_flipped():
    """A kernel with a single 1 at its top-left corner shifts the image; a flipped kernel would shift
    it the other way."""
    layer = Conv2d(1, 1, 3, padding=1, bias=False)
    layer.W.data[...] = 0.0
    layer.W.data[0, 0, 0, 0] = 1.0
    x = np.arange(16.0).reshape(1, 1, 4, 4)
    y = layer(x)
    assert y[0, 0, 1, 1] == x[0, 0, 0, 0] and y[0, 0, 2, 3] == x[0, 0, 1, 2]
    assert y[0, 0, 0, 0] == 0.0  # read from the padding


@pytest.mark.parametrize("fast", [True, False])
def test_conv2d_gradcheck(fast, backend, rng):
    layer = Conv2d(2, 2, (3, 2), stride=(2, 1), padding=1, rng=3).to(backend.target())
    report = gradcheck(layer, backend(rng.normal(size=(2, 2, 5, 4))), fast=fast)
    assert report, str(report)
    assert [c.name for c in report.checks] == ["input", "W", "b"]


def test_conv2d_init_like_torch(torch):
    layer = Conv2d(16, 32, (3, 5), rng=0)
    bound = 1.0 / math.sqrt(16 * 3 * 5)
    assert layer.W.shape == (32, 16, 3, 5) and layer.b.shape == (32,)
    for values in (layer.W.data, layer.b.data):
        assert np.abs(values).max() <= bound
    assert np.abs(layer.W.data).max() > 0.95 * bound  # uniform over the whole interval
    np.testing.assert_allclose(layer.W.data.std(), bound / math.sqrt(3), rtol=0.05)
    torch.manual_seed(0)
    twin = torch.nn.Conv2d(16, 32, (3, 5))
    assert twin.weight.abs().max().item() <= bound
    np.testing.assert_allclose(twin.weight.std().item(), layer.W.data.std(), rtol=0.05)
    np.testing.assert_array_equal(Conv2d(16, 32, 3, rng=5).W.data, Conv2d(16, 32, 3, rng=5).W.data)


def test_conv2d_skips_dx_when_not_needed(rng):
    layer = Conv2d(1, 2, 3, rng=0)
    layer.needs_input_grad = False
    y = layer(rng.normal(size=(1, 1, 4, 4)))
    assert layer.backward(np.ones_like(y)) is None
    assert np.any(layer.W.grad != 0)


def test_conv2d_rejects_bad_input():
    layer = Conv2d(3, 2, 3)
    with pytest.raises(ValueError, match=r"\(N, C, H, W\)"):
        layer(np.ones((3, 5, 5)))
    with pytest.raises(ValueError, match="3 input channels"):
        layer(np.ones((1, 2, 5, 5)))
    with pytest.raises(ValueError, match="larger than the padded input"):
        layer(np.ones((1, 3, 2, 2)))
    with pytest.raises(ValueError, match="stride > 0"):
        Conv2d(3, 2, 3, stride=0)
