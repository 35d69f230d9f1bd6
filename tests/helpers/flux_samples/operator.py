"""Sample documents for the Flux Operator kinds (fluxcd.controlplane.io/v1): FluxInstance, ResourceSet and
ResourceSetInputProvider."""

from __future__ import annotations

from helpers.flux_samples import Doc, doc, put

V1 = "fluxcd.controlplane.io/v1"


def instance(spec: Doc, name: str = "flux") -> Doc:
    return doc(V1, "FluxInstance", spec, name)


def rset(spec: Doc, name: str = "podinfo") -> Doc:
    return doc(V1, "ResourceSet", spec, name)


def rsip(spec: Doc, name: str = "flux-appx-prs") -> Doc:
    return doc(V1, "ResourceSetInputProvider", spec, name)


DISTRIBUTION = {"version": "2.x", "registry": "ghcr.io/fluxcd"}
CORE = ["source-controller", "kustomize-controller", "helm-controller", "notification-controller"]
NAMESPACE = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "<< inputs.tenant >>"}}
PODINFO_OCI = {
    "apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "OCIRepository",
    "metadata": {"name": "podinfo-<< inputs.tenant >>", "namespace": "<< inputs.tenant >>"},
    "spec": {"interval": "10m", "url": "oci://ghcr.io/stefanprodan/charts/podinfo",
             "ref": {"semver": "<< inputs.app.version | quote >>"},
             "layerSelector": {"mediaType": "application/vnd.cncf.helm.chart.content.v1.tar+gzip",
                               "operation": "copy"}},
}
PODINFO_HR = {
    "apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
    "metadata": {"name": "podinfo-<< inputs.tenant >>", "namespace": "<< inputs.tenant >>"},
    "spec": {"interval": "1h", "releaseName": "podinfo-<< inputs.tenant >>",
             "chartRef": {"kind": "OCIRepository", "name": "podinfo-<< inputs.tenant >>"},
             "values": {"replicaCount": "<< inputs.app.replicas | int >>"}},
}
PREVIEW_TEMPLATE = """\
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: app-<< inputs.id >>
  namespace: app-preview
spec:
  interval: 1h
  url: https://github.com/controlplaneio-fluxcd/flux-appx
  ref:
    commit: << inputs.sha >>
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: app-<< inputs.id >>
  namespace: app-preview
spec:
  interval: 1h
  chart:
    spec:
      chart: << inputs.chart >>
      sourceRef:
        kind: GitRepository
        name: app-<< inputs.id >>
"""
NODE_SELECTOR_PATCH = """\
- op: replace
  path: /spec/template/spec/nodeSelector
  value:
    kubernetes.io/os: linux
- op: add
  path: /spec/template/spec/tolerations
  value:
    - key: "CriticalAddonsOnly"
      operator: "Exists"
"""

MINIMAL: dict[str, Doc] = {
    "FluxInstance": instance({"distribution": DISTRIBUTION}),
    "ResourceSet": rset({"resources": [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "apps"}}]}),
    "ResourceSetInputProvider": rsip({"type": "Static"}, "tenants"),
}
FI, RS, RSIP = MINIMAL["FluxInstance"], MINIMAL["ResourceSet"], MINIMAL["ResourceSetInputProvider"]
GITHUB_PRS = rsip({"type": "GitHubPullRequest", "url": "https://github.com/controlplaneio-fluxcd/flux-appx"})
EXTERNAL_ARTIFACT = rsip({"type": "ExternalArtifact", "selectors": [{"matchLabels": {"app": "podinfo"}}]},
                         "podinfo-artifacts")
EXTERNAL_SERVICE = rsip({"type": "ExternalService", "url": "https://inputs.example.com/api/v1/tenants"},
                        "tenants-api")
ANNOTATIONS = {"fluxcd.controlplane.io/reconcileEvery": "1h", "fluxcd.controlplane.io/reconcileTimeout": "5m"}

