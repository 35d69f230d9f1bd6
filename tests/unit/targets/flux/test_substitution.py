"""fluxc.targets.flux.substitution: Flux's post-build variables, as `fluxc validate` reads them before Flux fills them.

`expand` is tested on reference text; `substitute` on documents parsed from inline YAML by `parse_single`, so
every path and span is the user's. Flux's own parser (fluxcd/pkg envsubst, a fork of drone/envsubst) is the
reference for what a reference means.
"""

from __future__ import annotations

import pytest

from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, JsonPath, Span
from fluxc.targets.flux.substitution import (
    DISABLE_ANNOTATION,
    Malformed,
    Substituted,
    expand,
    outside,
    said_defaulted,
    substitute,
)
from fluxc.yaml.load import parse_documents, parse_single

FILE = "apps/web.yaml"
HINT = "write `${VAR}`, `${VAR:=default}` or `${VAR:-default}`; write `$${VAR}` for a literal `${VAR}`"
PREFIX = "with its post-build variables at their defaults: "


def run(text: str) -> Substituted:
    document = parse_single(text, FILE)
    return substitute(document.data, document.source_map, document.file)


def spec(lines: str) -> str:
    """An object whose `spec:` is on line 4; `lines` start on line 5."""
    return "apiVersion: v1\nkind: Thing\nmetadata: {name: web}\nspec:\n" + lines


# --------------------------------------------------------------------------- expand

@pytest.mark.parametrize(("text", "expected"), [
    # no default: the value is open
    ("${A}", None),
    ("${A_1}", None),
    ("prefix-${A}-suffix", None),
    ("${A:=x}-${B}", None),  # one open reference opens the whole value
    # the operators that give a default
    ("${A:=d}", "d"),
    ("${A:-d}", "d"),
    ("${A=d}", "d"),
    ("${A:=}", ""),  # an empty default
    ("${A:=a:b}", "a:b"),
    ("${A:=x}}", "x}"),  # the text after the reference is kept, a stray `}` too
    ("a${A:=1}b${B:-2}c", "a1b2c"),
    # nested defaults: a default may itself be a reference
    ("${A:=${B:=x}}", "x"),
    ("${A=${B=c}d}", "cd"),
    ("${A:=pre-${B:=x}-post}", "pre-x-post"),
    ("${A:=${B}}", None),  # the inner reference has no default
    # `$$` is a literal `$`: `$${A}` is the text `${A}`, not a reference
    ("$${A}", "${A}"),
    ("${A:=a}$${B}", "a${B}"),
    ("$${A=${B:=foo}}", "${A=foo}"),  # as Flux's own test: the escape is undone, the inner reference expanded
    ("$$", "$"),
    ("a$$b", "a$b"),
    ("$$$", "$$"),
    # `$A` without braces is not substituted by Flux
    ("$A", "$A"),
    ("$A-${B:=x}", "$A-x"),
    # the operators that compute from the variable leave it unknown
    ("${A^}", None),
    ("${A^^}", None),
    ("${A,,}", None),
    ("${A:1:2}", None),
    ("${A/x/y}", None),
    ("${A%.*}", None),
    ("${A:?required}", None),
    ("${A:+set}", None),
    # text with no reference
    ("plain", "plain"),
    ("", ""),
    ("{braces}", "{braces}"),
    # a `$` at the end, alone or after a reference
    ("$", "$"),
    ("cost$", "cost$"),
    ("${A:=x}$", "x$"),
])
def test_expand(text: str, expected: str | None) -> None:
    assert expand(text) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("${A", "`${A` has no closing `}`"),
    ("x${A:=${B}", "`${A:=${B}` has no closing `}`"),
    ("${}", "`${}` names no variable"),
    ("${:=x}", "`${:=x}` names no variable"),
    ("${-}", "`${-}` names no variable"),
    ("${ A }", "`${ A }` names no variable"),
    ("${A:=${}}", "`${}` names no variable"),  # inside a default too
    ("${" + "X" * 50, "`${" + "X" * 38 + "...` has no closing `}`"),  # a long reference is cut at 40 characters
])
def test_expand_malformed(text: str, message: str) -> None:
    with pytest.raises(Malformed) as info:
        expand(text)
    assert str(info.value) == message


def test_a_malformed_reference_after_a_good_one_still_fails() -> None:
    with pytest.raises(Malformed, match="no closing"):
        expand("${A:=x} ${B")


def test_the_length_operator_leaves_the_value_open() -> None:
    assert expand("${#A}") is None


def test_a_bare_dash_is_no_default_for_flux() -> None:
    # Flux's parser wants `}` after a name unless `:`, `=`, `,`, `^`, `/`, `#` or `%` follows
    with pytest.raises(Malformed):
        expand("${A-d}")


