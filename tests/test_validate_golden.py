"""Golden cases for `fluxc validate`: fixtures/validate/<case>/input/ validated as a folder.

The exact stderr (diagnostics, notes and summary) is in expected.txt; the exit
code in expected-exit-code (default 0). Regenerate with
`pytest tests/test_validate_golden.py --update-golden` and review the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES
from fluxc.cli import main

CASES = sorted(p for p in (FIXTURES / "validate").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_validate_reports_exactly_the_expected_problems(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str], update_golden: bool) -> None:
    work = tmp_path / "input"
    shutil.copytree(case / "input", work)
    before = {p: p.read_bytes() for p in work.rglob("*") if p.is_file()}
    monkeypatch.chdir(work)
    code = main(["validate", "."])
    out, err = capsys.readouterr()
    expected_file, exit_file = case / "expected.txt", case / "expected-exit-code"
    if update_golden:
        expected_file.write_text(err)
        exit_file.write_text(f"{code}\n")
    assert out == ""
    assert err == expected_file.read_text()
    assert code == int(exit_file.read_text())
    assert {p: p.read_bytes() for p in work.rglob("*") if p.is_file()} == before, "validate must write nothing"
