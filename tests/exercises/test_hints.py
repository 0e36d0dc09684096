"""Every hint is correct: each one's formula is applied here, written from the hint, and compared with the
reference engine (the running-variance update is a moving average, not `running_var += ...`).

HINT_CHECKS maps (exercise, hint number) to a fragment the hint must contain (in both languages) and a
check that applies what the hint says. A test makes sure no hint of the bank is left unchecked.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from beyond_hints import BEYOND_HINT_CHECKS

from quizprep import engine
from quizprep.exercises.catalog import EXERCISES

RNG = np.random.default_rng(0)
X = RNG.normal(size=(5, 4)) * 2 + 0.01
GRAD = RNG.normal(size=(5, 4))


def close(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=1e-9, atol=1e-12))


def layer_backward(layer: engine.Layer, x: np.ndarray, grad: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(layer.forward(x.copy()))
    return y, np.asarray(layer.backward(grad.copy()))


def numeric_derivative(f: Callable[[np.ndarray], np.ndarray], x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    return (f(x + h) - f(x - h)) / (2 * h)


def close_numerically(a: np.ndarray, b: np.ndarray) -> bool:
    """For central differences (error ~1e-10): a looser tolerance."""
    return bool(np.allclose(a, b, rtol=1e-6, atol=1e-8))


# --- layers -----------------------------------------------------------------------------------------------

def linear_setup() -> tuple[engine.Linear, np.ndarray, np.ndarray]:
    layer = engine.Linear(4, 3, rng=0)
    grad = RNG.normal(size=(5, 3))
    return layer, X, grad


def linear_shapes() -> bool:
    layer, x, grad = linear_setup()
    _, dx = layer_backward(layer, x, grad)
    return layer.W.grad.shape == (4, 3) and dx.shape == (5, 4) and (x.T @ grad).shape == (4, 3)


def linear_products() -> bool:
    layer, x, grad = linear_setup()
    y, dx = layer_backward(layer, x, grad)
    w, b = np.asarray(layer.W.data), np.asarray(layer.b.data)
    return close(y, x @ w + b) and close(layer.W.grad, x.T @ grad) and close(dx, grad @ w.T)


def linear_bias_sum() -> bool:
    layer, x, grad = linear_setup()
    layer_backward(layer, x, grad)
    return close(layer.b.grad, grad.sum(axis=0))


def linear_accumulates() -> bool:
    layer, x, grad = linear_setup()
    layer_backward(layer, x, grad)
    layer.backward(grad.copy())
    return close(layer.W.grad, 2 * x.T @ grad) and close(layer.b.grad, 2 * grad.sum(axis=0))


def relu_mask() -> bool:
    _, dx = layer_backward(engine.ReLU(), X, GRAD)
    return close(dx, GRAD * (X > 0))


def relu_alias_changes_grad() -> bool:
    grad = GRAD.copy()
    dx = grad
    dx[X <= 0] = 0  # what the hint warns against: grad itself changed
    return not np.array_equal(grad, GRAD) and close(GRAD * (X > 0), dx)


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def sigmoid_derivative() -> bool:
    s = sigmoid(X)
    return close_numerically(s * (1 - s), numeric_derivative(sigmoid, X)) and close(s, engine.Sigmoid().forward(X.copy()))


def sigmoid_backward_from_output() -> bool:
    y, dx = layer_backward(engine.Sigmoid(), X, GRAD)
    return close(dx, GRAD * y * (1 - y))


def sigmoid_stable_form() -> bool:
    x = np.concatenate([X.ravel(), [-1000.0, 1000.0, -30.0, 30.0]])
    with np.errstate(over="ignore"):
        stable = np.where(x >= 0, 1 / (1 + np.exp(-np.abs(x))), np.exp(-np.abs(x)) / (1 + np.exp(-np.abs(x))))
    return bool(np.isfinite(stable).all()) and close(stable, engine.Sigmoid().forward(x.copy()))


def tanh_derivative() -> bool:
    return close_numerically(1 - np.tanh(X) ** 2, numeric_derivative(np.tanh, X))


def tanh_backward_from_output() -> bool:
    y, dx = layer_backward(engine.Tanh(), X, GRAD)
    return close(dx, GRAD * (1 - y**2))


def leaky_derivative() -> bool:
    _, dx = layer_backward(engine.LeakyReLU(0.2), X, GRAD)
    return close(dx, GRAD * np.where(X > 0, 1.0, 0.2))


def leaky_where() -> bool:
    y, dx = layer_backward(engine.LeakyReLU(0.2), X, GRAD)
    return close(y, np.where(X > 0, X, 0.2 * X)) and close(dx, np.where(X > 0, GRAD, 0.2 * GRAD))


def elu_forward() -> bool:
    return close(engine.ELU(1.5).forward(X.copy()), np.where(X > 0, X, 1.5 * (np.exp(X) - 1)))


def elu_derivative() -> bool:
    y, dx = layer_backward(engine.ELU(1.5), X, GRAD)
    local = np.where(X > 0, 1.0, 1.5 * np.exp(X))
    return close(dx, GRAD * local) and close(np.where(X > 0, 1.0, y + 1.5), local)


def elu_exp_of_min() -> bool:
    x = np.array([-1000.0, -1.0, 0.5, 1000.0])
    stable = np.where(x > 0, x, 1.5 * (np.exp(np.minimum(x, 0)) - 1))
    return bool(np.isfinite(stable).all()) and close(stable, engine.ELU(1.5).forward(x.copy()))


def softmax_rows(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_shift() -> bool:
    x = np.array([[1000.0, -1000.0, 0.0], [-1000.0, -1000.0, -1000.0], [1.0, 2.0, 3.0]])
    shifted = softmax_rows(x)
    return close(shifted, engine.Softmax().forward(x.copy())) and close(softmax_rows(X + 7.0), softmax_rows(X))


def softmax_jacobian() -> bool:
    y, dx = layer_backward(engine.Softmax(), X, GRAD)
    return close(dx, y * (GRAD - (GRAD * y).sum(axis=-1, keepdims=True)))


def softmax_keepdims() -> bool:
    sums = np.exp(X).sum(axis=-1, keepdims=True)
    return sums.shape == (5, 1) and (np.exp(X) / sums).shape == X.shape


def dropout_keep_probability() -> bool:
    rng = np.random.default_rng(1)
    x = np.ones((20, 30, 40))
    keep = rng.random(x.shape) >= 0.3
    return keep.shape == x.shape and abs(keep.mean() - 0.7) < 0.01


def dropout_inverted_scale() -> bool:
    layer = engine.Dropout(0.3, rng=2)
    x = np.ones((200, 300))
    y = np.asarray(layer.forward(x))
    kept = y != 0
    return close(y[kept], np.full(kept.sum(), 1 / 0.7)) and abs(y.mean() - 1.0) < 0.02


def dropout_eval_identity() -> bool:
    layer = engine.Dropout(0.3, rng=3)
    layer.eval()
    y, dx = layer_backward(layer, X, GRAD)
    return close(y, X) and close(dx, GRAD)


def dropout_backward_mask() -> bool:
    layer = engine.Dropout(0.3, rng=4)
    x = np.abs(X) + 0.5
    y, dx = layer_backward(layer, x, GRAD)
    mask = y / x
    return close(dx, GRAD * mask)


def trained_batchnorm(momentum: float | None = 0.1, steps: int = 3) -> tuple[engine.BatchNorm1d, list[np.ndarray]]:
    layer = engine.BatchNorm1d(4, momentum=momentum)
    layer.gamma.data[...] = [0.5, 1.5, 2.0, 1.0]
    layer.beta.data[...] = [0.1, -0.2, 0.3, 0.0]
    batches = [X + step for step in range(steps)]
    for x in batches:
        layer.forward(x.copy())
    return layer, batches


def batchnorm_training_forward() -> bool:
    layer, _ = trained_batchnorm(steps=0)
    mu, var = X.mean(axis=0), ((X - X.mean(axis=0)) ** 2).mean(axis=0)
    expected = layer.gamma.data * (X - mu) / np.sqrt(var + layer.eps) + layer.beta.data
    return close(layer.forward(X.copy()), expected)


def running_averages(momentum: float | None, batches: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The hints' updates: a moving average of the mean and of the UNBIASED variance."""
    mean, var = np.zeros(4), np.ones(4)
    for k, x in enumerate(batches, 1):
        n = x.shape[0]
        unbiased = x.var(axis=0) * n / (n - 1)
        if momentum is None:  # running = running + (batch − running)/k
            mean, var = mean + (x.mean(axis=0) - mean) / k, var + (unbiased - var) / k
        else:  # running = (1 − momentum)·running + momentum·batch
            mean = (1 - momentum) * mean + momentum * x.mean(axis=0)
            var = (1 - momentum) * var + momentum * unbiased
    return mean, var


