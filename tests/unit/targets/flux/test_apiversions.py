"""fluxc.targets.flux.apiversions: removed Flux API versions (FLX502) and the fields they took along (FLX503).

Documents are inline YAML parsed by `parse_single`, so spans are the ones a user
sees. The expected history is written out here, not derived from the registry,
and cross-checked against the CRDs in ../shared/flux-crds.
"""

from __future__ import annotations

import textwrap
from typing import Any

import pytest
import yaml

from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, Span
from fluxc.targets.flux.apiversions import EACH, FLUX_KINDS, check_api_version, current_api_version
from fluxc.yaml.load import parse_single
from helpers.documents import OLD_KUSTOMIZATION
from helpers.paths import shared_dir

FILE = "m.yaml"
SRC, HELM, KS = "source.toolkit.fluxcd.io", "helm.toolkit.fluxcd.io", "kustomize.toolkit.fluxcd.io"
NOTE, IMG, OP = "notification.toolkit.fluxcd.io", "image.toolkit.fluxcd.io", "fluxcd.controlplane.io"
CURRENT = {"GitRepository": f"{SRC}/v1", "HelmRepository": f"{SRC}/v1", "HelmChart": f"{SRC}/v1",
           "Bucket": f"{SRC}/v1", "OCIRepository": f"{SRC}/v1", "HelmRelease": f"{HELM}/v2",
           "Kustomization": f"{KS}/v1", "Alert": f"{NOTE}/v1beta3", "Provider": f"{NOTE}/v1beta3",
           "Receiver": f"{NOTE}/v1", "ImageRepository": f"{IMG}/v1", "ImagePolicy": f"{IMG}/v1",
           "ImageUpdateAutomation": f"{IMG}/v1", "FluxInstance": f"{OP}/v1", "ResourceSet": f"{OP}/v1",
           "ResourceSetInputProvider": f"{OP}/v1"}
SINCE = {"GitRepository": "2.0", "HelmRepository": "2.3", "HelmChart": "2.3", "Bucket": "2.4",
         "OCIRepository": "2.6", "HelmRelease": "2.3", "Kustomization": "2.0", "Alert": "2.2", "Provider": "2.2",
         "Receiver": "2.1", "ImageRepository": "2.7", "ImagePolicy": "2.7", "ImageUpdateAutomation": "2.7",
         "FluxInstance": "", "ResourceSet": "", "ResourceSetInputProvider": ""}  # the operator's: never removed
# (apiVersion, kind, when it was removed)
REMOVED = [
    *[(f"{SRC}/{v}", k, when) for k in ("GitRepository", "HelmRepository", "HelmChart", "Bucket")
      for v, when in (("v1alpha1", "before Flux 2.0"), ("v1beta1", "in Flux 2.7"), ("v1beta2", "in Flux 2.8"))],
    (f"{SRC}/v1beta2", "OCIRepository", "in Flux 2.8"),
    (f"{HELM}/v2alpha1", "HelmRelease", "before Flux 2.0"),
    (f"{HELM}/v2beta1", "HelmRelease", "in Flux 2.7"),
    (f"{HELM}/v2beta2", "HelmRelease", "in Flux 2.8"),
    (f"{KS}/v1alpha1", "Kustomization", "before Flux 2.0"),
    (f"{KS}/v1beta1", "Kustomization", "in Flux 2.7"),
    (f"{KS}/v1beta2", "Kustomization", "in Flux 2.8"),
    # notification-controller#1327 and image-*-controller (flux2#5474, flux2#5942)
    *[(f"{NOTE}/{v}", k, when) for k in ("Alert", "Provider", "Receiver")
      for v, when in (("v1alpha1", "before Flux 2.0"), ("v1beta1", "in Flux 2.7"), ("v1beta2", "in Flux 2.9"))],
    *[(f"{IMG}/{v}", k, when) for k in ("ImageRepository", "ImagePolicy", "ImageUpdateAutomation")
      for v, when in (("v1alpha1", "before Flux 2.0"), ("v1alpha2", "before Flux 2.0"), ("v1beta1", "in Flux 2.7"),
                      ("v1beta2", "in Flux 2.9"))],
]


