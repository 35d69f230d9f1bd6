"""Emitters of the sources: GitRepository, HelmRepository, OCIRepository."""

from __future__ import annotations

from fluxc.targets.flux import model
from fluxc.targets.flux.emit_shared import flux_object, secret
from fluxc.targets.flux.kinds import GIT_REPOSITORY, HELM_REPOSITORY, OCI_REPOSITORY
from fluxc.targets.types import Object

HELM_CHART_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip"


def git_repository(node: model.GitRepository) -> Object:
    ref = {"branch": node.ref.branch, "tag": node.ref.tag, "semver": node.ref.semver, "commit": node.ref.commit}
    return flux_object(GIT_REPOSITORY, node.meta, {
        "interval": node.interval, "ref": ref, "secretRef": secret(node.secret_ref), "url": node.url})


def helm_repository(node: model.HelmRepository) -> Object:
    return flux_object(HELM_REPOSITORY, node.meta, {
        "interval": node.interval, "secretRef": secret(node.secret_ref), "url": node.url})


def oci_repository(node: model.OCIRepository) -> Object:
    return flux_object(OCI_REPOSITORY, node.meta, {
        "interval": node.interval,
        "layerSelector": {"mediaType": HELM_CHART_LAYER, "operation": "copy"},
        "ref": {"tag": node.tag, "semver": node.semver},
        "secretRef": secret(node.secret_ref), "url": node.url})
