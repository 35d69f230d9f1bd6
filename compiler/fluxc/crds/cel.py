"""Evaluate a CRD's `x-kubernetes-validations` CEL rules with cel-python, as the API server does.

`fluxc.crds.load.convert_crd(crd, cel="collect")` lists each rule as a `CelRule`
(where it sits, its text and message); `evaluate` checks one document against
them. The API server's semantics, followed here:

* a rule runs only where its node exists: an absent or null node (null is
  pruned) is not checked; `None` in a location means every list item or map value;
* inside the node, null-valued fields are pruned first (`has(self.f)` is false
  for `f: null`), then the CRD's defaults are applied (`CelRule.defaults`);
* values are typed by their schema (`CelRule.typed`): a `number` is a double
  even when written `1`; strings of format duration, date/date-time and byte
  are durations, timestamps and bytes;
* a runtime error (`self.f` on an absent field, ...) fails the rule; the rule's
  `message` is reported (`messageExpression` is not evaluated);
* transition rules (those reading `oldSelf`) never run on create: skipped;
* a rule that does not compile is reported once per document, never raised;
* escaped property names read their property (`self.x__dash__y` is `x-y`,
  `self.__namespace__` is `namespace`), as the API server's CEL binding does.

celpy (~70 ms to import, ~80 ms to build its parser) is imported on first use,
so only `--crds` users pay for it; each rule is compiled once per process.
"""

from __future__ import annotations

import base64
import json
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    import celpy

__all__ = ["TYPED", "CelRule", "JsonPath", "Location", "evaluate"]

JsonPath = tuple[str | int, ...]  # instance path: map keys and list indexes
Location = tuple[str | None, ...]  # schema path: property names; None = each list item / map value


class CelRule(NamedTuple):
    location: Location  # the node the rule sits on, from the document root
    rule: str  # the CEL expression, exactly as in the CRD
    message: str  # the rule's `message`, or "failed rule: <rule>" as the API server says
    # Defaults the API server applies before the rule runs: (location, JSON text) for
    # each default of the node, of its ancestors or inside it, outermost first.
    defaults: tuple[tuple[Location, str], ...] = ()
    # Values CEL sees with another type than JSON's, in the node: (location, one of TYPED).
    typed: tuple[tuple[Location, str], ...] = ()


# Kinds of `CelRule.typed`: `type: number` and the string formats the API server's CEL types.
TYPED = {"double", "duration", "timestamp", "bytes"}


class _Compiled(NamedTuple):
    program: Any  # celpy.Runner, or None
    error: str | None  # why the rule does not compile
    transition: bool  # reads oldSelf: skipped


_COMPILED: dict[str, _Compiled] = {}

# apiserver/pkg/cel/escaping.go: property names CEL cannot spell.
_RESERVED = frozenset({"true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function",
                       "if", "import", "let", "loop", "package", "namespace", "return", "var", "void", "while"})
_ESCAPES = {"__underscores__": "__", "__dot__": ".", "__dash__": "-", "__slash__": "/"}
_ESCAPED = re.compile("|".join(_ESCAPES))


def evaluate(rules: Sequence[CelRule], document: Mapping[str, Any]) -> list[tuple[JsonPath, str]]:
    """(instance path of the node the rule sits on, message) for every rule that does not hold."""
    active = [(rule, _compile(rule.rule)) for rule in rules]
    active = [(rule, compiled) for rule, compiled in active if not compiled.transition]
    if not active:
        return []
    prepared = _prepare(document, [d for rule, _ in active for d in rule.defaults],
                        [t for rule, _ in active for t in rule.typed])
    values: dict[JsonPath, Any] = {}  # CEL value of each node, converted once
    failures: list[tuple[JsonPath, str]] = []
    for rule, compiled in active:
        for path, node in _nodes(prepared, rule.location, ()):
            if compiled.error is None:
                if path not in values:
                    values[path] = _cel_value(node)
                if values[path] is None:
                    failures.append((path, OUT_OF_RANGE))
                    continue
                compiled, message = _run(rule, compiled, values[path])
                if message is not None:
                    failures.append((path, message))
            if compiled.error is not None:
                failures.append((path, f"rule does not compile: {compiled.error}"))
                break  # once per document, at the first node it sits on
    return failures


