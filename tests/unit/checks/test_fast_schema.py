"""fluxc.checks.fast_schema: jsonschema-rs may say "valid" only where the strict validator finds no error.

The safety rule, checked on every bundled schema: `fast(x)` implies `not list(strict.iter_errors(x))`, for valid
instances (fluxc's fixtures) mutated at random (wrong types, Unicode digits, trailing newlines, duplicate items,
removed and added keys, values from the schema's own enums). Patterns must match exactly what goregex matches,
in both directions, since a `not` turns a pattern that matches less into a schema that accepts more.
"""

from __future__ import annotations

import copy
import decimal
import enum
import json
import math
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fluxc.checks import fast_schema
from fluxc.checks.fast_schema import FastThenStrict, fast_check, rust_pattern
from fluxc.checks.goregex import compile_go_regex, go_regex_to_python
from fluxc.checks.schemas import ANSWERS_SCHEMA, load_schema, schema_dir, strict_validator
from fluxc.targets.flux.kinds import FLUX_SCHEMA_FILES
from fluxc.yaml.load import parse_documents

REPO = Path(__file__).resolve().parents[3]
SCHEMA_FILES = [ANSWERS_SCHEMA, *sorted(set(FLUX_SCHEMA_FILES.values()))]
# Strings either engine could read differently: Unicode digits, letters and spaces, line ends, a vertical tab.
TRICKY = ["\u0663", "\u00e9", "\u00a0", "\u2003", "\u2028", "\ufeff", "\n", "\r", "\v", "\f", "\t", " ", "_", "-",
          ".", "/", ":", "\\", "[", "]", "~", "&", "^", "$", "0", "9", "a", "Z"]


def _walk(schema: Any, keyword: str) -> list[Any]:
    """Every value of `keyword` in a schema and its subschemas (a property called `pattern` is no keyword)."""
    found = []
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == keyword:
                found.append(value)
            if key in ("properties", "$defs") and isinstance(value, dict):
                found += [v for sub in value.values() for v in _walk(sub, keyword)]
            elif key not in ("enum", "const", "default", "examples"):
                found += _walk(value, keyword)
    elif isinstance(schema, list):
        for item in schema:
            found += _walk(item, keyword)
    return found


def _strict_ok(schema: dict[str, Any], instance: Any) -> bool:
    return not list(strict_validator(schema).iter_errors(instance))


# --------------------------------------------------------------------------- patterns

TRANSLATED = {
    "digits-ascii": (r"^\d+$", "^[0-9]+$"),
    "negated-classes-outside-sets": (r"\D\W\S", r"[^0-9][^0-9A-Za-z_][^\t\n\x0B\x0C\r ]"),
    "classes-inside-a-set": (r"^[^\s~^:?*\[\\]+$", r"^[^\t\n\x0B\x0C\r \~^:?*\[\\]+$"),
    "dot-is-any-but-a-line-feed": (r"^a.b$", r"^a[^\n]b$"),
    "bracket-first-in-set": (r"^[]a]$", r"^[\]a]$"),
    "set-operators-are-literal": (r"^[a&&b~~c]$", r"^[a\&\&b\~\~c]$"),
    "punctuation-written-plain": (r"^a\/b\<c\:d$", "^a/b<c:d$"),
    "meta-characters-stay-escaped": (r"^\.\-\$\{$", r"^\.\-\$\{$"),
    "repetitions": (r"^a{2}b{1,}c{0,61}$", r"^a{2}b{1,}c{0,61}$"),
    "non-capturing-group": (r"^(?:ab)+$", r"^(?:ab)+$"),
}


@pytest.mark.parametrize(("go", "rust"), TRANSLATED.values(), ids=TRANSLATED.keys())
def test_rust_pattern_spells_out_go_classes_in_ascii(go: str, rust: str) -> None:
    assert rust_pattern(go) == rust


@pytest.mark.parametrize("go", [r"\bword\b", r"\pL", r"(?i)abc", r"(?m)^a$", r"[[:alpha:]]", r"[a[]", r"[\S]",
                                r"a{,3}", r"a{x}", r"^a\z", r"\x41", r"\1", r"[a--b]", "[abc", "a\\"])
def test_rust_pattern_gives_up_on_what_it_cannot_prove_equal(go: str) -> None:
    assert rust_pattern(go) is None


def _bundled_patterns() -> list[str]:
    return sorted({p for name in SCHEMA_FILES for p in _walk(load_schema(name), "pattern")})


