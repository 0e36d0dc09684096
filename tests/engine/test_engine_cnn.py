"""A small CNN (conv -> BatchNorm -> ReLU -> pool -> Linear) trained for a few steps equals torch's."""

from __future__ import annotations

import numpy as np

from quizprep.engine import (
    SGD,
    BatchNorm2d,
    Conv2d,
    CrossEntropyLoss,
    Flatten,
    Linear,
    MaxPool2d,
    ReLU,
    Sequential,
    gradcheck,
)


def build(torch):
    ours = Sequential(Conv2d(2, 4, 3, padding=1, rng=0), BatchNorm2d(4), ReLU(), MaxPool2d(2), Flatten(),
                      Linear(4 * 3 * 3, 3, rng=1))
    theirs = torch.nn.Sequential(torch.nn.Conv2d(2, 4, 3, padding=1), torch.nn.BatchNorm2d(4), torch.nn.ReLU(),
                                 torch.nn.MaxPool2d(2), torch.nn.Flatten(), torch.nn.Linear(36, 3)).double()
    with torch.no_grad():
        theirs[0].weight.copy_(torch.tensor(ours[0].W.data))
        theirs[0].bias.copy_(torch.tensor(ours[0].b.data))
        theirs[5].weight.copy_(torch.tensor(ours[5].W.data.T))
        theirs[5].bias.copy_(torch.tensor(ours[5].b.data))
    return ours, theirs


def test_cnn_training_steps_match_torch(backend, ref, rng):
    torch = ref.torch
    ours, theirs = build(torch)
    ours.to(backend.target())
    opt, opt_ref = SGD(ours.parameters(), lr=0.1, momentum=0.9), torch.optim.SGD(theirs.parameters(), lr=0.1,
                                                                                momentum=0.9)
    loss_fn, loss_ref = CrossEntropyLoss(), torch.nn.CrossEntropyLoss()
    for _ in range(3):
        x, y = rng.normal(size=(5, 2, 6, 6)), rng.integers(0, 3, size=5)
        opt.zero_grad()
        opt_ref.zero_grad()
        loss = loss_fn(ours(backend(x)), backend(y))
        ours.backward(loss_fn.backward())
        reference = loss_ref(theirs(torch.tensor(x)), torch.tensor(y))
        reference.backward()
        opt.step()
        opt_ref.step()
        np.testing.assert_allclose(float(loss), reference.item(), rtol=1e-10)
    np.testing.assert_allclose(backend.numpy(ours[0].W.data), theirs[0].weight.detach().numpy(), rtol=1e-9,
                               atol=1e-12)
    np.testing.assert_allclose(backend.numpy(ours[1].running_mean), theirs[1].running_mean.numpy(), rtol=1e-9)


def test_cnn_gradcheck(rng):
    model = Sequential(Conv2d(1, 2, 3, stride=2, padding=1, rng=0), BatchNorm2d(2), Flatten(), Linear(8, 2, rng=1))
    assert gradcheck(model, rng.normal(size=(3, 1, 4, 4)), fast=False)
