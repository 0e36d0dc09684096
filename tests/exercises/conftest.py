"""torch for the torch-backend tests of quizprep.exercises."""

from __future__ import annotations

import os
from typing import Any

import pytest


@pytest.fixture
def torch() -> Any:
    """torch; the test is skipped without it, except under QUIZPREP_REQUIRE_TORCH=1, where it fails."""
    if os.environ.get("QUIZPREP_REQUIRE_TORCH") == "1":
        import torch

        return torch
    return pytest.importorskip("torch")
