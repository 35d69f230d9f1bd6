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
* CEL rules replaced by hand-coded fragments (crds_rules.HAND_CODED_RULES); any
  other rule is reported in `ConvertedCRD.untranslated_rules`, never dropped.

`description` is dropped: it is a third of a CRD's size and no validator reads
it. `format` is kept as an annotation only (don't enable a FormatChecker:
Kubernetes formats such as int64 are not JSON Schema formats).
Imports only stdlib + yaml so `fluxc --help` stays cheap.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .crds_rules import HAND_CODED_RULES, object_meta
from .goregex import go_regex_to_python

__all__ = ["GVK", "HAND_CODED_RULES", "ConvertedCRD", "Schema", "convert_crd",
           "go_regex_to_python", "load_crds"]

Schema = dict[str, Any]
GVK = tuple[str, str]  # (apiVersion "group/version", kind)


@dataclass(frozen=True)
class ConvertedCRD:
    schemas: dict[GVK, Schema]  # one strict Draft 2020-12 schema per served version
    untranslated_rules: tuple[str, ...]  # "GVK path: rule" for CEL rules with no fragment


# Keywords with the same meaning in OpenAPI 3.0 (structural schemas) and 2020-12.
_COPIED = ("enum", "pattern", "format", "minLength", "maxLength", "minimum", "maximum",
           "multipleOf", "minItems", "maxItems", "uniqueItems", "minProperties",
           "maxProperties", "required", "default", "title")
_SUFFIXES = {".yaml", ".yml", ".json"}


def _jsonable(value: Any) -> Any:
    """Deep-copy a CRD value, replacing YAML-only types (timestamps, !!binary)."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):  # datetime too: unquoted timestamps in YAML 1.1
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def _bounds(node: Mapping[str, Any], out: Schema) -> None:
    """OpenAPI 3.0 `exclusiveMinimum: true` modifies `minimum`; 2020-12 wants the number."""
    for excl, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        flag = node.get(excl)
        if flag is True and bound in out:
            out[excl] = out.pop(bound)
        elif isinstance(flag, (int, float)) and not isinstance(flag, bool):
            out[excl] = flag  # already 2020-12 style


def _types(out: Schema) -> list[str] | None:
    t = out.get("type")
    return None if t is None else [t] if isinstance(t, str) else list(t)


class _Converter:
    """Converts one version's schema; collects untranslated CEL rules."""

    def __init__(self, label: str) -> None:
        self.label = label  # "group/version Kind", prefix of every message
        self.untranslated: list[str] = []

    def node(self, node: Mapping[str, Any], path: str, *, optional: bool = False,
             inherited_open: bool = False) -> Schema:
        out: Schema = {}
        if node.get("x-kubernetes-int-or-string"):
            out["type"] = ["integer", "string"]  # replaces controller-gen's anyOf
        elif "type" in node:
            out["type"] = node["type"]
        for key in _COPIED:
            if key in node:
                out[key] = _jsonable(node[key])
        if "pattern" in out:
            try:
                out["pattern"] = go_regex_to_python(out["pattern"])
            except ValueError as exc:
                raise ValueError(f"{self.label} {path or '.'}: {exc}") from None
        _bounds(node, out)
        if node.get("x-kubernetes-list-type") == "set":
            out["uniqueItems"] = True  # the API server rejects duplicates in a set

        # Pruning (apiextensions pruning/algorithm.go): preserve-unknown-fields keeps
        # unknown keys of this node and, through `items`, of its array elements; a
        # declared property or map value is pruned by its own schema again.
        preserve = bool(node.get("x-kubernetes-preserve-unknown-fields")) or inherited_open
        props = node.get("properties")
        if props is not None:
            required = set(node.get("required", ()))
            out["properties"] = {name: self.node(sub, f"{path}.{name}", optional=name not in required)
                                 for name, sub in props.items()}
        if node.get("x-kubernetes-embedded-resource"):  # a whole object: TypeMeta + ObjectMeta
            for name, typ in (("apiVersion", "string"), ("kind", "string"), ("metadata", "object")):
                out.setdefault("properties", {}).setdefault(name, {"type": typ})
        extra = node.get("additionalProperties")
        if isinstance(extra, Mapping):
            out["additionalProperties"] = self.node(extra, f"{path}.*")
        elif extra is not None:
            out["additionalProperties"] = bool(extra)
        elif (out.get("type") == "object" or "properties" in out) and not preserve:
            out["additionalProperties"] = False  # the API server would prune the rest
        if "items" in node:
            out["items"] = self.node(node["items"], f"{path}[*]", inherited_open=preserve)

        types = _types(out)
        if types is not None and (optional or node.get("nullable")) and "null" not in types:
            types.append("null")  # optional: null is pruned; nullable: null is kept
            out["type"] = types
            if "enum" in out and None not in out["enum"]:
                out["enum"].append(None)
        self._checks(node, out, path, null_ok=types is None or "null" in types)
        return out

    def _checks(self, node: Mapping[str, Any], out: Schema, path: str, *, null_ok: bool) -> None:
        """Value validations (allOf/anyOf/oneOf/not) and CEL rules, merged via allOf."""
        checks: list[Schema] = []
        for key in ("allOf", "anyOf", "oneOf"):
            if key == "anyOf" and node.get("x-kubernetes-int-or-string"):
                continue  # controller-gen's [{type: integer}, {type: string}]: now `type`
            if node.get(key):
                checks.append({key: [self._plain(s, path) for s in node[key]]})
        if "not" in node:
            checks.append({"not": self._plain(node["not"], path)})
        for rule in node.get("x-kubernetes-validations", ()):
            text = str(rule.get("rule", ""))
            fragment = HAND_CODED_RULES.get(text)
            if fragment is None:
                self.untranslated.append(f"{self.label} {path or '.'}: {text}")
                continue
            # The API server's message when a rule has none is "failed rule: <rule>".
            checks.append({**_jsonable(fragment), "x-fluxc-rule": text,
                           "x-fluxc-rule-message": rule.get("message") or f"failed rule: {text}"})
        if checks and null_ok:
            # CEL never runs on a null (pruned) value, and `not`/`required` would
            # misjudge it: check only non-null values.
            checks = [{"if": {"type": "null"}, "else": {"allOf": checks}}]
        if checks:
            out["allOf"] = checks

    def _plain(self, node: Mapping[str, Any], path: str) -> Schema:
        """Value-validation subschemas: translate keywords, never close objects."""
        out: Schema = {}
        for key, value in node.items():
            if key in ("description", "nullable") or key.startswith("x-kubernetes-"):
                continue
            if key in ("properties", "patternProperties"):
                out[key] = {k: self._plain(v, path) for k, v in value.items()}
            elif key in ("items", "not", "additionalProperties") and isinstance(value, Mapping):
                out[key] = self._plain(value, path)
            elif key in ("allOf", "anyOf", "oneOf"):
                out[key] = [self._plain(v, path) for v in value]
            elif key == "pattern":
                out[key] = go_regex_to_python(value)
            elif key not in ("exclusiveMinimum", "exclusiveMaximum"):
                out[key] = _jsonable(value)
        _bounds(node, out)
        return out


