"""fluxc's own JSON Schemas for the Flux kinds it emits (schemas/flux/).

The schemas are hand-written. These tests check that they are valid Draft
2020-12, that they agree field by field with the official Flux CRDs kept in
../shared/flux-crds (read at test time, never copied into the repo), and that
they accept what `flux create … --export` prints and reject broken documents.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from fluxc.targets.flux.kinds import KINDS as FLUX_TABLE
from helpers import flux_samples
from helpers.flux_samples import put
from helpers.paths import REPO, shared_dir

Doc = dict[str, Any]

SCHEMA_DIR = REPO / "schemas" / "flux"

# kind -> (apiVersion, our schema file under schemas/flux, upstream CRD file): every kind of the kinds table
KINDS: dict[str, tuple[str, str, str]] = {
    k.kind: (k.api_version, k.schema_file.removeprefix("flux/"), f"{k.group}_{k.plural}.yaml")
    for k in FLUX_TABLE if k.schema_file
}
KIND_NAMES = sorted(KINDS)

# Keywords that must carry the same value in our schema and upstream's.
COMPARED = (
    "type", "enum", "pattern", "minLength", "maxLength", "minimum", "maximum",
    "minItems", "maxItems", "required", "default",
)
RULE = "x-fluxc-rule"
# An upstream rule JSON Schema cannot say (a transition rule, uniqueness by a field): named with the reason
NOT_ENCODED = "x-fluxc-rule-not-encoded"


# --- loading -----------------------------------------------------------------

@cache
def schema(kind: str) -> Doc:
    with (SCHEMA_DIR / KINDS[kind][1]).open(encoding="utf-8") as handle:
        loaded: Doc = json.load(handle)
    return loaded


@cache
def validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(schema(kind))


def crd_dir() -> Path:
    return shared_dir("flux-crds")


@cache
def _load_crd(path: Path) -> Doc:
    with path.open(encoding="utf-8") as handle:
        loaded: Doc = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return loaded


def upstream_crd(kind: str) -> Doc:
    return _load_crd(crd_dir() / KINDS[kind][2])


def upstream_root(kind: str) -> Doc:
    root: Doc = upstream_crd(kind)["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    return root


# --- helpers -----------------------------------------------------------------

def resolve(root: Doc, node: Doc) -> Doc:
    """Inline a local `#/$defs/...` reference, keeping the keywords beside it."""
    while "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/$defs/"), ref
        target = root["$defs"][ref.removeprefix("#/$defs/")]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def rule_messages(node: Doc) -> list[str]:
    encoded = [sub[RULE]["message"] for sub in node.get("allOf", []) if RULE in sub]
    return sorted(encoded + [entry["message"] for entry in node.get(NOT_ENCODED, [])])


def _canon(key: str, value: Any) -> Any:
    if key == "type":
        return sorted([value] if isinstance(value, str) else value)
    if key in ("required", "enum"):
        return sorted(value, key=repr)
    return value


def _keywords(node: Doc, upstream: bool) -> dict[str, Any]:
    out = {k: _canon(k, node[k]) for k in COMPARED if k in node}
    if upstream and node.get("x-kubernetes-int-or-string"):
        out["type"] = ["integer", "string"]
    if upstream and node.get("nullable"):
        out["type"] = sorted(set(out.get("type", [])) | {"null"})
    return out


def _closed_upstream(node: Doc) -> bool:
    """An object upstream that keeps no unknown fields (the API server drops or rejects them)."""
    return (
        node.get("type") == "object"
        and not node.get("x-kubernetes-preserve-unknown-fields")
        and "additionalProperties" not in node
    )


def compare(root: Doc, ours: Doc, theirs: Doc, path: str, diffs: list[str]) -> None:
    ours = resolve(root, ours)
    mine, upstream = _keywords(ours, False), _keywords(theirs, True)
    for key in sorted(set(mine) | set(upstream)):
        if mine.get(key, "<absent>") != upstream.get(key, "<absent>"):
            diffs.append(f"{path}: {key} is {mine.get(key, '<absent>')!r}, upstream {upstream.get(key, '<absent>')!r}")

    expected_rules = sorted({v["message"] for v in theirs.get("x-kubernetes-validations", [])})
    if rule_messages(ours) != expected_rules:
        diffs.append(f"{path}: rules {rule_messages(ours)!r}, upstream {expected_rules!r}")

    if _closed_upstream(theirs) and ours.get("additionalProperties") is not False:
        diffs.append(f"{path}: closed upstream but open here")
    if theirs.get("x-kubernetes-preserve-unknown-fields") and ours.get("additionalProperties") is False:
        diffs.append(f"{path}: upstream preserves unknown fields but ours is closed")
    if isinstance(theirs.get("additionalProperties"), dict):
        if not isinstance(ours.get("additionalProperties"), dict):
            diffs.append(f"{path}: upstream is a map, ours is not")
        else:
            compare(root, ours["additionalProperties"], theirs["additionalProperties"], f"{path}{{*}}", diffs)

    our_props, their_props = ours.get("properties", {}), theirs.get("properties", {})
    for name in sorted(set(our_props) - set(their_props)):
        diffs.append(f"{path}.{name}: only in ours")
    for name in sorted(set(their_props) - set(our_props)):
        diffs.append(f"{path}.{name}: missing (upstream has it)")
    for name in sorted(set(our_props) & set(their_props)):
        compare(root, our_props[name], their_props[name], f"{path}.{name}", diffs)

    if ("items" in ours) != ("items" in theirs):
        diffs.append(f"{path}[]: items only on one side")
    elif "items" in theirs:
        compare(root, ours["items"], theirs["items"], f"{path}[]", diffs)


def walk(node: Any, skip_rules: bool = False) -> Iterator[Doc]:
    """Every dict inside a JSON value, depth first; skip_rules leaves out the CEL-rule subschemas."""
    if isinstance(node, dict):
        if skip_rules and RULE in node:
            return
        yield node
        for value in node.values():
            yield from walk(value, skip_rules)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value, skip_rules)


def doc(kind: str, spec: Doc) -> Doc:
    return {
        "apiVersion": KINDS[kind][0],
        "kind": kind,
        "metadata": {"name": "podinfo", "namespace": "flux-system"},
        "spec": spec,
    }


def errors(kind: str, document: Doc) -> list[ValidationError]:
    return list(validator(kind).iter_errors(document))


def describe(errs: list[ValidationError]) -> str:
    return "; ".join(f"{'.'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in errs)


# --- the schemas themselves --------------------------------------------------

@pytest.mark.parametrize("kind", KIND_NAMES)
def test_schema_is_valid_draft_2020_12(kind: str) -> None:
    s = schema(kind)
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(s)


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_root_shape(kind: str) -> None:
    s = schema(kind)
    assert s["properties"]["apiVersion"] == {"const": KINDS[kind][0]}
    assert s["properties"]["kind"] == {"const": kind}
    assert s["required"] == ["apiVersion", "kind", "metadata", "spec"]
    assert s["additionalProperties"] is False
    assert s["properties"]["metadata"] == {"$ref": "#/$defs/objectMeta"}


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_refs_resolve_and_every_def_is_used(kind: str) -> None:
    s = schema(kind)
    refs = {n["$ref"] for n in walk(s) if isinstance(n.get("$ref"), str)}
    names = {r.removeprefix("#/$defs/") for r in refs}
    assert all(r.startswith("#/$defs/") for r in refs), refs
    assert names <= set(s["$defs"]), names - set(s["$defs"])
    assert set(s["$defs"]) <= names, f"unused $defs: {sorted(set(s['$defs']) - names)}"


def test_metadata_schema_is_identical_in_every_file() -> None:
    copies = {kind: schema(kind)["$defs"]["objectMeta"] for kind in KIND_NAMES}
    first = copies[KIND_NAMES[0]]
    assert [k for k, v in copies.items() if v != first] == []


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_every_object_with_properties_is_closed(kind: str) -> None:
    """Only `status` and HelmRelease `values` (preserved upstream) may be open."""
    open_objects = [
        n for n in walk(schema(kind), skip_rules=True)
        if "properties" in n and n.get("additionalProperties") is not False
    ]
    assert open_objects == []


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_no_upstream_generated_text(kind: str) -> None:
    text = (SCHEMA_DIR / KINDS[kind][1]).read_text(encoding="utf-8")
    for marker in ("controller-gen" + ".kubebuilder.io", "openAPIV3Schema", "x-kubernetes-"):
        assert marker not in text


# --- conformance with upstream ------------------------------------------------

@pytest.mark.parametrize("kind", KIND_NAMES)
def test_conforms_to_upstream_crd(kind: str) -> None:
    crd = upstream_crd(kind)
    served = [v["name"] for v in crd["spec"]["versions"] if v.get("served")]
    assert [f"{crd['spec']['group']}/{v}" for v in served] == [KINDS[kind][0]]
    assert crd["spec"]["names"]["kind"] == kind

    ours = schema(kind)
    diffs: list[str] = []
    compare(ours, ours["properties"]["spec"], upstream_root(kind)["properties"]["spec"], "spec", diffs)
    assert not diffs, f"{kind}: {len(diffs)} difference(s) from upstream:\n" + "\n".join(diffs)


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_descriptions_are_our_own(kind: str) -> None:
    """No upstream description line (of any length worth the name) is reused."""
    upstream_lines = {
        line.strip()
        for n in walk(upstream_root(kind))
        if isinstance(n.get("description"), str)
        for line in n["description"].splitlines()
        if len(line.strip()) >= 30
    }
    ours = [n["description"] for n in walk(schema(kind)) if isinstance(n.get("description"), str)]
    copied = sorted({line for line in upstream_lines for d in ours if line in d})
    copied += sorted(d for d in ours if len(d) >= 40 and any(d in line for line in upstream_lines))
    assert copied == []


def test_conformance_check_catches_drift() -> None:
    """The walker itself must notice a changed type, a lost enum value, an extra field and an open object."""
    crd_dir()
    ours = copy.deepcopy(schema("Kustomization"))
    spec = ours["properties"]["spec"]
    spec["properties"]["prune"]["type"] = "string"
    spec["properties"]["deletionPolicy"]["enum"] = ["Delete"]
    spec["properties"]["bogus"] = {"type": "string"}
    del spec["properties"]["sourceRef"]["additionalProperties"]
    diffs: list[str] = []
    compare(ours, spec, upstream_root("Kustomization")["properties"]["spec"], "spec", diffs)
    joined = "\n".join(diffs)
    for expected in ("spec.prune: type", "spec.deletionPolicy: enum", "spec.bogus: only in ours", "spec.sourceRef: closed upstream"):
        assert expected in joined


# --- sample documents ---------------------------------------------------------

MINIMAL: dict[str, Doc] = {
    "GitRepository": doc("GitRepository", {"interval": "1m0s", "url": "https://github.com/stefanprodan/podinfo"}),
    "HelmRepository": doc("HelmRepository", {"url": "https://stefanprodan.github.io/podinfo"}),
    "OCIRepository": doc("OCIRepository", {"interval": "5m0s", "url": "oci://ghcr.io/stefanprodan/manifests/podinfo"}),
    "HelmRelease": doc("HelmRelease", {
        "chart": {"spec": {"chart": "podinfo", "sourceRef": {"kind": "HelmRepository", "name": "podinfo"}}},
        "interval": "1m0s",
    }),
    "Kustomization": doc("Kustomization", {
        "interval": "1m0s", "prune": False, "sourceRef": {"kind": "GitRepository", "name": "podinfo"},
    }),
}

# Exactly what `flux create … --export` prints (flux v2.9.4).
FLUX_EXPORT: dict[str, Doc] = {
    "helmrelease-chart": doc("HelmRelease", {
        "chart": {"spec": {
            "chart": "podinfo",
            "reconcileStrategy": "ChartVersion",
            "sourceRef": {"kind": "HelmRepository", "name": "podinfo"},
        }},
        "interval": "1m0s",
    }),
    "helmrelease-chartref": doc("HelmRelease", {
        "chartRef": {"kind": "OCIRepository", "name": "podinfo"},
        "interval": "1m0s",
    }),
    "gitrepository": doc("GitRepository", {
        "interval": "1m0s",
        "ref": {"branch": "main", "commit": "c88a2f41"},
        "url": "https://github.com/stefanprodan/podinfo",
    }),
    "ocirepository-layer-selector": doc("OCIRepository", {
        "interval": "10m0s",
        "layerSelector": {"mediaType": "application/vnd.cncf.helm.chart.content.v1.tar+gzip", "operation": "copy"},
        "ref": {"tag": "6.3.5"},
        "url": "oci://ghcr.io/stefanprodan/manifests/podinfo",
    }),
    "kustomization": doc("Kustomization", {
        "interval": "1m0s",
        "path": "./",
        "prune": False,
        "sourceRef": {"kind": "GitRepository", "name": "podinfo"},
    }),
}

# Valid documents exercising the rules and the less common shapes.
MORE_VALID: dict[str, Doc] = {
    "git-sa-with-azure": doc("GitRepository", {
        "interval": "1m0s", "url": "https://dev.azure.com/o/p/_git/r", "provider": "azure", "serviceAccountName": "sa",
    }),
    "git-everything": doc("GitRepository", {
        "interval": "1h", "url": "ssh://git@github.com/o/r", "timeout": "1m30s", "ignore": "/*\n!/deploy",
        "include": [{"repository": {"name": "other"}, "fromPath": "a", "toPath": "b"}],
        "ref": {"semver": ">=1.0.0"}, "secretRef": {"name": "s"}, "proxySecretRef": {"name": "p"},
        "recurseSubmodules": True, "sparseCheckout": ["deploy"], "suspend": False,
        "verify": {"mode": "TagAndHEAD", "secretRef": {"name": "keys"}},
    }),
    "helmrepo-oci": doc("HelmRepository", {
        "interval": "5m0s", "type": "oci", "provider": "aws", "url": "oci://ghcr.io/o/charts",
        "accessFrom": {"namespaceSelectors": [{"matchLabels": {"team": "a"}}]},
    }),
    "oci-verify": doc("OCIRepository", {
        "interval": "5m", "url": "oci://ghcr.io/o/r", "ref": {"semver": "^1", "semverFilter": ".*-rc.*"},
        "verify": {"provider": "cosign", "matchOIDCIdentity": [{"issuer": "github", "subject": "x"}]},
    }),
    "hr-full": doc("HelmRelease", {
        "chartRef": {"kind": "HelmChart", "name": "c", "namespace": "flux-system"},
        "interval": "10m",
        "kubeConfig": {"secretRef": {"name": "kc", "key": "value"}},
        "install": {"crds": "CreateReplace", "strategy": {"name": "RetryOnFailure", "retryInterval": "2m"},
                    "remediation": {"retries": -1}},
        "upgrade": {"strategy": {"name": "RetryOnFailure", "retryInterval": "1m"}, "serverSideApply": "auto",
                    "remediation": {"strategy": "uninstall", "retries": 3}},
        "values": {"replicaCount": 2, "nested": {"anything": [1, "two", None]}},
        "valuesFrom": [{"kind": "ConfigMap", "name": "v", "valuesKey": "values.yaml", "targetPath": "a.b[0]"}],
        "driftDetection": {"mode": "warn", "ignore": [{"paths": ["/spec/replicas"], "target": {"kind": "Deployment"}}]},
        "postRenderers": [{"kustomize": {"patches": [{"patch": "x", "target": {"name": "n"}}], "images": [{"name": "i"}]}}],
        "waitStrategy": {"name": "poller"},
    }),
    "hr-install-strategy-remediate": doc("HelmRelease", {
        "chartRef": {"kind": "OCIRepository", "name": "p"}, "interval": "1m",
        "install": {"strategy": {"name": "RemediateOnFailure"}},
    }),
    "ks-full": doc("Kustomization", {
        "interval": "1m", "prune": True, "sourceRef": {"kind": "OCIRepository", "name": "p", "namespace": "x"},
        "kubeConfig": {"configMapRef": {"name": "kc"}},
        "postBuild": {"substitute": {"a": "b"}, "substituteFrom": [{"kind": "Secret", "name": "s", "optional": True}],
                      "substituteStrategy": "Always"},
        "decryption": {"provider": "sops", "secretRef": {"name": "age"}},
        "buildMetadata": ["originAnnotations"], "deletionPolicy": "Orphan",
        "healthCheckExprs": [{"apiVersion": "v1", "kind": "X", "current": "true"}],
        "dependsOn": [{"name": "infra", "readyExpr": "true"}],
        "commonMetadata": {"labels": {"a": "b"}},
    }),
    "with-status-and-server-metadata": {
        **MINIMAL["Kustomization"],
        "metadata": {"name": "a.b-c", "namespace": "x", "uid": "u", "resourceVersion": "1", "generation": 2,
                     "creationTimestamp": None, "labels": {"a": "b"}, "annotations": {"c": "d"},
                     "finalizers": ["f"], "ownerReferences": [{"kind": "X"}], "managedFields": [{"manager": "m"}]},
        "status": {"conditions": []},
    },
}


for _group in flux_samples.modules():  # the kinds fluxc does not emit, one module per API group
    MINIMAL.update(_group.MINIMAL)
    MORE_VALID.update(_group.MORE_VALID)


@pytest.mark.parametrize("name", sorted(MINIMAL) + sorted(FLUX_EXPORT) + sorted(MORE_VALID))
def test_valid_documents_pass(name: str) -> None:
    document = {**MINIMAL, **FLUX_EXPORT, **MORE_VALID}[name]
    errs = errors(document["kind"], document)
    assert errs == [], describe(errs)


def test_flux_export_goldens_pass() -> None:
    """Every golden output of upstream's `flux create` tests, when they are present."""
    checked, failures = 0, []
    for path in sorted(shared_dir("flux-export").iterdir()):
        if path.suffix not in (".yaml", ".golden"):
            continue
        text = path.read_text(encoding="utf-8").replace("{{ .fluxns }}", "flux-system")
        for document in yaml.safe_load_all(text):
            if document is None:
                continue
            checked += 1
            errs = errors(document["kind"], document)
            if errs:
                failures.append(f"{path.name}: {describe(errs)}")
    assert checked >= 10
    assert failures == []


