"""fluxc.output.leftovers: the temporary siblings of a write, and removing those a dead process left."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from fluxc.output.files import OutputFile
from fluxc.output.leftovers import remove_leftovers, sibling


def _dead_pid() -> int:
    """The PID of a process that has ended (and been reaped)."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    return int(done.stdout)


def test_a_sibling_names_the_file_this_process_and_the_purpose(tmp_path: Path) -> None:
    assert sibling(tmp_path / "helmrelease.yaml", "tmp") == tmp_path / f".helmrelease.yaml.{os.getpid()}.tmp"


def test_only_a_dead_process_leftovers_of_the_files_written_are_removed(tmp_path: Path) -> None:
    dead = _dead_pid()
    names = {
        f".helmrelease.yaml.{dead}.tmp": False,  # a dead process's, of a file being written: removed
        f".helmrelease.yaml.{dead}.bak": False,
        f".helmrelease.yaml.{os.getppid()}.tmp": True,  # a running process's: kept
        f".other.yaml.{dead}.tmp": True,  # of a file not written now: kept
        "helmrelease.yaml": True,
        f"helmrelease.yaml.{dead}.tmp": True,  # not hidden: not ours
    }
    for name in names:
        (tmp_path / name).write_text("x")
    remove_leftovers([OutputFile(str(tmp_path / "helmrelease.yaml"), "new")])
    assert {name: (tmp_path / name).exists() for name in names} == names


def test_a_folder_that_does_not_exist_yet_is_nothing_to_clean(tmp_path: Path) -> None:
    remove_leftovers([OutputFile(str(tmp_path / "new" / "helmrelease.yaml"), "new")])
    assert not (tmp_path / "new").exists()
