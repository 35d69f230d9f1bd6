"""The packaging stage: the `manifests` key turned into a Helm chart, a Kustomize base or a plain folder.

`load` is the edge that reads the user's manifests (relative to the answers
file, never outside its folder); `package` is pure: it checks every object
(kubernetes-validate, or the caller's `check_object` for the kinds it knows,
such as the Flux target's own schemas; plaintext Secrets, duplicates), names
their files and hands them to the packager of the chosen `outputFormat`. The
files go to the output folder next to the Flux objects.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fluxc.answers import defaults
from fluxc.report import codes
from fluxc.report.diagnostics import CompileError, Diagnostic
from fluxc.yaml.document import Document

if TYPE_CHECKING:  # types only: a build without `manifests` never loads the packagers' modules
    from fluxc.output.files import OutputFile
    from fluxc.package.manifests import ObjectCheck
    from fluxc.package.types import PackagedObject


def load(answers: Document, answers_path: Path) -> list[Document]:
    """The documents of the answers' `manifests` ([] without the key); CompileError if they cannot be read."""
    relative = answers.data.get("manifests") if isinstance(answers.data, Mapping) else None
    if not isinstance(relative, str):
        return []
    from fluxc.package.manifests import load_manifests

    folder = answers_path.parent
    display_base = str(folder) if str(folder) != "." else ""
    # `manifests: .` must not read the answers file itself nor what fluxc wrote last time
    output = folder / str(answers.data.get("outputPath", defaults.OUTPUT_PATH))
    return load_manifests(folder, relative, display_base, exclude=(answers_path, output), answers=answers)


def package(document: Document, manifests: Sequence[Document], *,
            check_object: ObjectCheck | None = None) -> tuple[list[OutputFile], list[Diagnostic]]:
    """The package files and the notes/warnings about them; raises CompileError with every problem found.

    `check_object`: checks an object of a kind the caller knows (its diagnostics) or leaves it to
    kubernetes-validate (None); the pipeline passes the Flux target's, since `package` may not import it.
    """
    answers = document.data
    if "manifests" not in answers:
        return [], []
    from fluxc.package.k8s_validate import resolve_version
    from fluxc.package.manifests import check_manifests, name_objects

    try:
        version = resolve_version(answers.get("kubernetesVersion"))
    except ValueError as error:
        where = ("kubernetesVersion",)
        raise CompileError([Diagnostic(codes.UNSUPPORTED_K8S_VERSION, str(error), where, document.file,
                                       document.source_map.span(where), "omit it to use the newest")]) from None
    found = check_manifests(manifests, version, namespace=answers.get("namespace"), check_object=check_object)
    if any(d.is_error for d in found):
        raise CompileError(found)
    objects = name_objects(manifests)
    return PACKAGERS[answers["outputFormat"]](answers, objects), found


def _helm(answers: Mapping[str, Any], objects: Sequence[PackagedObject]) -> list[OutputFile]:
    from fluxc.package.helm import package_helm

    return package_helm(objects, chart_name=answers["name"],
                        chart_version=answers.get("chartVersion", defaults.CHART_VERSION),
                        values=answers.get("values", {}))


def _kustomize(answers: Mapping[str, Any], objects: Sequence[PackagedObject]) -> list[OutputFile]:
    from fluxc.package.kustomize import package_kustomize

    return package_kustomize(objects, namespace=answers.get("namespace"))


def _raw(answers: Mapping[str, Any], objects: Sequence[PackagedObject]) -> list[OutputFile]:
    from fluxc.package.raw import package_raw

    return package_raw(objects)


# outputFormat -> packager; an unknown format raises KeyError (the schema allows only these three).
PACKAGERS: dict[str, Callable[[Mapping[str, Any], Sequence[PackagedObject]], list[OutputFile]]] = {
    "helm": _helm,
    "kustomize": _kustomize,
    "raw": _raw,
}
