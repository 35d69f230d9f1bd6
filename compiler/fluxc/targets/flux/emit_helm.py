"""Emitter of the HelmRelease."""

from __future__ import annotations

from fluxc.targets.flux import model
from fluxc.targets.flux.emit_shared import Kept, compact, dependencies, flux_object, images, patches, target
from fluxc.targets.flux.kinds import HELM_RELEASE
from fluxc.targets.types import Object


def helm_release(node: model.HelmRelease) -> Object:
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
    # Written even when false (omitempty would drop it): false on upgrade overrides Flux's default, which is
    # true as soon as retries > 0; install takes the same answer so both actions say what was asked.
    last_failure = Kept(node.remediate_last_failure) if node.remediate_last_failure is not None else None
    return flux_object(HELM_RELEASE, node.meta, {
        "chart": chart, "chartRef": chart_ref,
        "dependsOn": dependencies(node.depends_on),
        "driftDetection": _drift_detection(node.drift_detection),
        "install": {"createNamespace": node.create_namespace, "crds": node.install_crds,
                    "remediation": {"retries": retries, "remediateLastFailure": last_failure}},
        "interval": node.interval,
        "maxHistory": node.max_history,
        "postRenderers": [_post_renderer(renderer) for renderer in node.post_renderers],
        "releaseName": node.release_name,
        "serviceAccountName": node.service_account,
        "storageNamespace": node.storage_namespace,
        "suspend": node.suspend,
        "targetNamespace": node.target_namespace,
        "test": {"enable": node.test.enable, "ignoreFailures": node.test.ignore_failures} if node.test else None,
        "timeout": node.timeout,
        "upgrade": {"crds": node.upgrade_crds,
                    "remediation": {"retries": retries, "remediateLastFailure": last_failure,
                                    "strategy": node.remediation_strategy}},
        "values": Kept(dict(node.values)) if node.values else None,  # the user's values, never compacted
        "valuesFrom": [compact({"kind": v.kind, "name": v.name, "valuesKey": v.values_key,
                                "targetPath": v.target_path}) for v in node.values_from],
    })


def _drift_detection(node: model.DriftDetection | None) -> Object | None:
    if node is None:
        return None
    return {"mode": node.mode,
            "ignore": [compact({"paths": list(rule.paths), "target": target(rule.target)}) for rule in node.ignore]}


def _post_renderer(node: model.PostRenderer) -> Object:
    return {"kustomize": compact({"patches": patches(node.patches), "images": images(node.images)})}
