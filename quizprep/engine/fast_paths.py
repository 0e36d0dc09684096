"""Small speed helpers shared by the engine's layers (pure plumbing: the math stays in the layers).

- `single_blas_thread(x)`: a context in which NumPy's BLAS runs on one thread. A stack of many small
  matrix products (attention: batch·heads products of (T, d)·(d, T); Conv2d: one product per sample) is
  one BLAS call per matrix; a threaded BLAS wakes and synchronises its threads for every one of them,
  which can cost more than the product itself (measured on a 2-core machine: attention 3x slower with 2
  threads than with 1, far worse when the cores are busy). The price: one core for those products on a
  large idle machine. Uses threadpoolctl when it is installed; without it the context does nothing.
  Torch tensors are left alone (torch parallelises a batched product as a whole).
- `softmax_last_(scores)`: softmax over the last axis, written into the scores' own buffer for NumPy
  (shift by the row max, exp, divide by the row sum: three passes, no new (…, T, T) array); torch
  tensors get torch.softmax, the same three steps fused into one pass over memory.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import Any

import numpy as np

from quizprep.engine.backend import Array, is_torch

_controller: Any = None


def single_blas_thread(x: Array) -> AbstractContextManager[Any]:
    """A context limiting NumPy's BLAS to one thread while many small products run (see the module)."""
    global _controller
    if is_torch(x):
        return nullcontext()
    if _controller is None:
        try:
            from threadpoolctl import ThreadpoolController
        except ImportError:
            _controller = False
        else:
            _controller = ThreadpoolController()
    if _controller is False:
        return nullcontext()
    return _controller.limit(limits=1, user_api="blas")


def softmax_last_(scores: Array) -> Array:
    """softmax(scores) over the last axis; a NumPy `scores` is overwritten (see the module)."""
    if is_torch(scores):
        return scores.softmax(dim=-1)
    scores -= scores.max(axis=-1, keepdims=True)  # stable: the largest exponent is 0
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=-1, keepdims=True)
    return scores
