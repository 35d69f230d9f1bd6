"""fluxc.targets.flux.lower_alerts: the `alert` key lowered to a Provider (when it defines one) and an Alert.

Each answers text passes validate_input first (lowering assumes valid data); every plan is validated in full
(`Plan.model_validate`), where a field of the wrong type would show.
"""

from __future__ import annotations

import pytest

from fluxc.targets.flux import model
from fluxc.targets.flux.lower_alerts import alert_objects
from helpers.plans import valid_plan
from helpers.snippets import PODINFO_CHART, edit, git_answers

CHART = PODINFO_CHART + '  version: "6.5.4"\n'
OCI_CHART = edit(CHART, "https://stefanprodan.github.io/podinfo", "oci://ghcr.io/stefanprodan/charts")
GIT_KUSTOMIZE = git_answers("shop")
GIT_HELM = git_answers("shop", "helm")
SLACK = "alert:\n  provider: {type: slack, channel: flux-alerts, secretRef: slack-webhook}\n"
EXISTING = "alert:\n  providerRef: ops-slack\n"


plan_of = valid_plan


def meta(name: str, namespace: str = "flux-system", labels: dict[str, str] | None = None) -> model.ObjectMeta:
    return model.ObjectMeta(name=name, namespace=namespace, labels=labels or {})


def source(kind: str, name: str) -> model.EventSource:
    return model.EventSource(kind=kind, name=name)


def test_without_alert_the_plan_has_no_notification_objects() -> None:
    kinds = [type(o) for o in plan_of(CHART).objects]
    assert kinds == [model.HelmRepository, model.HelmRelease]


def test_a_provider_is_named_after_the_application_and_the_alert_sends_to_it() -> None:
    objects = plan_of(CHART + SLACK).objects
    assert [type(o) for o in objects] == [model.HelmRepository, model.HelmRelease, model.Provider, model.Alert]
    assert objects[2:] == (
        model.Provider(meta=meta("podinfo"), type="slack", channel="flux-alerts", secret_ref="slack-webhook"),
        model.Alert(meta=meta("podinfo"), provider_ref="podinfo", event_sources=(
            source("HelmRelease", "podinfo"), source("HelmRepository", "podinfo"))))


def test_a_named_provider_keeps_its_name_and_the_alert_refers_to_it() -> None:
    provider, alert = plan_of(CHART + SLACK.replace("{type", "{name: team-slack, type")).objects[2:]
    assert isinstance(provider, model.Provider) and isinstance(alert, model.Alert)
    assert (provider.meta.name, alert.meta.name, alert.provider_ref) == ("team-slack", "podinfo", "team-slack")


def test_provider_ref_writes_only_the_alert() -> None:
    objects = plan_of(GIT_KUSTOMIZE + EXISTING).objects
    assert [type(o) for o in objects] == [model.GitRepository, model.Kustomization, model.Alert]
    assert objects[-1] == model.Alert(meta=meta("shop"), provider_ref="ops-slack", event_sources=(
        source("Kustomization", "shop"), source("GitRepository", "gitops-repo")))


@pytest.mark.parametrize(("text", "expected"), [
    (CHART, (("HelmRelease", "podinfo"), ("HelmRepository", "podinfo"))),
    (OCI_CHART, (("HelmRelease", "podinfo"), ("OCIRepository", "podinfo"))),
    (GIT_HELM, (("HelmRelease", "shop"), ("GitRepository", "gitops-repo"))),
    (GIT_KUSTOMIZE + "gitRepositoryName: platform\n", (("Kustomization", "shop"), ("GitRepository", "platform"))),
], ids=["helm-repository", "oci-repository", "git-helm", "git-kustomize-named-source"])
def test_default_event_sources_are_the_deployer_then_its_source(text: str,
                                                                 expected: tuple[tuple[str, str], ...]) -> None:
    alert = plan_of(text + EXISTING).objects[-1]
    assert isinstance(alert, model.Alert)
    assert tuple((s.kind, s.name, s.namespace) for s in alert.event_sources) == tuple(
        (kind, name, None) for kind, name in expected)


def test_explicit_event_sources_replace_the_default_as_written() -> None:
    alert = plan_of(GIT_KUSTOMIZE + EXISTING + "  eventSources:\n    - {kind: Kustomization, name: '*'}\n"
                    "    - {kind: HelmRelease, name: redis, namespace: data}\n").objects[-1]
    assert isinstance(alert, model.Alert)
    assert alert.event_sources == (source("Kustomization", "*"),
                                   model.EventSource(kind="HelmRelease", name="redis", namespace="data"))


def test_severity_and_metadata_are_carried_and_absent_ones_stay_unset() -> None:
    plain = plan_of(CHART + EXISTING).objects[-1]
    assert isinstance(plain, model.Alert)
    assert (plain.event_severity, plain.event_metadata) == (None, {})
    told = plan_of(CHART + EXISTING + "  eventSeverity: info\n  eventMetadata: {cluster: prod-eu-1}\n").objects[-1]
    assert isinstance(told, model.Alert)
    assert (told.event_severity, told.event_metadata) == ("info", {"cluster": "prod-eu-1"})


def test_flux_namespace_and_labels_apply_to_the_provider_and_the_alert() -> None:
    text = "fluxNamespace: flux-apps\nlabels: {team: ops}\n" + CHART + SLACK
    for obj in plan_of(text).objects[2:]:
        assert isinstance(obj, model.Provider | model.Alert)
        assert obj.meta == meta("podinfo", "flux-apps", {"team": "ops"})


def test_address_is_carried_as_written() -> None:
    provider = plan_of(GIT_KUSTOMIZE + "alert:\n  provider: {type: github, address: "
                       "'https://github.com/org/gitops-repo', secretRef: github-token}\n").objects[2]
    assert provider == model.Provider(meta=meta("shop"), type="github", address="https://github.com/org/gitops-repo",
                                      secret_ref="github-token")


def test_no_flux_objects_means_no_alert() -> None:
    """gitopsDeployment: none emits nothing to alert on (the rules warn that `alert` is unused)."""
    assert alert_objects({"name": "shop", "alert": {"providerRef": "ops"}}, []) == []
