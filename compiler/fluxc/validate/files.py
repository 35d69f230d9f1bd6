"""`fluxc validate`: the edge that finds files, reads them and validates every document.

Answers files (recognised by their `fluxc:` key) are compiled as `fluxc build`
would, without writing; `kustomization.yaml` files are checked as kustomize
reads them (`kustomize_files`), and say which files are patches and inputs;
every other document is judged by `documents`. Every file is read as a
repository file (at most 1 MiB; a document's own problems matter only if it
is a Kubernetes object). Skipped documents are counted by why, and listed only
when asked (`verbose`). Nothing here writes; the outcome is data for the CLI.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fluxc.report import codes
from fluxc.report.diagnostics import CompileError, Diagnostic, ExitCode, exit_code_for, sort_diagnostics
from fluxc.report.outcome import Counted
from fluxc.targets.flux.catalog import Catalog, bundled_catalog, user_crds
from fluxc.targets.flux.resources import is_answers
from fluxc.validate import kustomize_files
from fluxc.validate.documents import Judged, judge
from fluxc.yaml.document import Document
from fluxc.yaml.load import load_answers, load_repository_file
from fluxc.yaml.walk import not_read_diagnostics, yaml_files

CHART_PARTS = ("Chart.yaml", "templates", "charts", "crds")


@dataclass
class ValidateOutcome:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    valid: int = 0
    invalid: int = 0
    skipped_why: Counter[str] = field(default_factory=Counter)  # why a document was skipped -> how many
    checked: bool = True  # False when nothing could be checked (unusable --crds): no counts to report

    @property
    def skipped(self) -> int:
        return sum(self.skipped_why.values())

    @property
    def exit_code(self) -> ExitCode:
        return exit_code_for(self.diagnostics)

    def count(self, status: str, why: str | None = None) -> None:
        if status == "valid":
            self.valid += 1
        elif status == "invalid":
            self.invalid += 1
        else:
            self.skipped_why[why or "other"] += 1

    def summary(self) -> Counted | None:
        if not self.checked:
            return None
        return Counted(self.files, self.valid, self.invalid, tuple(sorted(self.skipped_why.items())))


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
        found = [f for f in found if not _in_chart(f, path)]
        if not found and not not_read:
            problems.append(Diagnostic(codes.NO_YAML, "the folder holds no YAML file (*.yaml, *.yml)", (), str(path),
                                       hint="check the path: a check of an empty folder proves nothing"))
        files += found
        problems += not_read_diagnostics(path, not_read)
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


def validate_paths(paths: Sequence[Path], catalog: Catalog, *, kubernetes_version: str | None = None,
                   verbose: bool = False) -> ValidateOutcome:
    outcome = ValidateOutcome()
    files, outcome.diagnostics = discover(paths)
    roles: dict[Path, str] = {}
    read: dict[Path, list[Document] | CompileError] = {}
    for kustomization in _kustomizations(files, paths):
        read[kustomization] = documents = _read(kustomization)
        if not isinstance(documents, CompileError) and documents:
            roles.update(kustomize_files.roles(kustomization, documents[0].data))
    for path in files:
        outcome.files += 1
        documents = read.pop(path) if path in read else _read(path)
        if isinstance(documents, CompileError):
            outcome.count("invalid")
            outcome.diagnostics.extend(documents.diagnostics)
            continue
        role = roles.get(Path(os.path.realpath(path)))
        for document in documents:
            if document.data is None:
                continue  # an empty document (a stray `---`) is no object
            if kustomize_files.is_kustomization_file(path):
                # kustomize reads it with a strict YAML parser: a duplicate key or a tag fails it too
                found = [*document.problems, *kustomize_files.check_kustomization(document, path.parent)]
                judged = Judged("invalid" if found else "valid", found)
            else:
                judged = _judge(document, catalog, kubernetes_version, role)
            outcome.count(judged.status, judged.skipped)
            outcome.diagnostics.extend(d for d in judged.diagnostics if verbose or judged.skipped is None)
    outcome.diagnostics = sort_diagnostics(outcome.diagnostics)
    return outcome


def _kustomizations(files: list[Path], paths: Sequence[Path]) -> list[Path]:
    """The kustomization files that may name one of `files`: those found, and those beside a file given."""
    found = [f for f in files if kustomize_files.is_kustomization_file(f)]
    for path in paths:
        if not path.is_dir():
            found += [k for k in (path.parent / name for name in kustomize_files.KUSTOMIZATION_FILES)
                      if k.is_file() and k not in found]
    return found


def _read(path: Path) -> list[Document] | CompileError:
    """Every document of the file, or the error that keeps it from being read; an answers file is read
    exactly as `fluxc build` reads it (one document)."""
    try:
        documents = load_repository_file(path, str(path))
        if any(is_answers(d.data) for d in documents):
            documents = [load_answers(path, str(path))]
    except CompileError as error:
        return error
    return documents


def _judge(document: Document, catalog: Catalog, version: str | None, role: str | None) -> Judged:
    if not is_answers(document.data):
        return judge(document, catalog, version, role)
    from fluxc.package import packaging
    from fluxc.pipeline.compile import compile_document
    from fluxc.targets.flux.resources import check_emitted

    try:
        compiled = compile_document(document, packaging.load(document, Path(document.file)))
    except CompileError as error:
        return Judged("invalid", list(error.diagnostics))
    found = list(compiled.warnings)
    if catalog.origin != "bundled":  # the bundled schemas already checked the output
        found += check_emitted(compiled.manifests, catalog, document.file)
    return Judged("invalid" if any(d.is_error for d in found) else "valid", found)


def run(paths: Sequence[Path], *, crds: Sequence[Path] = (), kubernetes_version: str | None = None,
        verbose: bool = False) -> ValidateOutcome:
    """The whole `fluxc validate`: the bundled schemas, or the user's CRDs, then every file under `paths`."""
    catalog, problem = user_crds(crds) if crds else (bundled_catalog(), None)
    if catalog is None:
        return ValidateOutcome(diagnostics=[problem] if problem else [], checked=False)
    return validate_paths(paths, catalog, kubernetes_version=kubernetes_version, verbose=verbose)
