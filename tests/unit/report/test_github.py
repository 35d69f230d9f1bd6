"""fluxc.report.github: workflow commands, escaped exactly as GitHub's toolkit escapes them."""

from __future__ import annotations

import io

import pytest

from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, Span
from fluxc.report.github import command, escape_data, escape_property, write
from fluxc.report.outcome import AppWritten, Counted, Report

ERROR = Diagnostic(codes.WRONG_TYPE, "expected a string, got a boolean", ("gitBranch",), "apps/fluxc.yaml", Span(6, 12),
                   'quote it: `gitBranch: "no"`')


@pytest.mark.parametrize(("text", "data", "prop"), [
    ("plain", "plain", "plain"),
    ("100% sure", "100%25 sure", "100%25 sure"),
    ("%0A is not a newline", "%250A is not a newline", "%250A is not a newline"),
    ("two\nlines\r\n", "two%0Alines%0D%0A", "two%0Alines%0D%0A"),
    ("a:b,c", "a:b,c", "a%3Ab%2Cc"),
    ("::error::forged", "::error::forged", "%3A%3Aerror%3A%3Aforged"),
], ids=["plain", "percent", "percent-first", "line-breaks", "colon-comma", "forged-command"])
def test_escaping_as_the_toolkit_does(text: str, data: str, prop: str) -> None:
    assert (escape_data(text), escape_property(text)) == (data, prop)


def test_an_error_with_its_position_and_hint() -> None:
    assert command(ERROR) == ('::error file=apps/fluxc.yaml,line=6,col=12,title=FLX102::expected a string, got a '
                              'boolean (quote it: `gitBranch: "no"`)')


@pytest.mark.parametrize(("severity", "name"), [("warning", "warning"), ("note", "notice")])
def test_warnings_and_notes(severity: str, name: str) -> None:
    assert command(ERROR._replace(severity=severity, hint="")).startswith(f"::{name} file=apps/fluxc.yaml,")


def test_no_position_leaves_out_line_and_col() -> None:
    empty = Diagnostic(codes.FILE_EMPTY, "the file is empty", (), "empty.yaml")
    assert command(empty) == "::error file=empty.yaml,title=FLX006::the file is empty"


def test_no_file_leaves_out_the_property_as_the_toolkit_does() -> None:
    assert command(ERROR._replace(file="", span=None)) == (
        '::error title=FLX102::expected a string, got a boolean (quote it: `gitBranch: "no"`)')


def test_a_hostile_file_name_stays_one_command() -> None:
    hostile = ERROR._replace(file="a:b,c%\n::error::x.yaml", message="bad\nvalue 100%", hint="")
    line = command(hostile)
    assert line == ("::error file=a%3Ab%2Cc%25%0A%3A%3Aerror%3A%3Ax.yaml,line=6,col=12,title=FLX102::bad%0Avalue 100%25")
    assert "\n" not in line


def test_other_control_characters_are_escaped_as_in_the_text_format() -> None:
    line = command(ERROR._replace(message="\x1b[31mred\u202e", hint=""))
    assert line.endswith("::\\x1b[31mred\\u202e") and line.isprintable()


def test_write_prints_the_commands_then_the_summary_line() -> None:
    out = io.StringIO()
    write(Report([ERROR], Counted(files=1, valid=0, invalid=1), command="validate"), out)
    assert out.getvalue().splitlines() == [command(ERROR),
                                           "fluxc: 1 document in 1 file: 0 valid, 1 invalid, 0 skipped"]


def test_quiet_prints_no_notes_and_no_summary() -> None:
    note = ERROR._replace(severity="note")
    out = io.StringIO()
    write(Report([ERROR, note], [AppWritten("a", "out", 1, 1)], quiet=True), out)
    assert out.getvalue() == command(ERROR) + "\n"
