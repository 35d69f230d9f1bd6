"""Validate one YAML document of a manifest stream as the API server with Flux would.

A document is an answers file (it has `fluxc:`; the caller compiles it), a
Flux object (validated here), or anything else (skipped, and said so). For a
Flux object, in this order: its shape, a removed apiVersion (then nothing
else is checked: the schema would only repeat it), the schema of its kind
with the SOPS block set aside, the CEL rules of the user's CRDs, and the
metadata rules of the API server. Every problem points at its line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from fluxc.checks.resource_checks import check_metadata, check_object_shape, strip_sops
from fluxc.checks.schema_errors import CEL_HINT, translate
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic
from fluxc.targets.flux.apiversions import check_api_version
from fluxc.targets.flux.catalog import Catalog, KindSchema
from fluxc.targets.flux.kinds import FLUX_GROUPS
from fluxc.yaml.document import Document, SourceMap

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

    from fluxc.targets.types import Manifest

Status = Literal["valid", "invalid", "skipped"]
# The Flux Operator patches the Alert CRD of the Flux it installs so that alerts can watch its own kinds (as Flux's
# docs show for third-party controllers); the bundled Alert schema follows notification-controller's CRD, which
# lists only Flux's kinds. With --crds, the CRDs given (e.g. `kubectl get crd` output) decide.
OPERATOR_EVENT_SOURCES = frozenset({"FluxInstance", "FluxReport", "ResourceSet", "ResourceSetInputProvider"})
FLUX_GROUP_SUFFIX = ".toolkit.fluxcd.io"


class Checked(NamedTuple):
    status: Status
    diagnostics: list[Diagnostic]


def is_answers(data: Any) -> bool:
    return isinstance(data, Mapping) and "fluxc" in data


def is_flux_object(data: Mapping[str, Any]) -> bool:
    api_version = str(data.get("apiVersion", ""))
    group = api_version.rpartition("/")[0] if "/" in api_version else api_version  # a bare group lacks a version
    return group.endswith(FLUX_GROUP_SUFFIX) or group in FLUX_GROUPS


def validate_resource(document: Document, catalog: Catalog) -> Checked:
    """Every problem of one non-answers document; `skipped` for objects that are not Flux's."""
    data, smap, file = document.data, document.source_map, document.file
    shape = check_object_shape(data, smap, file)
    if shape:
        return Checked("invalid", shape)
    if not is_flux_object(data):
        name = _name(data)
        note = Diagnostic(codes.SKIPPED, f"{data['kind']} {name}({data['apiVersion']}) is not a Flux object: skipped",
                          (), file, smap.span(()), severity="note")
        return Checked("skipped", [note])
    api_version, kind = data["apiVersion"], data["kind"]
    found = catalog.lookup(api_version, kind)
    served = catalog.versions(api_version.rpartition("/")[0], kind) if found is None else []
    if served:  # only with --crds (the bundled catalog's versions are the kinds table's): say what they serve
        shown = ", ".join(f"`{v}`" for v in served)
        gone = [d for d in check_api_version(data, smap, file) if d.code == codes.FIELD_REMOVED]
        return Checked("invalid", [Diagnostic(
            codes.API_VERSION_REMOVED, f"the CRDs given define {kind} but do not serve `{api_version}`; they "
            f"serve {shown}", ("apiVersion",), file, smap.span(("apiVersion",)),
            f"change `apiVersion` to `{served[-1]}`, or pass the CRDs of the Flux version your cluster runs"),
            *gone])
    removed = check_api_version(data, smap, file) if found is None else []  # the user's CRDs may still serve it
    if removed:
        return Checked("invalid", removed)
    validator = catalog.validator(api_version, kind)
    if found is None or validator is None:
        hint = "pass --crds with the CRD of this kind" if catalog.origin == "bundled" else \
            f"none of the CRDs given ({catalog.origin}) defines it"
        warning = Diagnostic(codes.NO_SCHEMA, f"no schema for {kind} ({api_version}): not validated", ("kind",),
                             file, smap.span(("kind",)), hint, "warning")
        return Checked("skipped", [warning])
    diagnostics = check_with_schema(document, found, validator, catalog)
    return Checked("invalid" if any(d.is_error for d in diagnostics) else "valid", diagnostics)


