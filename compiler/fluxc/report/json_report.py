"""The `json` format: one versioned document on stdout, described by schemas/report.schema.json.

Every diagnostic with its file, position, severity, code, JSON path, message
and hint; the summary as numbers, with the exit code. Keys sorted and the text
ASCII-only (other characters as `\\u` escapes), so the same findings give the
same bytes and no control or bidi character of a file name reaches a terminal
raw. `version` changes only when a field is removed, renamed or changes
meaning; a field may be added within a version (readers ignore what they do
not know).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any, TextIO

from fluxc import __version__
from fluxc.report.diagnostics import Diagnostic, exit_code_for, format_path
from fluxc.report.outcome import AppWritten, Checked, Counted, Report, listed

REPORT_VERSION = 1


def document(report: Report) -> dict[str, Any]:
    """The report as JSON data (what `write` prints)."""
    diagnostics = listed(report)
    return {
        "version": REPORT_VERSION,
        "tool": {"name": "fluxc", "version": __version__},
        "command": report.command,
        "diagnostics": [_diagnostic(d) for d in diagnostics],
        "summary": _summary(report, diagnostics),
    }


def write(report: Report, stream: TextIO) -> None:
    json.dump(document(report), stream, indent=2, sort_keys=True, ensure_ascii=True)
    stream.write("\n")
    stream.flush()


def _diagnostic(diagnostic: Diagnostic) -> dict[str, Any]:
    span = diagnostic.span
    return {
        "file": diagnostic.file or None,
        "line": span.line if span else None,
        "column": span.col if span else None,
        "end": None,  # fluxc knows where a problem starts, not yet where it ends
        "severity": diagnostic.severity,
        "code": diagnostic.code,
        "path": format_path(diagnostic.path),
        "message": diagnostic.message,
        "hint": diagnostic.hint or None,
    }


def _summary(report: Report, diagnostics: Sequence[Diagnostic]) -> dict[str, Any]:
    severities = Counter(d.severity for d in diagnostics)
    summary: dict[str, Any] = {
        "errors": severities["error"],
        "warnings": severities["warning"],
        "notes": severities["note"],
        "exit_code": int(exit_code_for(report.diagnostics)),
    }
    if report.command == "validate":
        summary.update(_counts(report.summary if isinstance(report.summary, Counted) else None))
    else:
        summary.update(_built(report.summary))
    return summary


def _built(summary: Sequence[AppWritten] | Checked | Counted | None) -> dict[str, Any]:
    """build's applications (what each answers file wrote, and pruned) and `--check`'s counts (null without)."""
    checked = summary if isinstance(summary, Checked) else None
    built: Sequence[AppWritten] = () if summary is None or isinstance(summary, (Checked, Counted)) else summary
    return {
        "applications": [{"name": a.app, "folder": a.folder, "files": a.files, "written": a.written,
                          "unchanged": a.files - a.written, "removed": list(a.removed)} for a in built],
        "check": None if checked is None else {
            "files": checked.files, "up_to_date": checked.up_to_date, "missing": checked.missing,
            "different": checked.different, "stale": checked.stale},
    }


def _counts(counted: Counted | None) -> dict[str, Any]:
    """validate's counts; all null when nothing could be checked (unusable --crds)."""
    if counted is None:
        return dict.fromkeys(("files", "documents", "valid", "invalid", "skipped", "skipped_by"))
    return {"files": counted.files, "documents": counted.documents, "valid": counted.valid,
            "invalid": counted.invalid, "skipped": counted.skipped, "skipped_by": dict(counted.skipped_why)}
