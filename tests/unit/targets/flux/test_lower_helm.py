"""fluxc.targets.flux.lower_helm: the HelmRelease's production keys, carried into the plan as the answers say.

Each answers text passes validate_input first (lowering assumes valid data); every plan is validated in full
(`Plan.model_validate`), where a field of the wrong type would show.
"""

from __future__ import annotations

import textwrap

import pytest

from fluxc.targets.flux import model
from helpers.plans import valid_plan
from helpers.snippets import PODINFO_CHART, git_answers

CHART = PODINFO_CHART + '  version: "6.5.4"\n'
GIT_HELM = git_answers("podinfo", "helm")


def release_of(text: str) -> model.HelmRelease:
    release = valid_plan(text).objects[-1]
    assert isinstance(release, model.HelmRelease)
    return release


def test_absent_keys_leave_every_production_field_unset() -> None:
    release = release_of(CHART)
    assert (release.remediation_retries, release.remediate_last_failure, release.remediation_strategy) == (
        None, None, None)
    assert (release.install_crds, release.upgrade_crds, release.drift_detection, release.test) == (
        None, None, None, None)
    assert (release.max_history, release.release_name, release.post_renderers) == (None, None, ())


@pytest.mark.parametrize("text", [CHART, GIT_HELM], ids=["chart-journey", "git-helm-journey"])
def test_every_key_reaches_the_release(text: str) -> None:
    release = release_of(text + textwrap.dedent("""\
        remediation: {retries: 3, remediateLastFailure: true, strategy: uninstall}
        crds: {install: CreateReplace, upgrade: Skip}
        maxHistory: 10
        releaseName: podinfo-prod
        test: {enable: true, ignoreFailures: true}
        """))
    assert (release.remediation_retries, release.remediate_last_failure, release.remediation_strategy) == (
        3, True, "uninstall")
    assert (release.install_crds, release.upgrade_crds) == ("CreateReplace", "Skip")
    assert (release.max_history, release.release_name) == (10, "podinfo-prod")
    assert release.test == model.HelmTest(enable=True, ignore_failures=True)


def test_remediate_last_failure_false_is_kept_not_dropped() -> None:
    release = release_of(CHART + "remediation: {retries: 2, remediateLastFailure: false}\n")
    assert release.remediate_last_failure is False


def test_max_history_zero_keeps_its_meaning() -> None:
    assert release_of(CHART + "maxHistory: 0\n").max_history == 0


@pytest.mark.parametrize(("crds", "expected"), [
    ("{install: Skip}", ("Skip", None)),
    ("{upgrade: CreateReplace}", (None, "CreateReplace")),
], ids=["install-only", "upgrade-only"])
def test_a_crd_policy_not_given_stays_unset(crds: str, expected: tuple[str | None, str | None]) -> None:
    release = release_of(CHART + f"crds: {crds}\n")
    assert (release.install_crds, release.upgrade_crds) == expected


@pytest.mark.parametrize(("test", "expected"), [
    ("{enable: true}", model.HelmTest(enable=True, ignore_failures=False)),
    ("{ignoreFailures: true}", model.HelmTest(enable=False, ignore_failures=True)),
    ("{}", model.HelmTest(enable=False, ignore_failures=False)),
], ids=["enable", "ignore-failures-only", "empty"])
def test_test_keys_default_to_false(test: str, expected: model.HelmTest) -> None:
    assert release_of(CHART + f"test: {test}\n").test == expected


def test_drift_detection_with_ignore_rules() -> None:
    release = release_of(CHART + textwrap.dedent("""\
        driftDetection:
          mode: warn
          ignore:
            - paths: [/spec/replicas, /metadata/annotations]
              target: {group: apps, kind: Deployment, name: podinfo, labelSelector: "app=podinfo"}
            - paths: [/data]
        """))
    assert release.drift_detection == model.DriftDetection(mode="warn", ignore=(
        model.DriftIgnoreRule(paths=("/spec/replicas", "/metadata/annotations"), target=model.PatchTarget(
            group="apps", kind="Deployment", name="podinfo", label_selector="app=podinfo")),
        model.DriftIgnoreRule(paths=("/data",)),
    ))


def test_drift_detection_mode_alone() -> None:
    assert release_of(CHART + "driftDetection: {mode: enabled}\n").drift_detection == model.DriftDetection(
        mode="enabled")


def test_post_renderers_keep_their_order_patches_and_images() -> None:
    release = release_of(CHART + textwrap.dedent("""\
        postRenderers:
          - kustomize:
              patches:
                - patch: |
                    - op: add
                      path: /metadata/labels/env
                      value: prod
                  target: {kind: Deployment, name: podinfo}
          - kustomize:
              images:
                - name: ghcr.io/stefanprodan/podinfo
                  newName: registry.example.com/podinfo
                  newTag: "6.5.5"
                - name: busybox
                  digest: sha256:0000000000000000000000000000000000000000000000000000000000000000
        """))
    assert release.post_renderers == (
        model.PostRenderer(patches=(model.Patch(
            patch="- op: add\n  path: /metadata/labels/env\n  value: prod\n",
            target=model.PatchTarget(kind="Deployment", name="podinfo")),)),
        model.PostRenderer(images=(
            model.Image(name="ghcr.io/stefanprodan/podinfo", new_name="registry.example.com/podinfo",
                        new_tag="6.5.5"),
            model.Image(name="busybox", digest="sha256:" + "0" * 64))),
    )
