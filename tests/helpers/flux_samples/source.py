"""Sample documents for the source.toolkit.fluxcd.io kinds fluxc does not emit: Bucket and HelmChart (v1)."""

from __future__ import annotations

from helpers.flux_samples import Doc, doc, put

V1 = "source.toolkit.fluxcd.io/v1"


def bucket(spec: Doc, name: str = "podinfo") -> Doc:
    return doc(V1, "Bucket", spec, name)


def helmchart(spec: Doc, name: str = "podinfo") -> Doc:
    return doc(V1, "HelmChart", spec, name)


MINIMAL: dict[str, Doc] = {
    "Bucket": bucket({"bucketName": "podinfo", "endpoint": "minio.example.com", "interval": "5m0s"}),
    "HelmChart": helmchart({
        "chart": "podinfo", "interval": "5m0s", "sourceRef": {"kind": "HelmRepository", "name": "podinfo"},
    }),
}
BUCKET, CHART = MINIMAL["Bucket"], MINIMAL["HelmChart"]
AWS = bucket({
    "provider": "aws", "bucketName": "podinfo", "endpoint": "s3.amazonaws.com", "region": "us-east-1",
    "interval": "5m0s",
})
AWS_STS = {"provider": "aws", "endpoint": "https://sts.amazonaws.com"}
LDAP_STS = {"provider": "ldap", "endpoint": "https://minio.example.com"}
OCI_CHART = helmchart({
    "chart": "podinfo", "version": "6.x", "interval": "10m", "sourceRef": {"kind": "HelmRepository", "name": "podinfo-oci"},
    "verify": {"provider": "cosign", "secretRef": {"name": "cosign-public-keys"}},
})