# The loader refuses such numbers in YAML; a JSON CRD default or a caller's data may still hold one.
OUT_OF_RANGE = "the rule cannot run: a number here is beyond 64 bits, which the API server refuses"


def _cel_value(node: Any) -> Any:
    """The node as a CEL value, or None if a number in it does not fit CEL's int64 or double."""
    try:
        return _types()[2](node)
    except (ValueError, OverflowError):  # celpy's IntType raises ValueError("overflow")
        return None


@cache
def _environment() -> celpy.Environment:
    import celpy

    limit = sys.getrecursionlimit()
    env = celpy.Environment()  # sets the recursion limit to 2500: never lower it
    sys.setrecursionlimit(max(limit, sys.getrecursionlimit()))
    return env


def _compile(rule: str) -> _Compiled:
    found = _COMPILED.get(rule)
    if found is None:
        found = _COMPILED[rule] = _compile_now(rule)
    return found


def _compile_now(rule: str) -> _Compiled:
    from celpy.celparser import CELParseError

    env = _environment()
    try:
        ast = env.compile(rule)
    except CELParseError as exc:
        return _Compiled(None, f"syntax error at line {exc.line}, column {exc.column}", False)
    except Exception as exc:  # a parser failure must not become a traceback
        return _Compiled(None, str(exc) or type(exc).__name__, False)
    if any(tree.children[:1] == ["oldSelf"] for tree in ast.find_data("ident")):
        return _Compiled(None, None, True)
    try:
        return _Compiled(env.program(ast, functions={"type": _types()[1]}), None, False)
    except Exception as exc:
        return _Compiled(None, str(exc) or type(exc).__name__, False)


def _run(rule: CelRule, compiled: _Compiled, value: Any) -> tuple[_Compiled, str | None]:
    """(the rule as compiled now, the failure message or None if the rule holds)."""
    from celpy.celtypes import BoolType
    from celpy.evaluation import CELEvalError

    try:
        result = compiled.program.evaluate({"self": value})
    except CELEvalError as exc:
        result = exc
    except Exception:  # any celpy failure is a runtime error: the rule fails
        return compiled, rule.message
    if isinstance(result, CELEvalError):
        args = result.args
        if args and str(args[0]).startswith("undeclared reference"):
            # A function or variable celpy lacks (Kubernetes' CEL libraries, a typo):
            # the API server checks this when the CRD is created.
            name = args[2][0] if len(args) > 2 and args[2] else "?"
            compiled = _COMPILED[rule.rule] = _Compiled(None, f"undeclared reference to {name!r}", False)
            return compiled, None
        return compiled, rule.message  # no such key, no matching overload, division by zero, ...
    if isinstance(result, BoolType):
        return compiled, None if result else rule.message
    compiled = _COMPILED[rule.rule] = _Compiled(None, f"a rule must evaluate to a bool, not {type(result).__name__}",
                                                False)
    return compiled, None


def _unescape(name: str) -> str:
    if name.startswith("__") and name.endswith("__") and name[2:-2] in _RESERVED:
        return name[2:-2]
    return _ESCAPED.sub(lambda m: _ESCAPES[m.group(0)], name)


