"""`fluxc build`: compile every answers file of the call, decide where each file goes, then write.

`build` reads the answers files and plans the writes (a shared source written
by several answers files is written once; different content for one path is
FLX401; paths are compared as the file system sees them, so `out/a.yaml` and
`link-to-out/a.yaml` are one file); `run` is the whole command: the user's
CRDs (`--crds`), the plan, then either the `--stdout` stream, the comparison
with the disk (`--check`, `--diff`: build/check.py) or the atomic write of
every file, never over a file the build read, with the stale generated files
removed in the same transaction (`--prune`). Nothing is written unless every
answers file of the call compiled.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from fluxc.output.files import OutputFile, stream
from fluxc.output.stale import RealPaths
from fluxc.pipeline.compile import Compiled, compile_file
from fluxc.report import codes
from fluxc.report.diagnostics import CompileError, Diagnostic, ExitCode, exit_code_for, sort_diagnostics
from fluxc.report.outcome import AppWritten, Checked

if TYPE_CHECKING:
    from fluxc.targets.flux.catalog import Catalog


class BuildOutcome:
    """Everything a build decided and did: files, diagnostics, per-application summary, the stdout stream.

    A plain class, not a dataclass: `fluxc build` imports it, and start-up time counts.
    """

    def __init__(self, files: list[OutputFile] | None = None, diagnostics: list[Diagnostic] | None = None) -> None:
        self.files: list[OutputFile] = files or []  # placed; each path once
        self.diagnostics: list[Diagnostic] = diagnostics or []
        self.apps: list[tuple[str, Path, tuple[str, ...]]] = []  # (app, folder, its file paths)
        self.written: frozenset[str] = frozenset()  # after `run` wrote: the paths whose content changed
        self.removed: dict[int, tuple[str, ...]] = {}  # after `run --prune`: app index -> stale files removed
        self.stdout: str | None = None  # after `run --stdout`, `--check` or `--diff`: the stream to print
        self.checked: Checked | None = None  # after `run --check` or `--diff`: what differs, counted
        self.inputs: list[str] = []  # every file read (answers files, manifests): never written over

    @property
    def documents(self) -> list[str]:
        """The --stdout stream's documents (the Flux objects), each file once, in build order."""
        return [f.document for f in self.files if f.document]

    @property
    def has_package(self) -> bool:
        """Some answers file packages manifests: files that are not Flux objects (Chart.yaml, templates)."""
        return any(not f.document for f in self.files)

    @property
    def exit_code(self) -> ExitCode:
        return exit_code_for(self.diagnostics)

    def summary(self) -> list[AppWritten] | Checked:
        if self.checked is not None:
            return self.checked
        return [AppWritten(app, str(folder), len(paths), sum(1 for p in paths if p in self.written),
                           self.removed.get(index, ())) for index, (app, folder, paths) in enumerate(self.apps)]


def build(paths: Sequence[Path], *, output_dir: Path | None = None, crds: Catalog | None = None) -> BuildOutcome:
    """Compile every answers file; collect all diagnostics; plan (not perform) the writes.

    With `crds` (the user's CRDs), every emitted object must also be valid against them.
    """
    outcome = BuildOutcome()
    for path in _once(paths):
        outcome.inputs.append(str(path))
        try:
            compiled = compile_file(path)
        except CompileError as error:
            outcome.diagnostics.extend(error.diagnostics)
            continue
        outcome.inputs.extend(compiled.inputs)
        outcome.diagnostics.extend(compiled.warnings)
        if crds is not None:
            from fluxc.targets.flux.resources import check_emitted

            refused = check_emitted(compiled.manifests, crds, str(path))
            outcome.diagnostics.extend(refused)
            if refused:
                continue
        target = output_dir if output_dir is not None else _output_dir(path, compiled, outcome)
        if target is None:
            continue
        placed = [f.placed_under(target) for f in compiled.files]
        outcome.files.extend(placed)
        outcome.apps.append((compiled.app, target, tuple(f.path for f in placed)))
    outcome.files, collisions = _unique(outcome.files)
    outcome.diagnostics.extend(collisions)
    outcome.diagnostics = sort_diagnostics(outcome.diagnostics)
    return outcome


