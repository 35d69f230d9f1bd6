"""Which answers files a `fluxc build` call compiles: the files given, and every answers file under a folder.

A folder is searched with the one folder walker `fluxc validate` uses
(`fluxc.yaml.walk`: *.yaml/*.yml, hidden files and folders left out, links
kept inside the folder). An answers file is a YAML file with a top-level
`fluxc:` key; whether a file found is one is judged where it is compiled (a
worker process: a fleet's files are read in parallel), by a bounded read and a
line search, not a parse, so the generated files and manifests of a large
repository are passed over quickly (a file that starts with fluxc's
generated-file header is output, never an answers file). A block-style
answers file always has such a line; one written as a single flow mapping
(`{fluxc: v1, ...}`) is not found, and can still be given by name.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from fluxc.output.files import is_generated
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic
from fluxc.yaml.bounds import read_capped
from fluxc.yaml.load import MAX_ANSWERS_BYTES
from fluxc.yaml.walk import not_read_diagnostics, yaml_files

# `fluxc:` (or a quoted `"fluxc":`) at the start of a line: a key of the root mapping of a block-style file
_ANSWERS_KEY = re.compile(rb"""^(?:\xef\xbb\xbf)?(?:fluxc|"fluxc"|'fluxc')[ \t]*:""", re.MULTILINE)  # (a BOM first)


class Found:
    """What a call compiles, each file once: the answers files given, and every YAML file of the folders
    given (`maybe`: compiled only if it turns out to be an answers file, which the compiling worker
    judges, so that a fleet's files are read in parallel and once); and what the search has to say."""

    def __init__(self) -> None:
        self.files: list[Path] = []
        self.maybe: set[Path] = set()
        self.folders: list[tuple[Path, list[Path]]] = []  # each folder given, and the YAML files found in it
        self.diagnostics: list[Diagnostic] = []

    @property
    def repository(self) -> bool:
        """A folder was given: the build is a whole repository (or a part of one)."""
        return bool(self.folders)


def answers_files(paths: Sequence[Path]) -> Found:
    """Files as given; folders searched for YAML files (which may be answers files)."""
    found = Found()
    seen: set[object] = set()  # `a.yaml`, `./a.yaml`, a link to it: one file, its first spelling kept
    for path in paths:
        if not path.is_dir():
            found.files += _once([path], seen)
            continue
        files, not_read = yaml_files(path)
        found.diagnostics += not_read_diagnostics(path, not_read)
        files = _once(files, seen)
        found.folders.append((path, files))
        found.files += files
        found.maybe.update(files)
    return found


def _once(files: Sequence[Path], seen: set[object]) -> list[Path]:
    kept = []
    for file in files:
        try:
            status = os.stat(file)
            identity: object = (status.st_dev, status.st_ino)  # one stat, where realpath costs one per part
        except OSError:  # not there or not reachable: reading it will say why
            identity = os.path.abspath(file)
        if identity not in seen:
            seen.add(identity)
            kept.append(file)
    return kept


def without_answers(found: Found, answers: set[Path]) -> list[Diagnostic]:
    """FLX413 for each folder given in which no file turned out to be an answers file."""
    return [Diagnostic(codes.NO_ANSWERS, "the folder holds no answers file (a YAML file with a top-level `fluxc:` "
                       "key)", (), str(folder), hint="check the path; `fluxc init` writes a first answers file")
            for folder, files in found.folders if not answers.intersection(files)]


def is_answers_file(path: Path) -> bool:
    """A file a folder search takes for an answers file; one that cannot be read is none (the walker lists
    FIFOs and devices, which are never read)."""
    try:
        text = read_capped(path, MAX_ANSWERS_BYTES)
    except OSError:
        return False
    return not is_generated(text) and _ANSWERS_KEY.search(text) is not None
