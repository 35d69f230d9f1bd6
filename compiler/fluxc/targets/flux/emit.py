"""Emit one Flux object (a plain dict) per model node.

Each emitter writes exactly the fields `flux create … --export` would write
for the same settings, and nothing the API server would default: omitted
means "the CRD default" (omitempty). `EMITTERS` is the registry: a node type
it does not know raises, never falls through.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fluxc.targets.flux import model
from fluxc.targets.flux.kinds import (
    GIT_REPOSITORY,
    HELM_RELEASE,
    HELM_REPOSITORY,
    KUSTOMIZATION,
    OCI_REPOSITORY,
    FluxKind,
)
from fluxc.targets.types import Manifest, Object

HELM_CHART_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip"


def emit(plan: model.Plan) -> list[Manifest]:
    """The Flux objects of a plan, in plan order (sources before what uses them)."""
    manifests = []
    for node in plan.objects:
        try:
            kind, emitter = EMITTERS[type(node)]
        except KeyError:
            raise TypeError(f"no emitter for {type(node).__name__}") from None
        assert kind.file_name is not None  # every emitted kind has one (tested)
        manifests.append(Manifest(kind.file_name, emitter(node)))
    return manifests


def _object(kind: FluxKind, meta: model.ObjectMeta, spec: Object) -> Object:
    metadata: Object = {"name": meta.name, "namespace": meta.namespace}
    if meta.labels:
        metadata["labels"] = dict(meta.labels)
    return {"apiVersion": kind.api_version, "kind": kind.kind, "metadata": metadata, "spec": _compact(spec)}


def _compact(spec: Object) -> Object:
    """Drop what omitempty drops: None, False, empty strings, lists and maps (at any depth)."""
    out: Object = {}
    for key, value in spec.items():
        if isinstance(value, dict):
            value = _compact(value)
        if value is None or value is False or value in ("", [], {}, ()):
            continue
        out[key] = value
    return out


def _secret(name: str | None) -> Object | None:
    return {"name": name} if name else None


def _git_repository(node: model.GitRepository) -> Object:
    ref = {"branch": node.ref.branch, "tag": node.ref.tag, "semver": node.ref.semver, "commit": node.ref.commit}
    return _object(GIT_REPOSITORY, node.meta, {
        "interval": node.interval, "ref": ref, "secretRef": _secret(node.secret_ref), "url": node.url})


def _helm_repository(node: model.HelmRepository) -> Object:
    return _object(HELM_REPOSITORY, node.meta, {
        "interval": node.interval, "secretRef": _secret(node.secret_ref), "url": node.url})


def _oci_repository(node: model.OCIRepository) -> Object:
    return _object(OCI_REPOSITORY, node.meta, {
        "interval": node.interval,
        "layerSelector": {"mediaType": HELM_CHART_LAYER, "operation": "copy"},
        "ref": {"tag": node.tag, "semver": node.semver},
        "secretRef": _secret(node.secret_ref), "url": node.url})


def _dependencies(deps: tuple[model.Dependency, ...]) -> list[Object]:
    return [_compact({"name": d.name, "namespace": d.namespace}) for d in deps]


def _helm_release(node: model.HelmRelease) -> Object:
    chart = None
    if node.chart is not None:
        chart = {"spec": {
            "chart": node.chart.chart, "version": node.chart.version,
            "reconcileStrategy": node.chart.reconcile_strategy,
            "sourceRef": {"kind": node.chart.source.kind, "name": node.chart.source.name}}}
    chart_ref = None
    if node.chart_ref is not None:
        chart_ref = {"kind": node.chart_ref.kind, "name": node.chart_ref.name}
    retries = node.remediation_retries
    remediation = {"retries": retries} if retries is not None else None
    obj = _object(HELM_RELEASE, node.meta, {
        "chart": chart, "chartRef": chart_ref,
        "dependsOn": _dependencies(node.depends_on),
        "install": {"createNamespace": node.create_namespace, "remediation": remediation},
        "interval": node.interval,
        "serviceAccountName": node.service_account,
        "storageNamespace": node.storage_namespace,
        "suspend": node.suspend,
        "targetNamespace": node.target_namespace,
        "timeout": node.timeout,
        "upgrade": {"remediation": remediation},
        "valuesFrom": [_compact({"kind": v.kind, "name": v.name, "valuesKey": v.values_key,
                                 "targetPath": v.target_path}) for v in node.values_from],
    })
    if node.values:  # the user's values, embedded unchanged: never compacted
        obj["spec"]["values"] = dict(node.values)
    return obj


def _kustomization(node: model.Kustomization) -> Object:
    decryption = None
    if node.decryption_secret:
        decryption = {"provider": "sops", "secretRef": {"name": node.decryption_secret}}
    obj = _object(KUSTOMIZATION, node.meta, {
        "decryption": decryption,
        "dependsOn": _dependencies(node.depends_on),
        "healthChecks": [_compact({"apiVersion": c.api_version, "kind": c.kind, "name": c.name,
                                   "namespace": c.namespace}) for c in node.health_checks],
        "interval": node.interval,
        "path": node.path,
        "serviceAccountName": node.service_account,
        "sourceRef": {"kind": node.source.kind, "name": node.source.name},
        "suspend": node.suspend,
        "targetNamespace": node.target_namespace,
        "timeout": node.timeout,
        "wait": node.wait,
    })
    obj["spec"]["prune"] = node.prune  # required by the CRD: always written, even when false
    return obj


# model node type -> (its Flux kind, the emitter); a node type not listed raises.
EMITTERS: dict[type[model.Node], tuple[FluxKind, Callable[[Any], Object]]] = {
    model.GitRepository: (GIT_REPOSITORY, _git_repository),
    model.HelmRepository: (HELM_REPOSITORY, _helm_repository),
    model.OCIRepository: (OCI_REPOSITORY, _oci_repository),
    model.HelmRelease: (HELM_RELEASE, _helm_release),
    model.Kustomization: (KUSTOMIZATION, _kustomization),
}
