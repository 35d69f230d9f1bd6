"""Emitter of the Kustomization."""

from __future__ import annotations

from fluxc.targets.flux import model
from fluxc.targets.flux.emit_shared import Kept, compact, dependencies, flux_object, images, patches
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
        "postBuild": _post_build(node.post_build),
        "prune": Kept(node.prune),  # required by the CRD: always written, even when false
        "retryInterval": node.retry_interval,
        "serviceAccountName": node.service_account,
        "sourceRef": {"kind": node.source.kind, "name": node.source.name},
        "suspend": node.suspend,
        "targetNamespace": node.target_namespace,
        "timeout": node.timeout,
        "wait": node.wait,
    })
    return obj


def _post_build(node: model.PostBuild | None) -> Object | None:
    if node is None:
        return None
    return {
        # a variable whose value is "" is a value, not an omitted field
        "substitute": Kept(dict(node.substitute)) if node.substitute else None,
        # `optional` only when true, as Flux's omitempty writes it
        "substituteFrom": [compact({"kind": r.kind, "name": r.name, "optional": r.optional})
                           for r in node.substitute_from]}
