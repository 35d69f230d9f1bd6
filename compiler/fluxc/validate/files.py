"""`fluxc validate`: the edge that finds files, reads them and validates every document.

Answers files (recognised by their `fluxc:` key) are compiled as `fluxc build`
would, without writing; every other document goes to `fluxc.targets.flux.resources`.
Nothing here writes; the outcome is data (diagnostics and counts) for the CLI.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fluxc.report import codes
from fluxc.report.diagnostics import CompileError, Diagnostic, ExitCode, exit_code_for, sort_diagnostics
from fluxc.report.reporters import Counted
from fluxc.targets.flux.catalog import Catalog, bundled_catalog, user_crds
from fluxc.targets.flux.resources import is_answers, validate_resource
from fluxc.yaml.document import Document
from fluxc.yaml.load import load_answers, load_stream
from fluxc.yaml.walk import yaml_files

CHART_PARTS = ("Chart.yaml", "templates", "charts", "crds")


@dataclass
class ValidateOutcome:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    valid: int = 0
    invalid: int = 0
    skipped: int = 0
    checked: bool = True  # False when nothing could be checked (unusable --crds): no counts to report

    @property
    def exit_code(self) -> ExitCode:
        return exit_code_for(self.diagnostics)

    def count(self, status: str) -> None:
        if status == "valid":
            self.valid += 1
        elif status == "invalid":
            self.invalid += 1
        else:
            self.skipped += 1

    def summary(self) -> Counted | None:
        return Counted(self.files, self.valid, self.invalid, self.skipped) if self.checked else None


def discover(paths: Sequence[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Files as given; folders searched with the one folder walker (`fluxc.yaml.walk`: *.yaml/*.yml in any
    case, hidden files and folders left out, links followed only inside the folder), leaving out the parts
    of Helm charts that are not Kubernetes YAML. Also the notes and errors about what was not read."""
    files: list[Path] = []
    problems: list[Diagnostic] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        found, not_read = yaml_files(path)
        files += [f for f in found if not _in_chart(f, path)]
        for where, reason, detail in not_read:
            if reason == "outside":
                problems.append(Diagnostic(codes.SKIPPED, f"a symbolic link that leads outside {path}: not followed",
                                           (), str(where), severity="note"))
            else:
                problems.append(Diagnostic(codes.FILE_UNREADABLE, f"the folder cannot be read: {detail}", (),
                                           str(where), hint="check that you have permission to read it"))
    return files, problems


def _in_chart(file: Path, root: Path) -> bool:
    """Chart.yaml, values*.yaml, templates/ and charts/ of a Helm chart folder (one holding Chart.yaml):
    templates are Go templates, not YAML, until Helm renders them. Other files there (Flux objects
    fluxc writes beside a packaged chart) are validated."""
    for folder in [file.parent, *file.parent.parents]:
        if (folder / "Chart.yaml").is_file():
            inner = file.relative_to(folder).parts
            return inner[0] in CHART_PARTS or inner[0].lower().startswith("values")
        if folder == root:
            return False
    return False


def validate_paths(paths: Sequence[Path], catalog: Catalog) -> ValidateOutcome:
    outcome = ValidateOutcome()
    files, outcome.diagnostics = discover(paths)
    for path in files:
        outcome.files += 1
        try:
            documents = load_stream(path, str(path))
            if any(is_answers(d.data) for d in documents):
                # an answers file: read it exactly as `fluxc build` does (one document, size cap)
                documents = [load_answers(path, str(path))]
        except CompileError as error:
            outcome.count("invalid")
            outcome.diagnostics.extend(error.diagnostics)
            continue
        for document in documents:
            if document.data is None:
                continue  # an empty document (a stray `---`) is no object
            status, found = _validate_document(document, catalog)
            outcome.diagnostics.extend(found)
            outcome.count(status)
    outcome.diagnostics = sort_diagnostics(outcome.diagnostics)
    return outcome


def _validate_document(document: Document, catalog: Catalog) -> tuple[str, list[Diagnostic]]:
    if not is_answers(document.data):
        checked = validate_resource(document, catalog)
        return checked.status, checked.diagnostics
    from fluxc.package import packaging
    from fluxc.pipeline.compile import compile_document
    from fluxc.targets.flux.resources import check_emitted

    try:
        compiled = compile_document(document, packaging.load(document, Path(document.file)))
    except CompileError as error:
        return "invalid", list(error.diagnostics)
    found = list(compiled.warnings)
    if catalog.origin != "bundled":  # the bundled schemas already checked the output
        found += check_emitted(compiled.manifests, catalog, document.file)
    return ("invalid" if any(d.is_error for d in found) else "valid"), found


def run(paths: Sequence[Path], *, crds: Sequence[Path] = ()) -> ValidateOutcome:
    """The whole `fluxc validate`: the bundled schemas, or the user's CRDs, then every file under `paths`."""
    if not crds:
        return validate_paths(paths, bundled_catalog())
    catalog, problem = user_crds(crds)
    if catalog is None:
        return ValidateOutcome(diagnostics=[problem] if problem else [], checked=False)
    return validate_paths(paths, catalog)
