"""Staging a write: each new content in a temporary sibling of its file, folders made first.

Part of output/write.py's transaction, which records every temporary file and
folder *before* it is made, so that a rollback finds them all. A fleet's
thousands of files are staged by threads: making a folder or a file is a
system call that waits on the file system's journal, not on Python, and
several run at once (measured: README, *Speed*). The umask is read once,
before any thread starts: reading it means setting it, for the whole process.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from fluxc.output.files import OutputFile
from fluxc.output.leftovers import sibling

THREADS = 8  # a folder or file made is mostly waiting: more threads than cores
Item = TypeVar("Item")


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def stage_file(output: OutputFile, temporary: Path, mask: int, *, durable: bool) -> None:
    """Write `output`'s content to `temporary`; `durable`: fsync it (else the caller syncs once)."""
    final = Path(output.path)
    # An existing file keeps its mode (as an ordinary write would); a new one gets 0666 minus the umask.
    try:
        mode = final.stat().st_mode & 0o7777
    except OSError:
        mode = 0o666
    data = memoryview(output.content.encode("utf-8"))
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:  # a bare descriptor, not a file object: an interrupt cannot leave an unclosed file to a finalizer
        while data:
            data = data[os.write(handle, data):]
        if durable:
            os.fsync(handle)
    finally:
        os.close(handle)
    os.chmod(temporary, mode if mode != 0o666 else 0o666 & ~mask)


def stage_many(files: Sequence[OutputFile], created_dirs: list[Path], staged: list[tuple[Path, Path]],
               mask: int, *, durable: bool) -> None:
    """Stage every file: the missing folders, outermost first, then the temporary files (`durable`: each
    fsynced; else the caller syncs once). A few files are staged in this thread, a fleet's on threads.

    Each is recorded in `created_dirs` or `staged` before any is made. A folder that another process makes
    at the same moment is fine (it stays recorded: the rollback removes it only if it is empty). An error
    names the output file being staged (for a folder, the first file that needed it).
    """
    threads = 1 if durable else THREADS
    first_file: dict[Path, str] = {}  # a missing folder -> the first output file under it
    for output in files:
        for folder in Path(output.path).parents:
            first_file.setdefault(folder, output.path)
    missing = _missing_folders(Path(output.path).parent for output in files)
    created_dirs.extend(missing)
    pairs = [(sibling(Path(output.path), "tmp"), output) for output in files]
    staged.extend((temporary, Path(output.path)) for temporary, output in pairs)
    for depth in sorted({len(folder.parts) for folder in missing}):  # a folder's parent exists before it is made
        _each([folder for folder in missing if len(folder.parts) == depth],
              lambda folder: _named(first_file[folder], _make_folder, folder), threads)
    _each(pairs, lambda pair: _named(pair[1].path, stage_file, pair[1], pair[0], mask, durable=durable), threads)


class StagingError(OSError):
    """An OSError of staging, naming the output file (as the writer reports it), not a temporary file.

    Its own class, so that the writer tells it apart in the one `except` it has: a `try` nested inside the
    writer's is a line where a signal, delivered on a traced line, escaped both (CPython 3.11)."""


def _named(path: str, work: Callable[..., None], *args: Any, **kwargs: Any) -> None:
    try:
        work(*args, **kwargs)
    except OSError as error:
        raise StagingError(error.errno, error.strerror, path) from error


def _missing_folders(folders: Iterable[Path]) -> list[Path]:
    """Every folder to make for `folders` to exist, each once, outermost first (strings inside: ten thousand
    application folders made pathlib most of this)."""
    there: dict[str, bool] = {}
    missing: dict[str, None] = {}
    for folder in map(str, folders):
        chain = []
        while folder not in missing:
            known = there.get(folder)
            if known is None:
                known = there[folder] = os.path.isdir(folder) or os.path.lexists(folder)
            if known:
                break
            chain.append(folder)
            there[folder] = False
            parent = os.path.dirname(folder)
            if parent in ("", folder):
                break
            folder = parent
        missing.update(dict.fromkeys(reversed(chain)))
    return [Path(folder) for folder in sorted(missing, key=lambda folder: folder.count(os.sep))]


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir()
    except FileExistsError:
        if not folder.is_dir():
            raise


def _each(items: Sequence[Item], work: Callable[[Item], None], threads: int) -> None:
    """`work` on every item, on up to `threads` threads, each taking its share (not a task per item: ten
    thousand futures cost more than the files); after a failure the others stop at their next item, and the
    first error is raised once all have stopped (the caller then rolls back: no thread may still be making
    files). One thread: in this one, where the writer's signal handling runs."""
    count = min(threads, len(items))
    if count <= 1:
        for item in items:
            work(item)
        return
    from concurrent.futures import ThreadPoolExecutor

    failed: list[BaseException] = []

    def share(start: int) -> None:
        for item in items[start::count]:
            if failed:
                return
            try:
                work(item)
            except BaseException as error:
                failed.append(error)
                raise

    pool = ThreadPoolExecutor(count)
    try:
        for _ in pool.map(share, range(count)):
            pass
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