def batchnorm_moving_average() -> bool:
    layer, batches = trained_batchnorm(0.3)
    mean, var = running_averages(0.3, batches)
    accumulated = np.ones(4) + sum(0.3 * x.var(axis=0) * 5 / 4 for x in batches)  # `running_var += ...`: wrong
    return close(layer.running_mean, mean) and close(layer.running_var, var) and not close(accumulated, var)


def batchnorm_unbiased_running_var() -> bool:
    layer, batches = trained_batchnorm(0.1, steps=1)
    n = batches[0].shape[0]
    return close(layer.running_var, 0.9 + 0.1 * batches[0].var(axis=0) * n / (n - 1))


def batchnorm_eval() -> bool:
    layer, _ = trained_batchnorm(0.1)
    layer.eval()
    x = X[:1] * 3
    expected = (layer.gamma.data * (x - layer.running_mean) / np.sqrt(layer.running_var + layer.eps)
                + layer.beta.data)
    return close(layer.forward(x.copy()), expected)


def batchnorm_training_backward() -> bool:
    layer, _ = trained_batchnorm(steps=0)
    _, dx = layer_backward(layer, X, GRAD)
    n = X.shape[0]
    mu, var = X.mean(axis=0), X.var(axis=0)
    x_hat = (X - mu) / np.sqrt(var + layer.eps)
    d_hat = GRAD * layer.gamma.data
    expected = (n * d_hat - d_hat.sum(axis=0) - x_hat * (d_hat * x_hat).sum(axis=0)) / (n * np.sqrt(var + layer.eps))
    return (close(dx, expected) and close(layer.gamma.grad, (GRAD * x_hat).sum(axis=0))
            and close(layer.beta.grad, GRAD.sum(axis=0)))


