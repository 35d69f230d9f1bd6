"""The writing edge: put rendered files on disk, all or nothing, and never over what fluxc did not write.

Before anything is written, every output path is inspected: a file whose
content is already identical is left untouched (its mtime stays, which keeps
make and pre-commit quiet); one of the build's inputs (an answers file, a
manifest read) is never written over (FLX405); a file fluxc did not generate
(no header line) is replaced only with `force`, and a folder, FIFO or device
never (FLX404). Only regular files are read, and at most one byte more than
the new content, so a huge stale file or a FIFO costs nothing.

Then every file is written to a temporary sibling `.NAME.PID.tmp`; only when
all are staged, and on disk (an fsync each, or one `os.sync()` for more than
SYNC_EACH_UP_TO files: a fleet's thousands of fsyncs cost more than its build), are they
renamed into place (a rename is atomic on POSIX). A
file about to be replaced is first hard-linked aside (`.NAME.PID.bak`), so
if a rename fails, or SIGINT/SIGTERM arrives, the files already replaced are
put back, new ones and new folders removed: every file then holds its old
content. Siblings of that pattern left by a process that no longer runs (a
SIGKILL) are removed by the next write into the same folder.

Files to remove (`--prune`: stale generated files, found by output/stale.py)
are part of the same transaction: each is linked aside like a file replaced,
then unlinked, and put back if anything fails.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import threading
from collections.abc import Collection, Sequence
from pathlib import Path
from types import FrameType
from typing import NamedTuple

from fluxc.output.files import OutputFile
from fluxc.output.inspect import FORCE_HINT as FORCE_HINT  # where the write's refusals were always imported from
from fluxc.output.inspect import _inspect
from fluxc.output.leftovers import remove_leftovers, sibling
from fluxc.output.staging import StagingError, stage_many, umask
from fluxc.report import codes
from fluxc.report.diagnostics import CompileError, Diagnostic, Interrupted

SYNC_EACH_UP_TO = 16  # more changed files than this are flushed by one os.sync() instead of one fsync each


class WriteReport(NamedTuple):
    written: tuple[str, ...]  # paths as the OutputFiles gave them
    unchanged: tuple[str, ...]
    removed: tuple[str, ...] = ()  # paths as `remove` gave them


class _Transaction:
    """What has been done so far, so that it can be undone. (A plain class: a dataclass costs start-up time.)

    Every step is recorded *before* it is taken: an interrupt between the step and its record must not leave
    a file or folder that the rollback does not know of. Undoing a step that was not taken is harmless.
    """

    def __init__(self) -> None:
        self.created_dirs: list[Path] = []
        self.staged: list[tuple[Path, Path]] = []  # (temporary, final)
        self.backups: dict[Path, Path] = {}  # final -> its previous content, linked aside
        self.replaced: list[Path] = []

    def rollback(self) -> None:
        for final in reversed(self.replaced):
            backup = self.backups.get(final)
            with contextlib.suppress(OSError):  # one failure must not stop the rest of the undo
                if backup is not None:
                    os.replace(backup, final)
                else:
                    final.unlink(missing_ok=True)
        for temporary, _ in self.staged:
            _unlink(temporary)
        self.discard_backups()
        for folder in reversed(self.created_dirs):
            _remove_if_empty(folder)

    def discard_backups(self) -> None:
        for backup in self.backups.values():
            _unlink(backup)


class _Signals:
    """While armed, SIGINT and SIGTERM raise Interrupted, so a write is rolled back as for an OSError.

    Until `arm` (inside the `try` that rolls back: a handler can run at any line, also in __enter__) and once
    the outcome is decided (`hold`), they are only noted, so the rollback or the clean-up runs to its end; one
    noted before `arm` raises there, one noted after a successful write is delivered when the write is over,
    as if it came just after.
    Only the default handlers are replaced (an embedding program keeps its own), and only in the main thread,
    the one Python runs signal handlers in.
    """

    def __init__(self) -> None:
        self.armed = False
        self.pending: int | None = None
        self.saved: dict[int, signal.Handlers | object] = {}

    def __enter__(self) -> _Signals:
        if threading.current_thread() is threading.main_thread():
            for signum, default in ((signal.SIGINT, signal.default_int_handler), (signal.SIGTERM, signal.SIG_DFL)):
                if signal.getsignal(signum) is default:
                    self.saved[signum] = signal.signal(signum, self._handle)
        return self

    def arm(self) -> None:
        self.armed = True
        if self.pending is not None:
            self.armed, signum, self.pending = False, self.pending, None
            raise Interrupted(signum)

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        if self.armed:
            self.armed = False
            self.pending = signum  # delivered again at the end should a finalizer swallow the exception
            raise Interrupted(signum)
        self.pending = self.pending or signum

    def hold(self) -> None:
        self.armed = False

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        # SIGINT's handler last: until then a SIGINT is only noted, and after it, it raises past this loop
        for signum, handler in reversed(self.saved.items()):
            signal.signal(signum, handler)  # type: ignore[arg-type]  # what getsignal gave back
        if self.pending is not None and not (kind is not None and issubclass(kind, Interrupted)):
            signal.raise_signal(self.pending)


def write_files(files: Sequence[OutputFile], *, inputs: Collection[str | Path] = (),
                force: bool = False, remove: Sequence[str] = ()) -> WriteReport:
    """Write all files atomically, or raise CompileError and change nothing.

    `inputs`: files this build read (answers files, manifests); writing over one is refused (FLX405), also
    with `force`. `force`: replace files in the way that fluxc did not generate (FLX404 without it).
    `remove`: files to delete in the same transaction (the caller has made sure they are fluxc's).
    SIGINT/SIGTERM during the call roll the write back and raise Interrupted.
    """
    done = _Transaction()
    current = Path()
    with _Signals() as signals:
        try:
            signals.arm()
            same = _inspect(files, inputs, force)
            remove_leftovers([*files, *(OutputFile(path, "") for path in remove)])
            changed = [output for output, unchanged in zip(files, same, strict=True) if not unchanged]
            durable = len(changed) <= SYNC_EACH_UP_TO  # a few files: an fsync each; a fleet: one sync for all
            stage_many(changed, done.created_dirs, done.staged, umask(), durable=durable)
            if not durable:
                os.sync()  # on disk before any rename
            for _, final in done.staged:
                current = final
                if os.path.lexists(final):
                    backup = done.backups[final] = sibling(final, "bak")
                    _link_aside(final, backup)
            for temporary, final in done.staged:
                current = final
                done.replaced.append(final)
                os.replace(temporary, final)
            for current in map(Path, remove):
                done.backups[current] = sibling(current, "bak")
                _link_aside(current, done.backups[current])
                done.replaced.append(current)  # the rollback puts the backup back in its place
                current.unlink()
            signals.hold()  # in the `try`: a signal just before this line still rolls back, one after is held
        except BaseException as error:
            signals.hold()
            done.rollback()
            if isinstance(error, OSError):
                if isinstance(error, StagingError):  # no nested `try` for this: see StagingError
                    current = Path(str(error.filename))
                raise CompileError([Diagnostic(
                    codes.OUTPUT_UNWRITABLE, f"cannot write the output: {error.strerror or error}; nothing was "
                    "changed", (), str(current), hint="check the output folder's permissions and free space"),
                ]) from error
            raise
        done.discard_backups()
    return WriteReport(tuple(f.path for f in changed),
                       tuple(f.path for f, unchanged in zip(files, same, strict=True) if unchanged), tuple(remove))


def _link_aside(final: Path, backup: Path) -> None:
    backup.unlink(missing_ok=True)
    try:
        os.link(final, backup)  # cheap, and the original inode stays untouched by the rename
    except OSError:
        shutil.copy2(final, backup)


def _unlink(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def _remove_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not empty (someone else's file): leave it
        folder.rmdir()
