"""What every emitter shares: the object frame, omitempty, and the kustomize pieces (patches, images)
that HelmRelease post-renderers and Kustomizations both write."""

from __future__ import annotations

from typing import Any, NamedTuple

from fluxc.targets.flux import model
from fluxc.targets.flux.kinds import FluxKind
from fluxc.targets.types import Object


def flux_object(kind: FluxKind, meta: model.ObjectMeta, spec: Object) -> Object:
    metadata: Object = {"name": meta.name, "namespace": meta.namespace}
    if meta.labels:
        metadata["labels"] = dict(meta.labels)
    return {"apiVersion": kind.api_version, "kind": kind.kind, "metadata": metadata, "spec": compact(spec)}


class Kept(NamedTuple):
    """A value `compact` writes as it is: a false or 0 that means something (Kustomization `prune`,
    `remediateLastFailure: false`), or the user's own map (`values`, post-build variables, event metadata),
    whose empty strings are values, not omitted fields."""

    value: Any


def compact(spec: Object) -> Object:
    """Drop what omitempty drops: None, False, empty strings, lists and maps (at any depth), except Kept."""
    out: Object = {}
    for key, value in spec.items():
        if isinstance(value, Kept):
            out[key] = value.value
            continue
        if isinstance(value, dict):
            value = compact(value)
        if value is None or value is False or value in ("", [], {}, ()):
            continue
        out[key] = value
    return out


def secret(name: str | None) -> Object | None:
    return {"name": name} if name else None


def dependencies(deps: tuple[model.Dependency, ...]) -> list[Object]:
    return [compact({"name": d.name, "namespace": d.namespace}) for d in deps]


def target(selector: model.PatchTarget | None) -> Object | None:
    if selector is None:
        return None
    return compact({"group": selector.group, "version": selector.version, "kind": selector.kind,
                    "name": selector.name, "namespace": selector.namespace,
                    "labelSelector": selector.label_selector, "annotationSelector": selector.annotation_selector})


def patches(entries: tuple[model.Patch, ...]) -> list[Object]:
    return [compact({"patch": p.patch, "target": target(p.target)}) for p in entries]


def images(entries: tuple[model.Image, ...]) -> list[Object]:
    return [compact({"name": i.name, "newName": i.new_name, "newTag": i.new_tag, "digest": i.digest})
            for i in entries]