def batchnorm_cumulative_average() -> bool:
    layer, batches = trained_batchnorm(None, steps=4)
    mean, var = running_averages(None, batches)
    return close(layer.running_mean, mean) and close(layer.running_var, var)


# --- losses -----------------------------------------------------------------------------------------------

TARGET = RNG.normal(size=X.shape)
PROBS = RNG.uniform(0.05, 0.95, size=X.shape)
LABELS = RNG.integers(0, 2, size=X.shape).astype(float)


def loss_value_and_grad(loss: engine.Loss, pred: np.ndarray, target: np.ndarray) -> tuple[float, np.ndarray]:
    value = float(loss.forward(pred.copy(), target.copy()))
    return value, np.asarray(loss.backward())


def mse_derivative() -> bool:
    return close_numerically(2 * (X - TARGET), numeric_derivative(lambda p: (p - TARGET) ** 2, X))


def mse_mean_over_all() -> bool:
    value, grad = loss_value_and_grad(engine.MSELoss(), X, TARGET)
    return close(value, ((X - TARGET) ** 2).sum() / X.size) and close(grad, 2 * (X - TARGET) / X.size)


def l1_mean() -> bool:
    value, _ = loss_value_and_grad(engine.L1Loss(), X, TARGET)
    return close(value, np.abs(X - TARGET).sum() / X.size)


def l1_sign() -> bool:
    _, grad = loss_value_and_grad(engine.L1Loss(), X, TARGET)
    return close(grad, np.sign(X - TARGET) / X.size)


def bce_value() -> bool:
    value, _ = loss_value_and_grad(engine.BCELoss(), PROBS, LABELS)
    expected = -(LABELS * np.log(PROBS) + (1 - LABELS) * np.log(1 - PROBS)).sum() / PROBS.size
    return close(value, expected)