EXTRA_PATTERNS = [r"^\d+$", r"^\w+$", r"^\s*$", r"^\S*$", r"\D\W", r"^[\d\w.-]+$", r"^[^\s]+$", r"^[]a]+$",
                  r"^[a&&b]$", r"^a\/b\<c$", r"^(ab|cd)$", r"^(a|b)c(d)$", r"^x", r"^x$", r"y$", r"^[^^]$",
                  r"^.{2,4}$", r"^[a-z]+(\.[a-z]+)*$"]


@pytest.mark.parametrize("go", _bundled_patterns() + EXTRA_PATTERNS)
@given(data=st.data())
def test_fast_pattern_matches_exactly_what_goregex_matches(go: str, data: st.DataObject) -> None:
    check = fast_check({"pattern": go})
    assert check is not None, f"no fast path for {go!r}"
    near = st.from_regex(re.compile(go_regex_to_python(go)))
    text = data.draw(st.one_of(near, st.text(max_size=12)))
    for _ in range(data.draw(st.integers(0, 3))):  # a tricky character in, or a line end after
        at = data.draw(st.integers(0, len(text)))
        text = text[:at] + data.draw(st.sampled_from(TRICKY)) + text[at:]
    if text.encode("utf-8", "surrogatepass").decode("utf-8", "ignore") != text:
        return  # a lone surrogate: no data fluxc reads holds one (and the fast path refuses it)
    assert check(text) is (compile_go_regex(go).search(text) is not None), repr(text)


SAME_ANSWER = [(r"^a.b$", "a\rb"), (r"^a.b$", "a\u2028b"), (r"^a.b$", "a\nb"), (r"^\d$", "\u0663"), (r"^\s$", "\v"),
               (r"^\s$", "\u00a0"), (r"^\S+$", "a\u00a0b"), (r"^\S+$", "a\u2003b"), (r"^\w+$", "\u00e9"),
               (r"^x$", "x\n"), (r"^[^\s]+$", "\u2003"), (r"^a\<b$", "a<b"), (r"^\S+( +\S+)*$", "a \ufeff"),
               (r"^[0-9a-f]{7,64}$", "abcdef0\n")]


@pytest.mark.parametrize(("go", "text"), SAME_ANSWER)
def test_characters_the_engines_disagree_on_get_goregex_answer(go: str, text: str) -> None:
    check = fast_check({"pattern": go})
    assert check is not None
    assert check(text) is (compile_go_regex(go).search(text) is not None)


# --------------------------------------------------------------------------- schemas

def test_every_bundled_schema_is_checked_here_and_has_a_fast_path() -> None:
    on_disk = {str(p.relative_to(schema_dir())) for p in (schema_dir() / "flux").rglob("*.json")}
    assert on_disk == set(SCHEMA_FILES) - {ANSWERS_SCHEMA}
    for name in SCHEMA_FILES:
        assert fast_check(load_schema(name)) is not None, name


