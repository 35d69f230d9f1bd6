"""The source rules (fluxc.answers.rules_sources, and the journey, URL, path, version, name and ref rules of
fluxc.answers.rules for `artifact` and the new Git keys), run through `rules.check` as the input stage runs them."""

from __future__ import annotations

import textwrap

import pytest

from fluxc.answers.rules import check
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, JsonPath, format_path
from fluxc.yaml.load import parse_single
from helpers.snippets import PODINFO_ARTIFACT, PODINFO_OCI_CHART

Brief = tuple[str, str, tuple[int, int] | None, str]

ARTIFACT = PODINFO_ARTIFACT  # lines 1-8: keys under `artifact` go at two spaces
OCI_CHART = PODINFO_OCI_CHART  # lines 1-7: keys under `chart` go at two spaces
HTTPS_CHART = OCI_CHART.replace("oci://ghcr.io/stefanprodan/charts", "https://stefanprodan.github.io/podinfo")
GIT = """\
fluxc: v1
name: shop
outputFormat: kustomize
gitopsDeployment: flux
gitRepoUrl: https://github.com/acme/fleet
gitPath: apps/shop
"""  # lines 1-6
IDENTITY = "    matchOIDCIdentity:\n      - {issuer: '^https://token\\.actions\\.githubusercontent\\.com$', subject: '^x$'}\n"


def run(text: str, failed: set[JsonPath] | None = None) -> list[Diagnostic]:
    document = parse_single(textwrap.dedent(text), "answers.yaml")
    return check(document.data, document.source_map, failed or set())


def brief(found: list[Diagnostic]) -> list[Brief]:
    return [(d.code, format_path(d.path), (d.span.line, d.span.col) if d.span else None, d.severity) for d in found]


def only(found: list[Diagnostic]) -> Diagnostic:
    assert len(found) == 1, [d.render() for d in found]
    return found[0]


# --- valid: nothing to say ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    ARTIFACT,
    ARTIFACT.replace("kustomize", "raw") + "  path: deploy/prod\n  repositoryName: podinfo-manifests\n",
    ARTIFACT.replace("tag: 6.3.5", "semver: '>=6.0.0 <7.0.0'"),
    ARTIFACT.replace("tag: 6.3.5", "digest: sha256:" + "a" * 64),
    ARTIFACT + "  secretRef: creds\n  provider: generic\n  verify: {secretRef: cosign-pub}\n",
    ARTIFACT + "  provider: aws\n  verify:\n" + IDENTITY,
    ARTIFACT + "  proxySecretRef: proxy\n  verify: {secretRef: cosign-pub}\n",
    ARTIFACT + "  verify: {provider: notation, secretRef: trust}\n",
    ARTIFACT.replace("oci://ghcr.io", "oci://localhost:5000"),
    OCI_CHART + "  provider: azure\n  insecure: true\n  certSecretRef: ca\n  proxySecretRef: proxy\n",
    HTTPS_CHART + "  certSecretRef: ca\n  secretRef: auth\n",
    GIT + "gitRef:\n  name: refs/pull/420/head\n",
    GIT + "gitProvider: github\ngitSecretRef: github-app\n",
    GIT.replace("github.com/acme/fleet", "dev.azure.com/acme/platform/_git/fleet") + "gitProvider: azure\n",
    GIT + "gitProvider: generic\ngitProxySecretRef: proxy\n",
    GIT.replace("https://", "ssh://git@") + "gitProvider: generic\n",
], ids=["artifact", "artifact-raw-path-name", "artifact-semver", "artifact-digest", "artifact-keyed", "keyless-identity",
        "proxy-with-keys", "notation", "registry-port", "oci-chart-registry-keys", "https-chart-cert", "git-ref-name",
        "github-app", "azure-https", "generic-proxy", "generic-ssh"])
def test_valid_sources_have_nothing_to_say(text: str) -> None:
    assert run(text) == []


# --- journey 3: Git or an artifact ----------------------------------------------------------------------------------

def test_artifact_and_git_url_conflict() -> None:
    diag = only(run(ARTIFACT + "gitRepoUrl: https://github.com/stefanprodan/podinfo\n"))
    assert brief([diag]) == [(codes.CONFLICTING_KEYS, "$.gitRepoUrl", (9, 1), "error")]
    assert diag.message == "`artifact` and `gitRepoUrl` both say where Flux gets the application"
    assert diag.hint == ("keep `artifact` for an OCI artifact, or `gitRepoUrl` (with the other git* keys) for a "
                         "Git repository")