def bce_derivative() -> bool:
    _, grad = loss_value_and_grad(engine.BCELoss(), PROBS, LABELS)
    return close(grad, (PROBS - LABELS) / (PROBS * (1 - PROBS)) / PROBS.size)


def bce_clamped() -> bool:
    p, t = np.array([[0.0, 1.0, 0.3]]), np.array([[1.0, 0.0, 1.0]])
    with np.errstate(divide="ignore"):
        log_p, log_1mp = np.maximum(np.log(p), -100), np.maximum(np.log(1 - p), -100)
    expected = -(t * log_p + (1 - t) * log_1mp).mean()
    value, grad = loss_value_and_grad(engine.BCELoss(), p, t)
    return close(value, expected) and bool(np.isfinite(grad).all())


LOGITS = np.array([[1000.0, -1000.0, 0.0], [-1000.0, -1000.0, -1000.0], [1.0, 2.0, 0.5]])
CLASSES = np.array([1, 0, 2])


def cross_entropy_log_sum_exp() -> bool:
    m = LOGITS.max(axis=1, keepdims=True)
    log_softmax = LOGITS - m - np.log(np.exp(LOGITS - m).sum(axis=1, keepdims=True))
    value, _ = loss_value_and_grad(engine.CrossEntropyLoss(), LOGITS, CLASSES)
    with np.errstate(divide="ignore"):
        naive = -np.log(softmax_rows(LOGITS)[np.arange(3), CLASSES]).mean()  # the log of a probability
    return close(value, -log_softmax[np.arange(3), CLASSES].mean()) and not np.isfinite(naive)


def cross_entropy_gradient() -> bool:
    _, grad = loss_value_and_grad(engine.CrossEntropyLoss(), LOGITS, CLASSES)
    onehot = np.eye(3)[CLASSES]
    return close(grad, (softmax_rows(LOGITS) - onehot) / 3)


# --- optimizers: each hint's update rule, step by step, against the engine ---------------------------------

STEPS = 6
GRADS = [RNG.normal(size=(3, 2)) * (1 + 0.5 * np.sin(t)) for t in range(STEPS)]
W0 = RNG.normal(size=(3, 2))


def engine_steps(cls: type, **config: object) -> np.ndarray:
    param = engine.Param(W0.copy())
    optimizer = cls([param], **config)
    for grad in GRADS:
        param.grad[...] = grad
        optimizer.step()
    return np.asarray(param.data)


def sgd_rule(lr: float, momentum: float = 0.0, nesterov: bool = False, weight_decay: float = 0.0,
             dampening: float = 0.0) -> np.ndarray:
    """The hints' SGD: g = grad + weight_decay·w; buf = g, then momentum·buf + (1 − dampening)·g; w − lr·step."""
    w, buf = W0.copy(), None
    for grad in GRADS:
        g = grad + weight_decay * w
        if momentum:
            buf = g.copy() if buf is None else momentum * buf + (1 - dampening) * g
            g = g + momentum * buf if nesterov else buf
        w = w - lr * g
    return w


def adagrad_rule(lr: float, eps: float) -> np.ndarray:
    w, total = W0.copy(), np.zeros_like(W0)
    for g in GRADS:
        total = total + g**2
        w = w - lr * g / (np.sqrt(total) + eps)
    return w


def rmsprop_rule(lr: float, alpha: float, eps: float) -> np.ndarray:
    w, square_avg = W0.copy(), np.zeros_like(W0)
    for g in GRADS:
        square_avg = alpha * square_avg + (1 - alpha) * g**2
        w = w - lr * g / (np.sqrt(square_avg) + eps)
    return w


def adam_rule(lr: float, beta1: float, beta2: float, eps: float, weight_decay: float = 0.0) -> np.ndarray:
    w, m, v = W0.copy(), np.zeros_like(W0), np.zeros_like(W0)
    for t, grad in enumerate(GRADS, 1):  # t = 1 on the first step
        g = grad + weight_decay * w
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
        w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w


