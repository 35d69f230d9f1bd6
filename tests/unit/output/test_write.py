"""fluxc.output.write: all-or-nothing writes; identical files untouched; modes as an ordinary write gives them."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from fluxc.output.files import HEADER, OutputFile
from fluxc.output.write import WriteReport, write_files
from fluxc.report import codes
from fluxc.report.diagnostics import CompileError, Diagnostic

HINT = "check the output folder's permissions and free space"


def tree(root: Path) -> dict[str, bytes | None]:
    """Every entry under root: file contents, None for folders."""
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(root.rglob("*"))}


def temporaries(root: Path) -> list[str]:
    return [p.name for p in root.rglob(".*.tmp")]


@pytest.fixture
def umask() -> Iterator[None]:
    """Restore the process umask a test changes."""
    saved = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(saved)


def test_writes_files_and_parent_folders(tmp_path: Path) -> None:
    files = [OutputFile(tmp_path / "out" / "deep" / "a.yaml", "a: café\n"),
             OutputFile(tmp_path / "out" / "b.yaml", "b: 1\r\n"),
             OutputFile(tmp_path / "c.yaml", "")]
    report = write_files(files)
    assert report == WriteReport(written=tuple(f.path for f in files), unchanged=())
    assert tree(tmp_path) == {"c.yaml": b"", "out": None, "out/b.yaml": b"b: 1\r\n", "out/deep": None,
                              "out/deep/a.yaml": "a: café\n".encode()}


def test_nothing_to_write() -> None:
    assert write_files([]) == WriteReport((), ())


def test_identical_content_is_left_untouched(tmp_path: Path) -> None:
    files = [OutputFile(tmp_path / "m" / "a.yaml", "a\n"), OutputFile(tmp_path / "m" / "b.yaml", "b\n")]
    write_files(files)
    before = {f.path: (f.path.stat().st_mtime_ns, f.path.stat().st_ino) for f in files}
    os.utime(files[0].path, ns=(1_000_000_000, 1_000_000_000))  # an old mtime, so a rewrite would show
    before[files[0].path] = (1_000_000_000, before[files[0].path][1])
    report = write_files(files)
    assert report == WriteReport(written=(), unchanged=(files[0].path, files[1].path))
    assert {f.path: (f.path.stat().st_mtime_ns, f.path.stat().st_ino) for f in files} == before


def test_only_changed_files_are_written(tmp_path: Path) -> None:
    same, changed, new = tmp_path / "same.yaml", tmp_path / "changed.yaml", tmp_path / "new.yaml"
    same.write_text("same\n")
    changed.write_text(HEADER + "old\n")  # fluxc's own file: replaced without --force
    os.utime(same, ns=(1_000_000_000, 1_000_000_000))
    report = write_files([OutputFile(same, "same\n"), OutputFile(changed, "new\n"), OutputFile(new, "n\n")])
    assert report == WriteReport(written=(changed, new), unchanged=(same,))
    assert same.stat().st_mtime_ns == 1_000_000_000
    assert tree(tmp_path) == {"changed.yaml": b"new\n", "new.yaml": b"n\n", "same.yaml": b"same\n"}
    assert temporaries(tmp_path) == []


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664), (0o000, 0o666)],
                         ids=["022", "077", "002", "000"])
def test_file_mode_follows_the_umask(tmp_path: Path, umask: None, mask: int, mode: int) -> None:
    os.umask(mask)
    path = tmp_path / "a.yaml"
    write_files([OutputFile(path, "a\n")])
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert os.umask(mask) == mask  # write_files put the umask back


def test_rewriting_a_file_keeps_its_mode(tmp_path: Path, umask: None) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(HEADER + "old\n")
    path.chmod(0o664)
    write_files([OutputFile(path, "new\n")])
    assert (path.read_text(), stat.S_IMODE(path.stat().st_mode)) == ("new\n", 0o664)


# --- all or nothing ---------------------------------------------------------------------------------------------

def _existing(tmp_path: Path) -> Path:
    root = tmp_path / "out"
    root.mkdir()
    (root / "a.yaml").write_text(HEADER + "old a\n")
    (root / "keep.yaml").write_text(HEADER + "keep\n")
    return root


def test_a_failure_while_staging_changes_nothing(tmp_path: Path) -> None:
    root = _existing(tmp_path)
    (root / "blocker").write_text("a file where a folder is needed\n")
    before = tree(tmp_path)
    files = [OutputFile(root / "a.yaml", "new a\n"),
             OutputFile(root / "new" / "deeper" / "b.yaml", "b\n"),
             OutputFile(root / "blocker" / "sub" / "c.yaml", "c\n")]
    with pytest.raises(CompileError) as caught:
        write_files(files)
    assert caught.value.diagnostics == (Diagnostic(
        codes.OUTPUT_UNWRITABLE, "cannot write the output: Not a directory; nothing was changed", (),
        str(root / "blocker" / "sub" / "c.yaml"), hint=HINT),)
    assert tree(tmp_path) == before  # old content intact, new folders removed, no temporary file left


class _FailingReplace:
    """os.replace that fails on call number `fail_on`, the way a full disk or a lost permission would."""

    def __init__(self, fail_on: int) -> None:
        self.calls = 0
        self.fail_on = fail_on
        self.real = os.replace

    def __call__(self, src: str | Path, dst: str | Path) -> None:
        self.calls += 1
        if self.calls == self.fail_on:
            raise PermissionError(errno.EACCES, "Permission denied", str(src), None, str(dst))
        self.real(src, dst)


def _fail_second_replace(monkeypatch: pytest.MonkeyPatch) -> _FailingReplace:
    failing = _FailingReplace(fail_on=2)
    monkeypatch.setattr("fluxc.output.write.os.replace", failing)
    return failing


def test_a_failed_rename_raises_flx402_and_leaves_no_temporary_file(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    root = _existing(tmp_path)
    failing = _fail_second_replace(monkeypatch)
    with pytest.raises(CompileError) as caught:
        write_files([OutputFile(root / "a.yaml", "new a\n"), OutputFile(root / "b.yaml", "b\n")])
    assert failing.calls == 3  # a.yaml, b.yaml (fails), then a.yaml's rollback
    assert [(d.code, d.message, d.hint, d.severity) for d in caught.value.diagnostics] == [
        (codes.OUTPUT_UNWRITABLE, "cannot write the output: Permission denied; nothing was changed", HINT, "error")]
    assert temporaries(tmp_path) == []
    assert (root / "keep.yaml").read_text() == HEADER + "keep\n"


def test_a_failed_rename_changes_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _existing(tmp_path)
    before = tree(tmp_path)
    _fail_second_replace(monkeypatch)
    with pytest.raises(CompileError):
        write_files([OutputFile(root / "a.yaml", "new a\n"), OutputFile(root / "b.yaml", "b\n")])
    assert tree(tmp_path) == before


def test_a_failed_rename_removes_the_folders_it_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _existing(tmp_path)
    before = tree(tmp_path)
    _fail_second_replace(monkeypatch)
    with pytest.raises(CompileError):
        write_files([OutputFile(root / "new" / "b.yaml", "b\n"), OutputFile(root / "a.yaml", "new a\n")])
    assert tree(tmp_path) == before


def test_a_failed_rename_names_the_output_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _existing(tmp_path)
    _fail_second_replace(monkeypatch)
    with pytest.raises(CompileError) as caught:
        write_files([OutputFile(root / "a.yaml", "new a\n"), OutputFile(root / "b.yaml", "b\n")])
    assert [(d.code, d.file) for d in caught.value.diagnostics] == [(codes.OUTPUT_UNWRITABLE, str(root / "b.yaml"))]


def test_a_folder_in_the_way_is_refused_and_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "helmrelease.yaml"
    target.mkdir()
    with pytest.raises(CompileError) as caught:
        write_files([OutputFile(target, "x\n")])
    assert [(d.code, d.message) for d in caught.value.diagnostics] == [
        (codes.OUTPUT_NOT_FLUXC, "a directory is in the way, not a file fluxc wrote; nothing was written")]
    assert tree(tmp_path) == {"helmrelease.yaml": None}


def _chmod_stops_writes(folder: Path) -> bool:
    probe = folder / "probe"
    try:
        probe.write_text("")
    except PermissionError:
        return True
    probe.unlink()
    return False


def test_a_read_only_folder_is_refused(tmp_path: Path) -> None:
    root = _existing(tmp_path)
    root.chmod(0o500)
    try:
        if not _chmod_stops_writes(root):
            pytest.skip("chmod 0o500 does not stop writes here (running as root or with CAP_DAC_OVERRIDE), "
                        "so a read-only folder cannot be simulated")
        with pytest.raises(CompileError) as caught:
            write_files([OutputFile(root / "a.yaml", "new a\n")])
        assert [(d.code, d.message) for d in caught.value.diagnostics] == [
            (codes.OUTPUT_UNWRITABLE, "cannot write the output: Permission denied; nothing was changed")]
    finally:
        root.chmod(0o755)
    assert tree(root) == {"a.yaml": (HEADER + "old a\n").encode(), "keep.yaml": (HEADER + "keep\n").encode()}
