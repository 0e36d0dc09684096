"""Every test runs with its own empty data dir and without the user's extra banks."""

from __future__ import annotations

import pytest
from torch_support import require_torch


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    home = tmp_path_factory.mktemp("quizprep-home")
    monkeypatch.setenv("QUIZPREP_HOME", str(home))
    monkeypatch.delenv("QUIZPREP_BANK", raising=False)
    from quizprep.commands.common import AppState

    monkeypatch.setattr(AppState, "extra_banks", [])
    return home


@pytest.fixture
def torch():
    """The torch module (see tests/torch_support.py: skipped without torch, except in CI)."""
    return require_torch()
