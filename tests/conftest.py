"""Shared test set-up: the golden-file regeneration flag and where ../shared lives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
SHARED = REPO.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the expected files under fixtures/ from what fluxc produces now")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def shared_dir(name: str) -> Path:
    """A folder of ../shared; skip when it is absent outside CI, fail when absent in CI."""
    folder = SHARED / name
    if not folder.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{folder} is missing, and CI must have ../shared")
        pytest.skip(f"{folder} is absent (the reference material in ../shared is not checked out here)")
    return folder
