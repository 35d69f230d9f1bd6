"""fluxc.targets.flux.lower_sources (and the artifact branch of lower._git_journey): the production fields of the
sources, and Journey 3 from an OCI artifact.

Every answers text passes validate_input first (lowering assumes valid data), and every Plan is validated in full
(`Plan.model_validate`), where a wrong field or type of `model_construct` would show.
"""

from __future__ import annotations

import textwrap

import pytest

from fluxc.targets.flux import model
from helpers.plans import valid_plan
from helpers.snippets import PODINFO_ARTIFACT, PODINFO_OCI_CHART

FILE = "answers.yaml"
META = model.ObjectMeta(name="podinfo", namespace="flux-system")
ARTIFACT = PODINFO_ARTIFACT
OCI_CHART = PODINFO_OCI_CHART
HTTPS_CHART = OCI_CHART.replace("oci://ghcr.io/stefanprodan/charts", "https://stefanprodan.github.io/podinfo")
GIT = """\
fluxc: v1
name: podinfo
outputFormat: kustomize
gitopsDeployment: flux
gitRepoUrl: https://github.com/stefanprodan/podinfo
gitPath: ./kustomize
"""


plan_of = valid_plan


def source_of(text: str) -> model.FluxObject:
    return plan_of(text).objects[0]


# --- an artifact -------------------------------------------------------------------------------------------------

def test_artifact_gives_an_oci_repository_and_a_kustomization_of_its_root() -> None:
    assert plan_of(ARTIFACT).objects == (
        model.OCIRepository(meta=META, url="oci://ghcr.io/stefanprodan/manifests/podinfo", interval="1m0s",
                            helm_chart=False, tag="6.3.5"),
        model.Kustomization(meta=META, interval="5m0s", path="./", prune=True,
                            source=model.SourceRef(kind="OCIRepository", name="podinfo")))


@pytest.mark.parametrize(("ref", "expected"), [
    ("tag: v1.0.0", {"tag": "v1.0.0"}),
    ("semver: '>=1.0.0 <2.0.0'", {"semver": ">=1.0.0 <2.0.0"}),
    ("digest: sha256:" + "a" * 64, {"digest": "sha256:" + "a" * 64}),
], ids=["tag", "semver", "digest"])
def test_artifact_ref_is_one_of_tag_semver_digest(ref: str, expected: dict[str, str]) -> None:
    source = source_of(ARTIFACT.replace("tag: 6.3.5", ref))
    assert isinstance(source, model.OCIRepository)
    assert {"tag": source.tag, "semver": source.semver, "digest": source.digest} == {
        "tag": None, "semver": None, "digest": None, **expected}


def test_artifact_source_interval_defaults_to_one_minute_and_follows_source_interval() -> None:
    first = source_of(ARTIFACT)
    second = source_of(ARTIFACT + "sourceInterval: 90s\n")
    assert isinstance(first, model.OCIRepository) and isinstance(second, model.OCIRepository)
    assert (first.interval, second.interval) == ("1m0s", "1m30s")


@pytest.mark.parametrize(("path", "written"), [("deploy", "./deploy"), ("./deploy/prod/", "./deploy/prod"),
                                               (".", "./"), ("./", "./")])
def test_artifact_path_is_written_as_flux_create_kustomization_writes_it(path: str, written: str) -> None:
    kustomization = plan_of(ARTIFACT + f"  path: {path}\n").objects[1]
    assert isinstance(kustomization, model.Kustomization)
    assert kustomization.path == written


def test_artifact_repository_name_names_the_source_and_the_source_ref() -> None:
    source, kustomization = plan_of(ARTIFACT + "  repositoryName: podinfo-manifests\n").objects
    assert isinstance(kustomization, model.Kustomization)
    assert source.meta.name == kustomization.source.name == "podinfo-manifests"


def test_artifact_url_loses_a_trailing_slash() -> None:
    source = source_of(ARTIFACT.replace("manifests/podinfo", "manifests/podinfo/"))
    assert isinstance(source, model.OCIRepository)
    assert source.url == "oci://ghcr.io/stefanprodan/manifests/podinfo"


