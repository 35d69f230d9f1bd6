"""fluxc.crds.cel: the CRDs' CEL rules evaluated with cel-python, as the API server evaluates them."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from typing import Any

import jsonschema
import pytest
import yaml

import fluxc.crds.cel
from fluxc.checks.schemas import strict_validator
from fluxc.crds.cel import CelRule, JsonPath, evaluate
from fluxc.crds.load import GVK, ConvertedCRD, convert_crd, load_crds
from helpers.crd_cases import (
    BASES,
    CASES,
    DELETE,
    HAND_CODED_CASES,
    IMAGE,
    NOTIFY,
    NOTIFY_BETA,
    OCI_REPOSITORY_PATH,
    OPERATOR,
    SPEC,
    SRC,
    SUBSTRING_RULE,
    crd_dir,
    is_hand_coded,
    mutate,
    synthetic_crd,
)

# Transition rules (reading oldSelf) never run on create, so no document can make them fail: fluxc.crds.cel skips them.
TRANSITION_RULES = {((OPERATOR, "FluxInstance"), "self == oldSelf")}
# Rules cel-python cannot evaluate (helpers.crd_cases.XFAIL_SUBSTRING): their cases are xfail (strict) until it can.
CEL_PYTHON_GAPS = {((OPERATOR, "ResourceSetInputProvider"), SUBSTRING_RULE)}


@pytest.fixture(autouse=True)
def _own_compile_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """fluxc.crds.cel remembers, for the rest of the process, a rule that called a function celpy lacks as one that
    does not compile (SUBSTRING_RULE does): each test starts without that memory, so no case decides another's."""
    monkeypatch.setattr(fluxc.crds.cel, "_COMPILED", {})


@pytest.fixture(scope="module")
def collected() -> ConvertedCRD:
    return load_crds([crd_dir()], cel="collect")


@pytest.fixture(scope="module")
def translated() -> ConvertedCRD:
    return load_crds([crd_dir()])


def gvk_of(d: dict[str, Any]) -> GVK:
    return d["apiVersion"], d["kind"]


def failures(converted: ConvertedCRD, d: dict[str, Any]) -> list[tuple[JsonPath, str]]:
    return evaluate(converted.rules[gvk_of(d)], d)


@pytest.mark.parametrize("d", BASES, ids=lambda d: d["kind"])
def test_the_cases_start_from_documents_the_schemas_accept(collected: ConvertedCRD, d: dict[str, Any]) -> None:
    assert [e.message for e in strict_validator(collected.schemas[gvk_of(d)]).iter_errors(d)] == []


@pytest.mark.parametrize(("d", "expected"), CASES)
def test_official_rules(collected: ConvertedCRD, d: dict[str, Any], expected: list[tuple[JsonPath, str]]) -> None:
    assert failures(collected, d) == expected


def _hand_coded_failures(converted: ConvertedCRD, d: dict[str, Any]) -> list[tuple[JsonPath, str]]:
    validator = jsonschema.Draft202012Validator(converted.schemas[gvk_of(d)])
    return [(tuple(e.absolute_path), e.schema["x-fluxc-rule-message"]) for e in validator.iter_errors(d)
            if isinstance(e.schema, dict) and "x-fluxc-rule-message" in e.schema]


@pytest.mark.parametrize(("d", "expected"), HAND_CODED_CASES)
def test_hand_coded_fragments_agree_with_cel(collected: ConvertedCRD, translated: ConvertedCRD,
                                             d: dict[str, Any], expected: list[tuple[JsonPath, str]]) -> None:
    assert sorted(_hand_coded_failures(translated, d)) == sorted(failures(collected, d)) == sorted(expected)


def test_the_agreement_covers_every_hand_coded_kind_and_no_rule_is_dropped(collected: ConvertedCRD,
                                                                           translated: ConvertedCRD) -> None:
    """Translate mode hand-codes only the rules of helpers.crd_cases.HAND_CODED_GROUPS (the kinds fluxc emits and
    bundles schemas for, plus Bucket and HelmChart): the agreement proof above runs on exactly those kinds. Every
    rule of the other kinds is reported in untranslated_rules, none silently dropped, and none gets a fragment."""
    with_rules = {gvk for gvk, rules in collected.rules.items() if rules}
    assert {gvk_of(case.values[0]) for case in HAND_CODED_CASES} == {gvk for gvk in with_rules if is_hand_coded(gvk)}
    assert {gvk_of(case.values[0]) for case in CASES} == with_rules
    reported: Counter[tuple[GVK, str]] = Counter()
    for line in translated.untranslated_rules:
        api_version, kind, where = line.split(" ", 2)
        reported[(api_version, kind), where.partition(": ")[2]] += 1
    assert reported == Counter((gvk, rule.rule) for gvk, rules in collected.rules.items() if not is_hand_coded(gvk)
                               for rule in rules)
    for gvk, schema in translated.schemas.items():
        assert ("x-fluxc-rule" in json.dumps(schema)) is (is_hand_coded(gvk) and gvk in with_rules), gvk


