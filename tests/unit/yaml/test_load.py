"""The loading stage: bytes checks, safe YAML, source map, single-document rules."""

from __future__ import annotations

import os
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from fluxc.report import codes
from fluxc.report.diagnostics import CompileError, Diagnostic, JsonPath, Span
from fluxc.yaml import safe as yamlsafe
from fluxc.yaml.bounds import MAX_DOCUMENTS, MAX_NODES
from fluxc.yaml.document import Document, Located, SourceMap
from fluxc.yaml.load import (
    MAX_ANSWERS_BYTES,
    MAX_ANSWERS_NODES,
    decode,
    load_answers,
    load_stream,
    parse_documents,
    parse_single,
)
from helpers import hostile

FILE = "answers.yaml"
Brief = tuple[str, tuple[int, int] | None, JsonPath]


def dd(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def errors(call: Callable[..., Any], *args: Any, **kwargs: Any) -> list[Diagnostic]:
    """The diagnostics `call` raises, after checks every diagnostic must pass."""
    with pytest.raises(CompileError) as info:
        call(*args, **kwargs)
    found = list(info.value.diagnostics)
    assert found
    for diag in found:
        assert diag.file == FILE
        assert diag.severity == "error"
        # compiler style: lower-case, no final period (`file:line:col: error CODE: path: message (hint)`)
        assert diag.message[:1].islower() or diag.message[:1] in "`'\"", diag.message
        assert not diag.message.endswith("."), diag.message
        assert diag.hint, diag
        assert "Traceback" not in diag.render()
    return found


def brief(found: list[Diagnostic]) -> list[Brief]:
    return [(d.code, (d.span.line, d.span.col) if d.span else None, d.path) for d in found]


def single_error(text: str) -> Diagnostic:
    found = errors(parse_single, text, FILE)
    assert len(found) == 1, brief(found)
    return found[0]


# --------------------------------------------------------------------------
# Values: how scalars resolve (mirrors Go yaml.v2, minus timestamps/base 60)

VALUES = [
    # Booleans, including the y/n that yaml.v2 knows and PyYAML does not.
    ("no", "no", False), ("No", "No", False), ("NO", "NO", False),
    ("yes", "yes", True), ("on", "on", True), ("OFF", "OFF", False),
    ("true", "true", True), ("False", "False", False),
    ("y", "y", True), ("Y", "Y", True), ("n", "n", False), ("N", "N", False),
    ("mixed-case-is-string", "yEs", "yEs"),
    # Quoted and block scalars are strings on purpose.
    ("double-quoted", '"no"', "no"), ("single-quoted", "'yes'", "yes"),
    ("quoted-number", '"1.10"', "1.10"), ("literal-block", "|\n  no", "no\n"),
    ("folded-block", ">-\n  on\n  off", "on off"),
    # Null.
    ("tilde", "~", None), ("null", "null", None), ("Null", "Null", None),
    ("NULL", "NULL", None), ("empty", "", None), ("nULL-is-string", "nULL", "nULL"),
    # Integers: decimal, octal, hex, binary, underscores, signs.
    ("octal", "0755", 493), ("octal-010", "010", 8), ("hex", "0x1F", 31),
    ("neg-hex", "-0x1F", -31), ("binary", "0b101", 5), ("underscores", "1_000", 1000),
    ("zero", "0", 0), ("neg", "-42", -42), ("plus", "+7", 7),
    ("not-octal-is-a-float", "08", 8.0), ("bad-hex-stays-string", "0x_", "0x_"),
    # Floats.
    ("float-1.10", "1.10", 1.1), ("float-trailing-dot", "1.", 1.0),
    ("float-exp", "+1.5e+3", 1500.0), ("float-underscore", "1_0.5", 10.5),
    ("no-dot-exponent", "1e3", 1000.0), ("signed-dot", "-.5", -0.5),
    # Timestamps and sexagesimal numbers stay strings.
    ("date", "2024-01-01", "2024-01-01"),
    ("timestamp", "2024-01-01T10:00:00Z", "2024-01-01T10:00:00Z"),
    ("base60-int", "1:30", "1:30"), ("base60-float", "190:20:30.15", "190:20:30.15"),
    ("version", "1.2.3", "1.2.3"), ("duration", "10m", "10m"),
    ("plain-merge-value", "<<", "<<"), ("plain-equals", "=", "="),
    # Explicit standard tags are honoured; `!` means string.
    ("tag-str", "!!str 1", "1"), ("tag-str-bool", "!!str yes", "yes"),
    ("tag-nonspecific", "! yes", "yes"), ("tag-int-quoted", '!!int "12"', 12),
    ("tag-float-int", "!!float 1", 1.0), ("tag-float", "!!float 2.5", 2.5),
    ("tag-bool-y", "!!bool y", True), ("tag-null", "!!null ''", None),
    ("tag-verbatim", "!<tag:yaml.org,2002:str> 0755", "0755"),
    ("tag-map", "!!map {b: 1}", {"b": 1}), ("tag-seq", "!!seq [1]", [1]),
    ("nonspecific-map", "! {b: 1}", {"b": 1}),
    # Anchors on their own are harmless.
    ("anchor", "&x 1", 1), ("anchor-map", "&m {b: 1}", {"b": 1}),
]


@pytest.mark.parametrize(("source", "expected"), [v[1:] for v in VALUES],
                         ids=[v[0] for v in VALUES])
def test_value_resolution(source: str, expected: Any) -> None:
    data = parse_single(f"a: {source}\n", FILE).data
    assert data == {"a": expected}
    assert type(data["a"]) is type(expected)


def test_nan_infinity_and_numbers_beyond_64_bits_are_refused_where_written() -> None:
    # go-yaml reads them, but Kubernetes' JSON cannot hold them (the cases: tests/unit/yaml/test_scalars.py)
    with pytest.raises(CompileError) as caught:
        parse_single("a: .NaN\nb: !!float .nan\nc: -.Inf\nd: " + "1" * 5000 + "\n", FILE)
    assert [(d.code, d.span) for d in caught.value.diagnostics] == [
        (codes.VALUE_NOT_REPRESENTABLE, Span(1, 4)), (codes.VALUE_NOT_REPRESENTABLE, Span(2, 4)),
        (codes.VALUE_NOT_REPRESENTABLE, Span(3, 4)), (codes.VALUE_NOT_REPRESENTABLE, Span(4, 4))]


SHAPES = [
    ("nested", """
        fluxc: v1
        chart:
          name: podinfo
          versions: [1, "2"]
        """, {"fluxc": "v1", "chart": {"name": "podinfo", "versions": [1, "2"]}}),
    ("flow", "{a: [1, {b: c}], d: {}}", {"a": [1, {"b": "c"}], "d": {}}),
    ("list-of-maps", """
        items:
          - name: a
            on_: 1
          - - nested
          -
        """, {"items": [{"name": "a", "on_": 1}, ["nested"], None]}),
    ("quoted-keys", """
        "on": push
        'y': 1
        "1": one
        "<<": literal
        """, {"on": "push", "y": 1, "1": "one", "<<": "literal"}),
    ("unicode", "é: ü\nemoji: 🚀\n", {"é": "ü", "emoji": "🚀"}),
    ("crlf", "a: 1\r\nb: two\r\n", {"a": 1, "b": "two"}),
    ("explicit-start-end", "---\na: 1\n...\n", {"a": 1}),
    ("leading-comments", "# header\n\n---\na: 1\n", {"a": 1}),
    ("comments-everywhere", "a: 1 # one\n# gap\nb: [2, # two\n  3]\n", {"a": 1, "b": [2, 3]}),
]


@pytest.mark.parametrize(("source", "expected"), [s[1:] for s in SHAPES],
                         ids=[s[0] for s in SHAPES])
def test_data_shapes(source: str, expected: Any) -> None:
    doc = parse_single(dd(source), FILE)
    assert doc.data == expected
    assert (doc.file, doc.position) == (FILE, 0)


def test_depth_64_is_allowed() -> None:
    # The root mapping is level 1, so 63 lists below it make 64 levels.
    data = parse_single("x: " + "[" * 63 + "]" * 63, FILE).data
    for _ in range(63):
        data = data["x"] if isinstance(data, dict) else data[0]
    assert data == []


# --------------------------------------------------------------------------
# Source map

SOURCE = dd("""
    fluxc: v1
    chart:
      name: podinfo
      version: "6.5.4"
    values:
      hosts:
        - host: a.example.com
          paths: [/, /api]
        - b
      script: |
        echo hi
    empty:
    last: !!str 1
    """)

LOCATIONS: list[tuple[str, JsonPath, Located]] = [
    ("root", (), Located(Span(1, 1), None, None, False)),
    ("plain", ("fluxc",), Located(Span(1, 8), Span(1, 1), "v1", False)),
    ("nested-map", ("chart",), Located(Span(3, 3), Span(2, 1), None, False)),
    ("quoted", ("chart", "version"), Located(Span(4, 12), Span(4, 3), "6.5.4", True)),
    ("block-seq", ("values", "hosts"), Located(Span(7, 5), Span(6, 3), None, False)),
    ("list-item-map", ("values", "hosts", 0), Located(Span(7, 7), None, None, False)),
    ("key-in-item", ("values", "hosts", 0, "host"),
     Located(Span(7, 13), Span(7, 7), "a.example.com", False)),
    ("flow-seq", ("values", "hosts", 0, "paths"), Located(Span(8, 14), Span(8, 7), None, False)),
    ("flow-item", ("values", "hosts", 0, "paths", 1), Located(Span(8, 18), None, "/api", False)),
    ("scalar-item", ("values", "hosts", 1), Located(Span(9, 7), None, "b", False)),
    ("block-scalar", ("values", "script"), Located(Span(10, 11), Span(10, 3), "echo hi\n", True)),
    ("empty-value", ("empty",), Located(Span(12, 7), Span(12, 1), "", False)),
    ("tagged-not-quoted", ("last",), Located(Span(13, 7), Span(13, 1), "1", False)),
]


@pytest.fixture(scope="module")
def smap() -> SourceMap:
    return parse_single(SOURCE, FILE).source_map


@pytest.mark.parametrize(("path", "located"), [loc[1:] for loc in LOCATIONS],
                         ids=[loc[0] for loc in LOCATIONS])
def test_source_map_entries(smap: SourceMap, path: JsonPath, located: Located) -> None:
    assert smap.get(path) == located
    assert path in smap
    assert smap.span(path) == located.span
    assert smap.span(path, key=True) == (located.key_span or located.span)


@pytest.mark.parametrize(("path", "key", "expected"), [
    (("chart", "missing"), False, Span(3, 3)),  # the mapping that should hold it
    (("chart", "missing"), True, Span(2, 1)),  # ... or its key
    (("values", "hosts", 5, "host"), False, Span(7, 5)),
    (("nope", "deeper"), True, Span(1, 1)),  # falls back to the root
], ids=["missing-key", "missing-key-key", "missing-index", "root-fallback"])
def test_source_map_ancestor_fallback(smap: SourceMap, path: JsonPath, key: bool,
                                      expected: Span) -> None:
    assert path not in smap
    assert smap.get(path) is None
    assert smap.span(path, key=key) == expected


def test_source_map_membership(smap: SourceMap) -> None:
    assert "chart" not in smap  # paths are tuples
    assert ("chart", "name") in smap
    assert SourceMap({}).span(("a",)) is None


def test_source_map_columns_count_characters() -> None:
    doc = parse_single("é: ü\nkey: [ä, b]\n", FILE)
    assert doc.source_map.span(("é",)) == Span(1, 4)
    assert doc.source_map.span(("key", 1)) == Span(2, 10)


# --------------------------------------------------------------------------
# Errors inside the data: every one is collected before raising

DATA_ERRORS: list[tuple[str, str, list[Brief]]] = [
    ("duplicate", "a: 1\nb: 2\na: 3\n", [(codes.DUPLICATE_KEY, (3, 1), ("a",))]),
    ("duplicate-nested", "chart:\n  name: x\n  name: y\n",
     [(codes.DUPLICATE_KEY, (3, 3), ("chart", "name"))]),
    ("duplicate-flow", "{a: 1, a: 2}", [(codes.DUPLICATE_KEY, (1, 8), ("a",))]),
    ("duplicate-quoted-vs-plain", 'a: 1\n"a": 2\n', [(codes.DUPLICATE_KEY, (2, 1), ("a",))]),
    ("duplicate-thrice", "a: 1\na: 2\na: 3\n",
     [(codes.DUPLICATE_KEY, (2, 1), ("a",)), (codes.DUPLICATE_KEY, (3, 1), ("a",))]),
    ("duplicate-in-list-item", "l:\n  - x: 1\n    x: 2\n",
     [(codes.DUPLICATE_KEY, (3, 5), ("l", 0, "x"))]),
    ("alias-without-anchor", "a: 1\nb: *x\n", [(codes.ALIAS_UNRESOLVED, (2, 4), ("b",))]),
    ("alias-before-anchor", "b: [*x, 2]\na: &x 1\n", [(codes.ALIAS_UNRESOLVED, (1, 5), ("b", 0))]),
    ("alias-as-key-unknown", "*x : 1\n", [(codes.ALIAS_UNRESOLVED, (1, 1), ("*x",))]),
    ("merge-key-scalar", "c:\n  <<: 1\n", [(codes.MERGE_KEY_INVALID, (2, 3), ("c", "<<"))]),
    ("merge-key-list-of-scalars", "c:\n  <<: [a, b]\n", [(codes.MERGE_KEY_INVALID, (2, 3), ("c", "<<"))]),
    ("merge-key-twice", "a: &a {x: 1}\nc:\n  <<: *a\n  <<: *a\n", [(codes.DUPLICATE_KEY, (4, 3), ("c", "<<"))]),
    ("tag-on-key", "!custom k: 1\n", [(codes.TAG_REFUSED, (1, 1), ("k",))]),
    ("tag-on-root", "!!python/name:os.system\na: 1\n", [(codes.TAG_REFUSED, (1, 1), ())]),
    ("key-on", "on: push\n", [(codes.KEY_NOT_STRING, (1, 1), ("on",))]),
    ("key-y", "x: 1\ny: 2\n", [(codes.KEY_NOT_STRING, (2, 1), ("y",))]),
    ("key-int", "1: one\n", [(codes.KEY_NOT_STRING, (1, 1), ("1",))]),
    ("key-float", "1.5: x\n", [(codes.KEY_NOT_STRING, (1, 1), ("1.5",))]),
    ("key-null", "null: x\n", [(codes.KEY_NOT_STRING, (1, 1), ("null",))]),
    ("key-tilde-nested", "a:\n  ~: x\n", [(codes.KEY_NOT_STRING, (2, 3), ("a", "~"))]),
    ("key-list", "? [a, b]\n: x\n", [(codes.KEY_NOT_STRING, (1, 3), ())]),
    ("key-map", "outer:\n  {x: 1}: y\n", [(codes.KEY_NOT_STRING, (2, 3), ("outer",))]),
    ("key-tagged-int", "!!int 7: x\n", [(codes.KEY_NOT_STRING, (1, 1), ("7",))]),
    ("many-at-once", dd("""
        a: 1
        b: *x
        a: 2
        c: !!binary aGk=
        on: yes
        d: [!custom 1, *y]
        """), [
        (codes.ALIAS_UNRESOLVED, (2, 4), ("b",)),
        (codes.DUPLICATE_KEY, (3, 1), ("a",)),
        (codes.TAG_REFUSED, (4, 4), ("c",)),
        (codes.KEY_NOT_STRING, (5, 1), ("on",)),
        (codes.TAG_REFUSED, (6, 5), ("d", 0)),
        (codes.ALIAS_UNRESOLVED, (6, 16), ("d", 1)),
    ]),
    ("problems-then-syntax-error", "a: *x\nb: [\n",
     [(codes.ALIAS_UNRESOLVED, (1, 4), ("a",)), (codes.YAML_SYNTAX, (3, 1), ())]),
    ("list-root-and-alias", "- *x\n", [(codes.ROOT_NOT_MAPPING, (1, 1), ()),
                                       (codes.ALIAS_UNRESOLVED, (1, 3), (0,))]),
]
# The value of `a: <value>` with a tag fluxc refuses, or one the value does not fit: reported at the value.
TAGGED_VALUES = {
    codes.TAG_REFUSED: {
        "tag-python": "!!python/object:os.system x",
        "tag-python-apply": "!!python/object/apply:os.system [ls]",
        "tag-binary": "!!binary aGk=",
        "tag-timestamp": "!!timestamp 2024-01-01",
        "tag-set": "!!set {x}",
        "tag-omap": "!!omap [x: 1]",
        "tag-custom": "!custom x",
    },
    codes.TAG_MISMATCH: {
        "tag-int-mismatch": "!!int abc",
        "tag-int-base60": "!!int 1:30",
        "tag-null-mismatch": "!!null x",
        "tag-map-on-scalar": "!!map x",
        "tag-str-on-map": "!!str {b: 1}",
        "tag-seq-on-map": "!!seq {b: 1}",
    },
}
DATA_ERRORS += [(name, f"a: {value}\n", [(code, (1, 4), ("a",))])
                for code, values in TAGGED_VALUES.items() for name, value in values.items()]


@pytest.mark.parametrize(("source", "expected"), [e[1:] for e in DATA_ERRORS],
                         ids=[e[0] for e in DATA_ERRORS])
def test_data_errors(source: str, expected: list[Brief]) -> None:
    assert brief(errors(parse_single, source, FILE)) == expected


@pytest.mark.parametrize(("source", "in_message", "in_hint"), [
    ("a: 1\nb: 2\na: 3\n", ["`a`", "first set on line 1"], ["single `a:`"]),
    ("a: 1\nb: *x\n", ["`*x`", "names no anchor"], ["define `&x`"]),
    ("<<: 1\n", ["merge key `<<`", "a mapping or a list of mappings", "not an integer"], ["`<<: *anchor`"]),
    ("a: !!python/object:os.system x\n", ["`!!python/object:os.system`"],
     ["never constructs objects from tags"]),
    ("a: !custom x\n", ["`!custom`"], ["never constructs objects from tags"]),
    ("a: !!int abc\n", ["`!!int`", "an integer"], ["remove the tag"]),
    ("a: !!str {b: 1}\n", ["a mapping", "`!!str`"], ["remove the tag"]),
    ("on: push\n", ["the boolean true", "must be strings"], ['`"on":`']),
    ("1: one\n", ["the integer 1"], ['`"1":`']),
    ("1.5: x\n", ["the number 1.5"], ['`"1.5":`']),
    ("~: x\n", ["null"], ['`"~":`']),
    ("? [a]\n: x\n", ["a list"], ["plain string"]),
], ids=["duplicate", "alias", "merge", "tag-python", "tag-custom", "mismatch-int",
        "mismatch-map", "key-bool", "key-int", "key-float", "key-null", "key-list"])
def test_data_error_wording(source: str, in_message: list[str], in_hint: list[str]) -> None:
    if "!!int abc" in source:
        assert "abc" not in single_error(source).message  # a tagged value is not repeated: it may be a secret
    diag = single_error(source)
    for part in in_message:
        assert part in diag.message
    for part in in_hint:
        assert part in diag.hint


BOMB = dd("""
    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
    h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
    i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
    """)


@pytest.mark.parametrize("parse", [parse_single, parse_documents])
def test_alias_bomb_refused_quickly(parse: Any) -> None:
    """Aliases are expanded, but only after the scan has counted what they would expand to."""
    started = time.perf_counter()
    found = errors(parse, BOMB, FILE)
    assert time.perf_counter() - started < 0.2
    assert [d.code for d in found] == [codes.FILE_TOO_LARGE]
    assert "expanding the aliases" in found[0].message and "alias bomb" in found[0].hint
    assert found[0].span is not None and found[0].span.line == 5  # where what the aliases add crosses its cap


def test_recursive_alias_refused() -> None:
    found = errors(parse_documents, "a: &a [1, *a]\n", FILE)
    assert brief(found) == [(codes.ALIAS_UNRESOLVED, (1, 11), ())]


def test_anchors_do_not_cross_documents() -> None:
    found = errors(parse_documents, "a: &x 1\n---\nb: *x\n", FILE)
    assert brief(found) == [(codes.ALIAS_UNRESOLVED, (3, 4), ("b",))]


def test_aliases_and_merge_keys_expand_as_kustomize_does() -> None:
    doc = parse_single(dd("""
        name: &app podinfo
        labels: &labels
          app: podinfo
          tier: web
        spec:
          releaseName: *app
          list: &l [1, {q: 2}]
          again: *l
          merged:
            <<: *labels
            tier: api
          several:
            <<: [{a: 1, b: 1}, {b: 2, c: 2}]
        """), FILE)
    assert doc.data["spec"] == {"releaseName": "podinfo", "list": [1, {"q": 2}], "again": [1, {"q": 2}],
                                "merged": {"tier": "api", "app": "podinfo"}, "several": {"a": 1, "b": 1, "c": 2}}
    assert doc.data["spec"]["again"] is not doc.data["spec"]["list"]  # a copy: nothing is shared
    smap = doc.source_map
    assert smap.span(("spec", "releaseName")) == Span(6, 16)  # where the alias is used
    assert smap.span(("spec", "again", 1, "q")) == Span(8, 10)
    assert smap.span(("spec", "merged", "app")) == Span(10, 5)  # at the `<<`
    assert smap.span(("spec", "merged", "tier")) == Span(11, 11)  # its own key
    assert ("spec", "merged", "<<") not in smap and ("spec", "several", "<<") not in smap


# --------------------------------------------------------------------------
# Depth

def _deep_block(levels: int) -> str:
    return "".join("  " * i + "k:\n" for i in range(levels))


@pytest.mark.parametrize(("source", "expected"), [
    # libyaml's scanner stops at its own cap (1000 open brackets) before
    # emitting events: still TOO_DEEP, at the bracket where it gave up.
    ("[" * 10000, (codes.TOO_DEEP, (1, 1001), ())),
    ("[" * 10000 + "]" * 10000, (codes.TOO_DEEP, (1, 1001), ())),
    ("[" * 200, (codes.TOO_DEEP, (1, 65), (0,) * 64)),
    ("x: " + "[" * 64 + "]" * 64, (codes.TOO_DEEP, (1, 67), ("x",) + (0,) * 63)),
    ("{a: " * 5000, (codes.TOO_DEEP, (1, 4 * 64 + 1), ("a",) * 64)),
    (_deep_block(70), (codes.TOO_DEEP, (65, 129), ("k",) * 64)),
], ids=["libyaml-cap", "libyaml-cap-closed", "our-cap", "just-over", "flow-maps",
        "block-indent"])
def test_too_deep(source: str, expected: Brief) -> None:
    started = time.perf_counter()
    assert brief(errors(parse_single, source, FILE)) == [expected]
    assert brief(errors(parse_documents, source, FILE)) == [expected]
    assert time.perf_counter() - started < 0.2


def test_too_deep_wording() -> None:
    diag = single_error("[" * 100)
    assert "64 levels" in diag.message


# --------------------------------------------------------------------------
# Whole-file shape (parse_single) and streams (parse_documents)

@pytest.mark.parametrize("source", [
    "", "   \n\n", "# only a comment\n", "---\n", "---\n...\n", "~\n", "null",
], ids=["nothing", "whitespace", "comment", "doc-start", "doc-start-end", "tilde", "null"])
def test_file_empty(source: str) -> None:
    diag = single_error(source)
    assert (diag.code, diag.span, diag.path) == (codes.FILE_EMPTY, None, ())
    assert "fluxc: v1" in diag.hint


@pytest.mark.parametrize(("source", "span"), [
    ("a: 1\n---\nb: 2\n", (2, 1)),
    ("---\na: 1\n---\nb: 2\n", (3, 1)),
    ("a: 1\n...\n---\nb: 2\n", (3, 1)),
    ("a: 1\n---\n", (2, 1)),  # even an empty second document
    ("---\n---\na: 1\n", (2, 1)),  # an empty first one is still a document
    ("a: 1\n---\n- x\n---\n[\n", (2, 1)),  # later documents are not even parsed
], ids=["two", "explicit-starts", "after-end-marker", "trailing-separator",
        "empty-first", "stops-at-second"])
def test_several_documents(source: str, span: tuple[int, int]) -> None:
    diag = single_error(source)
    assert brief([diag]) == [(codes.SEVERAL_DOCUMENTS, span, ())]
    assert "---" in diag.hint


@pytest.mark.parametrize(("source", "span", "what"), [
    ("- a\n- b\n", (1, 1), "a list"),
    ("# comment\n[a]\n", (2, 1), "a list"),
    ("just text\n", (1, 1), "a string"),
    ('"quoted"\n', (1, 1), "a string"),
    ("42\n", (1, 1), "an integer"),
    ("1.5\n", (1, 1), "a number"),
    ("true\n", (1, 1), "a boolean"),
], ids=["list", "flow-list-after-comment", "string", "quoted-string", "int", "float", "bool"])
def test_root_not_mapping(source: str, span: tuple[int, int], what: str) -> None:
    diag = single_error(source)
    assert brief([diag]) == [(codes.ROOT_NOT_MAPPING, span, ())]
    assert f"is {what}," in diag.message
    assert "fluxc: v1" in diag.hint


def test_root_list_and_second_document_both_reported() -> None:
    found = errors(parse_single, "- a\n---\nb: 1\n", FILE)
    assert brief(found) == [(codes.ROOT_NOT_MAPPING, (1, 1), ()),
                            (codes.SEVERAL_DOCUMENTS, (2, 1), ())]


def test_parse_documents_returns_every_document() -> None:
    docs = parse_documents("a: 1\n---\n- x\n---\n---\n'text'\n", FILE)
    assert [d.data for d in docs] == [{"a": 1}, ["x"], None, "text"]
    assert [d.position for d in docs] == [0, 1, 2, 3]
    assert all(isinstance(d, Document) and d.file == FILE for d in docs)
    assert docs[1].source_map.get((0,)) == Located(Span(3, 3), None, "x", False)
    assert docs[3].source_map.get(()) == Located(Span(6, 1), None, "text", True)


@pytest.mark.parametrize("source", ["", "# nothing\n"], ids=["empty", "comment"])
def test_parse_documents_empty_stream(source: str) -> None:
    assert parse_documents(source, FILE) == []


def test_parse_documents_collects_across_documents() -> None:
    found = errors(parse_documents, "a: *x\n---\nb: 1\nb: 2\n", FILE)
    assert brief(found) == [(codes.ALIAS_UNRESOLVED, (1, 4), ("a",)),
                            (codes.DUPLICATE_KEY, (4, 1), ("b",))]


# --------------------------------------------------------------------------
# Syntax errors and forbidden characters

TAB_HINT = "YAML forbids tabs for indentation"

SYNTAX: list[tuple[str, str, tuple[int, int], str]] = [
    ("value-with-colon", "a: b: c\n", (1, 5), "mapping values are not allowed"),
    ("bad-indent", "a:\n  b: 1\n c: 2\n", (3, 2), "did not find expected key"),
    ("unclosed-quote", 'a: "abc', (1, 8), "while scanning a quoted scalar at line 1, column 4"),
    ("unclosed-flow", "key: [1, 2", (1, 11), "did not find expected ',' or ']'"),
    ("unclosed-brackets-eof", "[[[", (1, 4), "did not find expected node content"),
    ("doc-end-then-content", "a: 1\n...\nb: 2\n", (3, 1), "did not find expected <document start>"),
]
# A tab where YAML wants indentation: reported at the tab, with TAB_HINT.
TABS = {
    "tab-indent": ("a:\n\tb: 1\n", "found character that cannot start any token"),
    "tab-after-spaces": ("a:\n  \tb: 1\n", "cannot start any token"),
    "tab-in-block": ("a:\n  b: 1\n\tc: 2\n", "tab character that violates indentation"),
    "tab-list-item": ("a:\n  - 1\n\t- 2\n", "tab character"),
    "tab-first-line": ("\ta: 1\n", "cannot start any token"),
    "tab-block-scalar": ("a: |\n\tx\n", "where an indentation space is expected"),
}


def _tab_at(source: str) -> tuple[int, int]:
    """The line and column of the tab in source."""
    before = source[:source.index("\t")]
    return before.count("\n") + 1, len(before) - before.rfind("\n")


SYNTAX += [(name, source, _tab_at(source), in_message) for name, (source, in_message) in TABS.items()]


@pytest.mark.parametrize(("source", "span", "in_message"), [s[1:] for s in SYNTAX],
                         ids=[s[0] for s in SYNTAX])
def test_yaml_syntax(source: str, span: tuple[int, int], in_message: str) -> None:
    diag = single_error(source)
    assert brief([diag]) == [(codes.YAML_SYNTAX, span, ())]
    assert diag.message.startswith("invalid YAML: ")
    assert in_message in diag.message
    assert (TAB_HINT in diag.hint) == ("\t" in source)


def test_yaml_syntax_in_parse_documents() -> None:
    assert brief(errors(parse_documents, "a: 1\n---\nb: [\n", FILE)) == [
        (codes.YAML_SYNTAX, (4, 1), ())]


@pytest.mark.parametrize(("source", "span", "char"), [
    ("a: \x1b[31m\n", (1, 4), "U+001B"),
    ("é: ü\nb: x\x07y\n", (2, 5), "U+0007"),  # columns count characters, not bytes
    ("a: x\x00y\n", (1, 5), "U+0000"),
    ("a: \ud800\n", (1, 4), "U+D800"),  # a lone surrogate cannot even be encoded
], ids=["escape", "bell-after-non-ascii", "nul", "surrogate"])
def test_forbidden_characters(source: str, span: tuple[int, int], char: str) -> None:
    diag = single_error(source)
    assert brief([diag]) == [(codes.YAML_SYNTAX, span, ())]
    assert char in diag.message


def test_pure_python_fallback_agrees(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = parse_single(SOURCE, FILE)
    monkeypatch.setattr(yamlsafe, "LOADER", yaml.SafeLoader)
    slow = parse_single(SOURCE, FILE)
    assert slow.data == fast.data
    for _, path, located in LOCATIONS:
        assert slow.source_map.get(path) == located
    assert brief(errors(parse_single, "a: b: c\n", FILE)) == [(codes.YAML_SYNTAX, (1, 5), ())]
    assert brief(errors(parse_single, "a: \x1b\n", FILE)) == [(codes.YAML_SYNTAX, (1, 4), ())]
    assert brief(errors(parse_single, "[" * 1000, FILE)) == [(codes.TOO_DEEP, (1, 65), (0,) * 64)]


# --------------------------------------------------------------------------
# Bytes: decode

def test_decode_plain_and_crlf() -> None:
    assert decode(b"a: 1\r\nb: 2\r\n", FILE) == "a: 1\r\nb: 2\r\n"
    assert decode("é: ü\n".encode(), FILE) == "é: ü\n"
    assert decode(b"", FILE) == ""


def test_decode_strips_utf8_bom() -> None:
    text = decode(b"\xef\xbb\xbfa: 1\n", FILE)
    assert text == "a: 1\n"
    assert parse_single(text, FILE).source_map.span(("a",)) == Span(1, 4)


DECODE_ERRORS: list[tuple[str, bytes, str, tuple[int, int], list[str]]] = [
    ("utf16-le", "a: 1\n".encode("utf-16"), codes.FILE_NOT_UTF8, (1, 1), ["UTF-16"]),
    ("utf16-be", b"\xfe\xff" + "a: 1".encode("utf-16-be"), codes.FILE_NOT_UTF8, (1, 1),
     ["UTF-16"]),
    ("utf32-le", b"\xff\xfe\x00\x00" + "a".encode("utf-32-le"), codes.FILE_NOT_UTF8, (1, 1),
     ["UTF-32"]),
    ("utf32-be", b"\x00\x00\xfe\xff" + "a".encode("utf-32-be"), codes.FILE_NOT_UTF8, (1, 1),
     ["UTF-32"]),
    ("nul", b"a: 1\nb: \x00\n", codes.FILE_BINARY, (2, 4), ["binary", "line 2, column 4"]),
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", codes.FILE_BINARY, (3, 1), ["binary"]),
    ("utf16-no-bom", "a: 1".encode("utf-16-le"), codes.FILE_BINARY, (1, 2), ["binary"]),
    ("latin1", "a: 1\nname: café\n".encode("latin-1"), codes.FILE_NOT_UTF8, (2, 10),
     ["\\xe9", "line 2, column 10"]),
    ("latin1-after-utf8", b"\xc3\xa9: caf\xe9\n", codes.FILE_NOT_UTF8, (1, 7),
     ["\\xe9", "column 7"]),
    ("truncated-sequence", b"a: \xe2\x82", codes.FILE_NOT_UTF8, (1, 4), ["\\xe2"]),
    ("encoded-surrogate", b"a: \xed\xa0\x80", codes.FILE_NOT_UTF8, (1, 4), ["\\xed"]),
]


@pytest.mark.parametrize(("raw", "code", "span", "in_message"), [e[1:] for e in DECODE_ERRORS],
                         ids=[e[0] for e in DECODE_ERRORS])
def test_decode_errors(raw: bytes, code: str, span: tuple[int, int], in_message: list[str]) -> None:
    found = errors(decode, raw, FILE)
    assert brief(found) == [(code, span, ())]
    for part in in_message:
        assert part in found[0].message
    assert found[0].message.isascii()  # bytes are only ever shown as \xNN
    assert "UTF-8" in found[0].hint


# --------------------------------------------------------------------------
# Files: load_answers

def test_load_answers(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"\xef\xbb\xbffluxc: v1\r\nname: x\r\n")
    doc = load_answers(path, FILE)
    assert doc.data == {"fluxc": "v1", "name": "x"}
    assert (doc.file, doc.position) == (FILE, 0)


@pytest.mark.parametrize(("size", "limit", "ok", "shown"), [
    (2 * MAX_ANSWERS_BYTES, MAX_ANSWERS_BYTES, False, "1 MiB"),
    (MAX_ANSWERS_BYTES, MAX_ANSWERS_BYTES, True, ""),
    (65, 64, False, "64 bytes"),
    (64, 64, True, ""),
    (4097, 4096, False, "4 KiB"),
], ids=["2MiB", "exactly-1MiB", "just-over", "exactly-cap", "kib"])
def test_load_answers_size_cap(tmp_path: Path, size: int, limit: int, ok: bool,
                               shown: str) -> None:
    path = tmp_path / "big.yaml"
    body = b"a: 1\n#" + b"#" * (size - 7) + b"\n"  # valid YAML of exactly `size` bytes
    assert len(body) == size
    path.write_bytes(body)
    if ok:
        assert load_answers(path, FILE, max_bytes=limit).data == {"a": 1}
        return
    found = errors(load_answers, path, FILE, max_bytes=limit)
    assert brief(found) == [(codes.FILE_TOO_LARGE, None, ())]
    assert shown in found[0].message


@pytest.mark.parametrize("load", [load_answers, load_stream], ids=["answers", "stream"])
@pytest.mark.parametrize("kind", hostile.kinds())
def test_what_is_no_regular_file_is_refused_without_blocking(tmp_path: Path, kind: str,
                                                            load: Callable[[Path, str], Any]) -> None:
    """FIFOs block, /dev/zero and /dev/urandom never end, /dev/null is no file either: never read."""
    path = hostile.make(kind, tmp_path / "x.yaml")
    found = hostile.call_within(lambda: errors(load, path, FILE), fifos=[path])
    assert brief(found) == [(codes.FILE_UNREADABLE, None, ())]
    assert ("directory" if kind == "directory" else hostile.NOT_REGULAR) in found[0].message
    assert ("only regular files" in found[0].hint) is (kind != "directory")  # and why


def test_documents_per_stream_are_capped() -> None:
    assert len(parse_documents("--- {}\n" * MAX_DOCUMENTS, FILE)) == MAX_DOCUMENTS
    found = errors(parse_documents, "--- {}\n" * (MAX_DOCUMENTS + 1), FILE)
    assert brief(found) == [(codes.FILE_TOO_LARGE, (MAX_DOCUMENTS + 1, 1), ())]
    assert f"more than {MAX_DOCUMENTS:,} YAML documents" in found[0].message


@pytest.mark.parametrize(("parse", "cap", "what"), [
    (parse_documents, MAX_NODES, "a manifest file"), (parse_single, MAX_ANSWERS_NODES, "an answers file")],
    ids=["stream", "answers"])
def test_values_per_file_are_capped(parse: Callable[[str, str], Any], cap: int, what: str) -> None:
    start = time.monotonic()
    text = "a: [" + "1," * cap + "1]\n"  # cap + 3 values
    found = errors(parse, text, FILE)
    assert brief(found) == [(codes.FILE_TOO_LARGE, (1, 2 * cap - 1), ())]  # value cap + 1: the mapping, `a`, the list, 1, …
    assert f"more than {cap:,} YAML values" in found[0].message and what in found[0].message
    assert time.monotonic() - start < 15


def test_a_second_document_in_an_answers_file_is_reported_as_such_however_many() -> None:
    found = errors(parse_single, "a: 1\n" + "---\n" * MAX_ANSWERS_NODES, FILE)
    assert [d.code for d in found] == [codes.SEVERAL_DOCUMENTS]


@pytest.mark.parametrize(("make", "reason"), [
    (lambda p: p, "directory"),
    (lambda p: p / "missing.yaml", "No such file"),
], ids=["directory", "missing"])
def test_load_answers_unreadable(tmp_path: Path, make: Callable[[Path], Path],
                                 reason: str) -> None:
    found = errors(load_answers, make(tmp_path), FILE)
    assert brief(found) == [(codes.FILE_UNREADABLE, None, ())]
    assert reason in found[0].message


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_load_answers_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text("a: 1\n")
    path.chmod(0)
    found = errors(load_answers, path, FILE)
    assert brief(found) == [(codes.FILE_UNREADABLE, None, ())]
    assert "Permission denied" in found[0].message


@pytest.mark.parametrize(("raw", "code"), [
    (b"\x00\x01\x02", codes.FILE_BINARY),
    ("café: 1".encode("latin-1"), codes.FILE_NOT_UTF8),
    (b"a: [\n", codes.YAML_SYNTAX),
    (b"# nothing\n", codes.FILE_EMPTY),
], ids=["binary", "latin1", "syntax", "empty"])
def test_load_answers_reports_later_stages_with_display_name(tmp_path: Path, raw: bytes,
                                                             code: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(raw)
    assert [d.code for d in errors(load_answers, path, FILE)] == [code]