def check_with_schema(document: Document, found: KindSchema, validator: Validator,
                      catalog: Catalog) -> list[Diagnostic]:
    """Every problem of an object against the schema of its kind (a Flux kind, or a custom resource of the
    user's CRDs), as the API server checks it: the schema with the SOPS block set aside, the metadata rules,
    then the CEL rules. (The API server skips the rules while a type, required or enum error stands; fluxc
    reports every problem at once, as the bundled schemas, which encode the rules, do.)"""
    data, smap, file = document.data, document.source_map, document.file
    body = strip_sops(data)
    errors = list(validator.iter_errors(body))
    diagnostics = [d.with_file(file) for error in errors for d in translate(error, smap)]
    diagnostics = with_metadata([d for d in diagnostics if not _operator_event_source(d, body, catalog)],
                                document._replace(data=body))
    if found.rules:
        from fluxc.crds.cel import evaluate

        diagnostics += [Diagnostic(codes.CEL_RULE_FAILED, message, path, file, smap.span(path, key=True), CEL_HINT)
                        for path, message in evaluate(found.rules, body)]
    return diagnostics


def with_metadata(found: list[Diagnostic], document: Document) -> list[Diagnostic]:
    """A schema's findings and the API server's metadata checks (`check_metadata`), each problem said once:
    the metadata checks word label and name problems best, and converted CRDs check label patterns too."""
    metadata = check_metadata(document.data, document.source_map, document.file)
    told = {d.path for d in metadata}
    return [d for d in found if d.path not in told] + metadata


def check_emitted(manifests: Sequence[Manifest], catalog: Catalog, answers_file: str) -> list[Diagnostic]:
    """Problems the user's CRDs find in objects fluxc emitted for `answers_file` (e.g. a cluster on older CRDs)."""
    found = []
    empty = SourceMap({})
    for manifest in manifests:
        api_version, kind = manifest.gvk
        validator, schema = catalog.validator(api_version, kind), catalog.lookup(api_version, kind)
        if validator is None or schema is None:
            found.append(Diagnostic(codes.NO_SCHEMA, f"the CRDs given do not serve {kind} {api_version}, which "
                                    f"fluxc emits ({manifest.filename})", (), answers_file,
                                    hint="pass the CRDs of the Flux version your cluster runs (Flux 2.6 or later)"))
            continue
        problems = [d for error in validator.iter_errors(manifest.obj) for d in translate(error, empty)]
        if schema.rules:
            from fluxc.crds.cel import evaluate

            problems += [Diagnostic(codes.CEL_RULE_FAILED, message, path) for path, message in
                         evaluate(schema.rules, manifest.obj)]
        # fluxc chose these fields, so "did you mean" is no advice: say what the mismatch means instead
        found += [d._replace(file=answers_file, message=f"{manifest.filename}: {d.message} (refused by the CRDs)",
                             hint="the CRDs given are of another Flux version than the one fluxc targets (v2.9)")
                  for d in problems]
    return found


def _operator_event_source(diagnostic: Diagnostic, body: Mapping[str, Any], catalog: Catalog) -> bool:
    """An Alert event source of a Flux Operator kind, which the operator's Alert CRD accepts (bundled catalog)."""
    path = diagnostic.path
    if catalog.origin != "bundled" or body.get("kind") != "Alert" or len(path) != 4 or path[::3] != ("spec", "kind"):
        return False
    sources = body.get("spec", {}).get("eventSources")
    index = path[2]
    return (path[1] == "eventSources" and isinstance(sources, list) and isinstance(index, int) and index < len(sources)
            and isinstance(sources[index], Mapping) and sources[index].get("kind") in OPERATOR_EVENT_SOURCES)


def _name(data: Mapping[str, Any]) -> str:
    metadata = data.get("metadata")
    name = metadata.get("name") if isinstance(metadata, Mapping) else None
    return f"{name!r} " if isinstance(name, str) else ""