@cache
def _types() -> tuple[Any, Any, Callable[[Any], Any]]:
    """(a CEL map whose field selection also finds a property by its escaped name, CEL's type() for
    it, the JSON -> CEL conversion using it)."""
    from celpy.adapter import json_to_cel
    from celpy.celtypes import BoolType, BytesType, DoubleType, IntType, ListType, MapType, StringType, TypeType

    class ObjectType(MapType):
        def __getitem__(self, key: Any) -> Any:
            try:
                return super().__getitem__(key)
            except KeyError:
                name = _unescape(key) if isinstance(key, str) else key
                if name == key:
                    raise
                return super().__getitem__(StringType(name))

    class ObjectTypeType(TypeType):  # type(self) == map for an object, as for any map
        def __new__(cls, instance: Any) -> Any:
            return MapType if isinstance(instance, ObjectType) else super().__new__(cls, instance)

    scalars: dict[type, Any] = {str: StringType, bool: BoolType, int: IntType, float: DoubleType}

    def to_cel(value: Any) -> Any:  # celpy.json_to_cel, with objects as ObjectType
        convert = scalars.get(type(value))
        if convert is not None:
            return convert(value)
        if isinstance(value, dict):
            converted = ObjectType()
            dict.update(converted, {StringType(k): to_cel(v) for k, v in value.items()})  # MapType() is slow
            return converted
        if isinstance(value, list):
            return ListType([to_cel(v) for v in value])
        if isinstance(value, BytesType):  # from _typed, like durations and timestamps
            return value
        return json_to_cel(value)

    return ObjectType, ObjectTypeType, to_cel


def _prepare(document: Any, defaults: Sequence[tuple[Location, str]], typed: Sequence[tuple[Location, str]]) -> Any:
    """The document as the API server's CEL sees it: nulls pruned from objects, defaults applied, values typed."""
    prepared = _pruned(document)
    ordered = sorted(dict.fromkeys(defaults), key=lambda d: len(d[0]))  # stable: outermost first
    for location, text in ordered:
        *parents, name = location
        for _, parent in _nodes(prepared, tuple(parents), ()):
            if isinstance(parent, dict) and name is not None and name not in parent:
                parent[name] = _pruned(json.loads(text))
    for location, kind in dict.fromkeys(typed):
        if not location:
            continue
        *parents, name = location
        for _, parent in _nodes(prepared, tuple(parents), ()):
            if name is None:  # each list item or map value
                keys: Sequence[Any] = range(len(parent)) if isinstance(parent, list) else \
                    list(parent) if isinstance(parent, dict) else ()
            else:
                keys = [name] if isinstance(parent, dict) and name in parent else []
            for key in keys:
                parent[key] = _typed(parent[key], kind)
    return prepared


def _typed(value: Any, kind: str) -> Any:
    """A JSON value as CEL sees it with its schema's type; unchanged if it is not of that type."""
    if kind == "double":
        try:
            return float(value) if isinstance(value, int) and not isinstance(value, bool) else value
        except OverflowError:  # beyond float64: left an int, which _cel_value refuses
            return value
    if not isinstance(value, str):
        return value
    from celpy.celtypes import BytesType, DurationType, TimestampType

    try:
        if kind == "duration":
            return DurationType(value)
        if kind == "timestamp":
            return TimestampType(value)
        if kind == "bytes":
            return BytesType(base64.b64decode(value, validate=True))
    except Exception:  # not valid for its format (the API server refuses that): CEL sees the string
        return value
    return value


def _pruned(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _pruned(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_pruned(v) for v in value]
    if isinstance(value, date):  # unquoted YAML timestamps: strings in JSON
        return value.isoformat()
    if isinstance(value, bytes):  # YAML !!binary
        return base64.b64encode(value).decode("ascii")
    return value


def _nodes(node: Any, location: Location, path: JsonPath) -> Iterator[tuple[JsonPath, Any]]:
    """Every non-null node at `location` under `node`, with its instance path."""
    if node is None:
        return
    if not location:
        yield path, node
        return
    step, rest = location[0], location[1:]
    if step is None:
        if isinstance(node, list):
            for index, item in enumerate(node):
                yield from _nodes(item, rest, (*path, index))
        elif isinstance(node, dict):
            for key, item in node.items():
                yield from _nodes(item, rest, (*path, key))
    elif isinstance(node, dict) and step in node:
        yield from _nodes(node[step], rest, (*path, step))
