"""fluxc.report.sarif: SARIF 2.1.0, valid against the official schema, one rule per code reported."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from fluxc import __version__
from fluxc.report import codes
from fluxc.report.code_help import CODE_HELP
from fluxc.report.diagnostics import Diagnostic, Span
from fluxc.report.outcome import Counted, Report
from fluxc.report.sarif import artifact_uri, log, write
from helpers.reports import problems, sarif_validator

ERROR = Diagnostic(codes.BAD_FORMAT, "'5 minutes' is not a Go duration", ("spec", "interval"), "apps/podinfo.yaml",
                   Span(8, 13), "write 5m")
WARNING = Diagnostic(codes.UNPINNED_CHART, "no chart version", ("chart",), "answers.yaml", Span(5, 1),
                     severity="warning")
NOTE = Diagnostic(codes.SKIPPED, "skipped: not Kubernetes", (), "Taskfile.yaml", Span(1, 1), severity="note")
EMPTY = Diagnostic(codes.FILE_EMPTY, "the file is empty", (), "empty.yaml")


def printed(report: Report) -> dict[str, Any]:
    out = io.StringIO()
    write(report, out)
    text = out.getvalue()
    assert text.isascii() and text == json.dumps(json.loads(text), indent=2, sort_keys=True) + "\n"
    loaded: dict[str, Any] = json.loads(text)
    assert problems(sarif_validator(), loaded) == []
    return loaded


def the_run(report: Report) -> dict[str, Any]:
    sarif = printed(report)
    assert (sarif["$schema"], sarif["version"], len(sarif["runs"])) == (
        "https://json.schemastore.org/sarif-2.1.0.json", "2.1.0", 1)
    run: dict[str, Any] = sarif["runs"][0]
    return run


def test_a_result_with_its_rule_level_message_and_region() -> None:
    run = the_run(Report([ERROR], Counted(1, 0, 1), command="validate"))
    assert run["tool"]["driver"] == {
        "name": "fluxc", "version": __version__, "informationUri": "https://fluxc.dev/",
        "rules": [{"id": "FLX105", "shortDescription": {"text": CODE_HELP["FLX105"]},
                   "help": {"text": CODE_HELP["FLX105"]}}]}
    assert run["results"] == [{
        "ruleId": "FLX105", "ruleIndex": 0, "level": "error",
        "message": {"text": "'5 minutes' is not a Go duration (write 5m)"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "apps/podinfo.yaml"},
                                            "region": {"startLine": 8, "startColumn": 13}}}]}]
    assert run["invocations"] == [{"executionSuccessful": True, "exitCode": 1}]
    assert run["columnKind"] == "unicodeCodePoints"


def test_one_rule_per_code_sorted_and_each_result_points_at_its_rule() -> None:
    run = the_run(Report([NOTE, ERROR, ERROR._replace(span=Span(9, 1)), WARNING], command="validate"))
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert rules == ["FLX105", "FLX301", "FLX507"]
    assert [(r["ruleId"], rules[r["ruleIndex"]], r["level"]) for r in run["results"]] == [
        ("FLX507", "FLX507", "note"), ("FLX105", "FLX105", "error"), ("FLX105", "FLX105", "error"),
        ("FLX301", "FLX301", "warning")]


def test_no_position_leaves_out_the_region() -> None:
    [result] = the_run(Report([EMPTY]))["results"]
    assert result["locations"] == [{"physicalLocation": {"artifactLocation": {"uri": "empty.yaml"}}}]


def test_no_file_leaves_out_the_location() -> None:
    [result] = the_run(Report([ERROR._replace(file="")]))["results"]
    assert "locations" not in result


def test_nothing_found_is_a_run_without_results() -> None:
    run = the_run(Report([], Counted(1, 1, 0), command="validate"))
    assert (run["results"], run["tool"]["driver"]["rules"], run["invocations"][0]["exitCode"]) == ([], [], 0)


def test_an_internal_error_is_an_unsuccessful_execution() -> None:
    bug = Diagnostic(codes.OUTPUT_INVALID, "emitted HelmRelease fails its schema", (), "answers.yaml")
    assert the_run(Report([bug]))["invocations"] == [{"executionSuccessful": False, "exitCode": 3}]


def test_quiet_leaves_out_notes() -> None:
    run = the_run(Report([ERROR, NOTE], quiet=True, command="validate"))
    assert [r["ruleId"] for r in run["results"]] == ["FLX105"]


@pytest.mark.parametrize(("file", "uri"), [
    ("apps/podinfo.yaml", "apps/podinfo.yaml"),
    ("./apps/podinfo.yaml", "./apps/podinfo.yaml"),
    ("my apps/100%.yaml", "my%20apps/100%25.yaml"),
    ("apps/caf\u00e9#1.yaml", "apps/caf%C3%A9%231.yaml"),
    ("a:b,c.yaml", "a%3Ab%2Cc.yaml"),
    ("/srv/fleet/apps.yaml", "file:///srv/fleet/apps.yaml"),
], ids=["relative", "dot", "space-percent", "non-ascii-hash", "colon-comma", "absolute"])
def test_a_file_name_becomes_a_uri_reference(file: str, uri: str) -> None:
    assert artifact_uri(file) == uri


def test_a_hostile_message_is_escaped_json_not_changed() -> None:
    hostile = ERROR._replace(message="line\nbreak \x1b[31m \u202e", hint="")
    assert the_run(Report([hostile]))["results"][0]["message"]["text"] == hostile.message


def test_the_log_is_the_data_that_write_prints() -> None:
    report = Report([ERROR, WARNING], command="validate")
    assert printed(report) == log(report)


def test_the_official_schema_refuses_what_is_not_sarif() -> None:
    """The validator is real: a level SARIF does not know, or a region starting at line 0, are refused."""
    sarif = log(Report([ERROR]))
    sarif["runs"][0]["results"][0]["level"] = "fatal"
    sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert len(problems(sarif_validator(), sarif)) == 2
