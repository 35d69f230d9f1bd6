"""Before a write: what is at each output path, and whether the write may replace it.

A file whose content is already identical is left untouched; one of the
build's inputs is never written over (FLX405); a file fluxc did not generate
is replaced only with `force`, and a folder, FIFO or device never (FLX404).
Only regular files are read, and at most one byte more than the new content.
Part of output/write.py's transaction, kept apart for the writer's size.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Collection, Sequence
from pathlib import Path

from fluxc.output.files import HEADER, HEADER_READ, OutputFile, identities, is_generated
from fluxc.report import codes
from fluxc.report.diagnostics import CompileError, Diagnostic
from fluxc.yaml.bounds import kind_of, read_capped

FORCE_HINT = "move it away, choose another outputPath (or -o DIR), or pass --force to replace it"


def _inspect(files: Sequence[OutputFile], inputs: Collection[str | Path], force: bool) -> list[bool]:
    """For each file, whether it is already on disk as it is; CompileError with every refusal found."""
    protected = identities(inputs)
    same: list[bool] = []
    problems: list[Diagnostic] = []
    for output in files:
        content = output.content.encode("utf-8")
        try:
            found = os.stat(output.path)  # through a symbolic link: what would be read is what counts
        except OSError:  # nothing there (or not reachable: staging will say why)
            same.append(False)
            continue
        source = protected.get((found.st_dev, found.st_ino))
        if source is not None:
            which = "this build reads this file" if source == str(output.path) else \
                f"this file is {source}, which this build reads"
            problems.append(_refused(output, codes.OUTPUT_IS_INPUT, f"{which}; fluxc never writes over its input, "
                                     "not even with --force",
                                     "give outputPath (or -o) a folder of its own, such as the default ./manifests"))
            same.append(False)
            continue
        if not stat.S_ISREG(found.st_mode):
            kind = kind_of(found.st_mode)
            problems.append(_refused(output, codes.OUTPUT_NOT_FLUXC, f"{kind} is in the way, not a file fluxc "
                                     "wrote; nothing was written", "remove it, or choose another outputPath (or -o)"))
            same.append(False)
            continue
        head = _head(output.path, len(content) + 1 if found.st_size == len(content) else HEADER_READ)
        same.append(head == content)
        if head != content and not force and not (head is not None and is_generated(head)):
            reason = "cannot be read to check" if head is None else f"its first line is not `{HEADER.strip()}`"
            problems.append(_refused(output, codes.OUTPUT_NOT_FLUXC, f"a file fluxc did not generate is in the "
                                     f"way ({reason}); nothing was written", FORCE_HINT))
    if problems:
        raise CompileError(problems)
    return same


def _refused(output: OutputFile, code: str, message: str, hint: str) -> Diagnostic:
    return Diagnostic(code, message, (), str(output.path), hint=hint)


def _head(path: str, limit: int) -> bytes | None:
    """At most `limit` bytes from the start of a regular file; None if it cannot be read (or is no longer one)."""
    try:
        return read_capped(path, limit - 1)  # never waits on a FIFO swapped in since the stat
    except OSError:
        return None
