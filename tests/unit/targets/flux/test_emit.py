"""fluxc.targets.flux.emit: one exact Flux object per model node, with omitempty as `flux create … --export` applies it."""

from __future__ import annotations

from typing import Any

import pytest

from fluxc.targets.flux import model
from fluxc.targets.flux.emit import EMITTERS, HELM_CHART_LAYER, emit
from fluxc.targets.types import Manifest

META = model.ObjectMeta(name="podinfo", namespace="flux-system")
GIT = model.SourceRef(kind="GitRepository", name="gitops")
LABELS = {"team": "payments", "app.kubernetes.io/part-of": "shop"}
API_VERSIONS = {"GitRepository": "source.toolkit.fluxcd.io/v1", "HelmRepository": "source.toolkit.fluxcd.io/v1",
                "OCIRepository": "source.toolkit.fluxcd.io/v1", "HelmRelease": "helm.toolkit.fluxcd.io/v2",
                "Kustomization": "kustomize.toolkit.fluxcd.io/v1"}


def one(node: model.FluxObject) -> Manifest:
    manifests = emit(model.Plan(app="podinfo", output_path="./manifests", objects=(node,)))
    assert len(manifests) == 1
    return manifests[0]


def obj(node: model.FluxObject) -> dict[str, Any]:
    return one(node).obj


def flux(kind: str, spec: dict[str, Any], *, metadata: dict[str, Any] | None = None) -> dict[str, Any]:
    """The object `flux create ... --export` prints for kind: metadata podinfo in flux-system unless given."""
    return {"apiVersion": API_VERSIONS[kind], "kind": kind,
            "metadata": metadata or {"name": "podinfo", "namespace": "flux-system"}, "spec": spec}


def git_repository(**fields: Any) -> model.GitRepository:
    base: dict[str, Any] = {"meta": META, "url": "https://github.com/org/gitops", "interval": "1m0s",
                            "ref": model.GitRef(branch="main")}
    return model.GitRepository(**{**base, **fields})


def release(**fields: Any) -> model.HelmRelease:
    base: dict[str, Any] = {"meta": META, "interval": "5m0s", "chart_ref": model.SourceRef(kind="OCIRepository",
                                                                                          name="podinfo")}
    return model.HelmRelease(**{**base, **fields})


def kustomization(**fields: Any) -> model.Kustomization:
    base: dict[str, Any] = {"meta": META, "interval": "5m0s", "path": "./", "prune": True, "source": GIT}
    return model.Kustomization(**{**base, **fields})