def run(paths: Sequence[Path], *, output_dir: Path | None = None, to_stdout: bool = False,
        crds: Sequence[Path] = (), force: bool = False, check: bool = False, diff: bool = False,
        prune: bool = False) -> BuildOutcome:
    """The whole `fluxc build`: check against `crds` if given, compile, then print (`to_stdout`) or write.

    `force`: replace files in the way that fluxc did not generate (never a file the build read).
    `check`: write nothing; the diff of what a build would change becomes the stream to print, each difference
    an error (FLX406, FLX407); `diff`: the same stream, no error. `prune`: also remove stale generated files.
    """
    catalog = None
    if crds:
        from fluxc.targets.flux.catalog import user_crds

        catalog, problem = user_crds(crds)
        if catalog is None:
            return BuildOutcome(diagnostics=[problem] if problem else [])
    outcome = build(paths, output_dir=output_dir, crds=catalog)
    if outcome.exit_code != ExitCode.OK:
        return outcome
    if to_stdout and outcome.has_package:
        outcome.diagnostics.append(Diagnostic(
            codes.NOT_A_STREAM, "--stdout prints Flux objects, but this build also packages `manifests` (a chart, "
            "a Kustomize base or a folder of files)", (), ", ".join(map(str, paths)),
            hint="build without --stdout, into -o DIR if you want to look at it first"))
    elif to_stdout:
        outcome.stdout = stream(outcome.files)
    elif check or diff:
        _compare(outcome, fail=check)
    else:
        _write(outcome, force=force, prune=prune)
    return outcome


def _compare(outcome: BuildOutcome, *, fail: bool) -> None:
    """--check (`fail`) and --diff: the diff to print, the counts, and with --check an error per difference."""
    from fluxc.build.check import diagnostic, differences

    found = differences(outcome.apps, outcome.files, outcome.inputs)
    outcome.stdout = "".join(difference.diff for difference in found)
    statuses = [difference.status for difference in found]
    missing, stale = statuses.count("missing"), statuses.count("stale")
    outcome.checked = Checked(len(outcome.files), missing, len(statuses) - missing - stale, stale)
    if fail:
        outcome.diagnostics = sort_diagnostics([*outcome.diagnostics, *map(diagnostic, found)])


def _write(outcome: BuildOutcome, *, force: bool, prune: bool) -> None:
    """The atomic write; with `prune`, the stale generated files are removed in the same transaction."""
    from fluxc.output.write import write_files

    stale: list[str] = []
    if prune:
        from fluxc.build.check import stale_files

        stale = stale_files(outcome.apps, outcome.files, outcome.inputs)
    try:
        report = write_files(outcome.files, inputs=outcome.inputs, force=force, remove=stale)
    except CompileError as error:
        outcome.diagnostics.extend(error.diagnostics)
        return
    outcome.written = frozenset(report.written)
    if report.removed:
        from fluxc.build.check import removed_by_app

        outcome.removed = removed_by_app(outcome.apps, report.removed)


def _output_dir(answers: Path, compiled: Compiled, outcome: BuildOutcome) -> Path | None:
    """outputPath under the answers file's folder; refuse one that a symlink leads elsewhere."""
    root = answers.parent
    target = root / compiled.output_path
    if not target.resolve().is_relative_to(root.resolve()):
        outcome.diagnostics.append(Diagnostic(
            codes.PATH_ESCAPES, f"outputPath {compiled.output_path!r} leads outside {root.resolve()} "
            "(through a symbolic link)", ("outputPath",), str(answers),
            hint="point outputPath at a real folder inside the answers file's folder, or pass -o"))
        return None
    return target


def _once(paths: Sequence[Path]) -> list[Path]:
    """Each answers file once: `a.yaml`, `./a.yaml` and a symbolic link to it are one file (the first spelling
    is kept), so it neither collides with itself nor is summed up twice."""
    first: dict[str, Path] = {}
    for path in paths:
        first.setdefault(os.path.realpath(path), path)
    return list(first.values())


def _unique(files: list[OutputFile]) -> tuple[list[OutputFile], list[Diagnostic]]:
    """Each real path once: identical files written by several answers files (a shared source) are written
    once; different content for one path is FLX401."""
    real = RealPaths()
    first: dict[str, OutputFile] = {}
    found = []
    for output in files:
        before = first.setdefault(real(output.path), output)
        if before.content != output.content:
            found.append(Diagnostic(codes.OUTPUT_COLLISION, f"two answers files write different content to "
                                    f"{output.path}", (), output.path,
                                    hint="give each answers file its own outputPath"))
    return list(first.values()), found
