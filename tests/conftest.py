"""Every test runs with its own empty data dir and without the user's extra banks."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    home = tmp_path_factory.mktemp("quizprep-home")
    monkeypatch.setenv("QUIZPREP_HOME", str(home))
    monkeypatch.delenv("QUIZPREP_BANK", raising=False)
    from quizprep.commands.common import AppState

    monkeypatch.setattr(AppState, "extra_banks", [])
    return home


def require_torch():
    """Import torch, skipping the test without it, except under QUIZPREP_REQUIRE_TORCH=1 (CI), where it fails."""
    if os.environ.get("QUIZPREP_REQUIRE_TORCH") == "1":
        import torch  # noqa: F401  - a missing torch must fail here

        return torch
    return pytest.importorskip("torch")
