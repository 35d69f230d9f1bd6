"""Validate the user's Kubernetes objects with kubernetes-validate's schemas: every error, at its line.

kubernetes-validate's own `validate()` raises only the best error and rebuilds
its validator on every call. We use its bundled *strict* schemas (the
`v{version}-local-strict` folder: closed objects, every field nullable, few
enums) with one Draft 2020-12 validator per (Kubernetes version, apiVersion,
kind), cached, and `fluxc.checks.schema_errors.translate` for the wording. The
validator is fluxc's `strict_validator` class, so lists the API treats as maps
or sets (`x-kubernetes-list-type`, e.g. containers by name) refuse duplicate
keys, as server-side apply (which Flux uses) does.

Which objects have a schema is decided by the `x-kubernetes-group-version-kind`
of the `_definitions.json` registry, not by file name alone (so a custom
`apps.example.com/v1` Deployment is not checked as `apps/v1` one):

* a served built-in kind is validated;
* a built-in group (`apps`, `networking.k8s.io`, ...) with a kind or version this
  Kubernetes does not serve is an error naming what it serves;
* `core/v1` is refused as the API server refuses it (the core group is `v1`);
* any other group is a custom resource: accepted with a note (FLX602).

kubernetes_validate (108 MB, 70 ms to import) is imported only when needed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from fluxc.checks.schema_errors import translate
from fluxc.checks.schemas import strict_validator
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, describe
from fluxc.yaml.document import Document, SourceMap

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

_VERSION = re.compile(r"v?(\d+)\.(\d+)(?:\.\d+)?")
_API_VERSION = re.compile(r"v(\d+)(?:(alpha|beta)(\d+))?")
_GROUP_PREFIX = re.compile(r"^([^./]*)(?:[.][^/]*)?/")  # kubernetes-validate: rbac.authorization.k8s.io/ -> rbac-
_CORE = "core"
_PSEUDO_KINDS = frozenset({"WatchEvent", "DeleteOptions"})  # listed under every group; never applied
_TYPES = {"string": "a string", "integer": "an integer", "number": "a number"}
# Built-in kinds without a namespace (the API server drops one given). kustomize's `namespace` leaves the older
# ones alone (ClusterRole, Namespace, ...) but sets it on the newer ones and on every custom resource.
CLUSTER_SCOPED = frozenset({
    "APIService", "CSIDriver", "CSINode", "CertificateSigningRequest", "ClusterRole", "ClusterRoleBinding",
    "ClusterTrustBundle", "CustomResourceDefinition", "DeviceClass", "FlowSchema", "IPAddress", "IngressClass",
    "MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding", "MutatingWebhookConfiguration", "Namespace", "Node",
    "PersistentVolume", "PriorityClass", "PriorityLevelConfiguration", "ResourceSlice", "RuntimeClass",
    "ServiceCIDR", "StorageClass", "StorageVersionMigration", "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding", "ValidatingWebhookConfiguration", "VolumeAttachment",
    "VolumeAttributesClass",
})


class _Served(NamedTuple):
    """What one Kubernetes version serves, from its definitions."""

    registry: Any  # referencing.Registry holding _definitions.json
    kinds: dict[tuple[str, str], dict[str, str]]  # (group, kind) -> version -> definition name
    groups: frozenset[str]  # every built-in API group ("" is the core group)


def _kubernetes_validate() -> Any:
    """kubernetes_validate.utils, imported on first use: it is big, and only packaging needs it."""
    import kubernetes_validate.utils  # type: ignore[import-untyped]

    return kubernetes_validate.utils


def supported_versions() -> list[str]:
    """The Kubernetes minor versions kubernetes-validate ships schemas for, oldest first ("1.25", ...)."""
    return list(_supported())


@cache
def _supported() -> tuple[str, ...]:
    kv = _kubernetes_validate()
    return tuple(dict.fromkeys(kv.major_minor(v) for v in kv.all_versions()))


def resolve_version(requested: object) -> str:
    """The `kubernetesVersion` answer as a supported "major.minor"; None means the newest.

    "1.30", "v1.30" and "1.30.2" all give "1.30". ValueError for anything else,
    naming the supported range.
    """
    supported = _supported()
    if requested is None:
        return supported[-1]
    text = str(requested).strip()
    match = _VERSION.fullmatch(text)
    span = f"fluxc validates manifests against Kubernetes {supported[0]} to {supported[-1]}"
    if match is None or isinstance(requested, bool):
        raise ValueError(f"{text!r} is not a Kubernetes version such as {supported[-1]}; {span}")
    wanted = f"{int(match[1])}.{int(match[2])}"
    if wanted in supported:
        return wanted
    message = f"kubernetes {wanted} is not supported: {span}"
    padded = f"{wanted}0"
    if not isinstance(requested, str) and padded in supported:
        message += f" (YAML reads an unquoted {padded} as the number {text}: quote it, \"{padded}\")"
    raise ValueError(message)


@cache
def _served(version: str) -> _Served:
    from referencing import Registry, Resource

    definitions = _kubernetes_validate().schema_contents(f"{_folder(version)}/_definitions.json", version)
    kinds: dict[tuple[str, str], dict[str, str]] = {}
    groups = set()
    for name, schema in definitions["$defs"].items():
        for gvk in schema.get("x-kubernetes-group-version-kind") or ():
            groups.add(gvk["group"])
            if gvk["kind"] not in _PSEUDO_KINDS:
                kinds.setdefault((gvk["group"], gvk["kind"]), {})[gvk["version"]] = name
    registry = Resource.from_contents(definitions) @ Registry()
    return _Served(registry, kinds, frozenset(groups))


def _folder(version: str) -> str:
    kv = _kubernetes_validate()
    full = next(v for v in kv.all_versions() if kv.major_minor(v) == version)
    return f"kubernetes-json-schema/v{full}-local-strict"


@cache
def _validator(version: str, api_version: str, kind: str) -> Validator:
    """One validator per (version, apiVersion, kind), built from kubernetes-validate's own file for the kind."""
    served = _served(version)
    group, _, api = api_version.rpartition("/")
    # kubernetes-validate's naming: rbac.authorization.k8s.io/v1 Role -> role-rbac-v1.json
    file = f"{kind.lower()}-{_GROUP_PREFIX.sub(lambda m: m[1] + '-', api_version)}.json"
    gvk = {"group": group, "version": api, "kind": kind}
    try:
        schema = _kubernetes_validate().schema_contents(f"{_folder(version)}/{file}", version)
    except FileNotFoundError:
        schema = {}
    if gvk not in schema.get("x-kubernetes-group-version-kind", ()):
        # No file under kubernetes-validate's name (StorageVersion's is `-apiserverinternal-`): use the definition.
        definition = served.kinds[(group, kind)][api]
        schema = {"$ref": f"https://kubernetes.io/api/_definitions.json#/$defs/{definition}"}
    return type(strict_validator({}))(schema, registry=served.registry)


