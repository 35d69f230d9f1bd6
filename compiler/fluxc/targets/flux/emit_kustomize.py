"""Emitter of the Kustomization."""

from __future__ import annotations

from fluxc.targets.flux import model
from fluxc.targets.flux.emit_shared import compact, dependencies, flux_object
from fluxc.targets.flux.kinds import KUSTOMIZATION
from fluxc.targets.types import Object


def kustomization(node: model.Kustomization) -> Object:
    decryption = None
    if node.decryption_secret:
        decryption = {"provider": "sops", "secretRef": {"name": node.decryption_secret}}
    obj = flux_object(KUSTOMIZATION, node.meta, {
        "decryption": decryption,
        "dependsOn": dependencies(node.depends_on),
        "healthChecks": [compact({"apiVersion": c.api_version, "kind": c.kind, "name": c.name,
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
