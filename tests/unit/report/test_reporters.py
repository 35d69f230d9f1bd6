"""fluxc.report.reporters: the registry (every format, where each is written) and the text reporter."""

from __future__ import annotations

import io
import json

import pytest

from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, Span
from fluxc.report.outcome import Counted, Report
from fluxc.report.reporters import REPORTERS

ERROR = Diagnostic(codes.UNKNOWN_KEY, "unknown key", ("chart", "versoin"), "a.yaml", Span(7, 3), "did you mean version?")
NOTE = Diagnostic(codes.SKIPPED, "Deployment 'web' (apps/v1) is not a Flux object: skipped", (), "b.yaml", Span(1, 1),
                  severity="note")


def printed(report: Report, output_format: str = "text") -> str:
    out = io.StringIO()
    REPORTERS[output_format].write(report, out)
    return out.getvalue()


def test_text_prints_each_diagnostic_then_the_summary() -> None:
    counted = Counted(files=2, valid=0, invalid=1, skipped_why=(("not Kubernetes", 1),))
    assert printed(Report([ERROR, NOTE], counted)) == (
        "a.yaml:7:3: error FLX101: $.chart.versoin: unknown key (did you mean version?)\n"
        "b.yaml:1:1: note FLX507: $: Deployment 'web' (apps/v1) is not a Flux object: skipped\n"
        "fluxc: 2 documents in 2 files: 0 valid, 1 invalid, 1 skipped (not Kubernetes: 1)\n")


def test_quiet_hides_notes_and_the_summary_never_problems() -> None:
    assert printed(Report([ERROR, NOTE], Counted(2, 0, 1, (("not Kubernetes", 1),)), quiet=True)) == ERROR.render() + "\n"


def test_the_formats_and_where_each_is_written() -> None:
    """Lines for a log go to stderr (beside `build --stdout`); a document to capture goes to stdout."""
    assert {name: reporter.stream for name, reporter in REPORTERS.items()} == {
        "text": "stderr", "json": "stdout", "github": "stderr", "sarif": "stdout"}


@pytest.mark.parametrize("output_format", ["json", "sarif"])
def test_a_machine_format_prints_one_json_document(output_format: str) -> None:
    out = printed(Report([ERROR, NOTE], Counted(2, 0, 1, (("not Kubernetes", 1),)), command="validate"), output_format)
    assert out.endswith("}\n") and out.isascii()
    assert isinstance(json.loads(out), dict)


def test_github_prints_workflow_commands() -> None:
    assert printed(Report([ERROR], quiet=True), "github") == (
        "::error file=a.yaml,line=7,col=3,title=FLX101::unknown key (did you mean version?)\n")


def test_an_unknown_format_raises() -> None:
    with pytest.raises(KeyError):
        REPORTERS["xml"]
