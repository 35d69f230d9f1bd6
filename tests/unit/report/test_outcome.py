"""fluxc.report.outcome: the report's data, the diagnostics a format lists, the human summary lines."""

from __future__ import annotations

import pytest

from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, Span
from fluxc.report.outcome import AppWritten, Counted, Report, listed, summary_lines

ERROR = Diagnostic(codes.UNKNOWN_KEY, "unknown key", ("chart", "versoin"), "a.yaml", Span(7, 3))
WARNING = Diagnostic(codes.UNPINNED_CHART, "no chart version", ("chart",), "a.yaml", Span(5, 1), severity="warning")
NOTE = Diagnostic(codes.SKIPPED, "skipped", (), "b.yaml", Span(1, 1), severity="note")


def test_quiet_leaves_out_notes_only() -> None:
    assert listed(Report([ERROR, WARNING, NOTE])) == [ERROR, WARNING, NOTE]
    assert listed(Report([ERROR, WARNING, NOTE], quiet=True)) == [ERROR, WARNING]


def test_a_report_says_which_command_made_it() -> None:
    assert Report([]).command == "build"
    assert Report([], command="validate").command == "validate"


def test_documents_are_every_document_counted() -> None:
    assert Counted(files=3, valid=4, invalid=2, skipped_why=(("not Kubernetes", 1),)).documents == 7


@pytest.mark.parametrize(("summary", "lines"), [
    (None, []),
    (Counted(files=1, valid=1, invalid=0), ["fluxc: 1 document in 1 file: 1 valid, 0 invalid, 0 skipped"]),
    (Counted(files=0, valid=0, invalid=0), ["fluxc: 0 documents in 0 files: 0 valid, 0 invalid, 0 skipped"]),
    (Counted(files=2, valid=1, invalid=0, skipped_why=(("not Kubernetes", 2), ("kustomize input", 1))),
     ["fluxc: 4 documents in 2 files: 1 valid, 0 invalid, 3 skipped (not Kubernetes: 2, kustomize input: 1)"]),
    ([AppWritten("podinfo", "apps/podinfo/manifests", 2, 1), AppWritten("shop", "out", 3, 0)],
     ["fluxc: podinfo: 2 files in apps/podinfo/manifests/ (1 written, 1 unchanged)",
      "fluxc: shop: 3 files in out/ (0 written, 3 unchanged)"]),
], ids=["nothing", "validate-singular", "validate-empty", "validate-skipped", "build"])
def test_summary_lines(summary: list[AppWritten] | Counted | None, lines: list[str]) -> None:
    assert summary_lines(summary) == lines


def test_a_folder_name_with_a_newline_stays_on_its_summary_line() -> None:
    assert summary_lines([AppWritten("shop", "apps/x\ny", 2, 1)]) == [
        "fluxc: shop: 2 files in apps/x\\ny/ (1 written, 1 unchanged)"]
