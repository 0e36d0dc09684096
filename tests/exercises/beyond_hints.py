"""The hints of the exercises beyond the notes (issue 13), each applied: the formula written from the hint and
compared with the engine (which tests/engine compares with torch). Joined into test_hints.HINT_CHECKS."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from quizprep import engine

RNG = np.random.default_rng(13)


def close(a: object, b: object) -> bool:
    return bool(np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=1e-9, atol=1e-12))


def param_values(layer: engine.Layer, rng: np.random.Generator) -> None:
    for name, param in layer.named_parameters():
        param.data[...] = rng.uniform(0.5, 1.5, param.shape) if name == "gamma" else rng.normal(size=param.shape)


# --- conv2d ------------------------------------------------------------------------------------------------

CONV_SETTINGS = ((3, 1, 0), (3, 2, 1), (2, 2, 0), (3, 3, 2))  # kernel, stride, padding


def conv_setup(k: int, s: int, p: int) -> tuple[engine.Conv2d, np.ndarray, np.ndarray, np.ndarray]:
    layer = engine.Conv2d(2, 3, k, stride=s, padding=p)
    param_values(layer, RNG)
    x = RNG.normal(size=(2, 2, 7, 6))
    y = np.asarray(layer.forward(x.copy()))
    grad = RNG.normal(size=y.shape)
    layer.backward(grad.copy())
    return layer, x, y, grad


def padded(x: np.ndarray, p: int, value: float = 0.0) -> np.ndarray:
    return np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)), constant_values=value)


def conv_output_size() -> bool:
    for k, s, p in CONV_SETTINGS:
        _, _, y, _ = conv_setup(k, s, p)
        if y.shape[2:] != ((7 + 2 * p - k) // s + 1, (6 + 2 * p - k) // s + 1):
            return False
    return True


def conv_cross_correlation() -> bool:
    for k, s, p in CONV_SETTINGS:
        layer, x, y, _ = conv_setup(k, s, p)
        w, b, x_pad = np.asarray(layer.W.data), np.asarray(layer.b.data), padded(x, p)
        mine = np.zeros_like(y)
        for n, o, i, j in np.ndindex(*y.shape):
            mine[n, o, i, j] = b[o] + np.sum(w[o] * x_pad[n, :, i * s:i * s + k, j * s:j * s + k])
        if not close(mine, y):
            return False
    return True


def conv_dx_at_stride_positions() -> bool:
    for k, s, p in CONV_SETTINGS:
        layer = engine.Conv2d(2, 3, k, stride=s, padding=p)
        param_values(layer, RNG)
        x = RNG.normal(size=(2, 2, 7, 6))
        grad = RNG.normal(size=np.asarray(layer.forward(x.copy())).shape)
        dx = np.asarray(layer.backward(grad.copy()))
        w = np.asarray(layer.W.data)
        dx_pad = np.zeros_like(padded(x, p))
        for n, o, i, j in np.ndindex(*grad.shape):
            dx_pad[n, :, i * s:i * s + k, j * s:j * s + k] += grad[n, o, i, j] * w[o]
        if not close(dx_pad[:, :, p:p + 7, p:p + 6], dx):
            return False
    return True


def conv_parameter_grads() -> bool:
    for k, s, p in CONV_SETTINGS:
        layer, x, _, grad = conv_setup(k, s, p)
        x_pad = padded(x, p)
        w_grad = np.zeros(layer.W.shape)
        for n, o, i, j in np.ndindex(*grad.shape):
            w_grad[o] += grad[n, o, i, j] * x_pad[n, :, i * s:i * s + k, j * s:j * s + k]
        if not (close(w_grad, layer.W.grad) and close(grad.sum(axis=(0, 2, 3)), layer.b.grad)):
            return False
    return True


# --- maxpool2d ---------------------------------------------------------------------------------------------

POOL_SETTINGS = ((2, None, 0), (3, 2, 1), (2, 1, 0), (3, 1, 1))


def pool_windows(x: np.ndarray, k: int, s: int | None, p: int, value: float = -np.inf):
    s = k if s is None else s
    x_pad = padded(x, p, value)
    h_out, w_out = (x_pad.shape[2] - k) // s + 1, (x_pad.shape[3] - k) // s + 1
    for i in range(h_out):
        for j in range(w_out):
            yield i, j, (slice(i * s, i * s + k), slice(j * s, j * s + k)), x_pad


def pool_forward_from_hint(x: np.ndarray, k: int, s: int | None, p: int, value: float = -np.inf) -> np.ndarray:
    stride = k if s is None else s
    shape = ((7 + 2 * p - k) // stride + 1, (6 + 2 * p - k) // stride + 1)
    y = np.zeros((*x.shape[:2], *shape))
    for i, j, window, x_pad in pool_windows(x, k, s, p, value):
        y[:, :, i, j] = x_pad[:, :, window[0], window[1]].max(axis=(2, 3))
    return y


def pool_output_size() -> bool:
    for k, s, p in POOL_SETTINGS:
        y = np.asarray(engine.MaxPool2d(k, s, p).forward(RNG.normal(size=(2, 3, 7, 6))))
        stride = k if s is None else s
        if y.shape[2:] != ((7 + 2 * p - k) // stride + 1, (6 + 2 * p - k) // stride + 1):
            return False
    return True


def pool_minus_infinity_padding() -> bool:
    x = -1.0 - np.abs(RNG.normal(size=(2, 3, 7, 6)))  # all negative: a zero in the padding would win
    for k, s, p in POOL_SETTINGS:
        y = np.asarray(engine.MaxPool2d(k, s, p).forward(x.copy()))
        if not close(pool_forward_from_hint(x, k, s, p), y):
            return False
    zero_padded = pool_forward_from_hint(x, 3, 2, 1, value=0.0)
    return not close(zero_padded, np.asarray(engine.MaxPool2d(3, 2, 1).forward(x.copy())))


def pool_dx(x: np.ndarray, grad: np.ndarray, k: int, s: int | None, p: int, add: bool = True) -> np.ndarray:
    dx_pad = np.zeros_like(padded(x, p))
    for i, j, window, x_pad in pool_windows(x, k, s, p):
        for n, c in np.ndindex(*x.shape[:2]):
            first = np.argmax(x_pad[n, c, window[0], window[1]])  # the first maximum, row-major
            a, b = np.unravel_index(first, (k, k))
            row, col = window[0].start + a, window[1].start + b
            dx_pad[n, c, row, col] = dx_pad[n, c, row, col] + grad[n, c, i, j] if add else grad[n, c, i, j]
    return dx_pad[:, :, p:p + x.shape[2], p:p + x.shape[3]]


def pool_backward(add: bool) -> bool:
    x = RNG.integers(-1, 2, size=(2, 3, 7, 6)).astype(float)  # many ties
    results = []
    for k, s, p in POOL_SETTINGS:
        layer = engine.MaxPool2d(k, s, p)
        grad = RNG.normal(size=np.asarray(layer.forward(x.copy())).shape)
        results.append(close(pool_dx(x, grad, k, s, p, add), layer.backward(grad.copy())))
    return all(results) if add else not all(results)  # assigning (=) loses overlapping windows


# --- batchnorm2d and layernorm -----------------------------------------------------------------------------

def bn2d_trained(momentum: float = 0.3) -> tuple[engine.BatchNorm2d, list[np.ndarray]]:
    layer = engine.BatchNorm2d(3, momentum=momentum)
    param_values(layer, RNG)
    batches = [RNG.normal(size=(2, 3, 4, 5)) * 2 + step for step in range(4)]
    for x in batches:
        layer.forward(x.copy())
    return layer, batches


def bn2d_forward() -> bool:
    layer = engine.BatchNorm2d(3)
    param_values(layer, RNG)
    x = RNG.normal(size=(2, 3, 4, 5)) * 3 + 1
    mu, var = x.mean(axis=(0, 2, 3)), x.var(axis=(0, 2, 3))
    gamma, beta = (np.asarray(v).reshape(1, 3, 1, 1) for v in (layer.gamma.data, layer.beta.data))
    expected = gamma * (x - mu.reshape(1, 3, 1, 1)) / np.sqrt(var.reshape(1, 3, 1, 1) + 1e-5) + beta
    return close(layer.forward(x.copy()), expected)


def bn2d_running_var() -> bool:
    layer, batches = bn2d_trained(0.3)
    running = np.ones(3)
    for x in batches:
        m = x.shape[0] * x.shape[2] * x.shape[3]
        running = (1 - 0.3) * running + 0.3 * x.var(axis=(0, 2, 3)) * m / (m - 1)
    return close(layer.running_var, running)


def bn2d_eval() -> bool:
    layer, _ = bn2d_trained()
    layer.eval()
    x = RNG.normal(size=(1, 3, 4, 5))
    shape = (1, 3, 1, 1)
    gamma, beta, mean, var = (np.asarray(v).reshape(shape) for v in (
        layer.gamma.data, layer.beta.data, layer.running_mean, layer.running_var))
    return close(layer.forward(x.copy()), gamma * (x - mean) / np.sqrt(var + 1e-5) + beta)


def normalisation_backward(layer: engine.Layer, x: np.ndarray, axes: tuple[int, ...], gamma: np.ndarray) -> bool:
    grad = RNG.normal(size=x.shape)
    layer.forward(x.copy())
    dx = layer.backward(grad.copy())
    m = int(np.prod([x.shape[a] for a in axes]))
    sigma = np.sqrt(x.var(axis=axes, keepdims=True) + 1e-5)
    x_hat = (x - x.mean(axis=axes, keepdims=True)) / sigma
    dx_hat = grad * gamma
    expected = (m * dx_hat - dx_hat.sum(axis=axes, keepdims=True)
                - x_hat * (dx_hat * x_hat).sum(axis=axes, keepdims=True)) / (m * sigma)
    return close(dx, expected)


def bn2d_backward() -> bool:
    layer = engine.BatchNorm2d(3)
    param_values(layer, RNG)
    return normalisation_backward(layer, RNG.normal(size=(2, 3, 4, 5)), (0, 2, 3),
                                  np.asarray(layer.gamma.data).reshape(1, 3, 1, 1))


def layernorm_setup() -> tuple[engine.LayerNorm, np.ndarray]:
    layer = engine.LayerNorm(6)
    param_values(layer, RNG)
    return layer, RNG.normal(size=(4, 3, 6)) * 2 + 1


def layernorm_statistics() -> bool:
    layer, x = layernorm_setup()
    mu, var = x.mean(axis=-1, keepdims=True), x.var(axis=-1, keepdims=True)
    y = np.asarray(layer.forward(x.copy()))
    gamma, beta = np.asarray(layer.gamma.data), np.asarray(layer.beta.data)
    batch_axis = (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + 1e-5) * gamma + beta
    return close((y - beta) / gamma, (x - mu) / np.sqrt(var + 1e-5)) and not close(y, batch_axis)


def layernorm_affine_in_eval_too() -> bool:
    layer, x = layernorm_setup()
    gamma, beta = np.asarray(layer.gamma.data), np.asarray(layer.beta.data)
    expected = gamma * (x - x.mean(axis=-1, keepdims=True)) / np.sqrt(x.var(axis=-1, keepdims=True) + 1e-5) + beta
    training = close(layer.forward(x.copy()), expected)
    layer.eval()
    return training and close(layer.forward(x.copy()), expected)


def layernorm_backward() -> bool:
    layer, x = layernorm_setup()
    gamma = np.asarray(layer.gamma.data)
    if not normalisation_backward(layer, x, (2,), gamma):
        return False
    layer.zero_grad()
    grad = RNG.normal(size=x.shape)
    layer.forward(x.copy())
    layer.backward(grad.copy())
    x_hat = (x - x.mean(axis=-1, keepdims=True)) / np.sqrt(x.var(axis=-1, keepdims=True) + 1e-5)
    return close(layer.gamma.grad, (grad * x_hat).sum(axis=(0, 1))) and close(layer.beta.grad, grad.sum(axis=(0, 1)))


# --- embedding ---------------------------------------------------------------------------------------------

def embedding_setup() -> tuple[engine.Embedding, np.ndarray, np.ndarray]:
    layer = engine.Embedding(10, 4)
    param_values(layer, RNG)
    idx = np.array([[1, 3, 1, 7], [3, 1, 0, 9]])
    return layer, idx, RNG.normal(size=(2, 4, 4))


def embedding_lookup() -> bool:
    layer, idx, _ = embedding_setup()
    return close(layer.forward(idx), np.asarray(layer.W.data)[idx])


def embedding_add_at() -> bool:
    layer, idx, grad = embedding_setup()
    layer.forward(idx)
    layer.backward(grad.copy())
    mine = np.zeros((10, 4))
    np.add.at(mine, idx.reshape(-1), grad.reshape(-1, 4))
    lost = np.zeros((10, 4))
    lost[idx] += grad  # the warned-against form: a repeated row is written once
    return close(mine, layer.W.grad) and not close(lost, layer.W.grad)


# --- attention ---------------------------------------------------------------------------------------------

def attention_inputs(masked: bool) -> tuple[np.ndarray, ...]:
    q, k, v = RNG.normal(size=(2, 4, 5)), RNG.normal(size=(2, 6, 5)), RNG.normal(size=(2, 6, 3))
    mask = RNG.random((4, 6)) < 0.5
    mask[:, 0] = True
    return (q, k, v, mask) if masked else (q, k, v, None)


def softmax_last(s: np.ndarray) -> np.ndarray:
    e = np.exp(s - s.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def attention_from_hints(q: np.ndarray, k: np.ndarray, v: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    return softmax_last(scores) @ v


def attention_forward(masked: bool) -> bool:
    q, k, v, mask = attention_inputs(masked)
    return close(engine.ScaledDotProductAttention().forward(q, k, v, mask), attention_from_hints(q, k, v, mask))


def attention_mask_rows_sum_to_one() -> bool:
    q, k, _, mask = attention_inputs(True)
    scores = np.where(mask, q @ np.swapaxes(k, -1, -2) / np.sqrt(5), -np.inf)
    weights = softmax_last(scores)
    return attention_forward(True) and close(weights.sum(axis=-1), 1.0) and close(weights * ~mask, 0.0)


def attention_backward() -> bool:
    q, k, v, mask = attention_inputs(True)
    layer = engine.ScaledDotProductAttention()
    y = layer.forward(q, k, v, mask)
    grad = RNG.normal(size=np.asarray(y).shape)
    dq, dk, dv = layer.backward(grad.copy())
    a = softmax_last(np.where(mask, q @ np.swapaxes(k, -1, -2) / np.sqrt(5), -np.inf))
    d_a = grad @ np.swapaxes(v, -1, -2)
    d_s = a * (d_a - (d_a * a).sum(axis=-1, keepdims=True)) / np.sqrt(5)
    return close(dv, np.swapaxes(a, -1, -2) @ grad) and close(dq, d_s @ k) and close(dk, np.swapaxes(d_s, -1, -2) @ q)


# --- adamw -------------------------------------------------------------------------------------------------

W0 = RNG.normal(size=(3, 4))
GRADS = [RNG.normal(size=(3, 4)) for _ in range(30)]


def adamw_from_hints(lr: float, beta1: float, beta2: float, eps: float, decay: float) -> np.ndarray:
    w, m, v = W0.copy(), np.zeros_like(W0), np.zeros_like(W0)
    for t, g in enumerate(GRADS, 1):
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
        w = w - lr * decay * w
        w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w


def adamw_matches() -> bool:
    param = engine.Param(W0.copy())
    optimizer = engine.AdamW([param], lr=0.05, betas=(0.8, 0.99), eps=0.1, weight_decay=0.3)
    for g in GRADS:
        param.grad[...] = g
        optimizer.step()
    return close(param.data, adamw_from_hints(0.05, 0.8, 0.99, 0.1, 0.3))


BEYOND_HINT_CHECKS: dict[tuple[str, int], tuple[str, Callable[[], bool]]] = {
    ("conv2d", 1): ("H_out = (H + 2·padding − kernel_size)//stride + 1", conv_output_size),
    ("conv2d", 2): ("y[n, o, i, j] = b[o] + Σ W[o, c, u, v]·x_pad[n, c, i·stride + u, j·stride + v]",
                    conv_cross_correlation),
    ("conv2d", 3): ("dx_pad[n, :, window] += Σ grad[n, o, i, j]·W[o]", conv_dx_at_stride_positions),
    ("conv2d", 4): ("b.grad += grad.sum(axis=(0, 2, 3)); dx = dx_pad[:, :, padding:padding + H, padding:padding + W]",
                    conv_parameter_grads),
    ("maxpool2d", 1): ("H_out = (H + 2·padding − kernel_size)//stride + 1", pool_output_size),
    ("maxpool2d", 2): ("x_pad[n, c, i·stride : i·stride + kernel_size, j·stride : j·stride + kernel_size]",
                       pool_minus_infinity_padding),
    ("maxpool2d", 3): ("arg-max", lambda: pool_backward(add=True)),
    ("maxpool2d", 4): ("dx_pad[arg-max] += grad[n, c, i, j]", lambda: pool_backward(add=True) and pool_backward(add=False)),
    ("batchnorm2d", 1): ("μ = x.mean(axis=(0, 2, 3)), σ² = x.var(axis=(0, 2, 3))", bn2d_forward),
    ("batchnorm2d", 2): ("σ²·m/(m − 1)", bn2d_running_var),
    ("batchnorm2d", 3): ("y = gamma·(x − running_mean)/sqrt(running_var + eps) + beta", bn2d_eval),
    ("batchnorm2d", 4): ("dx = (m·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂)) / (m·sqrt(σ² + eps))", bn2d_backward),
    ("layernorm", 1): ("μ = x.mean(axis=-1, keepdims=True), σ² = x.var(axis=-1, keepdims=True)", layernorm_statistics),
    ("layernorm", 2): ("y = gamma·(x − μ)/sqrt(σ² + eps) + beta", layernorm_affine_in_eval_too),
    ("layernorm", 3): ("dx = (M·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂)) / (M·sqrt(σ² + eps))", layernorm_backward),
    ("embedding", 1): ("y = W[idx]", embedding_lookup),
    ("embedding", 2): ("np.add.at(W.grad, idx.reshape(-1), grad.reshape(-1, embedding_dim))", embedding_add_at),
    ("attention", 1): ("scores = q·kᵀ/√d", lambda: attention_forward(False)),
    ("attention", 2): ("scores = where(mask, scores, −inf)", attention_mask_rows_sum_to_one),
    ("attention", 3): ("A = softmax(scores)", lambda: attention_forward(True)),
    ("attention", 4): ("dS = A·(dA − Σ(dA·A))/√d", attention_backward),
    ("adamw", 1): ("m ← beta1·m + (1 − beta1)·g, v ← beta2·v + (1 − beta2)·g²", adamw_matches),
    ("adamw", 2): ("w ← w − lr·weight_decay·w", adamw_matches),
    ("adamw", 3): ("m̂ = m/(1 − beta1^t), v̂ = v/(1 − beta2^t), t = 1", adamw_matches),
}
