"""Emitter of the Kustomization."""

from __future__ import annotations

from fluxc.targets.flux import model
from fluxc.targets.flux.emit_shared import compact, dependencies, flux_object, images, patches
from fluxc.targets.flux.kinds import KUSTOMIZATION
from fluxc.targets.types import Object


def kustomization(node: model.Kustomization) -> Object:
    decryption = None
    if node.decryption_secret:
        decryption = {"provider": "sops", "secretRef": {"name": node.decryption_secret}}
    obj = flux_object(KUSTOMIZATION, node.meta, {
        "components": list(node.components),
        "decryption": decryption,
        "dependsOn": dependencies(node.depends_on),
        "force": node.force,
        "healthChecks": [compact({"apiVersion": c.api_version, "kind": c.kind, "name": c.name,
                                  "namespace": c.namespace}) for c in node.health_checks],
        "images": images(node.images),
        "interval": node.interval,
        "patches": patches(node.patches),
        "path": node.path,
        "retryInterval": node.retry_interval,
        "serviceAccountName": node.service_account,
        "sourceRef": {"kind": node.source.kind, "name": node.source.name},
        "suspend": node.suspend,
        "targetNamespace": node.target_namespace,
        "timeout": node.timeout,
        "wait": node.wait,
    })
    obj["spec"]["prune"] = node.prune  # required by the CRD: always written, even when false
    post_build = _post_build(node.post_build)
    if post_build:  # outside compact: a variable whose value is "" is a value, not an omitted field
        obj["spec"]["postBuild"] = post_build
    return obj


def _post_build(node: model.PostBuild | None) -> Object:
    if node is None:
        return {}
    out: Object = {}
    if node.substitute:
        out["substitute"] = dict(node.substitute)
    if node.substitute_from:  # `optional` only when true, as Flux's omitempty writes it
        out["substituteFrom"] = [compact({"kind": r.kind, "name": r.name, "optional": r.optional})
                                 for r in node.substitute_from]
    return out