HR, KS, GIT, OCI, HREPO = (MINIMAL[k] for k in ("HelmRelease", "Kustomization", "GitRepository", "OCIRepository", "HelmRepository"))
HR_REF = FLUX_EXPORT["helmrelease-chartref"]

# (id, document, JSON Schema keyword expected to fail)
INVALID: list[tuple[str, Doc, str]] = [
    # unknown fields
    *[(f"{k}-unknown-spec-field", put(MINIMAL[k], "spec.bogus", 1), "additionalProperties") for k in KIND_NAMES],
    ("root-unknown-field", put(GIT, "bogus", 1), "additionalProperties"),
    ("metadata-unknown-field", put(GIT, "metadata.bogus", 1), "additionalProperties"),
    ("git-ref-unknown-field", put(GIT, "spec.ref", {"branch": "main", "bogus": "x"}), "additionalProperties"),
    ("hr-sourceref-unknown-field", put(HR, "spec.chart.spec.sourceRef.bogus", "x"), "additionalProperties"),
    ("hr-chartref-unknown-field", put(HR_REF, "spec.chartRef.bogus", "x"), "additionalProperties"),
    ("ks-sourceref-unknown-field", put(KS, "spec.sourceRef.bogus", "x"), "additionalProperties"),
    ("oci-layerselector-unknown-field", put(OCI, "spec.layerSelector", {"mediaType": "x", "bogus": 1}), "additionalProperties"),
    ("helmrepo-secretref-unknown-field", put(HREPO, "spec.secretRef", {"name": "s", "key": "k"}), "additionalProperties"),
    ("ks-patch-target-unknown-field", put(KS, "spec.patches", [{"patch": "p", "target": {"bogus": "x"}}]), "additionalProperties"),
    ("removed-beta-field", put(KS, "spec.validation", "client"), "additionalProperties"),
    ("removed-beta-field-git", put(GIT, "spec.gitImplementation", "go-git"), "additionalProperties"),
    ("removed-beta-field-hr", put(HR, "spec.chart.spec.valuesFile", "v.yaml"), "additionalProperties"),
    # wrong types
    ("ks-prune-string", put(KS, "spec.prune", "false"), "type"),
    ("hr-maxhistory-string", put(HR, "spec.maxHistory", "5"), "type"),
    ("git-interval-int", put(GIT, "spec.interval", 60), "type"),
    ("git-suspend-string", put(GIT, "spec.suspend", "yes"), "type"),
    ("hr-spec-list", put(HR, "spec", []), "type"),
    ("metadata-label-int", put(GIT, "metadata.labels", {"a": 1}), "type"),
    ("ks-substitute-int", put(KS, "spec.postBuild", {"substitute": {"a": 1}}), "type"),
    # enums and constants
    ("oci-operation", put(OCI, "spec.layerSelector", {"operation": "move"}), "enum"),
    ("ks-decryption-provider", put(KS, "spec.decryption", {"provider": "age"}), "enum"),
    ("ks-sourceref-kind", put(KS, "spec.sourceRef.kind", "HelmRepository"), "enum"),
    ("hr-sourceref-kind", put(HR, "spec.chart.spec.sourceRef.kind", "OCIRepository"), "enum"),
    ("hr-chartref-kind", put(HR_REF, "spec.chartRef.kind", "GitRepository"), "enum"),
    ("hr-reconcile-strategy", put(HR, "spec.chart.spec.reconcileStrategy", "ChartRevision"), "enum"),
    ("git-provider", put(GIT, "spec.provider", "gcp"), "enum"),
    ("helmrepo-type", put(HREPO, "spec.type", "git"), "enum"),
    ("old-api-version", put(KS, "apiVersion", "kustomize.toolkit.fluxcd.io/v1beta2"), "const"),
    ("wrong-kind", put(KS, "kind", "HelmRelease"), "const"),
    # patterns and lengths
    ("interval-words", put(KS, "spec.interval", "1 minute"), "pattern"),
    ("interval-negative", put(HR, "spec.interval", "-1m0s"), "pattern"),
    ("git-url-scheme", put(GIT, "spec.url", "git@github.com:o/r"), "pattern"),
    ("oci-url-scheme", put(OCI, "spec.url", "https://ghcr.io/o/r"), "pattern"),
    ("helmrepo-url-scheme", put(HREPO, "spec.url", "ftp://example.com"), "pattern"),
    ("source-timeout-hours", put(GIT, "spec.timeout", "1h0m0s"), "pattern"),
    ("hr-valuesfrom-targetpath", put(HR, "spec.valuesFrom", [{"kind": "Secret", "name": "s", "targetPath": "a b"}]), "pattern"),
    ("hr-release-name-too-long", put(HR, "spec.releaseName", "r" * 54), "maxLength"),
    ("hr-target-namespace-empty", put(HR, "spec.targetNamespace", ""), "minLength"),
    ("ks-name-prefix-empty", put(KS, "spec.namePrefix", ""), "minLength"),
    ("bad-metadata-name", put(HR, "metadata.name", "Bad_Name"), "pattern"),
    ("metadata-name-too-long", put(HR, "metadata.name", "a" * 254), "maxLength"),
    ("bad-metadata-namespace", put(HR, "metadata.namespace", "flux.system"), "pattern"),
    # missing required fields
    ("missing-metadata-name", put(HR, "metadata.name", ...), "required"),
    ("missing-metadata", put(HR, "metadata", ...), "required"),
    ("missing-spec", put(GIT, "spec", ...), "required"),
    ("ks-missing-prune", put(KS, "spec.prune", ...), "required"),
    ("ks-missing-sourceref", put(KS, "spec.sourceRef", ...), "required"),
    ("git-missing-url", put(GIT, "spec.url", ...), "required"),
    ("helmrepo-missing-url", put(HREPO, "spec.url", ...), "required"),
    ("oci-missing-interval", put(OCI, "spec.interval", ...), "required"),
    ("hr-missing-interval", put(HR, "spec.interval", ...), "required"),
    ("hr-chart-missing-sourceref", put(HR, "spec.chart.spec.sourceRef", ...), "required"),
    ("oci-verify-missing-provider", put(OCI, "spec.verify", {"secretRef": {"name": "k"}}), "required"),
    ("git-verify-missing-secretref", put(GIT, "spec.verify", {"mode": "HEAD"}), "required"),
    ("ks-dependson-missing-name", put(KS, "spec.dependsOn", [{"namespace": "x"}]), "required"),
]
INVALID += [case for group in flux_samples.modules() for case in group.INVALID]


