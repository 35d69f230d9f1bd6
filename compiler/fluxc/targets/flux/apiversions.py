"""Flux API versions the cluster no longer serves, and the fields they took with them.

The facts (served version, removed versions, removed fields) are in the kinds
table, `fluxc.targets.flux.kinds.FLUX_KINDS`; this module applies them.
`check_api_version` turns a removed or unknown version into FLX502 at the
`apiVersion` value, and each removed field the document still uses into FLX503
at that field's key. `flux migrate -f` rewrites only the apiVersion line, so
the removed fields are exactly what is left to fix by hand.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, JsonPath
from fluxc.targets.flux.kinds import EACH, FLUX_KINDS, FluxKind
from fluxc.yaml.document import SourceMap

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
