"""Where the repository, its fixtures and the reference material in ../shared are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures"
SHARED = REPO.parent / "shared"


def shared_dir(name: str) -> Path:
    """A folder of ../shared; skip when it is absent outside CI, fail when absent in CI."""
    folder = SHARED / name
    if not folder.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{folder} is missing, and CI must have ../shared")
        pytest.skip(f"{folder} is absent (the reference material in ../shared is not checked out here)")
    return folder