def dd(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def obj(api_version: str, kind: str, spec: str = "  interval: 1m\n") -> str:
    return f"apiVersion: {api_version}\nkind: {kind}\nmetadata:\n  name: x\nspec:\n{spec}"


def check(text: str) -> list[Diagnostic]:
    document = parse_single(text, FILE)
    found = check_api_version(document.data, document.source_map, FILE)
    assert all(d.file == FILE and d.is_error for d in found)
    return found


def test_the_registry_holds_exactly_the_expected_history() -> None:
    assert {k.kind: k.api_version for k in FLUX_KINDS.values()} == CURRENT
    assert {k.kind: k.since for k in FLUX_KINDS.values()} == SINCE
    registered = {(f"{k.group}/{v}", k.kind, when) for k in FLUX_KINDS.values() for v, when in k.removed.items()}
    assert registered == set(REMOVED)
    assert all((k.group, k.kind) == key for key, k in FLUX_KINDS.items())


@pytest.mark.parametrize(("api_version", "kind", "when"), REMOVED, ids=[f"{k}-{a.rpartition('/')[2]}" for a, k, _ in REMOVED])
def test_a_removed_version_is_flx502_at_the_api_version_value(api_version: str, kind: str, when: str) -> None:
    [diag] = check(obj(api_version, kind))
    assert (diag.code, diag.path, diag.span) == (codes.API_VERSION_REMOVED, ("apiVersion",), Span(1, 13))
    assert diag.message == (f"{kind} `{api_version}` was removed {when}; the served version is "
                            f"`{CURRENT[kind]}` (since Flux {SINCE[kind]})")
    assert f"change `apiVersion` to `{CURRENT[kind]}`" in diag.hint
    assert "`flux migrate -f` rewrites only the apiVersion line, not removed fields" in diag.hint
    assert "FLX503" not in diag.hint  # no removed field used
    assert not diag.message.endswith(".") and diag.message[0].isupper() == kind[0].isupper()


@pytest.mark.parametrize("kind", sorted(CURRENT))
def test_the_current_version_is_accepted(kind: str) -> None:
    assert check(obj(CURRENT[kind], kind)) == []
    assert current_api_version(CURRENT[kind], kind) == CURRENT[kind]


NOT_FLUX = [
    ("configmap", "v1", "ConfigMap"),
    ("deployment", "apps/v1", "Deployment"),
    ("kustomize-kustomization", "kustomize.config.k8s.io/v1beta1", "Kustomization"),
    ("kustomize-component", "kustomize.config.k8s.io/v1alpha1", "Component"),
    ("unknown-source-kind", f"{SRC}/v1", "ExternalArtifact"),
    ("kind-in-another-group", f"{HELM}/v2", "GitRepository"),
    ("lower-case-kind", f"{SRC}/v1beta2", "gitrepository"),
    ("three-part-api-version", f"{SRC}/v1/extra", "GitRepository"),
]


@pytest.mark.parametrize(("api_version", "kind"), [c[1:] for c in NOT_FLUX], ids=[c[0] for c in NOT_FLUX])
def test_objects_that_are_not_known_flux_kinds_pass(api_version: str, kind: str) -> None:
    assert check(obj(api_version, kind, "  gitImplementation: go-git\n")) == []
    assert current_api_version(api_version, kind) is None


@pytest.mark.parametrize("text", [
    "apiVersion: 1\nkind: GitRepository\n",
    "apiVersion: source.toolkit.fluxcd.io/v1beta2\nkind: [GitRepository]\n",
    "kind: GitRepository\n",
    "apiVersion: source.toolkit.fluxcd.io/v1beta2\n",
], ids=["api-version-number", "kind-list", "no-api-version", "no-kind"])
def test_a_malformed_object_is_left_to_the_shape_check(text: str) -> None:
    assert check(text) == []


UNKNOWN = [
    ("v3", f"{SRC}/v3", "GitRepository"),
    ("kustomize-v2", f"{KS}/v2", "Kustomization"),
    ("helm-v1", f"{HELM}/v1", "HelmRelease"),
    ("oci-v1beta1", f"{SRC}/v1beta1", "OCIRepository"),  # OCIRepository began at v1beta2
    ("bare-group", SRC, "Bucket"),
    ("empty-version", f"{SRC}/", "HelmChart"),
]


@pytest.mark.parametrize(("api_version", "kind"), [c[1:] for c in UNKNOWN], ids=[c[0] for c in UNKNOWN])
def test_a_version_that_never_existed_is_not_served(api_version: str, kind: str) -> None:
    # Removed fields are only reported for versions that really had them.
    [diag] = check(obj(api_version, kind, "  accessFrom: {}\n  gitImplementation: libgit2\n"))
    assert (diag.code, diag.path, diag.span) == (codes.API_VERSION_REMOVED, ("apiVersion",), Span(1, 13))
    assert diag.message == f"{kind} `{api_version}` is not served by Flux; the served version is `{CURRENT[kind]}`"
    assert diag.hint == f"change `apiVersion` to `{CURRENT[kind]}`"
    assert current_api_version(api_version, kind) == CURRENT[kind]


# (id, document, [(code, path, span, message part, hint part)]); FLX502 is always line 1.
FIELDS: list[tuple[str, str, list[tuple[str, tuple[Any, ...], Span, str, str]]]] = [
    ("gitrepository", dd("""
        apiVersion: source.toolkit.fluxcd.io/v1beta2
        kind: GitRepository
        metadata:
          name: podinfo
        spec:
          interval: 1m
          url: https://github.com/stefanprodan/podinfo
          gitImplementation: libgit2
          accessFrom:
            namespaceSelectors:
              - matchLabels: {team: a}
        """), [
        ("FLX503", ("spec", "gitImplementation"), Span(8, 3), "`gitImplementation` does not exist in GitRepository "
         "`source.toolkit.fluxcd.io/v1`: only go-git is used", "delete `gitImplementation`"),
        ("FLX503", ("spec", "accessFrom"), Span(9, 3), "`accessFrom` does not exist in GitRepository", "delete `accessFrom`"),
    ]),
    ("kustomization", OLD_KUSTOMIZATION, [
        ("FLX503", ("spec", "validation"), Span(8, 3), "server-side apply always validates", "delete `validation`"),
        ("FLX503", ("spec", "patchesStrategicMerge"), Span(12, 3), "replaced by `patches`",
         "move each patch to `spec.patches` as `- patch: |`"),
        ("FLX503", ("spec", "patchesJson6902"), Span(17, 3), "replaced by `patches`",
         "move each entry to `spec.patches`: keep its `target`"),
    ]),
    ("helmrelease", dd("""
        apiVersion: helm.toolkit.fluxcd.io/v2beta1
        kind: HelmRelease
        metadata:
          name: podinfo
        spec:
          interval: 5m
          chart:
            spec:
              chart: podinfo
              valuesFile: values-prod.yaml
              sourceRef: {kind: HelmRepository, name: podinfo}
          postRenderers:
            - kustomize:
                patchesStrategicMerge:
                  - kind: Deployment
            - kustomize:
                images: [{name: nginx, newTag: "1.25"}]
            - kustomize:
                patchesJson6902: []
        """), [
        ("FLX503", ("spec", "chart", "spec", "valuesFile"), Span(10, 7), "replaced by the list `valuesFiles`",
         "write `spec.chart.spec.valuesFiles: [<file>]` instead"),
        ("FLX503", ("spec", "postRenderers", 0, "kustomize", "patchesStrategicMerge"), Span(14, 9),
         "`patchesStrategicMerge` does not exist in HelmRelease `helm.toolkit.fluxcd.io/v2`",
         "`patches` in the same `kustomize` post-renderer"),
        ("FLX503", ("spec", "postRenderers", 2, "kustomize", "patchesJson6902"), Span(19, 9),
         "replaced by `patches`", "`patches` in the same `kustomize` post-renderer"),
    ]),
    ("helmchart", dd("""
        apiVersion: source.toolkit.fluxcd.io/v1beta2
        kind: HelmChart
        metadata: {name: podinfo}
        spec:
          chart: podinfo
          valuesFile: values.yaml
          accessFrom: null
        """), [
        ("FLX503", ("spec", "valuesFile"), Span(6, 3), "replaced by the list `valuesFiles`",
         "write `spec.valuesFiles: [<file>]` instead"),
        ("FLX503", ("spec", "accessFrom"), Span(7, 3), "never implemented", "delete `accessFrom`"),
    ]),
    ("bucket", dd("""
        apiVersion: source.toolkit.fluxcd.io/v1beta1
        kind: Bucket
        metadata: {name: b}
        spec: {bucketName: b, accessFrom: {namespaceSelectors: []}}
        """), [
        ("FLX503", ("spec", "accessFrom"), Span(4, 23), "`accessFrom` does not exist in Bucket", "delete `accessFrom`"),
    ]),
    # HelmRepository v1 kept `accessFrom`: only the apiVersion is wrong.
    ("helmrepository-keeps-access-from", obj(f"{SRC}/v1beta2", "HelmRepository", "  accessFrom: {}\n"), []),
    # Shapes the walk must not trip over.
    ("post-renderers-not-a-list", obj(f"{HELM}/v2beta2", "HelmRelease", "  postRenderers: {kustomize: {}}\n"), []),
    ("spec-not-a-mapping", obj(f"{KS}/v1beta1", "Kustomization", "  - validation\n"), []),
    ("removed-field-outside-spec", dd("""
        apiVersion: kustomize.toolkit.fluxcd.io/v1beta1
        kind: Kustomization
        metadata: {name: x}
        validation: client
        """), []),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in FIELDS], ids=[c[0] for c in FIELDS])
