"""fluxc.crds.load: upstream Flux CRDs -> strict JSON Schemas, checked against `flux create --export` output."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import time
import warnings
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

import fluxc.crds.cache
import fluxc.crds.load
from fluxc.checks.schemas import strict_validator
from fluxc.crds.cel import CelRule
from fluxc.crds.load import (
    GVK,
    HAND_CODED_RULES,
    ConvertedCRD,
    convert_crd,
    default_cache_dir,
    go_regex_to_python,
    load_crds,
)
from helpers import hostile
from helpers.crd_cases import (
    API,
    DELETE,
    HELM,
    crd_dir,
    crd_texts,
    doc,
    is_hand_coded,
    mutate,
    nodes,
    official_rules,
    synthetic_crd,
)


@pytest.fixture(scope="module")
def flux() -> ConvertedCRD:
    return load_crds([crd_dir()])


@pytest.fixture(scope="module")
def validators(flux: ConvertedCRD) -> dict[GVK, jsonschema.Draft202012Validator]:
    return {gvk: jsonschema.Draft202012Validator(s) for gvk, s in flux.schemas.items()}


def errors(validators: dict[GVK, jsonschema.Draft202012Validator],
           d: dict[str, Any]) -> list[jsonschema.ValidationError]:
    return list(validators[(API[d["kind"]], d["kind"])].iter_errors(d))


# What `flux create ... --export` prints (see flux-api.md §2).
HR_CHART = doc("HelmRelease", {"chart": {"spec": {"chart": "podinfo", "reconcileStrategy": "ChartVersion",
                                                  "sourceRef": {"kind": "HelmRepository", "name": "podinfo"}}},
                               "interval": "1m0s"})
HR_CHARTREF = doc("HelmRelease", {"chartRef": {"kind": "OCIRepository", "name": "podinfo"}, "interval": "1m0s"})
GIT = doc("GitRepository", {"interval": "1m0s", "ref": {"branch": "main", "commit": "c88a2f41"},
                            "url": "https://github.com/stefanprodan/podinfo"})
OCI = doc("OCIRepository", {"interval": "10m0s", "layerSelector": {
    "mediaType": "application/vnd.cncf.helm.chart.content.v1.tar+gzip", "operation": "copy"},
    "ref": {"tag": "6.3.5"}, "url": "oci://ghcr.io/stefanprodan/manifests/podinfo"})
HELMREPO = doc("HelmRepository", {"interval": "5m0s", "url": "https://stefanprodan.github.io/charts/podinfo"})
KUST = doc("Kustomization", {"interval": "1m0s", "path": "./", "prune": False,
                             "sourceRef": {"kind": "GitRepository", "name": "podinfo"}})
BUCKET = doc("Bucket", {"bucketName": "b", "endpoint": "minio.example.com", "interval": "1m0s"})
STS = {"provider": "ldap", "endpoint": "https://sts.example.com"}

VALID = [
    pytest.param(HR_CHART, id="helmrelease-chart"),
    pytest.param(HR_CHARTREF, id="helmrelease-chartRef"),
    pytest.param(GIT, id="gitrepository"),
    pytest.param(OCI, id="ocirepository"),
    pytest.param(HELMREPO, id="helmrepository"),
    pytest.param(KUST, id="kustomization"),
    pytest.param(mutate(HR_CHARTREF, ("spec.values", {"a": {"b": [1, {"c": None}]}, "x-y": True})),
                 id="helmrelease-free-form-values"),
    pytest.param(mutate(GIT, ("spec.suspend", None)), id="optional-field-null"),
    pytest.param(mutate(GIT, ("metadata.labels", {"app.kubernetes.io/name": "podinfo", "tier": ""})),
                 id="labels"),
    pytest.param(mutate(GIT, ("spec.provider", "azure"), ("spec.serviceAccountName", "sa")),
                 id="git-sa-with-azure"),
    pytest.param(mutate(HR_CHARTREF, ("spec.upgrade", {"strategy": {"name": "RetryOnFailure",
                                                                    "retryInterval": "1m"}})),
                 id="hr-upgrade-retry-interval"),
    pytest.param(mutate(KUST, ("spec.kubeConfig", {"secretRef": {"name": "kc"}})), id="ks-kubeconfig-one"),
    pytest.param(mutate(BUCKET, ("spec.sts", STS)), id="bucket-default-provider-ldap-sts"),
    pytest.param(mutate(BUCKET, ("spec.provider", "aws"), ("spec.sts", {**STS, "provider": "aws"})),
                 id="bucket-aws-sts"),
]


@pytest.mark.parametrize("d", VALID)
def test_export_documents_pass(validators: dict[GVK, jsonschema.Draft202012Validator],
                               d: dict[str, Any]) -> None:
    assert [e.message for e in errors(validators, d)] == []


# (base document, dotted path, new value or DELETE, keyword expected among the errors)
INVALID = [
    pytest.param(GIT, "spec.bogus", 1, "additionalProperties", id="unknown-spec-field"),
    pytest.param(GIT, "spec.ref.bogus", "x", "additionalProperties", id="unknown-nested-field"),
    pytest.param(HR_CHART, "spec.chart.spec.sourceRef.bogus", "x", "additionalProperties",
                 id="unknown-deep-field"),
    pytest.param(GIT, "status", {"bogus": 1}, "additionalProperties", id="unknown-status-field"),
    pytest.param(GIT, "bogus", 1, "additionalProperties", id="unknown-root-field"),
    pytest.param(KUST, "spec.prune", "false", "type", id="wrong-type"),
    pytest.param(GIT, "spec.url", None, "type", id="required-field-null"),
    pytest.param(KUST, "spec.sourceRef.kind", "HelmRepository", "enum", id="enum"),
    pytest.param(HR_CHART, "spec.chart.spec.reconcileStrategy", "Sometimes", "enum", id="nested-enum"),
    pytest.param(GIT, "spec.interval", "5 minutes", "pattern", id="interval-pattern"),
    pytest.param(GIT, "spec.timeout", "1h0m0s", "pattern", id="source-timeout-no-hours"),
    pytest.param(GIT, "spec.url", "https://github.com/stefanprodan/podinfo\n", "pattern",
                 id="go-dollar-no-trailing-newline"),
    pytest.param(GIT, "spec.url", DELETE, "required", id="missing-git-url"),
    pytest.param(KUST, "spec.prune", DELETE, "required", id="missing-prune"),
    pytest.param(HR_CHART, "spec.releaseName", "x" * 54, "maxLength", id="maxLength"),
    pytest.param(GIT, "apiVersion", "source.toolkit.fluxcd.io/v1beta2", "const", id="wrong-apiVersion"),
    pytest.param(GIT, "metadata", DELETE, "required", id="missing-metadata"),
    pytest.param(GIT, "metadata.name", "Bad_Name", "pattern", id="bad-name"),
    pytest.param(GIT, "metadata.name", "podinfo\n", "pattern", id="name-trailing-newline"),
    pytest.param(GIT, "metadata.name", DELETE, "required", id="missing-name"),
    pytest.param(GIT, "metadata.namespace", "n" * 64, "maxLength", id="namespace-too-long"),
    pytest.param(GIT, "metadata.bogus", 1, "additionalProperties", id="unknown-metadata-field"),
    pytest.param(GIT, "metadata.labels", {"app": 1}, "type", id="label-not-string"),
    pytest.param(GIT, "metadata.labels", {"bad key!": "x"}, "pattern", id="label-key"),
    pytest.param(HR_CHART, "spec.chartRef", {"kind": "OCIRepository", "name": "p"}, "oneOf",
                 id="hr-chart-and-chartRef"),
    pytest.param(HR_CHART, "spec.chart", DELETE, "oneOf", id="hr-neither-chart-nor-chartRef"),
    pytest.param(HR_CHART, "spec.chart", None, "oneOf", id="hr-null-chart-is-absent"),
    pytest.param(mutate(GIT, ("spec.provider", "generic")), "spec.serviceAccountName", "sa", "anyOf",
                 id="git-sa-with-generic"),
    pytest.param(GIT, "spec.serviceAccountName", "sa", "anyOf", id="git-sa-without-provider"),
    pytest.param(HR_CHART, "spec.install", {"strategy": {"name": "RemediateOnFailure", "retryInterval": "1m"}},
                 "anyOf", id="hr-install-remediate-retry-interval"),
    pytest.param(HR_CHART, "spec.kubeConfig", {}, "anyOf", id="hr-kubeconfig-neither"),
    pytest.param(KUST, "spec.kubeConfig", {"secretRef": {"name": "a"}, "configMapRef": {"name": "b"}},
                 "not", id="ks-kubeconfig-both"),
    pytest.param(BUCKET, "spec.serviceAccountName", "sa", "not", id="bucket-sa-default-generic"),
    pytest.param(BUCKET, "spec.sts", {**STS, "provider": "aws"}, "not", id="bucket-generic-aws-sts"),
]


@pytest.mark.parametrize(("base", "path", "value", "keyword"), INVALID)
def test_mutations_fail(validators: dict[GVK, jsonschema.Draft202012Validator],
                        base: dict[str, Any], path: str, value: Any, keyword: str) -> None:
    found = errors(validators, mutate(base, (path, value)))
    assert keyword in {e.validator for e in found}, [e.message for e in found]


def test_cel_fragment_carries_upstream_message(
        validators: dict[GVK, jsonschema.Draft202012Validator]) -> None:
    (error,) = errors(validators, mutate(HR_CHART, ("spec.chartRef", {"kind": "OCIRepository", "name": "p"})))
    assert error.schema["x-fluxc-rule-message"] == "either chart or chartRef must be set"
    assert error.schema["x-fluxc-rule"] in HAND_CODED_RULES


def test_all_crds_convert(flux: ConvertedCRD) -> None:
    assert set(flux.schemas) == {(api, kind) for kind, api in API.items()}
    for schema in flux.schemas.values():
        jsonschema.Draft202012Validator.check_schema(schema)
        json.dumps(schema, allow_nan=False)
    # Translate mode hand-codes the rules of HAND_CODED_GROUPS only (see helpers.crd_cases): every rule of the other
    # kinds is reported with where it sits, none dropped, and no rule of a hand-coded kind is left untranslated.
    untranslated = [f"{api} {kind} {path}: {rule}" for (api, kind), rules in official_rules().items()
                    if not is_hand_coded((api, kind)) for path, rule in rules]
    assert len(untranslated) == 37 and sorted(flux.untranslated_rules) == sorted(untranslated)


def test_every_upstream_rule_of_the_hand_coded_kinds_is_hand_coded() -> None:
    rules = official_rules()
    hand_coded = {rule for gvk, found in rules.items() if is_hand_coded(gvk) for _, rule in found}
    assert len(hand_coded) == 14 and hand_coded == set(HAND_CODED_RULES)  # none missing, no fragment left over
    # official_rules() misses none: every x-kubernetes-validations entry of the files is one of its rules
    everywhere = [v for text in crd_texts() for n in nodes(yaml.safe_load(text)) for v in n.get("x-kubernetes-validations", ())]
    assert len(everywhere) == sum(map(len, rules.values())) == 53


def test_every_pattern_compiles_in_python(flux: ConvertedCRD) -> None:
    patterns = {n["pattern"] for s in flux.schemas.values() for n in nodes(s) if isinstance(n.get("pattern"), str)}
    assert len(patterns) >= 10
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for p in patterns:
            re.compile(p)
            assert "$" not in p  # Go's end-of-text `$` must have become \Z


@pytest.mark.parametrize(("go", "text", "matches"), [
    pytest.param(r"^(http|https|ssh)://.*$", "https://x", True, id="dollar"),
    pytest.param(r"^(http|https|ssh)://.*$", "https://x\n", False, id="dollar-trailing-newline"),
    pytest.param(r"^a\z", "a\n", False, id="backslash-z"),
    pytest.param(r"[$]x", "$x", True, id="dollar-in-class"),
    pytest.param(r"^[_[:alpha:]][_[:alpha:][:digit:]]*$", "_Var1", True, id="posix-class"),
    pytest.param(r"^[_[:alpha:]][_[:alpha:][:digit:]]*$", "1var", False, id="posix-class-reject"),
    pytest.param(r"^\d+$", "\u0661", False, id="ascii-digits"),
    pytest.param(r"^[]a]+$", "]a", True, id="leading-bracket-literal"),
    pytest.param(r"(?m)^a$", "a\nb", True, id="multiline-keeps-dollar"),
])
def test_go_regex_to_python(go: str, text: str, matches: bool) -> None:
    assert bool(re.search(go_regex_to_python(go), text)) is matches


@pytest.mark.parametrize("go", [r"^\pL+$", r"a(?i)b"], ids=["unicode-class", "mid-pattern-flag"])
def test_go_regex_without_python_equivalent(go: str) -> None:
    with pytest.raises(ValueError, match="no Python equivalent"):
        go_regex_to_python(go)


NAMESPACE = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: flux-system\n"


def test_load_multi_document_stream(tmp_path: Path, flux: ConvertedCRD) -> None:
    stream = tmp_path / "install.yaml"  # like `flux install --export`, plus noise
    stream.write_text("---\n" + "\n---\n".join([NAMESPACE, *crd_texts(), "", "just a string"]),
                      encoding="utf-8")
    assert load_crds([stream]).schemas == flux.schemas


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_load_kind_list(tmp_path: Path, flux: ConvertedCRD, suffix: str) -> None:
    items = [yaml.safe_load(t) for t in crd_texts()] + [yaml.safe_load(NAMESPACE)]
    listing = {"apiVersion": "v1", "kind": "List", "items": items, "metadata": {"resourceVersion": ""}}
    path = tmp_path / f"crds{suffix}"
    path.write_text(json.dumps(listing) if suffix == ".json" else yaml.safe_dump(listing), encoding="utf-8")
    assert load_crds([path]).schemas == flux.schemas


def test_load_ignores_non_crds(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "ns.yml").write_text(NAMESPACE, encoding="utf-8")
    (tmp_path / "README.md").write_text("kind: CustomResourceDefinition\n", encoding="utf-8")  # not *.yaml
    assert load_crds([tmp_path]) == ConvertedCRD({}, ())


def test_load_reports_the_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.yaml"):
        load_crds([bad])


@pytest.mark.parametrize("crd", [
    pytest.param({"apiVersion": "v1", "kind": "Namespace"}, id="not-a-crd"),
    pytest.param({"apiVersion": "apiextensions.k8s.io/v1beta1", "kind": "CustomResourceDefinition"},
                 id="v1beta1"),
    pytest.param({"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
                  "spec": {"group": "g"}}, id="malformed"),
])
def test_convert_rejects(crd: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        convert_crd(crd)


SYNTHETIC = synthetic_crd("Widget", "widgets", """\
spec:
  type: object
  required: [port, note]
  x-kubernetes-validations:
  - {rule: self.port != 0, message: port must not be 0}
  properties:
    port: {x-kubernetes-int-or-string: true, anyOf: [{type: integer}, {type: string}]}
    note: {type: string, nullable: true, description: dropped}
    replicas: {type: integer, minimum: 0, exclusiveMinimum: true, maximum: 10,
               exclusiveMaximum: false}
    color: {type: string, enum: [red, blue]}
    since: {type: string, default: 2024-01-01}
    tags: {type: object, additionalProperties: {type: string}}
    empty: {type: object}
    set: {type: array, x-kubernetes-list-type: set, items: {type: string}}
    raw:
      type: object
      x-kubernetes-preserve-unknown-fields: true
      properties:
        known: {type: object, properties: {a: {type: string}}}
    rawList:
      type: array
      x-kubernetes-preserve-unknown-fields: true
      items: {type: object, properties: {a: {type: string}}}
