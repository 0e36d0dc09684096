"""torch for the tests that compare against it: skipped without torch, except in CI.

CI sets QUIZPREP_REQUIRE_TORCH=1; then a missing torch fails those tests instead of hiding them.
"""

from __future__ import annotations

import os
from typing import Any

import pytest


def require_torch() -> Any:
    """Return the torch module; skip the calling test without it (fail if QUIZPREP_REQUIRE_TORCH=1)."""
    if os.environ.get("QUIZPREP_REQUIRE_TORCH") == "1":
        import torch  # an ImportError fails the test: torch is required here

        return torch
    return pytest.importorskip("torch")
