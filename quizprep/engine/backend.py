"""The array backend: one code path for NumPy arrays and torch tensors.

Every layer asks `namespace(x)` for the array-API namespace of its input (array-api-compat's
`array_namespace`, cached per array type so a lookup is one dict hit) and computes with it; the math
therefore follows the library, device and dtype of the arrays it is given. The array API has no
spelling for a few things the engine needs: clipping against a scalar, in-place scaled add, random
numbers, and moving arrays between libraries and devices. Each gets one small helper below that
dispatches on the array type.

torch is never imported here at module level: `_torch()` imports it the first time a tensor is met or
a conversion to torch is asked for, so `import quizprep.engine` stays free of torch.
"""

from __future__ import annotations

import sys
from typing import Any

import array_api_compat
import numpy as np

Array = Any  # a numpy.ndarray or a torch.Tensor (any array-API array for the generic parts)

_NAMESPACES: dict[Any, Any] = {}


def namespace(*arrays: Array) -> Any:
    """Return the array-API namespace shared by `arrays` (cached per tuple of array types)."""
    key = type(arrays[0]) if len(arrays) == 1 else tuple(type(a) for a in arrays)
    xp = _NAMESPACES.get(key)
    if xp is None:
        xp = array_api_compat.array_namespace(*arrays)  # raises TypeError on numpy + torch mixes
        _NAMESPACES[key] = xp
    return xp


def _torch() -> Any:
    import torch  # lazy: only when a tensor is met or torch is asked for

    return torch


def is_torch(x: object) -> bool:
    """True if x is a torch tensor (without importing torch)."""
    return sys.modules.get("torch") is not None and array_api_compat.is_torch_array(x)


def is_array(x: object) -> bool:
    """True for numpy arrays/scalars and torch tensors."""
    return isinstance(x, (np.ndarray, np.generic)) or is_torch(x)


def is_floating(x: Array) -> bool:
    """True if x has a real floating dtype."""
    if is_torch(x):
        return bool(x.is_floating_point())
    return np.issubdtype(np.asarray(x).dtype, np.floating)


# ----------------------------------------------------------------------------------------------------
# The few operations the array API does not spell the same way in both libraries.


def clip(x: Array, lo: float | None = None, hi: float | None = None) -> Array:
    """Return x clipped to [lo, hi] (either bound may be None); NaN stays NaN."""
    if is_torch(x):
        return x.clamp(min=lo, max=hi)
    if hi is None:
        return np.maximum(x, lo)
    if lo is None:
        return np.minimum(x, hi)
    return np.clip(x, lo, hi)


def add_scaled_(y: Array, x: Array, alpha: float) -> Array:
    """In place y += alpha * x, fused in torch (`add_(x, alpha=)`); returns y."""
    if is_torch(y):
        return y.add_(x, alpha=alpha)
    if alpha == 1:
        y += x
    else:
        y += alpha * x
    return y


def fill_zero_(a: Array) -> Array:
    """In place a[...] = 0 (keeps the same array object); returns a."""
    a[...] = 0
    return a


def clone(a: Array) -> Array:
    """Return a copy of a with the same type, device and dtype."""
    return a.clone() if is_torch(a) else np.array(a, copy=True)


def to_float(a: Array) -> float:
    """Return a 0-d (or one-element) array as a Python float."""
    return float(a.item()) if hasattr(a, "item") else float(a)


def device_of(a: Array) -> Any:
    """Return a's device ('cpu' for numpy arrays, a torch.device for tensors)."""
    return array_api_compat.device(a)


# ----------------------------------------------------------------------------------------------------
# Moving arrays between libraries, devices and dtypes.


def _dtype_name(dtype: Any) -> str:
    if isinstance(dtype, str):
        return dtype.removeprefix("torch.")
    if type(dtype).__module__.startswith("torch"):
        return str(dtype).removeprefix("torch.")
    return np.dtype(dtype).name


def parse_target(target: Any) -> tuple[str | None, Any]:
    """Split a `.to()` target into (library, torch device).

    - None: keep library and device.
    - "numpy": numpy arrays (tensors are copied to host).
    - "torch": torch tensors; numpy arrays become CPU tensors, tensors keep their device.
    - "cpu": keep the library, move tensors to the CPU (numpy arrays are left as they are).
    - any other string ("cuda", "cuda:1", "mps") or a torch.device: torch tensors on that device.
    """
    if target is None:
        return None, None
    if isinstance(target, str):
        if target == "numpy":
            return "numpy", None
        if target == "torch":
            return "torch", None
        if target == "cpu":
            return None, "cpu"
        return "torch", _torch().device(target)
    if type(target).__module__.startswith("torch"):  # torch.device
        return "torch", target
    raise ValueError(f"unknown target {target!r}: use 'numpy', 'torch', 'cpu', 'cuda[:n]' or a torch.device")