def _is_crd(doc: Mapping[str, Any]) -> bool:
    return (doc.get("kind") == "CustomResourceDefinition"
            and str(doc.get("apiVersion", "")).startswith("apiextensions.k8s.io/"))


def convert_crd(crd: Mapping[str, Any]) -> ConvertedCRD:
    """One strict schema per served version of an apiextensions.k8s.io/v1 CRD."""
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
    for version, root in served:
        api_version = f"{group}/{version}"
        conv = _Converter(f"{api_version} {kind}")
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
    return ConvertedCRD(schemas, tuple(untranslated))


def _files(paths: Iterable[Path]) -> Iterator[Path]:
    for path in map(Path, paths):
        if path.is_dir():  # sorted: later files win on duplicates, so keep it stable
            yield from sorted(p for p in path.rglob("*") if p.suffix in _SUFFIXES and p.is_file())
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


def load_crds(paths: Iterable[Path]) -> ConvertedCRD:
    """Files or folders (recursively, *.yaml/*.yml/*.json); multi-document streams (like `flux install --export`);
    `kind: List` as `kubectl get crd -o yaml` prints; non-CRD documents are ignored. Merges all results.

    A GVK defined twice keeps the last definition read (folders are read in sorted order).
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~10x faster on big CRDs
    schemas: dict[GVK, Schema] = {}
    untranslated: dict[str, None] = {}  # ordered set
    for file in _files(paths):
        try:
            text = file.read_text(encoding="utf-8")
            docs = [json.loads(text)] if file.suffix == ".json" else list(yaml.load_all(text, loader))
            for doc in docs:
                for crd in _crds_in(doc):
                    converted = convert_crd(crd)
                    schemas.update(converted.schemas)
                    untranslated.update(dict.fromkeys(converted.untranslated_rules))
        except (OSError, ValueError, yaml.YAMLError) as exc:
            raise ValueError(f"{file}: {exc}") from exc
    return ConvertedCRD(schemas, tuple(untranslated))
