"""`--output-format text|json|github|sarif` on `build` and `validate`: golden reports, streams, exit codes.

Each run of RUNS is made in every format, in a copy of its fixture folder (so
every path in a report is relative and the same on every machine), and must
print exactly fixtures/reports/<run>/<format file> and exit with
fixtures/reports/<run>/expected-exit-code; json and sarif go to stdout (and
must be valid against schemas/report.schema.json and the official SARIF 2.1.0
schema), text and github to stderr. fluxc's version is replaced by a
placeholder in the golden files, so a release does not change them.
Regenerate with `pytest tests/acceptance/test_report_formats.py --update-golden`.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from fluxc import __version__
from fluxc.cli import main
from helpers.golden import check_golden
from helpers.paths import FIXTURES
from helpers.reports import problems, report_validator, sarif_validator

REPORTS = FIXTURES / "reports"
VERSION_PLACEHOLDER = '"version": "<fluxc version>"'


class Run(NamedTuple):
    name: str  # its folder under fixtures/reports/
    fixture: str  # the folder it runs in, below fixtures/
    args: tuple[str, ...]


RUNS = [
    Run("validate-handwritten-mistakes", "validate/handwritten-mistakes/input", ("validate", ".")),
    Run("validate-all-valid", "validate/all-valid/input", ("validate", ".")),
    Run("validate-notes", "validate/not-kubernetes/input", ("validate", "-v", ".")),  # notes, skipped by why
    Run("build-wrong-types", "invalid/wrong-types", ("build", "answers.yaml")),
    Run("build-warns", "valid/chart-unpinned-warns", ("build", "answers.yaml")),  # a warning, files written
]
# format -> (golden file, the stream it is printed on)
FORMATS = {"text": ("text.txt", "err"), "json": ("json.json", "out"), "github": ("github.txt", "err"),
           "sarif": ("sarif.sarif", "out")}


def _in_copy(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "work"
    shutil.copytree(FIXTURES / run.fixture, work, ignore=shutil.ignore_patterns("expected*"))
    monkeypatch.chdir(work)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return work


@pytest.mark.parametrize("output_format", FORMATS)
@pytest.mark.parametrize("run", RUNS, ids=lambda r: r.name)
def test_every_format_prints_the_golden_report(run: Run, output_format: str, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                               update_golden: bool) -> None:
    _in_copy(run, tmp_path, monkeypatch)
    code = main([*run.args, "--output-format", output_format])
    out, err = capsys.readouterr()
    golden, stream = FORMATS[output_format]
    printed, other = (out, err) if stream == "out" else (err, out)
    assert other == "", f"{output_format} writes only to std{stream}"
    if stream == "out":
        report = json.loads(printed)
        validator = sarif_validator() if output_format == "sarif" else report_validator()
        assert problems(validator, report) == []
        assert printed.count(f'"version": "{__version__}"') == 1  # the tool's version, once
        printed = printed.replace(f'"version": "{__version__}"', VERSION_PLACEHOLDER)
    (REPORTS / run.name).mkdir(parents=True, exist_ok=True)
    check_golden(REPORTS / run.name / golden, printed, update_golden)
    check_golden(REPORTS / run.name / "expected-exit-code", code, update_golden)


@pytest.mark.parametrize("run", RUNS, ids=lambda r: r.name)
def test_the_formats_report_the_same_problems(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Whatever the format, the same diagnostics at the same places, and the exit code json states is real."""
    _in_copy(run, tmp_path, monkeypatch)
    codes, places = {}, {}
    for output_format in FORMATS:
        code = main([*run.args, "--output-format", output_format])
        out, err = capsys.readouterr()
        if output_format == "json":
            report = json.loads(out)
            assert report["summary"]["exit_code"] == code
            places[output_format] = [(d["file"], d["line"], d["column"], d["code"]) for d in report["diagnostics"]]
        elif output_format == "sarif":
            results = json.loads(out)["runs"][0]["results"]
            places[output_format] = [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                                      r["locations"][0]["physicalLocation"]["region"]["startLine"],
                                      r["locations"][0]["physicalLocation"]["region"]["startColumn"], r["ruleId"])
                                     for r in results]
        codes[output_format] = code
    assert len(set(codes.values())) == 1
    assert places["json"] == places["sarif"]


def test_build_stdout_refuses_a_format_that_also_wants_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    work = _in_copy(RUNS[-1], tmp_path, monkeypatch)
    for output_format in ("json", "sarif"):
        assert main(["build", "answers.yaml", "--stdout", "--output-format", output_format]) == 2
        out, err = capsys.readouterr()
        assert out == ""
        assert f"--stdout and --output-format {output_format} both write to stdout" in err
    assert sorted(p.name for p in work.iterdir()) == ["answers.yaml"], "a usage error writes nothing"


def test_build_stdout_with_github_keeps_the_stream_on_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    _in_copy(RUNS[-1], tmp_path, monkeypatch)
    assert main(["build", "answers.yaml", "--stdout", "--output-format", "github"]) == 0
    out, err = capsys.readouterr()
    assert "\n---\napiVersion: source.toolkit.fluxcd.io/v1\n" in out and "::" not in out
    assert err.startswith("::warning file=answers.yaml,line=5,col=1,title=FLX301::")


def test_build_check_reports_only_the_document_on_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """`--check` prints its diff on stdout; with json or sarif the report takes stdout alone (the diff is in it
    as one diagnostic per file)."""
    _in_copy(RUNS[-1], tmp_path, monkeypatch)
    assert main(["build", "answers.yaml", "--check", "--output-format", "json"]) == 1
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert problems(report_validator(), report) == [] and err == ""
    assert report["summary"]["check"] == {"files": 2, "up_to_date": 0, "missing": 2, "different": 0, "stale": 0}
    assert {d["code"] for d in report["diagnostics"]} == {"FLX301", "FLX406"}


def test_an_unknown_format_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    _in_copy(RUNS[1], tmp_path, monkeypatch)
    assert main(["validate", ".", "--output-format", "xml"]) == 2
    assert "'xml' is not one of 'text', 'json', 'github', 'sarif'" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["build", "validate"])
def test_help_lists_the_formats(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    assert "--output-format [text|json|github|sarif]" in capsys.readouterr().out


class _Closed(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_report_that_cannot_be_written_fails_the_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """All valid, but the reader of stdout went away: the report is lost, so the exit code must say so."""
    _in_copy(RUNS[1], tmp_path, monkeypatch)
    monkeypatch.setattr(sys, "stdout", _Closed())
    assert main(["validate", ".", "--output-format", "json"]) == 1


def test_a_real_run_redirects_the_sarif_into_a_file(tmp_path: Path) -> None:
    """What a CI step does: `fluxc validate --output-format sarif . > fluxc.sarif`, the summary nowhere."""
    work = tmp_path / "work"
    shutil.copytree(FIXTURES / "validate/handwritten-mistakes/input", work)
    with (tmp_path / "fluxc.sarif").open("w") as report:
        done = subprocess.run([sys.executable, "-m", "fluxc", "validate", "--output-format", "sarif", "."], cwd=work,
                              stdout=report, stderr=subprocess.PIPE, text=True, check=False)
    assert (done.returncode, done.stderr) == (1, "")
    sarif = json.loads((tmp_path / "fluxc.sarif").read_text())
    assert problems(sarif_validator(), sarif) == []
    assert len(sarif["runs"][0]["results"]) == 11