def validate_object(document: Document, version: str | None) -> list[Diagnostic]:
    """Every problem of one object against Kubernetes `version` ("1.30"; None: the newest); [] if valid.

    A custom resource gets one note (FLX602). The object must be a mapping with
    string `apiVersion` and `kind` (checked by `fluxc.package.manifests.check_manifests`).
    ValueError for a version `resolve_version` refuses.
    """
    version = resolve_version(version)
    data, smap, file = document.data, document.source_map, document.file
    api_version, kind = (data.get(k) if isinstance(data, Mapping) else None for k in ("apiVersion", "kind"))
    if not isinstance(api_version, str) or not isinstance(kind, str):
        return [Diagnostic(codes.MANIFEST_NOT_OBJECT, "this document is not a Kubernetes object", (), file,
                           smap.span(()), "a manifest is a mapping with `apiVersion`, `kind` and `metadata`")]
    served = _served(version)
    group, _, api = api_version.rpartition("/")
    versions = served.kinds.get((group, kind), {})
    if api in versions:
        validator = _validator(version, api_version, kind)
        return [d.with_file(file) for error in validator.iter_errors(data) for d in _translate(error, smap)]
    # `core/v1` is how documentation names the core group, not how the API server does (it serves `v1` only and
    # refuses `core/v1` as an unknown group): a mistake to point out, not a custom resource to wave through.
    if group not in served.groups and group != _CORE:
        return [Diagnostic(codes.NO_K8S_SCHEMA, f"{kind} ({api_version}) is not a built-in Kubernetes kind: "
                           "accepted without a schema check", ("kind",), file, smap.span(("kind",)),
                           "a custom resource is checked against its CRD only when Flux applies it; make sure "
                           "the CRD is installed first, e.g. with `dependsOn`", "note")]
    # Best first: the user's group, then GA over beta over alpha, newest first.
    elsewhere = sorted(((g == group, _rank(v)), f"{g}/{v}" if g else v)
                       for (g, k), vs in served.kinds.items() if k == kind for v in vs)
    if elsewhere:
        best = [shown for _, shown in reversed(elsewhere)]
        also = f"; also served: {', '.join(best[1:])}" if len(best) > 1 else ""
        if group == _CORE:
            also += "; the core group has no name in an apiVersion"
        return [Diagnostic(codes.API_VERSION_REMOVED, f"kubernetes {version} does not serve {kind} as "
                           f"{api_version}", ("apiVersion",), file, smap.span(("apiVersion",)),
                           f"write `apiVersion: {best[0]}`{also}")]
    known = sorted(k for g, k in served.kinds if g == group)
    close = difflib.get_close_matches(kind, known, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}?" if close else \
        "check the spelling of the kind and of the apiVersion"
    return [Diagnostic(codes.NOT_ALLOWED, f"kubernetes {version} has no kind {kind!r} in {api_version}",
                       ("kind",), file, smap.span(("kind",)), hint)]


