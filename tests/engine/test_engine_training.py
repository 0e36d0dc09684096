"""A whole network against torch: Sequential + BatchNorm + Dropout(eval) + losses + optimizers, and CUDA."""

from __future__ import annotations

import numpy as np
import pytest

from quizprep.engine import (
    SGD,
    Adam,
    BatchNorm1d,
    CrossEntropyLoss,
    Dropout,
    Linear,
    ReLU,
    Sequential,
    Softmax,
    Tanh,
)


def build(torch, rng_seed=0):
    """The same MLP in the engine and in torch.nn."""
    ours = Sequential(Linear(6, 8, rng=rng_seed), BatchNorm1d(8), ReLU(), Dropout(0.3, rng=0),
                      Linear(8, 8, rng=rng_seed + 1), Tanh(), Linear(8, 3, rng=rng_seed + 2))
    theirs = torch.nn.Sequential(torch.nn.Linear(6, 8), torch.nn.BatchNorm1d(8), torch.nn.ReLU(),
                                 torch.nn.Dropout(0.3), torch.nn.Linear(8, 8), torch.nn.Tanh(),
                                 torch.nn.Linear(8, 3)).double()
    with torch.no_grad():
        for i in (0, 4, 6):
            theirs[i].weight.copy_(torch.tensor(ours[i].W.data.T))
            theirs[i].bias.copy_(torch.tensor(ours[i].b.data))
    return ours, theirs


def torch_order(theirs):
    """torch parameters in our order, weights transposed to (in, out)."""
    return [p.detach().numpy().T if p.ndim == 2 else p.detach().numpy() for p in theirs.parameters()]


@pytest.mark.parametrize("opt", ["sgd", "adam"])
def test_training_steps_match_torch(opt, backend, ref, rng):
    torch = ref.torch
    ours, theirs = build(torch)
    ours.to(backend.target())
    # Dropout must be off for a deterministic comparison: eval() everywhere, then BN back to training
    ours.eval()
    theirs.eval()
    ours[1].train()
    theirs[1].train()
    if opt == "sgd":
        optimizer = SGD(ours.parameters(), lr=0.1, momentum=0.9, nesterov=True)
        optimizer_ref = torch.optim.SGD(theirs.parameters(), lr=0.1, momentum=0.9, nesterov=True)
    else:
        optimizer = Adam(ours.parameters(), lr=0.01)
        optimizer_ref = torch.optim.Adam(theirs.parameters(), lr=0.01)
    loss_fn, loss_ref = CrossEntropyLoss(), torch.nn.CrossEntropyLoss()

    for _ in range(4):
        x, y = rng.normal(size=(16, 6)), rng.integers(0, 3, size=16)
        optimizer.zero_grad()
        loss = loss_fn(ours(backend(x)), y)
        ours.backward(loss_fn.backward())
        optimizer.step()

        optimizer_ref.zero_grad()
        reference = loss_ref(theirs(torch.tensor(x)), torch.tensor(y))
        reference.backward()
        optimizer_ref.step()
        np.testing.assert_allclose(float(loss), reference.item(), rtol=1e-10)

    for p, q in zip(ours.parameters(), torch_order(theirs), strict=True):
        np.testing.assert_allclose(backend.numpy(p.data), q, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(backend.numpy(ours[1].running_var), theirs[1].running_var.numpy(), rtol=1e-10)

    ours.eval()
    theirs.eval()
    x = rng.normal(size=(1, 6))  # batch of one in eval mode
    np.testing.assert_allclose(backend.numpy(ours(backend(x))), theirs(torch.tensor(x)).detach().numpy(),
                               rtol=1e-9)


def test_layers_on_cuda_match_torch_cuda(cuda, rng):
    torch = cuda
    ours, theirs = build(torch)
    ours.to("cuda").eval()
    theirs.to("cuda").eval()
    x = rng.normal(size=(5, 6))
    g = rng.normal(size=(5, 3))
    y = ours(torch.tensor(x, device="cuda"))
    assert y.device.type == "cuda"
    xt = torch.tensor(x, device="cuda", requires_grad=True)
    yt = theirs(xt)
    yt.backward(torch.tensor(g, device="cuda"))
    dx = ours.backward(torch.tensor(g, device="cuda"))
    np.testing.assert_allclose(y.cpu().numpy(), yt.detach().cpu().numpy(), rtol=1e-9)
    np.testing.assert_allclose(dx.cpu().numpy(), xt.grad.cpu().numpy(), rtol=1e-9, atol=1e-12)

    softmax = Softmax()
    logits = torch.tensor(rng.normal(size=(4, 5)) * 1000, device="cuda")
    np.testing.assert_allclose(softmax(logits).cpu().numpy(), torch.softmax(logits, -1).cpu().numpy(),
                               rtol=1e-12, atol=1e-300)
    mask = Dropout(0.5, rng=0)(torch.ones(100, device="cuda", dtype=torch.float64))
    assert mask.device.type == "cuda"


def test_adam_on_cuda_matches_torch_cuda(cuda, rng):
    torch = cuda
    start = rng.normal(size=(4, 3))
    from quizprep.engine import Param

    p = Param(torch.tensor(start, device="cuda"))
    q = torch.tensor(start, device="cuda", requires_grad=True)
    opt, opt_ref = Adam([p], lr=0.05), torch.optim.Adam([q], lr=0.05)
    for _ in range(5):
        g = torch.tensor(rng.normal(size=(4, 3)), device="cuda")
        opt.zero_grad()
        p.grad += g
        q.grad = g.clone()
        opt.step()
        opt_ref.step()
    assert opt.state[p]["exp_avg"].device.type == "cuda"
    np.testing.assert_allclose(p.data.cpu().numpy(), q.detach().cpu().numpy(), rtol=1e-10, atol=1e-10)
