"""fluxc.report.reporters: the registry and the text reporter (diagnostics, then the summary, on one stream)."""

from __future__ import annotations

import io

import pytest

from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, Span
from fluxc.report.reporters import REPORTERS, AppWritten, Counted, Report, summary_lines

ERROR = Diagnostic(codes.UNKNOWN_KEY, "unknown key", ("chart", "versoin"), "a.yaml", Span(7, 3), "did you mean version?")
NOTE = Diagnostic(codes.SKIPPED, "Deployment 'web' (apps/v1) is not a Flux object: skipped", (), "b.yaml", Span(1, 1),
                  severity="note")


def printed(report: Report) -> str:
    out = io.StringIO()
    REPORTERS["text"](report, out)
    return out.getvalue()


def test_text_prints_each_diagnostic_then_the_summary() -> None:
    assert printed(Report([ERROR, NOTE], Counted(files=2, valid=0, invalid=1, skipped=1))) == (
        "a.yaml:7:3: error FLX101: $.chart.versoin: unknown key (did you mean version?)\n"
        "b.yaml:1:1: note FLX507: $: Deployment 'web' (apps/v1) is not a Flux object: skipped\n"
        "fluxc: 2 documents in 2 files: 0 valid, 1 invalid, 1 skipped\n")


def test_quiet_hides_notes_and_the_summary_never_problems() -> None:
    assert printed(Report([ERROR, NOTE], Counted(2, 0, 1, 1), quiet=True)) == ERROR.render() + "\n"


@pytest.mark.parametrize(("summary", "lines"), [
    (None, []),
    (Counted(files=1, valid=1, invalid=0, skipped=0), ["fluxc: 1 document in 1 file: 1 valid, 0 invalid, 0 skipped"]),
    (Counted(files=0, valid=0, invalid=0, skipped=0), ["fluxc: 0 documents in 0 files: 0 valid, 0 invalid, 0 skipped"]),
    ([AppWritten("podinfo", "apps/podinfo/manifests", 2, 1), AppWritten("shop", "out", 3, 0)],
     ["fluxc: podinfo: 2 files in apps/podinfo/manifests/ (1 written, 1 unchanged)",
      "fluxc: shop: 3 files in out/ (0 written, 3 unchanged)"]),
], ids=["nothing", "validate-singular", "validate-empty", "build"])
def test_summary_lines(summary: list[AppWritten] | Counted | None, lines: list[str]) -> None:
    assert summary_lines(summary) == lines


def test_an_unknown_format_raises() -> None:
    with pytest.raises(KeyError):
        REPORTERS["xml"]


def test_a_folder_name_with_a_newline_stays_on_its_summary_line() -> None:
    assert summary_lines([AppWritten("shop", "apps/x\ny", 2, 1)]) == [
        "fluxc: shop: 2 files in apps/x\\ny/ (1 written, 1 unchanged)"]