def test_removed_fields_are_flx503_at_their_keys(
        text: str, expected: list[tuple[str, tuple[Any, ...], Span, str, str]]) -> None:
    first, *rest = check(text)
    assert (first.code, first.path, first.span) == (codes.API_VERSION_REMOVED, ("apiVersion",), Span(1, 13))
    assert ("fix the removed fields (FLX503) by hand" in first.hint) == bool(expected)
    assert [(d.code, d.path, d.span) for d in rest] == [e[:3] for e in expected]
    for diag, (_, _, _, message, hint) in zip(rest, expected, strict=True):
        assert message in diag.message and hint in diag.hint, diag.render()
        assert not diag.message.endswith(".") and not diag.hint.endswith(".")


def _crd_property(schema: dict[str, Any], path: tuple[str, ...]) -> bool:
    for part in path:
        schema = schema.get("items", {}) if part == EACH else schema.get("properties", {}).get(part)
        if schema is None:
            return False
    return True


def _crds() -> dict[tuple[str, str], dict[str, Any]]:
    found = {}
    for file in sorted(shared_dir("flux-crds").glob("*.yaml")):
        crd = yaml.safe_load(file.read_text(encoding="utf-8"))
        found[(crd["spec"]["group"], crd["spec"]["names"]["kind"])] = crd
    return found