def adam_matches(**config: float) -> bool:
    rule = adam_rule(config.get("lr", 0.01), 0.8, 0.99, config.get("eps", 0.1), config.get("weight_decay", 0.0))
    return close(engine_steps(engine.Adam, betas=(0.8, 0.99), eps=config.get("eps", 0.1), **{
        k: v for k, v in config.items() if k != "eps"}), rule)


HINT_CHECKS: dict[tuple[str, int], tuple[str, Callable[[], bool]]] = {
    ("linear", 1): ("(in, out)", linear_shapes),
    ("linear", 2): ("dW = xᵀ·grad", linear_products),
    ("linear", 3): ("db = Σ_n grad[n]", linear_bias_sum),
    ("linear", 4): ("W.grad += dW", linear_accumulates),
    ("relu", 1): ("dx = grad · [x > 0]", relu_mask),
    ("relu", 2): ("dx = grad; dx[x <= 0] = 0", relu_alias_changes_grad),
    ("sigmoid", 1): ("σ'(x) = σ(x)·(1 − σ(x))", sigmoid_derivative),
    ("sigmoid", 2): ("dx = grad · y · (1 − y)", sigmoid_backward_from_output),
    ("sigmoid", 3): ("e^x/(1 + e^x)", sigmoid_stable_form),
    ("tanh", 1): ("tanh'(x) = 1 − tanh(x)²", tanh_derivative),
    ("tanh", 2): ("dx = grad · (1 − y²)", tanh_backward_from_output),
    ("leaky-relu", 1): ("negative_slope", leaky_derivative),
    ("leaky-relu", 2): ("where(x > 0, grad, negative_slope·grad)", leaky_where),
    ("elu", 1): ("alpha·(e^x − 1)", elu_forward),
    ("elu", 2): ("alpha·e^x (= y + alpha)", elu_derivative),
    ("elu", 3): ("e^min(x, 0)", elu_exp_of_min),
    ("softmax", 1): ("softmax(x) = softmax(x − c)", softmax_shift),
    ("softmax", 2): ("dx_i = y_i·(grad_i − Σ_j grad_j·y_j)", softmax_jacobian),
    ("softmax", 3): ("keepdims=True", softmax_keepdims),
    ("dropout", 1): ("rand(*x.shape) ≥ p", dropout_keep_probability),
    ("dropout", 2): ("mask = keep / (1 − p)", dropout_inverted_scale),
    ("dropout", 3): ("y = x", dropout_eval_identity),
    ("dropout", 4): ("grad · mask", dropout_backward_mask),
    ("batchnorm", 1): ("y = gamma·(x − μ)/sqrt(σ² + eps) + beta", batchnorm_training_forward),
    ("batchnorm", 2): ("running = (1 − momentum)·running + momentum·batch_statistic", batchnorm_moving_average),
    ("batchnorm", 3): ("σ²·N/(N − 1)", batchnorm_unbiased_running_var),
    ("batchnorm", 4): ("y = gamma·(x − running_mean)/sqrt(running_var + eps) + beta", batchnorm_eval),
    ("batchnorm", 5): ("dx = (N·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂)) / (N·sqrt(σ² + eps))", batchnorm_training_backward),
    ("batchnorm", 6): ("running = running + (batch_statistic − running)/k", batchnorm_cumulative_average),
    ("mse-loss", 1): ("2·(pred − target)", mse_derivative),
    ("mse-loss", 2): ("dpred = 2·(pred − target)/(N·D)", mse_mean_over_all),
    ("l1-loss", 1): ("L = Σ|pred − target|/(N·D)", l1_mean),
    ("l1-loss", 2): ("dpred = sign(pred − target)/(N·D)", l1_sign),
    ("bce-loss", 1): ("L = −Σ(t·log p + (1 − t)·log(1 − p))/n", bce_value),
    ("bce-loss", 2): ("dL/dp = (p − t)/(p·(1 − p))/n", bce_derivative),
    ("bce-loss", 3): ("−100", bce_clamped),
    ("cross-entropy", 1): ("log softmax(z)_k = z_k − m − log Σ_j e^(z_j − m)", cross_entropy_log_sum_exp),
    ("cross-entropy", 2): ("dL/dpred = (softmax(pred) − onehot(target))/N", cross_entropy_gradient),
    ("sgd", 1): ("w ← w − lr·g", lambda: close(engine_steps(engine.SGD, lr=0.1), sgd_rule(0.1))),
    ("sgd", 2): ("buf = momentum·buf + g", lambda: close(engine_steps(engine.SGD, lr=0.1, momentum=0.9),
                                                         sgd_rule(0.1, 0.9))),
    ("sgd", 3): ("g + momentum·buf", lambda: close(engine_steps(engine.SGD, lr=0.1, momentum=0.9, nesterov=True),
                                                   sgd_rule(0.1, 0.9, nesterov=True))),
    ("sgd", 4): ("g = grad + weight_decay·w", lambda: close(
        engine_steps(engine.SGD, lr=0.1, momentum=0.9, weight_decay=0.1), sgd_rule(0.1, 0.9, weight_decay=0.1))),
    ("sgd", 5): ("buf = momentum·buf + (1 − dampening)·g", lambda: close(
        engine_steps(engine.SGD, lr=0.1, momentum=0.9, dampening=0.5), sgd_rule(0.1, 0.9, dampening=0.5))),
    ("adagrad", 1): ("sum ← sum + g²", lambda: close(engine_steps(engine.Adagrad, lr=0.1, eps=0.3),
                                                      adagrad_rule(0.1, 0.3))),
    ("adagrad", 2): ("lr·g/(sqrt(sum) + eps)", lambda: close(engine_steps(engine.Adagrad, lr=0.1, eps=0.3),
                                                             adagrad_rule(0.1, 0.3))),
    ("rmsprop", 1): ("square_avg ← alpha·square_avg + (1 − alpha)·g²", lambda: close(
        engine_steps(engine.RMSprop, lr=0.01, alpha=0.9, eps=0.3), rmsprop_rule(0.01, 0.9, 0.3))),
    ("rmsprop", 2): ("lr·g/(sqrt(square_avg) + eps)", lambda: close(
        engine_steps(engine.RMSprop, lr=0.01, alpha=0.9, eps=0.3), rmsprop_rule(0.01, 0.9, 0.3))),
    ("adam", 1): ("v ← beta2·v + (1 − beta2)·g²", lambda: adam_matches(lr=0.01)),
    ("adam", 2): ("lr·m̂/(sqrt(v̂) + eps)", lambda: adam_matches(lr=0.01, eps=0.3)),
    ("adam", 3): ("m̂ = m/(1 − beta1^t)", lambda: adam_matches(lr=0.01)),
    ("adam", 4): ("t = 1 on the first step", lambda: adam_matches(lr=0.01)),
    ("adam", 5): ("g = grad + weight_decay·w", lambda: adam_matches(lr=0.01, weight_decay=0.1)),
}