""", scope="Cluster", unserved="{name: v1alpha1, served: false, storage: false, schema: {openAPIV3Schema: {type: object}}}")
WIDGET = {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"},
          "spec": {"port": 8080, "note": None}}


@pytest.fixture(scope="module")
def widget() -> ConvertedCRD:
    return convert_crd(yaml.safe_load(SYNTHETIC))


def test_synthetic_schema_shape(widget: ConvertedCRD) -> None:
    assert list(widget.schemas) == [("example.com/v1", "Widget")]  # v1alpha1 is not served
    schema = widget.schemas[("example.com/v1", "Widget")]
    jsonschema.Draft202012Validator.check_schema(schema)
    json.dumps(schema, allow_nan=False)  # the YAML date default became a string
    spec = schema["properties"]["spec"]["properties"]
    assert spec["port"] == {"type": ["integer", "string"]}
    assert spec["replicas"] == {"type": ["integer", "null"], "exclusiveMinimum": 0, "maximum": 10}
    assert spec["note"] == {"type": ["string", "null"]}
    assert spec["since"]["default"] == "2024-01-01"
    assert widget.untranslated_rules == ("example.com/v1 Widget .spec: self.port != 0",)


@pytest.mark.parametrize(("path", "value", "ok"), [
    pytest.param("spec.port", "http", True, id="int-or-string-string"),
    pytest.param("spec.port", 1.5, False, id="int-or-string-float"),
    pytest.param("spec.port", None, False, id="required-not-nullable"),
    pytest.param("spec.note", "x", True, id="nullable-string"),
    pytest.param("spec.replicas", 0, False, id="exclusive-minimum"),
    pytest.param("spec.replicas", 10, True, id="inclusive-maximum"),
    pytest.param("spec.replicas", 11, False, id="maximum"),
    pytest.param("spec.color", None, True, id="optional-enum-null"),
    pytest.param("spec.color", "green", False, id="enum"),
    pytest.param("spec.tags", {"a": "b"}, True, id="map"),
    pytest.param("spec.tags", {"a": 1}, False, id="map-value-type"),
    pytest.param("spec.empty", {}, True, id="empty-object"),
    pytest.param("spec.empty", {"x": 1}, False, id="empty-object-closed"),
    pytest.param("spec.set", ["a", "a"], False, id="list-type-set"),
    pytest.param("spec.raw", {"anything": [1], "known": {"a": "x"}}, True, id="preserve-unknown"),
    pytest.param("spec.raw", {"known": {"b": "x"}}, False, id="preserve-declared-child-closed"),
    pytest.param("spec.rawList", [{"x": 1}], True, id="preserve-array-items"),
    pytest.param("metadata.namespace", "default", False, id="cluster-scoped-no-namespace"),
])
def test_synthetic_validation(widget: ConvertedCRD, path: str, value: Any, ok: bool) -> None:
    validator = jsonschema.Draft202012Validator(widget.schemas[("example.com/v1", "Widget")])
    assert validator.is_valid(WIDGET)
    assert validator.is_valid(mutate(WIDGET, (path, value))) is ok


def test_import_is_light() -> None:
    code = "import sys, fluxc.crds.load, fluxc.crds.cel; print(sorted({m.split('.')[0] for m in sys.modules}))"
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                       text=True).stdout.replace("'", '"'))
    assert not {"jsonschema", "pydantic", "click", "referencing", "celpy", "lark"} & set(loaded)


# --- CEL rules collected instead of translated ------------------------------------------------------------------


def _without_cel(node: Any) -> Any:
    """A translate-mode schema with its CEL fragments taken out again."""
    if isinstance(node, list):
        return [_without_cel(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _without_cel(v) for k, v in node.items()}
    kept = []
    for check in out.pop("allOf", []):
        if "x-fluxc-rule" in check:
            continue
        if check.get("if") == {"type": "null"} and not check["else"].get("allOf"):
            continue  # the null guard around a node's checks, all of them CEL (taken out above)
        kept.append(check)
    if kept:
        out["allOf"] = kept
    return out


def test_collect_mode_schemas_have_no_cel_fragments(flux: ConvertedCRD) -> None:
    collected = load_crds([crd_dir()], cel="collect")
    assert "x-fluxc-rule" not in json.dumps(list(collected.schemas.values()))
    assert {gvk: _without_cel(s) for gvk, s in flux.schemas.items()} == collected.schemas  # all else the same
    assert collected.untranslated_rules == () and flux.rules == {}
    assert set(collected.rules) == set(collected.schemas)
    assert sum(map(len, collected.rules.values())) == sum(map(len, official_rules().values())) == 53
    helm = collected.rules[(HELM, "HelmRelease")]
    assert {r.location for r in helm} == {("spec",), ("spec", "install", "strategy"), ("spec", "upgrade", "strategy"),
                                          ("spec", "kubeConfig")}
    validator = jsonschema.Draft202012Validator(collected.schemas[(HELM, "HelmRelease")])
    assert validator.is_valid(mutate(HR_CHART, ("spec.chartRef", {"kind": "OCIRepository", "name": "p"})))


def test_collect_mode_synthetic() -> None:
    collected = convert_crd(yaml.safe_load(SYNTHETIC), cel="collect")
    assert collected.rules == {("example.com/v1", "Widget"): (
        CelRule(("spec",), "self.port != 0", "port must not be 0", ((("spec", "since"), '"2024-01-01"'),)),)}
    assert collected.untranslated_rules == ()
    assert "allOf" not in collected.schemas[("example.com/v1", "Widget")]["properties"]["spec"]


def test_cel_mode_is_checked() -> None:
    with pytest.raises(ValueError, match="cel must be"):
        convert_crd(yaml.safe_load(SYNTHETIC), cel="evaluate")  # type: ignore[arg-type]


LISTS = synthetic_crd("Lists", "lists", """\
spec:
  type: object
  properties:
    ports:
      type: array
      x-kubernetes-list-type: map
      x-kubernetes-list-map-keys: [name, protocol]
      items:
        type: object
        required: [name]
        x-kubernetes-validations:
        - {rule: "self.port > 0", message: port must be positive}
        properties:
          name: {type: string}
          protocol: {type: string, default: TCP}
          port: {type: integer}
          weight: {type: number}
    tags: {type: array, x-kubernetes-list-type: set, items: {type: string}}
    args: {type: array, x-kubernetes-list-type: atomic, items: {type: string}}
