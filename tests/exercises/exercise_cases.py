"""The annotated bug files of buggy/ and hostile/: each says its exercise and the expected diagnosis."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent


def annotated_files(folder: str) -> list[Any]:
    """pytest params (path, exercise id, expected text) from the `# exercise:` / `# expect:` header of each file."""
    params = []
    for path in sorted((HERE / folder).glob("*.py")):
        text = path.read_text(encoding="utf-8")
        exercise = re.search(r"^# exercise: (\S+)$", text, re.MULTILINE)
        expect = re.search(r"^# expect: (.+)$", text, re.MULTILINE)
        assert exercise and expect, f"{path.name} needs '# exercise:' and '# expect:' lines"
        params.append(pytest.param(path, exercise[1], expect[1], id=path.stem))
    return params
