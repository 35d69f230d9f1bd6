"""fluxc.report.code_help: README's code table, row by row, so SARIF's rule help never drifts from README."""

from __future__ import annotations

import re

from fluxc.report import codes
from fluxc.report.code_help import CODE_HELP
from helpers.paths import REPO

README_ROWS = re.findall(r"^\| (FLX\d{3}) \| (.*) \|$", (REPO / "README.md").read_text(), re.M)


def test_the_table_is_readmes_code_table_row_by_row() -> None:
    assert len(README_ROWS) > 60  # the table was found
    assert list(CODE_HELP.items()) == README_ROWS


def test_every_code_of_the_catalogue_has_its_help() -> None:
    assert set(CODE_HELP) == {value for name, value in vars(codes).items() if name.isupper()}
