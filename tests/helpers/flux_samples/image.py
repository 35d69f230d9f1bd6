"""Sample documents for the image.toolkit.fluxcd.io kinds: ImageRepository, ImagePolicy and ImageUpdateAutomation (v1)."""

from __future__ import annotations

from helpers.flux_samples import Doc, doc, put

V1 = "image.toolkit.fluxcd.io/v1"
OLD = "image.toolkit.fluxcd.io/v1beta2"


def repository(spec: Doc, name: str = "podinfo") -> Doc:
    return doc(V1, "ImageRepository", spec, name)


def policy(spec: Doc, name: str = "podinfo") -> Doc:
    return doc(V1, "ImagePolicy", spec, name)


def automation(spec: Doc, name: str = "flux-system") -> Doc:
    return doc(V1, "ImageUpdateAutomation", spec, name)


FLUX_SYSTEM = {"kind": "GitRepository", "name": "flux-system"}
BOT = {"email": "fluxcdbot@users.noreply.github.com", "name": "fluxcdbot"}
CHANGES_TEMPLATE = "{{range .Changed.Changes}}{{print .OldValue}} -> {{println .NewValue}}{{end}}"

MINIMAL: dict[str, Doc] = {
    "ImageRepository": repository({"image": "ghcr.io/stefanprodan/podinfo", "interval": "5m"}),
    "ImagePolicy": policy({"imageRepositoryRef": {"name": "podinfo"}, "policy": {"semver": {"range": "5.0.x"}}}),
    "ImageUpdateAutomation": automation({"interval": "30m", "sourceRef": FLUX_SYSTEM}),
}
REPO, POLICY, AUTOMATION = MINIMAL["ImageRepository"], MINIMAL["ImagePolicy"], MINIMAL["ImageUpdateAutomation"]
GIT = {
    "checkout": {"ref": {"branch": "main"}},
    "commit": {"author": BOT, "messageTemplate": CHANGES_TEMPLATE},
    "push": {"branch": "main"},
}
DOCS_AUTOMATION = automation({
    "interval": "30m", "sourceRef": FLUX_SYSTEM, "git": GIT,
    "update": {"path": "./clusters/my-cluster", "strategy": "Setters"},
})

