"""fluxc.targets.flux.emit_helm: the HelmRelease's production fields, where the helm-controller CRD has them.

Every key the plan leaves unset writes nothing; a `false` or a `0` that means something is written. Each
full object is also checked against the official CRD (strict, CEL).
"""

from __future__ import annotations

from typing import Any

import pytest

from fluxc.targets.flux import model
from fluxc.targets.flux.emit_helm import helm_release
from helpers.official import official_crd_errors

META = model.ObjectMeta(name="podinfo", namespace="flux-system")
CHART_REF = {"kind": "OCIRepository", "name": "podinfo"}
BASE = {"chartRef": CHART_REF, "interval": "5m0s"}


def release(**fields: Any) -> model.HelmRelease:
    return model.HelmRelease(meta=META, interval="5m0s", chart_ref=model.SourceRef(kind="OCIRepository",
                                                                                   name="podinfo"), **fields)


def spec_of(node: model.HelmRelease) -> dict[str, Any]:
    obj = helm_release(node)
    assert official_crd_errors(obj) == []
    spec: dict[str, Any] = obj["spec"]
    return spec


def test_no_production_field_writes_nothing() -> None:
    assert spec_of(release()) == BASE


@pytest.mark.parametrize(("fields", "install", "upgrade"), [
    ({"remediation_retries": 3, "remediate_last_failure": True},
     {"remediation": {"retries": 3, "remediateLastFailure": True}},
     {"remediation": {"retries": 3, "remediateLastFailure": True}}),
    ({"remediation_retries": 3, "remediate_last_failure": False},
     {"remediation": {"retries": 3, "remediateLastFailure": False}},
     {"remediation": {"retries": 3, "remediateLastFailure": False}}),
    ({"remediate_last_failure": False},
     {"remediation": {"remediateLastFailure": False}}, {"remediation": {"remediateLastFailure": False}}),
    ({"remediation_retries": 2, "remediation_strategy": "uninstall"},
     {"remediation": {"retries": 2}}, {"remediation": {"retries": 2, "strategy": "uninstall"}}),
    ({"remediation_strategy": "rollback", "remediate_last_failure": True},
     {"remediation": {"remediateLastFailure": True}},
     {"remediation": {"remediateLastFailure": True, "strategy": "rollback"}}),
    ({"install_crds": "CreateReplace", "upgrade_crds": "CreateReplace"},
     {"crds": "CreateReplace"}, {"crds": "CreateReplace"}),
    ({"upgrade_crds": "Skip", "create_namespace": True}, {"createNamespace": True}, {"crds": "Skip"}),
], ids=["last-failure-true", "last-failure-false-written", "last-failure-false-alone", "strategy-upgrade-only",
        "strategy-with-last-failure", "crds-both", "crds-upgrade-only"])
def test_install_and_upgrade(fields: dict[str, Any], install: dict[str, Any], upgrade: dict[str, Any]) -> None:
    assert spec_of(release(**fields)) == {**BASE, "install": install, "upgrade": upgrade}


def test_install_crds_alone_writes_no_upgrade() -> None:
    assert spec_of(release(install_crds="Skip")) == {**BASE, "install": {"crds": "Skip"}}


@pytest.mark.parametrize(("history", "expected"), [(0, 0), (10, 10)], ids=["zero-keeps-all", "ten"])
def test_max_history_is_written_even_when_zero(history: int, expected: int) -> None:
    assert spec_of(release(max_history=history)) == {**BASE, "maxHistory": expected}


def test_release_name() -> None:
    assert spec_of(release(release_name="podinfo-prod")) == {**BASE, "releaseName": "podinfo-prod"}


@pytest.mark.parametrize(("test", "expected"), [
    (model.HelmTest(enable=True), {"enable": True}),
    (model.HelmTest(enable=True, ignore_failures=True), {"enable": True, "ignoreFailures": True}),
    (model.HelmTest(ignore_failures=True), {"ignoreFailures": True}),
], ids=["enable", "enable-ignore-failures", "ignore-failures-only"])
def test_test(test: model.HelmTest, expected: dict[str, Any]) -> None:
    assert spec_of(release(test=test)) == {**BASE, "test": expected}


def test_test_with_nothing_true_writes_nothing() -> None:
    assert spec_of(release(test=model.HelmTest())) == BASE


def test_drift_detection() -> None:
    drift = model.DriftDetection(mode="enabled", ignore=(
        model.DriftIgnoreRule(paths=("/spec/replicas",), target=model.PatchTarget(
            group="apps", version="v1", kind="Deployment", name="podinfo", namespace="web",
            label_selector="app=podinfo", annotation_selector="hpa=on")),
        model.DriftIgnoreRule(paths=("/data", "/metadata/annotations")),
    ))
    assert spec_of(release(drift_detection=drift)) == {**BASE, "driftDetection": {"mode": "enabled", "ignore": [
        {"paths": ["/spec/replicas"], "target": {
            "group": "apps", "version": "v1", "kind": "Deployment", "name": "podinfo", "namespace": "web",
            "labelSelector": "app=podinfo", "annotationSelector": "hpa=on"}},
        {"paths": ["/data", "/metadata/annotations"]},
    ]}}


@pytest.mark.parametrize("mode", ["enabled", "warn", "disabled"])
def test_drift_detection_mode_alone_is_written_as_given(mode: str) -> None:
    drift = model.DriftDetection(mode=mode)  # type: ignore[arg-type]
    assert spec_of(release(drift_detection=drift)) == {**BASE, "driftDetection": {"mode": mode}}


def test_post_renderers_in_order() -> None:
    patch = "- op: add\n  path: /metadata/labels/env\n  value: prod\n"
    renderers = (
        model.PostRenderer(patches=(model.Patch(patch=patch, target=model.PatchTarget(kind="Deployment")),
                                    model.Patch(patch="kind: Service\nmetadata: {name: podinfo}\n"))),
        model.PostRenderer(images=(model.Image(name="podinfo", new_name="registry.example.com/podinfo",
                                               new_tag="6.5.5"),
                                   model.Image(name="busybox", digest="sha256:" + "a" * 64))),
    )
    assert spec_of(release(post_renderers=renderers)) == {**BASE, "postRenderers": [
        {"kustomize": {"patches": [{"patch": patch, "target": {"kind": "Deployment"}},
                                   {"patch": "kind: Service\nmetadata: {name: podinfo}\n"}]}},
        {"kustomize": {"images": [{"name": "podinfo", "newName": "registry.example.com/podinfo", "newTag": "6.5.5"},
                                  {"name": "busybox", "digest": "sha256:" + "a" * 64}]}},
    ]}


def test_every_field_together_is_valid_against_the_crd() -> None:
    spec = spec_of(release(
        remediation_retries=3, remediate_last_failure=False, remediation_strategy="uninstall",
        install_crds="Create", upgrade_crds="CreateReplace", max_history=0, release_name="podinfo",
        test=model.HelmTest(enable=True, ignore_failures=True),
        drift_detection=model.DriftDetection(mode="warn", ignore=(model.DriftIgnoreRule(paths=("/spec/replicas",)),)),
        post_renderers=(model.PostRenderer(images=(model.Image(name="podinfo", new_tag="6.5.5"),)),)))
    assert spec["install"] == {"crds": "Create", "remediation": {"retries": 3, "remediateLastFailure": False}}
    assert spec["upgrade"] == {"crds": "CreateReplace",
                               "remediation": {"retries": 3, "remediateLastFailure": False, "strategy": "uninstall"}}
