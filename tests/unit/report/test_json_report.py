"""fluxc.report.json_report: the versioned JSON report, always valid against schemas/report.schema.json."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from fluxc import __version__
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, Span
from fluxc.report.json_report import document, write
from fluxc.report.outcome import AppWritten, Checked, Counted, Report
from helpers.reports import problems, report_validator

ERROR = Diagnostic(codes.BAD_FORMAT, "'5 minutes' is not a Go duration", ("spec", "interval"), "apps/podinfo.yaml",
                   Span(8, 13))
WARNING = Diagnostic(codes.UNPINNED_CHART, "no chart version", ("chart",), "answers.yaml", Span(5, 1),
                     "pin one", "warning")
NOTE = Diagnostic(codes.SKIPPED, "skipped: not Kubernetes", (), "Taskfile.yaml", Span(1, 1), severity="note")
EMPTY = Diagnostic(codes.FILE_EMPTY, "the file is empty", (), "empty.yaml")  # no position exists
VALIDATED = Counted(files=3, valid=1, invalid=1, skipped_why=(("not Kubernetes", 1),))


def printed(report: Report) -> dict[str, Any]:
    out = io.StringIO()
    write(report, out)
    loaded: dict[str, Any] = json.loads(out.getvalue())
    assert problems(report_validator(), loaded) == []
    return loaded


def test_a_validate_report_holds_every_field() -> None:
    assert printed(Report([ERROR, NOTE], VALIDATED, command="validate")) == {
        "version": 1,
        "tool": {"name": "fluxc", "version": __version__},
        "command": "validate",
        "diagnostics": [
            {"file": "apps/podinfo.yaml", "line": 8, "column": 13, "end": None, "severity": "error",
             "code": "FLX105", "path": "$.spec.interval", "message": "'5 minutes' is not a Go duration", "hint": None},
            {"file": "Taskfile.yaml", "line": 1, "column": 1, "end": None, "severity": "note", "code": "FLX507",
             "path": "$", "message": "skipped: not Kubernetes", "hint": None},
        ],
        "summary": {"errors": 1, "warnings": 0, "notes": 1, "exit_code": 1, "files": 3, "documents": 3, "valid": 1,
                    "invalid": 1, "skipped": 1, "skipped_by": {"not Kubernetes": 1}},
    }


def test_a_build_report_lists_each_application_and_exits_0_with_warnings() -> None:
    report = printed(Report([WARNING], [AppWritten("grafana", "manifests", 2, 1)]))
    assert report["command"] == "build"
    assert report["diagnostics"][0]["hint"] == "pin one"
    assert report["summary"] == {"errors": 0, "warnings": 1, "notes": 0, "exit_code": 0, "check": None,
                                 "applications": [{"name": "grafana", "folder": "manifests", "files": 2,
                                                   "written": 1, "unchanged": 1, "removed": []}]}


def test_a_pruning_build_lists_the_files_it_removed() -> None:
    pruned = AppWritten("grafana", "manifests", 2, 0, ("helmrepository.yaml",))
    assert printed(Report([], [pruned]))["summary"]["applications"][0]["removed"] == ["helmrepository.yaml"]


def test_a_failed_build_has_no_applications() -> None:
    assert printed(Report([ERROR]))["summary"] == {"errors": 1, "warnings": 0, "notes": 0, "exit_code": 1,
                                                   "applications": [], "check": None}


def test_a_check_counts_what_differs() -> None:
    stale = Diagnostic(codes.OUTPUT_STALE, "stale", (), "manifests/helmrepository.yaml")
    summary = printed(Report([stale], Checked(files=3, missing=1, different=1, stale=1)))["summary"]
    assert (summary["applications"], summary["check"], summary["exit_code"]) == (
        [], {"files": 3, "up_to_date": 1, "missing": 1, "different": 1, "stale": 1}, 1)


def test_an_internal_error_is_exit_code_3() -> None:
    bug = Diagnostic(codes.OUTPUT_INVALID, "emitted HelmRelease fails its schema", (), "answers.yaml")
    assert printed(Report([bug]))["summary"]["exit_code"] == 3


def test_no_position_is_null_line_and_column() -> None:
    [listed] = printed(Report([EMPTY], command="validate"))["diagnostics"]
    assert (listed["line"], listed["column"], listed["end"]) == (None, None, None)


def test_validate_counts_are_null_when_nothing_could_be_checked() -> None:
    crds = Diagnostic(codes.CRDS_UNUSABLE, "cannot read the CRDs", (), "crds/")
    summary = printed(Report([crds], None, command="validate"))["summary"]
    assert {key: summary[key] for key in ("files", "documents", "valid", "invalid", "skipped", "skipped_by")} == \
        dict.fromkeys(("files", "documents", "valid", "invalid", "skipped", "skipped_by"))


def test_quiet_leaves_out_notes_and_counts_what_it_lists() -> None:
    report = printed(Report([ERROR, NOTE], VALIDATED, quiet=True, command="validate"))
    assert [d["code"] for d in report["diagnostics"]] == ["FLX105"]
    assert report["summary"]["notes"] == 0 and report["summary"]["files"] == 3  # the counts stay: they are data


def test_a_diagnostic_without_a_file_has_a_null_file() -> None:
    assert printed(Report([ERROR._replace(file="")]))["diagnostics"][0]["file"] is None


def test_keys_are_sorted_and_the_text_is_ascii_so_the_bytes_are_stable() -> None:
    hostile = ERROR._replace(file="apps/caf\u00e9\n\x1b[31m.yaml", message="\u202eevil \u00b5s")
    out = io.StringIO()
    write(Report([hostile], VALIDATED, command="validate"), out)
    text = out.getvalue()
    assert text.isascii() and text.count("\n") == len(text.splitlines())
    assert "\\u202e" in text and "\\u001b" in text
    loaded = json.loads(text)
    assert loaded["diagnostics"][0]["file"] == hostile.file  # escaped, not changed
    assert text == json.dumps(loaded, indent=2, sort_keys=True) + "\n"


def test_the_document_is_the_data_that_write_prints() -> None:
    report = Report([ERROR], VALIDATED, command="validate")
    assert printed(report) == document(report)


@pytest.mark.parametrize("broken", [
    {"version": 2}, {"command": "init"}, {"diagnostics": [{"code": "E1"}]}, {"summary": {"errors": -1}}],
    ids=["version", "command", "diagnostic", "summary"])
def test_the_schema_refuses_what_fluxc_never_prints(broken: dict[str, Any]) -> None:
    report = document(Report([ERROR], VALIDATED, command="validate")) | broken
    assert problems(report_validator(), report) != []