CASES: list[Any] = [
    pytest.param(
        git_repository(),
        flux("GitRepository", {"interval": "1m0s", "ref": {"branch": "main"}, "url": "https://github.com/org/gitops"}),
        id="gitrepository-minimal"),
    pytest.param(
        git_repository(meta=model.ObjectMeta(name="gitops", namespace="flux-apps", labels=LABELS),
                       url="ssh://git@github.com/org/gitops", interval="10m0s",
                       ref=model.GitRef(branch="main", commit="c88a2f41"), secret_ref="git-auth"),
        flux("GitRepository", {"interval": "10m0s", "ref": {"branch": "main", "commit": "c88a2f41"},
                               "secretRef": {"name": "git-auth"}, "url": "ssh://git@github.com/org/gitops"},
             metadata={"name": "gitops", "namespace": "flux-apps", "labels": LABELS}),
        id="gitrepository-full"),
    pytest.param(
        git_repository(ref=model.GitRef(semver=">=1.0.0")),
        flux("GitRepository", {"interval": "1m0s", "ref": {"semver": ">=1.0.0"},
                               "url": "https://github.com/org/gitops"}),
        id="gitrepository-semver"),
    pytest.param(
        model.HelmRepository(meta=META, url="https://stefanprodan.github.io/podinfo", interval="1h0m0s"),
        flux("HelmRepository", {"interval": "1h0m0s", "url": "https://stefanprodan.github.io/podinfo"}),
        id="helmrepository-minimal"),
    pytest.param(
        model.HelmRepository(meta=META, url="https://charts.example.com", interval="30m0s", secret_ref="auth"),
        flux("HelmRepository", {"interval": "30m0s", "secretRef": {"name": "auth"},
                                "url": "https://charts.example.com"}),
        id="helmrepository-secret"),
    pytest.param(
        model.OCIRepository(meta=META, url="oci://ghcr.io/org/podinfo", interval="1h0m0s", tag="6.5.4"),
        flux("OCIRepository", {"interval": "1h0m0s",
                               "layerSelector": {"mediaType": "application/vnd.cncf.helm.chart.content.v1.tar+gzip",
                                                 "operation": "copy"},
                               "ref": {"tag": "6.5.4"}, "url": "oci://ghcr.io/org/podinfo"}),
        id="ocirepository-tag"),
    pytest.param(
        model.OCIRepository(meta=META, url="oci://ghcr.io/org/podinfo", interval="1h0m0s", semver="*",
                            secret_ref="ghcr"),
        flux("OCIRepository", {"interval": "1h0m0s",
                               "layerSelector": {"mediaType": HELM_CHART_LAYER, "operation": "copy"},
                               "ref": {"semver": "*"}, "secretRef": {"name": "ghcr"},
                               "url": "oci://ghcr.io/org/podinfo"}),
        id="ocirepository-semver-secret"),
    pytest.param(
        model.HelmRelease(meta=META, interval="5m0s", chart=model.ChartTemplate(
            chart="podinfo", source=model.SourceRef(kind="HelmRepository", name="podinfo"),
            reconcile_strategy="ChartVersion")),
        flux("HelmRelease", {"chart": {"spec": {"chart": "podinfo", "reconcileStrategy": "ChartVersion",
                                                "sourceRef": {"kind": "HelmRepository", "name": "podinfo"}}},
                             "interval": "5m0s"}),
        id="helmrelease-chart-minimal"),
    pytest.param(
        model.HelmRelease(
            meta=model.ObjectMeta(name="podinfo", namespace="flux-system", labels={"team": "web"}),
            interval="1m30s",
            chart=model.ChartTemplate(chart="./apps/podinfo", version="6.x", source=GIT,
                                      reconcile_strategy="Revision"),
            target_namespace="web", storage_namespace="web", create_namespace=True, remediation_retries=3,
            values={"replicaCount": 2},
            values_from=(model.ValuesReference(kind="ConfigMap", name="base"),
                         model.ValuesReference(kind="Secret", name="admin", values_key="password",
                                               target_path="grafana.adminPassword")),
            depends_on=(model.Dependency(name="cert-manager"), model.Dependency(name="redis", namespace="data")),
            service_account="deployer", suspend=True, timeout="10m0s"),
        flux("HelmRelease", {"chart": {"spec": {"chart": "./apps/podinfo", "version": "6.x",
                                                "reconcileStrategy": "Revision",
                                                "sourceRef": {"kind": "GitRepository", "name": "gitops"}}},
                             "dependsOn": [{"name": "cert-manager"}, {"name": "redis", "namespace": "data"}],
                             "install": {"createNamespace": True, "remediation": {"retries": 3}},
                             "interval": "1m30s", "serviceAccountName": "deployer", "storageNamespace": "web",
                             "suspend": True, "targetNamespace": "web", "timeout": "10m0s",
                             "upgrade": {"remediation": {"retries": 3}}, "values": {"replicaCount": 2},
                             "valuesFrom": [{"kind": "ConfigMap", "name": "base"},
                                            {"kind": "Secret", "name": "admin", "valuesKey": "password",
                                             "targetPath": "grafana.adminPassword"}]},
             metadata={"name": "podinfo", "namespace": "flux-system", "labels": {"team": "web"}}),
        id="helmrelease-chart-full"),
    pytest.param(
        release(),
        flux("HelmRelease", {"chartRef": {"kind": "OCIRepository", "name": "podinfo"}, "interval": "5m0s"}),
        id="helmrelease-chartref-minimal"),
    pytest.param(
        kustomization(),
        flux("Kustomization", {"interval": "5m0s", "path": "./", "prune": True,
                               "sourceRef": {"kind": "GitRepository", "name": "gitops"}}),
        id="kustomization-minimal"),
    pytest.param(
        kustomization(meta=model.ObjectMeta(name="billing", namespace="flux-system", labels={"team": "payments"}),
                      path="./billing", prune=False, target_namespace="billing", wait=True, timeout="3m0s",
                      health_checks=(model.HealthCheck(api_version="apps/v1", kind="Deployment", name="api",
                                                       namespace="billing"),
                                     model.HealthCheck(kind="HelmRelease", name="redis")),
                      decryption_secret="sops-age", depends_on=(model.Dependency(name="databases"),),
                      service_account="deployer", suspend=True),
        flux("Kustomization", {"decryption": {"provider": "sops", "secretRef": {"name": "sops-age"}},
                               "dependsOn": [{"name": "databases"}],
                               "healthChecks": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "api",
                                                 "namespace": "billing"},
                                                {"kind": "HelmRelease", "name": "redis"}],
                               "interval": "5m0s", "path": "./billing", "prune": False,
                               "serviceAccountName": "deployer",
                               "sourceRef": {"kind": "GitRepository", "name": "gitops"}, "suspend": True,
                               "targetNamespace": "billing", "timeout": "3m0s", "wait": True},
             metadata={"name": "billing", "namespace": "flux-system", "labels": {"team": "payments"}}),
        id="kustomization-full"),
]

