"""pytest set-up: the golden-file regeneration flag. Shared helpers live in tests/helpers/."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

# Property tests (tests/acceptance/test_properties.py, test_helm_charts.py): CI runs few examples, always the
# same ones (derandomize), with no deadline (a build's time varies with the machine); a long campaign runs
# `HYPOTHESIS_PROFILE=long python -m pytest tests/acceptance/test_properties.py`. No example database:
# a failure prints its minimal example (and a @reproduce_failure blob) instead.
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True, database=None, print_blob=True)
settings.register_profile("long", max_examples=5000, deadline=None, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the expected files under fixtures/ from what fluxc produces now")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