@pytest.mark.parametrize(("key", "value", "instead"), [
    ("gitBranch", "main", "artifact.ref"), ("gitRef", "{tag: v1}", "artifact.ref"), ("gitPath", "deploy",
                                                                                      "artifact.path"),
    ("gitSecretRef", "creds", "artifact.secretRef"), ("gitRepositoryName", "x", "artifact.repositoryName"),
    ("gitProvider", "github", "artifact.provider"), ("gitProxySecretRef", "proxy", "artifact.proxySecretRef")])
def test_git_keys_with_an_artifact_name_the_artifact_key(key: str, value: str, instead: str) -> None:
    diag = only(run(ARTIFACT + f"{key}: {value}\n"))
    assert brief([diag]) == [(codes.KEY_NOT_APPLICABLE, f"$.{key}", (9, 1), "error")]
    assert diag.message == f"`{key}` does not apply to an OCI artifact"
    assert diag.hint == f"write `{instead}` instead"


def test_artifact_needs_no_git_path() -> None:
    assert run(ARTIFACT) == []


def test_flux_deployment_without_any_source_names_both() -> None:
    found = run("fluxc: v1\nname: x\noutputFormat: raw\ngitopsDeployment: flux\n")
    assert [(d.code, format_path(d.path)) for d in found] == [(codes.JOURNEY_KEY_MISSING, "$.gitRepoUrl"),
                                                             (codes.JOURNEY_KEY_MISSING, "$.gitPath")]
    assert "`gitRepoUrl` (a Git repository) or `artifact` (an OCI artifact)" in found[0].message
    assert "`artifact:` with `url` and `ref`" in found[0].hint


def test_artifact_with_helm_output_is_journey_one_only_once() -> None:
    diag = only(run(ARTIFACT.replace("kustomize", "helm")))
    assert brief([diag]) == [(codes.KEY_NOT_APPLICABLE, "$.artifact", (5, 1), "error")]
    assert "`deploymentMethod: flux` and `chart.repository: oci://…`" in diag.hint


def test_artifact_with_gitops_none_is_only_unused() -> None:
    found = run(ARTIFACT.replace("gitopsDeployment: flux", "gitopsDeployment: none") + "manifests: ./rendered\n")
    assert [(d.code, format_path(d.path), d.severity) for d in found] == [
        (codes.UNUSED_KEY, "$.artifact", "warning")]


def test_artifact_in_journey_one_is_not_applicable_and_nothing_inside_is_checked() -> None:
    found = run(OCI_CHART + "artifact:\n  url: oci://x.io/a:1\n  ref: {semver: latest}\n  verify: {provider: notation}\n")
    assert [(d.code, format_path(d.path)) for d in found] == [(codes.KEY_NOT_APPLICABLE, "$.artifact"),
                                                             (codes.BAD_FORMAT, "$.artifact.ref.semver")]


# --- the artifact's URL, path, version, name ----------------------------------------------------------------------

def test_artifact_url_credentials() -> None:
    diag = only(run(ARTIFACT.replace("oci://ghcr.io", "oci://robot:t0ken@ghcr.io")))
    assert brief([diag]) == [(codes.URL_CREDENTIALS, "$.artifact.url", (6, 8), "error")]
    assert "t0ken" not in diag.message + diag.hint
    assert diag.hint.endswith("put them in a Secret named in `artifact.secretRef`")


@pytest.mark.parametrize("url", ["oci://ghcr.io/stefanprodan/manifests/podinfo:6.3.5",
                                 "oci://ghcr.io/stefanprodan/manifests/podinfo@sha256:" + "a" * 64])
def test_artifact_url_with_a_tag_or_digest(url: str) -> None:
    diag = only(run(ARTIFACT.replace("oci://ghcr.io/stefanprodan/manifests/podinfo", url)))
    assert brief([diag]) == [(codes.BAD_FORMAT, "$.artifact.url", (6, 8), "error")]
    assert "`artifact.ref.tag`" in diag.hint


@pytest.mark.parametrize(("path", "code"), [("/deploy", codes.PATH_ESCAPES), ("deploy/../..", codes.PATH_ESCAPES),
                                            ('"deploy\\x01"', codes.BAD_FORMAT), ("' '", codes.BAD_FORMAT)],
                         ids=["absolute", "dot-dot", "control", "blank"])