def test_every_official_rule_is_exercised(collected: ConvertedCRD, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each rule of every official CRD holds on some case and fails, with its own message, on another: the cases
    prove cel-python's evaluation of all of them, and the agreement proof covers all the hand-coded ones."""
    held: set[tuple[GVK, str]] = set()
    failed: set[tuple[GVK, str]] = set()
    for case in CASES:
        d: Any = case.values[0]
        monkeypatch.setattr(fluxc.crds.cel, "_COMPILED", {})  # one case's verdicts never decide another's
        for rule in collected.rules[gvk_of(d)]:
            found = evaluate([rule], d)
            if not found:
                held.add((gvk_of(d), rule.rule))
            elif {message for _, message in found} == {rule.message}:
                failed.add((gvk_of(d), rule.rule))
    every = {(gvk, rule.rule) for gvk, rules in collected.rules.items() for rule in rules}
    assert len(every) == 53 and every >= TRANSITION_RULES | CEL_PYTHON_GAPS
    assert held == every
    assert failed == every - TRANSITION_RULES - CEL_PYTHON_GAPS
    # the gaps are exercised too, by xfail cases that expect the upstream message
    assert any(case.marks and OCI_REPOSITORY_PATH in {m for _, m in case.values[1]} for case in CASES)


def test_typed_locations_collected(widget_rules: tuple[CelRule, ...]) -> None:
    timing = next(r for r in widget_rules if r.location == ("spec", "timing"))
    assert timing.typed == ((("spec", "timing", "timeout"), "duration"), (("spec", "timing", "since"), "timestamp"),
                            (("spec", "timing", "day"), "timestamp"), (("spec", "timing", "data"), "bytes"))
    spec = next(r for r in widget_rules if r.location == ("spec",))
    assert (("spec", "weights", None), "double") in spec.typed and (("spec", "ratio"), "double") in spec.typed


def test_collect_mode_lists_every_rule_with_its_location(collected: ConvertedCRD) -> None:
    locations = {(gvk[1], rule.location) for gvk, rules in collected.rules.items() for rule in rules}
    assert locations == {("HelmRelease", ("spec",)), ("HelmRelease", ("spec", "install", "strategy")),
                         ("HelmRelease", ("spec", "upgrade", "strategy")), ("HelmRelease", ("spec", "kubeConfig")),
                         ("Kustomization", ("spec", "kubeConfig")), ("GitRepository", ("spec",)),
                         ("HelmChart", ("spec",)), ("Bucket", ("spec",)),
                         ("Provider", ("spec",)), ("Receiver", ("spec",)), ("ImagePolicy", ("spec",)),
                         ("FluxInstance", ()), ("FluxInstance", ("spec",)), ("FluxInstance", ("spec", "cluster")),
                         ("FluxInstance", ("spec", "sync")), ("FluxInstance", ("spec", "sync", "name")),
                         ("ResourceSet", ("spec",)), ("ResourceSet", ("spec", "inputStrategy")),
                         ("ResourceSet", ("spec", "inputsFrom", None)), ("ResourceSet", ("spec", "steps")),
                         ("ResourceSet", ("spec", "steps", None)), ("ResourceSetInputProvider", ("spec",)),
                         ("ResourceSetInputProvider", ("spec", "selectors", None))}
    without_rules = {gvk for gvk, rules in collected.rules.items() if not rules}
    assert without_rules == {(SRC, "HelmRepository"), (SRC, "OCIRepository"), (NOTIFY_BETA, "Alert"),
                             (IMAGE, "ImageRepository"), (IMAGE, "ImageUpdateAutomation")}
    bucket = collected.rules[(SRC, "Bucket")][0]
    assert ((("spec", "provider"), '"generic"')) in bucket.defaults
    receiver = collected.rules[(NOTIFY, "Receiver")][0]
    assert receiver.defaults == ((("spec", "interval"), '"10m"'),)


# Synthetic CRDs: what the Flux CRDs do not have.
SYNTHETIC = synthetic_crd("Widget", "widgets", """\
spec:
  type: object
  x-kubernetes-validations:
  - {rule: "self.mode != 'slow' || has(self.limit)", message: a slow widget needs a limit}
  - {rule: "!has(self.opt)"}
  - {rule: "self == oldSelf", message: spec is immutable}
  - {rule: "self.mode != 'oldSelf'", message: a string is not a transition rule}
  properties:
    mode: {type: string, default: slow}
    limit: {type: integer}
    opt: {type: string}
    settings:
      type: object
      default: {}
      properties:
        level: {type: integer, default: 3}
      x-kubernetes-validations:
      - {rule: "self.level < 5", message: level must be below 5}
    ports:
      type: array
      items:
        type: object
        properties:
          port: {type: integer}
          name: {type: string}
        x-kubernetes-validations:
        - {rule: "self.port > 0", message: port must be positive}
        - {rule: "self.name.startsWith('p')", message: name must start with p}
    labels:
      type: object
      additionalProperties:
        type: string
        x-kubernetes-validations:
        - {rule: "self.size() <= 3", message: at most 3 characters}
    ratio:
      type: number
      x-kubernetes-validations:
      - {rule: "self <= 1.0", message: ratio at most 1}
    weights:
      type: array
      items: {type: number}
      x-kubernetes-validations:
      - {rule: "self.all(w, w >= 0.5)", message: weights at least 0.5}
    timing:
      type: object
      x-kubernetes-validations:
      - {rule: "!has(self.timeout) || self.timeout <= duration('1h')", message: timeout at most 1h}
      - {rule: "!has(self.since) || self.since > timestamp('2020-01-01T00:00:00Z')", message: since 2020}
      - {rule: "!has(self.day) || self.day.getFullYear() >= 2020", message: day since 2020}
      - {rule: "!has(self.data) || self.data.size() == 3", message: data of 3 bytes}
      properties:
        timeout: {type: string, format: duration}
        since: {type: string, format: date-time}
        day: {type: string, format: date}
        data: {type: string, format: byte}
    nested:
      type: object
      properties:
        inner:
          type: object
          x-kubernetes-validations:
          - {rule: "has(self.a)", message: inner needs a}
          properties:
            a: {type: string}
status:
  type: object
  x-kubernetes-validations:
  - {rule: "self.x ==", message: broken}
  - {rule: "self.isSorted()", message: unknown function}
  properties:
    x: {type: integer}
""")
WIDGET = {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w", "namespace": "n"},
          "spec": {"limit": 1}}
WIDGET_GVK = ("example.com/v1", "Widget")


@pytest.fixture(scope="module")
def widget_rules() -> tuple[CelRule, ...]:
    return convert_crd(yaml.safe_load(SYNTHETIC), cel="collect").rules[WIDGET_GVK]


@pytest.mark.parametrize(("changes", "expected"), [
    pytest.param([], [], id="valid"),
    pytest.param([("spec.limit", DELETE)], [(SPEC, "a slow widget needs a limit")], id="default-applied"),
    pytest.param([("spec.limit", DELETE), ("spec.mode", None)], [(SPEC, "a slow widget needs a limit")],
                 id="null-then-default"),
    pytest.param([("spec.limit", DELETE), ("spec.mode", "fast")], [], id="default-overridden"),
    pytest.param([("spec.opt", "x")], [(SPEC, "failed rule: !has(self.opt)")], id="no-message"),
    pytest.param([("spec.opt", None)], [], id="null-field-pruned"),
    pytest.param([("spec.settings", {"level": 7})], [(("spec", "settings"), "level must be below 5")],
                 id="nested-rule"),
    pytest.param([("spec.settings", None)], [], id="null-object-defaulted"),
    pytest.param([("spec.ports", [{"port": 1, "name": "p1"}, {"port": 0, "name": "p2"}, {"port": 2, "name": "q"}])],
                 [(("spec", "ports", 1), "port must be positive"), (("spec", "ports", 2), "name must start with p")],
                 id="list-items"),
    pytest.param([("spec.ports", [{"port": 1}])], [(("spec", "ports", 0), "name must start with p")],
                 id="list-item-runtime-error"),
    pytest.param([("spec.ports", [None, {"port": 1, "name": "p"}])], [], id="null-list-item-skipped"),
    pytest.param([("spec.labels", {"a": "abc", "b": "abcd"})], [(("spec", "labels", "b"), "at most 3 characters")],
                 id="map-values"),
    pytest.param([("spec.nested", {})], [], id="absent-node-skipped"),
    pytest.param([("spec.nested", {"inner": None})], [], id="null-node-skipped"),
    pytest.param([("spec.nested", {"inner": {}})], [(("spec", "nested", "inner"), "inner needs a")],
                 id="present-node-checked"),
    pytest.param([("spec.nested", {"inner": {"a": None}})], [(("spec", "nested", "inner"), "inner needs a")],
                 id="has-false-for-null"),
    pytest.param([("spec", DELETE)], [], id="no-spec"),
    pytest.param([("spec.ratio", 1)], [], id="number-is-double"),
    pytest.param([("spec.ratio", 2)], [(("spec", "ratio"), "ratio at most 1")], id="number-is-double-fails"),
    pytest.param([("spec.weights", [1, 0.5])], [], id="number-items-are-doubles"),
    pytest.param([("spec.weights", [1, 0])], [(("spec", "weights"), "weights at least 0.5")],
                 id="number-items-fail"),
    pytest.param([("spec.timing", {"timeout": "59m30s", "since": "2024-05-01T10:00:00Z", "day": "2021-02-03",
                                   "data": "YWJj"})], [], id="formats-typed"),
    pytest.param([("spec.timing", {"timeout": "1h0m1s", "since": "2019-05-01T10:00:00+02:00", "day": "2019-02-03",
                                   "data": "YWJjZA=="})],
                 [(("spec", "timing"), m) for m in ("timeout at most 1h", "since 2020", "day since 2020",
                                                    "data of 3 bytes")], id="formats-typed-fail"),
    pytest.param([("spec.timing", {"timeout": "soon"})], [(("spec", "timing"), "timeout at most 1h")],
                 id="bad-format-stays-a-string"),
])
def test_synthetic_rules(widget_rules: tuple[CelRule, ...], changes: list[tuple[str, Any]],
                         expected: list[tuple[JsonPath, str]]) -> None:
    assert evaluate(widget_rules, mutate(WIDGET, *changes)) == expected


def test_a_node_created_by_a_default_is_checked() -> None:
    rules = [CelRule(("spec", "settings"), "self.level > 3", "level above 3",
                     ((("spec", "settings"), "{}"), (("spec", "settings", "level"), "3")))]
    assert evaluate(rules, {"spec": {}}) == [(("spec", "settings"), "level above 3")]
    assert evaluate(rules, {"spec": {"settings": {"level": 4}}}) == []
    assert evaluate(rules, {}) == []  # no spec: nothing to default into


def test_document_is_not_modified(widget_rules: tuple[CelRule, ...]) -> None:
    d = mutate(WIDGET, ("spec.mode", None), ("spec.settings", None))
    before = json.dumps(d)
    evaluate(widget_rules, d)
    assert json.dumps(d) == before


def test_rules_that_cannot_run_are_reported_not_raised(widget_rules: tuple[CelRule, ...]) -> None:
    found = evaluate(widget_rules, mutate(WIDGET, ("status", {"x": 1})))
    assert found == [(("status",), "rule does not compile: syntax error at line 1, column 8"),
                     (("status",), "rule does not compile: undeclared reference to 'isSorted'")]
    assert evaluate(widget_rules, mutate(WIDGET, ("status", {"x": 1}))) == found  # the same the second time


def test_non_compiling_rule_on_list_items_is_reported_once() -> None:
    rules = [CelRule(("items", None), "self >", "m")]
    assert evaluate(rules, {"items": [1, 2, 3]}) == [(("items", 0), "rule does not compile: syntax error at line 1, column 6")]
    assert evaluate(rules, {"items": []}) == []


@pytest.mark.parametrize(("rule", "value", "holds"), [
    pytest.param("self.x == 1", {}, False, id="no-such-key"),
    pytest.param("self.x + 'a' == 'b'", {"x": 1}, False, id="no-matching-overload"),
    pytest.param("1 / self.x == 1", {"x": 0}, False, id="division-by-zero"),
    pytest.param("self.x == 1 || true", {}, True, id="error-or-true"),
    pytest.param("has(self.x) && self.x == 1", {}, False, id="short-circuit"),
    pytest.param("self.matches('^a$')", "a\n", False, id="re2-dollar"),
    pytest.param("self.all(p, p > 0)", [1, 2], True, id="macro"),
    pytest.param("self.x__dash__y == 1", {"x-y": 1}, True, id="escaped-dash"),
    pytest.param("self.__namespace__ == 'a' && has(self.__namespace__)", {"namespace": "a"}, True,
                 id="escaped-reserved-word"),
    pytest.param("has(self.__namespace__)", {}, False, id="escaped-absent"),
    pytest.param("self.a__dot__b__slash__c__underscores__d == 1", {"a.b/c__d": 1}, True, id="escaped-all"),
    pytest.param("self['x-y'] == 1 && self.size() == 1 && type(self) == map && type(self) != list", {"x-y": 1}, True,
                 id="object-is-a-plain-map"),
])
def test_runtime_semantics(rule: str, value: Any, holds: bool) -> None:
    found = evaluate([CelRule(("v",), rule, "failed")], {"v": value})
    assert found == ([] if holds else [(("v",), "failed")])


def test_non_bool_rule_is_reported() -> None:
    assert evaluate([CelRule((), "'a'", "m")], {"a": 1}) == [((), "rule does not compile: a rule must evaluate to a bool, not StringType")]


def test_transition_rules_are_skipped() -> None:
    rules = [CelRule((), "self == oldSelf", "immutable"), CelRule(("x",), "oldSelf.a <= self.a", "no decrease")]
    assert evaluate(rules, {"x": {"a": 1}}) == []


def test_each_rule_compiles_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = fluxc.crds.cel._compile_now
    monkeypatch.setattr(fluxc.crds.cel, "_COMPILED", {})

    def counting(rule: str) -> Any:
        calls.append(rule)
        return real(rule)

    monkeypatch.setattr(fluxc.crds.cel, "_compile_now", counting)
    rules = [CelRule(("items", None), "self > 0", "positive"), CelRule((), "has(self.items)", "items")]
    for _ in range(3):
        assert evaluate(rules, {"items": [1, 0, 2]}) == [(("items", 1), "positive")]
    assert calls == ["self > 0", "has(self.items)"]


def test_no_rules_no_celpy() -> None:
    code = ("import sys, fluxc.crds.cel, fluxc.crds.load; assert fluxc.crds.cel.evaluate([], {'a': 1}) == []; "
            "print(sorted({m.split('.')[0] for m in sys.modules}))")
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                       text=True).stdout.replace("'", '"'))
    assert not {"celpy", "lark", "re2"} & set(loaded)


