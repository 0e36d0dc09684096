"""Param, the Layer interface of the notes, and Sequential.

The interface (lecture 4):

    class Layer:
        def forward(self, x):
            result = ...       # intermediate computations
            self.x = x         # keep what backward will need
            return result

        def backward(self, grad):
            dx = ...           # use what forward kept to get d/dx and d/dW
            dW = ...
            self.w.grad += dW  # ACCUMULATE into the parameter's gradient
            return dx

`grad` is dL/dy (the shape of forward's output); backward returns dL/dx (the shape of x).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Self

import numpy as np

from quizprep.engine.backend import Array, convert, fill_zero_, is_array, namespace


class Param:
    """A trainable array `.data` and its accumulated gradient `.grad` (same shape, type and device)."""

    def __init__(self, data: Array) -> None:
        if not is_array(data):
            data = np.asarray(data, dtype=np.float64)
        self.data = data
        self.grad = namespace(data).zeros_like(data)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.data.shape)

    def __repr__(self) -> str:
        return f"Param(shape={self.shape}, dtype={self.data.dtype})"


class Layer:
    """Base class: `forward(x) -> y` keeps what backward needs; `backward(grad) -> dx` accumulates
    (+=) each Param's `.grad` and returns the gradient w.r.t. the input. `layer(x)` is `forward(x)`.

    Subclasses need not call `super().__init__()`: Params and sub-layers are found by looking at the
    instance's attributes (directly, or inside lists/tuples such as Sequential's `layers`).
    """

    training: bool = True
    # Layers that can skip computing dx (Linear) return None from backward when this is False, like
    # torch does for an input that does not require grad. Set it on a network's first layer.
    needs_input_grad: bool = True
    # Names of array attributes that are state but not Params (BatchNorm's running statistics);
    # `.to()` moves them along with the Params.
    buffer_names: tuple[str, ...] = ()

    def forward(self, x: Array) -> Array:
        raise NotImplementedError

    def backward(self, grad: Array) -> Array:
        raise NotImplementedError

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.forward(*args, **kwargs)

    # --- parameters and sub-layers -------------------------------------------------------------

    def named_parameters(self, prefix: str = "") -> Iterator[tuple[str, Param]]:
        """Yield (dotted name, Param) for every Param of this layer and its sub-layers, once each."""
        seen: set[int] = set()
        for name, param in self._walk_params(prefix):
            if id(param) not in seen:
                seen.add(id(param))
                yield name, param

    def _walk_params(self, prefix: str) -> Iterator[tuple[str, Param]]:
        for name, value in vars(self).items():
            items = enumerate(value) if isinstance(value, (list, tuple)) else [(None, value)]
            for index, item in items:
                full = prefix + name + ("" if index is None else f".{index}")
                if isinstance(item, Param):
                    yield full, item
                elif isinstance(item, Layer):
                    yield from item._walk_params(full + ".")

    def parameters(self) -> list[Param]:
        """Return the Params of this layer and of all nested layers."""
        return [param for _, param in self.named_parameters()]

    def children(self) -> list[Layer]:
        """Return the layers held directly by this one (attributes, or items of list/tuple attributes)."""
        found = []
        for value in vars(self).values():
            items = value if isinstance(value, (list, tuple)) else [value]
            found.extend(item for item in items if isinstance(item, Layer))
        return found

    def zero_grad(self) -> None:
        """Set every Param's .grad to zeros in place."""
        for param in self.parameters():
            fill_zero_(param.grad)

    # --- modes and placement -------------------------------------------------------------------

    def train(self, mode: bool = True) -> Self:
        """Switch this layer and its sub-layers to training mode (eval mode if mode is False)."""
        self.training = mode
        for child in self.children():
            child.train(mode)
        return self

    def eval(self) -> Self:
        """Switch to evaluation mode: Dropout is the identity, BatchNorm uses its running statistics."""
        return self.train(False)

    def to(self, target: Any = None, *, dtype: Any = None) -> Self:
        """Move Params (data and grad) and buffers to another library, device or dtype; returns self.

        `target`: "numpy", "torch" (CPU tensors from numpy arrays), "cpu" (keeps the library),
        "cuda" / "cuda:1" / a torch.device (torch tensors there), or None to change only the dtype.
        `dtype`: e.g. "float32", numpy.float64 or torch.float32. Examples::

            model.to("torch")              # numpy -> torch CPU tensors
            model.to("cuda")               # -> CUDA tensors
            model.to("numpy", dtype="float32")

        Inputs must then be given in the same library/device (the layer computes with them as they
        come). State kept from the last forward pass is not moved: run forward again.
        """
        for param in self.parameters():
            param.data = convert(param.data, target, dtype)
            param.grad = convert(param.grad, target, dtype)
        self._move_buffers(target, dtype)
        return self

    def _move_buffers(self, target: Any, dtype: Any) -> None:
        for name in self.buffer_names:
            value = getattr(self, name, None)
            if value is not None:
                setattr(self, name, convert(value, target, dtype))
        for child in self.children():
            child._move_buffers(target, dtype)

    def extra_repr(self) -> str:
        return ""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.extra_repr()})"


class Sequential(Layer):
    """Layers applied in order: forward chains them, backward runs them in reverse."""

    def __init__(self, *layers: Layer) -> None:
        self.layers = list(layers)

    def forward(self, x: Array) -> Array:
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, grad: Array) -> Array:
        # chain rule: dL/dx_i = backward_i(dL/dx_{i+1}), from the last layer to the first
        for layer in reversed(self.layers):
            grad = layer.backward(grad)
        return grad

    def __getitem__(self, index: int) -> Layer:
        return self.layers[index]

    def __len__(self) -> int:
        return len(self.layers)

    def __iter__(self) -> Iterator[Layer]:
        return iter(self.layers)

    def __repr__(self) -> str:
        inner = "".join(f"\n  ({i}): {layer!r}" for i, layer in enumerate(self.layers))
        return f"Sequential({inner}\n)" if self.layers else "Sequential()"