def test_artifact_path_stays_inside_the_artifact(path: str, code: str) -> None:
    diag = only(run(ARTIFACT + f"  path: {path}\n"))
    assert (diag.code, format_path(diag.path)) == (code, "$.artifact.path")
    assert "artifact" in diag.message + diag.hint


def test_artifact_semver_must_be_a_range() -> None:
    diag = only(run(ARTIFACT.replace("tag: 6.3.5", "semver: latest")))
    assert brief([diag]) == [(codes.BAD_FORMAT, "$.artifact.ref.semver", (8, 13), "error")]
    assert diag.message == "'latest' is neither a version nor a semver range, so Flux cannot choose a tag by it"


def test_artifact_name_not_derivable() -> None:
    diag = only(run(ARTIFACT.replace("stefanprodan/manifests/podinfo", "acme/__")))
    assert brief([diag]) == [(codes.NAME_NOT_DERIVABLE, "$.artifact.url", (6, 8), "error")]
    assert diag.hint == "set `artifact.repositoryName`"
    assert run(ARTIFACT.replace("stefanprodan/manifests/podinfo", "acme/__") + "  repositoryName: acme\n") == []


# --- Git: ref name, provider ----------------------------------------------------------------------------------------

def test_branch_with_ref_name_conflicts() -> None:
    diag = only(run(GIT + "gitBranch: main\ngitRef:\n  name: refs/heads/main\n"))
    assert brief([diag]) == [(codes.CONFLICTING_KEYS, "$.gitBranch", (7, 1), "error")]


def test_ref_name_git_refuses() -> None:
    diag = only(run(GIT + "gitRef:\n  name: refs/heads/a..b\n"))
    assert brief([diag]) == [(codes.BAD_FORMAT, "$.gitRef.name", (8, 9), "error")]
    assert diag.message == "'refs/heads/a..b' is not a Git reference name: it contains `..`"


def test_github_provider_needs_the_app_secret() -> None:
    diag = only(run(GIT + "gitProvider: github\n"))
    assert brief([diag]) == [(codes.MISSING_KEY, "$.gitSecretRef", (7, 1), "error")]
    assert "`flux create secret githubapp`" in diag.hint


@pytest.mark.parametrize(("provider", "url", "endpoint"), [
    ("azure", "ssh://git@ssh.dev.azure.com/v3/acme/platform/fleet", "https://dev.azure.com/"),
    ("aws", "ssh://git-codecommit.eu-west-1.amazonaws.com/v1/repos/fleet", "https://git-codecommit."),
    ("azure", "http://dev.azure.com/acme/platform/_git/fleet", "https://dev.azure.com/")])
def test_cloud_git_providers_need_https(provider: str, url: str, endpoint: str) -> None:
    diag = only(run(GIT.replace("https://github.com/acme/fleet", url) + f"gitProvider: {provider}\n"))
    assert brief([diag]) == [(codes.CONFLICTING_KEYS, "$.gitProvider", (7, 1), "error")]
    assert diag.message == f"`gitProvider: {provider}` needs an https:// `gitRepoUrl`: Flux gets a token for the " \
                           "HTTPS endpoint only"
    assert endpoint in diag.hint


def test_github_provider_over_ssh_is_not_refused() -> None:
    # the docs say nothing of the URL for a GitHub App: fluxc does not guess
    assert run(GIT.replace("https://", "ssh://git@") + "gitProvider: github\ngitSecretRef: app\n") == []


# --- chart keys only an OCIRepository has ---------------------------------------------------------------------------

@pytest.mark.parametrize(("key", "value", "why"), [
    ("provider", "aws", "`chart.secretRef`"), ("insecure", "false", "http://"),
    ("proxySecretRef", "proxy", "HTTPS_PROXY"), ("verify", "{secretRef: k}", "oci://")])
def test_oci_only_chart_keys_on_an_https_repository(key: str, value: str, why: str) -> None:
    diag = only(run(HTTPS_CHART + f"  {key}: {value}\n"))
    assert brief([diag]) == [(codes.KEY_NOT_APPLICABLE, f"$.chart.{key}", (8, 3), "error")]
    assert diag.message == f"`chart.{key}` applies only to a chart in an OCI registry (oci://)"
    assert diag.hint.startswith("remove it: ") and why in diag.hint


