"""Stale generated files: fluxc's own files in an output folder that the build no longer produces.

When a chart moves from an https:// repository to OCI, the build writes
`ocirepository.yaml` instead of `helmrepository.yaml`; the old file stays in
the folder, and Flux would still apply it. A file is stale when all of these
hold, so that a file fluxc did not write is never touched:

- it sits directly in a folder this build writes files into (an answers
  file's output folder, or a folder under it that still receives files, such
  as a chart's `templates/`). Not recursively: a folder below is not this
  build's to judge (it can be another answers file's outputPath, or another
  tool's output), and an answers file left out of the call would then have
  every one of its files called stale;
- it is a regular file (not a symbolic link, folder, FIFO or device) whose
  name does not start with `.` (the writer's `.NAME.PID.tmp` siblings, and
  whatever else hides there, are not build output);
- its first line is fluxc's generated-file header (read bounded, through
  `read_capped`, so a FIFO swapped in is never waited on);
- the build does not produce it (compared as the file system sees paths:
  through symbolic links of the folders), and it is none of the build's inputs
  (an answers file or manifest, also through a hard link).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from fluxc.output.files import HEADER_READ, identities, is_generated
from fluxc.yaml.bounds import read_capped


class RealPaths:
    """Where a path really leads (the folder's symbolic links resolved), each folder resolved once: 20,000 files
    in a few folders cost a few `realpath` calls."""

    def __init__(self) -> None:
        self.folders: dict[str, str] = {}

    def folder(self, folder: str) -> str:
        real = self.folders.get(folder)
        if real is None:
            parent, name = os.path.split(folder)
            if parent and name not in ("", ".", "..") and not os.path.islink(folder):
                real = os.path.join(self.folder(parent), name)  # one lstat, where realpath costs one per part
            else:
                real = os.path.realpath(folder or ".")
            self.folders[folder] = real
        return real

    def __call__(self, path: str) -> str:
        folder, name = os.path.split(path)
        return os.path.join(self.folder(folder), name)


def find_stale(folders: Iterable[str], produced: Iterable[str], inputs: Iterable[str] = ()) -> list[str]:
    """The stale generated files directly in `folders` (see the module's docstring), sorted.

    `produced`: every file the build writes (all answers files of the call, so a folder two of them share is
    judged against both); `inputs`: every file the build read. A path is returned spelt with the first
    spelling of its folder given. A folder that is not there (a first build) holds nothing stale.
    """
    real = RealPaths()
    wanted = {real(path) for path in produced}
    protected = identities(inputs)
    stale: list[str] = []
    seen: set[str] = set()
    for folder in folders:
        real_folder = real.folder(folder)
        if real_folder in seen:
            continue
        seen.add(real_folder)
        try:
            entries = sorted(os.scandir(folder or "."), key=lambda entry: entry.name)
        except OSError:  # not there yet, or not a folder: nothing of ours in it
            continue
        for entry in entries:
            if entry.name.startswith(".") or os.path.join(real_folder, entry.name) in wanted:
                continue
            if _is_stale_candidate(entry, protected):
                stale.append(os.path.join(folder, entry.name))
    return sorted(stale)


def _is_stale_candidate(entry: os.DirEntry[str], protected: Mapping[tuple[int, int], str]) -> bool:
    """A regular file, none of the build's inputs, whose first line is fluxc's header."""
    try:
        if not entry.is_file(follow_symlinks=False):
            return False
        found = entry.stat(follow_symlinks=False)
        if (found.st_dev, found.st_ino) in protected:
            return False
        return is_generated(read_capped(entry.path, HEADER_READ - 1))
    except OSError:  # gone meanwhile, or unreadable: not provably fluxc's, so never touched
        return False