@pytest.mark.parametrize("schema", [
    {"type": "array", "x-kubernetes-list-type": "set"},
    {"properties": {"a": {"type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["k"]}}},
    {"type": "string", "format": "date-time"},
    {"$ref": "https://example.com/other.json"},
    {"$schema": "http://json-schema.org/draft-07/schema#", "type": "string"},
    {"properties": {"a": {"$id": "https://example.com/a", "type": "string"}}},
    {"patternProperties": {"^a": {"type": "string"}}},
    {"unevaluatedProperties": False},
    {"pattern": r"\bword\b"},
    {"properties": {"a": {"pattern": r"(?i)abc"}}},
    {"dependencies": {"a": ["b"]}},
], ids=["list-type-set", "list-type-map", "format", "remote-ref", "draft-07", "nested-id", "pattern-properties",
        "unevaluated", "word-boundary", "case-flag", "draft-07-dependencies"])
def test_schemas_whose_meaning_might_differ_get_no_fast_path(schema: dict[str, Any]) -> None:
    assert fast_check(schema) is None
    assert not FastThenStrict(schema, strict_validator).has_fast_path


class _Colour(str, enum.Enum):
    RED = "red"


@pytest.mark.parametrize("instance", [
    (1, 2), {"a": (1,)}, {1: "a"}, {"a": float("nan")}, float("inf"), [2**64], -(2**63) - 1, decimal.Decimal("1"),
    _Colour.RED, {"a": _Colour.RED}, type("S", (str,), {})("x"), "\ud800",
], ids=["tuple", "nested-tuple", "int-key", "nan", "inf", "big-int", "small-int", "decimal", "str-enum",
        "nested-enum", "str-subclass", "lone-surrogate"])
def test_what_is_not_plain_json_is_left_to_the_strict_validator(instance: Any) -> None:
    # jsonschema-rs reads a tuple as an array and a Decimal as a number, jsonschema does not: never "valid" here
    assert fast_check({})(instance) is False  # type: ignore[misc]


@pytest.mark.parametrize("instance", [None, True, 0, -(2**63), 2**63 - 1, 1.5, "", "x", [], {}, {"a": [1, {"b": None}]}])
def test_plain_json_is_answered_by_the_fast_path(instance: Any) -> None:
    assert fast_check({})(instance) is True  # type: ignore[misc]


@pytest.mark.parametrize("instance", [2147483647, 2147483647.0, 2147483647.5, 2147483648, -0.0, 0, -1e-300, 1e20, 1.0,
                                      True, "1", None, 2**53 + 1, float(2**53)])
@pytest.mark.parametrize("schema", [{"type": "integer", "minimum": 0, "maximum": 2147483647}, {"const": 1},
                                    {"enum": [0, True, "1"]}, {"type": "array", "uniqueItems": True}],
                         ids=["integer-bounds", "const", "enum", "unique"])
def test_numbers_and_equality_get_the_strict_answer(schema: dict[str, Any], instance: Any) -> None:
    check = fast_check(schema)
    assert check is not None
    assert check(instance) is _strict_ok(schema, instance)
    pair = [instance, copy.copy(instance)]  # uniqueItems and equality inside a list: 1 == 1.0, True != 1
    assert check(pair) is _strict_ok(schema, pair)
    mixed = [instance, 1, 1.0, True]
    assert check(mixed) is _strict_ok(schema, mixed)


@cache
def _seeds(name: str) -> tuple[Any, ...]:
    """Instances for a schema: fluxc's answers files, or the Flux objects of the fixtures (valid and not)."""
    if name == ANSWERS_SCHEMA:
        paths = [*REPO.glob("examples/*/fluxc.yaml"), *REPO.glob("fixtures/*/*/answers.yaml")]
    else:
        paths = [*REPO.glob("fixtures/validate/*/input/**/*.yaml"), *REPO.glob("fixtures/valid/*/expected/**/*.yaml")]
    found = []
    for path in sorted(paths):
        try:
            documents = parse_documents(path.read_text(encoding="utf-8"), str(path))
        except Exception:  # a fixture about broken YAML
            continue
        for document in documents:
            data = document.data
            if name == ANSWERS_SCHEMA or (isinstance(data, dict) and FLUX_SCHEMA_FILES.get(
                    (str(data.get("apiVersion")), str(data.get("kind")))) == name):
                found.append(data)
    assert found, f"no instances for {name}"
    return tuple(found)


@cache
def _pool(name: str) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    """The schema's own property names, and values it names (enums, consts, examples, defaults)."""
    schema = load_schema(name)
    names = sorted({key for properties in _walk(schema, "properties") for key in properties}
                   | {key for required in _walk(schema, "required") for key in required})
    values: list[Any] = [v for enum_ in _walk(schema, "enum") for v in enum_] + _walk(schema, "const")
    values += _walk(schema, "default") + [v for examples in _walk(schema, "examples") for v in examples]
    return tuple(names), tuple(values)


def _containers(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if isinstance(value, (dict, list)) else []
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        found += _containers(child, (*path, key))
    return found


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


def _strings(value: Any) -> list[tuple[Any, ...]]:
    found = []
    for path in _containers(value):
        node = _at(value, path)
        found += [(*path, key) for key, item in (node.items() if isinstance(node, dict) else enumerate(node))
                  if isinstance(item, str)]
    return found


@st.composite
def _mutated(draw: st.DrawFn, name: str) -> Any:
    names, pool = _pool(name)
    instance = copy.deepcopy(draw(st.sampled_from(_seeds(name))))
    values = st.one_of(
        st.sampled_from(pool) if pool else st.none(), st.none(), st.booleans(), st.integers(-3, 3),
        st.sampled_from([0.0, 1.0, 2.5, -1.5, 2**63 - 1, 2**64, math.nan]), st.text(max_size=6),
        st.sampled_from(["", "a", "a\n", "\u0663", "1.2.3", "5m", "https://x", "flux-system", "x" * 300]),
        st.lists(st.sampled_from(pool) if pool else st.text(max_size=3), max_size=3),
        st.dictionaries(st.sampled_from(names) if names else st.text(max_size=3), st.none() | st.text(max_size=3),
                        max_size=2),
        st.just((1, 2)),
    )
    values = values.map(copy.deepcopy)  # the pool holds the schema's own lists and maps: never changed here
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(_containers(instance)))
        node = _at(instance, path)
        action = draw(st.sampled_from(["set", "delete", "replace", "string", "duplicate"]))
        if action == "string" and _strings(instance):  # a character in, or a line end after, a string
            where = draw(st.sampled_from(_strings(instance)))
            parent, old = _at(instance, where[:-1]), _at(instance, where)
            at = draw(st.integers(0, len(old)))
            parent[where[-1]] = old[:at] + draw(st.sampled_from(TRICKY)) + old[at:]
        elif action == "duplicate" and isinstance(node, list) and node:
            node.append(copy.deepcopy(draw(st.sampled_from(node))))
        elif action == "delete" and node:
            del node[draw(st.sampled_from(list(node) if isinstance(node, dict) else list(range(len(node)))))]
        elif action == "replace" and path:
            _at(instance, path[:-1])[path[-1]] = draw(values)
        elif isinstance(node, dict):
            node[draw(st.sampled_from(names) if names else st.text(max_size=3))] = draw(values)
        else:
            node.append(draw(values))
    return instance


@pytest.mark.parametrize("name", SCHEMA_FILES)
@given(data=st.data())
def test_fast_valid_implies_no_strict_error(name: str, data: st.DataObject) -> None:
    schema = load_schema(name)
    check = fast_check(schema)
    assert check is not None
    instance = data.draw(_mutated(name))
    if check(instance):
        assert list(strict_validator(schema).iter_errors(instance)) == [], instance


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_the_fast_path_answers_the_valid_fixtures(name: str) -> None:
    schema, check = load_schema(name), fast_check(load_schema(name))
    assert check is not None
    valid = [x for x in _seeds(name) if _strict_ok(schema, x)]
    assert valid, f"no valid instance for {name}"
    assert all(check(x) for x in valid)
    # and the seeds the strict validator refuses are refused here too (the other direction, on real mistakes)
    assert not any(check(x) for x in _seeds(name) if not _strict_ok(schema, x))


# --------------------------------------------------------------------------- FastThenStrict

def test_a_valid_instance_never_builds_the_strict_validator() -> None:
    built: list[Any] = []
    validator = FastThenStrict({"type": "string"}, lambda schema: built.append(schema) or strict_validator(schema))
    assert list(validator.iter_errors("x")) == [] and built == []
    assert [e.message for e in validator.iter_errors(1)] == ["1 is not of type 'string'"]
    assert len(built) == 1
    list(validator.iter_errors(2))
    assert len(built) == 1  # built once


def test_errors_are_the_strict_validators_own() -> None:
    schema = load_schema(ANSWERS_SCHEMA)
    wrong = {"fluxc": "v2", "name": "x\n", "dependsOn": ["a", "a"], "extra": 1}
    fast = FastThenStrict(schema, strict_validator)
    assert fast.has_fast_path
    expected = [(e.message, list(e.absolute_path)) for e in strict_validator(schema).iter_errors(wrong)]
    assert [(e.message, list(e.absolute_path)) for e in fast.iter_errors(wrong)] == expected != []


def test_without_jsonschema_rs_the_strict_validator_answers_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "jsonschema_rs", None)  # `import jsonschema_rs` raises ImportError
    assert fast_schema.fast_check({"type": "string"}) is None
    validator = FastThenStrict({"type": "string"}, strict_validator)
    assert not validator.has_fast_path
    assert list(validator.iter_errors("x")) == []
    assert [e.message for e in validator.iter_errors(1)] == ["1 is not of type 'string'"]


def test_building_a_valid_answers_file_imports_no_jsonschema() -> None:
    # the fast path answers every check of a valid build, so jsonschema (a third of start-up) is never imported
    answers = REPO / "fixtures" / "valid" / "chart-https-spec-example" / "answers.yaml"
    code = ("import sys; from pathlib import Path; from fluxc.pipeline.compile import compile_file; "
            f"compile_file(Path({str(answers)!r})); print('jsonschema' in sys.modules, 'jsonschema_rs' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True"]


def test_the_schemas_are_as_on_disk_after_the_tests_above() -> None:
    # fluxc caches each loaded schema; the mutations above must never have reached one
    for name in SCHEMA_FILES:
        assert load_schema(name) == json.loads((schema_dir() / name).read_text(encoding="utf-8")), name
