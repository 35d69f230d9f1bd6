"""Find and load the bundled JSON Schemas (the answers schema, our Flux kinds), and the Go-faithful validator.

An installed wheel carries `schemas/` inside the package (pyproject's
force-include); a source checkout has it beside `compiler/`. This is the one
place that knows both.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

    from fluxc.checks.fast_schema import FastThenStrict

Schema = dict[str, Any]

ANSWERS_SCHEMA = "answers.schema.json"

@cache
def schema_dir() -> Path:
    """The folder holding answers.schema.json and flux/."""
    package = Path(__file__).resolve().parents[1]  # compiler/fluxc, or site-packages/fluxc
    candidates = (package / "schemas", package.parents[1] / "schemas")  # the wheel's copy; a checkout's
    for candidate in candidates:
        if (candidate / ANSWERS_SCHEMA).is_file():
            return candidate
    raise FileNotFoundError(f"fluxc's schemas/ folder is missing (looked in {candidates[0]} and {candidates[1]})")


@cache
def load_schema(relative: str) -> Schema:
    with (schema_dir() / relative).open(encoding="utf-8") as handle:
        loaded: Schema = json.load(handle)
    return loaded


def answers_schema() -> Schema:
    return load_schema(ANSWERS_SCHEMA)


def strict_validator(schema: Schema) -> Validator:
    """A Draft 2020-12 validator whose `pattern` reads patterns as Go does.

    Our schemas keep upstream's Go RE2 patterns verbatim; Python's `$` would
    also accept a trailing newline (`name: "podinfo\\n"` from a `|` block),
    which the API server refuses.
    """
    return _strict_class()(schema)  # type: ignore[no-any-return]


def fast_then_strict(schema: Schema) -> FastThenStrict:
    """`strict_validator(schema)`'s errors, with jsonschema-rs answering "valid" first (see `fast_schema`).

    For schemas checked many times per process (the answers schema, our Flux kinds): built once, it lets a
    valid instance through in microseconds, and a build of valid files never imports jsonschema.
    """
    from fluxc.checks.fast_schema import FastThenStrict

    return FastThenStrict(schema, strict_validator)


@cache
def _strict_class() -> Any:
    # Imported here: jsonschema is a third of fluxc's start-up time, and
    # commands that validate nothing should not pay for it.
    from jsonschema import Draft202012Validator, ValidationError
    from jsonschema.validators import extend

    from fluxc.checks.goregex import compile_go_regex

    def pattern(validator: Any, regex: str, instance: Any, _schema: Schema) -> Any:
        if validator.is_type(instance, "string") and not compile_go_regex(regex).search(instance):
            yield ValidationError(f"{instance!r} does not match {regex!r}")

    # Kubernetes list types (fluxc.crds.load keeps them from CRDs): "set" and "map" lists
    # hold no duplicates, "map" ones by the tuple of their x-kubernetes-list-map-keys
    # (an absent key counts as its default). Reported at the later item, as the API server does.
    def list_type(validator: Any, kind: Any, instance: Any, schema: Schema) -> Any:
        if kind not in ("set", "map") or not validator.is_type(instance, "array"):
            return
        keys = list(schema.get("x-kubernetes-list-map-keys") or ()) if kind == "map" else []
        if kind == "map" and not keys:
            return  # not a valid CRD (a map list names its keys): nothing to compare
        items = schema.get("items")
        item_props = items.get("properties", {}) if isinstance(items, dict) else {}
        seen: set[str] = set()
        for index, item in enumerate(instance):
            if kind == "set":
                identity: Any = item
                message = f"duplicate entry {item!r}"
            elif isinstance(item, dict):
                identity = [item[k] if item.get(k) is not None else item_props.get(k, {}).get("default")
                            for k in keys]
                message = "duplicate entry with " + ", ".join(f"{k}={v!r}" for k, v in zip(keys, identity, strict=True))
            else:
                continue  # not an object: the items schema reports it
            canonical = json.dumps(identity, sort_keys=True, default=repr)
            if canonical in seen:
                yield ValidationError(message, path=(index,), instance=item)
            seen.add(canonical)

    unique_items = Draft202012Validator.VALIDATORS["uniqueItems"]

    def unique_items_unless_set(validator: Any, unique: Any, instance: Any, schema: Schema) -> Any:
        if schema.get("x-kubernetes-list-type") != "set":  # a set's duplicates: reported by list_type
            yield from unique_items(validator, unique, instance, schema)

    return extend(Draft202012Validator, {  # type: ignore[no-untyped-call]
        "pattern": pattern, "x-kubernetes-list-type": list_type, "uniqueItems": unique_items_unless_set})
