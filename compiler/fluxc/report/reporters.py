"""Reporters: what a command found, printed in the format the user asked for.

The commands hand a `Report` (diagnostics plus a summary as data) to a
reporter chosen from `REPORTERS` by name; the CLI formats nothing itself.
`text` is today's only format (one `FILE:LINE:COL: SEVERITY CODE: PATH:
MESSAGE (HINT)` line per diagnostic, then the summary, on stderr); machine
formats (`json`, `github`, `sarif`) are further entries. An unknown name
raises KeyError.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple, TextIO

from fluxc.report.diagnostics import Diagnostic, one_line


class AppWritten(NamedTuple):
    """What `fluxc build` did for one answers file."""

    app: str
    folder: str
    files: int
    written: int  # the others were already up to date


class Counted(NamedTuple):
    """What `fluxc validate` looked at."""

    files: int
    valid: int
    invalid: int
    skipped: int
    skipped_why: tuple[tuple[str, int], ...] = ()  # (why, how many), e.g. ("not Kubernetes", 3)


class Report(NamedTuple):
    diagnostics: Sequence[Diagnostic]
    summary: Sequence[AppWritten] | Counted | None = None  # None: nothing to sum up (a failed build)
    quiet: bool = False  # problems only: no notes, no summary


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def summary_lines(summary: Sequence[AppWritten] | Counted | None) -> list[str]:
    """The human summary: one line per application built, or one line of validate's counts."""
    if summary is None:
        return []
    if isinstance(summary, Counted):
        documents = summary.valid + summary.invalid + summary.skipped
        why = f" ({', '.join(f'{reason}: {n}' for reason, n in summary.skipped_why)})" if summary.skipped_why else ""
        return [f"fluxc: {_plural(documents, 'document')} in {_plural(summary.files, 'file')}: {summary.valid} "
                f"valid, {summary.invalid} invalid, {summary.skipped} skipped{why}"]
    return [one_line(f"fluxc: {a.app}: {a.files} files in {a.folder}/ ({a.written} written, "
                     f"{a.files - a.written} unchanged)") for a in summary]


def text(report: Report, stream: TextIO) -> None:
    for diagnostic in report.diagnostics:
        if not (report.quiet and diagnostic.severity == "note"):
            stream.write(diagnostic.render() + "\n")
    if not report.quiet:
        stream.writelines(line + "\n" for line in summary_lines(report.summary))
    stream.flush()


REPORTERS: dict[str, Callable[[Report, TextIO], None]] = {
    "text": text,
}
