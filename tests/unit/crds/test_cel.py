"""fluxc.crds.cel: the CRDs' CEL rules evaluated with cel-python, as the API server evaluates them."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

import fluxc.crds.cel
from fluxc.crds.cel import CelRule, JsonPath, evaluate
from fluxc.crds.load import GVK, ConvertedCRD, convert_crd, load_crds
from helpers.paths import shared_dir

SRC, HELM, KS = "source.toolkit.fluxcd.io/v1", "helm.toolkit.fluxcd.io/v2", "kustomize.toolkit.fluxcd.io/v1"
API = {"GitRepository": SRC, "HelmRepository": SRC, "OCIRepository": SRC, "Bucket": SRC,
       "HelmChart": SRC, "HelmRelease": HELM, "Kustomization": KS}
DELETE = object()  # mutation value: remove the key

# The upstream messages, verbatim.
CHART = "either chart or chartRef must be set"
INSTALL_RETRY = ".retryInterval cannot be set when .name is 'RemediateOnFailure'"
UPGRADE_RETRY = ".retryInterval can only be set when .name is 'RetryOnFailure'"
KUBECONFIG = "exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef must be specified"
GIT_SA = "serviceAccountName can only be set when provider is 'azure' or 'aws'"
VERIFY = "spec.verify is only supported when spec.sourceRef.kind is 'HelmRepository'"
STS_PROVIDERS = "STS configuration is only supported for the 'aws' and 'generic' Bucket providers"
STS_AWS = "'aws' is the only supported STS provider for the 'aws' Bucket provider"
STS_LDAP = "'ldap' is the only supported STS provider for the 'generic' Bucket provider"
STS_SECRET = "spec.sts.secretRef is not required for the 'aws' STS provider"
STS_CERT = "spec.sts.certSecretRef is not required for the 'aws' STS provider"
BUCKET_SA = "ServiceAccountName is not supported for the 'generic' Bucket provider"
SECRET_AND_SA = "cannot set both .spec.secretRef and .spec.serviceAccountName"


def crd_dir() -> Path:
    return shared_dir("flux-crds")


@pytest.fixture(scope="module")
def collected() -> ConvertedCRD:
    return load_crds([crd_dir()], cel="collect")


@pytest.fixture(scope="module")
def translated() -> ConvertedCRD:
    return load_crds([crd_dir()])


def doc(kind: str, spec: Any) -> dict[str, Any]:
    return {"apiVersion": API[kind], "kind": kind,
            "metadata": {"name": "podinfo", "namespace": "flux-system"}, "spec": spec}


def mutate(base: dict[str, Any], *changes: tuple[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for path, value in changes:
        *parents, last = path.split(".")
        node = out
        for key in parents:
            node = node.setdefault(key, {})
        if value is DELETE:
            del node[last]
        else:
            node[last] = value
    return out


def failures(converted: ConvertedCRD, d: dict[str, Any]) -> list[tuple[JsonPath, str]]:
    return evaluate(converted.rules[(d["apiVersion"], d["kind"])], d)


HR_CHART = doc("HelmRelease", {"chart": {"spec": {"chart": "podinfo",
                                                  "sourceRef": {"kind": "HelmRepository", "name": "podinfo"}}},
                               "interval": "1m0s"})
HR_CHARTREF = doc("HelmRelease", {"chartRef": {"kind": "OCIRepository", "name": "podinfo"}, "interval": "1m0s"})
KUST = doc("Kustomization", {"interval": "1m0s", "prune": False,
                             "sourceRef": {"kind": "GitRepository", "name": "podinfo"}})
GIT = doc("GitRepository", {"interval": "1m0s", "url": "https://github.com/stefanprodan/podinfo"})
HELMCHART = doc("HelmChart", {"chart": "podinfo", "interval": "1m0s",
                              "sourceRef": {"kind": "HelmRepository", "name": "podinfo"}})
BUCKET = doc("Bucket", {"bucketName": "b", "endpoint": "minio.example.com", "interval": "1m0s"})
LDAP = {"provider": "ldap", "endpoint": "https://sts.example.com"}
AWS = {"provider": "aws", "endpoint": "https://sts.amazonaws.com"}
REF = {"name": "s"}
SPEC: JsonPath = ("spec",)
KC: JsonPath = ("spec", "kubeConfig")

# (document, the failures expected: (instance path, upstream message))
CASES = [
    # HelmRelease .spec: exactly one of chart and chartRef
    pytest.param(HR_CHART, [], id="hr-chart"),
    pytest.param(HR_CHARTREF, [], id="hr-chartRef"),
    pytest.param(mutate(HR_CHART, ("spec.chartRef", {"kind": "OCIRepository", "name": "p"})), [(SPEC, CHART)],
                 id="hr-both"),
    pytest.param(mutate(HR_CHART, ("spec.chart", DELETE)), [(SPEC, CHART)], id="hr-neither"),
    pytest.param(mutate(HR_CHART, ("spec.chart", None)), [(SPEC, CHART)], id="hr-null-chart-is-absent"),
    pytest.param(mutate(HR_CHARTREF, ("spec.chart", None)), [], id="hr-null-chart-and-chartRef"),
    # HelmRelease install/upgrade strategies
    pytest.param(mutate(HR_CHART, ("spec.install", {"strategy": {"name": "RemediateOnFailure", "retryInterval": "1m"}})),
                 [(("spec", "install", "strategy"), INSTALL_RETRY)], id="hr-install-remediate-retry"),
    pytest.param(mutate(HR_CHART, ("spec.install", {"strategy": {"name": "RetryOnFailure", "retryInterval": "1m"}})),
                 [], id="hr-install-retry-retry"),
    pytest.param(mutate(HR_CHART, ("spec.install", {"strategy": {"name": "RemediateOnFailure"}})), [],
                 id="hr-install-remediate"),
    pytest.param(mutate(HR_CHART, ("spec.upgrade", {"strategy": {"name": "RemediateOnFailure", "retryInterval": "1m"}})),
                 [(("spec", "upgrade", "strategy"), UPGRADE_RETRY)], id="hr-upgrade-remediate-retry"),
    pytest.param(mutate(HR_CHART, ("spec.upgrade", {"strategy": {"name": "RetryOnFailure", "retryInterval": "1m"}})),
                 [], id="hr-upgrade-retry-retry"),
    pytest.param(mutate(HR_CHART, ("spec.upgrade", {"strategy": {"retryInterval": "1m"}})),
                 [(("spec", "upgrade", "strategy"), UPGRADE_RETRY)], id="hr-upgrade-no-name-runtime-error"),
    pytest.param(mutate(HR_CHART, ("spec.upgrade", {"strategy": None})), [], id="hr-upgrade-null-strategy"),
    # kubeConfig: exactly one reference (two rules, one message)
    pytest.param(mutate(HR_CHART, ("spec.kubeConfig", {"secretRef": REF})), [], id="hr-kubeconfig-secret"),
    pytest.param(mutate(HR_CHART, ("spec.kubeConfig", {"configMapRef": REF})), [], id="hr-kubeconfig-configmap"),
    pytest.param(mutate(HR_CHART, ("spec.kubeConfig", {})), [(KC, KUBECONFIG)], id="hr-kubeconfig-neither"),
    pytest.param(mutate(HR_CHART, ("spec.kubeConfig", {"secretRef": REF, "configMapRef": REF})), [(KC, KUBECONFIG)],
                 id="hr-kubeconfig-both"),
    pytest.param(KUST, [], id="ks"),
    pytest.param(mutate(KUST, ("spec.kubeConfig", {"secretRef": REF})), [], id="ks-kubeconfig-secret"),
    pytest.param(mutate(KUST, ("spec.kubeConfig", {"secretRef": None})), [(KC, KUBECONFIG)],
                 id="ks-kubeconfig-null-secret"),
    pytest.param(mutate(KUST, ("spec.kubeConfig", {"secretRef": REF, "configMapRef": REF})), [(KC, KUBECONFIG)],
                 id="ks-kubeconfig-both"),
    # GitRepository: serviceAccountName needs provider azure or aws (no default)
    pytest.param(GIT, [], id="git"),
    pytest.param(mutate(GIT, ("spec.serviceAccountName", "sa")), [(SPEC, GIT_SA)], id="git-sa-no-provider"),
    pytest.param(mutate(GIT, ("spec.serviceAccountName", "sa"), ("spec.provider", "azure")), [], id="git-sa-azure"),
    pytest.param(mutate(GIT, ("spec.serviceAccountName", "sa"), ("spec.provider", "aws")), [], id="git-sa-aws"),
    pytest.param(mutate(GIT, ("spec.serviceAccountName", "sa"), ("spec.provider", "generic")), [(SPEC, GIT_SA)],
                 id="git-sa-generic"),
    pytest.param(mutate(GIT, ("spec.provider", "github")), [], id="git-provider-no-sa"),
    # HelmChart: verify only from a HelmRepository
    pytest.param(HELMCHART, [], id="helmchart"),
    pytest.param(mutate(HELMCHART, ("spec.verify", {"provider": "cosign"})), [], id="helmchart-verify-helmrepo"),
    pytest.param(mutate(HELMCHART, ("spec.verify", {"provider": "cosign"}), ("spec.sourceRef.kind", "GitRepository")),
                 [(SPEC, VERIFY)], id="helmchart-verify-gitrepo"),
    pytest.param(mutate(HELMCHART, ("spec.verify", {"provider": "cosign"}), ("spec.sourceRef", DELETE)),
                 [(SPEC, VERIFY)], id="helmchart-verify-no-sourceRef-runtime-error"),
    # Bucket: provider defaults to generic before CEL runs
    pytest.param(BUCKET, [], id="bucket"),
    pytest.param(mutate(BUCKET, ("spec.sts", LDAP)), [], id="bucket-default-generic-ldap"),
    pytest.param(mutate(BUCKET, ("spec.sts", LDAP), ("spec.provider", None)), [], id="bucket-null-provider-defaulted"),
    pytest.param(mutate(BUCKET, ("spec.sts", AWS)), [(SPEC, STS_LDAP)], id="bucket-default-generic-aws-sts"),
    pytest.param(mutate(BUCKET, ("spec.provider", "aws"), ("spec.sts", AWS)), [], id="bucket-aws-aws"),
    pytest.param(mutate(BUCKET, ("spec.provider", "aws"), ("spec.sts", LDAP)), [(SPEC, STS_AWS)],
                 id="bucket-aws-ldap"),
    pytest.param(mutate(BUCKET, ("spec.provider", "gcp"), ("spec.sts", LDAP)), [(SPEC, STS_PROVIDERS)],
                 id="bucket-gcp-sts"),
    pytest.param(mutate(BUCKET, ("spec.provider", "aws"), ("spec.sts", {**AWS, "secretRef": REF})),
                 [(SPEC, STS_SECRET)], id="bucket-aws-sts-secretRef"),
    pytest.param(mutate(BUCKET, ("spec.provider", "aws"), ("spec.sts", {**AWS, "certSecretRef": REF})),
                 [(SPEC, STS_CERT)], id="bucket-aws-sts-certSecretRef"),
    pytest.param(mutate(BUCKET, ("spec.sts", {**LDAP, "secretRef": REF, "certSecretRef": REF})), [],
                 id="bucket-ldap-sts-refs"),
    pytest.param(mutate(BUCKET, ("spec.serviceAccountName", "sa")), [(SPEC, BUCKET_SA)], id="bucket-generic-sa"),
    pytest.param(mutate(BUCKET, ("spec.serviceAccountName", "sa"), ("spec.provider", "aws")), [], id="bucket-aws-sa"),
    pytest.param(mutate(BUCKET, ("spec.serviceAccountName", "sa"), ("spec.provider", "aws"), ("spec.secretRef", REF)),
                 [(SPEC, SECRET_AND_SA)], id="bucket-secretRef-and-sa"),
    pytest.param(mutate(BUCKET, ("spec.serviceAccountName", "sa"), ("spec.secretRef", REF)),
                 [(SPEC, BUCKET_SA), (SPEC, SECRET_AND_SA)], id="bucket-two-rules-fail"),
    pytest.param(mutate(BUCKET, ("spec", None)), [], id="bucket-null-spec"),
    pytest.param(mutate(BUCKET, ("spec", DELETE)), [], id="bucket-no-spec"),
]


@pytest.mark.parametrize(("d", "expected"), CASES)
def test_official_rules(collected: ConvertedCRD, d: dict[str, Any], expected: list[tuple[JsonPath, str]]) -> None:
    assert failures(collected, d) == expected


def _hand_coded_failures(converted: ConvertedCRD, d: dict[str, Any]) -> list[tuple[JsonPath, str]]:
    validator = jsonschema.Draft202012Validator(converted.schemas[(d["apiVersion"], d["kind"])])
    return [(tuple(e.absolute_path), e.schema["x-fluxc-rule-message"]) for e in validator.iter_errors(d)
            if isinstance(e.schema, dict) and "x-fluxc-rule-message" in e.schema]


@pytest.mark.parametrize(("d", "expected"), CASES)
def test_hand_coded_fragments_agree_with_cel(collected: ConvertedCRD, translated: ConvertedCRD,
                                             d: dict[str, Any], expected: list[tuple[JsonPath, str]]) -> None:
    assert sorted(_hand_coded_failures(translated, d)) == sorted(failures(collected, d)) == sorted(expected)


def test_every_official_rule_is_exercised(collected: ConvertedCRD) -> None:
    """Each rule of the 7 CRDs holds on some case above and fails on another: the agreement proof covers all."""
    held: set[tuple[GVK, str]] = set()
    failed: set[tuple[GVK, str]] = set()
    for case in CASES:
        d: Any = case.values[0]
        gvk = (d["apiVersion"], d["kind"])
        for rule in collected.rules[gvk]:
            (failed if evaluate([rule], d) else held).add((gvk, rule.rule))
    every = {(gvk, rule.rule) for gvk, rules in collected.rules.items() for rule in rules}
    assert len(every) == 16 and held == every and failed == every


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
                         ("HelmChart", ("spec",)), ("Bucket", ("spec",))}
    assert collected.rules[(SRC, "HelmRepository")] == () and collected.rules[(SRC, "OCIRepository")] == ()
    bucket = collected.rules[(SRC, "Bucket")][0]
    assert ((("spec", "provider"), '"generic"')) in bucket.defaults


# Synthetic CRDs: what the Flux CRDs do not have.
SYNTHETIC = """
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
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
"""
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
