"""The official CRDs in ../shared/flux-crds as test material: their kinds, documents to mutate, CEL rule cases.

`CASES` holds, for every CEL rule of those CRDs, documents on which the rule holds and
documents on which it fails, with the failures the API server reports (upstream
messages, verbatim). tests/unit/crds/test_cel.py evaluates them with cel-python and,
for `HAND_CODED_CASES`, compares them with the hand-coded JSON Schema fragments.
"""

from __future__ import annotations

import copy
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from fluxc.crds.cel import JsonPath
from helpers.paths import shared_dir

GVK = tuple[str, str]  # (apiVersion, kind)

SRC, HELM, KS = "source.toolkit.fluxcd.io/v1", "helm.toolkit.fluxcd.io/v2", "kustomize.toolkit.fluxcd.io/v1"
NOTIFY_BETA, NOTIFY = "notification.toolkit.fluxcd.io/v1beta3", "notification.toolkit.fluxcd.io/v1"
IMAGE, OPERATOR = "image.toolkit.fluxcd.io/v1", "fluxcd.controlplane.io/v1"
# The served apiVersion of every kind in ../shared/flux-crds, written out (not read from the CRDs).
API = {"GitRepository": SRC, "HelmRepository": SRC, "OCIRepository": SRC, "Bucket": SRC, "HelmChart": SRC,
       "HelmRelease": HELM, "Kustomization": KS,
       "Alert": NOTIFY_BETA, "Provider": NOTIFY_BETA, "Receiver": NOTIFY,
       "ImageRepository": IMAGE, "ImagePolicy": IMAGE, "ImageUpdateAutomation": IMAGE,
       "FluxInstance": OPERATOR, "ResourceSet": OPERATOR, "ResourceSetInputProvider": OPERATOR}
# The groups whose CEL rules fluxc.crds.hand_coded restates as JSON Schema (translate mode). fluxc emits and
# bundles schemas for kinds of these groups only, and translate mode exists for them (the tests' oracle of
# what fluxc emits); `fluxc validate --crds` evaluates every other kind's rules with cel-python instead.
HAND_CODED_GROUPS = frozenset({"source.toolkit.fluxcd.io", "helm.toolkit.fluxcd.io", "kustomize.toolkit.fluxcd.io"})
DELETE = object()  # mutation value: remove the key


def crd_dir() -> Path:
    return shared_dir("flux-crds")


def is_hand_coded(gvk: GVK) -> bool:
    return gvk[0].partition("/")[0] in HAND_CODED_GROUPS


def doc(kind: str, spec: Any, name: str = "podinfo") -> dict[str, Any]:
    return {"apiVersion": API[kind], "kind": kind, "metadata": {"name": name, "namespace": "flux-system"},
            "spec": spec}


def mutate(base: dict[str, Any], *changes: tuple[str, Any]) -> dict[str, Any]:
    """A deep copy of base with each (dotted path, value or DELETE) applied; missing parents are created."""
    out = copy.deepcopy(base)
    for path, value in changes:
        *parents, last = path.split(".")
        node = out
        for key in parents:
            node = node.setdefault(key, {})
        if value is DELETE:
            del node[last]
        else:
            node[last] = value
    return out