# --------------------------------------------------------------------------- substitute: open values

def test_a_reference_without_default_leaves_its_value_open() -> None:
    result = run(spec("  name: ${NAME}\n  list:\n    - ${A}\n    - plain\n  nested:\n    deep: x-${OPEN}\n"))
    assert result.open == {("spec", "name"), ("spec", "list", 0), ("spec", "nested", "deep")}
    assert result.data["spec"] == {"name": "${NAME}", "list": ["${A}", "plain"], "nested": {"deep": "x-${OPEN}"}}
    assert result.defaulted == frozenset()
    assert result.problems == []


def test_a_key_holding_a_reference_is_open() -> None:
    result = run(spec("  labels:\n    ${KEY}: web\n    ${K2:=fixed}: x\n    tier: front\n"))
    # keys are never expanded, with or without a default
    assert result.open == {("spec", "labels", "${KEY}"), ("spec", "labels", "${K2:=fixed}")}
    assert result.data["spec"]["labels"] == {"${KEY}": "web", "${K2:=fixed}": "x", "tier": "front"}


def test_values_without_references_are_left_alone() -> None:
    text = spec("  replicas: 3\n  flag: true\n  none: null\n  name: web\n  cost: $$5\n  shell: $HOME\n")
    result = run(text)
    assert result == Substituted(parse_single(text, FILE).data, frozenset(), [], frozenset())
    assert result.data["spec"]["cost"] == "$$5"  # no `${` in it: not looked at


# --------------------------------------------------------------------------- substitute: defaults

def test_a_plain_default_is_read_again_as_yaml() -> None:
    result = run(spec("  replicas: ${N:=3}\n  flag: ${F:-true}\n  disabled: ${O=no}\n  hex: ${H:=0x1F}\n"
                      "  none: ${Z:=}\n  tilde: ${T:=~}\n  version: ${V:=1.2.3}\n  joined: 5${X:=0}\n"))
    assert result.data["spec"] == {"replicas": 3, "flag": True, "disabled": False, "hex": 31, "none": None, "tilde": None,
                                   "version": "1.2.3", "joined": 50}
    assert result.open == frozenset()
    assert result.defaulted == {("spec", key) for key in
                                ("replicas", "flag", "disabled", "hex", "none", "tilde", "version", "joined")}


def test_a_quoted_or_block_default_stays_a_string() -> None:
    result = run(spec("  replicas: \"${N:=3}\"\n  single: '${F:=true}'\n  block: |\n    ${N:=3}\n"))
    assert result.data["spec"] == {"replicas": "3", "single": "true", "block": "3\n"}
    assert result.defaulted == {("spec", "replicas"), ("spec", "single"), ("spec", "block")}


def test_replicas_plain_and_quoted() -> None:
    # the module docstring's example
    assert run(spec("  replicas: ${N:=3}\n")).data["spec"]["replicas"] == 3
    assert run(spec("  replicas: \"${N:=3}\"\n")).data["spec"]["replicas"] == "3"


def test_a_default_go_yaml_reads_as_something_json_cannot_hold_stays_text() -> None:
    result = run(spec("  nan: ${N:=.nan}\n  big: ${B:=99999999999999999999}\n"))
    assert result.data["spec"] == {"nan": ".nan", "big": "99999999999999999999"}
    assert result.defaulted == {("spec", "nan"), ("spec", "big")}


def test_defaults_in_list_items() -> None:
    result = run(spec("  args:\n    - --replicas=${N:=2}\n    - ${PORT:=8080}\n    - ${OPEN}\n"))
    assert result.data["spec"]["args"] == ["--replicas=2", 8080, "${OPEN}"]
    assert result.defaulted == {("spec", "args", 0), ("spec", "args", 1)}
    assert result.open == {("spec", "args", 2)}


def test_the_input_is_not_changed() -> None:
    document = parse_single(spec("  replicas: ${N:=3}\n"), FILE)
    substitute(document.data, document.source_map, document.file)
    assert document.data["spec"] == {"replicas": "${N:=3}"}


def test_an_escaped_reference_is_not_defaulted() -> None:
    result = run(spec("  literal: $${X}\n"))
    assert result.data["spec"]["literal"] == "${X}"
    assert result.defaulted == frozenset()


# --------------------------------------------------------------------------- substitute: malformed