@pytest.mark.parametrize(("node", "expected"), CASES)
def test_emits_the_exact_object(node: model.FluxObject, expected: dict[str, Any]) -> None:
    assert obj(node) == expected


@pytest.mark.parametrize(("node", "filename"), [
    (CASES[0].values[0], "gitrepository.yaml"),
    (CASES[3].values[0], "helmrepository.yaml"),
    (CASES[5].values[0], "ocirepository.yaml"),
    (CASES[7].values[0], "helmrelease.yaml"),
    (CASES[10].values[0], "flux-kustomization.yaml"),
], ids=["GitRepository", "HelmRepository", "OCIRepository", "HelmRelease", "Kustomization"])
def test_file_name_comes_from_the_registry(node: model.FluxObject, filename: str) -> None:
    assert one(node).filename == filename == EMITTERS[type(node)][0].file_name


def test_registry_covers_every_flux_object_and_nothing_else() -> None:
    assert {cls: kind.file_name for cls, (kind, _) in EMITTERS.items()} == {
        model.GitRepository: "gitrepository.yaml",
        model.HelmRepository: "helmrepository.yaml",
        model.OCIRepository: "ocirepository.yaml",
        model.HelmRelease: "helmrelease.yaml",
        model.Kustomization: "flux-kustomization.yaml",
        model.Provider: "provider.yaml",
        model.Alert: "alert.yaml",
    }


def test_every_node_class_is_named_after_the_kind_it_emits() -> None:
    """Lowering names a source reference's or an event source's kind by the node's class."""
    assert all(cls.__name__ == kind.kind for cls, (kind, _) in EMITTERS.items())


def test_manifests_keep_plan_order_and_expose_their_kind() -> None:
    nodes = tuple(case.values[0] for case in (CASES[0], CASES[10], CASES[5], CASES[9]))
    manifests = emit(model.Plan(app="podinfo", output_path="./manifests", objects=nodes))
    assert [(m.filename, m.gvk) for m in manifests] == [
        ("gitrepository.yaml", ("source.toolkit.fluxcd.io/v1", "GitRepository")),
        ("flux-kustomization.yaml", ("kustomize.toolkit.fluxcd.io/v1", "Kustomization")),
        ("ocirepository.yaml", ("source.toolkit.fluxcd.io/v1", "OCIRepository")),
        ("helmrelease.yaml", ("helm.toolkit.fluxcd.io/v2", "HelmRelease")),
    ]


def test_an_empty_plan_emits_nothing() -> None:
    assert emit(model.Plan(app="podinfo", output_path="./manifests", objects=())) == []


class _UnknownSource(model.GitRepository):
    """A node type the registry does not list (a subclass must not borrow its parent's emitter)."""


def test_unknown_node_type_raises() -> None:
    node = _UnknownSource(meta=META, url="https://github.com/org/gitops", interval="1m0s",
                          ref=model.GitRef(branch="main"))
    plan = model.Plan(app="podinfo", output_path="./manifests", objects=(node,))
    with pytest.raises(TypeError, match=r"^no emitter for _UnknownSource$"):
        emit(plan)


def test_a_node_that_is_no_flux_object_raises() -> None:
    objects: Any = (META,)
    plan = model.Plan.model_construct(app="podinfo", output_path="./manifests", objects=objects)
    with pytest.raises(TypeError, match=r"^no emitter for ObjectMeta$"):
        emit(plan)


