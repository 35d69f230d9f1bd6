"""Emitters of the notification kinds: the Provider (where alerts go) and the Alert (which events go there).

Both write what `flux create alert-provider` and `flux create alert` write for the same settings: the
fields given, nothing the API server would default (an Alert's eventSeverity is written only when the
answers file gives it).
"""

from __future__ import annotations

from fluxc.targets.flux import model
from fluxc.targets.flux.emit_shared import Kept, compact, flux_object, secret
from fluxc.targets.flux.kinds import ALERT, PROVIDER
from fluxc.targets.types import Object


def provider(node: model.Provider) -> Object:
    return flux_object(PROVIDER, node.meta, {
        "address": node.address,
        "channel": node.channel,
        "secretRef": secret(node.secret_ref),
        "type": node.type,
    })


def alert(node: model.Alert) -> Object:
    return flux_object(ALERT, node.meta, {
        "eventMetadata": Kept(dict(node.event_metadata)) if node.event_metadata else None,  # "" is a value
        "eventSeverity": node.event_severity,
        "eventSources": [compact({"kind": s.kind, "name": s.name, "namespace": s.namespace})
                         for s in node.event_sources],
        "providerRef": {"name": node.provider_ref},
    })
