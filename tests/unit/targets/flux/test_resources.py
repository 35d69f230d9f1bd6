"""fluxc.targets.flux.resources: one YAML document checked as the API server with Flux would.

Documents are written inline and parsed by `parse_single` / `parse_documents`,
so every span is the user's. Where the behaviour must not depend on where the
schemas come from, a case runs with the bundled catalog and with the official
CRDs (`--crds ../shared/flux-crds`, CEL rules evaluated by cel-python).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from fluxc.pipeline.compile import compile_document
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, JsonPath
from fluxc.targets.flux.catalog import Catalog, bundled_catalog, crds_catalog
from fluxc.targets.flux.resources import check_emitted, is_answers, is_flux_object, validate_resource
from fluxc.yaml.load import parse_documents, parse_single
from helpers.documents import HELM_RELEASE, OLD_KUSTOMIZATION
from helpers.paths import shared_dir
from helpers.snippets import GIT_REPOSITORY, NGINX_CHART, edit, flux_object

FILE = "clusters/flux.yaml"
SOURCE, NOTIFICATION = "source.toolkit.fluxcd.io/v1", "notification.toolkit.fluxcd.io/v1beta3"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Converted CRDs are cached under XDG_CACHE_HOME: keep the tests' cache out of the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))


@pytest.fixture(scope="module")
def official(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return crds_catalog([shared_dir("flux-crds")], cache_dir=tmp_path_factory.mktemp("crds-cache"))


@pytest.fixture(params=["bundled", "crds"])
def catalog(request: pytest.FixtureRequest) -> Catalog:
    if request.param == "bundled":
        return bundled_catalog()
    return request.getfixturevalue("official")  # type: ignore[no-any-return]


def check(text: str, catalog: Catalog) -> tuple[str, list[Diagnostic]]:
    status, found = validate_resource(parse_single(text, FILE), catalog)
    for diag in found:
        assert diag.file == FILE
    return status, found


def summary(found: list[Diagnostic]) -> list[tuple[str, JsonPath, tuple[int, int] | None]]:
    return [(d.code, d.path, (d.span.line, d.span.col) if d.span else None) for d in found]


# Line numbers in the cases below are counted in these documents (GIT: labels on line 6, spec on line 8).
GIT = (edit(GIT_REPOSITORY, "spec:\n", "  labels:\n    app.kubernetes.io/name: podinfo\nspec:\n")
       + "  timeout: 60s\n  ref:\n    branch: master\n  secretRef:\n    name: git-auth\n")
HELM_REPO = flux_object(SOURCE, "HelmRepository", "spec:\n  interval: 1h\n  url: https://stefanprodan.github.io/podinfo\n")
OCI = flux_object(SOURCE, "OCIRepository", """\
spec:
  interval: 5m
  url: oci://ghcr.io/stefanprodan/manifests/podinfo
  ref:
    semver: ">=6.0.0"
""")
RELEASE = HELM_RELEASE + "  install:\n    remediation:\n      retries: 3\n  values:\n    replicaCount: 2\n"
KUSTOMIZATION = flux_object("kustomize.toolkit.fluxcd.io/v1", "Kustomization", """\
spec:
  interval: 10m
  path: ./apps
  prune: true
  sourceRef:
    kind: GitRepository
    name: podinfo
  dependsOn:
    - name: infra