# --- omitempty ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("node", "spec"), [
    (release(create_namespace=False, remediation_retries=None),
     {"chartRef": {"kind": "OCIRepository", "name": "podinfo"}, "interval": "5m0s"}),
    (release(create_namespace=True),
     {"chartRef": {"kind": "OCIRepository", "name": "podinfo"}, "install": {"createNamespace": True},
      "interval": "5m0s"}),
    (release(remediation_retries=0),
     {"chartRef": {"kind": "OCIRepository", "name": "podinfo"}, "install": {"remediation": {"retries": 0}},
      "interval": "5m0s", "upgrade": {"remediation": {"retries": 0}}}),
    (release(suspend=False, service_account=None, timeout=None, target_namespace=None, values={},
             values_from=(), depends_on=()),
     {"chartRef": {"kind": "OCIRepository", "name": "podinfo"}, "interval": "5m0s"}),
    (release(depends_on=(model.Dependency(name="a", namespace=None),)),
     {"chartRef": {"kind": "OCIRepository", "name": "podinfo"}, "dependsOn": [{"name": "a"}],
      "interval": "5m0s"}),
    (release(values_from=(model.ValuesReference(kind="Secret", name="v", values_key=None, target_path=None),)),
     {"chartRef": {"kind": "OCIRepository", "name": "podinfo"}, "interval": "5m0s",
      "valuesFrom": [{"kind": "Secret", "name": "v"}]}),
    (model.GitRepository(meta=META, url="https://g/o/r", interval="1m0s", ref=model.GitRef(), secret_ref=""),
     {"interval": "1m0s", "url": "https://g/o/r"}),
    (model.OCIRepository(meta=META, url="oci://r/c", interval="1h0m0s"),
     {"interval": "1h0m0s", "layerSelector": {"mediaType": HELM_CHART_LAYER, "operation": "copy"},
      "url": "oci://r/c"}),
    (kustomization(prune=False, wait=False, suspend=False, decryption_secret=None),
     {"interval": "5m0s", "path": "./", "prune": False, "sourceRef": {"kind": "GitRepository", "name": "gitops"}}),
    (kustomization(decryption_secret="", health_checks=(model.HealthCheck(kind="Deployment", name="api"),)),
     {"healthChecks": [{"kind": "Deployment", "name": "api"}], "interval": "5m0s", "path": "./", "prune": True,
      "sourceRef": {"kind": "GitRepository", "name": "gitops"}}),
], ids=["install-emptied-away", "create-namespace-only", "retries-zero-kept", "every-empty-field-dropped",
        "dependency-without-namespace", "values-reference-without-key", "git-empty-ref-and-secret",
        "oci-without-ref", "prune-false-kept", "empty-decryption-secret"])
def test_omitempty(node: model.FluxObject, spec: dict[str, Any]) -> None:
    assert obj(node)["spec"] == spec


def test_user_values_are_never_compacted() -> None:
    values = {"a": False, "b": {}, "c": None, "d": "", "e": [], "f": 0, "g": {"h": None, "i": {"j": False}}}
    assert obj(release(values=values))["spec"]["values"] == {
        "a": False, "b": {}, "c": None, "d": "", "e": [], "f": 0, "g": {"h": None, "i": {"j": False}}}


def test_user_values_survive_exactly_the_brief_example() -> None:
    assert obj(release(values={"a": False, "b": {}, "c": None, "d": ""}))["spec"]["values"] == {
        "a": False, "b": {}, "c": None, "d": ""}


@pytest.mark.parametrize(("labels", "metadata"), [
    ({}, {"name": "podinfo", "namespace": "flux-system"}),
    ({"team": "web"}, {"name": "podinfo", "namespace": "flux-system", "labels": {"team": "web"}}),
], ids=["no-labels", "labels"])
@pytest.mark.parametrize("make", [
    lambda meta: model.GitRepository(meta=meta, url="https://g/o/r", interval="1m0s", ref=model.GitRef(branch="m")),
    lambda meta: model.HelmRepository(meta=meta, url="https://c.example.com", interval="1h0m0s"),
    lambda meta: model.OCIRepository(meta=meta, url="oci://r/c", interval="1h0m0s", tag="1.0.0"),
    lambda meta: release(meta=meta),
    lambda meta: kustomization(meta=meta),
], ids=["GitRepository", "HelmRepository", "OCIRepository", "HelmRelease", "Kustomization"])
def test_labels_only_when_non_empty(make: Any, labels: dict[str, str], metadata: dict[str, Any]) -> None:
    node = make(model.ObjectMeta(name="podinfo", namespace="flux-system", labels=labels))
    assert obj(node)["metadata"] == metadata


def test_top_level_keys_are_exactly_the_four_flux_prints() -> None:
    for case in CASES:
        assert list(obj(case.values[0])) == ["apiVersion", "kind", "metadata", "spec"]