MORE_VALID: dict[str, Doc] = {
    # ImageRepositories as the Flux image-automation guide and cluster repositories write them
    "imagerepository-docs-exclusions": repository({
        "image": "ghcr.io/stefanprodan/podinfo", "interval": "5m0s",
        "exclusionList": ["^.*\\.sig$", "^.*\\.att$", "^.*\\.sbom$"],
    }),
    "imagerepository-ecr": repository({
        "image": "123456789000.dkr.ecr.us-east-2.amazonaws.com/podinfo", "interval": "1h", "provider": "aws",
    }),
    "imagerepository-acr-workload-identity": repository({
        "image": "myregistry.azurecr.io/apps/podinfo", "interval": "10m", "provider": "azure",
        "serviceAccountName": "image-reflector-azure",
    }),
    "imagerepository-gar": repository({
        "image": "us-central1-docker.pkg.dev/my-project/apps/podinfo", "interval": "5m", "provider": "gcp",
        "timeout": "1m30s",
    }),
    "imagerepository-private-registry": repository({
        "image": "registry.internal.example.com:5000/team/app", "interval": "1m",
        "secretRef": {"name": "regcred"}, "certSecretRef": {"name": "registry-ca"},
        "proxySecretRef": {"name": "http-proxy"}, "insecure": False, "suspend": False,
        "accessFrom": {"namespaceSelectors": [{"matchLabels": {"kubernetes.io/metadata.name": "apps"}}]},
        "provider": "generic", "exclusionList": [],
    }, "app"),
    "imagerepository-docker-hub-plain-http": repository({
        "image": "docker.io/library/nginx", "interval": "6h", "insecure": True,
        "accessFrom": {"namespaceSelectors": [{}]},
    }, "nginx"),
    "imagerepository-with-status": {**repository({"image": "ghcr.io/fluxcd/flux-cli", "interval": "12h"}, "flux"),
                                    "status": {"lastScanResult": {"tagCount": 42}}},
    # ImagePolicies
    "imagepolicy-semver-range": policy({
        "imageRepositoryRef": {"name": "podinfo"}, "policy": {"semver": {"range": ">=5.0.0 <6.0.0"}},
    }),
    "imagepolicy-semver-prerelease": policy({
        "imageRepositoryRef": {"name": "podinfo"},
        "filterTags": {"pattern": ".*-rc.*"},
        "policy": {"semver": {"range": ">=1.0.0-rc.0"}},
    }, "podinfo-rc"),
    "imagepolicy-numerical-timestamp": policy({
        "imageRepositoryRef": {"name": "podinfo"},
        "filterTags": {"pattern": "^main-[a-fA-F0-9]+-(?P<ts>.*)", "extract": "$ts"},
        "policy": {"numerical": {"order": "asc"}},
    }, "podinfo-main"),
    "imagepolicy-numerical-build-id": policy({
        "imageRepositoryRef": {"name": "app"},
        "filterTags": {"pattern": "^build-(?P<id>[0-9]+)$", "extract": "$id"},
        "policy": {"numerical": {}},
    }, "app-builds"),
    "imagepolicy-alphabetical-minio": policy({
        "imageRepositoryRef": {"name": "minio"},
        "filterTags": {"pattern": "^RELEASE\\.(?P<timestamp>.*)Z$", "extract": "$timestamp"},
        "policy": {"alphabetical": {"order": "asc"}},
    }, "minio"),
    "imagepolicy-alphabetical-desc": policy({
        "imageRepositoryRef": {"name": "app"}, "policy": {"alphabetical": {"order": "desc"}},
    }, "app-oldest"),
    "imagepolicy-cross-namespace": policy({
        "imageRepositoryRef": {"name": "podinfo", "namespace": "flux-system"},
        "policy": {"semver": {"range": "6.x"}}, "suspend": False,
    }),
    "imagepolicy-digest-always": policy({
        "imageRepositoryRef": {"name": "nginx"}, "digestReflectionPolicy": "Always", "interval": "10m",
        "policy": {"semver": {"range": "1.27.x"}},
    }, "nginx"),
    "imagepolicy-digest-if-not-present": policy({
        "imageRepositoryRef": {"name": "podinfo"}, "digestReflectionPolicy": "IfNotPresent",
        "policy": {"semver": {"range": "^6"}},
    }),
    "imagepolicy-digest-never": policy({
        "imageRepositoryRef": {"name": "podinfo"}, "digestReflectionPolicy": "Never",
        "policy": {"semver": {"range": "*"}},
    }),
    # ImageUpdateAutomations
    "imageupdateautomation-docs": DOCS_AUTOMATION,
    "imageupdateautomation-push-other-branch": automation({
        "interval": "1h", "sourceRef": {"kind": "GitRepository", "name": "apps", "namespace": "flux-system",
                                        "apiVersion": "source.toolkit.fluxcd.io/v1"},
        "git": {
            "checkout": {"ref": {"branch": "main"}},
            "commit": {
                "author": {"email": "flux@example.com", "name": "Flux"},
                "messageTemplate": "[ci skip] {{ .Values.env }}: update images\n\n{{ range .Changed.Changes }}"
                                   "- {{ .OldValue }} -> {{ .NewValue }}\n{{ end }}",
                "messageTemplateValues": {"env": "production"},
            },
            "push": {"branch": "image-updates", "options": {"merge_request.create": "",
                                                             "merge_request.target": "main"}},
        },
        "update": {"path": "./apps/production"},
    }, "apps"),
    "imageupdateautomation-refspec-gpg": automation({
        "interval": "10m", "sourceRef": FLUX_SYSTEM,
        "git": {
            "commit": {"author": {"email": "bot@example.com"}, "signingKey": {"secretRef": {"name": "signing-key"}}},
            "push": {"refspec": "refs/heads/main:refs/heads/flux-image-updates"},
        },
        "update": {"strategy": "Setters"},
    }),
    "imageupdateautomation-ssh-signing-selector": automation({
        "interval": "5m", "sourceRef": FLUX_SYSTEM, "suspend": False,
        "policySelector": {
            "matchLabels": {"app.kubernetes.io/part-of": "podinfo"},
            "matchExpressions": [{"key": "env", "operator": "In", "values": ["staging", "production"]},
                                 {"key": "frozen", "operator": "DoesNotExist"}],
        },
        "git": {
            "checkout": {"ref": {"name": "refs/heads/release"}},
            "commit": {"author": BOT, "signingKey": {"type": "ssh", "secretRef": {"name": "ssh-signing-key"}}},
        },
        "update": {"path": "./", "strategy": "Setters"},
    }),
    "imageupdateautomation-empty-update": put(AUTOMATION, "spec.update", {}),
}

