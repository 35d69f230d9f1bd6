"""The one folder walker: which YAML files a folder search reads, found safely.

`*.yaml`/`*.yml` in any case; hidden files and folders (`.git`, `.x.yaml`)
below the folder are left out. Symbolic links are followed only while they
stay under `root` (a link that leads outside is reported, never read) and
never twice (a link back up would loop forever). Used by the `manifests` key
(root: the answers file's folder) and by `fluxc validate` (root: each folder
given). Files come sorted by their path below the folder. Every YAML name that
is no folder is listed, FIFOs and devices too: reading them is refused by
`fluxc.yaml.bounds.read_capped`, so they are reported, never read and never hidden.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Literal, NamedTuple

from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic

YAML_SUFFIXES = (".yaml", ".yml")


def is_yaml_file_name(name: str) -> bool:
    """What a folder search reads: `*.yaml`/`*.yml` in any case, hidden files (`.x.yaml`) left out."""
    return name.lower().endswith(YAML_SUFFIXES) and not name.startswith(".")


class NotRead(NamedTuple):
    """A path the walk did not read, and why: a link outside root, or a folder it could not list."""

    path: Path
    reason: Literal["outside", "unreadable"]
    detail: str = ""  # the system's reason, for "unreadable"


def yaml_files(folder: Path, *, root: Path | None = None,
               exclude: Sequence[Path] = ()) -> tuple[list[Path], list[NotRead]]:
    """YAML files under `folder` and what was not read. `root` (default: `folder`) bounds where links may
    lead; `exclude`: resolved paths (files or folders) left out silently."""
    # Strings, not Paths, inside the walk: a fleet's ten thousand folders made pathlib most of its cost.
    bound = str((root or folder).resolve())
    excluded = [str(e) for e in exclude]
    found: list[str] = []
    not_read: list[NotRead] = []
    real_of = {str(folder): str(folder.resolve())}  # each folder walked -> where it really is
    seen = set(real_of.values())

    def inside(real: str, top: str) -> bool:
        return real == top or real.startswith(top.rstrip(os.sep) + os.sep)

    def real_path(here: str, entry: os.DirEntry[str]) -> str:
        """Where an entry leads: a link is resolved; anything else is where its folder really is (no system
        call: the folder's listing says what is a link; resolving every path costs one per part of it)."""
        return os.path.realpath(entry.path) if entry.is_symlink() else os.path.join(real_of[here], entry.name)

    def left_out(here: str, entry: os.DirEntry[str]) -> bool:
        real = real_path(here, entry)
        if inside(real, bound):
            return any(inside(real, e) for e in excluded)
        not_read.append(NotRead(Path(entry.path), "outside"))
        return True

    stack = [str(folder)]
    while stack:  # depth first, each folder's subfolders in name order (as os.walk goes, without its lstats)
        current = stack.pop()
        try:
            with os.scandir(current) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            not_read.append(NotRead(Path(str(error.filename)), "unreadable", error.strerror or str(error)))
            continue
        kept = {}  # siblings are judged against the folders walked before them (a link beside its target: both)
        for entry in entries:
            if not _is_folder(entry):
                # Every YAML name that is no folder, also a FIFO, device or broken link: the reader refuses
                # those with a message, where leaving them out would hide a file the user meant.
                if is_yaml_file_name(entry.name) and not left_out(current, entry):
                    found.append(entry.path)
                continue
            if entry.name.startswith(".") or left_out(current, entry):
                continue
            real = real_path(current, entry)
            if real not in seen:
                kept[entry.path] = real_of[entry.path] = real
        seen.update(kept.values())
        stack += reversed(kept)
    start = len(os.path.join(str(folder), ""))
    return [Path(p) for p in sorted(found, key=lambda p: p[start:].split(os.sep))], not_read


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # through a link, as os.walk(followlinks=True) counts it
    except OSError:
        return False


def not_read_diagnostics(folder: Path, not_read: Sequence[NotRead]) -> list[Diagnostic]:
    """What a command says about the paths a search of `folder` did not read."""
    found = []
    for where, reason, detail in not_read:
        if reason == "outside":
            found.append(Diagnostic(codes.SKIPPED, f"a symbolic link that leads outside {folder}: not followed",
                                    (), str(where), severity="note"))
        else:
            found.append(Diagnostic(codes.FILE_UNREADABLE, f"the folder cannot be read: {detail}", (), str(where),
                                    hint="check that you have permission to read it"))
    return found
