"""The `github` format: one GitHub Actions workflow command per diagnostic, then the summary as a plain line.

`::error file=F,line=L,col=C,title=FLXnnn::message (hint)` (`::warning`,
`::notice` for warnings and notes) becomes an annotation on that line of the
pull request. The runner reads workflow commands on stderr as on stdout, so
they go to stderr like the text format and leave stdout to `build --stdout`.

Values are escaped exactly as GitHub's toolkit does (actions/toolkit,
packages/core/src/command.ts: `escapeData`, `escapeProperty`), so that a `%`,
a line break, or a `:`/`,` in a file name cannot end the command early or
forge another one; a property without a value is left out, as the toolkit
does. Other control characters are then escaped as in the text format, so
nothing moves a terminal's cursor.
"""

from __future__ import annotations

from typing import TextIO

from fluxc.report.diagnostics import Diagnostic, one_line
from fluxc.report.outcome import Report, listed, summary_lines

COMMANDS = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(text: str) -> str:
    """The message part (after `::`), as the toolkit's `escapeData`."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (`file=…`), as the toolkit's `escapeProperty`: also `:` and `,`, which end a value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(diagnostic: Diagnostic) -> str:
    """The workflow command of one diagnostic, on one line."""
    properties = {"file": diagnostic.file}
    if diagnostic.span is not None:
        properties |= {"line": str(diagnostic.span.line), "col": str(diagnostic.span.col)}
    properties["title"] = diagnostic.code
    listed_properties = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items() if value)
    message = f"{diagnostic.message} ({diagnostic.hint})" if diagnostic.hint else diagnostic.message
    return one_line(f"::{COMMANDS[diagnostic.severity]} {listed_properties}::{escape_data(message)}")


def write(report: Report, stream: TextIO) -> None:
    stream.writelines(command(diagnostic) + "\n" for diagnostic in listed(report))
    if not report.quiet:
        stream.writelines(line + "\n" for line in summary_lines(report.summary))
    stream.flush()
