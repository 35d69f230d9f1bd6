"""fluxc.init.files: one file written (by the build's atomic writer), never over what it must not replace."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from fluxc.checks.schemas import ANSWERS_SCHEMA, schema_dir
from fluxc.init import files
from fluxc.init.files import in_the_way, schema_bytes, write_answers, write_schema
from fluxc.report import codes
from fluxc.report.diagnostics import ExitCode

SCHEMA = (schema_dir() / ANSWERS_SCHEMA).read_bytes()


def siblings(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_the_schema_is_the_bundled_file_byte_for_byte() -> None:
    assert schema_bytes() == SCHEMA and json.loads(SCHEMA)["$id"].startswith("https://")


def test_a_new_file_is_written_with_the_umask_mode_and_nothing_else_is_left(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "fluxc.yaml"
    assert write_answers(target, "fluxc.yaml", "fluxc: v1\n", force=False) is None
    assert target.read_bytes() == b"fluxc: v1\n"
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    assert siblings(target.parent) == ["fluxc.yaml"] and target.stat().st_nlink == 1


@pytest.mark.parametrize("what", ["file", "dangling link", "link to a file"])
def test_without_force_nothing_there_is_ever_replaced(tmp_path: Path, what: str) -> None:
    target = tmp_path / "fluxc.yaml"
    if what == "file":
        target.write_text("mine\n")
    else:
        (tmp_path / "other").write_text("mine\n") if what == "link to a file" else None
        target.symlink_to(tmp_path / "other")
    problem = write_answers(target, "fluxc.yaml", "new\n", force=False)
    assert problem is not None and problem.code == codes.OUTPUT_NOT_FLUXC
    assert what == "dangling link" or target.read_text() == "mine\n"
    assert not [n for n in siblings(tmp_path) if n.endswith(".tmp")]


def test_with_force_the_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "fluxc.yaml"
    target.write_text("old\n")
    assert write_answers(target, "fluxc.yaml", "new\n", force=True) is None
    assert target.read_text() == "new\n" and siblings(tmp_path) == ["fluxc.yaml"]


def test_a_failed_write_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(_descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    problem = write_answers(tmp_path / "fluxc.yaml", "fluxc.yaml", "a\n", force=False)
    assert problem is not None and problem.code == codes.OUTPUT_UNWRITABLE and problem.file == "fluxc.yaml"
    assert siblings(tmp_path) == []


def test_in_the_way(tmp_path: Path) -> None:
    target = tmp_path / "fluxc.yaml"
    assert in_the_way(target, "fluxc.yaml", force=False) is None
    target.write_text("x")
    problem = in_the_way(target, "fluxc.yaml", force=False)
    assert problem is not None and problem.code == codes.OUTPUT_NOT_FLUXC and "--force" in problem.hint
    assert in_the_way(target, "fluxc.yaml", force=True) is None
    folder = in_the_way(tmp_path, "here", force=True)
    assert folder is not None and folder.code == codes.OUTPUT_NOT_FLUXC and "a directory" in folder.message
    os.mkfifo(tmp_path / "fifo")
    fifo = in_the_way(tmp_path / "fifo", "fifo", force=True)
    assert fifo is not None and "FIFO" in fifo.message


def test_write_answers_refuses_an_existing_file_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "fluxc.yaml"
    target.write_text("mine\n")
    problem = write_answers(target, "fluxc.yaml", "fluxc: v1\n", force=False)
    assert problem is not None and problem.render() == (
        "fluxc.yaml: error FLX404: $: the file already exists; it is not replaced (choose another path with -o, "
        "or pass --force to replace it)")
    assert target.read_text() == "mine\n"
    assert write_answers(target, "fluxc.yaml", "fluxc: v1\n", force=True) is None
    assert target.read_text() == "fluxc: v1\n"


@pytest.mark.parametrize("where", ["file/fluxc.yaml", "file/deeper/fluxc.yaml"])
def test_write_answers_reports_a_folder_it_cannot_make(tmp_path: Path, where: str) -> None:
    (tmp_path / "file").write_text("x")
    problem = write_answers(tmp_path / where, where, "fluxc: v1\n", force=False)
    assert problem is not None and problem.code == codes.OUTPUT_UNWRITABLE, problem
    assert problem.message.startswith("cannot write the file: ") and "exists" not in problem.message


def test_schema_copy_is_written_then_left_untouched(tmp_path: Path) -> None:
    target = tmp_path / ".fluxc" / "answers.schema.json"
    done = write_schema(target, "copy.json", force=False)
    assert done.exit_code == ExitCode.OK and done.note == "fluxc: wrote the answers schema to copy.json"
    assert target.read_bytes() == SCHEMA
    os.utime(target, (1, 1))
    again = write_schema(target, "copy.json", force=False)
    assert again == files.Outcome(ExitCode.OK, note="fluxc: copy.json is up to date")
    assert target.stat().st_mtime == 1


def test_an_earlier_copy_of_the_schema_is_replaced_without_force(tmp_path: Path) -> None:
    target = tmp_path / "answers.schema.json"
    older = json.loads(SCHEMA)
    older["description"] = "an earlier release's wording"
    target.write_text(json.dumps(older))
    assert write_schema(target, "s.json", force=False).exit_code == ExitCode.OK
    assert target.read_bytes() == SCHEMA


@pytest.mark.parametrize("content", [b"{}", b"not json", b'{"$id": "https://example.com/other.json"}', b"[]",
                                     b"\xff\xfe", b""])
def test_a_file_that_is_no_copy_of_the_schema_is_replaced_only_with_force(tmp_path: Path, content: bytes) -> None:
    target = tmp_path / "answers.schema.json"
    target.write_bytes(content)
    refused = write_schema(target, "s.json", force=False)
    assert refused.exit_code == ExitCode.INVALID and target.read_bytes() == content
    assert [d.code for d in refused.diagnostics] == [codes.OUTPUT_NOT_FLUXC]
    assert write_schema(target, "s.json", force=True).exit_code == ExitCode.OK
    assert target.read_bytes() == SCHEMA


def test_a_folder_is_never_replaced_by_the_schema(tmp_path: Path) -> None:
    refused = write_schema(tmp_path, "here", force=True)
    assert refused.exit_code == ExitCode.INVALID and "a directory" in refused.diagnostics[0].message
