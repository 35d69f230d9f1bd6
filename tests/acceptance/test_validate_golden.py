"""Golden cases for `fluxc validate`: fixtures/validate/<case>/input/ validated as a folder.

The exact stderr (diagnostics, notes and summary) is in expected.txt; the exit
code in expected-exit-code. A case with expected-crds.txt is also validated
with `--crds ../shared/flux-crds` (CEL rules evaluated by cel-python) and must
print exactly that. Regenerate with
`pytest tests/test_validate_golden.py --update-golden` and review the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fluxc.cli import main
from helpers.paths import FIXTURES, shared_dir

CASES = sorted(p for p in (FIXTURES / "validate").iterdir() if p.is_dir())
RUNS = [pytest.param(case, False, id=case.name) for case in CASES] + [
    pytest.param(case, True, id=f"{case.name}-crds") for case in CASES if (case / "expected-crds.txt").exists()]


@pytest.mark.parametrize(("case", "crds"), RUNS)
def test_validate_reports_exactly_the_expected_problems(case: Path, crds: bool, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str], update_golden: bool) -> None:
    work = tmp_path / "input"
    shutil.copytree(case / "input", work)
    before = {p: p.read_bytes() for p in work.rglob("*") if p.is_file()}
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    extra = ["--crds", str(shared_dir("flux-crds"))] if crds else []
    monkeypatch.chdir(work)
    code = main(["validate", ".", *extra])
    out, err = capsys.readouterr()
    expected_file = case / ("expected-crds.txt" if crds else "expected.txt")
    exit_file = case / "expected-exit-code"
    if update_golden:
        expected_file.write_text(err)
        exit_file.write_text(f"{code}\n")
    assert out == ""
    assert err == expected_file.read_text()
    assert code == int(exit_file.read_text())
    assert {p: p.read_bytes() for p in work.rglob("*") if p.is_file()} == before, "validate must write nothing"
