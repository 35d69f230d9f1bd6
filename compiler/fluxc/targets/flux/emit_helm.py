"""Emitter of the HelmRelease."""

from __future__ import annotations

from fluxc.targets.flux import model
from fluxc.targets.flux.emit_shared import compact, dependencies, flux_object
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
    remediation = {"retries": retries} if retries is not None else None
    obj = flux_object(HELM_RELEASE, node.meta, {
        "chart": chart, "chartRef": chart_ref,
        "dependsOn": dependencies(node.depends_on),
        "install": {"createNamespace": node.create_namespace, "remediation": remediation},
        "interval": node.interval,
        "serviceAccountName": node.service_account,
        "storageNamespace": node.storage_namespace,
        "suspend": node.suspend,
        "targetNamespace": node.target_namespace,
        "timeout": node.timeout,
        "upgrade": {"remediation": remediation},
        "valuesFrom": [compact({"kind": v.kind, "name": v.name, "valuesKey": v.values_key,
                                "targetPath": v.target_path}) for v in node.values_from],
    })
    if node.values:  # the user's values, embedded unchanged: never compacted
        obj["spec"]["values"] = dict(node.values)
    return obj
