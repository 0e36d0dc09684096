"""Small speed helpers shared by the engine's layers (pure plumbing: the math stays in the layers).

- `stacked_matmul(a, b)`: a @ b for a stack of many small matrix products (attention: batch·heads
  products of (T, d)·(d, T); Conv2d: one product per sample). NumPy runs a stack as one BLAS call per
  matrix, and a threaded BLAS wakes and synchronises its threads for every one of them, which can cost
  more than the product itself (measured on a 2-core machine: attention 3x slower with 2 BLAS threads
  than with 1, far worse when the cores are busy). So the stack is split along its first axis into one
  part per BLAS thread, and each part runs on its own Python thread with a single-threaded BLAS (NumPy
  releases the GIL inside matmul): the same cores, one synchronisation per call instead of one per
  matrix. Needs threadpoolctl to set BLAS's thread count; without it this is plain a @ b. Torch tensors
  get a @ b (torch parallelises a batched product as a whole).
- `softmax_last_(scores)`: softmax over the last axis, written into the scores' own buffer for NumPy
  (shift by the row max, exp, divide by the row sum: three passes, no new (…, T, T) array), the stack
  split across the same threads; torch tensors get torch.softmax, the same steps fused in one pass.
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from quizprep.engine.backend import Array, is_torch

_SMALL = 1 << 16  # results with fewer numbers than this are computed directly, on the calling thread
_blas: dict[str, Any] = {}  # the threadpoolctl controller, BLAS's own thread count and the worker pool


def _blas_setup() -> dict[str, Any]:
    if not _blas:
        try:
            from threadpoolctl import ThreadpoolController
        except ImportError:
            _blas["controller"] = None
            return _blas
        controller = ThreadpoolController()
        threads = max([info["num_threads"] for info in controller.select(user_api="blas").info()], default=1)
        _blas.update(controller=controller, threads=threads,
                     pool=ThreadPoolExecutor(threads, thread_name_prefix="engine-blas") if threads > 1 else None)
    return _blas


def stacked_matmul(a: Array, b: Array) -> Array:
    """a @ b (NumPy broadcasting rules) for a stack of products, split across threads (see the module)."""
    if is_torch(a) or is_torch(b):
        return a @ b
    shape = np.broadcast_shapes(a.shape[:-2], b.shape[:-2]) + (a.shape[-2], b.shape[-1])
    blas = _blas_setup()
    if blas["controller"] is None or len(shape) <= 2 or math.prod(shape) < _SMALL:
        return a @ b  # a single product, or too small for the threads' start-up to pay off
    with blas["controller"].limit(limits=1, user_api="blas"):
        if blas["pool"] is None or shape[0] < 2:
            return a @ b
        out = np.empty(shape, dtype=np.result_type(a, b))

        def part(rows: slice) -> None:
            np.matmul(_rows(a, rows, len(shape)), _rows(b, rows, len(shape)), out=out[rows])

        for future in [blas["pool"].submit(part, rows) for rows in _parts(shape[0], blas["threads"])]:
            future.result()
        return out


def _parts(length: int, threads: int) -> list[slice]:
    """range(length) cut into min(threads, length) contiguous, nearly equal slices."""
    count = max(1, min(threads, length))
    return [slice(length * k // count, length * (k + 1) // count) for k in range(count)]


def _rows(x: Array, rows: slice, ndim: int) -> Array:
    """x's part for `rows` of the result's first axis (x itself where it is broadcast along that axis)."""
    return x[rows] if x.ndim == ndim and x.shape[0] != 1 else x


def softmax_last_(scores: Array) -> Array:
    """softmax(scores) over the last axis; a NumPy `scores` is overwritten (see the module)."""
    if is_torch(scores):
        return scores.softmax(dim=-1)
    blas = _blas_setup()
    if blas["controller"] is None or blas["pool"] is None or scores.ndim < 3 or scores.size < _SMALL:
        _softmax_rows_(scores)
        return scores
    # NumPy's ufuncs release the GIL on large arrays: the parts run on the cores side by side
    for future in [blas["pool"].submit(_softmax_rows_, scores[rows])
                   for rows in _parts(scores.shape[0], blas["threads"])]:
        future.result()
    return scores


def _softmax_rows_(scores: Array) -> None:
    scores -= scores.max(axis=-1, keepdims=True)  # stable: the largest exponent is 0
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=-1, keepdims=True)