""", name="apps")
VALID = {"GitRepository": GIT, "HelmRepository": HELM_REPO, "OCIRepository": OCI, "HelmRelease": RELEASE,
         "Kustomization": KUSTOMIZATION}


@pytest.mark.parametrize("text", list(VALID.values()), ids=list(VALID))
def test_a_valid_document_of_each_kind(text: str, catalog: Catalog) -> None:
    assert check(text, catalog) == ("valid", [])


# --------------------------------------------------------------------------- what is not checked

@pytest.mark.parametrize(("text", "message"), [
    ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n", "Deployment 'web' (apps/v1) is not a Flux "
     "object: skipped"),
    ("apiVersion: v1\nkind: ConfigMap\ndata: {}\n", "ConfigMap (v1) is not a Flux object: skipped"),
    ("apiVersion: fluxcd.io/v1\nkind: HelmRelease\nmetadata:\n  name: old\n", "HelmRelease 'old' (fluxcd.io/v1) is "
     "not a Flux object: skipped"),
], ids=["deployment", "no-name", "flux-v1-group"])
def test_a_non_flux_object_is_skipped_with_a_note(text: str, message: str, catalog: Catalog) -> None:
    status, found = check(text, catalog)
    assert status == "skipped"
    assert summary(found) == [(codes.SKIPPED, (), (1, 1))]
    assert found[0].message == message
    assert found[0].severity == "note"


@pytest.mark.parametrize(("text", "path", "span", "message"), [
    ("kind: GitRepository\nmetadata:\n  name: x\n", ("apiVersion",), (1, 1), "`apiVersion` is missing"),
    ("apiVersion: source.toolkit.fluxcd.io/v1\nmetadata:\n  name: x\n", ("kind",), (1, 1), "`kind` is missing"),
    ("apiVersion: source.toolkit.fluxcd.io/v1\nkind: 3\n", ("kind",), (2, 7), "`kind` must be a string, not the "
     "integer 3"),
    ("apiVersion: ''\nkind: GitRepository\n", ("apiVersion",), (1, 13), "`apiVersion` is empty"),
], ids=["no-apiVersion", "no-kind", "kind-not-a-string", "empty-apiVersion"])
def test_a_document_that_is_no_object_is_invalid(text: str, path: JsonPath, span: tuple[int, int],
                                                 message: str, catalog: Catalog) -> None:
    status, found = check(text, catalog)
    assert status == "invalid"
    assert summary(found) == [(codes.NOT_AN_OBJECT, path, span)]
    assert found[0].message == message


def test_a_list_document_is_no_object() -> None:
    document = parse_documents("- a\n- b\n", FILE)[0]
    status, found = validate_resource(document, bundled_catalog())
    assert status == "invalid"
    assert summary(found) == [(codes.NOT_AN_OBJECT, (), (1, 1))]
    assert found[0].message == "this document is a list, not a Kubernetes object"


REMOVED = edit(OLD_KUSTOMIZATION, "  validation: client\n", "  validation: client\n  bogusField: true\n")


def test_a_removed_api_version_reports_only_the_migration(catalog: Catalog) -> None:
    status, found = check(REMOVED, catalog)
    assert status == "invalid"
    # bogusField is not reported: the schema of the served version is not applied to an old document
    assert summary(found) == [(codes.API_VERSION_REMOVED, ("apiVersion",), (1, 13)),
                              (codes.FIELD_REMOVED, ("spec", "validation"), (8, 3)),
                              (codes.FIELD_REMOVED, ("spec", "patchesStrategicMerge"), (13, 3)),
                              (codes.FIELD_REMOVED, ("spec", "patchesJson6902"), (18, 3))]
    if catalog.origin == "bundled":
        assert "was removed in Flux 2.8; the served version is `kustomize.toolkit.fluxcd.io/v1`" in found[0].message
    else:  # the user's CRDs decide what is served; the removed fields are still said
        assert "the CRDs given define Kustomization but do not serve" in found[0].message


NO_SCHEMA = [
    # a Flux kind fluxc bundles no schema for (ExternalArtifact has no CRD in ../shared/flux-crds), in a
    # Flux group and in one of the Flux Operator's
    pytest.param("bundled", SOURCE, "ExternalArtifact", id="bundled-ExternalArtifact"),
    pytest.param("bundled", "fluxcd.controlplane.io/v1", "FluxReport", id="bundled-FluxReport"),
    # --crds ../shared/flux-crds: a Flux kind none of the CRDs defines
    pytest.param("crds", SOURCE, "ExternalArtifact", id="crds-ExternalArtifact"),
]


@pytest.mark.parametrize(("catalog", "api_version", "kind"), NO_SCHEMA, indirect=["catalog"])
def test_a_flux_kind_without_schema_is_a_warning(catalog: Catalog, api_version: str, kind: str) -> None:
    assert catalog.lookup(api_version, kind) is None  # really absent
    status, found = check(flux_object(api_version, kind, "spec: {}\n", name="x", namespace=None), catalog)
    assert status == "skipped"
    assert summary(found) == [(codes.NO_SCHEMA, ("kind",), (2, 7))]
    warning = found[0]
    assert warning.severity == "warning"
    assert warning.message == f"no schema for {kind} ({api_version}): not validated"
    if catalog.origin == "bundled":
        assert warning.hint == "pass --crds with the CRD of this kind"
    else:
        assert warning.hint == f"none of the CRDs given ({shared_dir('flux-crds')}) defines it"


@pytest.mark.parametrize(("text", "span"), [
    (flux_object(SOURCE, "Bucket", "spec:\n  interval: 5m\n  bucketName: podinfo\n  endpoint: minio.example.com\n"
                 "  bogus: 1\n", name="b", namespace=None), (9, 3)),
    (flux_object(NOTIFICATION, "Alert", "spec:\n  providerRef:\n    name: slack\n  eventSources:\n"
                 "    - kind: GitRepository\n      name: '*'\n  bogus: 1\n", name="slack"), (12, 3)),
], ids=["Bucket", "Alert"])
def test_every_flux_kind_is_validated_bundled_and_with_crds(text: str, span: tuple[int, int], catalog: Catalog) -> None:
    status, found = check(text, catalog)
    assert status == "invalid"
    assert summary(found) == [(codes.UNKNOWN_KEY, ("spec", "bogus"), span)]


def test_with_crds_a_version_they_do_not_serve_says_what_they_serve(official: Catalog) -> None:
    text = flux_object("image.toolkit.fluxcd.io/v1beta2", "ImagePolicy", "spec: {}\n", name="x", namespace=None)
    status, found = check(text, official)
    assert status == "invalid"
    assert summary(found) == [(codes.API_VERSION_REMOVED, ("apiVersion",), (1, 13))]
    assert found[0].message == ("the CRDs given define ImagePolicy but do not serve `image.toolkit.fluxcd.io/v1beta2`; "
                                "they serve `image.toolkit.fluxcd.io/v1`")


def test_a_flux_group_without_version_is_not_skipped(catalog: Catalog) -> None:
    status, found = check(GIT.replace("source.toolkit.fluxcd.io/v1", "source.toolkit.fluxcd.io"), catalog)
    assert status == "invalid"
    assert summary(found) == [(codes.API_VERSION_REMOVED, ("apiVersion",), (1, 13))]


# --------------------------------------------------------------------------- SOPS

SOPS = """\
sops:
  kms: []
  age:
    - recipient: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p
      enc: |
        -----BEGIN AGE ENCRYPTED FILE-----
  lastmodified: "2024-01-01T00:00:00Z"
  mac: ENC[AES256_GCM,data:abc,type:str]
  version: 3.8.1
