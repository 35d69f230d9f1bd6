"""fluxc.validate.documents: one document of a repository judged as kustomize and Flux will read it.

Documents are inline YAML parsed by `parse_documents(..., each_document=True)`, as `fluxc validate` reads a
repository, and judged with the bundled catalogue and kubernetes-validate's newest Kubernetes version.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, JsonPath
from fluxc.targets.flux.catalog import bundled_catalog, crds_catalog
from fluxc.targets.flux.substitution import DISABLE_ANNOTATION
from fluxc.validate.documents import (
    CUSTOM_RESOURCE,
    JSON_PATCH,
    KUSTOMIZE_INPUT,
    NOT_KUBERNETES,
    Judged,
    is_kubernetes,
    judge,
)
from fluxc.yaml.load import parse_documents
from helpers.documents import HELM_RELEASE, OLD_KUSTOMIZATION
from helpers.snippets import GIT_REPOSITORY, edit, flux_object, web_deployment, web_service

FILE = "clusters/prod/apps.yaml"
PREFIX = "with its post-build variables at their defaults: "
Brief = tuple[str, JsonPath, tuple[int, int] | None]

# A valid Flux Kustomization: `spec:` on line 6, `sourceRef:` on line 10, 12 lines; added lines start on line 13.
KUSTOMIZATION = flux_object("kustomize.toolkit.fluxcd.io/v1", "Kustomization", """\
spec:
  interval: 10m
  path: ./apps
  prune: true
  sourceRef:
    kind: GitRepository
    name: podinfo
