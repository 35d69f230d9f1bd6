"""fluxc.output.write with `remove` (`fluxc build --prune`): stale files go in the same transaction as the
writes; a failure or a signal at any line puts every removed file back, and the old output with it."""

from __future__ import annotations

import errno
import os
import signal
import sys
from pathlib import Path

import pytest

from fluxc.output.files import HEADER, OutputFile
from fluxc.output.write import WriteReport, write_files
from fluxc.report import codes
from fluxc.report.diagnostics import CompileError, Interrupted
from helpers.interrupts import InterruptAt


def tree(root: Path) -> dict[str, bytes | None]:
    """Every entry under root (hidden ones too): file contents, None for folders."""
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(root.rglob("*"))}


def _scene(root: Path) -> tuple[list[OutputFile], list[str]]:
    """Old output (fluxc's) with two stale files; new output that changes one file and adds one."""
    (root / "out" / "templates").mkdir(parents=True)
    for name in ("helmrelease.yaml", "helmrepository.yaml", "templates/old.yaml", "same.yaml"):
        (root / "out" / name).write_text(HEADER + f"old {name}\n")
    files = [OutputFile(str(root / "out" / "helmrelease.yaml"), HEADER + "new\n"),
             OutputFile(str(root / "out" / "ocirepository.yaml"), HEADER + "oci\n"),
             OutputFile(str(root / "out" / "same.yaml"), HEADER + "old same.yaml\n")]
    return files, [str(root / "out" / "helmrepository.yaml"), str(root / "out" / "templates" / "old.yaml")]


def _after_write(root: Path) -> dict[str, bytes | None]:
    return {"out": None, "out/helmrelease.yaml": HEADER.encode() + b"new\n",
            "out/ocirepository.yaml": HEADER.encode() + b"oci\n",
            "out/same.yaml": HEADER.encode() + b"old same.yaml\n", "out/templates": None}


def test_removes_the_stale_files_with_the_write(tmp_path: Path) -> None:
    files, stale = _scene(tmp_path)
    report = write_files(files, remove=stale)
    assert report == WriteReport((files[0].path, files[1].path), (files[2].path,), tuple(stale))
    assert tree(tmp_path) == _after_write(tmp_path)  # no .bak left, the emptied templates/ stays


def test_removes_also_when_nothing_else_changed(tmp_path: Path) -> None:
    files, stale = _scene(tmp_path)
    write_files(files)
    assert write_files(files, remove=stale[:1]) == WriteReport((), tuple(f.path for f in files), tuple(stale[:1]))
    assert not Path(stale[0]).exists() and Path(stale[1]).exists()


def test_a_failed_write_removes_nothing(tmp_path: Path) -> None:
    files, stale = _scene(tmp_path)
    (tmp_path / "out" / "blocker").write_text("not a folder\n")
    before = tree(tmp_path)
    with pytest.raises(CompileError) as caught:
        write_files([*files, OutputFile(str(tmp_path / "out" / "blocker" / "x.yaml"), "x\n")], remove=stale)
    assert [d.code for d in caught.value.diagnostics] == [codes.OUTPUT_UNWRITABLE]
    assert tree(tmp_path) == before


def test_a_failed_removal_puts_everything_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files, stale = _scene(tmp_path)
    before = tree(tmp_path)
    real_unlink = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if str(self) == stale[1]:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    with pytest.raises(CompileError) as caught:
        write_files(files, remove=stale)
    monkeypatch.undo()
    assert [(d.code, d.file) for d in caught.value.diagnostics] == [(codes.OUTPUT_UNWRITABLE, stale[1])]
    assert tree(tmp_path) == before  # the first stale file is back, the rewritten and new files undone


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_at_any_line_leaves_the_old_output_or_the_new_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  signum: int) -> None:
    monkeypatch.setattr(os, "fsync", lambda _handle: None)
    monkeypatch.setattr(signal, "raise_signal", lambda _signum: None)  # a held signal, delivered after: not here
    counter = InterruptAt(-1, signum)
    files, stale = _scene(tmp_path / "count")
    sys.settrace(counter)
    try:
        write_files(files, remove=stale)
    finally:
        sys.settrace(None)
    outcomes = set()
    for at in range(counter.lines):
        root = tmp_path / str(at)
        files, stale = _scene(root)
        before = tree(root)
        sys.settrace(InterruptAt(at, signum))
        try:
            write_files(files, remove=stale)
            outcome = "written"
        except Interrupted:
            outcome = "rolled back"
        except KeyboardInterrupt:  # SIGINT before fluxc's handler was in place, or after it was put back
            outcome = "before or after"
        finally:
            sys.settrace(None)
        after = tree(root)
        assert after == (before if outcome == "rolled back" else _after_write(root)) or \
            (outcome == "before or after" and after == before), f"line {at}: {outcome}"
        outcomes.add(outcome)
    assert {"rolled back", "written"} <= outcomes
