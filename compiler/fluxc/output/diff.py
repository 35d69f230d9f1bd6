"""What a build would change on disk, without changing it: `fluxc build --check` and `--diff`.

Every planned file is compared, byte for byte as the writer compares, with
what is at its path; every stale file (output/stale.py) is a deletion. Each
difference comes with a unified diff in git's shape (`--- a/PATH`, `+++
b/PATH`; `/dev/null` for a file that is missing or would be removed), so a
CI log shows what `fluxc build` would write. The diff is deterministic: the
same files give the same bytes. Files are read bounded (`read_capped`): a
regular file only, never more than `MAX_DIFF_BYTES`; a larger one is said to
differ without its lines. A line holding control characters is shown escaped,
as diagnostics are: a file in the repository must not drive the terminal or
fake lines in a CI log.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Sequence
from typing import Literal, NamedTuple

from fluxc.output.files import OutputFile, is_generated
from fluxc.report.diagnostics import one_line
from fluxc.yaml.bounds import kind_of, read_capped

MAX_DIFF_BYTES = 16 * 1024 * 1024  # what a manifest may weigh; a generated file is far smaller
Status = Literal["missing", "different", "blocked", "stale"]


class Difference(NamedTuple):
    """One file the build would change: how, the unified diff, and what is on disk now."""

    path: str
    status: Status  # missing: would be created; different: rewritten; blocked: no file is there; stale: removed
    diff: str
    found: str = ""  # blocked: what is in the way ("a directory"); different: "generated" or "not generated"


def compare(files: Sequence[OutputFile], stale: Sequence[str] = ()) -> list[Difference]:
    """Every planned file not already on disk as planned, then every stale file; sorted by path."""
    found: list[Difference] = []
    for output in files:
        difference = _compare_one(output)
        if difference is not None:
            found.append(difference)
    for path in stale:
        old = _read(path)
        found.append(Difference(path, "stale", _not_shown(path, "/dev/null") if old is None else
                                unified(path, _decoded(old), None)))
    return sorted(found, key=lambda difference: difference.path)


def _compare_one(output: OutputFile) -> Difference | None:
    path = str(output.path)
    try:
        mode = os.stat(path).st_mode  # through a symbolic link, as the writer looks
    except OSError:
        return Difference(path, "missing", unified(path, None, output.content))
    kind = kind_of(mode)
    if kind is not None:
        return Difference(path, "blocked", _not_shown(path, f"b/{_shown(path)}", f"{kind} is in the way"), kind)
    new = output.content.encode("utf-8")
    old = _read(path, len(new))
    if old == new:
        return None
    if old is None:
        return Difference(path, "different", _not_shown(path, f"b/{_shown(path)}"), "unreadable")
    generated = "generated" if is_generated(old) else "not generated"
    return Difference(path, "different", unified(path, _decoded(old), output.content), generated)


def _read(path: str, at_least: int = 0) -> bytes | None:
    """The file's bytes, or None when it is too large to show or cannot be read."""
    limit = max(MAX_DIFF_BYTES, at_least)
    try:
        data = read_capped(path, limit)
    except OSError:
        return None
    return None if len(data) > limit else data


def _decoded(data: bytes) -> str:
    return data.decode("utf-8", "replace")  # for showing only: the comparison was on the bytes


def _not_shown(path: str, after: str, why: str = "unreadable, or over 16 MiB") -> str:
    """diff's own line for files it does not show line by line."""
    return f"Files a/{_shown(path)} and {after} differ ({why})\n"


def unified(path: str, old: str | None, new: str | None) -> str:
    """A git-style unified diff of the file at `path` from `old` (None: missing) to `new` (None: removed)."""
    before = "/dev/null" if old is None else f"a/{_shown(path)}"
    after = "/dev/null" if new is None else f"b/{_shown(path)}"
    lines = list(difflib.unified_diff(_lines(old or ""), _lines(new or ""), before, after, lineterm=""))
    if not lines:  # nothing on either side (an empty file created or removed): the headers still say so
        return f"--- {before}\n+++ {after}\n"
    headers = "".join(line + "\n" for line in lines[:2])  # `--- a/PATH`, `+++ b/PATH` (paths escaped), no `\n`
    return headers + "".join(_line(line) for line in lines[2:])


def _lines(text: str) -> list[str]:
    """Lines with their `\\n` (only `\\n` ends a line, as in git: a `\\r` or a form feed stays inside)."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    return [*lines, parts[-1]] if parts[-1] else lines


def _line(line: str) -> str:
    """One line after the headers, escaped where needed; a last line without `\\n` gets git's marker."""
    if line.startswith("@@"):  # a hunk header, without its `\n`; a content line starts with `+`, `-` or a space
        return line + "\n"
    ends = line.endswith("\n")
    body = line[:-1] if ends else line
    shown = "\t".join(one_line(part) for part in body.split("\t"))  # a tab is content, not a control to hide
    return shown + "\n" if ends else shown + "\n\\ No newline at end of file\n"


def _shown(path: str) -> str:
    """A path as git names it after `a/`: relative as given, an absolute one without its leading `/`."""
    return one_line(path.lstrip("/"))