""")
LISTS_DOC = {"apiVersion": "example.com/v1", "kind": "Lists", "metadata": {"name": "l", "namespace": "n"}, "spec": {}}


@pytest.fixture(scope="module")
def lists() -> ConvertedCRD:
    return convert_crd(yaml.safe_load(LISTS), cel="collect")


def test_list_type_keywords_kept(lists: ConvertedCRD) -> None:
    spec = lists.schemas[("example.com/v1", "Lists")]["properties"]["spec"]["properties"]
    assert spec["ports"]["x-kubernetes-list-type"] == "map"
    assert spec["ports"]["x-kubernetes-list-map-keys"] == ["name", "protocol"]
    assert spec["tags"]["x-kubernetes-list-type"] == "set" and spec["tags"]["uniqueItems"] is True
    assert lists.rules[("example.com/v1", "Lists")] == (
        CelRule(("spec", "ports", None), "self.port > 0", "port must be positive",
                ((("spec", "ports", None, "protocol"), '"TCP"'),), ((("spec", "ports", None, "weight"), "double"),)),)


@pytest.mark.parametrize(("field", "value", "expected"), [
    pytest.param("ports", [{"name": "a", "port": 1}, {"name": "b", "port": 1}], [], id="map-distinct"),
    pytest.param("ports", [{"name": "a"}, {"name": "a", "protocol": "UDP"}], [], id="map-distinct-second-key"),
    pytest.param("ports", [{"name": "a"}, {"name": "b"}, {"name": "a", "protocol": "TCP"}],
                 [(["spec", "ports", 2], "duplicate entry with name='a', protocol='TCP'")], id="map-duplicate-default"),
    pytest.param("ports", [{"name": "a", "protocol": None}, {"name": "a"}],
                 [(["spec", "ports", 1], "duplicate entry with name='a', protocol='TCP'")], id="map-duplicate-null"),
    pytest.param("tags", ["x", "y"], [], id="set-distinct"),
    pytest.param("tags", ["x", "y", "x"], [(["spec", "tags", 2], "duplicate entry 'x'")], id="set-duplicate-once"),
    pytest.param("args", ["x", "x"], [], id="atomic"),
])
def test_list_types_in_strict_validator(lists: ConvertedCRD, field: str, value: Any,
                                        expected: list[tuple[list[Any], str]]) -> None:
    validator = strict_validator(lists.schemas[("example.com/v1", "Lists")])
    found = [(list(e.absolute_path), e.message) for e in validator.iter_errors(mutate(LISTS_DOC, (f"spec.{field}", value)))]
    assert found == expected


def test_unique_items_still_checked_outside_sets() -> None:
    validator = strict_validator({"type": "array", "uniqueItems": True})
    assert [e.validator for e in validator.iter_errors([1, 1])] == ["uniqueItems"]


# --- the conversion cache ------------------------------------------------------------------------------------------


@pytest.fixture
def crd_file(tmp_path: Path) -> Path:
    path = tmp_path / "crds" / "lists.yaml"
    path.parent.mkdir()
    path.write_text(LISTS + "---\n" + SYNTHETIC, encoding="utf-8")
    return path


def _count_conversions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = fluxc.crds.load.convert_crd

    def counting(crd: Any, **kwargs: Any) -> ConvertedCRD:
        calls.append(crd["metadata"]["name"])
        return real(crd, **kwargs)

    monkeypatch.setattr(fluxc.crds.load, "convert_crd", counting)
    return calls


@pytest.mark.parametrize("cel", ["collect", "translate"])
def test_cache_hit_does_not_convert(tmp_path: Path, crd_file: Path, monkeypatch: pytest.MonkeyPatch,
                                    cel: Any) -> None:
    fresh = load_crds([crd_file], cel=cel)
    cache = tmp_path / "cache"
    assert load_crds([crd_file], cel=cel, cache_dir=cache) == fresh
    assert len(list(cache.glob("*.json"))) == 1 and not list(cache.glob(".*"))  # no temp file left

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("converted despite the cache")

    monkeypatch.setattr(fluxc.crds.load, "convert_crd", refuse)
    assert load_crds([crd_file], cel=cel, cache_dir=cache) == fresh


def test_cache_keys_on_bytes_mode_and_version(tmp_path: Path, crd_file: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    calls = _count_conversions(monkeypatch)
    load_crds([crd_file], cel="collect", cache_dir=cache)
    load_crds([crd_file], cel="translate", cache_dir=cache)
    assert len(calls) == 4 and len(list(cache.glob("*.json"))) == 2
    crd_file.write_text(crd_file.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
    load_crds([crd_file], cel="collect", cache_dir=cache)
    assert len(calls) == 6
    monkeypatch.setattr(fluxc.crds.cache, "__version__", "99.0.0")
    load_crds([crd_file], cel="collect", cache_dir=cache)
    assert len(calls) == 8 and len(list(cache.glob("*.json"))) == 4


@pytest.mark.parametrize("garbage", ["{", "[]", '{"key": 1}', "null", "\udcff"])
def test_corrupt_cache_entry_is_rewritten(tmp_path: Path, crd_file: Path, monkeypatch: pytest.MonkeyPatch,
                                          garbage: str) -> None:
    cache = tmp_path / "cache"
    fresh = load_crds([crd_file], cel="collect", cache_dir=cache)
    (entry,) = cache.glob("*.json")
    entry.write_bytes(garbage.encode("utf-8", "surrogateescape"))
    calls = _count_conversions(monkeypatch)
    assert load_crds([crd_file], cel="collect", cache_dir=cache) == fresh
    assert len(calls) == 2 and json.loads(entry.read_text(encoding="utf-8"))["key"] == entry.stem


def test_corrupt_entry_of_the_right_shape_is_ignored(tmp_path: Path, crd_file: Path) -> None:
    cache = tmp_path / "cache"
    fresh = load_crds([crd_file], cel="collect", cache_dir=cache)
    (entry,) = cache.glob("*.json")
    raw = json.loads(entry.read_text(encoding="utf-8"))
    raw["rules"][0][2][0][0] = [1]  # a location step that is neither a name nor null
    entry.write_text(json.dumps(raw), encoding="utf-8")
    assert load_crds([crd_file], cel="collect", cache_dir=cache) == fresh


def test_unwritable_cache_is_not_used(tmp_path: Path, crd_file: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("", encoding="utf-8")
    assert load_crds([crd_file], cel="collect", cache_dir=blocker / "crds") == load_crds([crd_file], cel="collect")


@pytest.mark.parametrize("cel", ["collect", "translate"])
def test_cache_round_trips_the_official_crds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cel: Any) -> None:
    fresh = load_crds([crd_dir()], cel=cel)
    load_crds([crd_dir()], cel=cel, cache_dir=tmp_path)
    calls = _count_conversions(monkeypatch)
    assert load_crds([crd_dir()], cel=cel, cache_dir=tmp_path) == fresh and calls == []


def test_default_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "fluxc" / "crds"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # XDG: relative paths are ignored
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "fluxc" / "crds"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "fluxc" / "crds"


# --- bounded reading: no path hangs, no file explodes ------------------------------------------------------------


def _with_schema(schema: str) -> str:
    """A CRD whose spec schema is `schema` (indented under `spec:`)."""
    return synthetic_crd("Bounded", "boundeds", "spec:\n" + textwrap.indent(schema, "  "))


@pytest.mark.parametrize("kind", hostile.kinds())
def test_what_is_no_regular_file_is_refused_without_blocking(tmp_path: Path, kind: str) -> None:
    path = hostile.make(kind, tmp_path / "crds.yaml")
    if kind == "directory":  # a folder is searched: an empty one holds no CRDs
        assert load_crds([path]) == ConvertedCRD({}, ())
        return
    with pytest.raises(ValueError) as info:
        hostile.call_within(lambda: load_crds([path], cache_dir=tmp_path / "cache"), fifos=[path])
    assert str(info.value).startswith(f"{path}: the file cannot be read: it is ")
    assert str(info.value).endswith(hostile.NOT_REGULAR)


@pytest.mark.parametrize("kind", hostile.kinds(hostile.PLACEABLE))
def test_what_is_no_regular_file_in_a_crd_folder_is_reported_not_skipped(tmp_path: Path, kind: str) -> None:
    (tmp_path / "crds").mkdir()
    (tmp_path / "crds" / "a.yaml").write_text(SYNTHETIC, encoding="utf-8")
    path = hostile.make(kind, tmp_path / "crds" / "b.yaml")
    if kind == "directory":
        assert len(load_crds([tmp_path / "crds"]).schemas) == 1
        return
    with pytest.raises(ValueError, match=f"^{re.escape(str(path))}: the file cannot be read: .*not a regular file$"):
        hostile.call_within(lambda: load_crds([tmp_path / "crds"]), fifos=[path])


def _bomb(levels: int) -> str:
    lines = ["type: object\n", "x-kubernetes-preserve-unknown-fields: true\n", "default:\n",
             "  l0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"]
    lines += [f"  l{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, levels)]
    return _with_schema("".join(lines))


@pytest.mark.parametrize("suffix", [".yaml", ".yml"])
def test_an_alias_bomb_is_refused_before_anything_is_built(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"bomb{suffix}"
    path.write_text(_bomb(12), encoding="utf-8")  # 10**12 values in ~1 KB
    start = time.monotonic()
    with pytest.raises(ValueError, match=rf"^{re.escape(str(path))}:\d+:\d+: the YAML aliases expand the file to "
                                         r"more than 500,000 values \(an alias bomb\?\)"):
        hostile.call_within(lambda: load_crds([path], cache_dir=tmp_path / "cache"))
    assert time.monotonic() - start < 5
    assert not (tmp_path / "cache").exists()  # nothing cached either


def test_modest_anchors_still_load(tmp_path: Path) -> None:
    path = tmp_path / "anchors.yaml"
    path.write_text(_with_schema("type: object\nproperties:\n  a: &s {type: string, maxLength: 3}\n  b: *s\n"),
                    encoding="utf-8")
    [schema] = load_crds([path], cache_dir=tmp_path / "cache").schemas.values()
    spec = schema["properties"]["spec"]["properties"]
    assert spec["a"] == spec["b"] and spec["a"]["maxLength"] == 3


@pytest.mark.parametrize("schema", [
    "&s {type: object, properties: {a: *s}}\n",
    "type: object\nproperties: &p\n  a: {type: object, properties: *p}\n",
    "type: array\nitems: &i {type: array, items: *i}\n",
], ids=["schema", "properties", "items"])
def test_a_recursive_alias_is_refused_not_walked_forever(tmp_path: Path, schema: str) -> None:
    path = tmp_path / "rec.yaml"
    path.write_text(_with_schema(schema), encoding="utf-8")
    with pytest.raises(ValueError, match=r":\d+:\d+: this YAML alias refers to a node that contains it"):
        hostile.call_within(lambda: load_crds([path], cache_dir=tmp_path / "cache"))


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
@pytest.mark.parametrize("depth", [250, 5000], ids=["over-the-cap", "over-the-recursion-limit"])
def test_nesting_is_capped(tmp_path: Path, suffix: str, depth: int) -> None:
    path = tmp_path / f"deep{suffix}"
    path.write_text("[" * depth + "]" * depth, encoding="utf-8")
    pattern = "nested more than 200 levels deep" if depth < 1000 or suffix == ".json" else "nesting depth"
    with pytest.raises(ValueError, match=pattern):  # libyaml's own cap (1000) comes first at 5000
        hostile.call_within(lambda: load_crds([path]))


def test_documents_per_file_are_capped(tmp_path: Path) -> None:
    path = tmp_path / "dashes.yaml"
    path.write_text("---\n" * 10_001, encoding="utf-8")
    with pytest.raises(ValueError, match=rf"^{re.escape(str(path))}:10001:1: the file holds more than 10,000 YAML "
                                         "documents"):
        load_crds([path])
    path.write_text("---\n" * 10_000, encoding="utf-8")
    assert load_crds([path]) == ConvertedCRD({}, ())


@pytest.mark.parametrize(("suffix", "text", "what"), [
    (".yaml", "- a\n" * 20, "YAML values"), (".yaml", "[" + "1," * 20 + "1]", "YAML values"),
    (".json", "[" + "1," * 20 + "1]", "JSON values"), (".json", '{"a": [[], [], [], [], [], [], [], [], [], []]}', "JSON values"),
])
def test_values_per_file_are_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str, text: str,
                                    what: str) -> None:
    monkeypatch.setattr(fluxc.crds.load, "MAX_CRD_NODES", 10)  # the real cap (500,000) works the same, slower
    path = tmp_path / f"many{suffix}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=f"the file holds more than 10 {what}"):
        load_crds([path])


def test_bytes_per_file_are_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fluxc.crds.load, "MAX_CRD_BYTES", 2 << 20)
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (2 << 20))
    assert load_crds([path]) == ConvertedCRD({}, ())  # exactly at the cap: read
    path.write_bytes(b"#" * ((2 << 20) + 1))
    with pytest.raises(ValueError, match=r"the file is larger than 2 MiB, the limit for a CRD file"):
        load_crds([path])


@pytest.mark.parametrize("value", ["!!set {a, b}", "!!binary aGVsbG8=", "2020-01-01", "2001-12-14t21:59:43.10-05:00",
                                   "{1: a}", ".nan", "!!omap [{a: 1}]"])
def test_yaml_only_values_in_a_crd_never_break_the_cache(tmp_path: Path, value: str) -> None:
    path = tmp_path / "odd.yaml"
    path.write_text(_with_schema(f"type: object\nx-kubernetes-preserve-unknown-fields: true\ndefault: {{x: {value}}}\n"),
                    encoding="utf-8")
    fresh = load_crds([path], cache_dir=tmp_path / "cache")
    assert load_crds([path], cache_dir=tmp_path / "cache").schemas.keys() == fresh.schemas.keys()
