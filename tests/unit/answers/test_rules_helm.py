"""fluxc.answers.rules_helm: HelmRelease keys that say something Flux would not do.

Run through `rules.check`, as validation runs them, so each case also shows that nothing else objects and
that a key another rule already reported is not told twice.
"""

from __future__ import annotations

import textwrap

import pytest

from fluxc.answers import rules_helm
from fluxc.answers.rules import check
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, JsonPath, format_path
from fluxc.yaml.load import parse_single
from helpers.snippets import PODINFO_CHART, git_answers

CHART = PODINFO_CHART + '  version: "6.5.4"\n'  # lines 1-7
GIT_HELM = git_answers("podinfo", "helm")  # lines 1-6

Brief = tuple[str, str, str, tuple[int, int] | None]


def run(text: str, failed: set[JsonPath] | None = None) -> list[Diagnostic]:
    document = parse_single(text, "answers.yaml")
    return check(document.data, document.source_map, failed or set())


def brief(found: list[Diagnostic]) -> list[Brief]:
    return [(d.code, d.severity, format_path(d.path), (d.span.line, d.span.col) if d.span else None)
            for d in found]


def dd(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


# --------------------------------------------------------------------------- nothing to say

@pytest.mark.parametrize("extra", [
    "driftDetection: {mode: enabled, ignore: [{paths: [/spec/replicas]}]}\n",
    "driftDetection: {mode: warn, ignore: [{paths: [/spec/replicas]}]}\n",
    "driftDetection: {mode: disabled}\n",
    "driftDetection: {mode: disabled, ignore: []}\n",
    "test: {enable: true, ignoreFailures: true}\n",
    "test: {enable: false}\n",
    "test: {ignoreFailures: false}\n",
    "remediation: {retries: 3, strategy: uninstall}\n",
    "remediation: {remediateLastFailure: true, strategy: rollback}\n",
    "remediation: {retries: 1, remediateLastFailure: false, strategy: uninstall}\n",
    "remediation: {retries: 0}\n",
    "remediation: {remediateLastFailure: false}\n",
    "crds: {install: Skip, upgrade: CreateReplace}\nmaxHistory: 0\nreleaseName: podinfo\n",
], ids=["drift-enabled-ignore", "drift-warn-ignore", "drift-disabled", "drift-disabled-empty-ignore",
        "test-enabled-ignore-failures", "test-disabled", "test-ignore-failures-false", "strategy-with-retries",
        "strategy-with-last-failure", "strategy-retries-without-last-failure", "retries-zero-alone",
        "last-failure-false-alone", "crds-history-release-name"])
@pytest.mark.parametrize("head", [CHART, GIT_HELM], ids=["chart", "git-helm"])
def test_consistent_keys_have_no_problems(head: str, extra: str) -> None:
    assert run(head + extra) == []


# --------------------------------------------------------------------------- drift detection

def test_ignore_rules_with_drift_detection_disabled_warn() -> None:
    found = run(CHART + dd("""
        driftDetection:
          mode: disabled
          ignore:
            - paths: [/spec/replicas]
        """))
    assert brief(found) == [(codes.IGNORED_KEY, "warning", "$.driftDetection.ignore", (10, 3))]
    assert "mode: disabled" in found[0].message and "`mode: enabled`" in found[0].hint


# --------------------------------------------------------------------------- tests

@pytest.mark.parametrize("test", ["{ignoreFailures: true}", "{enable: false, ignoreFailures: true}"],
                         ids=["enable-absent", "enable-false"])
def test_ignore_failures_without_tests_warns(test: str) -> None:
    found = run(CHART + f"test: {test}\n")
    assert brief(found) == [(codes.IGNORED_KEY, "warning", "$.test.ignoreFailures", (8, test.index("ignore") + 7))]
    assert "`enable: true`" in found[0].hint


# --------------------------------------------------------------------------- remediation strategy

@pytest.mark.parametrize("remediation", [
    "{strategy: uninstall}",
    "{retries: 0, strategy: uninstall}",
    "{remediateLastFailure: false, strategy: rollback}",
    "{retries: 0, remediateLastFailure: false, strategy: rollback}",
], ids=["strategy-alone", "retries-zero", "last-failure-false", "both-off"])
def test_strategy_without_any_remediation_warns(remediation: str) -> None:
    found = run(GIT_HELM + f"remediation: {remediation}\n")
    assert brief(found) == [(codes.IGNORED_KEY, "warning", "$.remediation.strategy",
                             (7, remediation.index("strategy") + 14))]
    assert "retries" in found[0].hint and "remediateLastFailure: true" in found[0].hint


# --------------------------------------------------------------------------- wrong types and other journeys

@pytest.mark.parametrize("extra", [
    "driftDetection: [mode, disabled]\n",
    "driftDetection: {mode: disabled, ignore: {paths: [/a]}}\n",
    "test: {enable: yes please, ignoreFailures: true}\n",
    "test: {ignoreFailures: 'true'}\n",
    "remediation: {retries: '0', strategy: rollback}\n",
    "remediation: {retries: true, strategy: rollback}\n",
    "remediation: {remediateLastFailure: 'no', strategy: rollback}\n",
    "remediation: {strategy: [rollback]}\n",
    "remediation: strategy\n",
], ids=["drift-list", "ignore-mapping", "enable-string", "ignore-failures-string", "retries-string",
        "retries-boolean", "last-failure-string", "strategy-list", "remediation-scalar"])
def test_values_of_the_wrong_type_are_left_to_the_schema(extra: str) -> None:
    document = parse_single(CHART + extra, "answers.yaml")
    assert list(rules_helm.check(document.data, document.source_map)) == []


@pytest.mark.parametrize(("head", "reported"), [
    (git_answers("podinfo", "kustomize"), (codes.KEY_NOT_APPLICABLE, "error", "$.test", (7, 1))),
    (git_answers("podinfo", "helm").replace("gitopsDeployment: flux\n", ""), (codes.UNUSED_KEY, "warning", "$.test",
                                                                              (6, 1))),
], ids=["kustomize", "helm-without-flux"])
def test_a_key_that_does_not_apply_is_reported_once_as_a_whole(head: str, reported: Brief) -> None:
    found = run(head + "test: {ignoreFailures: true}\n")
    assert reported in brief(found)
    assert [d for d in found if d.path == ("test", "ignoreFailures")] == []


def test_a_path_the_schema_already_reported_is_not_told_again() -> None:
    assert run(CHART + "test: {ignoreFailures: true}\n", {("test", "ignoreFailures")}) == []


# --------------------------------------------------------------------------- post-renderers (rules_patches)

def test_post_renderer_patches_and_images_are_checked_at_their_own_paths() -> None:
    found = run(CHART + dd("""
        postRenderers:
          - kustomize:
              images:
                - name: ghcr.io/stefanprodan/podinfo
                  newTag: "6.5.5"
          - kustomize:
              patches:
                - patch: |
                    - op: add
                      path: /metadata/labels/env
                      value: prod
              images:
                - name: busybox
        """))
    assert brief(found) == [
        (codes.MISSING_KEY, "error", "$.postRenderers[1].kustomize.patches[0].target", (15, 11)),
        (codes.IGNORED_KEY, "warning", "$.postRenderers[1].kustomize.images[0]", (20, 11)),
    ]


def test_the_same_image_in_two_post_renderers_is_no_duplicate() -> None:
    image = "      images:\n        - name: busybox\n          newTag: '1.36'\n"
    assert run(CHART + "postRenderers:\n  - kustomize:\n" + image + "  - kustomize:\n" + image) == []


def test_a_duplicate_image_within_one_post_renderer_is_reported() -> None:
    found = run(CHART + dd("""
        postRenderers:
          - kustomize:
              images:
                - {name: busybox, newTag: '1.36'}
                - {name: busybox, newName: registry.example.com/busybox}
        """))
    assert brief(found) == [(codes.DUPLICATE_ENTRY, "error", "$.postRenderers[0].kustomize.images[1].name", (12, 18))]


def test_a_strategic_merge_patch_with_target_is_valid() -> None:
    assert run(CHART + dd("""
        postRenderers:
          - kustomize:
              patches:
                - target: {kind: Deployment}
                  patch: |
                    kind: Deployment
                    metadata: {name: any}
                    spec: {replicas: 2}
        """)) == []


@pytest.mark.parametrize("extra", [
    "postRenderers: {kustomize: {images: [{name: busybox}]}}\n",
    "postRenderers: [kustomize]\n",
    "postRenderers: [{kustomize: [images]}]\n",
], ids=["renderers-mapping", "renderer-string", "kustomize-list"])
def test_post_renderers_of_the_wrong_shape_are_left_to_the_schema(extra: str) -> None:
    document = parse_single(CHART + extra, "answers.yaml")
    assert list(rules_helm.check(document.data, document.source_map)) == []
