"""The golden-file runner: compare what fluxc produced with the expected files under fixtures/, or rewrite them.

A golden expectation is a file tree (a folder such as expected/), a text (such as
expected.txt) or an exit code (expected-exit-code). `check_golden` asserts that
the actual value is what the expected file or folder holds; with `update` (the
`--update-golden` flag, through the `update_golden` fixture of tests/conftest.py)
it first rewrites the file or folder from the actual value, so the assertion then
holds and `git diff fixtures` shows what changed.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

Tree = Mapping[str, bytes]  # a folder: the POSIX path of each file below it -> its bytes


def read_tree(root: Path) -> dict[str, bytes]:
    """Every file below root, by its POSIX path relative to root."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def check_golden(expected: Path, actual: Tree | str | int, update: bool, *, absent: str | None = None) -> None:
    """Assert that actual is what the golden folder (for a Tree) or file (for a text or an exit code) holds.

    A text is compared with the file's text, an exit code with the number the file
    holds, a tree file by file (the same names, and each file's text the same).
    absent: the text a missing file stands for (a missing file is an error when None);
    an update that produces exactly that text removes the file instead of writing it.
    """
    if update:
        _write(expected, actual, absent)
    if isinstance(actual, Mapping):
        wanted = read_tree(expected)
        assert sorted(actual) == sorted(wanted)
        for name, content in wanted.items():
            assert actual[name].decode() == content.decode(), name
        return
    text = expected.read_text() if absent is None or expected.exists() else absent
    if isinstance(actual, str):
        assert actual == text
    else:
        assert actual == int(text)


def _write(expected: Path, actual: Tree | str | int, absent: str | None) -> None:
    if isinstance(actual, Mapping):
        shutil.rmtree(expected, ignore_errors=True)
        for name, content in actual.items():
            (expected / name).parent.mkdir(parents=True, exist_ok=True)
            (expected / name).write_bytes(content)
        return
    text = actual if isinstance(actual, str) else f"{actual}\n"
    if absent is not None and text == absent:
        expected.unlink(missing_ok=True)
    else:
        expected.write_text(text)
