"""fluxc.targets.flux.emit_sources: the production fields of GitRepository, HelmRepository and OCIRepository,
written as `flux create source … --export` writes them (omitempty), and an artifact's OCIRepository."""

from __future__ import annotations

from typing import Any

import pytest

from fluxc.targets.flux import model
from fluxc.targets.flux.emit_sources import HELM_CHART_LAYER, git_repository, helm_repository, oci_repository

META = model.ObjectMeta(name="podinfo", namespace="flux-system")
URL = "oci://ghcr.io/stefanprodan/manifests/podinfo"
LAYER = {"mediaType": HELM_CHART_LAYER, "operation": "copy"}


def spec_of(obj: dict[str, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = obj["spec"]
    return spec


def oci(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"meta": META, "url": URL, "interval": "10m0s", "tag": "6.3.5"}
    return spec_of(oci_repository(model.OCIRepository(**{**base, **fields})))


def git(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"meta": META, "url": "https://github.com/stefanprodan/podinfo", "interval": "1m0s",
                            "ref": model.GitRef(branch="test")}
    return spec_of(git_repository(model.GitRepository(**{**base, **fields})))


# --- OCIRepository ------------------------------------------------------------------------------------------------

def test_artifact_has_no_layer_selector() -> None:
    assert oci(helm_chart=False) == {"interval": "10m0s", "ref": {"tag": "6.3.5"}, "url": URL}


def test_chart_keeps_the_helm_layer_selector() -> None:
    assert oci()["layerSelector"] == LAYER


def test_digest_is_written_in_ref() -> None:
    digest = "sha256:" + "0" * 64
    assert oci(helm_chart=False, tag=None, digest=digest)["ref"] == {"digest": digest}


def test_every_registry_field() -> None:
    assert oci(helm_chart=False, secret_ref="creds", provider="aws", insecure=True, cert_secret_ref="ca",
               proxy_secret_ref="proxy") == {
        "certSecretRef": {"name": "ca"}, "insecure": True, "interval": "10m0s", "provider": "aws",
        "proxySecretRef": {"name": "proxy"}, "ref": {"tag": "6.3.5"}, "secretRef": {"name": "creds"}, "url": URL}


@pytest.mark.parametrize(("verify", "written"), [
    (model.OCIVerify(provider="cosign", secret_ref="cosign-pub"),
     {"provider": "cosign", "secretRef": {"name": "cosign-pub"}}),
    (model.OCIVerify(provider="cosign"), {"provider": "cosign"}),
    (model.OCIVerify(provider="notation", secret_ref="trust"), {"provider": "notation", "secretRef": {"name": "trust"}}),
    (model.OCIVerify(provider="cosign", match_oidc_identity=(
        model.OIDCIdentity(issuer="^https://token\\.actions\\.githubusercontent\\.com$", subject="^https://x$"),
        model.OIDCIdentity(issuer="^https://gitlab\\.com$", subject=".*"))),
     {"matchOIDCIdentity": [{"issuer": "^https://token\\.actions\\.githubusercontent\\.com$", "subject": "^https://x$"},
                            {"issuer": "^https://gitlab\\.com$", "subject": ".*"}], "provider": "cosign"}),
], ids=["cosign-keys", "cosign-keyless-any", "notation", "cosign-keyless-identities"])
def test_verify_always_names_its_provider(verify: model.OCIVerify, written: dict[str, Any]) -> None:
    assert oci(helm_chart=False, verify=verify)["verify"] == written


def test_insecure_false_is_not_written() -> None:
    assert "insecure" not in oci(insecure=False)


# --- GitRepository -------------------------------------------------------------------------------------------------

def test_git_ref_name() -> None:
    assert git(ref=model.GitRef(name="refs/heads/main"))["ref"] == {"name": "refs/heads/main"}


def test_git_provider_and_proxy() -> None:
    assert git(provider="github", secret_ref="appinfo", proxy_secret_ref="proxy") == {
        "interval": "1m0s", "provider": "github", "proxySecretRef": {"name": "proxy"}, "ref": {"branch": "test"},
        "secretRef": {"name": "appinfo"}, "url": "https://github.com/stefanprodan/podinfo"}


def test_git_without_provider_writes_none() -> None:
    assert set(git()) == {"interval", "ref", "url"}


# --- HelmRepository ------------------------------------------------------------------------------------------------

def test_helm_repository_cert_secret_ref() -> None:
    node = model.HelmRepository(meta=META, url="https://charts.example.com", interval="1h0m0s", secret_ref="auth",
                                cert_secret_ref="ca")
    assert spec_of(helm_repository(node)) == {"certSecretRef": {"name": "ca"}, "interval": "1h0m0s",
                                              "secretRef": {"name": "auth"}, "url": "https://charts.example.com"}
