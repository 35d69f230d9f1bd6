"""A fleet's write (more than SYNC_EACH_UP_TO files): staged on threads, one sync, still all or nothing."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from fluxc.output import staging
from fluxc.output.files import HEADER, OutputFile
from fluxc.output.write import SYNC_EACH_UP_TO, write_files
from fluxc.report import codes
from fluxc.report.diagnostics import CompileError


def _fleet(root: Path, count: int, version: int = 1) -> list[OutputFile]:
    return [OutputFile(str(root / "out" / f"ns{i % 3}" / f"app{i}" / "helmrelease.yaml"),
                       HEADER + f"app: {i}\nversion: {version}\n") for i in range(count)]


def _tree(root: Path) -> dict[str, bytes | None]:
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None) for p in sorted(root.rglob("*"))}


def test_many_files_are_written_in_new_folders_with_one_sync(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"fsync": 0, "sync": 0}
    monkeypatch.setattr(os, "fsync", lambda _fd: calls.__setitem__("fsync", calls["fsync"] + 1))
    monkeypatch.setattr(os, "sync", lambda: calls.__setitem__("sync", calls["sync"] + 1))
    files = _fleet(tmp_path, 120)
    report = write_files(files)
    assert len(report.written) == 120 and calls == {"fsync": 0, "sync": 1}
    for output in files:
        assert Path(output.path).read_text() == output.content
        assert stat.S_IMODE(os.stat(output.path).st_mode) == 0o666 & ~staging.umask()
    assert not [p for p in tmp_path.rglob(".*")]  # no temporary sibling left


def test_a_few_files_are_synced_one_by_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"fsync": 0, "sync": 0}
    monkeypatch.setattr(os, "fsync", lambda _fd: calls.__setitem__("fsync", calls["fsync"] + 1))
    monkeypatch.setattr(os, "sync", lambda: calls.__setitem__("sync", calls["sync"] + 1))
    write_files(_fleet(tmp_path, SYNC_EACH_UP_TO))
    assert calls == {"fsync": SYNC_EACH_UP_TO, "sync": 0}


def test_a_failure_on_a_thread_changes_nothing_and_names_the_output_file(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sync", lambda: None)
    write_files(_fleet(tmp_path, 60))
    before = _tree(tmp_path)
    new = _fleet(tmp_path, 90, version=2)  # 60 files replaced, 30 new ones in new folders
    real = staging.stage_file
    failing = new[75]

    def stage(output: OutputFile, temporary: Path, mask: int, *, durable: bool) -> None:
        if output is failing:
            raise OSError(28, "No space left on device", str(temporary))
        real(output, temporary, mask, durable=durable)
    monkeypatch.setattr(staging, "stage_file", stage)
    with pytest.raises(CompileError) as raised:
        write_files(new)
    [problem] = raised.value.diagnostics
    assert (problem.code, problem.file) == (codes.OUTPUT_UNWRITABLE, failing.path)
    assert problem.message == "cannot write the output: No space left on device; nothing was changed"
    assert _tree(tmp_path) == before  # old contents, no new folder, no temporary file


def test_an_existing_file_keeps_its_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sync", lambda: None)
    files = _fleet(tmp_path, 40)
    write_files(files)
    os.chmod(files[7].path, 0o640)
    write_files(_fleet(tmp_path, 40, version=2))
    assert stat.S_IMODE(os.stat(files[7].path).st_mode) == 0o640

