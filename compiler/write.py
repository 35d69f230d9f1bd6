"""The writing edge: put rendered files on disk, all or nothing.

Every file is first written to a temporary sibling; only when all of them
are staged are they renamed into place (a rename is atomic on POSIX), so an
interrupted or failing write leaves the previous output as it was. Files
whose content is already identical are not touched (their mtime stays, which
keeps make and pre-commit quiet).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fluxc import codes
from fluxc.diagnostics import CompileError, Diagnostic
from fluxc.pipeline import OutputFile


@dataclass(frozen=True)
class WriteReport:
    written: tuple[Path, ...]
    unchanged: tuple[Path, ...]


def write_files(files: Sequence[OutputFile]) -> WriteReport:
    """Write all files atomically; raises CompileError (FLX402) and changes nothing if any write fails."""
    changed = [f for f in files if not _same(f)]
    created_dirs: list[Path] = []
    staged: list[tuple[Path, Path]] = []
    try:
        for output in changed:
            created_dirs.extend(_make_parents(output.path.parent))
            staged.append((_stage(output), output.path))
        for temporary, final in staged:
            os.replace(temporary, final)
    except OSError as error:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        for folder in reversed(created_dirs):
            _remove_if_empty(folder)
        target = error.filename or ""
        raise CompileError([Diagnostic(codes.OUTPUT_UNWRITABLE, f"cannot write the output: {error.strerror or error}",
                                       (), str(target), hint="check the output folder's permissions and free space")]
                           ) from error
    unchanged = tuple(f.path for f in files if f not in changed)
    return WriteReport(tuple(f.path for f in changed), unchanged)


def _same(output: OutputFile) -> bool:
    try:
        return output.path.read_bytes() == output.content.encode("utf-8")
    except OSError:
        return False


def _make_parents(folder: Path) -> list[Path]:
    """Create missing folders, returning those created (outermost first) so a failure can undo them."""
    missing = []
    for candidate in [folder, *folder.parents]:
        if candidate.exists():
            break
        missing.append(candidate)
    for candidate in reversed(missing):
        candidate.mkdir()
    return list(reversed(missing))


def _stage(output: OutputFile) -> Path:
    handle, name = tempfile.mkstemp(prefix=f".{output.path.name}.", suffix=".tmp", dir=output.path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(output.content.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
    except OSError:
        Path(name).unlink(missing_ok=True)
        raise
    # mkstemp creates 0600; give the file the mode an ordinary write would have.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(name, 0o666 & ~umask)
    return Path(name)


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass
