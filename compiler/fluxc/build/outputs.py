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

from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from fluxc.build.discover import answers_files, without_answers
from fluxc.build.parallel import compile_all
from fluxc.output.files import OutputFile, stream
from fluxc.output.stale import RealPaths
from fluxc.pipeline.compile import Compiled
from fluxc.report import codes
from fluxc.report.diagnostics import CompileError, Diagnostic, ExitCode, Span, exit_code_for, sort_diagnostics
from fluxc.report.outcome import REPOSITORY, AppWritten, Checked
from fluxc.report.progress import Progress
from fluxc.targets.registry import TARGETS
from fluxc.targets.types import Facts

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
        self.answers: set[Path] = set()  # the answers files found (of a folder's YAML files, those that are)
        self.searched: tuple[str, ...] = ()  # more folders to look for stale files in (a repository tree's)

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


def build(paths: Sequence[Path], *, output_dir: Path | None = None, crds: Catalog | None = None,
          repository: bool = False, maybe: Collection[Path] = (), jobs: int | None = None,
          progress: Progress | None = None) -> BuildOutcome:
    """Compile every answers file; check them against each other; plan (not perform) the writes.

    With `crds` (the user's CRDs), every emitted object must also be valid against them. `repository`: the
    answers files come from whole folders (a dependsOn target missing from them is worth a warning).
    `output_dir` with several answers files: the repository layout (build/layout.py). `jobs`: worker
    processes (build/parallel.py); `progress` is told how far the compilation is. `maybe`: files of `paths`
    found in a folder, built only if they are answers files (`outcome.answers` says which were).
    """
    outcome = BuildOutcome()
    compiled: list[tuple[str, Compiled]] = []
    if progress is not None:
        progress.start(len(paths))
    try:
        for path, result in zip(paths, compile_all(paths, maybe=maybe, crds=crds, jobs=jobs,
                                                   progress=progress.advance if progress else None), strict=True):
            if result is None:
                continue
            outcome.answers.add(path)
            outcome.inputs.append(str(path))
            if not isinstance(result, Compiled):  # (a NamedTuple is a tuple too: ask for the one it is)
                outcome.diagnostics.extend(result)
                continue
            outcome.inputs.extend(result.inputs)
            outcome.diagnostics.extend(result.warnings)
            compiled.append((str(path), result))
    finally:
        if progress is not None:
            progress.close()
    if exit_code_for(outcome.diagnostics) == ExitCode.OK:  # a fleet with a broken file is judged once it compiles
        outcome.diagnostics += _check_fleet(compiled, repository)
    if exit_code_for(outcome.diagnostics) == ExitCode.OK:
        if output_dir is not None and (repository or len(compiled) > 1):  # a folder's tree, however many
            _place_repository(outcome, compiled, output_dir)
        else:
            _place_each(outcome, compiled, output_dir)
    outcome.diagnostics = sort_diagnostics(outcome.diagnostics)
    return outcome


def _check_fleet(compiled: Sequence[tuple[str, Compiled]], repository: bool) -> list[Diagnostic]:
    """Each target's checks across its applications (conflicts in the cluster, dependsOn)."""
    by_target: dict[str, list[tuple[str, Facts]]] = {}
    for file, result in compiled:
        if result.facts is not None:
            by_target.setdefault(result.target, []).append((file, result.facts))
    return [d for name, apps in by_target.items() for d in TARGETS[name].check_fleet(apps, repository)]


def _place_each(outcome: BuildOutcome, compiled: Sequence[tuple[str, Compiled]], output_dir: Path | None) -> None:
    """Each answers file's files into its own folder (its outputPath, or the one -o folder)."""
    files: list[tuple[OutputFile, str, Compiled]] = []
    for file, result in compiled:
        target = output_dir if output_dir is not None else _output_dir(Path(file), result, outcome)
        if target is None:
            continue
        placed = [f.placed_under(target) for f in result.files]
        files += [(f, file, result) for f in placed]
        outcome.apps.append((result.app, target, tuple(f.path for f in placed)))
    outcome.files = _unique(files, outcome.diagnostics)


