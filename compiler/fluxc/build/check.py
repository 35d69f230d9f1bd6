"""`fluxc build --check`, `--diff` and `--prune`: which folders are the build's, what differs, what is stale.

A build's output folders are every answers file's output folder and every
folder it writes a file into (a chart's `templates/`, a Kustomize `base/`);
stale files are looked for directly in them (output/stale.py says why not
deeper), against every file of the call, so a folder that two answers files
of the call share is judged against both. `--check` turns each difference
into a diagnostic (FLX406 missing or out of date, FLX407 stale) and the diff
into the stream for stdout; `--diff` gives the same stream and no diagnostic.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from fluxc.output.diff import Difference, compare
from fluxc.output.files import OutputFile
from fluxc.output.stale import find_stale
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic

App = tuple[str, Path, tuple[str, ...]]  # BuildOutcome.apps: (application, its output folder, its file paths)

REBUILD = "run fluxc build and commit what it writes"
STALE_HINT = ("fluxc build --prune removes it; if another answers file writes it, call fluxc with every answers "
              "file that shares this folder")


def output_folders(apps: Sequence[App]) -> list[str]:
    """Each folder the build writes into, once, in build order: an answers file's folder, then its subfolders."""
    folders: dict[str, None] = {}
    for _, folder, paths in apps:
        folders.setdefault(str(folder))
        for path in paths:
            folders.setdefault(os.path.dirname(path))
    return list(folders)


def stale_files(apps: Sequence[App], files: Sequence[OutputFile], inputs: Sequence[str],
                also: Sequence[str] = ()) -> list[str]:
    """The stale generated files of the build's output folders (and the folders `also`: a repository tree's
    folders of applications no longer built), sorted: `files` are all the build writes, `inputs` all it read."""
    return find_stale([*output_folders(apps), *also], [f.path for f in files], inputs)


def differences(apps: Sequence[App], files: Sequence[OutputFile], inputs: Sequence[str],
                also: Sequence[str] = ()) -> list[Difference]:
    """Every file the build would create, rewrite or (with --prune) remove, sorted by path; nothing is written."""
    return compare(files, stale_files(apps, files, inputs, also))


def diagnostic(difference: Difference) -> Diagnostic:
    """What --check says about one difference (the diff itself goes to stdout)."""
    path, status, found = difference.path, difference.status, difference.found
    if status == "stale":
        return Diagnostic(codes.OUTPUT_STALE, "stale generated file: the build no longer produces it", (), path,
                          hint=STALE_HINT)
    if status == "missing":
        message, hint = "output is missing: the build writes this file", REBUILD
    elif status == "blocked":
        message, hint = (f"output is blocked: {found} is where the build writes this file",
                         "remove it, or choose another outputPath (or -o)")
    elif found == "not generated":
        message, hint = ("output is out of date, and a file fluxc did not generate is there (its first line is not "
                         "fluxc's header)", "move it away, or run fluxc build --force to replace it")
    elif found == "unreadable":
        message, hint = "output is out of date: the file cannot be read, or is over 16 MiB", REBUILD
    else:
        message, hint = "output is out of date: the build writes different content", REBUILD
    return Diagnostic(codes.OUTPUT_OUT_OF_DATE, message, (), path, hint=hint)


def removed_by_app(apps: Sequence[App], removed: Sequence[str]) -> dict[int, tuple[str, ...]]:
    """Which application (its index in `apps`) each removed file is reported under: the first one that writes
    into its folder; names are relative to that application's output folder."""
    owner: dict[str, int] = {}
    for index, (_, folder, paths) in enumerate(apps):
        for where in (str(folder), *(os.path.dirname(path) for path in paths)):
            owner.setdefault(where, index)
    found: dict[int, list[str]] = {}
    for path in removed:
        where = os.path.dirname(path)
        while where not in owner and os.path.dirname(where) != where:  # an abandoned application's folder:
            where = os.path.dirname(where)  # the repository tree's entry, whose folder holds it
        index = owner[where]
        found.setdefault(index, []).append(os.path.relpath(path, apps[index][1]))
    return {index: tuple(names) for index, names in found.items()}
