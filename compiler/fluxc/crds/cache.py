"""On-disk cache of converted CRD files, for fluxc.crds.load.load_crds(..., cache_dir=...).

One JSON file per input file: `<sha256 of the file's bytes, fluxc's version and
the CEL mode>.json`, holding everything `convert_crd` returned for the CRDs in
it. Entries are written atomically (temp file + os.replace); one that cannot be
read or decoded is ignored, so the caller converts again and rewrites it, and a
cache that cannot be written is simply not used: the cache never changes results.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from fluxc import __version__
from fluxc.crds.cel import CelRule, Location
from fluxc.crds.types import GVK, ConvertedCRD

# Bump when the converter's output changes without a new fluxc version.
FORMAT = "2"


def cache_key(data: bytes, cel: str) -> str:
    digest = hashlib.sha256(data)
    digest.update(f"\0fluxc {__version__}\0cel {cel}\0format {FORMAT}".encode())
    return digest.hexdigest()


def read(cache_dir: Path, key: str) -> ConvertedCRD | None:
    """The cached conversion, or None if there is none usable."""
    try:
        with (cache_dir / f"{key}.json").open(encoding="utf-8") as handle:
            raw = json.load(handle)
        if raw["key"] != key:
            return None
        return _decode(raw)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write(cache_dir: Path, key: str, converted: ConvertedCRD) -> None:
    tmp: str | None = None
    try:
        # TypeError: a YAML-only value JSON cannot hold (a `!!set`); the conversion is used, not cached
        text = json.dumps(_encode(key, converted), separators=(",", ":"))
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=f".{key}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, cache_dir / f"{key}.json")
    except (OSError, TypeError, ValueError):
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def _encode(key: str, converted: ConvertedCRD) -> dict[str, Any]:
    return {
        "key": key,
        "schemas": [[*gvk, schema] for gvk, schema in converted.schemas.items()],
        "untranslated": list(converted.untranslated_rules),
        "rules": [[*gvk, [[list(r.location), r.rule, r.message, [[list(loc), text] for loc, text in r.defaults],
                           [[list(loc), kind] for loc, kind in r.typed]] for r in rules]]
                  for gvk, rules in converted.rules.items()],
    }


def _decode(raw: dict[str, Any]) -> ConvertedCRD:
    schemas = {_gvk(api, kind): schema for api, kind, schema in raw["schemas"]}
    if not all(isinstance(s, dict) for s in schemas.values()):
        raise TypeError("schema is not an object")
    untranslated = tuple(_str(r) for r in raw["untranslated"])
    rules = {_gvk(api, kind): tuple(CelRule(_location(loc), _str(rule), _str(message),
                                            tuple((_location(d), _str(text)) for d, text in defaults),
                                            tuple((_location(t), _str(type_)) for t, type_ in typed))
                                    for loc, rule, message, defaults, typed in items)
             for api, kind, items in raw["rules"]}
    return ConvertedCRD(schemas, untranslated, rules)


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {value!r}")
    return value


def _gvk(api_version: Any, kind: Any) -> GVK:
    return _str(api_version), _str(kind)


def _location(value: Any) -> Location:
    if not isinstance(value, list) or not all(step is None or isinstance(step, str) for step in value):
        raise TypeError(f"bad location {value!r}")
    return tuple(value)
