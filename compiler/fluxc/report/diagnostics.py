"""Diagnostics as data: one type for every problem fluxc reports.

Every stage collects `Diagnostic`s instead of raising on the first problem;
a stage that found errors raises `CompileError` carrying all of them, and the
CLI renders them sorted. Rendering is `FILE:LINE:COL: SEVERITY CODE: PATH:
MESSAGE (HINT)`, the shape editors and CI annotators already understand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from enum import IntEnum
from typing import Literal, NamedTuple

Severity = Literal["error", "warning", "note"]
JsonPath = tuple[str | int, ...]

_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


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

    def sort_key(self) -> tuple[str, int, int, str, str]:
        span = self.span or Span(0, 0)
        return (self.file, span.line, span.col, self.code, format_path(self.path))

    def with_file(self, file: str) -> Diagnostic:
        return self._replace(file=file)

    def render(self) -> str:
        where = self.file or "<input>"
        if self.span is not None:
            where = f"{where}:{self.span.line}:{self.span.col}"
        text = f"{where}: {self.severity} {self.code}: {format_path(self.path)}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


def format_path(path: JsonPath) -> str:
    """Render a JSON path the way check-jsonschema does: `$.chart.version`, `$.dependsOn[0]`."""
    out = "$"
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _PLAIN_KEY.match(part):
            out += f".{part}"
        else:
            out += "[" + repr(part) + "]"
    return out


def exit_code_for(diagnostics: Iterable[Diagnostic]) -> ExitCode:
    """OK without errors; INTERNAL if any error is a fluxc bug (FLX9xx); else INVALID."""
    errors = [d for d in diagnostics if d.is_error]
    if any(d.code.startswith("FLX9") for d in errors):
        return ExitCode.INTERNAL
    return ExitCode.INVALID if errors else ExitCode.OK


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Deterministic order: by file, position, code, path; duplicates removed."""
    return sorted(set(diagnostics), key=Diagnostic.sort_key)


class CompileError(Exception):
    """Raised by a stage that found errors; carries all of them."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(sort_diagnostics(diagnostics))
        super().__init__("\n".join(d.render() for d in self.diagnostics))
