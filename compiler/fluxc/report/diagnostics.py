"""Diagnostics as data: one type for every problem fluxc reports.

Every stage collects `Diagnostic`s instead of raising on the first problem;
a stage that found errors raises `CompileError` carrying all of them, and the
CLI renders them sorted. Rendering is `FILE:LINE:COL: SEVERITY CODE: PATH:
MESSAGE (HINT)`, the shape editors and CI annotators already understand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from enum import IntEnum
from typing import Any, Literal, NamedTuple

Severity = Literal["error", "warning", "note"]
JsonPath = tuple[str | int, ...]

_PLAIN_KEY = r"^[A-Za-z_][A-Za-z0-9_-]*$"  # compiled by `re` on first use: a valid build renders no path


class ExitCode(IntEnum):
    """Process exit codes; stable, documented in README."""

    OK = 0
    INVALID = 1  # invalid input (or, later, stale output in --check mode)
    USAGE = 2  # bad command line (click's own code)
    INTERNAL = 3  # a fluxc bug, e.g. emitted objects failing their schema


class Span(NamedTuple):
    """A 1-based position in a file, as compilers print it."""

    line: int
    col: int


class Diagnostic(NamedTuple):
    """One problem: what, where (file, span, JSON path) and how to fix it."""

    code: str
    message: str
    path: JsonPath = ()
    file: str = ""
    span: Span | None = None
    hint: str = ""
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        span = self.span or Span(0, 0)
        # the message last: two rules failing at one place must come out in the same order on every run (the
        # duplicates are removed through a set, whose order changes with Python's hash seed)
        return (self.file, span.line, span.col, self.code, format_path(self.path), self.message)

    def with_file(self, file: str) -> Diagnostic:
        return self._replace(file=file)

    def render(self) -> str:
        """One line, always: control characters of a file name, message or hint are escaped (`one_line`)."""
        where = self.file or "<input>"
        if self.span is not None:
            where = f"{where}:{self.span.line}:{self.span.col}"
        text = f"{where}: {self.severity} {self.code}: {format_path(self.path)}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return one_line(text)


def _is_control(char: str) -> bool:
    """C0/C1 controls (newline, tab, ESC, NEL), the Unicode line and paragraph separators and the bidi controls
    (which can make a line read as something else): what must never reach a terminal or a CI log raw."""
    code = ord(char)
    return (code < 0x20 or 0x7F <= code < 0xA0 or code in (0x061C, 0x200E, 0x200F, 0x2028, 0x2029)
            or 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069)


def one_line(text: str) -> str:
    """`text` with every control character escaped as Python writes it (`\\n`, `\\x1b`, `\\u2028`).

    A file name may hold a newline or an escape sequence; escaped, one problem stays one line and no name can
    fake a diagnostic or move the terminal's cursor. Printable text (nearly always) is returned as it is.
    """
    if text.isprintable():
        return text
    return "".join(repr(char)[1:-1] if _is_control(char) else char for char in text)


def format_path(path: JsonPath) -> str:
    """Render a JSON path the way check-jsonschema does: `$.chart.version`, `$.dependsOn[0]`."""
    out = "$"
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif re.match(_PLAIN_KEY, part):
            out += f".{part}"
        else:
            out += "[" + repr(part) + "]"
    return out


def describe(value: Any, *, show: bool = False) -> str:
    """How a message names a value, the same in every stage: `a boolean`, `an integer`, `a mapping`, ...;
    with `show`, a scalar's value too (`the integer 42`). Booleans first: in Python they are integers too."""
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}" if show else "a boolean"
    if isinstance(value, (int, float)):
        kind = "integer" if isinstance(value, int) else "number"
        return f"the {kind} {value}" if show else f"a{'n' if kind == 'integer' else ''} {kind}"
    if value is None:
        return "null" if show else "nothing (null)"
    if isinstance(value, Mapping):
        return "a mapping"
    return "a list" if isinstance(value, list) else "a string"


def exit_code_for(diagnostics: Iterable[Diagnostic]) -> ExitCode:
    """OK without errors; INTERNAL if any error is a fluxc bug (FLX9xx); else INVALID."""
    errors = [d for d in diagnostics if d.is_error]
    if any(d.code.startswith("FLX9") for d in errors):
        return ExitCode.INTERNAL
    return ExitCode.INVALID if errors else ExitCode.OK


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Deterministic order: by file, position, code, path, message; duplicates removed."""
    return sorted(set(diagnostics), key=Diagnostic.sort_key)


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived while fluxc wrote files; the write was rolled back. Not an Exception, so
    that nothing treats it as an error of the input: the CLI exits with 128 + the signal's number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class CompileError(Exception):
    """Raised by a stage that found errors; carries all of them."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(sort_diagnostics(diagnostics))
        super().__init__("\n".join(d.render() for d in self.diagnostics))