MORE_VALID: dict[str, Doc] = {
    # FluxInstance as the Flux Operator docs and fleet repositories write it
    "fluxinstance-git-sync": {**instance({
        "distribution": {"version": "2.x", "registry": "ghcr.io/fluxcd",
                         "artifact": "oci://ghcr.io/controlplaneio-fluxcd/flux-operator-manifests"},
        "components": [*CORE, "image-reflector-controller", "image-automation-controller"],
        "cluster": {"type": "kubernetes", "multitenant": False, "networkPolicy": True, "domain": "cluster.local"},
        "kustomize": {"patches": [{"target": {"kind": "Deployment", "labelSelector": "app.kubernetes.io/part-of=flux"},
                                   "patch": NODE_SELECTOR_PATCH}]},
        "sync": {"kind": "GitRepository", "url": "https://github.com/my-org/my-fleet.git", "ref": "refs/heads/main",
                 "path": "clusters/my-cluster", "pullSecret": "flux-system"},
    }), "metadata": {"name": "flux", "namespace": "flux-system", "annotations": ANNOTATIONS}},
    "fluxinstance-oci-sync-eks": instance({
        "distribution": {"version": "2.9.x", "registry": "ghcr.io/fluxcd"},
        "components": CORE,
        "cluster": {"type": "aws", "size": "medium", "networkPolicy": False},
        "sync": {"kind": "OCIRepository", "url": "oci://123456789012.dkr.ecr.eu-west-1.amazonaws.com/fleet",
                 "ref": "latest", "path": "./clusters/production", "provider": "aws", "interval": "5m"},
    }),
    "fluxinstance-enterprise-sharded": instance({
        "distribution": {"version": "2.8.x", "registry": "ghcr.io/controlplaneio-fluxcd/distroless",
                         "variant": "enterprise-distroless", "imagePullSecret": "flux-enterprise-auth",
                         "artifactPullSecret": "flux-enterprise-auth",
                         "artifact": "oci://ghcr.io/controlplaneio-fluxcd/flux-operator-manifests:latest"},
        "components": [*CORE, "source-watcher"],
        "cluster": {"type": "openshift", "size": "large", "multitenant": True,
                    "tenantDefaultServiceAccount": "flux", "domain": "cluster.local"},
        "commonMetadata": {"labels": {"team": "platform"}, "annotations": {"owner": "platform@example.com"}},
        "sharding": {"key": "sharding.fluxcd.io/key", "shards": ["shard1", "shard2"], "storage": "persistent"},
        "storage": {"class": "standard", "size": "10Gi"},
        "migrateResources": True,
        "wait": False,
        "kustomize": {"patches": [{"target": {"kind": "Deployment", "name": "source-controller"},
                                   "patch": "- op: add\n  path: /spec/template/spec/containers/0/args/-\n"
                                            "  value: --helm-cache-max-size=10\n"}]},
    }),
    "fluxinstance-workload-identity": {**instance({
        "distribution": DISTRIBUTION,
        "cluster": {"type": "azure", "multitenant": True, "multitenantWorkloadIdentity": True,
                    "objectLevelWorkloadIdentity": True, "tenantDefaultDecryptionServiceAccount": "sops",
                    "tenantDefaultKubeConfigServiceAccount": "kubeconfig"},
        "sync": {"kind": "GitRepository", "url": "https://github.com/my-org/my-fleet", "ref": "refs/tags/v1.0.0",
                 "path": "clusters/aks", "provider": "github", "name": "fleet"},
    }), "status": {"lastAppliedRevision": "v2.9.4@sha256:abc", "conditions": []}},
    "fluxinstance-bucket-gcp": instance({
        "distribution": DISTRIBUTION,
        "cluster": {"type": "gcp"},
        "sync": {"kind": "Bucket", "url": "storage.googleapis.com", "ref": "fleet-bucket", "path": "clusters/gke",
                 "provider": "gcp"},
    }),
    # ResourceSet
    "resourceset-inputs-resources": rset({
        "inputs": [{"tenant": "team1", "app": {"version": "6.7.x", "replicas": 2}},
                   {"tenant": "team2", "app": {"version": "6.6.x", "replicas": 3, "extra": None}}],
        "resources": [NAMESPACE, PODINFO_OCI, PODINFO_HR],
    }),
    "resourceset-preview-template": rset({
        "serviceAccountName": "flux",
        "wait": True,
        "commonMetadata": {"labels": {"app.kubernetes.io/name": "app-preview"}},
        "dependsOn": [{"apiVersion": "v1", "kind": "Namespace", "name": "app-preview"},
                      {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
                       "name": "helmreleases.helm.toolkit.fluxcd.io", "ready": True,
                       "readyExpr": "status.conditions.filter(c, c.type == 'Established').all(c, c.status == 'True')"}],
        "inputsFrom": [{"apiVersion": V1, "kind": "ResourceSetInputProvider", "name": "flux-appx-prs"}],
        "resourcesTemplate": PREVIEW_TEMPLATE,
    }, "app-preview"),
    "resourceset-permute-selectors": rset({
        "inputStrategy": {"name": "Permute", "includeEmptyProviders": True},
        "inputsFrom": [
            {"kind": "ResourceSetInputProvider", "selector": {"matchLabels": {"input-type": "tenants"}}},
            {"kind": "ResourceSetInputProvider", "selector": {"matchExpressions": [
                {"key": "input-type", "operator": "In", "values": ["clusters", "regions"]}]}},
        ],
        "resources": [NAMESPACE],
    }, "tenants"),
    "resourceset-steps": rset({
        "inputStrategy": {"name": "Flatten"},
        "inputs": [{"tenant": "team1", "app": {"version": "6.x", "replicas": 1}}],
        "steps": [
            {"name": "namespaces", "resources": [NAMESPACE], "timeout": "1m"},
            {"name": "sources", "resources": [PODINFO_OCI]},
            {"name": "releases", "resourcesTemplate": "---\n# rendered per input\n", "resources": [PODINFO_HR],
             "timeout": "10m"},
        ],
    }),
    # ResourceSetInputProvider
    "resourcesetinputprovider-github-prs": {**rsip({
        "type": "GitHubPullRequest", "url": "https://github.com/controlplaneio-fluxcd/flux-appx",
        "secretRef": {"name": "github-auth"},
        "filter": {"labels": ["deploy/flux-preview"], "limit": 10},
        "skip": {"labels": ["deploy/flux-preview-pause"]},
        "defaultValues": {"chart": "charts/flux-appx", "env": {"debug": True, "replicas": 1}},
    }), "metadata": {"name": "flux-appx-prs", "namespace": "default",
                     "annotations": {"fluxcd.controlplane.io/reconcileEvery": "5m"}}},
    "resourcesetinputprovider-gitlab-branches": rsip({
        "type": "GitLabBranch", "url": "https://gitlab.example.com/group/app",
        "secretRef": {"name": "gitlab-token"}, "certSecretRef": {"name": "gitlab-ca"},
        "filter": {"includeBranch": "^feat/.*", "excludeBranch": "^feat/wip-.*"},
    }, "app-branches"),
    "resourcesetinputprovider-gitlab-environments": rsip({
        "type": "GitLabEnvironment", "url": "https://gitlab.com/group/app",
        "filter": {"includeEnvironment": "^review/.*", "excludeEnvironment": "^review/old-.*"},
    }, "app-environments"),
    "resourcesetinputprovider-gitea-tags": rsip({
        "type": "GiteaTag", "url": "https://gitea.example.com/org/app", "filter": {"semver": ">=1.0.0", "limit": 3},
    }, "app-tags"),
    "resourcesetinputprovider-oci-tags": rsip({
        "type": "OCIArtifactTag", "url": "oci://ghcr.io/stefanprodan/podinfo",
        "secretRef": {"name": "ghcr-auth"}, "certSecretRef": {"name": "registry-ca"}, "insecure": True,
        "filter": {"semver": ">=6.0.0", "includeTag": "^6\\.", "excludeTag": "-rc", "limit": 1},
    }, "podinfo-tags"),
    "resourcesetinputprovider-acr-tags": rsip({
        "type": "ACRArtifactTag", "url": "oci://myregistry.azurecr.io/charts/app", "serviceAccountName": "acr-reader",
        "filter": {"semver": "1.x"},
    }, "app-acr"),
    "resourcesetinputprovider-azure-devops": rsip({
        "type": "AzureDevOpsPullRequest", "url": "https://dev.azure.com/org/project/_git/app",
        "serviceAccountName": "azure-devops", "filter": {"labels": ["preview"]},
    }, "app-prs"),
    "resourcesetinputprovider-codecommit": rsip({
        "type": "AWSCodeCommitBranch", "url": "https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/app",
        "serviceAccountName": "codecommit-reader", "filter": {"includeBranch": "^release-.*"},
    }, "app-releases"),
    "resourcesetinputprovider-static": rsip({
        "type": "Static",
        "defaultValues": {"tenant": "team1", "replicas": 2, "regions": ["eu-west-1", "us-east-1"], "debug": None},
    }, "tenants"),
    "resourcesetinputprovider-external-artifact": rsip({
        "type": "ExternalArtifact", "serviceAccountName": "reader",
        "selectors": [{"matchLabels": {"app": "podinfo"}},
                      {"matchExpressions": [{"key": "tier", "operator": "Exists"}]},
                      {"name": "podinfo-manifests", "namespace": "apps"}],
    }, "podinfo-artifacts"),
    "resourcesetinputprovider-external-service": rsip({
        "type": "ExternalService", "url": "https://inputs.example.com/api/v1/tenants",
        "secretRef": {"name": "inputs-api-token"}, "certSecretRef": {"name": "inputs-api-ca"},
        "schedule": [{"cron": "0 8 * * 1-5", "timeZone": "Europe/London", "window": "8h"}, {"cron": "@daily"}],
    }, "tenants-api"),
    "resourcesetinputprovider-external-service-http": rsip({
        "type": "ExternalService", "url": "http://inputs.inputs-system.svc.cluster.local/tenants", "insecure": True,
    }, "tenants-api-internal"),
}