"""


@pytest.mark.parametrize("text", list(VALID.values()), ids=list(VALID))
def test_a_sops_block_is_set_aside(text: str, catalog: Catalog) -> None:
    assert check(text + SOPS, catalog) == ("valid", [])


def test_an_unknown_field_next_to_a_sops_block_is_still_reported(catalog: Catalog) -> None:
    text = GIT + SOPS + "bogus: true\n"
    status, found = check(text, catalog)
    assert status == "invalid"
    assert summary(found) == [(codes.UNKNOWN_KEY, ("bogus",), (25, 1))]


def test_a_sops_key_that_is_no_sops_block_is_an_unknown_field(catalog: Catalog) -> None:
    status, found = check(GIT + "sops: encrypted\n", catalog)
    assert status == "invalid"
    assert summary(found) == [(codes.UNKNOWN_KEY, ("sops",), (16, 1))]


def test_sops_does_not_hide_problems_inside_the_object(catalog: Catalog) -> None:
    text = GIT.replace("interval: 1m", "interval: 5 minutes") + SOPS
    assert summary(check(text, catalog)[1]) == [(codes.BAD_FORMAT, ("spec", "interval"), (9, 13))]


# --------------------------------------------------------------------------- metadata: told once

@pytest.mark.parametrize(("label", "path", "span", "message"), [
    ("    tier: 3\n", ("metadata", "labels", "tier"), (8, 11),
     "the label value of `tier` must be a string, not the integer 3"),
    ("    tier: 'bad value!'\n", ("metadata", "labels", "tier"), (8, 11), "invalid label value `bad value!`: "),
    ("    'bad key!': x\n", ("metadata", "labels", "bad key!"), (8, 5), "invalid label key `bad key!`: "),
    ("    tier: " + "a" * 64 + "\n", ("metadata", "labels", "tier"), (8, 11), "must be no more than 63 characters"),
    ("    example.com/a/b: x\n", ("metadata", "labels", "example.com/a/b"), (8, 5), "invalid label key"),
], ids=["not-a-string", "bad-value", "bad-key", "value-too-long", "two-slashes"])
def test_a_bad_label_is_reported_once(label: str, path: JsonPath, span: tuple[int, int], message: str,
                                      catalog: Catalog) -> None:
    text = GIT.replace("    app.kubernetes.io/name: podinfo\n", f"    app.kubernetes.io/name: podinfo\n{label}")
    status, found = check(text, catalog)
    assert status == "invalid"
    assert summary(found) == [(codes.BAD_METADATA, path, span)]
    assert message in found[0].message


def test_a_bad_annotation_value_type_is_reported_once(catalog: Catalog) -> None:
    text = GIT.replace("  labels:\n", "  annotations:\n    enabled: yes\n  labels:\n")
    status, found = check(text, catalog)
    assert summary(found) == [(codes.BAD_METADATA, ("metadata", "annotations", "enabled"), (7, 14))]
    assert found[0].hint == 'quote it so it stays a string: `enabled: "yes"`'


def test_a_bad_label_does_not_hide_other_problems(catalog: Catalog) -> None:
    text = GIT.replace("    app.kubernetes.io/name: podinfo\n", "    tier: 3\n").replace("name: podinfo", "name: Pod")
    assert summary(check(text, catalog)[1]) == [(codes.BAD_FORMAT, ("metadata", "name"), (4, 9)),
                                                (codes.BAD_METADATA, ("metadata", "labels", "tier"), (7, 11))]


# --------------------------------------------------------------------------- CEL rules from --crds

BOTH = RELEASE + "  chartRef:\n    kind: OCIRepository\n    name: podinfo\n"


def test_a_cel_rule_of_the_crds_is_reported_with_upstreams_message(official: Catalog) -> None:
    status, found = check(BOTH, official)
    assert status == "invalid"
    assert summary(found) == [(codes.CEL_RULE_FAILED, ("spec",), (6, 1))]
    assert found[0].message == "either chart or chartRef must be set"
    assert found[0].hint == "a validation rule (x-kubernetes-validations) of the Flux API"


def test_the_bundled_schemas_report_the_same_rule_the_same_way(official: Catalog) -> None:
    assert check(BOTH, bundled_catalog()) == check(BOTH, official)


@pytest.mark.parametrize(("text", "path", "span", "message"), [
    (RELEASE.split("  chart:")[0], ("spec",), (6, 1), "either chart or chartRef must be set"),
    (GIT + "  serviceAccountName: reader\n", ("spec",), (8, 1),
     "serviceAccountName can only be set when provider is 'azure' or 'aws'"),
    (KUSTOMIZATION + "  kubeConfig: {}\n", ("spec", "kubeConfig"), (15, 3),
     "exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef must be specified"),
    (RELEASE.replace("    remediation:", "    strategy:\n      name: RemediateOnFailure\n      retryInterval: 1m\n"
                     "    remediation:"), ("spec", "install", "strategy"), (16, 5),
     ".retryInterval cannot be set when .name is 'RemediateOnFailure'"),
], ids=["HelmRelease-neither", "GitRepository-serviceAccountName", "Kustomization-kubeConfig",
        "HelmRelease-install-strategy"])
def test_cel_rules_at_the_key_they_sit_on(text: str, path: JsonPath, span: tuple[int, int], message: str,
                                          catalog: Catalog) -> None:
    status, found = check(text, catalog)
    assert status == "invalid"
    assert {(d.code, d.path, (d.span.line, d.span.col) if d.span else None, d.message) for d in found} == {
        (codes.CEL_RULE_FAILED, path, span, message)}


def test_converted_crds_do_not_offer_null_as_a_type(official: Catalog) -> None:
    # optional fields of a converted CRD also accept null (pruned by the API server): that is no advice
    status, found = check(GIT.replace("interval: 1m", "interval: 5"), official)
    assert summary(found) == [(codes.WRONG_TYPE, ("spec", "interval"), (9, 13))]
    assert found[0].message == "expected a string, got an integer"


# --------------------------------------------------------------------------- is_answers / is_flux_object

@pytest.mark.parametrize(("data", "expected"), [
    ({"fluxc": "v1", "name": "x"}, True),
    ({"fluxc": None}, True),
    ({"apiVersion": "source.toolkit.fluxcd.io/v1"}, False),
    (["fluxc"], False),
    ("fluxc", False),
    (None, False),
], ids=["answers", "fluxc-null", "object", "list", "string", "empty"])
def test_is_answers(data: Any, expected: bool) -> None:
    assert is_answers(data) is expected


@pytest.mark.parametrize(("api_version", "expected"), [
    ("source.toolkit.fluxcd.io/v1", True),
    ("helm.toolkit.fluxcd.io/v2beta1", True),
    ("notification.toolkit.fluxcd.io/v1beta3", True),
    ("image.toolkit.fluxcd.io/v1beta2", True),
    ("apps/v1", False),
    ("v1", False),
    ("fluxcd.io/v1", False),
    ("toolkit.fluxcd.io.example.com/v1", False),
    ("", False),
], ids=["source", "helm-beta", "notification", "image", "apps", "core", "flux-v1", "lookalike", "empty"])
def test_is_flux_object(api_version: str, expected: bool) -> None:
    assert is_flux_object({"apiVersion": api_version, "kind": "X"}) is expected
    assert is_flux_object({"kind": "X"}) is False


# --------------------------------------------------------------------------- check_emitted

ANSWERS_FILE = "apps/nginx/answers.yaml"


@pytest.fixture(scope="module")
def emitted() -> Any:
    return compile_document(parse_single(NGINX_CHART, ANSWERS_FILE)).manifests


def test_emitted_objects_the_crds_accept(emitted: Any, official: Catalog) -> None:
    assert [m.filename for m in emitted] == ["helmrepository.yaml", "helmrelease.yaml"]
    assert check_emitted(emitted, official, ANSWERS_FILE) == []


def test_emitted_kinds_the_crds_do_not_serve(emitted: Any, tmp_path: Path) -> None:
    folder = tmp_path / "source-only"
    folder.mkdir()
    for crd in shared_dir("flux-crds").glob("source.toolkit.fluxcd.io_*.yaml"):
        shutil.copy(crd, folder)
    found = check_emitted(emitted, crds_catalog([folder], cache_dir=tmp_path / "cache"), ANSWERS_FILE)
    assert [(d.code, d.file, d.severity, d.span) for d in found] == [(codes.NO_SCHEMA, ANSWERS_FILE, "error", None)]
    assert found[0].message == ("the CRDs given do not serve HelmRelease helm.toolkit.fluxcd.io/v2, which fluxc "
                                "emits (helmrelease.yaml)")
    assert "Flux 2.6 or later" in found[0].hint


def test_emitted_objects_the_crds_refuse(emitted: Any, tmp_path: Path) -> None:
    import yaml

    # an older HelmRelease CRD: no storageNamespace, and a CEL rule fluxc's output breaks
    crd = yaml.safe_load((shared_dir("flux-crds") / "helm.toolkit.fluxcd.io_helmreleases.yaml").read_text())
    spec = crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]
    del spec["properties"]["storageNamespace"]
    spec["x-kubernetes-validations"].append({"rule": "!has(self.targetNamespace)",
                                             "message": "targetNamespace is not supported"})
    old = tmp_path / "helmrelease-crd.yaml"
    old.write_text(yaml.safe_dump(crd))
    source = shared_dir("flux-crds") / "source.toolkit.fluxcd.io_helmrepositories.yaml"
    catalog = crds_catalog([old, source], cache_dir=tmp_path / "cache")
    found = sorted(check_emitted(emitted, catalog, ANSWERS_FILE), key=Diagnostic.sort_key)
    assert [(d.code, d.path, d.file, d.message) for d in found] == [
        (codes.UNKNOWN_KEY, ("spec", "storageNamespace"), ANSWERS_FILE,
         "helmrelease.yaml: unknown key 'storageNamespace' (refused by the CRDs)"),
        (codes.CEL_RULE_FAILED, ("spec",), ANSWERS_FILE,
         "helmrelease.yaml: targetNamespace is not supported (refused by the CRDs)"),
    ]
    assert all(d.is_error for d in found)