def test_nothing_inside_a_refused_verify_is_checked() -> None:
    found = run(HTTPS_CHART + "  verify: {provider: notation}\n")
    assert [format_path(d.path) for d in found] == ["$.chart.verify"]


# --- registry and verification -------------------------------------------------------------------------------------

@pytest.mark.parametrize("root", ["artifact", "chart"])
def test_cloud_provider_is_ignored_with_a_secret(root: str) -> None:
    text = (ARTIFACT if root == "artifact" else OCI_CHART) + "  provider: gcp\n  secretRef: creds\n"
    diag = only(run(text))
    assert (diag.code, format_path(diag.path), diag.severity) == (codes.IGNORED_KEY, f"$.{root}.provider", "warning")
    assert diag.message == f"`{root}.provider: gcp` is ignored when `{root}.secretRef` is set: Flux logs in with " \
                           "the Secret's credentials"


def test_notation_needs_a_secret_at_verify() -> None:
    diag = only(run(OCI_CHART + "  verify:\n    provider: notation\n"))
    assert brief([diag]) == [(codes.MISSING_KEY, "$.chart.verify.secretRef", (8, 3), "error")]
    assert "trustpolicy.json" in diag.message


def test_notation_takes_no_identities() -> None:
    found = run(ARTIFACT + "  verify:\n    provider: notation\n" + IDENTITY)
    assert [(d.code, format_path(d.path)) for d in found] == [
        (codes.MISSING_KEY, "$.artifact.verify.secretRef"), (codes.KEY_NOT_APPLICABLE,
                                                             "$.artifact.verify.matchOIDCIdentity")]


def test_identities_are_ignored_with_cosign_keys() -> None:
    diag = only(run(ARTIFACT + "  verify:\n    secretRef: cosign-pub\n" + IDENTITY))
    assert brief([diag]) == [(codes.IGNORED_KEY, "$.artifact.verify.matchOIDCIdentity", (11, 5), "warning")]


@pytest.mark.parametrize("verify", ["{}", "{provider: cosign}"])
def test_keyless_without_identities_accepts_anyone(verify: str) -> None:
    diag = only(run(ARTIFACT + f"  verify: {verify}\n"))
    assert brief([diag]) == [(codes.ANY_SIGNER, "$.artifact.verify", (9, 3), "warning")]
    assert "accepts a keyless signature by anyone" in diag.message
    assert "`matchOIDCIdentity`" in diag.hint


def test_keyless_verification_ignores_the_proxy() -> None:
    diag = only(run(ARTIFACT + "  proxySecretRef: proxy\n  verify:\n" + IDENTITY))
    assert brief([diag]) == [(codes.IGNORED_KEY, "$.artifact.proxySecretRef", (9, 3), "warning")]
    assert "HTTPS_PROXY" in diag.hint


# --- wrong types are the schema's to report ------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    ARTIFACT.replace("  url: oci://ghcr.io/stefanprodan/manifests/podinfo", "  url: [oci://x]"),
    ARTIFACT + "  verify: [cosign]\n",
    ARTIFACT + "  verify: {provider: [notation], matchOIDCIdentity: 3}\n",
    ARTIFACT + "  provider: {aws: 1}\n  secretRef: creds\n",
    ARTIFACT + "  path: 42\n",
    ARTIFACT.replace("tag: 6.3.5", "semver: 1.0"),
    "fluxc: v1\nname: x\noutputFormat: kustomize\ngitopsDeployment: flux\nartifact: oci://x\n",
    GIT + "gitProvider: [github]\n",
    GIT + "gitRef:\n  name: 42\n",
    HTTPS_CHART.replace("  repository: https://stefanprodan.github.io/podinfo", "  repository: 3") + "  provider: x\n",
], ids=["url", "verify-list", "verify-fields", "provider", "path", "semver-number", "artifact-string",
        "git-provider", "ref-name", "repository-number"])
def test_values_of_the_wrong_type_are_skipped(text: str) -> None:
    assert run(text) == []


def test_an_artifact_url_that_is_not_oci_gets_the_registry_hint() -> None:
    from fluxc.answers.validate_input import validate

    found = validate(parse_single(textwrap.dedent(ARTIFACT.replace("oci://", "https://", 1)), "answers.yaml"))
    diag = next(d for d in found if d.path == ("artifact", "url"))
    assert diag.code == codes.BAD_FORMAT
    assert diag.hint == "an OCIRepository pulls from a registry: write oci://<registry>/<repository>"
