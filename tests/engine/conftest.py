"""Fixtures for the engine tests: torch as the reference, and the array backend under test.

`require_torch()` skips a test when torch is missing, except when QUIZPREP_REQUIRE_TORCH=1 (CI with
torch installed), where a missing torch fails the test instead of hiding it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from torch_support import require_torch


@pytest.fixture
def cuda(torch: Any) -> Any:
    """torch, for tests that need a CUDA device (skipped without one)."""
    if not torch.cuda.is_available():
        pytest.skip("no CUDA device")
    return torch


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(1234)


class Backend:
    """Builds inputs for the engine in one library ("numpy", "torch" or "cuda") from numpy arrays."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.torch = require_torch() if name != "numpy" else None

    def __call__(self, a: Any) -> Any:
        """numpy array -> an array of this backend (same dtype)."""
        if self.torch is None:
            return np.asarray(a)
        t = self.torch.as_tensor(np.asarray(a))
        return t.to("cuda") if self.name == "cuda" else t

    def target(self) -> str:
        """The `.to()` target that moves a layer onto this backend."""
        return self.name

    def numpy(self, a: Any) -> np.ndarray:
        """An engine result (array or tensor) -> numpy float64 array."""
        if hasattr(a, "detach"):
            a = a.detach().cpu().numpy()
        return np.asarray(a, dtype=np.float64)

    def check_type(self, a: Any) -> None:
        """Assert that `a` lives in this backend's library and device."""
        if self.torch is None:
            assert isinstance(a, np.ndarray), type(a)
        else:
            assert isinstance(a, self.torch.Tensor), type(a)
            assert a.device.type == ("cuda" if self.name == "cuda" else "cpu")


@pytest.fixture(params=["numpy", "torch", "cuda"])
def backend(request: pytest.FixtureRequest) -> Backend:
    """The array library (and device) the engine computes with in this test; cuda needs a GPU."""
    chosen = Backend(request.param)
    if request.param == "cuda" and not chosen.torch.cuda.is_available():
        pytest.skip("no CUDA device")
    return chosen


class Reference:
    """Runs torch modules/functions with autograd on float64 copies of numpy arrays."""

    def __init__(self, torch: Any) -> None:
        self.torch = torch

    def tensor(self, a: Any, requires_grad: bool = False) -> Any:
        return self.torch.tensor(np.asarray(a), dtype=self.torch.float64, requires_grad=requires_grad)

    def run(self, fn: Any, x: np.ndarray, grad: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return (fn(x), d<grad, fn(x)>/dx) computed by torch autograd."""
        xt = self.tensor(x, requires_grad=True)
        y = fn(xt)
        y.backward(self.tensor(grad))
        return y.detach().numpy(), xt.grad.numpy()


@pytest.fixture
def ref(torch: Any) -> Reference:
    """torch autograd as the reference (skips without torch, see require_torch)."""
    return Reference(torch)
