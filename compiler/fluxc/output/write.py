"""The writing edge: put rendered files on disk, all or nothing.

Every file is first written to a temporary sibling; only when all of them
are staged are they renamed into place (a rename is atomic on POSIX). A file
about to be replaced is first hard-linked aside, so if a later rename fails
the files already replaced are put back, new ones removed and new folders
removed: a failed write leaves the previous output as it was. Files whose
content is already identical are not touched (their mtime stays, which keeps
make and pre-commit quiet).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from fluxc.output.files import OutputFile
from fluxc.report import codes
from fluxc.report.diagnostics import CompileError, Diagnostic


class WriteReport(NamedTuple):
    written: tuple[str, ...]  # paths as the OutputFiles gave them
    unchanged: tuple[str, ...]


class _Transaction:
    """What has been done so far, so that it can be undone. (A plain class: a dataclass costs start-up time.)"""

    def __init__(self) -> None:
        self.created_dirs: list[Path] = []
        self.staged: list[tuple[Path, Path]] = []  # (temporary, final)
        self.backups: dict[Path, Path] = {}  # final -> its previous content, linked aside
        self.replaced: list[Path] = []

    def rollback(self) -> None:
        for final in reversed(self.replaced):
            backup = self.backups.get(final)
            if backup is not None:
                os.replace(backup, final)
            else:
                final.unlink(missing_ok=True)
        for temporary, _ in self.staged:
            temporary.unlink(missing_ok=True)
        for backup in self.backups.values():
            backup.unlink(missing_ok=True)
        for folder in reversed(self.created_dirs):
            _remove_if_empty(folder)


def write_files(files: Sequence[OutputFile]) -> WriteReport:
    """Write all files atomically; raises CompileError (FLX402) and changes nothing if any write fails."""
    changed = [f for f in files if not _same(f)]
    done = _Transaction()
    current = Path()
    try:
        for output in changed:
            current = Path(output.path)
            done.created_dirs.extend(_make_parents(current.parent))
            done.staged.append((_stage(output), current))
        for _, final in done.staged:
            current = final
            if final.exists():
                done.backups[final] = _link_aside(final)
        for temporary, final in done.staged:
            current = final
            os.replace(temporary, final)
            done.replaced.append(final)
    except OSError as error:
        done.rollback()
        raise CompileError([Diagnostic(
            codes.OUTPUT_UNWRITABLE, f"cannot write the output: {error.strerror or error}; nothing was changed",
            (), str(current), hint="check the output folder's permissions and free space")]) from error
    for backup in done.backups.values():
        backup.unlink(missing_ok=True)
    unchanged = tuple(f.path for f in files if f not in changed)
    return WriteReport(tuple(f.path for f in changed), unchanged)


def _same(output: OutputFile) -> bool:
    try:
        return Path(output.path).read_bytes() == output.content.encode("utf-8")
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


def _sibling(path: Path, purpose: str) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{purpose}")


def _stage(output: OutputFile) -> Path:
    final = Path(output.path)
    temporary = _sibling(final, "tmp")
    # An existing file keeps its mode (as an ordinary write would); a new one gets 0666 minus the umask.
    try:
        mode = final.stat().st_mode & 0o7777
    except OSError:
        mode = 0o666
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(output.content.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode if mode != 0o666 else 0o666 & ~_umask())
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _link_aside(final: Path) -> Path:
    backup = _sibling(final, "bak")
    backup.unlink(missing_ok=True)
    try:
        os.link(final, backup)  # cheap, and the original inode stays untouched by the rename
    except OSError:
        shutil.copy2(final, backup)
    return backup


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not empty (someone else's file): leave it
        folder.rmdir()