@pytest.mark.parametrize(("document", "keyword"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_invalid_documents_fail(document: Doc, keyword: str) -> None:
    errs = errors(document["kind"], document)
    assert errs, "accepted an invalid document"
    assert keyword in {e.validator for e in errs}, describe(errs)


# (id, document, upstream message of the CEL rule it breaks)
CHART_MSG = "either chart or chartRef must be set"
KUBECONFIG_MSG = "exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef must be specified"
BOTH_KUBECONFIG = {"configMapRef": {"name": "a"}, "secretRef": {"name": "b"}}
RULE_BREAKERS: list[tuple[str, Doc, str]] = [
    ("hr-chart-and-chartref", put(HR, "spec.chartRef", {"kind": "OCIRepository", "name": "podinfo"}), CHART_MSG),
    ("hr-neither-chart-nor-chartref", put(HR, "spec.chart", ...), CHART_MSG),
    ("hr-kubeconfig-both", put(HR, "spec.kubeConfig", BOTH_KUBECONFIG), KUBECONFIG_MSG),
    ("hr-kubeconfig-neither", put(HR, "spec.kubeConfig", {}), KUBECONFIG_MSG),
    ("ks-kubeconfig-both", put(KS, "spec.kubeConfig", BOTH_KUBECONFIG), KUBECONFIG_MSG),
    ("ks-kubeconfig-neither", put(KS, "spec.kubeConfig", {}), KUBECONFIG_MSG),
    ("hr-install-remediate-with-retry", put(HR, "spec.install", {"strategy": {"name": "RemediateOnFailure", "retryInterval": "1m"}}),
     ".retryInterval cannot be set when .name is 'RemediateOnFailure'"),
    ("hr-upgrade-remediate-with-retry", put(HR, "spec.upgrade", {"strategy": {"name": "RemediateOnFailure", "retryInterval": "1m"}}),
     ".retryInterval can only be set when .name is 'RetryOnFailure'"),
    ("git-sa-without-provider", put(GIT, "spec.serviceAccountName", "sa"),
     "serviceAccountName can only be set when provider is 'azure' or 'aws'"),
    ("git-sa-with-github", put(put(GIT, "spec.serviceAccountName", "sa"), "spec.provider", "github"),
     "serviceAccountName can only be set when provider is 'azure' or 'aws'"),
]
RULE_BREAKERS += [case for group in flux_samples.modules() for case in group.RULE_BREAKERS]


@pytest.mark.parametrize(("document", "message"), [c[1:] for c in RULE_BREAKERS], ids=[c[0] for c in RULE_BREAKERS])
def test_cel_rules_fail_with_upstream_message(document: Doc, message: str) -> None:
    """The failing subschema carries upstream's message, so a validator can report it."""
    errs = errors(document["kind"], document)
    assert [e.schema.get(RULE, {}).get("message") for e in errs] == [message], describe(errs)


def test_every_rule_is_exercised() -> None:
    in_schemas = {sub[RULE]["message"] for k in KIND_NAMES for n in walk(schema(k)) for sub in n.get("allOf", [])
                  if RULE in sub}
    assert in_schemas == {c[2] for c in RULE_BREAKERS}
