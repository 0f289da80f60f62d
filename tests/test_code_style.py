"""The project's standard: `ruff format` and `ruff check` clean, enforced by CI through the test suite."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def ruff() -> list[str]:
    found = shutil.which("ruff")
    if found:
        return [found]
    return [sys.executable, "-m", "ruff"]


@pytest.mark.parametrize("args", [["format", "--check", "."], ["check", "."]])
def test_ruff_is_clean(args):
    done = subprocess.run([*ruff(), *args], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
