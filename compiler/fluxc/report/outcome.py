"""What a command hands a reporter: its diagnostics and its summary, as data.

Kept apart from the `REPORTERS` registry (reporters.py) so that every format
module can import these types while the registry imports the format modules,
without an import cycle. The human summary lines live here too: the `text`
and `github` formats both print them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NamedTuple

from fluxc.report.diagnostics import Diagnostic, one_line

Command = Literal["build", "validate"]
REPOSITORY = "(repository)"  # the repository layout's shared files (index, sources), summed up as one entry
COLLAPSE_AFTER = 10  # more applications than this are summed up in one line


class AppWritten(NamedTuple):
    """What `fluxc build` did for one answers file."""

    app: str
    folder: str
    files: int
    written: int  # the others were already up to date
    removed: tuple[str, ...] = ()  # `--prune`: the stale generated files removed, relative to `folder`


class Checked(NamedTuple):
    """What `fluxc build --check` or `--diff` found; nothing was written."""

    files: int  # that the build produces
    missing: int
    different: int  # out of date, or something that is no file in the way
    stale: int  # generated files in an output folder that the build no longer produces

    @property
    def up_to_date(self) -> int:
        return self.files - self.missing - self.different


class Counted(NamedTuple):
    """What `fluxc validate` looked at."""

    files: int
    valid: int
    invalid: int
    skipped_why: tuple[tuple[str, int], ...] = ()  # (why, how many), e.g. ("not Kubernetes", 3)

    @property
    def skipped(self) -> int:
        return sum(n for _, n in self.skipped_why)

    @property
    def documents(self) -> int:
        return self.valid + self.invalid + self.skipped


class Report(NamedTuple):
    diagnostics: Sequence[Diagnostic]
    summary: Sequence[AppWritten] | Checked | Counted | None = None  # None: nothing to sum up (a failed build)
    quiet: bool = False  # problems only: no notes, no summary
    command: Command = "build"  # which command reports: the machine formats say so


def listed(report: Report) -> list[Diagnostic]:
    """The diagnostics a format lists: all of them, or without the notes when quiet (in every format)."""
    return [d for d in report.diagnostics if not (report.quiet and d.severity == "note")]


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def summary_lines(summary: Sequence[AppWritten] | Checked | Counted | None) -> list[str]:
    """The human summary: one line per application built, or one line of `--check`'s or validate's counts."""
    if summary is None:
        return []
    if isinstance(summary, Checked):
        return [f"fluxc: {_plural(summary.files, 'file')} checked: {summary.up_to_date} up to date, "
                f"{summary.missing} missing, {summary.different} out of date, {summary.stale} stale; "
                "nothing was written"]
    if isinstance(summary, Counted):
        why = f" ({', '.join(f'{reason}: {n}' for reason, n in summary.skipped_why)})" if summary.skipped_why else ""
        return [f"fluxc: {_plural(summary.documents, 'document')} in {_plural(summary.files, 'file')}: "
                f"{summary.valid} valid, {summary.invalid} invalid, {summary.skipped} skipped{why}"]
    apps = sum(1 for a in summary if a.app != REPOSITORY)
    if apps > COLLAPSE_AFTER:
        files, written = sum(a.files for a in summary), sum(a.written for a in summary)
        removed = sum(len(a.removed) for a in summary)
        pruned = f"; removed {_plural(removed, 'stale file')}" if removed else ""
        return [f"fluxc: {_plural(apps, 'application')}: {_plural(files, 'file')} ({written} written, "
                f"{files - written} unchanged){pruned}"]
    return [one_line(f"fluxc: {a.app}: {_plural(a.files, 'file')} in {a.folder}/ ({a.written} written, "
                     f"{a.files - a.written} unchanged)" + _removed(a.removed)) for a in summary]


def _removed(names: tuple[str, ...]) -> str:
    """`--prune`'s part of an application's line: the stale files it removed, by name."""
    return f"; removed {_plural(len(names), 'stale file')}: {', '.join(names)}" if names else ""
