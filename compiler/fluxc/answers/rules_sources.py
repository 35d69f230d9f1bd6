"""Cross-key rules of the sources (Git provider and refs, chart and artifact registries, signature verification).

Each rule is one that source-controller's documentation (fluxcd.io/flux/components/source) states, checked
against its code: a setting that cannot work is an error, one Flux ignores a warning.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from fluxc.answers import defaults
from fluxc.answers.rule_support import at, deployer
from fluxc.checks.urls import last_segment
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, JsonPath
from fluxc.yaml.document import SourceMap

# The Git providers that authenticate with the cloud's workload identity, and the https:// URL each needs
# (GitRepository docs, "Provider": AWS CodeCommit's and Azure DevOps' HTTPS endpoints).
_HTTPS_PROVIDERS = {"aws": "https://git-codecommit.<region>.amazonaws.com/v1/repos/<repository>",
                    "azure": "https://dev.azure.com/<organization>/<project>/_git/<repository>"}
# Keys of `chart` only an OCIRepository has: a HelmRepository ignores provider and insecure unless it is of
# type oci (which fluxc never writes), and has no proxySecretRef or verify at all.
_OCI_ONLY = {
    "provider": "a Helm repository over https:// authenticates with `chart.secretRef`",
    "insecure": "an http:// repository URL needs no flag, and https:// is always verified (a private CA goes "
                "in `chart.certSecretRef`)",
    "proxySecretRef": "a HelmRepository has no proxy setting: set HTTPS_PROXY on source-controller instead",
    "verify": "Flux verifies signatures of charts in OCI registries only: push the chart to one and write "
              "`chart.repository: oci://…`",
}
# The artifact.* key to write instead of each Git key, in Journey 3 from an OCI artifact.
ARTIFACT_INSTEAD = {"gitBranch": "artifact.ref", "gitRef": "artifact.ref", "gitPath": "artifact.path",
                    "gitSecretRef": "artifact.secretRef", "gitRepositoryName": "artifact.repositoryName",
                    "gitProvider": "artifact.provider", "gitProxySecretRef": "artifact.proxySecretRef"}
_CLOUD = ("aws", "azure", "gcp")


def check(data: Mapping[str, Any], smap: SourceMap) -> Iterator[Diagnostic]:
    """Every problem these keys have with each other or with the rest of the answers file."""
    yield from _git_provider(data, smap)
    chart, artifact = data.get("chart"), data.get("artifact")
    # only in the journey each belongs to: elsewhere the whole key is reported (FLX207) and nothing inside it
    if deployer(data) == "HelmRelease" and isinstance(chart, Mapping) and isinstance(chart.get("repository"), str):
        if chart["repository"].startswith("oci://"):
            yield from _registry(chart, ("chart",), smap)
        else:
            for key, why in _OCI_ONLY.items():
                if key in chart:
                    yield at(codes.KEY_NOT_APPLICABLE, f"`chart.{key}` applies only to a chart in an OCI registry "
                             "(oci://)", ("chart", key), smap, f"remove it: {why}", key=True)
    if deployer(data) == "Kustomization" and isinstance(artifact, Mapping):
        yield from _artifact_url(artifact, smap)
        yield from _registry(artifact, ("artifact",), smap)


def flux_source(data: Mapping[str, Any], smap: SourceMap) -> Iterator[Diagnostic]:
    """Where `gitopsDeployment: flux` gets the application: a Git repository (gitRepoUrl, gitPath) or an OCI
    artifact (`artifact`), never both; the Git keys say nothing to an artifact."""
    if "artifact" in data:
        if data.get("outputFormat") == "helm":  # the journey's other rules would only repeat this one
            return
        if "gitRepoUrl" in data:
            yield at(codes.CONFLICTING_KEYS, "`artifact` and `gitRepoUrl` both say where Flux gets the application",
                     ("gitRepoUrl",), smap, "keep `artifact` for an OCI artifact, or `gitRepoUrl` (with the other "
                     "git* keys) for a Git repository", key=True)
        for key, instead in ARTIFACT_INSTEAD.items():
            if key in data:
                yield at(codes.KEY_NOT_APPLICABLE, f"`{key}` does not apply to an OCI artifact", (key,), smap,
                         f"write `{instead}` instead", key=True)
        return
    if "gitRepoUrl" not in data:
        yield at(codes.JOURNEY_KEY_MISSING, "`gitopsDeployment: flux` needs `gitRepoUrl` (a Git repository) or "
                 "`artifact` (an OCI artifact)", ("gitRepoUrl",), smap, "add e.g. `gitRepoUrl: "
                 "https://github.com/org/gitops-repo.git`, or `artifact:` with `url` and `ref`",
                 near=("gitopsDeployment",), key=True)
    if "gitPath" not in data:
        yield at(codes.JOURNEY_KEY_MISSING, "`gitopsDeployment: flux` needs `gitPath`", ("gitPath",), smap,
                 "add e.g. `gitPath: apps/my-app`", near=("gitopsDeployment",), key=True)


def artifact_with_helm(data: Mapping[str, Any], smap: SourceMap) -> Iterator[Diagnostic]:
    if "artifact" in data and data.get("outputFormat") == "helm":
        yield at(codes.KEY_NOT_APPLICABLE, "`artifact` does not apply with `outputFormat: helm`: Flux deploys an "
                 "OCI artifact with a Kustomization", ("artifact",), smap, "a chart in an OCI registry is Journey 1: "
                 "write `deploymentMethod: flux` and `chart.repository: oci://…` instead of `outputFormat`, or use "
                 "`outputFormat: kustomize` or `raw` for an artifact of manifests", key=True)


def _git_provider(data: Mapping[str, Any], smap: SourceMap) -> Iterator[Diagnostic]:
    provider, url = data.get("gitProvider"), data.get("gitRepoUrl")
    if "artifact" in data:  # no GitRepository: the journey's rules report gitProvider itself
        return
    if provider == "github" and "gitSecretRef" not in data:
        # source-controller stalls: "secretRef with github app data must be specified when provider is set to github"
        yield at(codes.MISSING_KEY, "`gitProvider: github` needs `gitSecretRef`: the Secret with the GitHub App's "
                 "ID, installation and private key", ("gitSecretRef",), smap, "add `gitSecretRef:` naming a Secret "
                 "made with `flux create secret githubapp`", near=("gitProvider",), key=True)
    elif isinstance(provider, str) and provider in _HTTPS_PROVIDERS and isinstance(url, str) and \
            not url.lower().startswith("https://"):
        yield at(codes.CONFLICTING_KEYS, f"`gitProvider: {provider}` needs an https:// `gitRepoUrl`: Flux gets "
                 "a token for the HTTPS endpoint only", ("gitProvider",), smap, "write the repository's URL as "
                 f"{_HTTPS_PROVIDERS[provider]}, or remove `gitProvider` and authenticate with `gitSecretRef`",
                 key=True)


def _artifact_url(artifact: Mapping[str, Any], smap: SourceMap) -> Iterator[Diagnostic]:
    url = artifact.get("url")
    segment = last_segment(url) if isinstance(url, str) else ""
    if "@" in segment or ":" in segment:  # the OCIRepository docs: "specifying a tag or digest is not acceptable"
        yield at(codes.BAD_FORMAT, f"the artifact URL {url} names a tag or digest, which OCIRepository refuses",
                 ("artifact", "url"), smap, "write the repository alone and put the tag in `artifact.ref.tag`, or "
                 "the digest in `artifact.ref.digest`")


def _registry(settings: Mapping[str, Any], root: JsonPath, smap: SourceMap) -> Iterator[Diagnostic]:
    """The registry settings of an OCIRepository (`chart` of an oci:// chart, or `artifact`)."""
    name = ".".join(map(str, root))
    provider = settings.get("provider")
    if isinstance(provider, str) and provider in _CLOUD and "secretRef" in settings:
        # source-controller asks the cloud for a token only when no Secret gave credentials
        yield at(codes.IGNORED_KEY, f"`{name}.provider: {provider}` is ignored when `{name}.secretRef` is set: "
                 "Flux logs in with the Secret's credentials", (*root, "provider"), smap, "remove one of them",
                 key=True, severity="warning")
    verify = settings.get("verify")
    if isinstance(verify, Mapping):
        if "proxySecretRef" in settings and verify.get("provider", defaults.VERIFY_PROVIDER) == "cosign" and \
                "secretRef" not in verify:
            # the OCIRepository docs: keyless verification "without the associated object-level proxy settings"
            yield at(codes.IGNORED_KEY, f"keyless verification does not use `{name}.proxySecretRef`: Flux reaches "
                     "Sigstore (Fulcio, Rekor) without the proxy", (*root, "proxySecretRef"), smap, "if Sigstore is "
                     "reachable only through the proxy, set HTTPS_PROXY on source-controller, or verify with cosign "
                     "public keys (`verify.secretRef`)", key=True, severity="warning")
        yield from _verify(verify, (*root, "verify"), smap)


def _verify(verify: Mapping[str, Any], path: JsonPath, smap: SourceMap) -> Iterator[Diagnostic]:
    name = ".".join(map(str, path))
    provider = verify.get("provider", defaults.VERIFY_PROVIDER)
    identities = "matchOIDCIdentity" in verify
    if provider == "notation":
        if "secretRef" not in verify:
            yield at(codes.MISSING_KEY, "notation verification needs `secretRef`: the Secret with the trust policy "
                     "(trustpolicy.json) and the CA certificates", (*path, "secretRef"), smap, "add `secretRef:` "
                     "naming that Secret", near=path, key=True)
        if identities:
            yield at(codes.KEY_NOT_APPLICABLE, "`matchOIDCIdentity` applies only to keyless cosign verification",
                     (*path, "matchOIDCIdentity"), smap, "remove it: notation trusts the certificates and the trust "
                     "policy in `secretRef`", key=True)
    elif provider == "cosign" and "secretRef" in verify and identities:
        yield at(codes.IGNORED_KEY, "`matchOIDCIdentity` is ignored when `secretRef` holds cosign public keys: Flux "
                 "then verifies with the keys alone", (*path, "matchOIDCIdentity"), smap, "remove `secretRef` for "
                 "keyless verification of these identities, or remove `matchOIDCIdentity`", key=True,
                 severity="warning")
    elif provider == "cosign" and "secretRef" not in verify and not identities:
        yield at(codes.ANY_SIGNER, f"`{name}` without `secretRef` or `matchOIDCIdentity` accepts a keyless "
                 "signature by anyone: Flux then checks only that Sigstore's Fulcio certified the signer, "
                 "whoever it is", path, smap, "add `matchOIDCIdentity` with your signer's OIDC issuer and subject, "
                 "e.g. `issuer: ^https://token\\.actions\\.githubusercontent\\.com$`, or `secretRef` with cosign "
                 "public keys", key=True, severity="warning")