def convert(x: Array, target: Any = None, dtype: Any = None) -> Array:
    """Return x as an array of the library/device named by `target` (see `parse_target`) and `dtype`.

    No copy is made when nothing changes. numpy -> torch shares memory where torch allows it.
    """
    library, device = parse_target(target)
    if is_torch(x):
        if library == "numpy":
            x = x.detach().cpu().numpy()
        elif device is not None:
            x = x.to(device)
    elif library == "torch" or (device is not None and device != "cpu"):
        torch = _torch()
        x = torch.from_numpy(np.ascontiguousarray(x))
        if device is not None:
            x = x.to(device)
    elif not isinstance(x, np.ndarray):
        x = np.asarray(x)
    if dtype is not None:
        name = _dtype_name(dtype)
        x = x.to(getattr(_torch(), name)) if is_torch(x) else x.astype(name, copy=False)
    return x


def as_array_like(value: Any, like: Array, dtype: Any = None) -> Array:
    """Return `value` (array, list or number) as an array of like's library and device."""
    if is_torch(like):
        if not is_torch(value):
            value = _torch().as_tensor(np.asarray(value))
        value = value.to(like.device)
    elif is_torch(value):
        value = value.detach().cpu().numpy()
    else:
        value = np.asarray(value)
    return value if dtype is None else convert(value, dtype=dtype)


# ----------------------------------------------------------------------------------------------------
# Random numbers.


class Rng:
    """A seedable random source that draws in the library and on the device of a given array.

    `Rng(seed)` draws numpy arrays from `numpy.random.default_rng(seed)` and torch tensors from a
    `torch.Generator` on the tensor's device seeded with the same seed (created lazily, one per
    device). `Rng(None)` uses fresh OS entropy for numpy and torch's global RNG for tensors, so
    `torch.manual_seed` governs it as it would in torch. A `numpy.random.Generator` or a
    `torch.Generator` may be passed instead of a seed.
    """

    def __init__(self, seed: Any = None) -> None:
        self.seed: int | None = None
        self._torch_generators: dict[str, Any] = {}
        if isinstance(seed, np.random.Generator):
            self._numpy = seed
            self.seed = int(seed.integers(2**62))  # seeds the torch generators
        elif type(seed).__module__.startswith("torch"):  # a torch.Generator
            self.seed = int(seed.initial_seed())
            self._torch_generators[str(seed.device)] = seed
            self._numpy = np.random.default_rng(self.seed)
        else:
            self.seed = None if seed is None else int(seed)
            self._numpy = np.random.default_rng(self.seed)

    def _generator(self, device: Any) -> Any:
        if self.seed is None:
            return None  # torch's global RNG
        key = str(device)
        gen = self._torch_generators.get(key)
        if gen is None:
            gen = _torch().Generator(device=device).manual_seed(self.seed)
            self._torch_generators[key] = gen
        return gen

    def normal(self, shape: tuple[int, ...], like: Array, std: float = 1.0) -> Array:
        """Return N(0, std^2) samples of `shape`, with like's library, device and float dtype."""
        if is_torch(like):
            torch = _torch()
            out = torch.randn(shape, generator=self._generator(like.device), device=like.device,
                              dtype=like.dtype if like.is_floating_point() else torch.float64)
        else:
            dtype = like.dtype if np.issubdtype(like.dtype, np.floating) else np.float64
            out = self._numpy.standard_normal(shape).astype(dtype, copy=False)
        if std != 1.0:
            out *= std
        return out

    def uniform(self, shape: tuple[int, ...], like: Array, low: float, high: float) -> Array:
        """Return U(low, high) samples of `shape`, with like's library, device and dtype."""
        if is_torch(like):
            out = _torch().empty(shape, device=like.device, dtype=like.dtype)
            return out.uniform_(low, high, generator=self._generator(like.device))
        return self._numpy.uniform(low, high, size=shape).astype(like.dtype, copy=False)

    def keep_mask(self, shape: tuple[int, ...], like: Array, keep: float) -> Array:
        """Return a 0/1 mask of `shape` (like's dtype) whose entries are 1 with probability `keep`."""
        if is_torch(like):
            out = _torch().empty(shape, device=like.device, dtype=like.dtype)
            return out.bernoulli_(keep, generator=self._generator(like.device))
        return (self._numpy.random(shape) < keep).astype(like.dtype)


def as_rng(rng: Any) -> Rng:
    """Return `rng` if it is an Rng, else Rng(rng) (a seed, a numpy or torch generator, or None)."""
    return rng if isinstance(rng, Rng) else Rng(rng)
