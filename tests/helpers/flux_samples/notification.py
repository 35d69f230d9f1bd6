"""Sample documents for the notification.toolkit.fluxcd.io kinds: Alert, Provider (v1beta3) and Receiver (v1)."""

from __future__ import annotations

from helpers.flux_samples import Doc, doc, put

BETA3 = "notification.toolkit.fluxcd.io/v1beta3"
V1 = "notification.toolkit.fluxcd.io/v1"


def alert(spec: Doc, name: str = "slack") -> Doc:
    return doc(BETA3, "Alert", spec, name)


def provider(spec: Doc, name: str = "slack") -> Doc:
    return doc(BETA3, "Provider", spec, name)


def receiver(spec: Doc, name: str = "github-receiver") -> Doc:
    return doc(V1, "Receiver", spec, name)


OIDC_GITHUB = {
    "issuerURL": "https://token.actions.githubusercontent.com",
    "audience": "flux-receiver",
    "variables": [{"name": "owner", "expression": "claims.repository_owner"}],
    "validations": [{"expression": "vars.owner == 'stefanprodan'", "message": "wrong repository owner"}],
}

MINIMAL: dict[str, Doc] = {
    "Alert": alert({"eventSources": [{"kind": "Kustomization", "name": "*"}], "providerRef": {"name": "slack"}}),
    "Provider": provider({"type": "generic"}),
    "Receiver": receiver({
        "type": "generic", "secretRef": {"name": "webhook-token"},
        "resources": [{"kind": "GitRepository", "name": "podinfo"}],
    }),
}
ALERT, PROVIDER, RECEIVER = MINIMAL["Alert"], MINIMAL["Provider"], MINIMAL["Receiver"]
OIDC_RECEIVER = receiver({
    "type": "generic-oidc", "oidcProviders": [OIDC_GITHUB],
    "resources": [{"kind": "OCIRepository", "name": "podinfo"}],
}, "gha-receiver")

MORE_VALID: dict[str, Doc] = {
    # Providers as the Flux docs and cluster repositories write them
    "provider-slack-bot": provider({
        "type": "slack", "channel": "general", "address": "https://slack.com/api/chat.postMessage",
        "secretRef": {"name": "slack-bot-token"},
    }, "slack-bot"),
    "provider-slack-webhook": provider({
        "type": "slack", "channel": "flux-alerts", "username": "flux", "secretRef": {"name": "slack-url"},
    }),
    "provider-discord": provider({"type": "discord", "secretRef": {"name": "discord-webhook"}}, "discord"),
    "provider-msteams": provider({"type": "msteams", "secretRef": {"name": "msteams-webhook"}}, "msteams"),
    "provider-github-commit-status": provider({
        "type": "github", "address": "https://github.com/stefanprodan/podinfo",
        "secretRef": {"name": "github-token"},
        "commitStatusExpr": "(event.involvedObject.kind + '/' + event.involvedObject.name).lowerAscii()",
    }, "github-status"),
    "provider-gitlab-commit-status": provider({
        "type": "gitlab", "address": "https://gitlab.com/group/project", "secretRef": {"name": "gitlab-token"},
        "commitStatusExpr": "event.involvedObject.name", "timeout": "30s",
    }, "gitlab-status"),
    "provider-generic-address": provider({"type": "generic", "address": "https://webhook.example.com/flux"},
                                         "generic"),
    "provider-generic-hmac-tls-proxy": provider({
        "type": "generic-hmac", "address": "https://hooks.internal.example.com/flux",
        "secretRef": {"name": "hmac-key"}, "certSecretRef": {"name": "internal-ca"},
        "proxySecretRef": {"name": "http-proxy"}, "timeout": "1m30s", "suspend": False,
    }, "internal"),
    "provider-alertmanager": provider({
        "type": "alertmanager", "address": "http://alertmanager-operated.monitoring:9093/api/v2/alerts/",
    }, "alertmanager"),
    "provider-azureeventhub-workload-identity": provider({
        "type": "azureeventhub", "address": "https://ns.servicebus.windows.net/hub",
        "serviceAccountName": "flux-eventhub",
    }, "eventhub"),
    "provider-deprecated-fields": provider({
        "type": "rocket", "address": "https://rocket.example.com/hooks/x", "interval": "1h",
        "proxy": "http://proxy.example.com:3128",
    }, "rocket"),
    "provider-with-status": {**provider({"type": "telegram", "channel": "-100123", "secretRef": {"name": "tg"}}),
                             "status": {"conditions": []}},
    # Alerts
    "alert-docs-slack": alert({
        "summary": "Cluster addons impacted in us-east-2",
        "providerRef": {"name": "slack-bot"},
        "eventSeverity": "error",
        "eventSources": [{"kind": "GitRepository", "name": "*"}, {"kind": "Kustomization", "name": "*"}],
    }),
    "alert-info-every-kind": alert({
        "providerRef": {"name": "discord"},
        "eventSeverity": "info",
        "eventSources": [
            {"kind": kind, "name": "*"} for kind in (
                "Bucket", "GitRepository", "Kustomization", "HelmRelease", "HelmChart", "HelmRepository",
                "ImageRepository", "ImagePolicy", "ImageUpdateAutomation", "OCIRepository",
                "ArtifactGenerator", "ExternalArtifact")
        ],
    }, "discord"),
    "alert-metadata-filters": alert({
        "providerRef": {"name": "msteams"},
        "eventMetadata": {"env": "production", "cluster": "prod-eu-1", "region": "europe-west1"},
        "eventSources": [
            {"kind": "HelmRelease", "name": "*", "namespace": "apps", "matchLabels": {"team": "payments"}},
            {"kind": "Kustomization", "name": "flux-system", "namespace": "flux-system"},
            {"kind": "OCIRepository", "name": "podinfo", "apiVersion": "source.toolkit.fluxcd.io/v1"},
        ],
        "inclusionList": [".*succeeded.*"],
        "exclusionList": ["^Dependencies do not meet ready condition.*", "waiting.*socket"],
        "suspend": True,
    }, "msteams"),
    "alert-commit-status": alert({
        "providerRef": {"name": "github-status"},
        "eventSources": [{"kind": "Kustomization", "name": "podinfo"}],
    }, "podinfo-status"),
    # Receivers
    "receiver-github": receiver({
        "type": "github", "events": ["ping", "push"], "secretRef": {"name": "receiver-token"},
        "resources": [{"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository", "name": "flux-system"}],
    }),
    "receiver-generic-many": receiver({
        "type": "generic", "secretRef": {"name": "webhook-token"}, "interval": "10m",
        "resources": [
            {"kind": "GitRepository", "name": "*", "matchLabels": {"app": "podinfo"}},
            {"kind": "HelmRepository", "name": "bitnami", "namespace": "flux-system"},
        ],
    }, "generic-receiver"),
    "receiver-gitlab-filters": receiver({
        "type": "gitlab", "events": ["Push Hook", "Tag Push Hook"], "secretRef": {"name": "gitlab-token"},
        "resourceFilter": "req.ref == 'refs/heads/main'",
        "resources": [{"kind": "OCIRepository", "name": "*", "filter": "res.metadata.name.startsWith('app-')"}],
        "suspend": False,
    }, "gitlab-receiver"),
    "receiver-harbor": receiver({
        "type": "harbor", "secretRef": {"name": "harbor-token"},
        "resources": [{"kind": "ImageRepository", "name": "podinfo", "apiVersion": "image.toolkit.fluxcd.io/v1"}],
    }, "harbor-receiver"),
    "receiver-generic-oidc": OIDC_RECEIVER,
    "receiver-generic-empty-oidc-list": put(RECEIVER, "spec.oidcProviders", []),  # an empty list counts as unset
}

