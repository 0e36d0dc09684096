"""Optimizers against torch.optim, step by step, to 1e-10 in float64."""

from __future__ import annotations

import numpy as np
import pytest

from quizprep.engine import SGD, Adagrad, Adam, Param, RMSprop

CONFIGS = [
    ("SGD", {"lr": 0.1}),
    ("SGD", {"lr": 0.1, "momentum": 0.9}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    ("SGD", {"lr": 0.1, "momentum": 0.5, "weight_decay": 0.01}),
    ("SGD", {"lr": 0.1, "momentum": 0.5, "dampening": 0.3}),
    ("Adagrad", {}),
    ("Adagrad", {"lr": 0.3, "eps": 1e-6}),
    ("RMSprop", {}),
    ("RMSprop", {"lr": 0.05, "alpha": 0.9, "eps": 1e-6}),
    ("Adam", {}),
    ("Adam", {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.1}),
]
OURS = {"SGD": SGD, "Adagrad": Adagrad, "RMSprop": RMSprop, "Adam": Adam}


@pytest.mark.parametrize(("name", "kwargs"), CONFIGS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CONFIGS)])
def test_optimizer_matches_torch(name, kwargs, backend, ref, rng):
    torch = ref.torch
    shapes = [(3, 4), (4,), (1,)]
    start = [rng.normal(size=s) for s in shapes]
    ours = [Param(backend(a.copy())) for a in start]
    theirs = [torch.tensor(a, requires_grad=True) for a in start]
    opt = OURS[name](ours, **kwargs)
    opt_ref = getattr(torch.optim, name)(theirs, **kwargs)
    data_ids = [id(p.data) for p in ours]

    for _ in range(6):
        grads = [rng.normal(size=s) for s in shapes]
        opt.zero_grad()
        opt_ref.zero_grad()
        for p, q, g in zip(ours, theirs, grads, strict=True):
            p.grad += backend(g)
            q.grad = torch.tensor(g)
        opt.step()
        opt_ref.step()
        for p, q in zip(ours, theirs, strict=True):
            np.testing.assert_allclose(backend.numpy(p.data), q.detach().numpy(), rtol=1e-10, atol=1e-10)

    assert [id(p.data) for p in ours] == data_ids  # updated in place
    for p in ours:
        backend.check_type(p.data)
        for buffer in opt.state[p].values():
            if not isinstance(buffer, int):
                backend.check_type(buffer)  # state lives with the param
    opt.zero_grad()
    assert all(np.all(backend.numpy(p.grad) == 0) for p in ours)


def test_sgd_validates_arguments():
    with pytest.raises(ValueError):
        SGD([Param(np.zeros(2))], lr=0.1, nesterov=True)
    with pytest.raises(ValueError):
        SGD([], lr=0.1)
    with pytest.raises(ValueError):
        Adam([Param(np.zeros(2))], lr=-1.0)


def test_optimizer_minimises_a_quadratic():
    w = Param(np.array([3.0, -2.0]))
    opt = Adam([w], lr=0.1)
    for _ in range(300):
        opt.zero_grad()
        w.grad += 2 * w.data  # d/dw |w|²
        opt.step()
    assert np.abs(w.data).max() < 1e-2
