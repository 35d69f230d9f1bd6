"""fluxc.output.diff: what a build would change, compared as the writer compares, shown as git-style diffs."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from fluxc.output import diff
from fluxc.output.diff import Difference, compare, unified
from fluxc.output.files import HEADER, OutputFile

NEW = HEADER + "---\nkind: OCIRepository\nspec:\n  interval: 1h0m0s\n"
OLD = HEADER + "---\nkind: HelmRepository\nspec:\n  interval: 1h0m0s\n"


def put(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def test_a_file_on_disk_as_planned_is_no_difference(tmp_path: Path) -> None:
    path = put(tmp_path / "a.yaml", NEW)
    assert compare([OutputFile(str(path), NEW)]) == []


def test_a_missing_file_is_a_creation_from_dev_null(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert compare([OutputFile("out/a.yaml", "x: 1\ny: 2\n")]) == [Difference(
        "out/a.yaml", "missing", "--- /dev/null\n+++ b/out/a.yaml\n@@ -0,0 +1,2 @@\n+x: 1\n+y: 2\n")]


def test_a_different_file_is_a_unified_diff_with_three_lines_of_context(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    put(tmp_path / "a.yaml", OLD)
    assert compare([OutputFile("a.yaml", NEW)]) == [Difference("a.yaml", "different", (
        "--- a/a.yaml\n+++ b/a.yaml\n@@ -1,5 +1,5 @@\n"
        f" {HEADER} ---\n-kind: HelmRepository\n+kind: OCIRepository\n spec:\n   interval: 1h0m0s\n"), "generated")]


def test_a_stale_file_is_a_removal_to_dev_null(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    put(tmp_path / "old.yaml", "a\nb\n")
    assert compare([], ["old.yaml"]) == [Difference(
        "old.yaml", "stale", "--- a/old.yaml\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-a\n-b\n")]


@pytest.mark.parametrize(("old", "found"), [("hand: written\n", "not generated"), (OLD, "generated"),
                                            (b"\xff\xfe binary", "not generated")])
def test_what_is_there_now_is_told(tmp_path: Path, old: str | bytes, found: str) -> None:
    path = put(tmp_path / "a.yaml", old)
    assert [(d.status, d.found) for d in compare([OutputFile(str(path), NEW)])] == [("different", found)]


def test_something_that_is_no_file_in_the_way_is_blocked(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").mkdir()
    os.mkfifo(tmp_path / "b.yaml")  # never opened: the call does not hang
    found = compare([OutputFile(str(tmp_path / "a.yaml"), NEW), OutputFile(str(tmp_path / "b.yaml"), NEW)])
    shown = str(tmp_path).lstrip("/")
    assert found == [
        Difference(str(tmp_path / "a.yaml"), "blocked",
                   f"Files a/{shown}/a.yaml and b/{shown}/a.yaml differ (a directory is in the way)\n", "a directory"),
        Difference(str(tmp_path / "b.yaml"), "blocked", f"Files a/{shown}/b.yaml and b/{shown}/b.yaml differ "
                   "(a named pipe (FIFO) is in the way)\n", "a named pipe (FIFO)")]


def test_a_file_too_large_to_show_still_differs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(diff, "MAX_DIFF_BYTES", 64)
    put(tmp_path / "big.yaml", HEADER + "x" * 100)
    put(tmp_path / "old.yaml", HEADER + "y" * 100)
    assert compare([OutputFile("big.yaml", NEW)], ["old.yaml"]) == [
        Difference("big.yaml", "different", "Files a/big.yaml and b/big.yaml differ (unreadable, or over 16 MiB)\n",
                   "unreadable"),
        Difference("old.yaml", "stale", "Files a/old.yaml and /dev/null differ (unreadable, or over 16 MiB)\n")]
    put(tmp_path / "fits.yaml", "z" * 99)  # as long as the new content: read whole, whatever the cap
    assert compare([OutputFile("fits.yaml", "z" * 100)])[0].diff.startswith("--- a/fits.yaml\n")


def test_differences_are_sorted_by_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    put(tmp_path / "b.yaml", OLD)
    put(tmp_path / "d.yaml", OLD)
    found = compare([OutputFile("c.yaml", NEW), OutputFile("a.yaml", NEW)], ["d.yaml", "b.yaml"])
    assert [(d.path, d.status) for d in found] == [
        ("a.yaml", "missing"), ("b.yaml", "stale"), ("c.yaml", "missing"), ("d.yaml", "stale")]


def test_paths_are_named_as_git_names_them() -> None:
    assert unified("/abs/a.yaml", "x\n", "y\n").splitlines()[:2] == ["--- a/abs/a.yaml", "+++ b/abs/a.yaml"]
    assert unified("rel/a.yaml", None, "").splitlines() == ["--- /dev/null", "+++ b/rel/a.yaml"]  # empty, still shown
    assert unified("new\nline.yaml", "x\n", None).splitlines()[0] == "--- a/new\\nline.yaml"  # one line per header


def test_a_missing_final_newline_gets_gits_marker() -> None:
    assert unified("a", "x\ny", "x\ny\n") == "--- a/a\n+++ b/a\n@@ -1,2 +1,2 @@\n x\n-y\n\\ No newline at end of file\n+y\n"


def test_control_characters_are_escaped_and_tabs_kept() -> None:
    shown = unified("a", "k: v\r\n", "k:\tv\x1b[2J\u2028\n")
    assert shown == "--- a/a\n+++ b/a\n@@ -1 +1 @@\n-k: v\\r\n+k:\tv\\x1b[2J\\u2028\n"
    assert shown.isprintable() is False and all(line.isprintable() for line in shown.replace("\t", " ").split("\n"))


def test_only_a_newline_ends_a_line() -> None:
    assert unified("a", "a\x0cb\x1c\n", "a\x0cb\x1c\n") == "--- a/a\n+++ b/a\n"  # no hunk: the same single line


# git applies the diff: what it prints is a real patch, taking the old files to the new ones.
CHANGES = {
    "rewrite": ("a\nb\nc\nd\ne\nf\ng\nh\n", "a\nB\nc\nd\ne\nf\ng\nH\n"),
    "create": (None, HEADER + "---\nkind: X\n"),
    "remove": (OLD, None),
    "final-newline-added": ("x\ny", "x\ny\n"),
    "final-newline-dropped": ("x\ny\n", "x\nz"),
    "separators-and-tabs": ("---\n- a\n+ b\n\tc\n", "---\n--- \n- a\n+ c\n\tc\n"),
    "utf-8": ("name: caf\u00e9\n", "name: caf\u00e8\n"),
}


@pytest.mark.parametrize(("old", "new"), CHANGES.values(), ids=CHANGES.keys())
def test_git_apply_takes_the_old_file_to_the_new_one(tmp_path: Path, old: str | None, new: str | None) -> None:
    target = tmp_path / "apps" / "manifests" / "a.yaml"
    if old is not None:
        put(target, old)
    patch = unified("apps/manifests/a.yaml", old, new)
    subprocess.run(["git", "apply", "--no-index", "--whitespace=nowarn", "-"], input=patch.encode(), cwd=tmp_path,
                   check=True, capture_output=True)
    assert (target.read_text() if target.exists() else None) == new