def test_a_malformed_reference_is_flx510_at_its_value() -> None:
    result = run(spec("  good: ${A:=1}\n  bad: ${APP\n  empty: \"${}\"\n"))
    assert [(d.code, d.path, d.span, d.file, d.severity) for d in result.problems] == [
        (codes.BAD_VARIABLE, ("spec", "bad"), Span(6, 8), FILE, "error"),
        (codes.BAD_VARIABLE, ("spec", "empty"), Span(7, 10), FILE, "error"),
    ]
    assert [d.message for d in result.problems] == [
        "a malformed post-build variable: `${APP` has no closing `}`; Flux cannot substitute this object",
        "a malformed post-build variable: `${}` names no variable; Flux cannot substitute this object",
    ]
    assert {d.hint for d in result.problems} == {HINT}
    # the malformed values are left as written and open: nothing else is said about them
    assert result.data["spec"] == {"good": 1, "bad": "${APP", "empty": "${}"}
    assert result.open == {("spec", "bad"), ("spec", "empty")}
    assert result.defaulted == {("spec", "good")}


def test_a_malformed_reference_in_a_list_item() -> None:
    result = run(spec("  args:\n    - ok\n    - ${:=x}\n"))
    assert [(d.code, d.path, d.span) for d in result.problems] == [(codes.BAD_VARIABLE, ("spec", "args", 1),
                                                                    Span(7, 7))]


# --------------------------------------------------------------------------- substitute: what is left alone

DISABLED = ("apiVersion: v1\nkind: Thing\nmetadata:\n  name: web\n  annotations:\n"
            f"    {DISABLE_ANNOTATION}: disabled\nspec:\n  replicas: ${{N:=3}}\n  name: ${{NAME}}\n  bad: ${{APP\n")


def test_the_disable_annotation_leaves_the_object_as_it_is() -> None:
    document = parse_single(DISABLED, FILE)
    result = substitute(document.data, document.source_map, document.file)
    assert result == Substituted(document.data, frozenset(), [], frozenset())
    assert result.data is document.data


@pytest.mark.parametrize("value", ["enabled", "Disabled", "true"])
def test_another_annotation_value_does_not_disable(value: str) -> None:
    result = run(DISABLED.replace(": disabled", f": {value}"))
    assert result.open == {("spec", "name"), ("spec", "bad")}
    assert [d.code for d in result.problems] == [codes.BAD_VARIABLE]


def test_the_disable_label_leaves_the_object_as_it_is() -> None:
    result = run(DISABLED.replace("annotations:", "labels:"))
    assert result.problems == []
    assert result.open == frozenset()


@pytest.mark.parametrize("text", ["- ${A}\n- ${B:=1}\n", "${A:=1}\n", "3\n"], ids=["list", "string", "integer"])
def test_a_document_that_is_no_mapping_is_returned_as_it_is(text: str) -> None:
    document = parse_documents(text, FILE)[0]
    result = substitute(document.data, document.source_map, document.file)
    assert result == Substituted(document.data, frozenset(), [], frozenset())


# --------------------------------------------------------------------------- outside / said_defaulted

def diag(path: JsonPath, message: str = "problem") -> Diagnostic:
    return Diagnostic(codes.WRONG_TYPE, message, path, FILE, Span(1, 1))


def test_outside_drops_diagnostics_at_and_under_open_paths() -> None:
    found = [diag(()), diag(("spec",)), diag(("spec", "name")), diag(("spec", "name", "x")),
             diag(("spec", "list", 0)), diag(("spec", "list", 0, "port")), diag(("spec", "list", 1)),
             diag(("spec", "names")), diag(("metadata", "name"))]
    kept = outside(found, frozenset({("spec", "name"), ("spec", "list", 0)}))
    assert [d.path for d in kept] == [(), ("spec",), ("spec", "list", 1), ("spec", "names"), ("metadata", "name")]


def test_outside_with_the_root_open_drops_everything() -> None:
    assert outside([diag(()), diag(("a",))], frozenset({()})) == []


def test_outside_without_open_paths_keeps_the_list() -> None:
    found = [diag(("spec",))]
    assert outside(found, frozenset()) is found


def test_said_defaulted_prefixes_exactly_the_defaulted_paths() -> None:
    found = [diag(("spec", "replicas"), "expected an integer"), diag(("spec", "replicas", "x"), "under it"),
             diag(("spec",), "above it"), diag(("spec", "other"), "elsewhere")]
    said = said_defaulted(found, frozenset({("spec", "replicas")}))
    assert [d.message for d in said] == [PREFIX + "expected an integer", "under it", "above it", "elsewhere"]
    assert said[0]._replace(message="expected an integer") == found[0]  # only the message changes
    assert said_defaulted(found, frozenset()) == found


def test_substitute_outside_and_said_defaulted_together() -> None:
    # what `fluxc.validate.documents` does with a schema's findings
    result = run(spec("  replicas: ${N:=three}\n  name: ${NAME}\n"))
    findings = [diag(("spec", "replicas"), "expected an integer, got a string"),
                           diag(("spec", "name"), "too long")]
    said = said_defaulted(outside(findings, result.open), result.defaulted)
    assert [(d.path, d.message) for d in said] == [
        (("spec", "replicas"), PREFIX + "expected an integer, got a string")]