@pytest.mark.parametrize("number", [2**63, -(2**63) - 1, 2**64, 10**400, -(10**4000)],
                         ids=["int64+1", "int64-min-1", "uint64+1", "1e400", "-1e4000"])
@pytest.mark.parametrize("typed", [(), ((("spec", "n"), "double"),)], ids=["integer", "number"])
def test_a_number_beyond_64_bits_fails_the_rule_and_never_raises(number: int, typed: Any) -> None:
    # The loader refuses such numbers in YAML (FLX016); a JSON CRD default can still bring one in.
    rules = [CelRule(("spec",), "self.n > 0", "n must be positive", typed=typed)]
    expected = [(("spec",), fluxc.crds.cel.OUT_OF_RANGE)]
    if typed and abs(number) < 2**1024:  # a `number` is a double: CEL sees float(n), as the API server does
        expected = [] if number > 0 else [(("spec",), "n must be positive")]
    assert evaluate(rules, {"spec": {"n": number}}) == expected
    defaulted = [rules[0]._replace(defaults=((("spec", "n"), str(number)),))]
    assert evaluate(defaulted, {"spec": {}}) == expected


@pytest.mark.parametrize(("number", "holds"), [(2**63 - 1, False), (-(2**63), True)])
def test_int64_arithmetic_overflow_fails_the_rule(number: int, holds: bool) -> None:
    rule = CelRule(("spec",), "self.n + 1 > self.n", "overflow")  # the API server: an overflow error fails it
    assert evaluate([rule], {"spec": {"n": number}}) == ([] if holds else [(("spec",), "overflow")])