# (id, document, JSON Schema keyword expected to fail)
INVALID: list[tuple[str, Doc, str]] = [
    # Alert
    ("alert-sourceref-unknown-field", put(ALERT, "spec.eventSources", [{"kind": "Kustomization", "name": "*",
                                                                      "bogus": 1}]), "additionalProperties"),
    ("alert-providerref-unknown-field", put(ALERT, "spec.providerRef", {"name": "slack", "namespace": "x"}),
     "additionalProperties"),
    ("alert-severity", put(ALERT, "spec.eventSeverity", "warning"), "enum"),
    ("alert-source-kind", put(ALERT, "spec.eventSources", [{"kind": "Provider", "name": "*"}]), "enum"),
    ("alert-sources-not-list", put(ALERT, "spec.eventSources", {"kind": "Kustomization", "name": "*"}), "type"),
    ("alert-suspend-string", put(ALERT, "spec.suspend", "true"), "type"),
    ("alert-metadata-int", put(ALERT, "spec.eventMetadata", {"replicas": 3}), "type"),
    ("alert-missing-providerref", put(ALERT, "spec.providerRef", ...), "required"),
    ("alert-missing-eventsources", put(ALERT, "spec.eventSources", ...), "required"),
    ("alert-source-missing-name", put(ALERT, "spec.eventSources", [{"kind": "HelmRelease"}]), "required"),
    ("alert-source-empty-name", put(ALERT, "spec.eventSources", [{"kind": "HelmRelease", "name": ""}]), "minLength"),
    ("alert-summary-too-long", put(ALERT, "spec.summary", "s" * 256), "maxLength"),
    ("alert-old-api-version", put(ALERT, "apiVersion", "notification.toolkit.fluxcd.io/v1beta2"), "const"),
    # Provider
    ("provider-type", put(PROVIDER, "spec.type", "teams"), "enum"),
    ("provider-missing-type", put(PROVIDER, "spec.type", ...), "required"),
    ("provider-secretref-unknown-field", put(PROVIDER, "spec.secretRef", {"name": "s", "key": "token"}),
     "additionalProperties"),
    ("provider-secretref-missing-name", put(PROVIDER, "spec.secretRef", {}), "required"),
    ("provider-timeout-hours", put(PROVIDER, "spec.timeout", "1h"), "pattern"),
    ("provider-interval-words", put(PROVIDER, "spec.interval", "one hour"), "pattern"),
    ("provider-proxy-scheme", put(PROVIDER, "spec.proxy", "socks5://proxy:1080"), "pattern"),
    ("provider-address-too-long", put(PROVIDER, "spec.address", "https://x/" + "a" * 2040), "maxLength"),
    ("provider-channel-int", put(PROVIDER, "spec.channel", 42), "type"),
    ("provider-old-api-version", put(PROVIDER, "apiVersion", "notification.toolkit.fluxcd.io/v1beta2"), "const"),
    # Receiver
    ("receiver-type", put(RECEIVER, "spec.type", "bitbucketserver"), "enum"),
    ("receiver-resource-kind", put(RECEIVER, "spec.resources", [{"kind": "Alert", "name": "*"}]), "enum"),
    ("receiver-missing-resources", put(RECEIVER, "spec.resources", ...), "required"),
    ("receiver-missing-type", put(RECEIVER, "spec.type", ...), "required"),
    ("receiver-resource-unknown-field", put(RECEIVER, "spec.resources", [{"kind": "GitRepository", "name": "a",
                                                                          "bogus": True}]), "additionalProperties"),
    ("receiver-events-string", put(RECEIVER, "spec.events", "push"), "type"),
    ("receiver-interval-pattern", put(RECEIVER, "spec.interval", "10 minutes"), "pattern"),
    ("receiver-resource-namespace-empty", put(RECEIVER, "spec.resources", [{"kind": "GitRepository", "name": "a",
                                                                            "namespace": ""}]), "minLength"),
    ("receiver-oidc-issuer-scheme", put(OIDC_RECEIVER, "spec.oidcProviders",
                                        [{**OIDC_GITHUB, "issuerURL": "token.actions.githubusercontent.com"}]),
     "pattern"),
    ("receiver-oidc-no-validations", put(OIDC_RECEIVER, "spec.oidcProviders", [{**OIDC_GITHUB, "validations": []}]),
     "minItems"),
    ("receiver-oidc-missing-issuer", put(OIDC_RECEIVER, "spec.oidcProviders",
                                         [{k: v for k, v in OIDC_GITHUB.items() if k != "issuerURL"}]), "required"),
    ("receiver-oidc-validation-missing-message", put(OIDC_RECEIVER, "spec.oidcProviders",
                                                     [{**OIDC_GITHUB, "validations": [{"expression": "true"}]}]),
     "required"),
    ("receiver-oidc-variable-unknown-field", put(OIDC_RECEIVER, "spec.oidcProviders", [{
        **OIDC_GITHUB, "variables": [{"name": "a", "expression": "1", "type": "int"}]}]), "additionalProperties"),
    ("receiver-old-api-version", put(RECEIVER, "apiVersion", "notification.toolkit.fluxcd.io/v1beta2"), "const"),
]