""", name="apps")
# A valid Deployment: the container `app` on line 15; added container keys start on line 17.
DEPLOYMENT = web_deployment("        - name: app\n          image: nginx:1.27\n")
SOPS = "sops:\n  mac: ENC[AES256_GCM,data:mac,type:str]\n  version: 3.8.1\n"
ENC = "ENC[AES256_GCM,data:abc=,iv:def=,tag:ghi=,type:str]"


def judged(text: str, role: str | None = None) -> Judged:
    [document] = parse_documents(text, FILE, each_document=True)
    result = judge(document, bundled_catalog(), None, role)
    assert result.status in ("valid", "invalid", "skipped")
    for diag in result.diagnostics:
        assert diag.file == FILE
    assert (result.status == "invalid") == any(d.is_error for d in result.diagnostics)
    return result


def brief(found: list[Diagnostic]) -> list[Brief]:
    """(code, path, span) of each diagnostic, in the order of the file."""
    ordered = sorted(found, key=lambda d: (d.span or (0, 0), d.code))
    return [(d.code, d.path, (d.span.line, d.span.col) if d.span else None) for d in ordered]


def errors(text: str, role: str | None = None) -> list[Brief]:
    result = judged(text, role)
    assert result.status == "invalid", result
    return brief(result.diagnostics)


def valid(text: str, role: str | None = None) -> None:
    assert judged(text, role) == Judged("valid", [])


@pytest.mark.parametrize("text", [KUSTOMIZATION, DEPLOYMENT, GIT_REPOSITORY, HELM_RELEASE, web_service("http")],
                         ids=["Kustomization", "Deployment", "GitRepository", "HelmRelease", "Service"])
def test_a_valid_object(text: str) -> None:
    valid(text)


# --------------------------------------------------------------------------- skipped

def skipped_note(result: Judged) -> Diagnostic:
    assert result.status == "skipped"
    [note] = result.diagnostics
    assert (note.code, note.severity, note.path, note.span) == (codes.SKIPPED, "note", (), (1, 1))
    return note


@pytest.mark.parametrize("text", [
    "version: '3'\ntasks:\n  build:\n    cmds: [make]\n",  # a Taskfile
    "metadata:\n  name: x\nspec: {}\n",  # looks like an object, but neither apiVersion nor kind
    "- apiVersion: v1\n  kind: ConfigMap\n",  # a list
    "just some text\n",  # a scalar
    "42\n",
], ids=["taskfile", "no-apiVersion-or-kind", "list", "string", "integer"])
def test_yaml_that_is_no_kubernetes_object_is_skipped(text: str) -> None:
    result = judged(text)
    assert result.skipped == NOT_KUBERNETES
    note = skipped_note(result)
    assert note.message == "skipped: no `apiVersion` or `kind`, so not a Kubernetes object"
    assert note.hint == ""


@pytest.mark.parametrize("text", ["apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n", "- a\n- b\n",
                                  "key: value\n", "plain text\n"], ids=["object", "list", "mapping", "string"])
def test_a_kustomize_input_is_skipped(text: str) -> None:
    result = judged(text, "input")
    assert result.skipped == KUSTOMIZE_INPUT
    assert skipped_note(result).message == ("skipped: a file a kustomization reads as data (a generator input, "
                                            "configuration, replacement or values file), not an object")


def test_whatever_a_kustomize_input_holds_is_data() -> None:
    """kustomize reads a generator input as data: even a broken Flux object there is never applied."""
    broken = edit(GIT_REPOSITORY, "  url: https://github.com/stefanprodan/podinfo\n", "")
    assert judged(broken, "input").skipped == KUSTOMIZE_INPUT
    assert errors(broken) == [(codes.MISSING_KEY, ("spec", "url"), (6, 1))]  # the same file as a resource


def test_a_json_patch_is_skipped() -> None:
    result = judged("- op: replace\n  path: /spec/replicas\n  value: 3\n", "patch")
    assert result.skipped == JSON_PATCH
    assert skipped_note(result).message == "skipped: a JSON 6902 patch (a list of operations)"


def test_a_list_that_is_no_patch_is_not_kubernetes() -> None:
    assert judged("- op: replace\n").skipped == NOT_KUBERNETES


def test_a_custom_resource_without_schema_is_skipped() -> None:
    text = ("apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web\nspec:\n"
            "  secretName: web-tls\n  bogus: 1\n")
    result = judged(text)
    assert result.skipped == CUSTOM_RESOURCE
    note = skipped_note(result)
    assert note.message == "Certificate (cert-manager.io/v1) is a custom resource fluxc has no schema for: skipped"
    assert note.hint == "pass --crds with its CRD to check it"


def test_a_mapping_with_kind_but_no_api_version_is_an_object_without_it() -> None:
    result = judged("kind: GitRepository\nmetadata:\n  name: x\n")
    assert brief(result.diagnostics) == [(codes.NOT_AN_OBJECT, ("apiVersion",), (1, 1))]
    assert result.diagnostics[0].message == "`apiVersion` is missing"
    assert result.skipped is None


@pytest.mark.parametrize(("data", "expected"), [
    ({"apiVersion": "v1"}, True), ({"kind": "X"}, True), ({"version": 3}, False), (["kind"], False),
    ("kind", False), (None, False),
])
def test_is_kubernetes(data: object, expected: bool) -> None:
    assert is_kubernetes(data) is expected


# --------------------------------------------------------------------------- the loader's problems

TASKFILE = "version: '3'\ntasks:\n  home:\n    dir: !env_var HOME\n"


def test_a_custom_tag_outside_kubernetes_is_no_error() -> None:
    [document] = parse_documents(TASKFILE, FILE, each_document=True)
    assert [d.code for d in document.problems] == [codes.TAG_REFUSED]  # found, and left to judge
    assert judged(TASKFILE).skipped == NOT_KUBERNETES


def test_a_duplicate_key_outside_kubernetes_is_no_error() -> None:
    assert judged("name: a\nname: b\n").skipped == NOT_KUBERNETES


def test_a_custom_tag_in_a_kubernetes_object_is_an_error() -> None:
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  home: !env_var HOME\nbogus: 1\n"
    result = judged(text)
    # only the loader's problem: the object is not checked further
    assert brief(result.diagnostics) == [(codes.TAG_REFUSED, ("data", "home"), (6, 9))]
    assert result.diagnostics[0].message == "the tag `!env_var` is not allowed"


def test_a_duplicate_key_in_a_kubernetes_object_is_an_error() -> None:
    text = edit(KUSTOMIZATION, "  prune: true\n", "  prune: true\n  prune: false\n")
    result = judged(text)
    assert brief(result.diagnostics) == [(codes.DUPLICATE_KEY, ("spec", "prune"), (10, 3))]
    assert result.diagnostics[0].message == "the key `prune` is repeated; it was first set on line 9"


# --------------------------------------------------------------------------- as applied: nulls, SOPS

def test_nulls_are_dropped() -> None:
    valid(KUSTOMIZATION + "  suspend: null\n  timeout: ~\n  postBuild:\n  dependsOn:\n")


def test_a_null_list_item_is_still_an_error() -> None:
    assert errors(KUSTOMIZATION + "  components:\n    - null\n") == [
        (codes.WRONG_TYPE, ("spec", "components", 0), (14, 7))]


def test_sops_values_are_not_format_checked_in_a_sops_document() -> None:
    text = KUSTOMIZATION + f"  timeout: {ENC}\n  retryInterval: {ENC}\n" + SOPS
    valid(text)


def test_sops_looking_values_are_checked_without_a_sops_block() -> None:
    result = judged(KUSTOMIZATION + f"  timeout: {ENC}\n")
    assert brief(result.diagnostics) == [(codes.BAD_FORMAT, ("spec", "timeout"), (13, 12))]
    assert result.diagnostics[0].message == f"'{ENC}' is not a Go duration such as 30s, 5m, 1h or 1h30m (units ms, s, m, h)"


def test_a_sops_document_still_has_its_other_problems_reported() -> None:
    text = KUSTOMIZATION + f"  timeout: {ENC}\n  retryInterval: 5 minutes\n" + SOPS
    assert errors(text) == [(codes.BAD_FORMAT, ("spec", "retryInterval"), (14, 18))]


# --------------------------------------------------------------------------- post-build variables

def test_open_values_are_not_checked() -> None:
    text = edit(KUSTOMIZATION, "  interval: 10m\n", "  interval: ${INTERVAL}\n")
    text = edit(text, "  prune: true\n", "  prune: ${PRUNE}\n")
    valid(text + "  timeout: every ${T}\n")


def test_open_metadata_is_not_checked() -> None:
    text = edit(KUSTOMIZATION, "  name: apps\n", "  name: ${NAME}\n  labels:\n    ${KEY}: x\n    tier: '${TIER} x'\n")
    valid(text)


def test_defaults_are_checked_and_said() -> None:
    text = edit(KUSTOMIZATION, "  prune: true\n", "  prune: ${PRUNE:=maybe}\n")
    result = judged(text + "  timeout: ${T:=1 hour}\n  retryInterval: ${R:=1m}\n  wait: \"${W:=true}\"\n")
    assert brief(result.diagnostics) == [
        (codes.WRONG_TYPE, ("spec", "prune"), (9, 10)),
        (codes.BAD_FORMAT, ("spec", "timeout"), (13, 12)),
        (codes.WRONG_TYPE, ("spec", "wait"), (15, 9)),  # quoted: the default stays the string "true"
    ]
    messages = {d.path[-1]: d.message for d in result.diagnostics}
    assert messages == {
        "prune": PREFIX + "expected a boolean (true or false), got a string",
        "timeout": PREFIX + "'1 hour' is not a Go duration such as 30s, 5m, 1h or 1h30m (units ms, s, m, h)",
        "wait": PREFIX + "expected a boolean (true or false), got a string",
    }


def test_a_good_default_is_valid() -> None:
    text = edit(KUSTOMIZATION, "  interval: 10m\n", "  interval: ${INTERVAL:=10m}\n")
    valid(text + "  wait: ${WAIT:-true}\n  timeout: ${T:=${DEFAULT_T:=5m}}\n")


def test_a_default_in_metadata_is_checked() -> None:
    text = edit(KUSTOMIZATION, "  name: apps\n", "  name: apps\n  labels:\n    tier: ${TIER:=bad value!}\n")
    result = judged(text)
    assert brief(result.diagnostics) == [(codes.BAD_METADATA, ("metadata", "labels", "tier"), (6, 11))]
    assert result.diagnostics[0].message.startswith(PREFIX + "invalid label value `bad value!`: ")


def test_a_malformed_variable_is_flx510() -> None:
    result = judged(KUSTOMIZATION + "  timeout: ${TIMEOUT\n  targetNamespace: ${}\n")
    assert brief(result.diagnostics) == [(codes.BAD_VARIABLE, ("spec", "timeout"), (13, 12)),
                                         (codes.BAD_VARIABLE, ("spec", "targetNamespace"), (14, 20))]
    assert result.status == "invalid"
    assert result.diagnostics[0].message == ("a malformed post-build variable: `${TIMEOUT` has no closing `}`; Flux "
                                             "cannot substitute this object")


def test_variables_in_a_built_in_object() -> None:
    valid(edit(DEPLOYMENT, "  replicas: 2\n", "  replicas: ${REPLICAS}\n"))
    valid(edit(DEPLOYMENT, "  replicas: 2\n", "  replicas: ${REPLICAS:=3}\n"))
    result = judged(edit(DEPLOYMENT, "  replicas: 2\n", "  replicas: ${REPLICAS:=three}\n"))
    assert brief(result.diagnostics) == [(codes.WRONG_TYPE, ("spec", "replicas"), (7, 13))]
    assert result.diagnostics[0].message.startswith(PREFIX)


def test_the_disable_annotation_checks_values_as_written() -> None:
    text = edit(KUSTOMIZATION, "  name: apps\n", f"  name: apps\n  annotations:\n    {DISABLE_ANNOTATION}: disabled\n")
    text = edit(text, "  interval: 10m\n", "  interval: ${INTERVAL}\n")
    result = judged(text)
    assert brief(result.diagnostics) == [(codes.BAD_FORMAT, ("spec", "interval"), (9, 13))]
    assert not result.diagnostics[0].message.startswith(PREFIX)


def test_a_default_that_reads_as_null_is_dropped_too() -> None:
    valid(KUSTOMIZATION + "  timeout: ${T:=}\n")


# --------------------------------------------------------------------------- patches

DEPLOYMENT_PATCH = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n"  # lines 1-5


def test_a_partial_deployment_patch_passes() -> None:
    text = DEPLOYMENT_PATCH + "  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: app\n" \
                              "          resources: {limits: {memory: 256Mi}}\n"
    valid(text, "patch")
    # the same document as a whole object misses what a Deployment needs
    assert {code for code, _, _ in errors(text)} == {codes.MISSING_KEY}


def test_a_deployment_patch_still_has_its_types_and_fields_checked() -> None:
    text = DEPLOYMENT_PATCH + "  replicas: three\n  template:\n    spec:\n      containers:\n        - name: app\n" \
                              "          bogus: 1\n"
    assert errors(text, "patch") == [(codes.WRONG_TYPE, ("spec", "replicas"), (6, 13)),
                                     (codes.UNKNOWN_KEY, ("spec", "template", "spec", "containers", 0, "bogus"),
                                      (11, 11))]


def test_patch_directives_are_allowed() -> None:
    valid("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n$patch: delete\n", "patch")
    text = DEPLOYMENT_PATCH + ("  $retainKeys: [strategy]\n  template:\n    spec:\n"
                               "      $setElementOrder/containers:\n        - name: app\n      containers:\n"
                               "        - name: sidecar\n          $patch: delete\n")
    valid(text, "patch")


def test_a_directive_is_an_unknown_field_outside_a_patch() -> None:
    text = edit(DEPLOYMENT, "  replicas: 2\n", "  replicas: 2\n  $retainKeys: [strategy]\n")
    assert errors(text) == [(codes.UNKNOWN_KEY, ("spec", "$retainKeys"), (8, 3))]


HELM_PATCH = "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: podinfo\nspec:\n"


def test_a_partial_helm_release_patch_passes() -> None:
    text = HELM_PATCH + "  values:\n    replicaCount: 3\n"
    valid(text, "patch")
    # as a whole object: required fields and the CEL rule that wants a chart
    assert errors(text) == [(codes.MISSING_KEY, ("spec", "interval"), (5, 1)),
                            (codes.CEL_RULE_FAILED, ("spec",), (5, 1))]


def test_a_helm_release_patch_still_has_its_types_and_fields_checked() -> None:
    text = HELM_PATCH + "  interval: 5 minutes\n  suspend: sometimes\n  bogus: 1\n"
    assert errors(text, "patch") == [(codes.BAD_FORMAT, ("spec", "interval"), (6, 13)),
                                     (codes.WRONG_TYPE, ("spec", "suspend"), (7, 12)),
                                     (codes.UNKNOWN_KEY, ("spec", "bogus"), (8, 3))]


def test_a_helm_release_patch_that_deletes_it() -> None:
    valid(HELM_PATCH.replace("spec:\n", "$patch: delete\n"), "patch")


# --------------------------------------------------------------------------- built-in objects

def test_an_unknown_field_of_a_deployment() -> None:
    result = judged(DEPLOYMENT + "          bogus: 1\n")
    assert brief(result.diagnostics) == [(codes.UNKNOWN_KEY, ("spec", "template", "spec", "containers", 0, "bogus"),
                                          (17, 11))]
    assert result.diagnostics[0].message == "unknown key 'bogus'"


def test_an_unknown_field_of_a_service() -> None:
    assert errors(web_service("http") + "  bogus: 1\n") == [(codes.UNKNOWN_KEY, ("spec", "bogus"), (10, 3))]


def test_a_wrong_type_in_a_service() -> None:
    assert errors(edit(web_service("http"), "  - port: 80\n", "  - port: eighty\n")) == [
        (codes.WRONG_TYPE, ("spec", "ports", 0, "port"), (8, 13))]


def test_a_bad_label_of_a_built_in_object_is_told_once() -> None:
    text = web_deployment("        - name: app\n          image: nginx\n",
                          metadata="  labels:\n    app: web\n    tier: 'bad value!'\n")
    result = judged(text)
    assert brief(result.diagnostics) == [(codes.BAD_METADATA, ("metadata", "labels", "tier"), (7, 11))]
    assert result.diagnostics[0].message.startswith("invalid label value `bad value!`: ")


def test_a_bad_label_key_of_a_service() -> None:
    text = edit(web_service("http"), "  name: web\n", "  name: web\n  labels:\n    'bad key!': x\n")
    assert errors(text) == [(codes.BAD_METADATA, ("metadata", "labels", "bad key!"), (6, 5))]


# --------------------------------------------------------------------------- Flux objects

def test_a_flux_object_with_a_removed_api_version() -> None:
    result = judged(OLD_KUSTOMIZATION)
    assert brief(result.diagnostics) == [(codes.API_VERSION_REMOVED, ("apiVersion",), (1, 13)),
                                         (codes.FIELD_REMOVED, ("spec", "validation"), (8, 3)),
                                         (codes.FIELD_REMOVED, ("spec", "patchesStrategicMerge"), (12, 3)),
                                         (codes.FIELD_REMOVED, ("spec", "patchesJson6902"), (17, 3))]


def test_a_removed_source_api_version() -> None:
    text = GIT_REPOSITORY.replace("source.toolkit.fluxcd.io/v1", "source.toolkit.fluxcd.io/v1beta1")
    result = judged(text)
    assert brief(result.diagnostics) == [(codes.API_VERSION_REMOVED, ("apiVersion",), (1, 13))]
    assert result.diagnostics[0].message.startswith("GitRepository `source.toolkit.fluxcd.io/v1beta1` was removed in ")


@pytest.mark.parametrize(("text", "expected"), [
    (edit(GIT_REPOSITORY, "  interval: 1m\n", "  interval: 1m\n  bogus: true\n"),
     [(codes.UNKNOWN_KEY, ("spec", "bogus"), (8, 3))]),
    (flux_object("source.toolkit.fluxcd.io/v1", "HelmRepository", "spec:\n  interval: 1h\n  url: 42\n"),
     [(codes.WRONG_TYPE, ("spec", "url"), (8, 8))]),
    (flux_object("source.toolkit.fluxcd.io/v1", "OCIRepository", "spec:\n  interval: 5m\n"),
     [(codes.MISSING_KEY, ("spec", "url"), (6, 1))]),
], ids=["GitRepository", "HelmRepository", "OCIRepository"])
def test_flux_objects_are_checked_against_their_kind(text: str, expected: list[Brief]) -> None:
    assert errors(text) == expected


# --------------------------------------------------------------------------- defaults of required fields

OCI = flux_object("source.toolkit.fluxcd.io/v1", "OCIRepository", """\
spec:
  interval: 10m
  url: oci://ghcr.io/stefanprodan/manifests/podinfo
  verify:
    secretRef:
      name: cosign-pub
