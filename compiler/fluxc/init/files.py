"""The writing edge of `fluxc init` and `fluxc schema`: one file, never over what it must not replace.

What may be replaced is decided here: an existing answers file only with `--force`; a schema copy replaces
an earlier copy of the schema (that is what updating it means), anything else only with `--force`; a
folder, FIFO or device never. The write itself is `fluxc.output.write.write_files`, the build's writer:
atomic (a reader sees the old file or the new one), rolled back on SIGINT/SIGTERM, an unchanged file left
untouched.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import NamedTuple

from fluxc.checks.schemas import ANSWERS_SCHEMA, answers_schema, schema_dir
from fluxc.output.files import OutputFile
from fluxc.report import codes
from fluxc.report.diagnostics import CompileError, Diagnostic, ExitCode
from fluxc.yaml.bounds import kind_of, read_capped

_MAX_SCHEMA_BYTES = 1 << 20  # a larger file is no copy of the schema (14 KB): not read further


class Outcome(NamedTuple):
    """What `fluxc init` or `fluxc schema` did, for the CLI to report."""

    exit_code: ExitCode
    diagnostics: tuple[Diagnostic, ...] = ()
    note: str = ""  # one line for stderr: what was written
    stdout: str | None = None  # what to print on stdout (`-o -`)


def schema_bytes() -> bytes:
    """The answers JSON Schema, byte for byte as fluxc validates with it (the wheel's copy or the checkout's)."""
    return (schema_dir() / ANSWERS_SCHEMA).read_bytes()


def in_the_way(path: Path, display: str, *, force: bool) -> Diagnostic | None:
    """Why an answers file cannot be written at `path`, or None: something is there (a file: unless `force`)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return None if not os.path.islink(path) or force else _exists(display)  # a dangling link
    except OSError as error:
        return _unwritable(display, error)
    kind = kind_of(mode)
    if kind is not None:
        return Diagnostic(codes.OUTPUT_NOT_FLUXC, f"the output path is {kind}; it is never replaced", (), display,
                          hint="give the answers file's path with -o, e.g. -o apps/podinfo/fluxc.yaml")
    return None if force else _exists(display)


def write_answers(path: Path, display: str, text: str, *, force: bool) -> Diagnostic | None:
    """Write a new answers file (over an existing one only with `force`); the problem, or None."""
    problem = in_the_way(path, display, force=force)
    return problem if problem is not None else _write(path, display, text)


def write_schema(path: Path, display: str, *, force: bool) -> Outcome:
    """`fluxc schema -o FILE`: write the schema, unless FILE is already this copy (then it is not touched)."""
    content = schema_bytes()
    try:
        mode: int | None = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        return Outcome(ExitCode.INVALID, (_unwritable(display, error),))
    if mode is not None:
        kind = kind_of(mode)
        if kind is not None:
            return Outcome(ExitCode.INVALID, (Diagnostic(
                codes.OUTPUT_NOT_FLUXC, f"the output path is {kind}; it is never replaced", (), display,
                hint="give the file's path, e.g. -o .fluxc/answers.schema.json"),))
        try:
            old = read_capped(path, _MAX_SCHEMA_BYTES)
        except OSError as error:
            return Outcome(ExitCode.INVALID, (_unwritable(display, error),))
        if old == content:
            return Outcome(ExitCode.OK, note=f"fluxc: {display} is up to date")
        if not force and not _is_schema_copy(old):
            return Outcome(ExitCode.INVALID, (Diagnostic(
                codes.OUTPUT_NOT_FLUXC, "the file is not a copy of fluxc's answers schema; it is not replaced",
                (), display, hint="choose another path, or pass --force to replace it"),))
    problem = _write(path, display, content.decode("utf-8"))
    if problem is not None:
        return Outcome(ExitCode.INVALID, (problem,))
    return Outcome(ExitCode.OK, note=f"fluxc: wrote the answers schema to {display}")


def _write(path: Path, display: str, text: str) -> Diagnostic | None:
    """The build's atomic writer, once what is in the way has been judged here; its problem, or None."""
    from fluxc.output.write import write_files

    try:
        write_files([OutputFile(str(path), text)], force=True)
    except CompileError as error:
        return error.diagnostics[0]._replace(file=display)
    return None


def _is_schema_copy(content: bytes) -> bool:
    """An earlier copy of this format's answers schema (another fluxc release), which updating replaces."""
    try:
        data = json.loads(content)
    except ValueError:
        return False
    return isinstance(data, dict) and data.get("$id") == answers_schema()["$id"]


def _exists(display: str) -> Diagnostic:
    return Diagnostic(codes.OUTPUT_NOT_FLUXC, "the file already exists; it is not replaced", (), display,
                      hint="choose another path with -o, or pass --force to replace it")


def _unwritable(display: str, error: OSError) -> Diagnostic:
    return Diagnostic(codes.OUTPUT_UNWRITABLE, f"cannot write the file: {error.strerror or error}", (), display,
                      hint="check the path and its permissions")