def nodes(node: Any) -> Iterator[dict[str, Any]]:
    """Every mapping in a parsed YAML/JSON tree, this one first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from nodes(value)


def crd_texts() -> list[str]:
    return [f.read_text(encoding="utf-8") for f in sorted(crd_dir().glob("*.yaml"))]


def _rules_at(schema: dict[str, Any], path: str) -> Iterator[tuple[str, str]]:
    for rule in schema.get("x-kubernetes-validations", ()):
        yield path or ".", str(rule["rule"])
    for name, sub in schema.get("properties", {}).items():
        yield from _rules_at(sub, f"{path}.{name}")
    if isinstance(schema.get("additionalProperties"), dict):
        yield from _rules_at(schema["additionalProperties"], f"{path}.*")
    if "items" in schema:
        yield from _rules_at(schema["items"], f"{path}[*]")


def official_rules() -> dict[GVK, list[tuple[str, str]]]:
    """(path as fluxc.crds names it, rule text) of every CEL rule of each served version, read straight from the YAML."""
    found: dict[GVK, list[tuple[str, str]]] = {}
    for text in crd_texts():
        spec = yaml.safe_load(text)["spec"]
        for version in spec["versions"]:
            if version.get("served"):
                gvk = (f"{spec['group']}/{version['name']}", spec["names"]["kind"])
                found[gvk] = list(_rules_at(version["schema"]["openAPIV3Schema"], ""))
    return found


def synthetic_crd(kind: str, plural: str, properties: str, *, scope: str = "Namespaced", unserved: str = "") -> str:
    """A CRD of group example.com serving v1, whose root schema has `properties` (YAML, not indented).

    `unserved`: a flow-style version entry listed before v1.
    """
    before = f"  - {unserved}\n" if unserved else ""
    return (f"apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
            f"metadata: {{name: {plural}.example.com}}\nspec:\n  group: example.com\n"
            f"  names: {{kind: {kind}, plural: {plural}}}\n  scope: {scope}\n  versions:\n{before}"
            "  - name: v1\n    served: true\n    storage: true\n    schema:\n      openAPIV3Schema:\n"
            "        type: object\n        properties:\n" + textwrap.indent(properties, " " * 10))


# --- CEL rule cases: (document, the failures expected: (instance path, upstream message)) ----------------------

SPEC: JsonPath = ("spec",)
KC: JsonPath = ("spec", "kubeConfig")
REF = {"name": "s"}

# The upstream messages, verbatim.
CHART = "either chart or chartRef must be set"
INSTALL_RETRY = ".retryInterval cannot be set when .name is 'RemediateOnFailure'"
UPGRADE_RETRY = ".retryInterval can only be set when .name is 'RetryOnFailure'"
KUBECONFIG = "exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef must be specified"
GIT_SA = "serviceAccountName can only be set when provider is 'azure' or 'aws'"
VERIFY = "spec.verify is only supported when spec.sourceRef.kind is 'HelmRepository'"
STS_PROVIDERS = "STS configuration is only supported for the 'aws' and 'generic' Bucket providers"
STS_AWS = "'aws' is the only supported STS provider for the 'aws' Bucket provider"
STS_LDAP = "'ldap' is the only supported STS provider for the 'generic' Bucket provider"
STS_SECRET = "spec.sts.secretRef is not required for the 'aws' STS provider"
STS_CERT = "spec.sts.certSecretRef is not required for the 'aws' STS provider"
BUCKET_SA = "ServiceAccountName is not supported for the 'generic' Bucket provider"
SECRET_AND_SA = "cannot set both .spec.secretRef and .spec.serviceAccountName"

HR_CHART = doc("HelmRelease", {"chart": {"spec": {"chart": "podinfo",
                                                  "sourceRef": {"kind": "HelmRepository", "name": "podinfo"}}},
                               "interval": "1m0s"})
HR_CHARTREF = doc("HelmRelease", {"chartRef": {"kind": "OCIRepository", "name": "podinfo"}, "interval": "1m0s"})
KUST = doc("Kustomization", {"interval": "1m0s", "prune": False,
                             "sourceRef": {"kind": "GitRepository", "name": "podinfo"}})
GIT = doc("GitRepository", {"interval": "1m0s", "url": "https://github.com/stefanprodan/podinfo"})
HELMCHART = doc("HelmChart", {"chart": "podinfo", "interval": "1m0s",
                              "sourceRef": {"kind": "HelmRepository", "name": "podinfo"}})
BUCKET = doc("Bucket", {"bucketName": "b", "endpoint": "minio.example.com", "interval": "1m0s"})
LDAP = {"provider": "ldap", "endpoint": "https://sts.example.com"}
AWS = {"provider": "aws", "endpoint": "https://sts.amazonaws.com"}

HAND_CODED_CASES = [
    # HelmRelease .spec: exactly one of chart and chartRef
    pytest.param(HR_CHART, [], id="hr-chart"),
    pytest.param(HR_CHARTREF, [], id="hr-chartRef"),
    pytest.param(mutate(HR_CHART, ("spec.chartRef", {"kind": "OCIRepository", "name": "p"})), [(SPEC, CHART)],
                 id="hr-both"),
    pytest.param(mutate(HR_CHART, ("spec.chart", DELETE)), [(SPEC, CHART)], id="hr-neither"),
    pytest.param(mutate(HR_CHART, ("spec.chart", None)), [(SPEC, CHART)], id="hr-null-chart-is-absent"),
    pytest.param(mutate(HR_CHARTREF, ("spec.chart", None)), [], id="hr-null-chart-and-chartRef"),
    # HelmRelease install/upgrade strategies
    pytest.param(mutate(HR_CHART, ("spec.install", {"strategy": {"name": "RemediateOnFailure", "retryInterval": "1m"}})),
                 [(("spec", "install", "strategy"), INSTALL_RETRY)], id="hr-install-remediate-retry"),
    pytest.param(mutate(HR_CHART, ("spec.install", {"strategy": {"name": "RetryOnFailure", "retryInterval": "1m"}})),
                 [], id="hr-install-retry-retry"),
    pytest.param(mutate(HR_CHART, ("spec.install", {"strategy": {"name": "RemediateOnFailure"}})), [],
                 id="hr-install-remediate"),
    pytest.param(mutate(HR_CHART, ("spec.upgrade", {"strategy": {"name": "RemediateOnFailure", "retryInterval": "1m"}})),
                 [(("spec", "upgrade", "strategy"), UPGRADE_RETRY)], id="hr-upgrade-remediate-retry"),
    pytest.param(mutate(HR_CHART, ("spec.upgrade", {"strategy": {"name": "RetryOnFailure", "retryInterval": "1m"}})),
                 [], id="hr-upgrade-retry-retry"),
    pytest.param(mutate(HR_CHART, ("spec.upgrade", {"strategy": {"retryInterval": "1m"}})),
                 [(("spec", "upgrade", "strategy"), UPGRADE_RETRY)], id="hr-upgrade-no-name-runtime-error"),
    pytest.param(mutate(HR_CHART, ("spec.upgrade", {"strategy": None})), [], id="hr-upgrade-null-strategy"),
    # kubeConfig: exactly one reference (two rules, one message)
    pytest.param(mutate(HR_CHART, ("spec.kubeConfig", {"secretRef": REF})), [], id="hr-kubeconfig-secret"),
    pytest.param(mutate(HR_CHART, ("spec.kubeConfig", {"configMapRef": REF})), [], id="hr-kubeconfig-configmap"),
    pytest.param(mutate(HR_CHART, ("spec.kubeConfig", {})), [(KC, KUBECONFIG)], id="hr-kubeconfig-neither"),
    pytest.param(mutate(HR_CHART, ("spec.kubeConfig", {"secretRef": REF, "configMapRef": REF})), [(KC, KUBECONFIG)],
                 id="hr-kubeconfig-both"),
    pytest.param(KUST, [], id="ks"),
    pytest.param(mutate(KUST, ("spec.kubeConfig", {"secretRef": REF})), [], id="ks-kubeconfig-secret"),
    pytest.param(mutate(KUST, ("spec.kubeConfig", {"secretRef": None})), [(KC, KUBECONFIG)],
                 id="ks-kubeconfig-null-secret"),
    pytest.param(mutate(KUST, ("spec.kubeConfig", {"secretRef": REF, "configMapRef": REF})), [(KC, KUBECONFIG)],
                 id="ks-kubeconfig-both"),
    # GitRepository: serviceAccountName needs provider azure or aws (no default)
    pytest.param(GIT, [], id="git"),
    pytest.param(mutate(GIT, ("spec.serviceAccountName", "sa")), [(SPEC, GIT_SA)], id="git-sa-no-provider"),
    pytest.param(mutate(GIT, ("spec.serviceAccountName", "sa"), ("spec.provider", "azure")), [], id="git-sa-azure"),
    pytest.param(mutate(GIT, ("spec.serviceAccountName", "sa"), ("spec.provider", "aws")), [], id="git-sa-aws"),
    pytest.param(mutate(GIT, ("spec.serviceAccountName", "sa"), ("spec.provider", "generic")), [(SPEC, GIT_SA)],
                 id="git-sa-generic"),
    pytest.param(mutate(GIT, ("spec.provider", "github")), [], id="git-provider-no-sa"),
    # HelmChart: verify only from a HelmRepository
    pytest.param(HELMCHART, [], id="helmchart"),
    pytest.param(mutate(HELMCHART, ("spec.verify", {"provider": "cosign"})), [], id="helmchart-verify-helmrepo"),
    pytest.param(mutate(HELMCHART, ("spec.verify", {"provider": "cosign"}), ("spec.sourceRef.kind", "GitRepository")),
                 [(SPEC, VERIFY)], id="helmchart-verify-gitrepo"),
    pytest.param(mutate(HELMCHART, ("spec.verify", {"provider": "cosign"}), ("spec.sourceRef", DELETE)),
                 [(SPEC, VERIFY)], id="helmchart-verify-no-sourceRef-runtime-error"),
    # Bucket: provider defaults to generic before CEL runs
    pytest.param(BUCKET, [], id="bucket"),
    pytest.param(mutate(BUCKET, ("spec.sts", LDAP)), [], id="bucket-default-generic-ldap"),
    pytest.param(mutate(BUCKET, ("spec.sts", LDAP), ("spec.provider", None)), [], id="bucket-null-provider-defaulted"),
    pytest.param(mutate(BUCKET, ("spec.sts", AWS)), [(SPEC, STS_LDAP)], id="bucket-default-generic-aws-sts"),
    pytest.param(mutate(BUCKET, ("spec.provider", "aws"), ("spec.sts", AWS)), [], id="bucket-aws-aws"),
    pytest.param(mutate(BUCKET, ("spec.provider", "aws"), ("spec.sts", LDAP)), [(SPEC, STS_AWS)],
                 id="bucket-aws-ldap"),
    pytest.param(mutate(BUCKET, ("spec.provider", "gcp"), ("spec.sts", LDAP)), [(SPEC, STS_PROVIDERS)],
                 id="bucket-gcp-sts"),
    pytest.param(mutate(BUCKET, ("spec.provider", "aws"), ("spec.sts", {**AWS, "secretRef": REF})),
                 [(SPEC, STS_SECRET)], id="bucket-aws-sts-secretRef"),
    pytest.param(mutate(BUCKET, ("spec.provider", "aws"), ("spec.sts", {**AWS, "certSecretRef": REF})),
                 [(SPEC, STS_CERT)], id="bucket-aws-sts-certSecretRef"),
    pytest.param(mutate(BUCKET, ("spec.sts", {**LDAP, "secretRef": REF, "certSecretRef": REF})), [],
                 id="bucket-ldap-sts-refs"),
    pytest.param(mutate(BUCKET, ("spec.serviceAccountName", "sa")), [(SPEC, BUCKET_SA)], id="bucket-generic-sa"),
    pytest.param(mutate(BUCKET, ("spec.serviceAccountName", "sa"), ("spec.provider", "aws")), [], id="bucket-aws-sa"),
    pytest.param(mutate(BUCKET, ("spec.serviceAccountName", "sa"), ("spec.provider", "aws"), ("spec.secretRef", REF)),
                 [(SPEC, SECRET_AND_SA)], id="bucket-secretRef-and-sa"),
    pytest.param(mutate(BUCKET, ("spec.serviceAccountName", "sa"), ("spec.secretRef", REF)),
                 [(SPEC, BUCKET_SA), (SPEC, SECRET_AND_SA)], id="bucket-two-rules-fail"),
    pytest.param(mutate(BUCKET, ("spec", None)), [], id="bucket-null-spec"),
    pytest.param(mutate(BUCKET, ("spec", DELETE)), [], id="bucket-no-spec"),
]

# notification.toolkit.fluxcd.io
COMMIT_STATUS = ("spec.commitStatusExpr is only supported for the 'github', 'gitlab', 'gitea', 'bitbucketserver', "
                 "'bitbucket', 'azuredevops' provider types")
OIDC_NEEDS_PROVIDER = "generic-oidc receivers must define at least one oidcProvider"
OIDC_PROVIDERS_ONLY = "oidcProviders can only be set when type is generic-oidc"
OIDC_NO_SECRET = "secretRef cannot be set when type is generic-oidc"
SECRET_REQUIRED = "secretRef is required when type is not generic-oidc"
# image.toolkit.fluxcd.io
INTERVAL_ONLY_ALWAYS = "spec.interval is only accepted when spec.digestReflectionPolicy is set to 'Always'"
INTERVAL_IF_ALWAYS = "spec.interval must be set when spec.digestReflectionPolicy is set to 'Always'"
# fluxcd.controlplane.io FluxInstance
OBJECT_LEVEL_WI = ".objectLevelWorkloadIdentity must be set to true when .multitenantWorkloadIdentity is set to true"
SYNC_GCP = "sync.provider 'gcp' is only supported for OCIRepository and Bucket"
SYNC_GITHUB = "sync.provider 'github' is only supported for GitRepository"
SHARD_STORAGE = ".spec.storage must be set when .spec.sharding.storage is 'persistent'"
FLUX_NAME = "the only accepted name for a FluxInstance is 'flux'"
# fluxcd.controlplane.io ResourceSet
EMPTY_PROVIDERS = "includeEmptyProviders only applies when name is Permute"
INPUT_NAME_OR_SELECTOR = "at least one of name or selector must be set for input provider references"
INPUT_NOT_BOTH = "cannot set both name and selector for input provider references"
STEP_CONTENT = "at least one of resources or resourcesTemplate must be set"
STEP_NAMES = "step names must be unique"
STEPS_EXCLUSIVE = "steps is mutually exclusive with resources and resourcesTemplate"
NOTHING_TO_APPLY = "at least one of steps, resources or resourcesTemplate must be set"
# fluxcd.controlplane.io ResourceSetInputProvider
SELECTOR_NAME = "name is mutually exclusive with matchLabels and matchExpressions"
STATIC_URL = "spec.url must be empty when spec.type is 'Static'"
ARTIFACT_URL = "spec.url must be empty when spec.type is 'ExternalArtifact'"
URL_REQUIRED = "spec.url must not be empty when spec.type is not 'Static' or 'ExternalArtifact'"
GIT_URL = "spec.url must start with 'http://' or 'https://' when spec.type is a Git provider"
AZURE_URL = "spec.url must start with 'http://' or 'https://' when spec.type is an AzureDevOps provider"
CODECOMMIT_URL = "spec.url must start with 'https://' when spec.type is a AWSCodeCommit provider"
OCI_URL = "spec.url must start with 'oci://' when spec.type is an OCI provider"
OCI_REPOSITORY_PATH = "spec.url must include the repository path after the registry host when spec.type is an OCI provider"
SERVICE_URL = "spec.url must start with 'http://' or 'https://' when spec.type is 'ExternalService'"
INSECURE = "spec.insecure can only be set when spec.type is 'ExternalService' or 'OCIArtifactTag'"
HTTPS = "spec.url must use 'https://' unless spec.insecure is true"
INPUT_SA = ("cannot specify spec.serviceAccountName when spec.type is not one of AzureDevOps*, AWSCodeCommit*, "
            "*ArtifactTag or ExternalArtifact")
INPUT_CERT = ("cannot specify spec.certSecretRef when spec.type is one of Static, ExternalArtifact, AzureDevOps*, "
              "AWSCodeCommit*, ACRArtifactTag, ECRArtifactTag or GARArtifactTag")
INPUT_SECRET = ("cannot specify spec.secretRef when spec.type is one of Static, ExternalArtifact, AWSCodeCommit*, "
                "ACRArtifactTag, ECRArtifactTag or GARArtifactTag")
SELECTORS_REQUIRED = "spec.selectors must be set when spec.type is 'ExternalArtifact'"
SELECTORS_ONLY_ARTIFACT = "spec.selectors must not be set when spec.type is not 'ExternalArtifact'"

# The rule cel-python 0.5 cannot evaluate: `substring` is in Kubernetes' CEL strings extension, which celpy lacks.
# fluxc.crds.cel reports it as "undeclared reference", i.e. as a rule that does not compile (see XFAIL_SUBSTRING).
SUBSTRING_RULE = ("!self.type.endsWith('ArtifactTag') || !self.url.startsWith('oci://') || "
                  "self.url.substring(6).contains('/')")
NOT_COMPILING = "rule does not compile: undeclared reference to 'substring'"
XFAIL_SUBSTRING = pytest.mark.xfail(strict=True, reason=(
    "cel-python 0.5 has no Kubernetes strings extension: `self.url.substring(6)` of the ResourceSetInputProvider "
    f"rule {SUBSTRING_RULE!r} is an undeclared reference, so fluxc reports '{NOT_COMPILING}' at spec instead of "
    "evaluating the rule (the API server does) and remembers the rule as broken for the rest of the process"))

PROVIDER = doc("Provider", {"type": "slack", "channel": "general", "secretRef": {"name": "slack-url"}})
RECEIVER = doc("Receiver", {"type": "github", "events": ["ping", "push"], "secretRef": {"name": "webhook-token"},
                            "resources": [{"kind": "GitRepository", "name": "podinfo"}]})
OIDC = [{"issuerURL": "https://token.actions.githubusercontent.com",
         "validations": [{"expression": "claims.repository == 'org/podinfo'", "message": "only org/podinfo"}]}]
IMAGE_POLICY = doc("ImagePolicy", {"imageRepositoryRef": {"name": "podinfo"}, "policy": {"semver": {"range": "6.x"}}})
FLUX_INSTANCE = doc("FluxInstance", {"distribution": {"version": "2.9.x", "registry": "ghcr.io/fluxcd"},
                                     "cluster": {"type": "kubernetes", "multitenant": True}}, name="flux")
GIT_SYNC = {"kind": "GitRepository", "url": "https://github.com/org/fleet.git", "ref": "refs/heads/main",
            "path": "clusters/prod"}
OCI_SYNC = {"kind": "OCIRepository", "url": "oci://ghcr.io/org/fleet", "ref": "latest", "path": "clusters/prod"}
NAMESPACE = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "<< inputs.tenant >>"}}
RESOURCE_SET = doc("ResourceSet", {"inputs": [{"tenant": "team1"}], "resources": [NAMESPACE]})
STEPS = [{"name": "namespaces", "resources": [NAMESPACE]}, {"name": "apps", "resourcesTemplate": "---\n"}]
INPUTS = doc("ResourceSetInputProvider", {"type": "GitHubPullRequest", "url": "https://github.com/org/podinfo",
                                          "secretRef": {"name": "github-token"}})
STATIC = doc("ResourceSetInputProvider", {"type": "Static", "defaultValues": {"env": "prod"}})
ARTIFACTS = doc("ResourceSetInputProvider", {"type": "ExternalArtifact",
                                             "selectors": [{"matchLabels": {"app": "podinfo"}}]})
SELECTORS = [{"matchLabels": {"app": "podinfo"}}]
AZURE = ("spec.url", "https://dev.azure.com/org/project/_git/podinfo")

OTHER_CASES = [
    # Provider: commitStatusExpr only for git providers
    pytest.param(PROVIDER, [], id="provider"),
    pytest.param(mutate(PROVIDER, ("spec.type", "github"), ("spec.commitStatusExpr", "event.metadata.app")), [],
                 id="provider-github-commit-status"),
    pytest.param(mutate(PROVIDER, ("spec.commitStatusExpr", "event.metadata.app")), [(SPEC, COMMIT_STATUS)],
                 id="provider-slack-commit-status"),
    pytest.param(mutate(PROVIDER, ("spec.type", DELETE)), [], id="provider-no-type-error-or-true"),
    # Receiver: generic-oidc takes oidcProviders, every other type a secretRef (interval defaults to 10m)
    pytest.param(RECEIVER, [], id="receiver"),
    pytest.param(mutate(RECEIVER, ("spec.type", "generic-oidc"), ("spec.secretRef", DELETE), ("spec.oidcProviders", OIDC)),
                 [], id="receiver-oidc"),
    pytest.param(mutate(RECEIVER, ("spec.type", "generic-oidc"), ("spec.secretRef", DELETE)),
                 [(SPEC, OIDC_NEEDS_PROVIDER)], id="receiver-oidc-no-providers"),
    pytest.param(mutate(RECEIVER, ("spec.type", "generic-oidc"), ("spec.secretRef", DELETE), ("spec.oidcProviders", [])),
                 [(SPEC, OIDC_NEEDS_PROVIDER)], id="receiver-oidc-empty-providers"),
    pytest.param(mutate(RECEIVER, ("spec.type", "generic-oidc"), ("spec.oidcProviders", OIDC)),
                 [(SPEC, OIDC_NO_SECRET)], id="receiver-oidc-secretRef"),
    pytest.param(mutate(RECEIVER, ("spec.type", "generic-oidc")), [(SPEC, OIDC_NEEDS_PROVIDER), (SPEC, OIDC_NO_SECRET)],
                 id="receiver-oidc-two-rules-fail"),
    pytest.param(mutate(RECEIVER, ("spec.oidcProviders", OIDC)), [(SPEC, OIDC_PROVIDERS_ONLY)],
                 id="receiver-github-oidc-providers"),
    pytest.param(mutate(RECEIVER, ("spec.oidcProviders", [])), [], id="receiver-github-empty-providers"),
    pytest.param(mutate(RECEIVER, ("spec.secretRef", DELETE)), [(SPEC, SECRET_REQUIRED)], id="receiver-no-secretRef"),
    pytest.param(mutate(RECEIVER, ("spec.secretRef", None)), [(SPEC, SECRET_REQUIRED)], id="receiver-null-secretRef"),
    # ImagePolicy: interval if and only if digestReflectionPolicy is Always (it defaults to Never)
    pytest.param(IMAGE_POLICY, [], id="imagepolicy"),
    pytest.param(mutate(IMAGE_POLICY, ("spec.interval", "5m"), ("spec.digestReflectionPolicy", "Always")), [],
                 id="imagepolicy-always-interval"),
    pytest.param(mutate(IMAGE_POLICY, ("spec.interval", "5m")), [(SPEC, INTERVAL_ONLY_ALWAYS)],
                 id="imagepolicy-interval-default-never"),
    pytest.param(mutate(IMAGE_POLICY, ("spec.interval", "5m"), ("spec.digestReflectionPolicy", None)),
                 [(SPEC, INTERVAL_ONLY_ALWAYS)], id="imagepolicy-interval-null-policy-defaulted"),
    pytest.param(mutate(IMAGE_POLICY, ("spec.interval", "5m"), ("spec.digestReflectionPolicy", "IfNotPresent")),
                 [(SPEC, INTERVAL_ONLY_ALWAYS)], id="imagepolicy-interval-if-not-present"),
    pytest.param(mutate(IMAGE_POLICY, ("spec.digestReflectionPolicy", "Always")), [(SPEC, INTERVAL_IF_ALWAYS)],
                 id="imagepolicy-always-no-interval"),
    # FluxInstance
    pytest.param(FLUX_INSTANCE, [], id="fluxinstance"),
    pytest.param(mutate(FLUX_INSTANCE, ("metadata.name", "flux-system")), [((), FLUX_NAME)], id="fluxinstance-name"),
    pytest.param(mutate(FLUX_INSTANCE, ("spec.cluster.multitenantWorkloadIdentity", True)),
                 [(("spec", "cluster"), OBJECT_LEVEL_WI)], id="fluxinstance-multitenant-wi"),
    pytest.param(mutate(FLUX_INSTANCE, ("spec.cluster.multitenantWorkloadIdentity", True),
                        ("spec.cluster.objectLevelWorkloadIdentity", True)), [], id="fluxinstance-object-level-wi"),
    pytest.param(mutate(FLUX_INSTANCE, ("spec.cluster.multitenantWorkloadIdentity", True),
                        ("spec.cluster.objectLevelWorkloadIdentity", False)),
                 [(("spec", "cluster"), OBJECT_LEVEL_WI)], id="fluxinstance-object-level-wi-false"),
    pytest.param(mutate(FLUX_INSTANCE, ("spec.cluster", {})), [], id="fluxinstance-cluster-defaults"),
    pytest.param(mutate(FLUX_INSTANCE, ("spec.sync", {**GIT_SYNC, "provider": "github", "name": "fleet"})), [],
                 id="fluxinstance-sync-git-github-named"),
    pytest.param(mutate(FLUX_INSTANCE, ("spec.sync", {**GIT_SYNC, "provider": "gcp"})),
                 [(("spec", "sync"), SYNC_GCP)], id="fluxinstance-sync-git-gcp"),
    pytest.param(mutate(FLUX_INSTANCE, ("spec.sync", {**OCI_SYNC, "provider": "gcp"})), [],
                 id="fluxinstance-sync-oci-gcp"),
    pytest.param(mutate(FLUX_INSTANCE, ("spec.sync", {**OCI_SYNC, "provider": "github"})),
                 [(("spec", "sync"), SYNC_GITHUB)], id="fluxinstance-sync-oci-github"),
    pytest.param(mutate(FLUX_INSTANCE, ("spec.sharding", {"shards": ["a"], "storage": "persistent"})),
                 [(SPEC, SHARD_STORAGE)], id="fluxinstance-persistent-shards-no-storage"),
    pytest.param(mutate(FLUX_INSTANCE, ("spec.sharding", {"shards": ["a"], "storage": "persistent"}),
                        ("spec.storage", {"class": "standard", "size": "10Gi"})), [], id="fluxinstance-persistent-shards"),
    pytest.param(mutate(FLUX_INSTANCE, ("spec.sharding", {"shards": ["a"], "storage": "ephemeral"})), [],
                 id="fluxinstance-ephemeral-shards"),
    # ResourceSet
    pytest.param(RESOURCE_SET, [], id="resourceset"),
    pytest.param(mutate(RESOURCE_SET, ("spec.resources", DELETE), ("spec.resourcesTemplate", "---\n")), [],
                 id="resourceset-template"),
    pytest.param(mutate(RESOURCE_SET, ("spec.resources", DELETE)), [(SPEC, NOTHING_TO_APPLY)],
                 id="resourceset-nothing"),
    pytest.param(mutate(RESOURCE_SET, ("spec.resources", DELETE), ("spec.steps", STEPS)), [], id="resourceset-steps"),
    pytest.param(mutate(RESOURCE_SET, ("spec.steps", STEPS)), [(SPEC, STEPS_EXCLUSIVE)],
                 id="resourceset-steps-and-resources"),
    pytest.param(mutate(RESOURCE_SET, ("spec.resources", DELETE), ("spec.steps", [{**STEPS[0], "name": "apps"},
                                                                                 STEPS[1]])),
                 [(("spec", "steps"), STEP_NAMES)], id="resourceset-steps-same-name"),
    pytest.param(mutate(RESOURCE_SET, ("spec.resources", DELETE), ("spec.steps", [STEPS[0], {"name": "empty"}])),
                 [(("spec", "steps", 1), STEP_CONTENT)], id="resourceset-empty-step"),
    pytest.param(mutate(RESOURCE_SET, ("spec.inputStrategy", {"name": "Permute", "includeEmptyProviders": True})), [],
                 id="resourceset-permute-empty-providers"),
    pytest.param(mutate(RESOURCE_SET, ("spec.inputStrategy", {"name": "Flatten", "includeEmptyProviders": True})),
                 [(("spec", "inputStrategy"), EMPTY_PROVIDERS)], id="resourceset-flatten-empty-providers"),
    pytest.param(mutate(RESOURCE_SET, ("spec.inputsFrom", [{"kind": "ResourceSetInputProvider", "name": "prs"},
                                                           {"selector": {"matchLabels": {"app": "podinfo"}}}])), [],
                 id="resourceset-inputs-from"),
    pytest.param(mutate(RESOURCE_SET, ("spec.inputsFrom", [{"name": "prs"}, {"kind": "ResourceSetInputProvider"}])),
                 [(("spec", "inputsFrom", 1), INPUT_NAME_OR_SELECTOR)], id="resourceset-inputs-from-neither"),
    pytest.param(mutate(RESOURCE_SET, ("spec.inputsFrom", [{"name": "prs", "selector": {}}])),
                 [(("spec", "inputsFrom", 0), INPUT_NOT_BOTH)], id="resourceset-inputs-from-both"),
    # ResourceSetInputProvider: which fields each type takes, and the shape of its url
    pytest.param(INPUTS, [], id="inputs-github"),
    pytest.param(STATIC, [], id="inputs-static"),
    pytest.param(ARTIFACTS, [], id="inputs-artifact"),
    pytest.param(mutate(STATIC, ("spec.url", "https://example.com")), [(SPEC, STATIC_URL)], id="inputs-static-url"),
    pytest.param(mutate(ARTIFACTS, ("spec.url", "https://example.com")), [(SPEC, ARTIFACT_URL)],
                 id="inputs-artifact-url"),
    pytest.param(mutate(INPUTS, ("spec.url", DELETE)), [(SPEC, URL_REQUIRED), (SPEC, GIT_URL)],
                 id="inputs-github-no-url-runtime-error"),
    pytest.param(mutate(INPUTS, ("spec.type", "GitLabBranch"), ("spec.url", "oci://gitlab.com/org/podinfo")),
                 [(SPEC, GIT_URL)], id="inputs-gitlab-oci-url"),
    pytest.param(mutate(INPUTS, ("spec.type", "AzureDevOpsTag"), AZURE), [], id="inputs-azure"),
    pytest.param(mutate(INPUTS, ("spec.type", "AzureDevOpsTag"), ("spec.url", "oci://dev.azure.com/org")),
                 [(SPEC, AZURE_URL)], id="inputs-azure-oci-url"),
    pytest.param(mutate(INPUTS, ("spec.type", "AWSCodeCommitBranch"), ("spec.secretRef", DELETE),
                        ("spec.url", "https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/podinfo")), [],
                 id="inputs-codecommit"),
    pytest.param(mutate(INPUTS, ("spec.type", "AWSCodeCommitBranch"), ("spec.secretRef", DELETE),
                        ("spec.url", "http://git-codecommit.eu-west-1.amazonaws.com/v1/repos/podinfo")),
                 [(SPEC, CODECOMMIT_URL)], id="inputs-codecommit-http"),
    pytest.param(mutate(INPUTS, ("spec.type", "OCIArtifactTag"), ("spec.url", "https://ghcr.io/org/podinfo")),
                 [(SPEC, OCI_URL)], id="inputs-oci-https-url"),
    pytest.param(mutate(INPUTS, ("spec.type", "OCIArtifactTag"), ("spec.url", "oci://ghcr.io/org/podinfo")), [],
                 id="inputs-oci-repository-path", marks=XFAIL_SUBSTRING),
    pytest.param(mutate(INPUTS, ("spec.type", "OCIArtifactTag"), ("spec.url", "oci://ghcr.io")),
                 [(SPEC, OCI_REPOSITORY_PATH)], id="inputs-oci-registry-only", marks=XFAIL_SUBSTRING),
    pytest.param(mutate(INPUTS, ("spec.type", "ExternalService"), ("spec.url", "https://inputs.example.com")), [],
                 id="inputs-service"),
    pytest.param(mutate(INPUTS, ("spec.type", "ExternalService"), ("spec.url", "oci://inputs.example.com/x")),
                 [(SPEC, SERVICE_URL)], id="inputs-service-oci-url"),
    pytest.param(mutate(INPUTS, ("spec.type", "ExternalService"), ("spec.url", "http://inputs.example.com")),
                 [(SPEC, HTTPS)], id="inputs-service-http"),
    pytest.param(mutate(INPUTS, ("spec.type", "ExternalService"), ("spec.url", "http://inputs.example.com"),
                        ("spec.insecure", False)), [(SPEC, HTTPS)], id="inputs-service-http-secure"),
    pytest.param(mutate(INPUTS, ("spec.type", "ExternalService"), ("spec.url", "http://inputs.example.com"),
                        ("spec.insecure", True)), [], id="inputs-service-http-insecure"),
    pytest.param(mutate(INPUTS, ("spec.insecure", True)), [(SPEC, INSECURE)], id="inputs-github-insecure"),
    pytest.param(mutate(INPUTS, ("spec.insecure", False)), [], id="inputs-github-insecure-false"),
    pytest.param(mutate(INPUTS, ("spec.serviceAccountName", "reader")), [(SPEC, INPUT_SA)], id="inputs-github-sa"),
    pytest.param(mutate(INPUTS, ("spec.type", "AzureDevOpsTag"), AZURE, ("spec.serviceAccountName", "reader")), [],
                 id="inputs-azure-sa"),
    pytest.param(mutate(INPUTS, ("spec.certSecretRef", REF)), [], id="inputs-github-certSecretRef"),
    pytest.param(mutate(INPUTS, ("spec.type", "AzureDevOpsTag"), AZURE, ("spec.certSecretRef", REF)),
                 [(SPEC, INPUT_CERT)], id="inputs-azure-certSecretRef"),
    pytest.param(mutate(STATIC, ("spec.certSecretRef", REF), ("spec.secretRef", REF)),
                 [(SPEC, INPUT_CERT), (SPEC, INPUT_SECRET)], id="inputs-static-secrets"),
    pytest.param(mutate(ARTIFACTS, ("spec.selectors", [{"name": "podinfo", "namespace": "apps"}])), [],
                 id="inputs-artifact-by-name"),
    pytest.param(mutate(ARTIFACTS, ("spec.selectors", [{"name": "podinfo", "matchLabels": {"app": "podinfo"}}])),
                 [(("spec", "selectors", 0), SELECTOR_NAME)], id="inputs-artifact-name-and-labels"),
    pytest.param(mutate(ARTIFACTS, ("spec.selectors", DELETE)), [(SPEC, SELECTORS_REQUIRED)],
                 id="inputs-artifact-no-selectors"),
    pytest.param(mutate(ARTIFACTS, ("spec.selectors", [])), [(SPEC, SELECTORS_REQUIRED)],
                 id="inputs-artifact-empty-selectors"),
    pytest.param(mutate(INPUTS, ("spec.selectors", SELECTORS)), [(SPEC, SELECTORS_ONLY_ARTIFACT)],
                 id="inputs-github-selectors"),
]

CASES = HAND_CODED_CASES + OTHER_CASES
# The documents the cases start from: each is valid for its CRD's schema.
BASES = [HR_CHART, HR_CHARTREF, KUST, GIT, HELMCHART, BUCKET, PROVIDER, RECEIVER, IMAGE_POLICY, FLUX_INSTANCE,
         RESOURCE_SET, INPUTS, STATIC, ARTIFACTS]
