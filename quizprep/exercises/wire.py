"""The sandbox's wire format: length-prefixed frames of JSON with numpy arrays as raw .npy blobs.

frame = body length (8 bytes, big-endian) | body
body  = header length (4 bytes) | header (UTF-8 JSON) | per array: blob length (8 bytes) | .npy blob

Arrays inside a message are written as {"$array": i}, the i-th blob. Nothing is pickled in either
direction (`allow_pickle=False`), so a reply from the user's process can carry numbers, never code.
Used by both sides: the parent (isolation.py) and the child (sandbox.py); stdlib and numpy only.
"""

from __future__ import annotations

import io
import json
import struct
from typing import Any

MAX_FRAME_BYTES = 1 << 30
ARRAY_KEY = "$array"


class WireError(Exception):
    """A frame that does not follow the format (corrupted or forged)."""


def pack(message: Any) -> bytes:
    """Return `message` (JSON-like data with numpy arrays anywhere) as one frame."""
    import numpy as np  # here, not at the top: the parent starts the child before it needs numpy

    blobs: list[bytes] = []

    def strip(value: Any) -> Any:
        if isinstance(value, (np.ndarray, np.generic)):
            buffer = io.BytesIO()
            np.save(buffer, np.asarray(value), allow_pickle=False)
            blobs.append(buffer.getvalue())
            return {ARRAY_KEY: len(blobs) - 1}
        if isinstance(value, dict):
            return {str(key): strip(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return [strip(item) for item in value]
        return value

    header = json.dumps(strip(message)).encode("utf-8")
    parts = [struct.pack(">I", len(header)), header]
    for blob in blobs:
        parts += [struct.pack(">Q", len(blob)), blob]
    body = b"".join(parts)
    return struct.pack(">Q", len(body)) + body


def body_length(prefix: bytes) -> int:
    """Return the body length announced by a frame's 8-byte prefix."""
    (length,) = struct.unpack(">Q", prefix)
    if length > MAX_FRAME_BYTES:
        raise WireError(f"a frame of {length} bytes announced (the limit is {MAX_FRAME_BYTES})")
    return length


def unpack(body: bytes) -> Any:
    """Return the message of a frame's body (the inverse of `pack`)."""
    import numpy as np

    try:
        (header_length,) = struct.unpack_from(">I", body, 0)
        header = json.loads(body[4:4 + header_length].decode("utf-8"))
        offset = 4 + header_length
        arrays = []
        while offset < len(body):
            (length,) = struct.unpack_from(">Q", body, offset)
            offset += 8
            arrays.append(np.load(io.BytesIO(body[offset:offset + length]), allow_pickle=False))
            offset += length
    except (struct.error, ValueError, UnicodeDecodeError, OSError) as exc:
        raise WireError(f"malformed frame: {exc}") from None

    def restore(value: Any) -> Any:
        if isinstance(value, dict):
            if set(value) == {ARRAY_KEY}:
                try:
                    return arrays[value[ARRAY_KEY]]
                except (IndexError, TypeError):
                    raise WireError("a frame refers to an array it does not carry") from None
            return {key: restore(item) for key, item in value.items()}
        if isinstance(value, list):
            return [restore(item) for item in value]
        return value

    return restore(header)
