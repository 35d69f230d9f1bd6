"""Sample documents for the bundled Flux schemas, one module per API group beyond the five emitted kinds.

Each module defines MINIMAL (kind -> the smallest valid document), MORE_VALID (id -> valid document),
INVALID ((id, document, JSON Schema keyword expected to fail)) and RULE_BREAKERS ((id, document, upstream
message of the CEL rule it breaks)); tests/acceptance/test_flux_schemas.py runs them with its own.
"""

from __future__ import annotations

import copy
import importlib
import pkgutil
from types import ModuleType
from typing import Any

Doc = dict[str, Any]


def modules() -> list[ModuleType]:
    return [importlib.import_module(f"{__name__}.{info.name}") for info in sorted(pkgutil.iter_modules(__path__),
                                                                                key=lambda i: i.name)]


def doc(api_version: str, kind: str, spec: Doc, name: str = "podinfo") -> Doc:
    return {"apiVersion": api_version, "kind": kind, "metadata": {"name": name, "namespace": "flux-system"},
            "spec": spec}


def put(document: Doc, path: str, value: Any) -> Doc:
    """A copy of document with the dotted path set (value `...` deletes it)."""
    out = copy.deepcopy(document)
    *parents, last = path.split(".")
    node = out
    for key in parents:
        node = node.setdefault(key, {})
    if value is ...:
        del node[last]
    else:
        node[last] = value
    return out
