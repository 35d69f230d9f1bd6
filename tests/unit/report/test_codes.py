"""The diagnostic code catalogue: stable, unique, each documented in README."""

from __future__ import annotations

import re

from fluxc.report import codes
from helpers.paths import REPO

CATALOGUE = {name: value for name, value in vars(codes).items() if name.isupper()}


def test_codes_are_unique_and_well_formed() -> None:
    assert len(set(CATALOGUE.values())) == len(CATALOGUE)
    assert all(re.fullmatch(r"FLX\d{3}", code) for code in CATALOGUE.values())


def test_every_code_is_documented_in_the_readme() -> None:
    documented = set(re.findall(r"^\| (FLX\d{3}) \|", (REPO / "README.md").read_text(), re.M))
    assert documented == set(CATALOGUE.values())


def test_internal_errors_and_only_they_are_in_the_9xx_range() -> None:
    assert {name for name, code in CATALOGUE.items() if code.startswith("FLX9")} == {"OUTPUT_INVALID"}
