"""Flux API versions the cluster no longer serves, and the fields they took with them.

`FLUX_KINDS` records, for each Flux kind fluxc knows (Flux v2.9), the one
served apiVersion, every older version with the Flux release that removed it,
and the spec fields that did not survive the move to the served version.
Sources: the CRDs in ../shared/flux-crds (each serves exactly one version) and
the history table in its README; Bucket became v1 in Flux 2.4 (source-controller
v1.4.0), not 2.3 as that table's shared column suggests. The alpha versions
were already gone from the Flux 2.0 CRDs. The notification and image
automation kinds are not listed: fluxc has no record of their served versions.

`check_api_version` turns a removed or unknown version into FLX502 at the
`apiVersion` value, and each removed field the document still uses into FLX503
at that field's key. `flux migrate -f` rewrites only the apiVersion line, so
the removed fields are exactly what is left to fix by hand.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, JsonPath
from fluxc.yaml.document import SourceMap

__all__ = ["EACH", "FLUX_KINDS", "FluxKind", "RemovedField", "check_api_version", "current_api_version"]

EACH = "*"  # in a RemovedField path: every item of a list


@dataclass(frozen=True)
class RemovedField:
    path: tuple[str, ...]  # from the object's root; EACH stands for every list item
    why: str  # what became of it, lower-case, for the message
    fix: str  # how to write it now, for the hint; {name} is the field's key


@dataclass(frozen=True)
class FluxKind:
    group: str
    kind: str
    version: str  # the only served (and storage) version
    since: str  # the Flux release that first served it
    removed: Mapping[str, str]  # older version -> when it was removed ("in Flux 2.8")
    removed_fields: tuple[RemovedField, ...] = ()

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}"


_SOURCE, _HELM, _KUSTOMIZE = ("source.toolkit.fluxcd.io", "helm.toolkit.fluxcd.io",
                              "kustomize.toolkit.fluxcd.io")
_ALPHA_GONE = "before Flux 2.0"  # absent from the Flux 2.0 CRDs already
_BETAS = {"v1alpha1": _ALPHA_GONE, "v1beta1": "in Flux 2.7", "v1beta2": "in Flux 2.8"}
_NEVER_IMPLEMENTED = "it was never implemented for this kind"
_DELETE = "delete `{name}`"  # {name}: the field's key


def _access_from() -> RemovedField:
    return RemovedField(("spec", "accessFrom"), _NEVER_IMPLEMENTED, _DELETE)


def _values_file(*path: str) -> RemovedField:
    where = ".".join(path[:-1])
    return RemovedField(path, "it was replaced by the list `valuesFiles`",
                        f"write `{where}.valuesFiles: [<file>]` instead; later files override earlier ones")


def _kustomize_patches(*parent: str) -> tuple[RemovedField, RemovedField]:
    where = ("`patches` in the same `kustomize` post-renderer" if parent[-1] == "kustomize"
             else "`spec.patches`")
    return (
        RemovedField((*parent, "patchesStrategicMerge"), "it was replaced by `patches`",
                     f"move each patch to {where} as `- patch: |` followed by the patch as "
                     "a YAML string, with an optional `target`"),
        RemovedField((*parent, "patchesJson6902"), "it was replaced by `patches`",
                     f"move each entry to {where}: keep its `target` and write its operations "
                     "as a YAML string under `patch: |`"),
    )


_KINDS = (
    FluxKind(_SOURCE, "GitRepository", "v1", "2.0", _BETAS, (
        RemovedField(("spec", "gitImplementation"),
                     "only go-git is used; the setting was removed", _DELETE),
        _access_from(),
    )),
    FluxKind(_SOURCE, "HelmRepository", "v1", "2.3", _BETAS),  # v1 keeps `accessFrom`
    FluxKind(_SOURCE, "HelmChart", "v1", "2.3", _BETAS, (
        _values_file("spec", "valuesFile"), _access_from())),
    FluxKind(_SOURCE, "Bucket", "v1", "2.4", _BETAS, (_access_from(),)),
    FluxKind(_SOURCE, "OCIRepository", "v1", "2.6", {"v1beta2": "in Flux 2.8"}),
    FluxKind(_HELM, "HelmRelease", "v2", "2.3", {
        "v2alpha1": _ALPHA_GONE, "v2beta1": "in Flux 2.7", "v2beta2": "in Flux 2.8"}, (
        _values_file("spec", "chart", "spec", "valuesFile"),
        *_kustomize_patches("spec", "postRenderers", EACH, "kustomize"),
    )),
    FluxKind(_KUSTOMIZE, "Kustomization", "v1", "2.0", _BETAS, (
        RemovedField(("spec", "validation"),
                     "server-side apply always validates; the setting was removed", _DELETE),
        *_kustomize_patches("spec"),
    )),
)
FLUX_KINDS: dict[tuple[str, str], FluxKind] = {(k.group, k.kind): k for k in _KINDS}
_GROUPS = frozenset(group for group, _ in FLUX_KINDS)


def _split(api_version: str) -> tuple[str, str] | None:
    """(group, version) as apimachinery's ParseGroupVersion reads it; a bare Flux
    group counts as that group with an empty version."""
    if api_version in _GROUPS:
        return api_version, ""
    if api_version.count("/") > 1:
        return None
    group, _, version = api_version.rpartition("/")
    return group, version


def _lookup(api_version: str, kind: str) -> tuple[FluxKind, str] | None:
    parts = _split(api_version)
    if parts is None:
        return None
    found = FLUX_KINDS.get((parts[0], kind))
    return (found, parts[1]) if found is not None else None


def current_api_version(api_version: str, kind: str) -> str | None:
    """The served apiVersion for a Flux kind in api_version's group, else None."""
    found = _lookup(api_version, kind)
    return found[0].api_version if found is not None else None


