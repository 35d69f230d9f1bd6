"""fluxc.targets.flux.validate_output: emitted objects are checked against our Flux schemas; a violation is a fluxc bug (FLX901)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic
from fluxc.targets.flux import model
from fluxc.targets.flux.emit import emit
from fluxc.targets.flux.validate_output import validate
from fluxc.targets.types import Manifest

META = model.ObjectMeta(name="podinfo", namespace="flux-system", labels={"team": "web"})
GIT = model.SourceRef(kind="GitRepository", name="gitops")
HINT = "this is a fluxc bug; please report it with the answers file"
INTERVAL = "'^([0-9]+(\\\\.[0-9]+)?(ms|s|m|h))+$'"  # how jsonschema's message quotes the CRD pattern

NODES: dict[str, model.FluxObject] = {
    "git": model.GitRepository(meta=META, url="https://github.com/org/gitops", interval="1m0s",
                               ref=model.GitRef(branch="main", commit="c88a2f41"), secret_ref="git-auth"),
    "helmrepo": model.HelmRepository(meta=META, url="https://stefanprodan.github.io/podinfo", interval="1h0m0s",
                                     secret_ref="auth"),
    "oci": model.OCIRepository(meta=META, url="oci://ghcr.io/org/podinfo", interval="1h0m0s", semver=">=1 <2"),
    "release-chart": model.HelmRelease(
        meta=META, interval="5m0s",
        chart=model.ChartTemplate(chart="podinfo", version="6.x", reconcile_strategy="ChartVersion",
                                  source=model.SourceRef(kind="HelmRepository", name="podinfo")),
        target_namespace="web", storage_namespace="web", create_namespace=True, remediation_retries=0,
        values={"a": None, "b": False, "c": {}}, values_from=(model.ValuesReference(kind="Secret", name="v"),),
        depends_on=(model.Dependency(name="db", namespace="data"),), service_account="sa", suspend=True,
        timeout="10m0s"),
    "release-chartref": model.HelmRelease(meta=META, interval="5m0s",
                                          chart_ref=model.SourceRef(kind="OCIRepository", name="podinfo")),
    "kustomization": model.Kustomization(
        meta=META, interval="5m0s", path="./apps", prune=False, source=GIT, target_namespace="web", wait=True,
        timeout="3m0s", health_checks=(model.HealthCheck(api_version="apps/v1", kind="Deployment", name="api",
                                                         namespace="web"),),
        decryption_secret="sops", depends_on=(model.Dependency(name="infra"),), service_account="sa",
        suspend=True),
}


def manifest(key: str) -> Manifest:
    return emit(model.Plan(app="podinfo", output_path="./manifests", objects=(NODES[key],)))[0]


def broken(key: str, change: Callable[[dict[str, Any]], Any]) -> Manifest:
    original = manifest(key)
    obj = copy.deepcopy(original.obj)
    change(obj)
    return Manifest(original.filename, obj)


def test_every_valid_emitted_object_passes() -> None:
    manifests = emit(model.Plan(app="podinfo", output_path="./manifests", objects=tuple(NODES.values())))
    assert validate(manifests) == []


def test_nothing_to_validate() -> None:
    assert validate([]) == []


def _set(*path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(obj: dict[str, Any]) -> None:
        for key in path[:-1]:
            obj = obj[key]
        obj[path[-1]] = value
    return change


def _drop(*path: str) -> Callable[[dict[str, Any]], None]:
    def change(obj: dict[str, Any]) -> None:
        for key in path[:-1]:
            obj = obj[key]
        del obj[path[-1]]
    return change


@pytest.mark.parametrize(("key", "change", "filename", "path", "message"), [
    ("release-chart", _set("spec", "interval", value="5 minutes"), "helmrelease.yaml", ("spec", "interval"),
     f"emitted HelmRelease is invalid: '5 minutes' does not match {INTERVAL}"),
    ("kustomization", _set("spec", "bogus", value=1), "flux-kustomization.yaml", ("spec",),
     "emitted Kustomization is invalid: Additional properties are not allowed ('bogus' was unexpected)"),
    ("release-chartref", _set("metadata", "name", value="Bad_Name"), "helmrelease.yaml", ("metadata", "name"),
     "emitted HelmRelease is invalid: 'Bad_Name' does not match "
     "'^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'"),
    ("release-chartref", _set("spec", "suspend", value=None), "helmrelease.yaml", ("spec", "suspend"),
     "emitted HelmRelease is invalid: None is not of type 'boolean'"),
    ("kustomization", _drop("spec", "prune"), "flux-kustomization.yaml", ("spec",),
     "emitted Kustomization is invalid: 'prune' is a required property"),
    ("release-chartref", _set("spec", "chartRef", "kind", value="Bucket"), "helmrelease.yaml",
     ("spec", "chartRef", "kind"),
     "emitted HelmRelease is invalid: 'Bucket' is not one of ['OCIRepository', 'HelmChart', 'ExternalArtifact']"),
    ("git", _set("spec", "url", value="git@github.com:org/repo"), "gitrepository.yaml", ("spec", "url"),
     "emitted GitRepository is invalid: 'git@github.com:org/repo' does not match '^(http|https|ssh)://.*$'"),
    ("oci", _set("spec", "timeout", value="1h0m0s"), "ocirepository.yaml", ("spec", "timeout"),
     "emitted OCIRepository is invalid: '1h0m0s' does not match '^([0-9]+(\\\\.[0-9]+)?(ms|s|m))+$'"),
    ("kustomization", _set("spec", "dependsOn", value=[{"name": "a", "bogus": 1}]),
     "flux-kustomization.yaml", ("spec", "dependsOn", 0),
     "emitted Kustomization is invalid: Additional properties are not allowed ('bogus' was unexpected)"),
    ("release-chartref", _drop("spec", "chartRef"), "helmrelease.yaml", ("spec",),
     "emitted HelmRelease is invalid: {'interval': '5m0s'} is not valid under any of the given schemas"),
    ("helmrepo", _set("spec", "url", value="ftp://charts"), "helmrepository.yaml", ("spec", "url"),
     "emitted HelmRepository is invalid: 'ftp://charts' does not match '^(http|https|oci)://.*$'"),
], ids=["interval-not-a-duration", "unknown-field", "bad-metadata-name", "null-field", "kustomization-without-prune",
        "chartref-kind", "scp-like-git-url", "source-timeout-with-hours", "unknown-field-in-a-list",
        "neither-chart-nor-chartref", "helm-url-scheme"])
def test_broken_object_gives_one_flx901(key: str, change: Callable[[dict[str, Any]], Any], filename: str,
                                        path: tuple[str | int, ...], message: str) -> None:
    found = validate([broken(key, change)])
    assert found == [Diagnostic(codes.OUTPUT_INVALID, message, path, filename, None, HINT, "error")]


def test_both_chart_and_chart_ref() -> None:
    extra = {"spec": {"chart": "podinfo", "sourceRef": {"kind": "HelmRepository", "name": "podinfo"}}}
    found = validate([broken("release-chartref", _set("spec", "chart", value=extra))])
    assert [(d.code, d.file, d.path, d.severity, d.hint) for d in found] == [
        (codes.OUTPUT_INVALID, "helmrelease.yaml", ("spec",), "error", HINT)]
    assert found[0].message.startswith("emitted HelmRelease is invalid: {")
    assert found[0].message.endswith("is valid under each of {'required': ['chartRef']}, {'required': ['chart']}")


def test_every_violation_of_every_manifest_is_reported_with_its_own_file() -> None:
    manifests = [
        broken("git", _set("spec", "interval", value="1 minute")),
        manifest("oci"),
        broken("kustomization", lambda o: (o["spec"].update(interval="never", path=7))),
    ]
    found = validate(manifests)
    assert [(d.file, d.path) for d in found] == [
        ("gitrepository.yaml", ("spec", "interval")),
        ("flux-kustomization.yaml", ("spec", "interval")),
        ("flux-kustomization.yaml", ("spec", "path")),
    ]
    assert {d.code for d in found} == {codes.OUTPUT_INVALID}
    assert all(d.is_error for d in found)


def test_user_values_are_free_form() -> None:
    values = {"anything": {"goes": [None, True, 1.5, {"deep": {}}]}, "x-y.z": ""}
    assert validate([broken("release-chart", _set("spec", "values", value=values))]) == []


def test_rendered_diagnostic_points_at_the_output_file() -> None:
    (found,) = validate([broken("release-chart", _set("spec", "interval", value="5 minutes"))])
    assert found.render() == (
        f"helmrelease.yaml: error FLX901: $.spec.interval: emitted HelmRelease is invalid: '5 minutes' does not "
        f"match {INTERVAL} ({HINT})")
