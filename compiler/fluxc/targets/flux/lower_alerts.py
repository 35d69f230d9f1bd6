"""Lower the `alert` key: the Provider (when the answers file defines one) and the Alert.

Names: the Alert is the application's (one Alert per application, in fluxNamespace); a Provider written here
is `alert.provider.name`, else the application's name. Its default eventSources are the objects this answers
file emits (the HelmRelease or Kustomization, then its source), by kind and name only: they share the Alert's
namespace, where Flux looks for an eventSource without one.
"""

from __future__ import annotations

from collections.abc import Sequence

from fluxc.targets.flux import model
from fluxc.targets.flux.lower_shared import Answers, meta

_DEPLOYERS = (model.HelmRelease, model.Kustomization)


def alert_objects(answers: Answers, deployer_and_sources: Sequence[model.FluxObject]) -> list[model.FluxObject]:
    """[the Provider, if `alert.provider` defines one, then the Alert]; nothing without `alert`, or when the
    answers file emits no Flux objects (`gitopsDeployment: none`)."""
    settings: Answers | None = answers.get("alert")
    if settings is None or not deployer_and_sources:
        return []
    found: list[model.FluxObject] = []
    provider_ref: str | None = settings.get("providerRef")
    if "provider" in settings:
        written = _provider(answers, settings["provider"])
        provider_ref = written.meta.name
        found.append(written)
    if provider_ref is None:  # rules_alerts refused this input already
        raise AssertionError("an alert without a provider passed validation")
    sources = settings.get("eventSources")
    event_sources = (tuple(_event_source(entry) for entry in sources) if sources is not None
                     else _default_event_sources(deployer_and_sources))
    found.append(model.Alert.model_construct(
        meta=meta(answers, answers["name"]), provider_ref=provider_ref, event_sources=event_sources,
        event_severity=settings.get("eventSeverity"), event_metadata=dict(settings.get("eventMetadata", {}))))
    return found


def _provider(answers: Answers, provider: Answers) -> model.Provider:
    return model.Provider.model_construct(
        meta=meta(answers, provider.get("name", answers["name"])), type=provider["type"],
        channel=provider.get("channel"), address=provider.get("address"), secret_ref=provider.get("secretRef"))


def _event_source(entry: Answers) -> model.EventSource:
    return model.EventSource.model_construct(kind=entry["kind"], name=entry["name"],
                                             namespace=entry.get("namespace"))


def _default_event_sources(objects: Sequence[model.FluxObject]) -> tuple[model.EventSource, ...]:
    """The deployer first (the application itself), then the sources it reads."""
    ordered = sorted(objects, key=lambda node: not isinstance(node, _DEPLOYERS))  # stable: plan order kept
    # a model node's class is named after its Flux kind
    return tuple(model.EventSource.model_construct(kind=type(node).__name__, name=node.meta.name)
                 for node in ordered)
