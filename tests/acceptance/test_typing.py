"""fluxc is mypy-clean (strict, with pydantic's plugin) as installed, and ruff-clean."""

from __future__ import annotations

import subprocess
import sys

from helpers.paths import REPO


def test_mypy_strict_is_clean() -> None:
    command = [sys.executable, "-m", "mypy", "--config-file", str(REPO / "pyproject.toml"), "-p", "fluxc"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_is_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "compiler", "tests", "bench"],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