# The kinds of ../shared/flux-crds that FLUX_KINDS does not list yet: the notification and image automation kinds and
# the Flux Operator's. A later issue adds their API history; until then they are named here, so that a CRD added to
# the folder shows up in this test instead of passing unchecked.
NOT_REGISTERED: set[tuple[str, str]] = set()  # every kind of ../shared/flux-crds is in the table


def test_the_registry_matches_the_official_crds() -> None:
    crds = _crds()
    assert set(crds) - set(FLUX_KINDS) == NOT_REGISTERED
    assert set(FLUX_KINDS) <= set(crds)  # every registered kind has its official CRD
    for key, flux in FLUX_KINDS.items():
        versions = crds[key]["spec"]["versions"]
        assert [v["name"] for v in versions if v.get("served")] == [flux.version]
        schema = versions[0]["schema"]["openAPIV3Schema"]
        assert not set(flux.removed) & {v["name"] for v in versions}
        for field in flux.removed_fields:
            assert not _crd_property(schema, field.path), (key, field.path)
            assert _crd_property(schema, field.path[:-1]), (key, field.path)  # the parent still exists
    # HelmRepository v1 still has `accessFrom`, so it is not a removed field.
    helm_repo = crds[(SRC, "HelmRepository")]["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    assert _crd_property(helm_repo, ("spec", "accessFrom"))
    assert not FLUX_KINDS[(SRC, "HelmRepository")].removed_fields