# (id, document, JSON Schema keyword expected to fail)
INVALID: list[tuple[str, Doc, str]] = [
    # ImageRepository
    ("imagerepository-missing-image", put(REPO, "spec.image", ...), "required"),
    ("imagerepository-missing-interval", put(REPO, "spec.interval", ...), "required"),
    ("imagerepository-provider", put(REPO, "spec.provider", "github"), "enum"),
    ("imagerepository-interval-words", put(REPO, "spec.interval", "5 minutes"), "pattern"),
    ("imagerepository-timeout-hours", put(REPO, "spec.timeout", "1h"), "pattern"),
    ("imagerepository-too-many-exclusions", put(REPO, "spec.exclusionList", [f"^v{i}$" for i in range(26)]),
     "maxItems"),
    ("imagerepository-exclusions-string", put(REPO, "spec.exclusionList", "^.*\\.sig$"), "type"),
    ("imagerepository-insecure-string", put(REPO, "spec.insecure", "true"), "type"),
    ("imagerepository-sa-too-long", put(REPO, "spec.serviceAccountName", "s" * 254), "maxLength"),
    ("imagerepository-secretref-unknown-field", put(REPO, "spec.secretRef", {"name": "regcred", "key": "x"}),
     "additionalProperties"),
    ("imagerepository-accessfrom-missing-selectors", put(REPO, "spec.accessFrom", {}), "required"),
    ("imagerepository-old-api-version", put(REPO, "apiVersion", OLD), "const"),
    # ImagePolicy
    ("imagepolicy-missing-policy", put(POLICY, "spec.policy", ...), "required"),
    ("imagepolicy-missing-repository-ref", put(POLICY, "spec.imageRepositoryRef", ...), "required"),
    ("imagepolicy-ref-missing-name", put(POLICY, "spec.imageRepositoryRef", {"namespace": "flux-system"}),
     "required"),
    ("imagepolicy-semver-missing-range", put(POLICY, "spec.policy", {"semver": {}}), "required"),
    ("imagepolicy-semver-range-int", put(POLICY, "spec.policy.semver.range", 5), "type"),
    ("imagepolicy-alphabetical-order", put(POLICY, "spec.policy", {"alphabetical": {"order": "ascending"}}),
     "enum"),
    ("imagepolicy-numerical-order", put(POLICY, "spec.policy", {"numerical": {"order": "DESC"}}), "enum"),
    ("imagepolicy-digest-policy", put(POLICY, "spec.digestReflectionPolicy", "OnChange"), "enum"),
    ("imagepolicy-unknown-policy", put(POLICY, "spec.policy", {"calver": {"range": "2024.x"}}),
     "additionalProperties"),
    ("imagepolicy-ref-kind", put(POLICY, "spec.imageRepositoryRef", {"kind": "ImageRepository", "name": "p"}),
     "additionalProperties"),
    ("imagepolicy-filtertags-unknown-field", put(POLICY, "spec.filterTags", {"pattern": ".*", "replace": "$1"}),
     "additionalProperties"),
    ("imagepolicy-interval-pattern", put(MORE_VALID["imagepolicy-digest-always"], "spec.interval", "10 min"),
     "pattern"),
    ("imagepolicy-suspend-string", put(POLICY, "spec.suspend", "false"), "type"),
    ("imagepolicy-old-api-version", put(POLICY, "apiVersion", OLD), "const"),
    # ImageUpdateAutomation
    ("imageupdateautomation-missing-interval", put(AUTOMATION, "spec.interval", ...), "required"),
    ("imageupdateautomation-missing-sourceref", put(AUTOMATION, "spec.sourceRef", ...), "required"),
    ("imageupdateautomation-sourceref-missing-kind", put(AUTOMATION, "spec.sourceRef", {"name": "flux-system"}),
     "required"),
    ("imageupdateautomation-sourceref-kind", put(AUTOMATION, "spec.sourceRef.kind", "OCIRepository"), "enum"),
    ("imageupdateautomation-strategy", put(DOCS_AUTOMATION, "spec.update.strategy", "Regex"), "enum"),
    ("imageupdateautomation-signing-type", put(DOCS_AUTOMATION, "spec.git.commit.signingKey",
                                               {"type": "x509", "secretRef": {"name": "k"}}), "enum"),
    ("imageupdateautomation-git-missing-commit", put(DOCS_AUTOMATION, "spec.git.commit", ...), "required"),
    ("imageupdateautomation-commit-missing-author", put(DOCS_AUTOMATION, "spec.git.commit.author", ...),
     "required"),
    ("imageupdateautomation-author-missing-email", put(DOCS_AUTOMATION, "spec.git.commit.author",
                                                       {"name": "fluxcdbot"}), "required"),
    ("imageupdateautomation-checkout-missing-ref", put(DOCS_AUTOMATION, "spec.git.checkout", {}), "required"),
    ("imageupdateautomation-signing-missing-secretref", put(DOCS_AUTOMATION, "spec.git.commit.signingKey",
                                                            {"type": "gpg"}), "required"),
    ("imageupdateautomation-selector-missing-operator", put(AUTOMATION, "spec.policySelector",
                                                            {"matchExpressions": [{"key": "env"}]}), "required"),
    ("imageupdateautomation-alpha-checkout-branch", put(DOCS_AUTOMATION, "spec.git.checkout",
                                                        {"branch": "main"}), "additionalProperties"),
    ("imageupdateautomation-beta-update-setters", put(AUTOMATION, "spec.update", {"setters": {"path": "./"}}),
     "additionalProperties"),
    ("imageupdateautomation-push-option-bool", put(DOCS_AUTOMATION, "spec.git.push.options", {"ci.skip": True}),
     "type"),
    ("imageupdateautomation-interval-pattern", put(AUTOMATION, "spec.interval", "30"), "pattern"),
    ("imageupdateautomation-old-api-version", put(AUTOMATION, "apiVersion", OLD), "const"),
]

INTERVAL_ONLY_WITH_ALWAYS = "spec.interval is only accepted when spec.digestReflectionPolicy is set to 'Always'"
ALWAYS_NEEDS_INTERVAL = "spec.interval must be set when spec.digestReflectionPolicy is set to 'Always'"
ALWAYS = MORE_VALID["imagepolicy-digest-always"]

# (id, document, upstream message of the CEL rule it breaks)
RULE_BREAKERS: list[tuple[str, Doc, str]] = [
    ("imagepolicy-interval-without-reflection-policy", put(POLICY, "spec.interval", "10m"),
     INTERVAL_ONLY_WITH_ALWAYS),
    ("imagepolicy-interval-with-if-not-present", put(ALWAYS, "spec.digestReflectionPolicy", "IfNotPresent"),
     INTERVAL_ONLY_WITH_ALWAYS),
    ("imagepolicy-interval-with-never", put(ALWAYS, "spec.digestReflectionPolicy", "Never"),
     INTERVAL_ONLY_WITH_ALWAYS),
    ("imagepolicy-always-without-interval", put(ALWAYS, "spec.interval", ...), ALWAYS_NEEDS_INTERVAL),
]
