"""One document of a repository, judged the way kustomize and Flux will read it.

In this order:

1. a kustomize input (generator file, configuration, replacements, values) and
   YAML that is no Kubernetes object (neither `apiVersion` nor `kind`: a
   Taskfile, a helmfile, an app config) are skipped, whatever tags they use;
   a JSON 6902 patch (a list of operations) too;
2. what the loader found in the document (a custom tag, a duplicate key, a
   value Kubernetes cannot hold) is an error, now that it is an object;
3. the object is prepared as the cluster will receive it (`fluxc.checks.as_applied`):
   nulls dropped, SOPS values and post-build variables without a default left
   open, defaults of variables put in place (`fluxc.targets.flux.substitution`);
4. a Flux object is checked against its kind (`fluxc.targets.flux.resources`),
   a custom resource the `--crds` cover against its CRD, a built-in kind with
   kubernetes-validate's strict schemas; any other custom resource is skipped;
5. a patch is checked as a partial object: what it sets, not what it leaves out
   (no required fields, no rules about the whole object); the name of a Namespace
   listed by a kustomization that sets `namespace` is kustomize's to give.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from fluxc.checks.as_applied import encrypted_paths, without_directives, without_nulls
from fluxc.checks.resource_checks import check_object_shape, strip_sops
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic
from fluxc.targets.flux.catalog import Catalog
from fluxc.targets.flux.resources import check_with_schema, is_flux_object, validate_resource, with_metadata
from fluxc.targets.flux.substitution import outside, said_defaulted, substitute
from fluxc.yaml.document import Document

# Why a document was skipped, as the summary counts it
NOT_KUBERNETES = "not Kubernetes"
KUSTOMIZE_INPUT = "kustomize input"
JSON_PATCH = "JSON patch"
CUSTOM_RESOURCE = "custom resource without a schema"
_WHOLE_OBJECT_ONLY = frozenset({codes.MISSING_KEY, codes.CEL_RULE_FAILED})


class Judged(NamedTuple):
    status: str  # "valid", "invalid" or "skipped"
    diagnostics: list[Diagnostic]
    skipped: str | None = None  # why, for a skipped document


_SAID = {
    NOT_KUBERNETES: ("skipped: no `apiVersion` or `kind`, so not a Kubernetes object", ""),
    KUSTOMIZE_INPUT: ("skipped: a file a kustomization reads as data (a generator input, configuration, "
                      "replacement or values file), not an object", ""),
    JSON_PATCH: ("skipped: a JSON 6902 patch (a list of operations)", ""),
    CUSTOM_RESOURCE: ("{kind} ({api_version}) is a custom resource fluxc has no schema for: skipped",
                      "pass --crds with its CRD to check it"),
}


def _skip(why: str, document: Document) -> Judged:
    data = document.data if isinstance(document.data, Mapping) else {}
    message, hint = _SAID[why]
    note = Diagnostic(codes.SKIPPED, message.format(kind=data.get("kind"), api_version=data.get("apiVersion")),
                      (), document.file, document.source_map.span(()), hint, severity="note")
    return Judged("skipped", [note], why)


def is_kubernetes(data: Any) -> bool:
    return isinstance(data, Mapping) and ("apiVersion" in data or "kind" in data)


def judge(document: Document, catalog: Catalog, kubernetes_version: str | None, role: str | None = None) -> Judged:
    """Every problem of one document of a repository (see the module docstring); `role` is what a
    kustomization names the file as ("patch", "input"), if anything."""
    data = document.data
    if role == "input":
        return _skip(KUSTOMIZE_INPUT, document)
    if role == "patch" and isinstance(data, list):
        return _skip(JSON_PATCH, document)
    if not is_kubernetes(data):
        return _skip(NOT_KUBERNETES, document)
    if document.problems:
        return Judged("invalid", list(document.problems))
    shape = check_object_shape(data, document.source_map, document.file)
    if shape:
        return Judged("invalid", shape)
    body = without_nulls(strip_sops(data))
    if role == "patch":
        body = without_directives(body)
    substituted = substitute(body, document.source_map, document.file)
    open_paths = substituted.open | encrypted_paths(data)
    if role == "renamed" and data.get("kind") == "Namespace":
        open_paths |= {("metadata", "name")}  # kustomize gives it the kustomization's namespace
    # a default may read as null (`${T:=}`): dropped like any null
    applied = without_nulls(substituted.data) if substituted.data is not body else body
    judged = _check(document._replace(data=applied), catalog, kubernetes_version)
    if judged.status == "skipped":
        return judged
    found = said_defaulted(outside(judged.diagnostics, open_paths), substituted.defaulted)
    if role == "patch":
        found = [d for d in found if d.code not in _WHOLE_OBJECT_ONLY]
    found = list(dict.fromkeys(found + substituted.problems))  # kubernetes-validate may say one thing twice
    return Judged("invalid" if any(d.is_error for d in found) else "valid", found)


def _check(document: Document, catalog: Catalog, kubernetes_version: str | None) -> Judged:
    data = document.data
    if is_flux_object(data):
        checked = validate_resource(document, catalog)
        return Judged(checked.status, checked.diagnostics)
    api_version, kind = data["apiVersion"], data["kind"]
    schema = catalog.lookup(api_version, kind) if catalog.origin != "bundled" else None
    validator = catalog.validator(api_version, kind) if schema is not None else None
    if schema is not None and validator is not None:  # a custom resource whose CRD the user gave
        return Judged("checked", check_with_schema(document, schema, validator, catalog))
    from fluxc.package.k8s_validate import validate_object

    found = validate_object(document, kubernetes_version)
    if len(found) == 1 and found[0].code == codes.NO_K8S_SCHEMA:
        return _skip(CUSTOM_RESOURCE, document)
    return Judged("checked", with_metadata(found, document))


