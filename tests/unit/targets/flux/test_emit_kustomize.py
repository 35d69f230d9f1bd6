"""fluxc.targets.flux.emit_kustomize: the Kustomization's production fields, where the kustomize-controller CRD
has them.

Every field the plan leaves unset writes nothing; `prune` is written even when false (the CRD requires it), a
variable whose value is "" is written, and `optional` only when true. Each object is also checked against
the official CRD (strict).
"""

from __future__ import annotations

from typing import Any

import pytest

from fluxc.targets.flux import model
from fluxc.targets.flux.emit_kustomize import kustomization
from helpers.official import official_crd_errors

META = model.ObjectMeta(name="podinfo", namespace="flux-system")
GIT = model.SourceRef(kind="GitRepository", name="gitops")
BASE = {"interval": "5m0s", "path": "./apps/podinfo", "prune": True,
        "sourceRef": {"kind": "GitRepository", "name": "gitops"}}


def node(**fields: Any) -> model.Kustomization:
    base: dict[str, Any] = {"meta": META, "interval": "5m0s", "path": "./apps/podinfo", "prune": True,
                            "source": GIT}
    return model.Kustomization(**{**base, **fields})


def spec_of(kustomization_node: model.Kustomization) -> dict[str, Any]:
    obj = kustomization(kustomization_node)
    assert official_crd_errors(obj) == []
    spec: dict[str, Any] = obj["spec"]
    return spec


def test_no_production_field_writes_nothing() -> None:
    assert spec_of(node()) == BASE


def test_prune_false_is_written() -> None:
    assert spec_of(node(prune=False)) == {**BASE, "prune": False}


@pytest.mark.parametrize(("post_build", "written"), [
    (model.PostBuild(substitute={"cluster_env": "prod", "suffix": ""}),
     {"substitute": {"cluster_env": "prod", "suffix": ""}}),  # "" is a value: never compacted away
    (model.PostBuild(substitute={"suffix": ""}), {"substitute": {"suffix": ""}}),
    (model.PostBuild(substitute_from=(
        model.SubstituteReference(kind="ConfigMap", name="vars"),
        model.SubstituteReference(kind="Secret", name="secret-vars", optional=True),
        model.SubstituteReference(kind="ConfigMap", name="region", optional=False))),
     {"substituteFrom": [{"kind": "ConfigMap", "name": "vars"},
                         {"kind": "Secret", "name": "secret-vars", "optional": True},
                         {"kind": "ConfigMap", "name": "region"}]}),  # false is the CRD's default
    (model.PostBuild(substitute={"a": "1"}, substitute_from=(model.SubstituteReference(kind="Secret", name="s"),)),
     {"substitute": {"a": "1"}, "substituteFrom": [{"kind": "Secret", "name": "s"}]}),
    (model.PostBuild(), None),  # nothing to substitute: no postBuild
])
def test_post_build(post_build: model.PostBuild, written: dict[str, Any] | None) -> None:
    spec = spec_of(node(post_build=post_build))
    assert spec.get("postBuild") == written


def test_patches_with_and_without_target() -> None:
    patches = (model.Patch(patch="- op: remove\n  path: /spec/replicas\n",
                           target=model.PatchTarget(kind="Deployment", label_selector="app=podinfo")),
               model.Patch(patch="apiVersion: v1\nkind: Service\nmetadata:\n  name: podinfo\n"))
    assert spec_of(node(patches=patches))["patches"] == [
        {"patch": "- op: remove\n  path: /spec/replicas\n",
         "target": {"kind": "Deployment", "labelSelector": "app=podinfo"}},
        {"patch": "apiVersion: v1\nkind: Service\nmetadata:\n  name: podinfo\n"}]


def test_images_write_only_what_they_change() -> None:
    digest = "sha256:" + "a" * 64
    images = (model.Image(name="podinfo", new_tag="6.5.4"), model.Image(name="redis", new_name="mirror/redis"),
              model.Image(name="busybox", digest=digest), model.Image(name="nginx"))
    assert spec_of(node(images=images))["images"] == [
        {"name": "podinfo", "newTag": "6.5.4"}, {"name": "redis", "newName": "mirror/redis"},
        {"name": "busybox", "digest": digest}, {"name": "nginx"}]


def test_components_force_and_retry_interval() -> None:
    spec = spec_of(node(components=("../../components/ha", "tls"), force=True, retry_interval="1m30s"))
    assert spec == {**BASE, "components": ["../../components/ha", "tls"], "force": True, "retryInterval": "1m30s"}


def test_force_false_is_the_default_and_not_written() -> None:
    assert "force" not in spec_of(node(force=False))


def test_every_field_at_once_is_valid_for_the_crd() -> None:
    spec = spec_of(node(
        post_build=model.PostBuild(substitute={"a": "b"}),
        patches=(model.Patch(patch="- {op: remove, path: /a}", target=model.PatchTarget(kind="A")),),
        images=(model.Image(name="a", new_tag="1"),), components=("../c",), force=True, retry_interval="2m0s",
        wait=True, timeout="3m0s"))
    assert set(spec) == {*BASE, "components", "force", "images", "patches", "postBuild", "retryInterval",
                         "timeout", "wait"}
