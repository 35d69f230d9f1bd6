"""Kubernetes CRDs -> strict Draft 2020-12 JSON Schemas, read the way the API server does.

A CRD's raw `openAPIV3Schema` is far looser than what the API server enforces:
unknown fields are pruned (silently lost), `metadata` is only `{type: object}`
and CEL rules are invisible to a JSON Schema validator. This module closes
those gaps (rules as in flux-schema) so fluxc can reject what a cluster would
drop or refuse:

* root: `apiVersion`/`kind` pinned, `metadata` checked as apimachinery does;
* objects closed unless `x-kubernetes-preserve-unknown-fields` (pruning);
* int-or-string and `nullable` turned into JSON Schema types; optional fields
  also accept null, because the API server prunes null from them;
* OpenAPI 3.0 boolean `exclusiveMinimum/Maximum` turned into numbers;
* Go RE2 patterns rewritten for Python `re` (goregex.go_regex_to_python);
* `x-kubernetes-list-type` / `-list-map-keys` kept as custom keywords, which
  schemas.strict_validator checks (no duplicates in a set or by map keys);
* CEL rules, with `cel="translate"` (the default): replaced by hand-coded
  fragments (`hand_coded.HAND_CODED_RULES`); any other rule is reported in
  `ConvertedCRD.untranslated_rules`, never dropped. With `cel="collect"`: left
  out of the schema and listed in `ConvertedCRD.rules`, for fluxc.crds.cel to evaluate.

`description` is dropped: it is a third of a CRD's size and no validator reads
it. `format` is kept as an annotation only (don't enable a FormatChecker:
Kubernetes formats such as int64 are not JSON Schema formats).
The conversion itself is in fluxc.crds.convert; `load_crds(..., cache_dir=...)`
caches each file's result (fluxc.crds.cache).

Reading is bounded (fluxc.yaml.bounds): only regular files (never a FIFO or a
device, which would block or never end), at most MAX_CRD_BYTES, MAX_DOCUMENTS
documents, MAX_CRD_NODES values and MAX_CRD_DEPTH levels. PyYAML shares the
nodes of an alias, so an alias bomb parses in a millisecond and explodes when
converted or cached: aliases are counted as everything they repeat, and a
recursive one is refused.
Imports only stdlib + yaml so `fluxc --help` stays cheap.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from fluxc.checks.goregex import go_regex_to_python
from fluxc.crds import cache
from fluxc.crds.cel import CelRule
from fluxc.crds.convert import CelMode, Converter, Schema
from fluxc.crds.hand_coded import HAND_CODED_RULES, object_meta
from fluxc.crds.types import GVK, ConvertedCRD
from fluxc.yaml.bounds import MAX_DOCUMENTS, Crossed, read_capped, scan

__all__ = ["GVK", "HAND_CODED_RULES", "CelMode", "CelRule", "ConvertedCRD", "Schema", "convert_crd",
           "default_cache_dir", "go_regex_to_python", "load_crds"]

_SUFFIXES = {".yaml", ".yml", ".json"}
# `flux install --export` (every Flux CRD and controller) is ~3 MiB and ~100,000 values, the
# deepest Flux schema 20 levels; PyYAML builds ~100,000 values a second, so these caps keep
# any input to a few seconds and a few hundred MB.
MAX_CRD_BYTES = 32 << 20
MAX_CRD_NODES = 500_000
MAX_CRD_DEPTH = 200  # lists and mappings open at once; the converter recurses on them
_WHY = "the limit for a CRD file (`flux install --export` is ~3 MiB and ~100,000 values)"


def _is_crd(doc: Mapping[str, Any]) -> bool:
    return (doc.get("kind") == "CustomResourceDefinition"
            and str(doc.get("apiVersion", "")).startswith("apiextensions.k8s.io/"))


def convert_crd(crd: Mapping[str, Any], *, cel: CelMode = "translate") -> ConvertedCRD:
    """One strict schema per served version of an apiextensions.k8s.io/v1 CRD.

    `cel="translate"`: CEL rules become hand-coded fragments in the schema.
    `cel="collect"`: the schema has no CEL fragment; `rules` lists every rule instead.
    """
    if cel not in ("translate", "collect"):
        raise ValueError(f"cel must be 'translate' or 'collect', not {cel!r}")
    if not _is_crd(crd):
        raise ValueError("not a CustomResourceDefinition")
    name = crd.get("metadata", {}).get("name", "?")
    if crd["apiVersion"] != "apiextensions.k8s.io/v1":  # v1beta1 left Kubernetes in 1.22
        raise ValueError(f"CRD {name}: only apiextensions.k8s.io/v1 is supported")
    try:
        spec = crd["spec"]
        group, kind = spec["group"], spec["names"]["kind"]
        namespaced = spec.get("scope", "Namespaced") == "Namespaced"
        served = [(v["name"], v["schema"]["openAPIV3Schema"])
                  for v in spec["versions"] if v.get("served")]
    except (KeyError, TypeError) as exc:
        raise ValueError(f"CRD {name}: malformed ({exc!r})") from None
    schemas: dict[GVK, Schema] = {}
    untranslated: list[str] = []
    rules: dict[GVK, tuple[CelRule, ...]] = {}
    for version, root in served:
        api_version = f"{group}/{version}"
        conv = Converter(f"{api_version} {kind}", cel)
        try:
            out = conv.node(root, "")
        except (AttributeError, KeyError, TypeError) as exc:  # not a structural schema
            raise ValueError(f"CRD {name} {version}: malformed schema ({exc!r})") from None
        props = out.setdefault("properties", {})
        meta = object_meta(namespaced)
        declared = props.get("metadata", {}).get("properties")
        if declared:  # CRDs may restrict metadata.name/generateName further
            meta["allOf"] = [{"properties": declared}]
        props.update(apiVersion={"const": api_version}, kind={"const": kind}, metadata=meta)
        pinned = ["apiVersion", "kind", "metadata"]
        out["required"] = pinned + [r for r in out.get("required", []) if r not in pinned]
        schemas[(api_version, kind)] = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                                        **out}
        untranslated += conv.untranslated
        if conv.collect:
            rules[(api_version, kind)] = conv.cel_rules()
    return ConvertedCRD(schemas, tuple(untranslated), rules)


def _files(paths: Iterable[Path]) -> Iterator[Path]:
    for path in map(Path, paths):
        if path.is_dir():  # sorted: later files win on duplicates, so keep it stable
            # FIFOs and devices too (not is_file()): reading refuses them with a message.
            yield from sorted(p for p in path.rglob("*") if p.suffix in _SUFFIXES and not p.is_dir())
        else:
            yield path  # named explicitly: read it whatever its suffix


def _crds_in(doc: Any) -> Iterator[Mapping[str, Any]]:
    if not isinstance(doc, Mapping):
        return
    if _is_crd(doc):
        yield doc
    elif str(doc.get("kind", "")).endswith("List") and isinstance(doc.get("items"), list):
        for item in doc["items"]:  # `kubectl get crd -o yaml`: kind List (or ...List)
            yield from _crds_in(item)


def load_crds(paths: Iterable[Path], *, cel: CelMode = "translate", cache_dir: Path | None = None) -> ConvertedCRD:
    """Files or folders (recursively, *.yaml/*.yml/*.json); multi-document streams (like `flux install --export`);
    `kind: List` as `kubectl get crd -o yaml` prints; non-CRD documents are ignored. Merges all results.

    A GVK defined twice keeps the last definition read (folders are read in sorted order).
    With `cache_dir`, each file's conversion is stored there and reused while the file's
    bytes, fluxc's version and `cel` stay the same (see fluxc.crds.cache).
    """
    if cel not in ("translate", "collect"):
        raise ValueError(f"cel must be 'translate' or 'collect', not {cel!r}")
    return _merge(_load_file(file, cel, cache_dir) for file in _files(paths))


def default_cache_dir() -> Path:
    """$XDG_CACHE_HOME/fluxc/crds, or ~/.cache/fluxc/crds (XDG: a relative XDG_CACHE_HOME is ignored)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "fluxc" / "crds"


def _merge(results: Iterable[ConvertedCRD]) -> ConvertedCRD:
    schemas: dict[GVK, Schema] = {}
    untranslated: dict[str, None] = {}  # ordered set
    rules: dict[GVK, tuple[CelRule, ...]] = {}
    for converted in results:
        schemas.update(converted.schemas)
        untranslated.update(dict.fromkeys(converted.untranslated_rules))
        rules.update(converted.rules)
    return ConvertedCRD(schemas, tuple(untranslated), rules)


def _load_file(file: Path, cel: CelMode, cache_dir: Path | None) -> ConvertedCRD:
    try:
        data = read_capped(file, MAX_CRD_BYTES)
        if len(data) > MAX_CRD_BYTES:
            raise ValueError(f"the file is larger than {MAX_CRD_BYTES >> 20} MiB, {_WHY}")
        if cache_dir is None:
            return _convert_file(file, data, cel)
        key = cache.cache_key(data, cel)
        converted = cache.read(cache_dir, key)
        if converted is None:
            converted = _convert_file(file, data, cel)
            cache.write(cache_dir, key, converted)
        return converted
    except yaml.MarkedYAMLError as exc:  # one line, as every fluxc diagnostic (PyYAML's spans three)
        mark = exc.problem_mark
        where = f"{file}:{mark.line + 1}:{mark.column + 1}" if mark is not None else str(file)
        raise ValueError(f"{where}: invalid YAML: {exc.problem}") from exc
    except _Placed:
        raise  # names its file and line already
    except OSError as exc:  # strerror: no `[Errno 2]` noise
        raise ValueError(f"{file}: the file cannot be read: {exc.strerror or exc}") from exc
    except (ValueError, yaml.YAMLError) as exc:
        raise ValueError(f"{file}: {exc}") from exc


def _convert_file(file: Path, data: bytes, cel: CelMode) -> ConvertedCRD:
    text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as Path.read_text reads it
    if file.suffix == ".json":
        docs = [_json(text)]
    else:
        crossed = scan(text, max_nodes=MAX_CRD_NODES, max_documents=MAX_DOCUMENTS, expand_aliases=True,
                       max_depth=MAX_CRD_DEPTH)
        if crossed is not None:
            raise _Placed(f"{file}:{crossed.span.line}:{crossed.span.col}: {_crossed(crossed)}")
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~10x faster on big CRDs
        docs = list(yaml.load_all(text, loader))
    return _merge(convert_crd(crd, cel=cel) for doc in docs for crd in _crds_in(doc))


class _Placed(ValueError):
    """A problem whose message starts with its `file:line:col`."""


def _crossed(crossed: Crossed) -> str:
    return {
        "documents": f"the file holds more than {MAX_DOCUMENTS:,} YAML documents, {_WHY}",
        "nodes": f"the file holds more than {MAX_CRD_NODES:,} YAML values (scalars, lists and mappings), {_WHY}",
        "aliases": f"the YAML aliases expand the file to more than {MAX_CRD_NODES:,} values (an alias bomb?), "
                   f"{_WHY}; write the repeated parts out or remove the aliases",
        "recursive": "this YAML alias refers to a node that contains it: no CRD is a recursive structure",
        "depth": f"the data is nested more than {MAX_CRD_DEPTH} levels deep, {_WHY}",
    }[crossed.what]


def _json(text: str) -> Any:
    """A JSON document within the caps: json.loads builds everything at once, so count first."""
    # Every JSON value but the first follows a `,`, `[` or `{` (`:` only follows a key), so this bounds
    # the values from above (strings may hold some of these characters: never fewer).
    if text.count(",") + text.count("[") + text.count("{") >= MAX_CRD_NODES:
        raise ValueError(f"the file holds more than {MAX_CRD_NODES:,} JSON values, {_WHY}")
    too_deep = f"the data is nested more than {MAX_CRD_DEPTH} levels deep, {_WHY}"
    try:
        data = json.loads(text)
    except RecursionError:  # json's own guard, at Python's recursion limit
        raise ValueError(too_deep) from None
    todo: list[tuple[Any, int]] = [(data, 1)]  # a list or mapping, how many are open with it
    while todo:  # iterative: recursion is what this data must not reach
        node, depth = todo.pop()
        if isinstance(node, (dict, list)):
            if depth > MAX_CRD_DEPTH:
                raise ValueError(too_deep)
            todo += [(child, depth + 1) for child in (node.values() if isinstance(node, dict) else node)]
    return data
