"""The compile pipeline: one answers document in, the files it compiles to out.

    validate input (answers) → package (manifests) → lower → emit → check (the target) → render (output)

`compile_document` is pure: a parsed answers document (and the manifests it
packages, already read) in, `Compiled` out, or CompileError with every problem
of the failing stage. `compile_file` is the thin edge that reads them.
`fluxc build` (fluxc.build) and `fluxc validate` (fluxc.validate) both call it
and add their own edges; neither imports the other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from fluxc.answers import validate_input
from fluxc.output.files import OutputFile, generated
from fluxc.report.diagnostics import CompileError, Diagnostic, sort_diagnostics
from fluxc.targets.registry import target_of
from fluxc.targets.types import Facts, Manifest
from fluxc.yaml.document import Document
from fluxc.yaml.load import load_answers
from fluxc.yaml.render import render_document

if TYPE_CHECKING:  # pathlib costs import time and is only named in a signature
    from pathlib import Path


class Compiled(NamedTuple):
    app: str
    output_path: str  # from the answers file, relative to its folder
    files: tuple[OutputFile, ...]  # paths relative to the output folder: Flux objects first, then the package
    warnings: tuple[Diagnostic, ...]
    manifests: tuple[Manifest, ...] = ()  # the emitted objects, for checks against the user's CRDs
    inputs: tuple[str, ...] = ()  # the manifest files it packaged (as displayed): a build never writes over them
    facts: Facts | None = None  # what the checks across a build's applications need (target.check_fleet)
    target: str = ""  # the target that compiled it (its TARGETS key), whose check_fleet judges the facts


def compile_document(document: Document, manifests: Sequence[Document] = ()) -> Compiled:
    """Compile one parsed answers document (and the manifests it packages, already read by `packaging.load`).

    Raises CompileError with every problem of the failing stage.
    """
    warnings = validate_input.require_valid(document)
    target = target_of(document.data)
    package_files: Sequence[OutputFile] = ()
    package_notes: list[Diagnostic] = []
    if _packages(document):
        from fluxc.package import packaging

        package_files, package_notes = packaging.package(document, manifests, check_object=target.check_object)
    plan, lowering_warnings = target.lower(document.data, document.source_map, document.file)
    emitted = target.emit(plan)
    invalid = target.check(emitted)
    if invalid:
        raise CompileError(invalid)
    files = tuple(generated(m.filename, render_document(m.obj), flux_object=True) for m in emitted)
    return Compiled(plan.app, plan.output_path, files + tuple(package_files),
                    tuple(sort_diagnostics(warnings + package_notes + lowering_warnings)), tuple(emitted),
                    tuple(dict.fromkeys(m.file for m in manifests)), target.facts(document, emitted),
                    target.name)


def compile_file(path: Path) -> Compiled:
    """Read an answers file (and its manifests) and compile it: the edge around `compile_document`."""
    document = load_answers(path, str(path))
    if not _packages(document):
        return compile_document(document)
    from fluxc.package import packaging

    return compile_document(document, packaging.load(document, path))


def _packages(document: Document) -> bool:
    """The answers file packages manifests: only then is the packaging stage imported (start-up counts)."""
    return isinstance(document.data, Mapping) and "manifests" in document.data
