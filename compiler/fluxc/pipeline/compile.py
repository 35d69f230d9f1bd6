"""The compiler pipeline: load → validate input → lower → emit → validate output → render.

`compile_document` is pure (a parsed answers document in, rendered files out);
`build` is the edge that reads answers files and decides where output goes.
Nothing is written here: `write.py` does that, only after every answers file
of the call compiled, so a failed build changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from fluxc.answers import validate_input
from fluxc.package import packaging
from fluxc.report import codes
from fluxc.report.diagnostics import CompileError, Diagnostic, ExitCode, exit_code_for, sort_diagnostics
from fluxc.targets.flux import emit, lower, validate_output
from fluxc.yaml import render
from fluxc.yaml.document import Document
from fluxc.yaml.load import load_answers

if TYPE_CHECKING:
    from fluxc.targets.flux.catalog import Catalog


class RenderedFile(NamedTuple):
    """One output file: its path relative to the output folder and its exact bytes (as text)."""

    filename: str
    content: str
    document: str  # a Flux object's YAML document without the header, for --stdout; "" for package files


class Compiled(NamedTuple):
    app: str
    output_path: str  # from the answers file, relative to its folder
    files: tuple[RenderedFile, ...]
    warnings: tuple[Diagnostic, ...]
    manifests: tuple[emit.Manifest, ...] = ()  # the emitted objects, for checks against the user's CRDs


class OutputFile(NamedTuple):
    path: Path
    content: str
    document: str = ""  # content without the header; only --stdout reads it


@dataclass
class BuildOutcome:
    """Everything a build decided: files to write, the stdout stream, diagnostics, exit code."""

    files: list[OutputFile] = field(default_factory=list)  # each path once: shared sources are written once
    diagnostics: list[Diagnostic] = field(default_factory=list)
    summaries: list[tuple[str, Path, tuple[Path, ...]]] = field(default_factory=list)  # (app, folder, its files)

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


def compile_document(document: Document, manifests: Sequence[Document] = ()) -> Compiled:
    """Compile one parsed answers document (and the manifests it packages, already read by `packaging.load`).

    Raises CompileError with every problem of the failing stage.
    """
    warnings = validate_input.require_valid(document)
    package_files, package_notes = packaging.package(document, manifests)
    plan, lowering_warnings = lower.lower(document.data, document.source_map, document.file)
    emitted = emit.emit(plan)
    invalid = validate_output.validate(emitted)
    if invalid:
        raise CompileError(invalid)
    files = tuple(RenderedFile(m.filename, render.HEADER + text, text)
                  for m, text in ((m, render.render_document(m.obj)) for m in emitted))
    files += tuple(RenderedFile(f.path, f.content, "") for f in package_files)
    return Compiled(plan.app, plan.output_path, files,
                    tuple(sort_diagnostics(warnings + package_notes + lowering_warnings)), tuple(emitted))


def compile_file(path: Path) -> Compiled:
    """Read an answers file (and its manifests) and compile it: the edge around `compile_document`."""
    document = load_answers(path, str(path))
    return compile_document(document, packaging.load(document, path))


def build(paths: Sequence[Path], *, output_dir: Path | None = None, crds: Catalog | None = None) -> BuildOutcome:
    """Compile every answers file; collect all diagnostics; plan (not perform) the writes.

    With `crds` (the user's CRDs), every emitted object must also be valid against them.
    """
    outcome = BuildOutcome()
    for path in paths:
        display = str(path)
        try:
            compiled = compile_file(path)
        except CompileError as error:
            outcome.diagnostics.extend(error.diagnostics)
            continue
        outcome.diagnostics.extend(compiled.warnings)
        if crds is not None:
            from fluxc.targets.flux.resources import check_emitted

            refused = check_emitted(compiled.manifests, crds, display)
            outcome.diagnostics.extend(refused)
            if refused:
                continue
        target = output_dir if output_dir is not None else _output_dir(path, compiled, outcome)
        if target is None:
            continue
        outputs = [OutputFile(target / f.filename, f.content, f.document) for f in compiled.files]
        outcome.files.extend(outputs)
        outcome.summaries.append((compiled.app, target, tuple(f.path for f in outputs)))
    outcome.diagnostics.extend(_collisions(outcome.files))
    outcome.files = _unique(outcome.files)
    outcome.diagnostics = sort_diagnostics(outcome.diagnostics)
    return outcome


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


def _collisions(files: list[OutputFile]) -> list[Diagnostic]:
    seen: dict[Path, str] = {}
    found = []
    for output in files:
        before = seen.setdefault(output.path, output.content)
        if before != output.content:
            found.append(Diagnostic(codes.OUTPUT_COLLISION, f"two answers files write different content to "
                                    f"{output.path}", (), str(output.path),
                                    hint="give each answers file its own outputPath"))
    return found


def _unique(files: list[OutputFile]) -> list[OutputFile]:
    """Identical files written by several answers files (a shared source) are written once."""
    return list({f.path: f for f in files}.values())
