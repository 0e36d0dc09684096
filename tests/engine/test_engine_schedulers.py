"""HuberLoss, AdamW and the learning-rate schedulers against torch: 30-step trajectories in float64."""

from __future__ import annotations

import numpy as np
import pytest

from quizprep.engine import SGD, AdamW, CosineAnnealingLR, HuberLoss, LinearLR, Param, StepLR, gradcheck

STEPS = 30


@pytest.mark.parametrize("delta", [1.0, 0.3, 2.5])
def test_huber_matches_torch(delta, backend, ref, rng):
    torch = ref.torch
    pred = rng.normal(scale=2.0, size=(6, 5))
    target = rng.normal(size=(6, 5))
    target[0, 0] = pred[0, 0] + delta  # exactly at the boundary
    pt = torch.tensor(pred, requires_grad=True)
    loss_ref = torch.nn.HuberLoss(delta=delta)(pt, torch.tensor(target))
    loss_ref.backward()
    loss_fn = HuberLoss(delta)
    loss = loss_fn(backend(pred), backend(target))
    dpred = loss_fn.backward()
    backend.check_type(dpred)
    np.testing.assert_allclose(float(loss), loss_ref.item(), rtol=1e-12)
    np.testing.assert_allclose(backend.numpy(dpred), pt.grad.numpy(), rtol=1e-12)


def test_huber_caps_the_outlier_gradient_and_gradchecks(rng):
    loss_fn = HuberLoss(delta=1.0)
    loss_fn(np.array([100.0, 0.5]), np.zeros(2))
    np.testing.assert_allclose(loss_fn.backward(), [0.5, 0.25])  # clip(d, -1, 1) / n
    assert gradcheck(HuberLoss(0.7), rng.normal(size=(4, 3)), rng.normal(size=(4, 3)), fast=False)
    with pytest.raises(ValueError, match="delta > 0"):
        HuberLoss(0.0)


@pytest.mark.parametrize("kwargs", [{}, {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.3}])
def test_adamw_matches_torch_for_30_steps(kwargs, backend, ref, rng):
    torch = ref.torch
    shapes = [(3, 4), (4,)]
    start = [rng.normal(size=s) for s in shapes]
    ours = [Param(backend(a.copy())) for a in start]
    theirs = [torch.tensor(a, requires_grad=True) for a in start]
    opt, opt_ref = AdamW(ours, **kwargs), torch.optim.AdamW(theirs, **kwargs)
    for _ in range(STEPS):
        opt.zero_grad()
        opt_ref.zero_grad()
        for p, q, s in zip(ours, theirs, shapes, strict=True):
            g = rng.normal(size=s)
            p.grad += backend(g)
            q.grad = torch.tensor(g)
        opt.step()
        opt_ref.step()
    for p, q in zip(ours, theirs, strict=True):
        backend.check_type(p.data)
        np.testing.assert_allclose(backend.numpy(p.data), q.detach().numpy(), rtol=1e-10, atol=1e-12)


def test_adamw_decay_is_decoupled_from_the_gradient():
    """With a zero gradient Adam's step is 0, so only the decay moves w: w·(1 - lr·wd) per step."""
    w = Param(np.array([2.0, -4.0]))
    opt = AdamW([w], lr=0.1, weight_decay=0.5)
    for _ in range(3):
        opt.step()
    np.testing.assert_allclose(w.data, np.array([2.0, -4.0]) * 0.95**3, rtol=1e-12)


SCHEDULES = [
    ("StepLR", {"step_size": 7}),
    ("StepLR", {"step_size": 3, "gamma": 0.5}),
    ("CosineAnnealingLR", {"T_max": 10}),
    ("CosineAnnealingLR", {"T_max": 12, "eta_min": 0.01}),
    ("LinearLR", {}),
    ("LinearLR", {"start_factor": 0.1, "end_factor": 0.9, "total_iters": 12}),
]
OURS = {"StepLR": StepLR, "CosineAnnealingLR": CosineAnnealingLR, "LinearLR": LinearLR}


@pytest.mark.parametrize(("name", "kwargs"), SCHEDULES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(SCHEDULES)])
def test_scheduler_matches_torch_for_30_steps(name, kwargs, torch, rng):
    start = rng.normal(size=3)
    w, wt = Param(start.copy()), torch.tensor(start, requires_grad=True)
    opt, opt_ref = SGD([w], lr=0.2, momentum=0.9), torch.optim.SGD([wt], lr=0.2, momentum=0.9)
    scheduler = OURS[name](opt, **kwargs)
    scheduler_ref = getattr(torch.optim.lr_scheduler, name)(opt_ref, **kwargs)
    lrs, lrs_ref = [opt.lr], [opt_ref.param_groups[0]["lr"]]
    for _ in range(STEPS):
        g = rng.normal(size=3)
        opt.zero_grad()
        w.grad += g
        wt.grad = torch.tensor(g)
        opt.step()
        opt_ref.step()
        scheduler.step()
        scheduler_ref.step()
        lrs.append(opt.lr)
        lrs_ref.append(opt_ref.param_groups[0]["lr"])
        assert scheduler.get_last_lr() == scheduler_ref.get_last_lr()
    np.testing.assert_allclose(lrs, lrs_ref, rtol=1e-13, atol=1e-16)
    np.testing.assert_allclose(w.data, wt.detach().numpy(), rtol=1e-10)
    assert len(set(lrs)) > 3  # the schedule did change the rate


def test_scheduler_closed_forms():
    opt = SGD([Param(np.zeros(1))], lr=1.0)
    cosine = CosineAnnealingLR(opt, T_max=4)
    values = [opt.lr]
    for _ in range(4):
        cosine.step()
        values.append(opt.lr)
    np.testing.assert_allclose(values, [1.0, (1 + np.cos(np.pi / 4)) / 2, 0.5, (1 - np.cos(np.pi / 4)) / 2, 0.0],
                               atol=1e-15)
    opt.lr = 0.3
    warmup = LinearLR(opt, start_factor=0.5, total_iters=2)
    assert opt.lr == pytest.approx(0.15)
    warmup.step()
    assert opt.lr == pytest.approx(0.225)
    warmup.step()
    warmup.step()
    assert opt.lr == pytest.approx(0.3)
    with pytest.raises(ValueError, match="step_size > 0"):
        StepLR(opt, step_size=0)
