"""Golden cases: fixtures/valid/* compile to an exact file tree, fixtures/invalid/* to exact diagnostics.

Regenerate the expectations with `pytest tests/test_golden.py --update-golden`
and review the diff before committing it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from fluxc.cli import main
from helpers.paths import FIXTURES

VALID = sorted(p for p in (FIXTURES / "valid").iterdir() if p.is_dir())
INVALID = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())
EXPECTED_TREE = "expected"
EXPECTED_DIAGNOSTICS = "expected.txt"
EXPECTED_EXIT = "expected-exit-code"
EXPECTATIONS = {EXPECTED_TREE, EXPECTED_DIAGNOSTICS, EXPECTED_EXIT}


def _workspace(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the case's inputs (answers.yaml and any manifests), without its expectations."""
    work = tmp_path / "work"
    shutil.copytree(case, work, ignore=lambda folder, names: [n for n in names if Path(folder) == case and
                                                                  n in EXPECTATIONS])
    monkeypatch.chdir(work)
    return work


def _inputs(case: Path) -> set[str]:
    return {p.relative_to(case).as_posix() for p in case.rglob("*") if p.is_file()
            and p.relative_to(case).parts[0] not in EXPECTATIONS}


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _build(capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["build", "answers.yaml", "--quiet"])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.name)
def test_valid_case_builds_the_expected_tree(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str], update_golden: bool) -> None:
    work = _workspace(case, tmp_path, monkeypatch)
    code, err = _build(capsys)
    produced = {k: v for k, v in _tree(work).items() if k not in _inputs(case)}
    expected_dir = case / EXPECTED_TREE
    diagnostics_file = case / EXPECTED_DIAGNOSTICS
    if update_golden:
        shutil.rmtree(expected_dir, ignore_errors=True)
        for name, content in produced.items():
            (expected_dir / name).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / name).write_bytes(content)
        if err:
            diagnostics_file.write_text(err)
        else:
            diagnostics_file.unlink(missing_ok=True)
    assert code == 0, err
    assert err == (diagnostics_file.read_text() if diagnostics_file.exists() else "")
    expected = _tree(expected_dir)
    assert sorted(produced) == sorted(expected)
    for name, content in expected.items():
        assert produced[name].decode() == content.decode(), name


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.name)
def test_valid_case_builds_identical_bytes_twice(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    work = _workspace(case, tmp_path, monkeypatch)
    assert _build(capsys)[0] == 0
    first = _tree(work)
    assert _build(capsys)[0] == 0
    assert _tree(work) == first
    if "manifests" in yaml.safe_load((case / "answers.yaml").read_text()):
        # a package (chart, base, folder) is no single stream: --stdout refuses it and writes nothing
        assert main(["build", "answers.yaml", "--stdout"]) == 1
        assert "error FLX403" in capsys.readouterr().err
        assert _tree(work) == first
        return
    assert main(["build", "answers.yaml", "--stdout"]) == 0
    stream = capsys.readouterr().out
    assert main(["build", "answers.yaml", "--stdout"]) == 0
    assert capsys.readouterr().out == stream


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_invalid_case_reports_exact_diagnostics_and_writes_nothing(
        case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        update_golden: bool) -> None:
    work = _workspace(case, tmp_path, monkeypatch)
    code, err = _build(capsys)
    expected_file = case / EXPECTED_DIAGNOSTICS
    exit_file = case / EXPECTED_EXIT
    if update_golden:
        expected_file.write_text(err)
        if code != 1:
            exit_file.write_text(f"{code}\n")
    expected_code = int(exit_file.read_text()) if exit_file.exists() else 1
    assert code == expected_code
    assert err == expected_file.read_text()
    assert sorted(_tree(work)) == sorted(_inputs(case)), "a failed build must write nothing"