COMMIT_STATUS_MSG = ("spec.commitStatusExpr is only supported for the 'github', 'gitlab', 'gitea', 'bitbucketserver', "
                     "'bitbucket', 'azuredevops' provider types")
NEEDS_OIDC = "generic-oidc receivers must define at least one oidcProvider"
OIDC_ONLY = "oidcProviders can only be set when type is generic-oidc"
NO_SECRET = "secretRef cannot be set when type is generic-oidc"
NEEDS_SECRET = "secretRef is required when type is not generic-oidc"

# (id, document, upstream message of the CEL rule it breaks)
RULE_BREAKERS: list[tuple[str, Doc, str]] = [
    ("provider-commit-status-on-slack", put(MORE_VALID["provider-slack-bot"], "spec.commitStatusExpr",
                                            "event.reason"), COMMIT_STATUS_MSG),
    ("provider-commit-status-on-github-pr-comment", provider({
        "type": "githubpullrequestcomment", "address": "https://github.com/o/r", "secretRef": {"name": "t"},
        "commitStatusExpr": "event.reason"}), COMMIT_STATUS_MSG),
    ("receiver-oidc-without-providers", put(OIDC_RECEIVER, "spec.oidcProviders", ...), NEEDS_OIDC),
    ("receiver-oidc-empty-providers", put(OIDC_RECEIVER, "spec.oidcProviders", []), NEEDS_OIDC),
    ("receiver-github-with-oidc-providers", put(MORE_VALID["receiver-github"], "spec.oidcProviders", [OIDC_GITHUB]),
     OIDC_ONLY),
    ("receiver-oidc-with-secretref", put(OIDC_RECEIVER, "spec.secretRef", {"name": "receiver-token"}), NO_SECRET),
    ("receiver-github-without-secretref", put(MORE_VALID["receiver-github"], "spec.secretRef", ...), NEEDS_SECRET),
    ("receiver-generic-without-secretref", put(RECEIVER, "spec.secretRef", ...), NEEDS_SECRET),
]
