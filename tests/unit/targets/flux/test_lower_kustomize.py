"""fluxc.targets.flux.lower_kustomize: the Kustomization's production keys, carried into the plan as the answers
say them (durations made canonical, components as written).

Each answers text passes validate_input first (lowering assumes valid data); every plan is validated in full
(`Plan.model_validate`), where a field of the wrong type would show.
"""

from __future__ import annotations

import pytest

from fluxc.targets.flux import model
from helpers.plans import valid_plan
from helpers.snippets import git_answers

GIT = git_answers("podinfo", path="apps/podinfo/overlays/prod")
RAW = git_answers("podinfo", "raw")


def kustomization_of(text: str) -> model.Kustomization:
    kustomization = valid_plan(text).objects[-1]
    assert isinstance(kustomization, model.Kustomization)
    return kustomization


def test_absent_keys_leave_every_production_field_unset() -> None:
    found = kustomization_of(GIT)
    assert (found.post_build, found.patches, found.images, found.components) == (None, (), (), ())
    assert (found.force, found.retry_interval) == (False, None)


def test_post_build_keeps_every_variable_and_reference_in_order() -> None:
    found = kustomization_of(GIT + """\
postBuild:
  substitute: {cluster_env: prod, replicas: "3", suffix: ""}
  substituteFrom:
    - {kind: ConfigMap, name: cluster-vars}
    - {kind: Secret, name: cluster-secrets, optional: true}
    - {kind: ConfigMap, name: region-vars, optional: false}
""")
    assert found.post_build == model.PostBuild(
        substitute={"cluster_env": "prod", "replicas": "3", "suffix": ""},
        substitute_from=(model.SubstituteReference(kind="ConfigMap", name="cluster-vars"),
                         model.SubstituteReference(kind="Secret", name="cluster-secrets", optional=True),
                         model.SubstituteReference(kind="ConfigMap", name="region-vars", optional=False)))


@pytest.mark.parametrize(("post_build", "expected"), [
    ("{substitute: {a: b}}", model.PostBuild(substitute={"a": "b"})),
    ("{substituteFrom: [{kind: Secret, name: s}]}",
     model.PostBuild(substitute_from=(model.SubstituteReference(kind="Secret", name="s"),))),
])
def test_post_build_with_one_half(post_build: str, expected: model.PostBuild) -> None:
    assert kustomization_of(GIT + f"postBuild: {post_build}\n").post_build == expected


def test_patches_keep_their_text_and_target() -> None:
    found = kustomization_of(GIT + """\
patches:
  - patch: |
      - op: replace
        path: /spec/replicas
        value: 3
    target:
      group: apps
      version: v1
      kind: Deployment
      name: podinfo
      namespace: apps
      labelSelector: app=podinfo
      annotationSelector: tier!=db
  - patch: "{apiVersion: v1, kind: Service, metadata: {name: podinfo}, spec: {type: LoadBalancer}}"
""")
    assert found.patches == (
        model.Patch(patch="- op: replace\n  path: /spec/replicas\n  value: 3\n", target=model.PatchTarget(
            group="apps", version="v1", kind="Deployment", name="podinfo", namespace="apps",
            label_selector="app=podinfo", annotation_selector="tier!=db")),
        model.Patch(patch="{apiVersion: v1, kind: Service, metadata: {name: podinfo}, spec: {type: LoadBalancer}}"))


def test_images_keep_each_override() -> None:
    digest = "sha256:" + "0" * 64
    found = kustomization_of(GIT + f"""\
images:
  - {{name: podinfo, newTag: 6.5.4}}
  - {{name: redis, newName: mirror/redis}}
  - {{name: busybox, newName: mirror/busybox, digest: "{digest}"}}
""")
    assert found.images == (model.Image(name="podinfo", new_tag="6.5.4"),
                            model.Image(name="redis", new_name="mirror/redis"),
                            model.Image(name="busybox", new_name="mirror/busybox", digest=digest))


def test_components_are_kept_as_written() -> None:
    """Relative to the Kustomization's path, where kustomize resolves them: not normalised like gitPath."""
    found = kustomization_of(GIT + "components: [../../components/ha, ./tls/, x/../y]\n")
    assert found.components == ("../../components/ha", "./tls/", "x/../y")


@pytest.mark.parametrize(("written", "canonical"), [("90s", "1m30s"), ("2m", "2m0s"), ("1h30m", "1h30m0s"),
                                                     ("500ms", "500ms"), ("1.5h", "1h30m0s")])
def test_retry_interval_is_a_canonical_go_duration(written: str, canonical: str) -> None:
    assert kustomization_of(GIT + f"retryInterval: {written}\n").retry_interval == canonical


@pytest.mark.parametrize(("force", "expected"), [("true", True), ("false", False)])
def test_force_is_carried(force: str, expected: bool) -> None:
    assert kustomization_of(GIT + f"force: {force}\n").force is expected


def test_a_raw_folder_takes_the_same_fields() -> None:
    found = kustomization_of(RAW + "force: true\nretryInterval: 1m\ncomponents: [../c]\n"
                             "postBuild: {substitute: {a: b}}\n")
    assert (found.force, found.retry_interval, found.components) == (True, "1m0s", ("../c",))
    assert found.post_build == model.PostBuild(substitute={"a": "b"})