MORE_VALID: dict[str, Doc] = {
    # Buckets as the Flux docs and cluster repositories write them
    "bucket-minio-static-keys": bucket({
        "interval": "5m0s", "endpoint": "minio.example.com", "insecure": True,
        "secretRef": {"name": "minio-bucket-secret"}, "bucketName": "example",
    }, "minio-bucket"),
    "bucket-aws-irsa": put(AWS, "spec.serviceAccountName", "podinfo-s3-reader"),
    "bucket-aws-static-keys": put(put(AWS, "spec.secretRef", {"name": "aws-credentials"}), "spec.timeout", "30s"),
    "bucket-aws-sts": put(AWS, "spec.sts", AWS_STS),
    "bucket-gcp-workload-identity": bucket({
        "provider": "gcp", "bucketName": "podinfo", "endpoint": "storage.googleapis.com", "region": "us-east-1",
        "interval": "5m0s", "serviceAccountName": "gcp-bucket-reader",
    }, "gcp-bucket"),
    "bucket-azure-secret": bucket({
        "provider": "azure", "bucketName": "podinfo", "endpoint": "https://podinfoaccount.blob.core.windows.net",
        "interval": "5m0s", "secretRef": {"name": "azure-key"},
    }, "azure-bucket"),
    "bucket-azure-workload-identity": bucket({  # the CEL rules only keep serviceAccountName from generic
        "provider": "azure", "bucketName": "podinfo", "endpoint": "https://podinfoaccount.blob.core.windows.net",
        "interval": "5m0s", "serviceAccountName": "azure-bucket-reader",
    }, "azure-wi-bucket"),
    "bucket-generic-ldap-sts": bucket({
        "provider": "generic", "bucketName": "podinfo", "endpoint": "minio.example.com", "interval": "1h",
        "certSecretRef": {"name": "minio-tls"},
        "sts": {**LDAP_STS, "secretRef": {"name": "ldap-credentials"}, "certSecretRef": {"name": "ldap-ca"}},
    }, "minio-ldap"),
    "bucket-default-provider-ldap-sts": put(BUCKET, "spec.sts", LDAP_STS),
    "bucket-everything-else": bucket({
        "bucketName": "artifacts", "endpoint": "minio.minio.svc:9000", "interval": "10m", "timeout": "1m30s",
        "prefix": "clusters/production/", "ignore": "# exclude all\n/*\n# include deploy dir\n!/deploy",
        "proxySecretRef": {"name": "http-proxy"}, "insecure": True, "suspend": False,
    }, "artifacts"),
    "bucket-with-status": {**BUCKET, "status": {"conditions": [], "observedGeneration": 1}},
    # HelmCharts
    "helmchart-docs-helmrepository": helmchart({
        "interval": "5m0s", "chart": "podinfo", "reconcileStrategy": "ChartVersion",
        "sourceRef": {"kind": "HelmRepository", "name": "podinfo"}, "version": "5.*",
    }),
    "helmchart-git-values-files": helmchart({
        "interval": "5m0s", "chart": "./charts/podinfo", "reconcileStrategy": "Revision",
        "sourceRef": {"kind": "GitRepository", "name": "podinfo"},
        "valuesFiles": ["./charts/podinfo/values.yaml", "./charts/podinfo/values-production.yaml"],
        "ignoreMissingValuesFiles": True,
    }),
    "helmchart-bucket": helmchart({
        "interval": "10m", "chart": "./charts/podinfo", "suspend": False,
        "sourceRef": {"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "Bucket", "name": "artifacts"},
    }),
    "helmchart-oci-verify-key": OCI_CHART,
    "helmchart-oci-verify-keyless": put(OCI_CHART, "spec.verify", {
        "provider": "cosign",
        "matchOIDCIdentity": [{"issuer": "^https://token.actions.githubusercontent.com$",
                               "subject": "^https://github.com/stefanprodan/podinfo.*$"}],
    }),
    "helmchart-oci-verify-notation": put(OCI_CHART, "spec.verify",
                                         {"provider": "notation", "secretRef": {"name": "notation-config"}}),
    # what helm-controller creates for a HelmRelease's chart template, as `kubectl get -o yaml` shows it
    "helmchart-from-helmrelease": {
        **helmchart({
            "chart": "podinfo", "interval": "1m0s", "reconcileStrategy": "ChartVersion", "version": "*",
            "sourceRef": {"kind": "HelmRepository", "name": "podinfo"},
            "valuesFiles": ["values.yaml"],
        }, "flux-system-podinfo"),
        "metadata": {"name": "flux-system-podinfo", "namespace": "flux-system", "generation": 1,
                     "labels": {"helm.toolkit.fluxcd.io/name": "podinfo"},
                     "finalizers": ["finalizers.fluxcd.io"], "creationTimestamp": "2025-06-01T10:00:00Z"},
        "status": {"observedChartName": "podinfo"},
    },
}

# (id, document, JSON Schema keyword expected to fail)
INVALID: list[tuple[str, Doc, str]] = [
    # Bucket
    ("bucket-secretref-unknown-field", put(BUCKET, "spec.secretRef", {"name": "s", "key": "k"}), "additionalProperties"),
    ("bucket-sts-unknown-field", put(AWS, "spec.sts", {**AWS_STS, "roleArn": "arn:aws:iam::1:role/r"}),
     "additionalProperties"),
    ("bucket-removed-access-from", put(BUCKET, "spec.accessFrom", {"namespaceSelectors": []}), "additionalProperties"),
    ("bucket-insecure-string", put(BUCKET, "spec.insecure", "true"), "type"),
    ("bucket-bucketname-int", put(BUCKET, "spec.bucketName", 42), "type"),
    ("bucket-provider", put(BUCKET, "spec.provider", "minio"), "enum"),
    ("bucket-sts-provider", put(AWS, "spec.sts", {**AWS_STS, "provider": "azure"}), "enum"),
    ("bucket-interval-pattern", put(BUCKET, "spec.interval", "5 minutes"), "pattern"),
    ("bucket-timeout-hours", put(BUCKET, "spec.timeout", "1h"), "pattern"),
    ("bucket-sts-endpoint-scheme", put(AWS, "spec.sts", {**AWS_STS, "endpoint": "sts.amazonaws.com"}), "pattern"),
    ("bucket-missing-bucketname", put(BUCKET, "spec.bucketName", ...), "required"),
    ("bucket-missing-endpoint", put(BUCKET, "spec.endpoint", ...), "required"),
    ("bucket-missing-interval", put(BUCKET, "spec.interval", ...), "required"),
    ("bucket-sts-missing-endpoint", put(AWS, "spec.sts", {"provider": "aws"}), "required"),
    ("bucket-certsecretref-missing-name", put(BUCKET, "spec.certSecretRef", {}), "required"),
    ("bucket-old-api-version", put(BUCKET, "apiVersion", "source.toolkit.fluxcd.io/v1beta2"), "const"),
    # HelmChart
    ("helmchart-sourceref-unknown-field", put(CHART, "spec.sourceRef.namespace", "other"), "additionalProperties"),
    ("helmchart-removed-values-file", put(CHART, "spec.valuesFile", "values.yaml"), "additionalProperties"),
    ("helmchart-verify-unknown-field", put(OCI_CHART, "spec.verify.trustedRootSecretRef", {"name": "root"}),
     "additionalProperties"),
    ("helmchart-valuesfiles-string", put(CHART, "spec.valuesFiles", "values.yaml"), "type"),
    ("helmchart-version-number", put(CHART, "spec.version", 6.3), "type"),
    ("helmchart-sourceref-kind", put(CHART, "spec.sourceRef.kind", "OCIRepository"), "enum"),
    ("helmchart-reconcile-strategy", put(CHART, "spec.reconcileStrategy", "ChartRevision"), "enum"),
    ("helmchart-verify-provider", put(OCI_CHART, "spec.verify.provider", "sigstore"), "enum"),
    ("helmchart-interval-pattern", put(CHART, "spec.interval", "1d"), "pattern"),
    ("helmchart-missing-chart", put(CHART, "spec.chart", ...), "required"),
    ("helmchart-missing-interval", put(CHART, "spec.interval", ...), "required"),
    ("helmchart-missing-sourceref", put(CHART, "spec.sourceRef", ...), "required"),
    ("helmchart-sourceref-missing-kind", put(CHART, "spec.sourceRef.kind", ...), "required"),
    ("helmchart-verify-missing-provider", put(OCI_CHART, "spec.verify.provider", ...), "required"),
    ("helmchart-oidc-missing-subject", put(OCI_CHART, "spec.verify.matchOIDCIdentity", [{"issuer": ".*"}]),
     "required"),
    ("helmchart-old-api-version", put(CHART, "apiVersion", "source.toolkit.fluxcd.io/v1beta2"), "const"),
]

STS_PROVIDERS = "STS configuration is only supported for the 'aws' and 'generic' Bucket providers"
AWS_STS_ONLY = "'aws' is the only supported STS provider for the 'aws' Bucket provider"
LDAP_STS_ONLY = "'ldap' is the only supported STS provider for the 'generic' Bucket provider"
NO_STS_SECRET = "spec.sts.secretRef is not required for the 'aws' STS provider"
NO_STS_CERT = "spec.sts.certSecretRef is not required for the 'aws' STS provider"
NO_GENERIC_SA = "ServiceAccountName is not supported for the 'generic' Bucket provider"
SECRET_OR_SA = "cannot set both .spec.secretRef and .spec.serviceAccountName"
VERIFY_HELMREPO = "spec.verify is only supported when spec.sourceRef.kind is 'HelmRepository'"
GCP = put(put(AWS, "spec.provider", "gcp"), "spec.endpoint", "storage.googleapis.com")

# (id, document, upstream message of the CEL rule it breaks)
RULE_BREAKERS: list[tuple[str, Doc, str]] = [
    ("bucket-sts-with-gcp", put(GCP, "spec.sts", AWS_STS), STS_PROVIDERS),
    ("bucket-sts-with-azure", put(put(BUCKET, "spec.provider", "azure"), "spec.sts", LDAP_STS), STS_PROVIDERS),
    ("bucket-aws-with-ldap-sts", put(AWS, "spec.sts", LDAP_STS), AWS_STS_ONLY),
    ("bucket-generic-with-aws-sts", put(put(BUCKET, "spec.provider", "generic"), "spec.sts", AWS_STS), LDAP_STS_ONLY),
    ("bucket-default-provider-with-aws-sts", put(BUCKET, "spec.sts", AWS_STS), LDAP_STS_ONLY),  # absent = generic
    ("bucket-aws-sts-with-secretref", put(AWS, "spec.sts", {**AWS_STS, "secretRef": {"name": "creds"}}), NO_STS_SECRET),
    ("bucket-aws-sts-with-certsecretref", put(AWS, "spec.sts", {**AWS_STS, "certSecretRef": {"name": "ca"}}),
     NO_STS_CERT),
    ("bucket-generic-with-sa", put(put(BUCKET, "spec.provider", "generic"), "spec.serviceAccountName", "sa"),
     NO_GENERIC_SA),
    ("bucket-default-provider-with-sa", put(BUCKET, "spec.serviceAccountName", "sa"), NO_GENERIC_SA),
    ("bucket-aws-secretref-and-sa", put(put(AWS, "spec.secretRef", {"name": "keys"}), "spec.serviceAccountName", "sa"),
     SECRET_OR_SA),
    ("bucket-gcp-secretref-and-sa", put(put(GCP, "spec.secretRef", {"name": "key"}), "spec.serviceAccountName", "sa"),
     SECRET_OR_SA),
    ("helmchart-verify-with-git", put(put(OCI_CHART, "spec.sourceRef", {"kind": "GitRepository", "name": "podinfo"}),
                                      "spec.chart", "./charts/podinfo"), VERIFY_HELMREPO),
    ("helmchart-verify-with-bucket", put(OCI_CHART, "spec.sourceRef", {"kind": "Bucket", "name": "artifacts"}),
     VERIFY_HELMREPO),
]
