"""Emitters of the sources: GitRepository, HelmRepository, OCIRepository."""

from __future__ import annotations

from fluxc.targets.flux import model
from fluxc.targets.flux.emit_shared import flux_object, secret
from fluxc.targets.flux.kinds import GIT_REPOSITORY, HELM_REPOSITORY, OCI_REPOSITORY
from fluxc.targets.types import Object

HELM_CHART_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip"


def git_repository(node: model.GitRepository) -> Object:
    ref = {"branch": node.ref.branch, "tag": node.ref.tag, "semver": node.ref.semver, "name": node.ref.name,
           "commit": node.ref.commit}
    return flux_object(GIT_REPOSITORY, node.meta, {
        "interval": node.interval, "provider": node.provider, "proxySecretRef": secret(node.proxy_secret_ref),
        "ref": ref, "secretRef": secret(node.secret_ref), "url": node.url})


def helm_repository(node: model.HelmRepository) -> Object:
    return flux_object(HELM_REPOSITORY, node.meta, {
        "certSecretRef": secret(node.cert_secret_ref), "interval": node.interval,
        "secretRef": secret(node.secret_ref), "url": node.url})


def oci_repository(node: model.OCIRepository) -> Object:
    # A chart's layer is copied as the .tgz Helm reads; an artifact of manifests is unpacked whole (no selector).
    layer = {"mediaType": HELM_CHART_LAYER, "operation": "copy"} if node.helm_chart else None
    return flux_object(OCI_REPOSITORY, node.meta, {
        "certSecretRef": secret(node.cert_secret_ref), "insecure": node.insecure, "interval": node.interval,
        "layerSelector": layer, "provider": node.provider, "proxySecretRef": secret(node.proxy_secret_ref),
        "ref": {"tag": node.tag, "semver": node.semver, "digest": node.digest},
        "secretRef": secret(node.secret_ref), "url": node.url, "verify": _verify(node.verify)})


def _verify(verify: model.OCIVerify | None) -> Object | None:
    if verify is None:
        return None
    identities = [{"issuer": m.issuer, "subject": m.subject} for m in verify.match_oidc_identity]
    # provider is always written (the CRD requires it, as `flux create source oci --verify-provider` writes it)
    return {"matchOIDCIdentity": identities, "provider": verify.provider, "secretRef": secret(verify.secret_ref)}
