"""A fast "valid" for our bundled schemas: jsonschema-rs first, today's jsonschema validator for every error.

Most instances fluxc checks are valid (every emitted Flux object, nearly every
answers file), and jsonschema spends a millisecond finding that out. jsonschema-rs
answers the same question in microseconds. It only ever says "valid": when it
says anything else, or cannot answer, the strict validator of `fluxc.checks.schemas`
runs as before, so every diagnostic still comes from jsonschema, unchanged.

That is only sound if jsonschema-rs never accepts what the strict validator
rejects. `not` and `oneOf` turn a keyword that rejects more into a schema that
accepts more, so each keyword has to mean exactly the same thing on both sides:
- a schema gets a fast validator only if every keyword in it is one whose meaning
  both libraries share (`_VALUES`, `_SUBSCHEMAS`; annotations are ignored by both);
  anything else (`x-kubernetes-list-type`, `format`, a remote `$ref`...) means no
  fast validator and the strict one alone, as before;
- patterns are Go RE2 read the way `goregex` reads them (ASCII `\\d \\w \\s`, `.` any
  character but a line feed, `$` at the very end), rewritten into the subset of
  syntax that jsonschema-rs (Rust's `regex`, ECMA-262 classes) reads the same way
  (`rust_pattern`); a pattern outside it means no fast validator;
- instances are plain JSON data (`_plain`): jsonschema-rs reads a tuple as an array,
  a Decimal as a number and an Enum as its value, which jsonschema does not.
tests/unit/checks/test_fast_schema.py checks both directions on every bundled schema.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema import ValidationError
    from jsonschema.protocols import Validator

Schema = dict[str, Any]  # as fluxc.checks.schemas, which imports this module (lazily): not imported back

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
# Keywords whose value is data, compared alike by both (annotations included: neither checks them).
_VALUES = frozenset({"type", "const", "enum", "required", "minLength", "maxLength", "minItems", "maxItems",
                     "minimum", "maximum", "minProperties", "maxProperties", "uniqueItems", "$ref",
                     "title", "description", "default", "examples", "$comment", "deprecated", "readOnly",
                     "writeOnly", "message", "why"})
_SUBSCHEMAS = frozenset({"not", "items", "additionalProperties", "propertyNames"})
_SUBSCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf"})
_SUBSCHEMA_MAPS = frozenset({"properties", "$defs"})
_STR_ONLY = frozenset({str})
_LIST_TYPE = "x-kubernetes-list-type"  # today's validator checks it (schemas.strict_validator); jsonschema-rs cannot

# Python's ASCII classes (goregex turns on `(?a)` for them), spelled out so Rust's Unicode ones never apply.
_PERL_CLASSES = {"d": "0-9", "w": "0-9A-Za-z_", "s": r"\t\n\x0B\x0C\r "}
_RUST_META = set("\\.+*?()|[]{}^$#&-~")  # escaped in Rust; any other escaped punctuation is written plain
_REPEAT = re.compile(r"\{[0-9]+(,[0-9]*)?\}")  # {n} {n,} {n,m}: the same in Go, Python and Rust


class _NoFastPath(Exception):
    """The schema uses something whose meaning jsonschema-rs might not share."""


def rust_pattern(go: str) -> str | None:
    """The Go pattern for Rust's `regex`, matching exactly the strings `goregex` matches; None if unsure.

    Accepted: literals, escaped punctuation, `\\t \\n \\r \\f \\v`, `. ^ $ |` (`.` spelled out, as
    jsonschema-rs's own would not match "\\r" or U+2028), groups and `(?:`,
    `* + ?` and `{n,m}`, character sets without nesting, POSIX names or set operators,
    and `\\d \\w \\s` (negated ones outside sets only). Anything else (`\\b`, `\\pL`, flags,
    `\\z`) returns None.
    """
    out: list[str] = []
    i, in_set, set_start = 0, False, False
    while i < len(go):
        char = go[i]
        if char == "\\":
            if i + 1 == len(go):
                return None
            escaped, i = go[i + 1], i + 2
            perl = _PERL_CLASSES.get(escaped.lower())
            if perl is not None:
                if in_set and escaped.isupper():
                    return None
                out.append(perl if in_set else f"[^{perl}]" if escaped.isupper() else f"[{perl}]")
            elif escaped in "tnrfv":
                out.append("\\" + escaped)
            elif escaped.isascii() and not escaped.isalnum() and not escaped.isspace():
                out.append("\\" + escaped if escaped in _RUST_META else escaped)  # Rust's `\\<` is a word start
            else:
                return None
        elif in_set:
            if char == "[" or go.startswith("--", i):  # Go: a literal "[" (or POSIX `[:alpha:]`); Rust: a set
                return None
            in_set = char != "]" or set_start
            out.append("\\" + char if char in "&~" or (char == "]" and set_start) else char)
            i += 1
        elif char == "[":
            start = "[^" if go.startswith("[^", i) else "["
            out.append(start)
            in_set, i = True, i + len(start)
        elif char == "(" and go.startswith("(?", i):
            if not go.startswith("(?:", i):
                return None
            out.append("(?:")
            i += 3
        elif char == ".":  # any character but "\n" in Go and Python; jsonschema-rs reads it as ECMA-262 does
            out.append(r"[^\n]")  # (no "\r", U+2028 or U+2029 either)
            i += 1
        elif char == "{":
            repeat = _REPEAT.match(go, i)
            if repeat is None:
                return None
            out.append(repeat.group())
            i = repeat.end()
        else:
            out.append(char)
            i += 1
        set_start = in_set and out[-1] in ("[", "[^")
    return None if in_set else "".join(out)


def fast_schema(schema: Schema) -> Schema | None:
    """A copy of `schema` for jsonschema-rs (patterns rewritten), or None if its meaning might differ there."""
    if not isinstance(schema, dict) or schema.get("$schema", DRAFT_2020_12) != DRAFT_2020_12:
        return None
    try:
        copied: Schema = _copy(schema, root=True)
    except _NoFastPath:
        return None
    return copied


def _copy(schema: Any, root: bool = False) -> Any:
    if isinstance(schema, bool):
        return schema
    if not isinstance(schema, dict):
        raise _NoFastPath
    copied: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _SUBSCHEMAS:
            value = _copy(value)
        elif key in _SUBSCHEMA_LISTS and isinstance(value, list):
            value = [_copy(item) for item in value]
        elif key in _SUBSCHEMA_MAPS and isinstance(value, dict):
            value = {name: _copy(item) for name, item in value.items()}
        elif key == "pattern" and isinstance(value, str):
            value = rust_pattern(value)
            if value is None:
                raise _NoFastPath
        elif key == "$ref" and not (isinstance(value, str) and value.startswith("#")):
            raise _NoFastPath  # only references inside the document: nothing is ever fetched
        elif key in ("$schema", "$id") and root:
            pass
        elif key not in _VALUES and not (key.startswith("x-") and key != _LIST_TYPE):
            raise _NoFastPath
        copied[key] = value
    return copied


def _plain(value: Any) -> bool:
    """Plain JSON data, which both libraries type alike (exact types, str keys, finite floats, 64-bit ints)."""
    pending = [value]  # a loop, not recursion: as deep as the data is, at a third of the cost
    pop, extend = pending.pop, pending.extend
    while pending:
        item = pop()
        kind = type(item)
        if kind is str or kind is bool or item is None:
            continue
        if kind is dict:
            if not _STR_ONLY.issuperset(map(type, item)):  # every key a str, checked in C
                return False
            extend(item.values())
        elif kind is list:
            extend(item)
        elif kind is int:
            if not -(1 << 63) <= item < (1 << 63):
                return False
        elif kind is not float or not math.isfinite(item):
            return False
    return True


def fast_check(schema: Schema) -> Callable[[Any], bool] | None:
    """`instance -> True` only if the strict validator finds no error in it; None without jsonschema-rs."""
    copied = fast_schema(schema)
    if copied is None:
        return None
    try:
        import jsonschema_rs  # a 15 MB extension: loaded by the first validation, not at start-up
    except ImportError:
        return None
    try:
        validator = jsonschema_rs.Draft202012Validator(
            copied, validate_formats=False, offline=True, pattern_options=jsonschema_rs.RegexOptions())
    except Exception:  # a schema it refuses, or a jsonschema-rs without these options: no fast path
        return None
    is_valid = validator.is_valid

    def check(instance: Any) -> bool:
        try:
            return _plain(instance) and is_valid(instance)
        except Exception:  # data it cannot read (a lone surrogate, a cycle): the strict validator decides
            return False
    return check


class FastThenStrict:
    """`iter_errors` of the strict validator, answered by jsonschema-rs when the instance is valid.

    The strict validator (and jsonschema with it) is built only when an instance is not known valid.
    """

    def __init__(self, schema: Schema, strict: Callable[[Schema], Validator]) -> None:
        self.schema, self._make_strict = schema, strict
        self._fast = fast_check(schema)
        self._strict: Validator | None = None

    @property
    def has_fast_path(self) -> bool:
        return self._fast is not None

    def iter_errors(self, instance: Any) -> Iterator[ValidationError]:
        if self._fast is not None and self._fast(instance):
            return iter(())
        if self._strict is None:
            self._strict = self._make_strict(self.schema)
        return self._strict.iter_errors(instance)
