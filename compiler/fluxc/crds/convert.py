"""The conversion of one CRD version's schema for fluxc.crds.load (which see): `Converter`."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from datetime import date
from typing import Any, Literal

from fluxc.checks.goregex import go_regex_to_python
from fluxc.crds.cel import CelRule, Location
from fluxc.crds.hand_coded import HAND_CODED_RULES

Schema = dict[str, Any]
CelMode = Literal["translate", "collect"]

# Keywords with the same meaning in OpenAPI 3.0 (structural schemas) and 2020-12.
_COPIED = ("enum", "pattern", "format", "minLength", "maxLength", "minimum", "maximum",
           "multipleOf", "minItems", "maxItems", "uniqueItems", "minProperties",
           "maxProperties", "required", "default", "title")


# String formats the API server's CEL reads as another type (apiserver/pkg/cel/types.go).
_FORMATS = {"duration": "duration", "date": "timestamp", "date-time": "timestamp", "byte": "bytes"}


def jsonable(value: Any) -> Any:
    """Deep-copy a CRD value, replacing YAML-only types (timestamps, !!binary)."""
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
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


def _related(a: Location, b: Location) -> bool:
    """One location is the other or inside it."""
    n = min(len(a), len(b))
    return a[:n] == b[:n]


class Converter:
    """Converts one version's schema; collects CEL rules and defaults."""

    def __init__(self, label: str, cel: CelMode) -> None:
        self.label = label  # "group/version Kind", prefix of every message
        self.collect = cel == "collect"
        self.untranslated: list[str] = []  # translate mode
        self.rules: list[tuple[Location, str, str]] = []  # collect mode: (location, rule, message)
        self.defaults: list[tuple[Location, str]] = []  # collect mode: (location, JSON text)
        self.typed: list[tuple[Location, str]] = []  # collect mode: (location, kind in cel.TYPED)

    def cel_rules(self) -> tuple[CelRule, ...]:
        """Each collected rule with the defaults and types that shape what it sees."""
        return tuple(CelRule(loc, rule, message, tuple(d for d in self.defaults if _related(d[0], loc)),
                             tuple(t for t in self.typed if t[0][:len(loc)] == loc))
                     for loc, rule, message in self.rules)

    def node(self, node: Mapping[str, Any], path: str, loc: Location = (), *, optional: bool = False,
             inherited_open: bool = False) -> Schema:
        out: Schema = {}
        if node.get("x-kubernetes-int-or-string"):
            out["type"] = ["integer", "string"]  # replaces controller-gen's anyOf
        elif "type" in node:
            out["type"] = node["type"]
        for key in _COPIED:
            if key in node:
                out[key] = jsonable(node[key])
        if "pattern" in out:
            try:
                out["pattern"] = go_regex_to_python(out["pattern"])
            except ValueError as exc:
                raise ValueError(f"{self.label} {path or '.'}: {exc}") from None
        _bounds(node, out)
        for key in ("x-kubernetes-list-type", "x-kubernetes-list-map-keys"):  # checked by strict_validator
            if key in node:
                out[key] = jsonable(node[key])
        if node.get("x-kubernetes-list-type") == "set":
            out["uniqueItems"] = True  # the API server rejects duplicates in a set
        if self.collect and "default" in node and loc and loc[-1] is not None:
            self.defaults.append((loc, json.dumps(out["default"], sort_keys=True)))
        typed = "double" if node.get("type") == "number" else \
            _FORMATS.get(node.get("format", "")) if node.get("type") == "string" else None
        if self.collect and typed and loc:
            self.typed.append((loc, typed))

        # Pruning (apiextensions pruning/algorithm.go): preserve-unknown-fields keeps
        # unknown keys of this node and, through `items`, of its array elements; a
        # declared property or map value is pruned by its own schema again.
        preserve = bool(node.get("x-kubernetes-preserve-unknown-fields")) or inherited_open
        props = node.get("properties")
        if props is not None:
            required = set(node.get("required", ()))
            out["properties"] = {name: self.node(sub, f"{path}.{name}", (*loc, name), optional=name not in required)
                                 for name, sub in props.items()}
        if node.get("x-kubernetes-embedded-resource"):  # a whole object: TypeMeta + ObjectMeta
            for name, typ in (("apiVersion", "string"), ("kind", "string"), ("metadata", "object")):
                out.setdefault("properties", {}).setdefault(name, {"type": typ})
        extra = node.get("additionalProperties")
        if isinstance(extra, Mapping):
            out["additionalProperties"] = self.node(extra, f"{path}.*", (*loc, None))
        elif extra is not None:
            out["additionalProperties"] = bool(extra)
        elif (out.get("type") == "object" or "properties" in out) and not preserve:
            out["additionalProperties"] = False  # the API server would prune the rest
        if "items" in node:
            out["items"] = self.node(node["items"], f"{path}[*]", (*loc, None), inherited_open=preserve)

        types = _types(out)
        if types is not None and (optional or node.get("nullable")) and "null" not in types:
            types.append("null")  # optional: null is pruned; nullable: null is kept
            out["type"] = types
            if "enum" in out and None not in out["enum"]:
                out["enum"].append(None)
        self._checks(node, out, path, loc, null_ok=types is None or "null" in types)
        return out

    def _checks(self, node: Mapping[str, Any], out: Schema, path: str, loc: Location, *, null_ok: bool) -> None:
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
            if self.collect:  # the API server's message when a rule has none: "failed rule: <rule>"
                self.rules.append((loc, text, str(rule.get("message") or "").strip() or f"failed rule: {text.strip()}"))
                continue
            fragment = HAND_CODED_RULES.get(text)
            if fragment is None:
                self.untranslated.append(f"{self.label} {path or '.'}: {text}")
                continue
            # The API server's message when a rule has none is "failed rule: <rule>".
            checks.append({**jsonable(fragment), "x-fluxc-rule": text,
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
                out[key] = jsonable(value)
        _bounds(node, out)
        return out
