"""Reporters: what a command found, printed in the format the user asked for.

The commands hand a `Report` (diagnostics plus a summary as data, defined in
outcome.py) to a reporter chosen from `REPORTERS` by name, the one place that
knows the formats and where each is written; the CLI formats nothing itself.
An unknown name raises KeyError.

- `text` (here): one `FILE:LINE:COL: SEVERITY CODE: PATH: MESSAGE (HINT)`
  line per diagnostic, then the summary, on stderr, for people.
- `github` (github.py): GitHub workflow commands, on stderr, which the
  runner reads as annotations while the log stays readable.
- `json` (json_report.py) and `sarif` (sarif.py): one document on stdout,
  so that `> report.sarif` captures it and nothing else.

The machine formats are imported when used: start-up time counts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, NamedTuple, TextIO

from fluxc.report.outcome import Report, listed, summary_lines


class Reporter(NamedTuple):
    write: Callable[[Report, TextIO], None]
    stream: Literal["stdout", "stderr"]  # a document to capture goes to stdout; lines for a log to stderr


def text(report: Report, stream: TextIO) -> None:
    stream.writelines(diagnostic.render() + "\n" for diagnostic in listed(report))
    if not report.quiet:
        stream.writelines(line + "\n" for line in summary_lines(report.summary))
    stream.flush()


def _github(report: Report, stream: TextIO) -> None:
    from fluxc.report.github import write

    write(report, stream)


def _json(report: Report, stream: TextIO) -> None:
    from fluxc.report.json_report import write

    write(report, stream)


def _sarif(report: Report, stream: TextIO) -> None:
    from fluxc.report.sarif import write

    write(report, stream)


REPORTERS: dict[str, Reporter] = {
    "text": Reporter(text, "stderr"),
    "json": Reporter(_json, "stdout"),
    "github": Reporter(_github, "stderr"),
    "sarif": Reporter(_sarif, "stdout"),
}
