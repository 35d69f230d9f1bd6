"""fluxc.yaml.render must print manifests byte for byte as `flux create ... --export` does.

The expected texts below were checked against Go's own output: sigs.k8s.io/yaml with
its go-yaml v2 fork, the stack flux prints with, as reached through `kubectl ... -o yaml`.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from fluxc.yaml import render
from fluxc.yaml.load import parse_documents
from fluxc.yaml.render import render_document, render_in_order
from helpers.paths import SHARED, shared_dir

GOLDEN_DIR = SHARED / "flux-export"


def _golden_files() -> list[Any]:
    if not GOLDEN_DIR.is_dir():  # collection cannot skip: the test itself asks shared_dir, which skips or fails
        return [pytest.param(None, id="flux-export-missing")]
    return [pytest.param(p, id=p.name) for p in sorted(GOLDEN_DIR.iterdir()) if p.name != "README.md"]


@pytest.mark.parametrize("path", _golden_files())
def test_matches_flux_golden_file(path: Path | None) -> None:
    if path is None:
        shared_dir("flux-export")  # skips outside CI, fails in CI
        return
    text = path.read_text(encoding="utf-8").replace("{{ .fluxns }}", "flux-system")
    assert render_document(yaml.safe_load(text)) == text


def _value(s: Any) -> str:
    """How `s` is printed as the value of a top-level key."""
    out = render_document({"k": s})
    assert out.startswith("---\nk: ") and out.endswith("\n")
    return out[len("---\nk: ") : -1]


QUOTING = [
    # YAML 1.1 bools/nulls/numbers/timestamps are double-quoted, as go-yaml does.
    ("no", '"no"'), ("on", '"on"'), ("off", '"off"'), ("yes", '"yes"'), ("y", '"y"'),
    ("Y", '"Y"'), ("n", '"n"'), ("N", '"N"'), ("true", '"true"'), ("True", '"True"'),
    ("FALSE", '"FALSE"'), ("~", '"~"'), ("null", '"null"'), ("Null", '"Null"'),
    ("NULL", '"NULL"'), ("", '""'), ("1.10", '"1.10"'), ("0755", '"0755"'),
    ("1e3", '"1e3"'), ("1E3", '"1E3"'), ("1e+06", '"1e+06"'), ("123", '"123"'),
    ("-1", '"-1"'), ("+1", '"+1"'), ("1.", '"1."'), (".5", '".5"'), ("00", '"00"'),
    ("08", '"08"'), ("1_000", '"1_000"'), ("0x1F", '"0x1F"'), ("0o17", '"0o17"'),
    ("0b101", '"0b101"'), (".inf", '".inf"'), ("-.Inf", '"-.Inf"'), (".nan", '".nan"'),
    ("2024-01-01", '"2024-01-01"'), ("2024-1-1", '"2024-1-1"'),
    ("2001-12-14t21:59:43.10-05:00", '"2001-12-14t21:59:43.10-05:00"'),
    ("1:30", '"1:30"'), ("190:20:30", '"190:20:30"'),
    # Not plain-safe: PyYAML's/libyaml's default choice, single quotes.
    ("*", "'*'"), ("*.yaml", "'*.yaml'"), ("&a", "'&a'"), ("!x", "'!x'"), ("-", "'-'"),
    ("- a", "'- a'"), ("? x", "'? x'"), (": x", "': x'"), ("a: b", "'a: b'"),
    ("a #b", "'a #b'"), ("#x", "'#x'"), ("@x", "'@x'"), ("`x", "'`x'"), ("%x", "'%x'"),
    ("|", "'|'"), ("[a]", "'[a]'"), ("{a}", "'{a}'"), (" a", "' a'"), ("a ", "'a '"),
    ("'q'", "'''q'''"), ('"q"', "'\"q\"'"), (">=1.0.0 <2.0.0", "'>=1.0.0 <2.0.0'"),
    # Only PyYAML reads these as non-strings (go-yaml prints them plain): quoted so that
    # yaml.safe_load can read fluxc's output back.
    ("=", "'='"), ("<<", "'<<'"), ("2024-13-01", "'2024-13-01'"),
    # Plain.
    ("a,b", "a,b"), ("v1.01", "v1.01"), ("6.3.5", "6.3.5"), ("1.0.0", "1.0.0"),
    ("c88a2f41", "c88a2f41"), ("1e", "1e"), ("e3", "e3"), ("0x", "0x"), ("yes!", "yes!"),
    ("~x", "~x"), ("nil", "nil"), ("None", "None"), ("a b", "a b"), ("\\d+", "\\d+"),
    ("refs/heads/main", "refs/heads/main"),
    ("https://github.com/stefanprodan/podinfo", "https://github.com/stefanprodan/podinfo"),
    ("application/vnd.cncf.helm.chart.content.v1.tar+gzip:copy",
     "application/vnd.cncf.helm.chart.content.v1.tar+gzip:copy"),
    # Unicode is written as is, except what libyaml deems non-printable.
    ("é", "é"), ("日本語", "日本語"), ("\xa0x", "\xa0x"), ("\U0001F600", '"\\U0001F600"'),
    ("\ufeff", '"\\uFEFF"'), ("tab\there", '"tab\\there"'),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), QUOTING, ids=[repr(t) for t, _ in QUOTING])
def test_string_value_style(text: str, expected: str) -> None:
    assert _value(text) == expected
    assert yaml.safe_load(render_document({"k": text})) == {"k": text}


@pytest.mark.parametrize(("text", "expected"), QUOTING, ids=[repr(t) for t, _ in QUOTING])
def test_string_key_style(text: str, expected: str) -> None:
    out = render_document({"m": {text: 1}})  # nested: flux's TrimSpace would eat a leading U+00A0
    assert out == f"---\nm:\n  {expected}: 1\n"
    assert yaml.safe_load(out) == {"m": {text: 1}}


BLOCKS = [
    ("a\nb", "|-\n  a\n  b"),
    ("a\nb\n", "|\n  a\n  b"),
    ("a\n\nb", "|-\n  a\n\n  b"),
    (" lead\nx", "|2-\n   lead\n  x"),
    ("\nfirst", "|2-\n\n  first"),
    ("a\n\n", "|+\n  a\n"),
    ("trailing \nspace", '"trailing \\nspace"'),  # libyaml: no block with trailing space
    ("tab\t\nx", '"tab\\t\\nx"'),
]


@pytest.mark.parametrize(("text", "expected"), BLOCKS, ids=[repr(t) for t, _ in BLOCKS])
def test_multiline_strings(text: str, expected: str) -> None:
    out = render_document({"k": text, "z": 1})  # not last: flux's TrimSpace doesn't reach it
    assert out == f"---\nk: {expected}\nz: 1\n"
    assert yaml.safe_load(out) == {"k": text, "z": 1}


# What Go's strings.TrimSpace strips (unicode.IsSpace), written out independently of render.py.
GO_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
           "\u2028\u2029\u202f\u205f\u3000"
EDGE_SPACES = [c for c in GO_SPACE if c != "\x85"]  # NEL is refused outright


@pytest.mark.parametrize("space", EDGE_SPACES, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("shape", ["end{}", "end{}{}", "a\nb{}", "{}", "a\n{}\n", "a\n\n{}"])
def test_the_last_scalar_survives_flux_trimspace(space: str, shape: str) -> None:
    # flux prints strings.TrimSpace(yaml), which would eat trailing whitespace of a document's
    # last scalar (a `|+` block's blank lines, a final U+00A0): that scalar is double-quoted.
    value = shape.format(space, space)
    for obj in ({"k": value}, {"a": 1, "z": {"y": [1, value]}}):
        out = render_document(obj)
        assert out == "---\n" + out[4:].strip(GO_SPACE) + "\n"  # TrimSpace finds nothing to eat
        assert yaml.safe_load(out) == obj


@pytest.mark.parametrize("space", EDGE_SPACES, ids=lambda c: f"U+{ord(c):04X}")
def test_the_first_key_survives_flux_trimspace(space: str) -> None:
    obj = {f"{space}x": 1, "b": 2}
    out = render_document(obj)
    assert out == "---\n" + out[4:].strip(GO_SPACE) + "\n"
    assert yaml.safe_load(out) == obj


def test_only_what_trimspace_would_change_leaves_flux_bytes() -> None:
    assert render_document({"k": "a\n\n"}) == '---\nk: "a\\n\\n"\n'
    assert render_document({"k": "end\xa0"}) == '---\nk: "end\xa0"\n'
    assert render_document({"k": "a\nb\n"}) == "---\nk: |\n  a\n  b\n"  # clip keeps one break: unchanged
    assert render_document({"k": "a\n\n", "z": 1}) == "---\nk: |+\n  a\n\nz: 1\n"  # not last: a block


def test_nested_list_of_maps_is_not_indented() -> None:
    obj = {"verify": {"matchOIDCIdentity": [{"issuer": "github", "subject": ""}], "provider": "cosign"}}
    assert render_document(obj) == (
        "---\nverify:\n  matchOIDCIdentity:\n  - issuer: github\n    subject: \"\"\n  provider: cosign\n"
    )
    assert render_document({"a": [[1, 2], [], {}], "b": ("x",)}) == "---\na:\n- - 1\n  - 2\n- []\n- {}\nb:\n- x\n"


def test_shared_objects_never_become_aliases() -> None:
    shared = {"name": "creds"}
    out = render_document({"a": shared, "b": shared, "c": [shared, shared]})
    assert "&" not in out and "*" not in out
    assert out == "---\na:\n  name: creds\nb:\n  name: creds\nc:\n- name: creds\n- name: creds\n"


def test_empty_collections_are_flow() -> None:
    assert render_document({"a": {}, "b": []}) == "---\na: {}\nb: []\n"


def test_long_plain_string_folds_at_80_columns() -> None:
    words = " ".join(["lorem"] * 20)
    out = render_document({"description": words})
    lines = out.splitlines()
    # libyaml breaks at the first space past column 80, so a line may run a word over
    assert lines[1] == "description: " + " ".join(["lorem"] * 12)
    assert lines[2] == "  " + " ".join(["lorem"] * 8)
    assert yaml.safe_load(out) == {"description": words}
    unbreakable = "x" * 200
    assert render_document({"k": unbreakable}) == f"---\nk: {unbreakable}\n"


def test_keys_sorted_in_go_yaml_order() -> None:
    # go-yaml v2 sorts map keys "naturally": non-letters before letters, digit runs by value.
    obj = {k: 1 for k in ["spec", "key10", "apiVersion", "key9", "aB", "a_b", "A_", "kind", "b", "metadata"]}
    keys = [line.split(":")[0] for line in render_document(obj).splitlines()[1:]]
    assert keys == ["A_", "a_b", "aB", "apiVersion", "b", "key9", "key10", "kind", "metadata", "spec"]
    nested = render_document({"spec": {"url": "u", "interval": "1m0s", "ref": {"tag": "t", "branch": "b"}}})
    assert nested == "---\nspec:\n  interval: 1m0s\n  ref:\n    branch: b\n    tag: t\n  url: u\n"


SCALARS = [
    (True, "true"), (False, "false"), (0, "0"), (-5, "-5"), (2**62, "4611686018427387904"),
    # floats go through Go's JSON and come back as go-yaml prints them
    (1.0, "1"), (1.5, "1.5"), (-2.5, "-2.5"), (0.1, "0.1"), (-0.0, "0"), (0.0001, "0.0001"),
    # go-yaml writes 1e-05, which YAML 1.1 readers (PyYAML) take for a string: the exponent form always
    # has a point. From 2^63 up, go-yaml writes integral floats as a uint64, which fluxc refuses to read.
    (1e-05, "1.0e-05"), (1.5e-07, "1.5e-07"), (123456.7, "123456.7"), (999999.5, "999999.5"),
    (1000000.5, "1.0000005e+06"), (1234567.0, "1234567"), (6.447867763156285e17, "644786776315628500"),
    (2.0**63 - 1024, "9223372036854775000"), (2.0**63, "9.223372036854776e+18"), (1e19, "1.0e+19"),
    (1e20, "1.0e+20"), (1e21, "1.0e+21"), (2.0**64, "1.8446744073709552e+19"), (5e-324, "5.0e-324"),
    (-1e-300, "-1.0e-300"), (1.7976931348623157e308, "1.7976931348623157e+308"),
    (2**63 - 1, "9223372036854775807"), (-(2**63), "-9223372036854775808"),
]  # fmt: skip


@pytest.mark.parametrize(("value", "expected"), SCALARS, ids=[repr(v) for v, _ in SCALARS])
def test_non_string_scalars(value: Any, expected: str) -> None:
    assert _value(value) == expected
    # go-yaml, fluxc and PyYAML all read the same number back
    # go-yaml, fluxc and PyYAML all read the same float64 back (Go's JSON pads shortest digits with zeros:
    # 644786776315628500 is 6.447867763156285e17's text, so compare as float64)
    for back in (parse_documents(render_document({"k": value}), "out.yaml")[0].data["k"],
                 yaml.safe_load(render_document({"k": value}))["k"]):
        assert type(back) is type(value) or not isinstance(value, bool) and isinstance(back, (int, float))
        assert float(back) == float(value) and (not isinstance(value, int) or back == value)


# Spellings fluxc's reader (go-yaml's) takes for another type, or refuses: as strings, each must be quoted.
LOOKALIKES = [
    "1e3", "12e03", "+.5", "-.5", "0o17", "0O17", "08", "018", "0x1F", "0X1F", "1_000", "0b-1", "0b+1", "0_x1F",
    "-0b101", "1_e3", ".5e3", "1.e5", "-.5_5", "1e-400", "9223372036854775808", "-9223372036854775809",
    "1" * 5000, "1e400", ".5e400", ".nan", "-.Inf", "+.INF", "y", "N", "off", "~", "Null", "", "-0", "+0",
]


@pytest.mark.parametrize("text", LOOKALIKES, ids=lambda t: repr(t[:20]))
def test_lookalike_strings_read_back_as_the_same_strings(text: str) -> None:
    for obj in ({"k": text, "z": 1}, {"m": {text: "v"}}):
        out = render_document(obj)
        assert parse_documents(out, "out.yaml")[0].data == obj
        assert yaml.safe_load(out) == obj


@pytest.mark.parametrize(
    ("obj", "message"),
    [
        pytest.param({"spec": {1: "a"}}, r"^spec: map key 1 is not a string", id="int-key"),
        pytest.param({"a": {"b": float("nan")}}, r"^a\.b: nan", id="nan"),
        pytest.param({"a": b"x"}, r"^a: cannot render bytes", id="bytes"),
        pytest.param({"a": "\x7f"}, r"^a: the string holds U\+007F", id="control-char"),
        pytest.param({"a\x85": 1}, r"^<root>: the string holds U\+0085", id="nel-key"),
        pytest.param({"a": {"b": "x\x85"}}, r"^a\.b: the string holds U\+0085", id="nel-value"),
        pytest.param({"a": [2**63]}, r"^a\[0\]: the integer 9223372036854775808 is beyond 64 bits", id="big-int"),
        pytest.param({"a": -(2**63) - 1}, r"^a: the integer", id="small-int"),
    ],
)
def test_errors_name_the_path(obj: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        render_document(obj)


def test_null_in_user_values_is_written_as_null() -> None:
    # Helm values use null to delete a chart default; it must survive as `null`.
    assert render_document({"values": {"x": [1, None], "y": None}}) == (
        '---\nvalues:\n  x:\n  - 1\n  - null\n  "y": null\n')  # `y` is a YAML 1.1 boolean: quoted


def test_nel_is_refused_not_folded() -> None:
    # json.Marshal leaves U+0085 raw and go-yaml reads it back as a line break: flux would change the
    # value. The loader refuses it in input (FLX016), so reaching render is a fluxc bug.
    with pytest.raises(ValueError, match=r"U\+0085"):
        render_document({"k": "a \x85 b"})


def test_render_is_fast() -> None:
    obj = {"apiVersion": "v1", "kind": "K", "metadata": {"name": "n", "namespace": "ns"}}
    obj["spec"] = {f"field{i}": f"value-{i}" for i in range(20)}
    render_document(obj)
    best = min(_timed(obj) for _ in range(5))
    assert best < 0.001, f"render_document took {best * 1e6:.0f} µs"


def _timed(obj: Any, n: int = 50) -> float:
    start = time.perf_counter()
    for _ in range(n):
        render_document(obj)
    return (time.perf_counter() - start) / n


def test_render_in_order_keeps_the_order_given_at_every_level() -> None:
    obj = {"zeta": "1.10", "alpha": {"b": [True, "no", {"y": 1, "x": None}], "a": "on"}, "mid": 1.5e20}
    text = render_in_order(obj)
    assert text == ('zeta: "1.10"\nalpha:\n  b:\n  - true\n  - "no"\n  - "y": 1\n    x: null\n  a: "on"\n'
                    "mid: 1.5e+20\n")
    assert yaml.safe_load(text) == obj and list(yaml.safe_load(text)) == list(obj)


def test_render_in_order_quotes_scalars_as_render_document_does() -> None:
    for value in ["no", "1.10", "2024-01-01", "", "=", "a: b", " lead", "x\ny", "08", "1e400"]:
        ordered = render_in_order({"k": value})
        assert ordered == render_document({"k": value}).removeprefix("---\n")
        assert parse_documents(ordered, "f")[0].data == {"k": value}


@pytest.mark.parametrize("bad", [{1: "x"}, {"k": "a\x85b"}, {"k": float("nan")}, {"k": {"n": 2**64}}])
def test_render_in_order_refuses_what_render_document_refuses(bad: dict[Any, Any]) -> None:
    with pytest.raises(ValueError):
        render_in_order(bad)


# --------------------------------------------------------------------------- the emitter's resolver calls

class _WithPathResolvers(render._Dumper):  # PyYAML's own descend/ascend_resolver, which render's dumper replaces
    descend_resolver = yaml.resolver.BaseResolver.descend_resolver
    ascend_resolver = yaml.resolver.BaseResolver.ascend_resolver


class _PurePython(yaml.SafeDumper):  # the emitter render falls back to without libyaml
    resolve = render._Dumper.resolve
    descend_resolver = render._Dumper.descend_resolver
    ascend_resolver = render._Dumper.ascend_resolver


class _PurePythonWithPathResolvers(yaml.SafeDumper):
    resolve = render._Dumper.resolve


@pytest.mark.parametrize("obj", [
    {"apiVersion": "v1", "kind": "K", "metadata": {"name": "n", "labels": {"a.b/c": "d"}}, "spec": {"x": [1, 2.5]}},
    {"k": ["", [], {}, None, True, "no", "1.10", "a: b", " lead", "trail ", "x\ny", "x\n\n", "é", "\u00a0"]},
    {"long": "word " * 40, "quoted": "'single' and \"double\"", "=": "<<", "*": "&a", "- x": "? y"},
    {"nested": [[{"a": [{"b": {}}]}], {"c": ["d", ["e"]]}]},
    {"k" * 124: {"k" * 127: ["v"], "k" * 129: "v"}},  # near the 128-character limit of a simple key
], ids=["object", "lookalikes", "long-and-special", "nested", "long-keys"])
def test_the_dumpers_do_nothing_path_resolver_calls_change_no_byte(obj: Any) -> None:
    # render's dumper answers the emitter's descend/ascend_resolver calls with C callables that do nothing;
    # the text must be PyYAML's own, with libyaml and without it
    tree = render._tree(obj)
    ours = yaml.serialize(tree, Dumper=render._Dumper, allow_unicode=True)
    assert "!!" not in ours
    assert ours == yaml.serialize(tree, Dumper=_WithPathResolvers, allow_unicode=True)
    assert yaml.serialize(tree, Dumper=_PurePython, allow_unicode=True) == yaml.serialize(
        tree, Dumper=_PurePythonWithPathResolvers, allow_unicode=True)