def _place_repository(outcome: BuildOutcome, compiled: Sequence[tuple[str, Compiled]], out: Path) -> None:
    """One tree for the whole build: each application in its folder, each source once, the index on top."""
    from fluxc.build import layout

    files: list[tuple[OutputFile, str, Compiled]] = []
    shared: list[tuple[OutputFile, str, Compiled]] = []
    folders: dict[str, tuple[str, Compiled]] = {}
    for file, result in compiled:
        assert result.facts is not None
        other = folders.setdefault(result.facts.folder, (file, result))
        if other[0] != file:  # a HelmRelease and a Kustomization of one name: apart in the cluster, not here
            outcome.diagnostics.append(Diagnostic(
                codes.OUTPUT_COLLISION, f"this answers file and {_where(*other)} both build into "
                f"{out / result.facts.folder}/ in the repository tree", ("name",), file,
                result.facts.where.get("name"),
                hint="give one of them another name"))
            continue
        own, sources = layout.in_repository(result, out)
        files += [(f, file, result) for f in own]
        shared += [(f, file, result) for f in sources]
        outcome.apps.append((result.app, out / result.facts.folder, tuple(f.path for f in own)))
    outcome.files = _unique(files + shared, outcome.diagnostics)
    top = layout.index(out, outcome.files)
    outcome.files.append(top)
    namespaces = {folder.split("/")[0] for folder in folders}
    outcome.searched = layout.application_folders(out, namespaces)
    outcome.apps.append((REPOSITORY, out, (top.path, *dict.fromkeys(f.path for f, _, _ in shared))))


def run(paths: Sequence[Path], *, output_dir: Path | None = None, to_stdout: bool = False,
        crds: Sequence[Path] = (), force: bool = False, check: bool = False, diff: bool = False,
        prune: bool = False, jobs: int | None = None, progress: Progress | None = None) -> BuildOutcome:
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
    found = answers_files(paths)
    if exit_code_for(found.diagnostics) != ExitCode.OK:
        return BuildOutcome(diagnostics=sort_diagnostics(found.diagnostics))
    outcome = build(found.files, output_dir=output_dir, crds=catalog, repository=found.repository,
                    maybe=found.maybe, jobs=jobs, progress=progress)
    outcome.diagnostics = sort_diagnostics([*found.diagnostics, *without_answers(found, outcome.answers),
                                            *outcome.diagnostics])
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

    found = differences(outcome.apps, outcome.files, outcome.inputs, outcome.searched)
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

        stale = stale_files(outcome.apps, outcome.files, outcome.inputs, outcome.searched)
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


def _unique(files: Sequence[tuple[OutputFile, str, Compiled]], problems: list[Diagnostic]) -> list[OutputFile]:
    """Each real path once: identical files written by several answers files (a shared source) are written
    once; different content for one path is FLX401, at the later answers file, naming the earlier one."""
    real = RealPaths()
    first: dict[str, tuple[OutputFile, str, Compiled]] = {}
    for placed in files:
        output, file, result = placed
        before = first.setdefault(real(output.path), placed)
        if before[0].content != output.content:
            problems.append(Diagnostic(
                codes.OUTPUT_COLLISION, f"this answers file and {_where(before[1], before[2])} both write "
                f"{output.path}, with different content", _key(result)[0], file, _span(result),
                hint="give each answers file its own outputPath (or build them into one -o folder)"))
    return [output for output, _, _ in first.values()]


def _span(result: Compiled) -> Span | None:
    return _key(result)[1]


def _key(result: Compiled) -> tuple[tuple[str, ...], Span | None]:
    """Where an answers file says where its files go: its outputPath, else its name (JSON path, span)."""
    where = result.facts.where if result.facts is not None else {}
    for key in ("outputPath", "name"):
        if key in where:
            return (key,), where[key]
    return (), None


def _where(file: str, result: Compiled) -> str:
    span = _span(result)
    return f"{file}:{span.line}:{span.col}" if span is not None else file