""")


def test_a_required_field_with_a_default_may_be_left_out() -> None:
    """The API server puts `verify.provider: cosign` in before it validates, so leaving it out is no error."""
    valid(OCI)
    # a required field without a default still is one
    assert {code for code, _, _ in errors(OCI.replace("    secretRef:\n      name: cosign-pub\n", "    secretRef: {}\n"))} \
        == {codes.MISSING_KEY}


# --------------------------------------------------------------------------- custom resources with --crds

WIDGET_CRD = """\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, listKind: WidgetList, plural: widgets, singular: widget}
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
              properties:
                size: {type: integer, minimum: 1}
              x-kubernetes-validations:
                - rule: self.size <= 10
                  message: a widget holds at most 10
"""
WIDGET = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: {size}\n"


def test_a_custom_resource_the_crds_cover_is_checked_against_them(tmp_path: Path) -> None:
    (tmp_path / "widget-crd.yaml").write_text(WIDGET_CRD)
    catalog = crds_catalog([tmp_path / "widget-crd.yaml"], cache_dir=tmp_path / "cache")
    [good, bad_type, too_big] = (parse_documents(WIDGET.format(size=size), FILE, each_document=True)[0]
                                 for size in ("3", "three", "11"))
    assert judge(good, catalog, None) == Judged("valid", [])
    assert (codes.WRONG_TYPE, ("spec", "size"), (6, 9)) in brief(judge(bad_type, catalog, None).diagnostics)
    found = judge(too_big, catalog, None).diagnostics
    assert [(d.code, d.message) for d in found] == [(codes.CEL_RULE_FAILED, "a widget holds at most 10")]
    # the same check as a Flux object's (targets.flux.resources.check_with_schema): every problem at once
    assert sorted(d.code for d in judge(bad_type, catalog, None).diagnostics) == [codes.WRONG_TYPE,
                                                                                  codes.CEL_RULE_FAILED]
    # without --crds it is a custom resource fluxc has no schema for
    assert judge(good, bundled_catalog(), None).skipped == CUSTOM_RESOURCE
