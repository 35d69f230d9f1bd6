"""Emit one Flux object (a plain dict) per model node.

Each emitter writes exactly the fields `flux create … --export` would write
for the same settings, and nothing the API server would default: omitted
means "the CRD default" (omitempty). `EMITTERS` is the registry: a node type
it does not know raises, never falls through. The emitters live beside this
module, one per family of kinds (emit_sources, emit_helm, emit_kustomize,
emit_alerts).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fluxc.targets.flux import model
from fluxc.targets.flux.emit_alerts import alert, provider
from fluxc.targets.flux.emit_helm import helm_release
from fluxc.targets.flux.emit_kustomize import kustomization
from fluxc.targets.flux.emit_sources import HELM_CHART_LAYER, git_repository, helm_repository, oci_repository
from fluxc.targets.flux.kinds import (
    ALERT,
    GIT_REPOSITORY,
    HELM_RELEASE,
    HELM_REPOSITORY,
    KUSTOMIZATION,
    OCI_REPOSITORY,
    PROVIDER,
    FluxKind,
)
from fluxc.targets.types import Manifest, Object

__all__ = ["EMITTERS", "HELM_CHART_LAYER", "emit"]


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


# model node type -> (its Flux kind, the emitter); a node type not listed raises.
EMITTERS: dict[type[model.Node], tuple[FluxKind, Callable[[Any], Object]]] = {
    model.GitRepository: (GIT_REPOSITORY, git_repository),
    model.HelmRepository: (HELM_REPOSITORY, helm_repository),
    model.OCIRepository: (OCI_REPOSITORY, oci_repository),
    model.HelmRelease: (HELM_RELEASE, helm_release),
    model.Kustomization: (KUSTOMIZATION, kustomization),
    model.Provider: (PROVIDER, provider),
    model.Alert: (ALERT, alert),
}
