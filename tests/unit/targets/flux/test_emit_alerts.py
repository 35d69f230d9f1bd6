"""fluxc.targets.flux.emit_alerts: the Provider and the Alert, exactly as `flux create alert-provider` and
`flux create alert` write them (keys the answers give, nothing the API server defaults), valid against fluxc's
own schemas of both kinds."""

from __future__ import annotations

from typing import Any

import pytest

from fluxc.checks.schemas import strict_validator
from fluxc.targets.flux import model
from fluxc.targets.flux.emit import EMITTERS, emit
from fluxc.targets.flux.kinds import ALERT, PROVIDER, flux_schema
from fluxc.targets.flux.validate_output import validate
from fluxc.targets.types import Manifest

META = model.ObjectMeta(name="podinfo", namespace="flux-system")
NOTIFICATION = "notification.toolkit.fluxcd.io/v1beta3"
RELEASE = model.EventSource(kind="HelmRelease", name="podinfo")


def manifests(*nodes: model.FluxObject) -> list[Manifest]:
    return emit(model.Plan(app="podinfo", output_path="./manifests", objects=nodes))


def obj(node: model.FluxObject) -> dict[str, Any]:
    (manifest,) = manifests(node)
    return manifest.obj


def flux(kind: str, spec: dict[str, Any], metadata: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"apiVersion": NOTIFICATION, "kind": kind,
            "metadata": metadata or {"name": "podinfo", "namespace": "flux-system"}, "spec": spec}


CASES: list[Any] = [
    pytest.param(model.Provider(meta=META, type="slack"), flux("Provider", {"type": "slack"}),
                 id="provider-type-only"),
    pytest.param(model.Provider(meta=model.ObjectMeta(name="slack", namespace="flux-apps", labels={"team": "ops"}),
                                type="slack", channel="flux-alerts", address="https://slack.com/api/chat.postMessage",
                                secret_ref="slack-token"),
                 flux("Provider", {"address": "https://slack.com/api/chat.postMessage", "channel": "flux-alerts",
                                   "secretRef": {"name": "slack-token"}, "type": "slack"},
                      {"name": "slack", "namespace": "flux-apps", "labels": {"team": "ops"}}),
                 id="provider-full"),
    pytest.param(model.Alert(meta=META, provider_ref="slack", event_sources=(RELEASE,)),
                 flux("Alert", {"eventSources": [{"kind": "HelmRelease", "name": "podinfo"}],
                                "providerRef": {"name": "slack"}}),
                 id="alert-minimal"),
    pytest.param(model.Alert(meta=META, provider_ref="slack", event_severity="error",
                             event_metadata={"cluster": "prod-eu-1", "env": "prod"}, event_sources=(
                                 RELEASE, model.EventSource(kind="Kustomization", name="*", namespace="apps"))),
                 flux("Alert", {"eventMetadata": {"cluster": "prod-eu-1", "env": "prod"}, "eventSeverity": "error",
                                "eventSources": [{"kind": "HelmRelease", "name": "podinfo"},
                                                 {"kind": "Kustomization", "name": "*", "namespace": "apps"}],
                                "providerRef": {"name": "slack"}}),
                 id="alert-full"),
    pytest.param(model.Alert(meta=META, provider_ref="slack", event_severity="info", event_sources=(RELEASE,)),
                 flux("Alert", {"eventSeverity": "info", "eventSources": [{"kind": "HelmRelease", "name": "podinfo"}],
                                "providerRef": {"name": "slack"}}),
                 id="alert-info-given-is-written"),
    # the user's metadata is written as given: an empty value is a value, not an omitted field
    pytest.param(model.Alert(meta=META, provider_ref="slack", event_metadata={"team": ""}, event_sources=(RELEASE,)),
                 flux("Alert", {"eventMetadata": {"team": ""}, "eventSources": [{"kind": "HelmRelease",
                                                                                 "name": "podinfo"}],
                                "providerRef": {"name": "slack"}}),
                 id="alert-metadata-empty-value-kept"),
]


@pytest.mark.parametrize(("node", "expected"), CASES)
def test_emits_the_exact_object(node: model.FluxObject, expected: dict[str, Any]) -> None:
    assert obj(node) == expected


@pytest.mark.parametrize(("node", "expected"), CASES)
def test_emitted_objects_are_valid_against_the_bundled_schemas(node: model.FluxObject, expected: Any) -> None:
    document = obj(node)
    schema = flux_schema(document["apiVersion"], document["kind"])
    assert [e.message for e in strict_validator(schema).iter_errors(document)] == []


def test_files_and_kinds_come_from_the_registry() -> None:
    assert EMITTERS[model.Provider][0] is PROVIDER and EMITTERS[model.Alert][0] is ALERT
    provider = model.Provider(meta=META, type="slack")
    alert = model.Alert(meta=META, provider_ref="podinfo", event_sources=(RELEASE,))
    assert [(m.filename, m.gvk) for m in manifests(provider, alert)] == [
        ("provider.yaml", (NOTIFICATION, "Provider")), ("alert.yaml", (NOTIFICATION, "Alert"))]


def test_the_pipeline_check_validates_them_and_would_catch_a_broken_one() -> None:
    """validate_output reads each kind's schema from the kinds table: a Provider and an Alert go through it."""
    good = manifests(model.Provider(meta=META, type="slack"),
                     model.Alert(meta=META, provider_ref="podinfo", event_sources=(RELEASE,)))
    assert validate(good) == []
    broken = Manifest("alert.yaml", {**good[1].obj, "spec": {"providerRef": {"name": "podinfo"}}})
    assert [d.message for d in validate([broken])] == [
        "emitted Alert is invalid: 'eventSources' is a required property"]
