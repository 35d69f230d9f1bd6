"""fluxc is mypy-clean (strict, with pydantic's plugin), as installed."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO


def test_mypy_strict_is_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(REPO / "pyproject.toml"), "-p", "fluxc"],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