def _translate(error: ValidationError, smap: SourceMap) -> list[Diagnostic]:
    """`translate`, plus the two keywords it words generically in Kubernetes schemas."""
    path = tuple(error.absolute_path)
    if error.validator == "x-kubernetes-list-type":
        return [Diagnostic(codes.DUPLICATE_LIST_KEY, error.message, path, span=smap.span(path),
                           hint="server-side apply, which Flux uses, refuses two entries with the same key "
                                "in this list; merge or rename them")]
    if error.validator == "oneOf" and isinstance(error.validator_value, list):
        # IntOrString and Quantity: oneOf [string|null, integer|null]. A null matches both branches,
        # which the API server reads as "not set"; anything else matched neither.
        if error.instance is None:
            return []
        kinds = [t for branch in error.validator_value for t in _types(branch) if t != "null"]
        if kinds:
            want = " or ".join(_TYPES.get(t, t) for t in kinds)
            hint = "write a port number or name, e.g. `8080` or `http`" if "integer" in kinds else \
                "write a quantity, e.g. `500m`, `2` or `1Gi`"
            return [Diagnostic(codes.WRONG_TYPE, f"expected {want}, got {describe(error.instance)}", path,
                               span=smap.span(path), hint=hint)]
    return translate(error, smap)


def _rank(api: str) -> tuple[int, int, int]:
    """v2 > v1 > v1beta2 > v1beta1 > v1alpha1, as Kubernetes orders versions."""
    match = _API_VERSION.fullmatch(api)
    if match is None:
        return (0, 0, 0)
    stage = {"alpha": 0, "beta": 1}.get(match[2] or "", 2)
    return (stage, int(match[1]), int(match[3] or 0))


def _types(branch: Any) -> list[str]:
    declared = branch.get("type") if isinstance(branch, Mapping) else None
    return [declared] if isinstance(declared, str) else list(declared or [])