HINT_CHECKS.update(BEYOND_HINT_CHECKS)  # the exercises beyond the notes (issue 13)


def test_every_hint_of_the_bank_is_checked() -> None:
    in_bank = {(exercise_id, n) for exercise_id, e in EXERCISES.items() for n in range(1, len(e.hints) + 1)}
    assert in_bank == set(HINT_CHECKS)


@pytest.mark.parametrize(("exercise_id", "number"), list(HINT_CHECKS))
def test_the_hints_formula_is_right(exercise_id: str, number: int) -> None:
    fragment, check = HINT_CHECKS[(exercise_id, number)]
    hint = EXERCISES[exercise_id].hints[number - 1]
    assert fragment in hint.en, f"hint {number} of {exercise_id}: {hint.en!r}"
    if not any("а" <= ch <= "я" for ch in fragment) and "first step" not in fragment:
        assert fragment in hint.ru or fragment.replace(" ", "") in hint.ru.replace(" ", ""), hint.ru
    assert check(), f"applying hint {number} of {exercise_id} does not give the reference: {hint.en}"


def test_an_accumulated_running_variance_would_be_caught() -> None:
    # the bug: a hint writing `running_var += ...` describes no moving average; the check above fails it
    layer, batches = trained_batchnorm(0.3)
    accumulated = np.ones(4) + sum(0.3 * x.var(axis=0) * 5 / 4 for x in batches)
    assert not close(layer.running_var, accumulated)