# (id, document, JSON Schema keyword expected to fail)
INVALID: list[tuple[str, Doc, str]] = [
    # FluxInstance
    ("fluxinstance-distribution-unknown-field", put(FI, "spec.distribution.channel", "stable"), "additionalProperties"),
    ("fluxinstance-cluster-unknown-field", put(FI, "spec.cluster", {"type": "kubernetes", "tenant": "x"}),
     "additionalProperties"),
    ("fluxinstance-wait-string", put(FI, "spec.wait", "true"), "type"),
    ("fluxinstance-components-not-list", put(FI, "spec.components", "source-controller"), "type"),
    ("fluxinstance-component", put(FI, "spec.components", ["source-controller", "image-controller"]), "enum"),
    ("fluxinstance-cluster-type", put(FI, "spec.cluster", {"type": "eks"}), "enum"),
    ("fluxinstance-cluster-size", put(FI, "spec.cluster", {"size": "xlarge"}), "enum"),
    ("fluxinstance-variant", put(FI, "spec.distribution.variant", "enterprise"), "enum"),
    ("fluxinstance-sync-kind", put(FI, "spec.sync", {"kind": "HelmRepository", "url": "https://x", "ref": "main",
                                                     "path": "."}), "enum"),
    ("fluxinstance-artifact-scheme", put(FI, "spec.distribution.artifact", "https://ghcr.io/x/manifests"), "pattern"),
    ("fluxinstance-sync-interval", put(FI, "spec.sync", {"kind": "GitRepository", "url": "https://x", "ref": "main",
                                                         "path": ".", "interval": "1 hour"}), "pattern"),
    ("fluxinstance-sync-name-too-long", put(FI, "spec.sync", {"kind": "GitRepository", "url": "https://x",
                                                              "ref": "main", "path": ".", "name": "n" * 64}),
     "maxLength"),
    ("fluxinstance-no-shards", put(FI, "spec.sharding", {"shards": []}), "minItems"),
    ("fluxinstance-missing-distribution", put(FI, "spec.distribution", ...), "required"),
    ("fluxinstance-missing-registry", put(FI, "spec.distribution.registry", ...), "required"),
    ("fluxinstance-sync-missing-path", put(FI, "spec.sync", {"kind": "GitRepository", "url": "https://x",
                                                             "ref": "refs/heads/main"}), "required"),
    ("fluxinstance-storage-missing-size", put(FI, "spec.storage", {"class": "standard"}), "required"),
    ("fluxinstance-patch-missing-patch", put(FI, "spec.kustomize", {"patches": [{"target": {"kind": "Deployment"}}]}),
     "required"),
    ("fluxinstance-beta-api-version", put(FI, "apiVersion", "fluxcd.controlplane.io/v1beta1"), "const"),
    # ResourceSet
    ("resourceset-inputsfrom-unknown-field", put(RS, "spec.inputsFrom", [{"name": "p", "namespace": "x"}]),
     "additionalProperties"),
    ("resourceset-step-unknown-field", put(put(RS, "spec.resources", ...), "spec.steps",
                                           [{"name": "a", "resources": [], "wait": True}]), "additionalProperties"),
    ("resourceset-wait-string", put(RS, "spec.wait", "true"), "type"),
    ("resourceset-input-not-object", put(RS, "spec.inputs", ["team1"]), "type"),
    ("resourceset-resource-not-object", put(RS, "spec.resources", ["apiVersion: v1\nkind: Namespace"]), "type"),
    ("resourceset-input-strategy", put(RS, "spec.inputStrategy", {"name": "Merge"}), "enum"),
    ("resourceset-inputsfrom-kind", put(RS, "spec.inputsFrom", [{"kind": "ConfigMap", "name": "x"}]), "enum"),
    ("resourceset-inputsfrom-api-version", put(RS, "spec.inputsFrom", [{"apiVersion": "fluxcd.controlplane.io/v1beta1",
                                                                        "name": "x"}]), "enum"),
    ("resourceset-step-name", put(put(RS, "spec.resources", ...), "spec.steps", [{"name": "Apps", "resources": []}]),
     "pattern"),
    ("resourceset-step-timeout", put(put(RS, "spec.resources", ...), "spec.steps",
                                     [{"name": "apps", "resources": [], "timeout": "5 minutes"}]), "pattern"),
    ("resourceset-step-name-too-long", put(put(RS, "spec.resources", ...), "spec.steps",
                                           [{"name": "s" * 64, "resources": []}]), "maxLength"),
    ("resourceset-no-steps", put(put(RS, "spec.resources", ...), "spec.steps", []), "minItems"),
    ("resourceset-too-many-steps", put(put(RS, "spec.resources", ...), "spec.steps",
                                       [{"name": f"s{i}", "resources": []} for i in range(21)]), "maxItems"),
    ("resourceset-step-missing-name", put(put(RS, "spec.resources", ...), "spec.steps", [{"resources": []}]),
     "required"),
    ("resourceset-dependson-missing-apiversion", put(RS, "spec.dependsOn", [{"kind": "Namespace", "name": "a"}]),
     "required"),
    ("resourceset-input-strategy-missing-name", put(RS, "spec.inputStrategy", {"includeEmptyProviders": True}),
     "required"),
    ("resourceset-selector-expression-missing-operator", put(RS, "spec.inputsFrom", [
        {"selector": {"matchExpressions": [{"key": "a", "values": ["b"]}]}}]), "required"),
    # ResourceSetInputProvider
    ("resourcesetinputprovider-filter-unknown-field", put(GITHUB_PRS, "spec.filter", {"branch": "main"}),
     "additionalProperties"),
    ("resourcesetinputprovider-secretref-unknown-field", put(GITHUB_PRS, "spec.secretRef", {"name": "a", "key": "b"}),
     "additionalProperties"),
    ("resourcesetinputprovider-limit-string", put(GITHUB_PRS, "spec.filter", {"limit": "10"}), "type"),
    ("resourcesetinputprovider-default-values-list", put(RSIP, "spec.defaultValues", ["a"]), "type"),
    ("resourcesetinputprovider-type", put(GITHUB_PRS, "spec.type", "BitbucketPullRequest"), "enum"),
    ("resourcesetinputprovider-url-scheme", put(GITHUB_PRS, "spec.url", "ssh://git@github.com/o/r"), "pattern"),
    ("resourcesetinputprovider-window", put(RSIP, "spec.schedule", [{"cron": "@hourly", "window": "1 hour"}]),
     "pattern"),
    ("resourcesetinputprovider-limit-too-big", put(GITHUB_PRS, "spec.filter", {"limit": 10001}), "maximum"),
    ("resourcesetinputprovider-missing-type", put(RSIP, "spec.type", ...), "required"),
    ("resourcesetinputprovider-schedule-missing-cron", put(RSIP, "spec.schedule", [{"timeZone": "UTC"}]), "required"),
    ("resourcesetinputprovider-secretref-missing-name", put(GITHUB_PRS, "spec.secretRef", {}), "required"),
]