def _uses(data: Any, pattern: tuple[str, ...], at: JsonPath = ()) -> Iterator[JsonPath]:
    """Concrete paths in data matching pattern (EACH = every list item)."""
    if not pattern:
        yield at
        return
    head, rest = pattern[0], pattern[1:]
    if head == EACH:
        if isinstance(data, list):
            for index, item in enumerate(data):
                yield from _uses(item, rest, (*at, index))
    elif isinstance(data, Mapping) and head in data:
        yield from _uses(data[head], rest, (*at, head))


def check_api_version(data: Mapping[str, Any], source_map: SourceMap, file: str) -> list[Diagnostic]:
    """FLX502 for a Flux kind at an apiVersion Flux no longer (or never) served, plus
    FLX503 for each removed field a removed version's document still uses."""
    api_version, kind = data.get("apiVersion"), data.get("kind")
    if not isinstance(api_version, str) or not isinstance(kind, str):
        return []  # check_object_shape reports these
    found = _lookup(api_version, kind)
    if found is None or found[1] == found[0].version:
        return []
    flux, version = found
    current = flux.api_version
    span = source_map.span(("apiVersion",))
    when = flux.removed.get(version)
    if when is None:
        return [Diagnostic(
            codes.API_VERSION_REMOVED,
            f"{kind} `{api_version}` is not served by Flux; the served version is "
            f"`{current}`", ("apiVersion",), file, span, f"change `apiVersion` to `{current}`")]
    found_fields = [(field, path) for field in flux.removed_fields for path in _uses(data, field.path)]
    hint = (f"change `apiVersion` to `{current}`; `flux migrate -f` rewrites only the apiVersion "
            "line, not removed fields")
    if found_fields:
        hint += "; fix the removed fields (FLX503) by hand"
    out = [Diagnostic(
        codes.API_VERSION_REMOVED,
        f"{kind} `{api_version}` was removed {when}; the served version is `{current}` "
        f"(since Flux {flux.since})", ("apiVersion",), file, span, hint)]
    for field, path in found_fields:
        out.append(Diagnostic(
            codes.FIELD_REMOVED,
            f"`{path[-1]}` does not exist in {kind} `{current}`: {field.why}", path, file,
            source_map.span(path, key=True), field.fix.format(name=path[-1])))
    return out
