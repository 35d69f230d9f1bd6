"""An object as the cluster receives it: what kustomize, SOPS and the API server do to it before it is checked.

* `without_nulls`: the API server drops a null given for a field (`postBuild:`
  with nothing under it, `suspend: null`) before it validates, so a null is
  never a type error; `--crds` validation has always read them so.
* `encrypted_paths`: in a SOPS-encrypted document (one with a `sops:` block),
  values `ENC[AES256_GCM,...]` are decrypted by kustomize-controller before it
  applies them, so their format cannot be checked here.
* `without_directives`: a strategic-merge patch may hold kustomize's directives
  (`$patch: delete`, `$setElementOrder/containers`, `$retainKeys`, ...), which
  are consumed by the merge and never reach the API server.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fluxc.report.diagnostics import JsonPath

_ENCRYPTED = "ENC["


def without_nulls(value: Any) -> Any:
    """Value without the null entries of its mappings (list items stay: a null item is an error); a copy
    only where there is something to drop, so the common object without nulls costs one walk and no copy."""
    return _dropped(value) if _has_null(value) else value


def _has_null(value: Any) -> bool:
    if isinstance(value, Mapping):
        return any(item is None or _has_null(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_null(item) for item in value)
    return False


def _dropped(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _dropped(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_dropped(item) for item in value]
    return value


def without_directives(value: Any) -> Any:
    """A copy of a strategic-merge patch without its `$` directives."""
    if isinstance(value, Mapping):
        return {key: without_directives(item) for key, item in value.items()
                if not (isinstance(key, str) and key.startswith("$"))}
    if isinstance(value, list):
        return [without_directives(item) for item in value]
    return value


def encrypted_paths(data: Any) -> frozenset[JsonPath]:
    """The paths of SOPS-encrypted values, if data is a SOPS-encrypted document; else none."""
    if not isinstance(data, Mapping) or not isinstance(data.get("sops"), Mapping):
        return frozenset()
    found: set[JsonPath] = set()
    stack: list[tuple[Any, JsonPath]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            if value.startswith(_ENCRYPTED):
                found.add(path)
        elif isinstance(value, Mapping):
            stack += [(item, (*path, key)) for key, item in value.items() if path or key != "sops"]
        elif isinstance(value, list):
            stack += [(item, (*path, index)) for index, item in enumerate(value)]
    return frozenset(found)