# (id, document, upstream message of the CEL rule it breaks)
SYNC = {"kind": "GitRepository", "url": "https://github.com/my-org/my-fleet", "ref": "refs/heads/main",
        "path": "clusters/prod"}
GCP_MSG = "sync.provider 'gcp' is only supported for OCIRepository and Bucket"
WORKLOAD_MSG = ".objectLevelWorkloadIdentity must be set to true when .multitenantWorkloadIdentity is set to true"
INCLUDE_EMPTY_MSG = "includeEmptyProviders only applies when name is Permute"
STEPS_EXCLUSIVE_MSG = "steps is mutually exclusive with resources and resourcesTemplate"
NO_RESOURCES_MSG = "at least one of steps, resources or resourcesTemplate must be set"
CERT_MSG = ("cannot specify spec.certSecretRef when spec.type is one of Static, ExternalArtifact, AzureDevOps*, "
            "AWSCodeCommit*, ACRArtifactTag, ECRArtifactTag or GARArtifactTag")
SECRET_MSG = ("cannot specify spec.secretRef when spec.type is one of Static, ExternalArtifact, AWSCodeCommit*, "
              "ACRArtifactTag, ECRArtifactTag or GARArtifactTag")
SELECTORS_MSG = "spec.selectors must be set when spec.type is 'ExternalArtifact'"
HTTPS_MSG = "spec.url must use 'https://' unless spec.insecure is true"
STEP = {"name": "apps", "resources": [NAMESPACE]}
RULE_BREAKERS: list[tuple[str, Doc, str]] = [
    # FluxInstance
    ("fluxinstance-named-podinfo", put(FI, "metadata.name", "podinfo"),
     "the only accepted name for a FluxInstance is 'flux'"),
    ("fluxinstance-workload-identity-without-object-level", put(FI, "spec.cluster", {
        "multitenant": True, "multitenantWorkloadIdentity": True}), WORKLOAD_MSG),
    ("fluxinstance-workload-identity-object-level-false", put(FI, "spec.cluster", {
        "multitenantWorkloadIdentity": True, "objectLevelWorkloadIdentity": False}), WORKLOAD_MSG),
    ("fluxinstance-persistent-shards-without-storage", put(FI, "spec.sharding", {
        "shards": ["shard1"], "storage": "persistent"}), ".spec.storage must be set when .spec.sharding.storage is 'persistent'"),
    ("fluxinstance-sync-gcp-git", put(FI, "spec.sync", {**SYNC, "provider": "gcp"}), GCP_MSG),
    ("fluxinstance-sync-github-oci", put(FI, "spec.sync", {**SYNC, "kind": "OCIRepository", "provider": "github",
                                                           "url": "oci://ghcr.io/my-org/fleet", "ref": "latest"}),
     "sync.provider 'github' is only supported for GitRepository"),
    # ResourceSet
    ("resourceset-include-empty-with-flatten", put(RS, "spec.inputStrategy", {
        "name": "Flatten", "includeEmptyProviders": True}), INCLUDE_EMPTY_MSG),
    ("resourceset-include-empty-false-with-flatten", put(RS, "spec.inputStrategy", {
        "name": "Flatten", "includeEmptyProviders": False}), INCLUDE_EMPTY_MSG),
    ("resourceset-inputsfrom-neither", put(RS, "spec.inputsFrom", [{"kind": "ResourceSetInputProvider"}]),
     "at least one of name or selector must be set for input provider references"),
    ("resourceset-inputsfrom-both", put(RS, "spec.inputsFrom", [{"name": "p", "selector": {"matchLabels": {"a": "b"}}}]),
     "cannot set both name and selector for input provider references"),
    ("resourceset-step-without-resources", put(put(RS, "spec.resources", ...), "spec.steps", [{"name": "apps"}]),
     "at least one of resources or resourcesTemplate must be set"),
    ("resourceset-steps-and-resources", put(RS, "spec.steps", [STEP]), STEPS_EXCLUSIVE_MSG),
    ("resourceset-steps-and-template", put(put(put(RS, "spec.resources", ...), "spec.steps", [STEP]),
                                           "spec.resourcesTemplate", "---\n"), STEPS_EXCLUSIVE_MSG),
    ("resourceset-nothing-to-apply", put(RS, "spec.resources", ...), NO_RESOURCES_MSG),
    ("resourceset-only-inputs", put(put(RS, "spec.resources", ...), "spec.inputs", [{"tenant": "a"}]),
     NO_RESOURCES_MSG),
    # ResourceSetInputProvider
    ("resourcesetinputprovider-static-with-url", put(RSIP, "spec.url", "https://github.com/o/r"),
     "spec.url must be empty when spec.type is 'Static'"),
    ("resourcesetinputprovider-external-artifact-with-url", put(EXTERNAL_ARTIFACT, "spec.url", "oci://ghcr.io/o/r"),
     "spec.url must be empty when spec.type is 'ExternalArtifact'"),
    ("resourcesetinputprovider-github-without-url", put(GITHUB_PRS, "spec.url", ...),
     "spec.url must not be empty when spec.type is not 'Static' or 'ExternalArtifact'"),
    ("resourcesetinputprovider-github-oci-url", put(GITHUB_PRS, "spec.url", "oci://ghcr.io/o/r"),
     "spec.url must start with 'http://' or 'https://' when spec.type is a Git provider"),
    ("resourcesetinputprovider-gitea-empty-url", put(put(GITHUB_PRS, "spec.type", "GiteaBranch"), "spec.url", ""),
     "spec.url must start with 'http://' or 'https://' when spec.type is a Git provider"),
    ("resourcesetinputprovider-azure-oci-url", rsip({"type": "AzureDevOpsBranch", "url": "oci://dev.azure.com/o/p"}),
     "spec.url must start with 'http://' or 'https://' when spec.type is an AzureDevOps provider"),
    ("resourcesetinputprovider-codecommit-http", rsip({
        "type": "AWSCodeCommitTag", "url": "http://git-codecommit.eu-west-1.amazonaws.com/v1/repos/app"}),
     "spec.url must start with 'https://' when spec.type is a AWSCodeCommit provider"),
    ("resourcesetinputprovider-oci-tags-https", rsip({"type": "OCIArtifactTag", "url": "https://ghcr.io/o/r"}),
     "spec.url must start with 'oci://' when spec.type is an OCI provider"),
    ("resourcesetinputprovider-ecr-without-repository", rsip({
        "type": "ECRArtifactTag", "url": "oci://123456789012.dkr.ecr.eu-west-1.amazonaws.com"}),
     "spec.url must include the repository path after the registry host when spec.type is an OCI provider"),
    ("resourcesetinputprovider-external-service-oci", put(EXTERNAL_SERVICE, "spec.url", "oci://ghcr.io/o/r"),
     "spec.url must start with 'http://' or 'https://' when spec.type is 'ExternalService'"),
    ("resourcesetinputprovider-insecure-github", put(GITHUB_PRS, "spec.insecure", True),
     "spec.insecure can only be set when spec.type is 'ExternalService' or 'OCIArtifactTag'"),
    ("resourcesetinputprovider-external-service-http", put(EXTERNAL_SERVICE, "spec.url", "http://inputs.example.com/"),
     HTTPS_MSG),
    ("resourcesetinputprovider-external-service-http-insecure-false", put(
        put(EXTERNAL_SERVICE, "spec.url", "http://inputs.example.com/"), "spec.insecure", False), HTTPS_MSG),
    ("resourcesetinputprovider-github-service-account", put(GITHUB_PRS, "spec.serviceAccountName", "github"),
     "cannot specify spec.serviceAccountName when spec.type is not one of AzureDevOps*, AWSCodeCommit*, *ArtifactTag "
     "or ExternalArtifact"),
    ("resourcesetinputprovider-static-cert", put(RSIP, "spec.certSecretRef", {"name": "ca"}), CERT_MSG),
    ("resourcesetinputprovider-azure-cert", rsip({"type": "AzureDevOpsTag", "url": "https://dev.azure.com/o/p/_git/r",
                                                  "certSecretRef": {"name": "ca"}}), CERT_MSG),
    ("resourcesetinputprovider-gar-cert", rsip({"type": "GARArtifactTag", "url": "oci://europe-docker.pkg.dev/p/r/app",
                                                "certSecretRef": {"name": "ca"}}), CERT_MSG),
    ("resourcesetinputprovider-static-secret", put(RSIP, "spec.secretRef", {"name": "token"}), SECRET_MSG),
    ("resourcesetinputprovider-codecommit-secret", rsip({
        "type": "AWSCodeCommitPullRequest", "url": "https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/app",
        "secretRef": {"name": "token"}}), SECRET_MSG),
    ("resourcesetinputprovider-acr-secret", rsip({"type": "ACRArtifactTag", "url": "oci://r.azurecr.io/app",
                                                  "secretRef": {"name": "token"}}), SECRET_MSG),
    ("resourcesetinputprovider-external-artifact-no-selectors", put(EXTERNAL_ARTIFACT, "spec.selectors", ...),
     SELECTORS_MSG),
    ("resourcesetinputprovider-external-artifact-empty-selectors", put(EXTERNAL_ARTIFACT, "spec.selectors", []),
     SELECTORS_MSG),
    ("resourcesetinputprovider-github-selectors", put(GITHUB_PRS, "spec.selectors", [{"name": "a"}]),
     "spec.selectors must not be set when spec.type is not 'ExternalArtifact'"),
    ("resourcesetinputprovider-selector-name-and-labels", put(EXTERNAL_ARTIFACT, "spec.selectors", [
        {"name": "podinfo", "matchLabels": {"app": "podinfo"}}]),
     "name is mutually exclusive with matchLabels and matchExpressions"),
    ("resourcesetinputprovider-selector-name-and-expressions", put(EXTERNAL_ARTIFACT, "spec.selectors", [
        {"name": "podinfo", "matchExpressions": [{"key": "app", "operator": "Exists"}]}]),
     "name is mutually exclusive with matchLabels and matchExpressions"),
]
