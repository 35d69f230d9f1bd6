"""fluxc.output.write when things go wrong mid-way: SIGINT/SIGTERM at every line of a write roll it back, a
SIGKILL's leftovers are removed by the next write, a folder created by a racing build is fine, a failure
while creating folders removes them, and the work grows linearly with the number of files."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fluxc.output.files import HEADER, OutputFile
from fluxc.output.write import WriteReport, write_files
from fluxc.report.diagnostics import CompileError, Interrupted
from helpers.interrupts import InterruptAt


def tree(root: Path) -> dict[str, bytes | None]:
    """Every entry under root (hidden ones too): file contents, None for folders."""
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(root.rglob("*"))}


def _scene(root: Path) -> list[OutputFile]:
    """Old output on disk (fluxc's), and new output: changed, unchanged and new files, in new and old folders."""
    (root / "old" / "sub").mkdir(parents=True)
    for name, text in {"old/a.yaml": "a: 1\n", "old/sub/b.yaml": "b: 1\n", "old/same.yaml": "same\n"}.items():
        (root / name).write_text(HEADER + text)
    new = {"old/a.yaml": "a: 2\n", "old/sub/b.yaml": "b: 2\n", "old/same.yaml": "same\n", "old/c.yaml": "c\n",
           "fresh/deep/d.yaml": "d\n", "fresh/e.yaml": "e\n"}
    return [OutputFile(str(root / name), HEADER + text) for name, text in new.items()]


@pytest.fixture
def redelivered(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Signals write_files delivers again after a write that was complete (caught here, not acted on)."""
    seen: list[int] = []
    monkeypatch.setattr(signal, "raise_signal", seen.append)
    return seen


def _lines_of_a_write(root: Path) -> int:
    counter = InterruptAt(-1, signal.SIGINT)
    files = _scene(root)
    sys.settrace(counter)
    try:
        write_files(files)
    finally:
        sys.settrace(None)
    return counter.lines


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_at_any_line_leaves_the_old_output_or_the_new_one(tmp_path: Path, redelivered: list[int],
                                                                  no_fsync: None, signum: int) -> None:
    lines = _lines_of_a_write(tmp_path / "count")
    assert lines > 100  # the trace sees the write's lines
    outcomes = set()
    for at in range(lines):
        root = tmp_path / str(at)
        files = _scene(root)
        before = tree(root)
        tracer = InterruptAt(at, signum)
        sys.settrace(tracer)
        try:
            write_files(files)
            outcome = "written"
        except Interrupted as stop:
            assert stop.signum == signum
            outcome = "rolled back"
        except KeyboardInterrupt:  # SIGINT before fluxc's handler was in place, or after it was put back
            outcome = "before or after"
        finally:
            sys.settrace(None)
        after = tree(root)
        written = {**before, **{Path(f.path).relative_to(root).as_posix(): f.content.encode() for f in files},
                   "fresh": None, "fresh/deep": None}
        if outcome == "rolled back":
            assert after == before, f"line {at}"  # old content, no .tmp/.bak, no new folder
        elif outcome == "written":
            assert after == written, f"line {at}"
        else:
            assert after in (before, written), f"line {at}"
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL, f"line {at}"
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler, f"line {at}"
        outcomes.add(outcome)
    assert "rolled back" in outcomes and "written" in outcomes
    assert set(redelivered) <= {signum}  # held during the clean-up, then delivered once it was over


def test_sigterm_mid_write_raises_interrupted_and_puts_the_handler_back(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    files = _scene(tmp_path)
    before = tree(tmp_path)
    real = os.replace

    def replace_then_term(src: Any, dst: Any) -> None:
        real(src, dst)
        os.kill(os.getpid(), signal.SIGTERM)
    monkeypatch.setattr(os, "replace", replace_then_term)
    with pytest.raises(Interrupted) as caught:
        write_files(files)
    assert caught.value.signum == signal.SIGTERM
    assert tree(tmp_path) == before
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_an_error_while_rolling_back_does_not_stop_the_rollback(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    files = _scene(tmp_path)
    real, calls = os.replace, []

    def failing(src: Any, dst: Any) -> None:
        calls.append(dst)
        if len(calls) in (3, 4):  # the third rename fails, and so does the first step of the rollback
            raise OSError(errno.EIO, "Input/output error")
        real(src, dst)
    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(CompileError):
        write_files(files)
    assert not [p for p in tmp_path.rglob(".*") if p.name.endswith((".tmp", ".bak"))]
    assert not (tmp_path / "fresh").exists()


# --- leftovers of a killed build --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", ""])
    child.wait()
    return child.pid


def test_leftovers_of_a_dead_process_are_removed_and_nothing_else(tmp_path: Path, dead_pid: int) -> None:
    (tmp_path / "sub").mkdir()
    live, mine = os.getppid(), os.getpid()
    removed = [f".a.yaml.{dead_pid}.tmp", f".a.yaml.{dead_pid}.bak", f".a.yaml.{mine}.tmp", ".a.yaml.0.bak",
               ".a.yaml.9999999999.tmp", f"sub/.b.yaml.{dead_pid}.tmp", f".x.y.z.yaml.{dead_pid}.bak"]
    kept = [f".a.yaml.{live}.tmp", f".other.yaml.{dead_pid}.tmp", ".a.yaml.pid.tmp", f".a.yaml.{dead_pid}.tmp.keep",
            f"a.yaml.{dead_pid}.tmp", f".a.yaml.{dead_pid}.old", f"sub/.a.yaml.{dead_pid}.tmp"]
    for name in removed + kept:
        (tmp_path / name).write_text("left\n")
    (tmp_path / f".a.yaml.{dead_pid}.orig").mkdir()
    (tmp_path / f".b.yaml.{dead_pid}.tmp").symlink_to(tmp_path / "a.yaml")  # a link is not fluxc's: kept
    files = [OutputFile(str(tmp_path / n), HEADER) for n in ("a.yaml", "x.y.z.yaml", "b.yaml", "sub/b.yaml")]
    write_files(files)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == sorted(
        [*kept, f".a.yaml.{dead_pid}.orig", f".b.yaml.{dead_pid}.tmp", "a.yaml", "x.y.z.yaml", "b.yaml", "sub",
         "sub/b.yaml"])


def test_leftovers_are_removed_when_nothing_changed(tmp_path: Path, dead_pid: int) -> None:
    files = [OutputFile(str(tmp_path / "a.yaml"), HEADER)]
    write_files(files)
    (tmp_path / f".a.yaml.{dead_pid}.tmp").write_text("left\n")
    assert write_files(files) == WriteReport((), (str(tmp_path / "a.yaml"),))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]


# --- folders ----------------------------------------------------------------------------------------------------

def test_a_folder_created_meanwhile_by_another_build_is_fine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Path.mkdir

    def racing(self: Path, *args: Any, **kwargs: Any) -> None:
        os.makedirs(self, exist_ok=True)  # the other build was faster
        real(self, *args, **kwargs)
    monkeypatch.setattr(Path, "mkdir", racing)
    files = [OutputFile(str(tmp_path / "out" / "deep" / "a.yaml"), HEADER)]
    assert write_files(files).written == (files[0].path,)


def test_a_file_created_meanwhile_where_a_folder_goes_is_an_error(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    real = Path.mkdir

    def racing(self: Path, *args: Any, **kwargs: Any) -> None:
        self.write_text("someone's file\n")
        real(self, *args, **kwargs)
    monkeypatch.setattr(Path, "mkdir", racing)
    with pytest.raises(CompileError) as caught:
        write_files([OutputFile(str(tmp_path / "out" / "a.yaml"), HEADER)])
    assert "File exists" in caught.value.diagnostics[0].message


@pytest.mark.parametrize("fail_on", [1, 2, 3])
def test_a_failure_while_creating_folders_removes_those_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                fail_on: int) -> None:
    real, calls = Path.mkdir, []

    def failing(self: Path, *args: Any, **kwargs: Any) -> None:
        calls.append(self)
        if len(calls) == fail_on:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        real(self, *args, **kwargs)
    monkeypatch.setattr(Path, "mkdir", failing)
    (tmp_path / "keep.yaml").write_text(HEADER)
    with pytest.raises(CompileError):
        write_files([OutputFile(str(tmp_path / "keep.yaml"), HEADER + "new\n"),
                     OutputFile(str(tmp_path / "x" / "y" / "z" / "a.yaml"), HEADER)])
    assert tree(tmp_path) == {"keep.yaml": HEADER.encode()}


# --- linear ---------------------------------------------------------------------------------------------------

class _Counted:
    comparisons = 0


class _CountingPath(str):
    """A path that counts how often it is compared for equality with another (hashing is free)."""

    __hash__ = str.__hash__

    def __eq__(self, other: object) -> bool:
        _Counted.comparisons += 1
        return str.__eq__(self, other)  # type: ignore[no-any-return]


class _CountingFile(OutputFile):
    def __eq__(self, other: object) -> bool:
        _Counted.comparisons += 1
        return tuple.__eq__(self, other)  # type: ignore[no-any-return]

    __hash__ = OutputFile.__hash__


@pytest.fixture
def no_fsync(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(os, "fsync", lambda _handle: None)  # the disk's speed is not what is measured
    yield


@pytest.mark.parametrize("count", [500, 2000])
def test_a_write_compares_files_a_bounded_number_of_times_per_file(tmp_path: Path, no_fsync: None,
                                                                   count: int) -> None:
    files = [_CountingFile(_CountingPath(tmp_path / f"d{i % 7}" / f"f{i}.yaml"), HEADER + f"i: {i}\n")
             for i in range(count)]
    write_files(files[: count // 2])  # half of them already there: written and unchanged files both
    _Counted.comparisons = 0
    report = write_files(files)
    assert (len(report.written), len(report.unchanged)) == (count - count // 2, count // 2)
    assert _Counted.comparisons <= 2 * count  # a membership test in a list would make it count² / 4
