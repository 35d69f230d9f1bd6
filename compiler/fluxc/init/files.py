"""The writing edge of `fluxc init` and `fluxc schema`: one file, written atomically, never over what it must
not replace.

A file is written to a temporary sibling and then moved into place, so a reader sees the old file or the
new one, never half of one, and an interrupted write leaves nothing behind. An answers file is put in place
with a hard link, which fails if anything is there, also something that appeared after the check: nothing
is replaced unless the user said `--force`. A schema copy replaces an earlier copy of the schema (that is
what updating it means), anything else only with `--force`; a folder, FIFO or device never.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import NamedTuple

from fluxc.checks.schemas import ANSWERS_SCHEMA, answers_schema, schema_dir
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, ExitCode
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
    if problem is not None:
        return problem
    try:
        write_atomically(path, text.encode("utf-8"), replace=force)
    except FileExistsError:  # it appeared since the check
        return _exists(display)
    except OSError as error:
        return _unwritable(display, error)
    return None


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
    try:
        write_atomically(path, content, replace=True)
    except OSError as error:
        return Outcome(ExitCode.INVALID, (_unwritable(display, error),))
    return Outcome(ExitCode.OK, note=f"fluxc: wrote the answers schema to {display}")


def write_atomically(path: Path, content: bytes, *, replace: bool) -> None:
    """Write `content` at `path` through a temporary sibling; missing folders are made.

    With `replace` False nothing is ever replaced: FileExistsError if anything is at `path` by the time the
    file is put in place. OSError for anything else; the temporary file is removed whatever happens.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file where a folder should be: no "already exists" of the file itself
        raise NotADirectoryError(20, "a file is in the way of its folder", str(path.parent)) from None
    descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp's 0600 is for the temporary only: a file to commit
        if replace:
            os.replace(temporary, path)
        else:
            _link_new(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)  # after a link, its second name; after a replace, already gone


def _link_new(temporary: Path, path: Path) -> None:
    try:
        os.link(temporary, path)  # atomic, and refuses to replace anything (FileExistsError)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links (FAT, some network mounts): check, then rename
        if os.path.lexists(path):
            raise FileExistsError(path) from None
        os.replace(temporary, path)


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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