def test_artifact_registry_settings_and_verification() -> None:
    source = source_of(ARTIFACT + textwrap.indent(textwrap.dedent("""\
        secretRef: ghcr-auth
        provider: generic
        insecure: true
        certSecretRef: registry-ca
        proxySecretRef: proxy
        verify:
          provider: cosign
          secretRef: cosign-pub
        """), "  "))
    assert source == model.OCIRepository(
        meta=META, url="oci://ghcr.io/stefanprodan/manifests/podinfo", interval="1m0s", helm_chart=False,
        tag="6.3.5", secret_ref="ghcr-auth", provider="generic", insecure=True, cert_secret_ref="registry-ca",
        proxy_secret_ref="proxy", verify=model.OCIVerify(provider="cosign", secret_ref="cosign-pub"))


def test_artifact_with_raw_output_also_deploys_with_a_kustomization() -> None:
    _, kustomization = plan_of(ARTIFACT.replace("kustomize", "raw")).objects
    assert isinstance(kustomization, model.Kustomization)
    assert kustomization.source == model.SourceRef(kind="OCIRepository", name="podinfo")


# --- verify --------------------------------------------------------------------------------------------------------

def test_verify_provider_is_cosign_when_omitted_and_identities_keep_their_order() -> None:
    source = source_of(OCI_CHART + textwrap.indent(textwrap.dedent("""\
        verify:
          matchOIDCIdentity:
            - {issuer: '^https://a$', subject: '^x$'}
            - {issuer: '^https://b$', subject: '^y$'}
        """), "  "))
    assert isinstance(source, model.OCIRepository)
    assert source.verify == model.OCIVerify(provider="cosign", match_oidc_identity=(
        model.OIDCIdentity(issuer="^https://a$", subject="^x$"), model.OIDCIdentity(issuer="^https://b$",
                                                                                    subject="^y$")))


def test_notation_verification_keeps_its_secret() -> None:
    source = source_of(OCI_CHART + "  verify: {provider: notation, secretRef: trust}\n")
    assert isinstance(source, model.OCIRepository)
    assert source.verify == model.OCIVerify(provider="notation", secret_ref="trust")


# --- the chart's source ---------------------------------------------------------------------------------------------

def test_oci_chart_takes_every_registry_key_and_keeps_its_helm_layer() -> None:
    source = source_of(OCI_CHART + "  provider: aws\n  insecure: true\n  certSecretRef: ca\n  proxySecretRef: px\n")
    assert source == model.OCIRepository(
        meta=META, url="oci://ghcr.io/stefanprodan/charts/podinfo", interval="1h0m0s", helm_chart=True,
        tag="6.5.4", provider="aws", insecure=True, cert_secret_ref="ca", proxy_secret_ref="px")


def test_https_chart_takes_cert_secret_ref() -> None:
    source = source_of(HTTPS_CHART + "  secretRef: auth\n  certSecretRef: ca\n")
    assert source == model.HelmRepository(meta=META, url="https://stefanprodan.github.io/podinfo",
                                          interval="1h0m0s", secret_ref="auth", cert_secret_ref="ca")


def test_answers_without_the_new_keys_lower_to_what_they_did() -> None:
    oci, https = source_of(OCI_CHART), source_of(HTTPS_CHART)
    assert isinstance(oci, model.OCIRepository) and isinstance(https, model.HelmRepository)
    assert (oci.provider, oci.insecure, oci.cert_secret_ref, oci.proxy_secret_ref, oci.verify, oci.digest) == (
        None, False, None, None, None, None)
    assert https.cert_secret_ref is None


# --- the GitRepository ----------------------------------------------------------------------------------------------

def test_git_ref_name_replaces_the_default_branch() -> None:
    source = source_of(GIT + "gitRef:\n  name: refs/pull/420/head\n")
    assert isinstance(source, model.GitRepository)
    assert source.ref == model.GitRef(name="refs/pull/420/head")


def test_git_provider_and_proxy() -> None:
    source = source_of(GIT + "gitProvider: github\ngitSecretRef: app\ngitProxySecretRef: proxy\n")
    assert isinstance(source, model.GitRepository)
    assert (source.provider, source.secret_ref, source.proxy_secret_ref) == ("github", "app", "proxy")


def test_git_without_the_new_keys_has_no_provider_or_proxy() -> None:
    source = source_of(GIT)
    assert isinstance(source, model.GitRepository)
    assert (source.provider, source.proxy_secret_ref, source.ref) == (None, None, model.GitRef(branch="main"))
