"""The Flux kinds fluxc knows, in one table: the one place that says what Flux serves.

For each kind (Flux v2.9): its group, the one served version and the Flux
release that first served it, every older version with the release that
removed it, the spec fields that did not survive the move, and, for the kinds
fluxc emits, the file it writes them to and fluxc's own schema (schemas/flux/,
written by hand). Emitting, validating emitted objects, the bundled catalog of
`fluxc validate` and the removed-version check all read this table.

Sources: the CRDs in ../shared/flux-crds (each serves exactly one version) and
the history table in its README; Bucket became v1 in Flux 2.4 (source-controller
v1.4.0), not 2.3 as that table's shared column suggests. The alpha versions
were already gone from the Flux 2.0 CRDs. The notification and image kinds:
their v1beta1 APIs were removed in Flux 2.7 (flux2#5474), their v1beta2 APIs in
Flux 2.9 (flux2#5942; notification-controller#1327, image-reflector-controller
v1.2.0); Alert and Provider are still v1beta3 (since Flux 2.2), Receiver v1
(since 2.1), the image kinds v1 (since 2.7). The Flux Operator's kinds
(fluxcd.controlplane.io) have only ever served v1.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from fluxc.checks.schemas import Schema, load_schema

EACH = "*"  # in a RemovedField path: every item of a list


class RemovedField(NamedTuple):
    path: tuple[str, ...]  # from the object's root; EACH stands for every list item
    why: str  # what became of it, lower-case, for the message
    fix: str  # how to write it now, for the hint; {name} is the field's key


class FluxKind(NamedTuple):  # NamedTuple, not a frozen dataclass: `fluxc build` imports it, and start-up counts
    group: str
    kind: str
    version: str  # the only served (and storage) version
    since: str  # the Flux release that first served it
    removed: Mapping[str, str]  # older version -> when it was removed ("in Flux 2.8")
    removed_fields: tuple[RemovedField, ...] = ()
    plural: str = ""  # the CRD's resource name (`kubectl get <plural>`); its file is `<group>_<plural>.yaml`
    file_name: str | None = None  # the file fluxc writes an emitted object of this kind to
    schema_file: str | None = None  # fluxc's own schema for it, relative to schemas/ (written by us)

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}"


_SOURCE, _HELM, _KUSTOMIZE = ("source.toolkit.fluxcd.io", "helm.toolkit.fluxcd.io",
                              "kustomize.toolkit.fluxcd.io")
_NOTIFICATION, _IMAGE, _OPERATOR = ("notification.toolkit.fluxcd.io", "image.toolkit.fluxcd.io",
                                    "fluxcd.controlplane.io")
_ALPHA_GONE = "before Flux 2.0"  # absent from the Flux 2.0 CRDs already
_BETAS = {"v1alpha1": _ALPHA_GONE, "v1beta1": "in Flux 2.7", "v1beta2": "in Flux 2.8"}
_LATE_BETAS = {"v1alpha1": _ALPHA_GONE, "v1beta1": "in Flux 2.7", "v1beta2": "in Flux 2.9"}  # notification
_IMAGE_BETAS = {"v1alpha1": _ALPHA_GONE, "v1alpha2": _ALPHA_GONE, "v1beta1": "in Flux 2.7", "v1beta2": "in Flux 2.9"}
_NEVER_IMPLEMENTED = "it was never implemented for this kind"
_DELETE = "delete `{name}`"  # {name}: the field's key


def _access_from() -> RemovedField:
    return RemovedField(("spec", "accessFrom"), _NEVER_IMPLEMENTED, _DELETE)


def _values_file(*path: str) -> RemovedField:
    where = ".".join(path[:-1])
    return RemovedField(path, "it was replaced by the list `valuesFiles`",
                        f"write `{where}.valuesFiles: [<file>]` instead; later files override earlier ones")


def _kustomize_patches(*parent: str) -> tuple[RemovedField, RemovedField]:
    where = ("`patches` in the same `kustomize` post-renderer" if parent[-1] == "kustomize"
             else "`spec.patches`")
    return (
        RemovedField((*parent, "patchesStrategicMerge"), "it was replaced by `patches`",
                     f"move each patch to {where} as `- patch: |` followed by the patch as "
                     "a YAML string, with an optional `target`"),
        RemovedField((*parent, "patchesJson6902"), "it was replaced by `patches`",
                     f"move each entry to {where}: keep its `target` and write its operations "
                     "as a YAML string under `patch: |`"),
    )


KINDS = (
    FluxKind(_SOURCE, "GitRepository", "v1", "2.0", _BETAS, (
        RemovedField(("spec", "gitImplementation"),
                     "only go-git is used; the setting was removed", _DELETE),
        _access_from(),
    ), "gitrepositories", "gitrepository.yaml", "flux/source.toolkit.fluxcd.io/gitrepository-v1.json"),
    FluxKind(_SOURCE, "HelmRepository", "v1", "2.3", _BETAS,  # v1 keeps `accessFrom`
             plural="helmrepositories", file_name="helmrepository.yaml",
             schema_file="flux/source.toolkit.fluxcd.io/helmrepository-v1.json"),
    FluxKind(_SOURCE, "HelmChart", "v1", "2.3", _BETAS, (
        _values_file("spec", "valuesFile"), _access_from()), "helmcharts",
        schema_file="flux/source.toolkit.fluxcd.io/helmchart-v1.json"),
    FluxKind(_SOURCE, "Bucket", "v1", "2.4", _BETAS, (_access_from(),), "buckets",
             schema_file="flux/source.toolkit.fluxcd.io/bucket-v1.json"),
    FluxKind(_SOURCE, "OCIRepository", "v1", "2.6", {"v1beta2": "in Flux 2.8"},
             plural="ocirepositories", file_name="ocirepository.yaml",
             schema_file="flux/source.toolkit.fluxcd.io/ocirepository-v1.json"),
    FluxKind(_HELM, "HelmRelease", "v2", "2.3", {
        "v2alpha1": _ALPHA_GONE, "v2beta1": "in Flux 2.7", "v2beta2": "in Flux 2.8"}, (
        _values_file("spec", "chart", "spec", "valuesFile"),
        *_kustomize_patches("spec", "postRenderers", EACH, "kustomize"),
    ), "helmreleases", "helmrelease.yaml", "flux/helm.toolkit.fluxcd.io/helmrelease-v2.json"),
    FluxKind(_KUSTOMIZE, "Kustomization", "v1", "2.0", _BETAS, (
        RemovedField(("spec", "validation"),
                     "server-side apply always validates; the setting was removed", _DELETE),
        *_kustomize_patches("spec"),
    # named so it never clashes with a `kustomization.yaml` of a package beside it
    ), "kustomizations", "flux-kustomization.yaml", "flux/kustomize.toolkit.fluxcd.io/kustomization-v1.json"),
    FluxKind(_NOTIFICATION, "Alert", "v1beta3", "2.2", _LATE_BETAS, plural="alerts", file_name="alert.yaml",
             schema_file="flux/notification.toolkit.fluxcd.io/alert-v1beta3.json"),
    FluxKind(_NOTIFICATION, "Provider", "v1beta3", "2.2", _LATE_BETAS, plural="providers",
             file_name="provider.yaml", schema_file="flux/notification.toolkit.fluxcd.io/provider-v1beta3.json"),
    FluxKind(_NOTIFICATION, "Receiver", "v1", "2.1", _LATE_BETAS, plural="receivers",
             schema_file="flux/notification.toolkit.fluxcd.io/receiver-v1.json"),
    FluxKind(_IMAGE, "ImageRepository", "v1", "2.7", _IMAGE_BETAS, plural="imagerepositories",
             schema_file="flux/image.toolkit.fluxcd.io/imagerepository-v1.json"),
    FluxKind(_IMAGE, "ImagePolicy", "v1", "2.7", _IMAGE_BETAS, plural="imagepolicies",
             schema_file="flux/image.toolkit.fluxcd.io/imagepolicy-v1.json"),
    FluxKind(_IMAGE, "ImageUpdateAutomation", "v1", "2.7", _IMAGE_BETAS, plural="imageupdateautomations",
             schema_file="flux/image.toolkit.fluxcd.io/imageupdateautomation-v1.json"),
    # The Flux Operator's kinds: only ever v1, so `since` is never shown
    FluxKind(_OPERATOR, "FluxInstance", "v1", "", {}, plural="fluxinstances",
             schema_file="flux/fluxcd.controlplane.io/fluxinstance-v1.json"),
    FluxKind(_OPERATOR, "ResourceSet", "v1", "", {}, plural="resourcesets",
             schema_file="flux/fluxcd.controlplane.io/resourceset-v1.json"),
    FluxKind(_OPERATOR, "ResourceSetInputProvider", "v1", "", {}, plural="resourcesetinputproviders",
             schema_file="flux/fluxcd.controlplane.io/resourcesetinputprovider-v1.json"),
)
FLUX_KINDS: dict[tuple[str, str], FluxKind] = {(k.group, k.kind): k for k in KINDS}
FLUX_GROUPS = frozenset(k.group for k in KINDS)

GVK = tuple[str, str]  # (apiVersion, kind)

# (apiVersion, kind) -> fluxc's schema file under schemas/, for the kinds it bundles a schema for.
FLUX_SCHEMA_FILES: dict[GVK, str] = {(k.api_version, k.kind): k.schema_file for k in KINDS if k.schema_file}

GIT_REPOSITORY = FLUX_KINDS[(_SOURCE, "GitRepository")]
HELM_REPOSITORY = FLUX_KINDS[(_SOURCE, "HelmRepository")]
OCI_REPOSITORY = FLUX_KINDS[(_SOURCE, "OCIRepository")]
HELM_RELEASE = FLUX_KINDS[(_HELM, "HelmRelease")]
KUSTOMIZATION = FLUX_KINDS[(_KUSTOMIZE, "Kustomization")]
PROVIDER = FLUX_KINDS[(_NOTIFICATION, "Provider")]
ALERT = FLUX_KINDS[(_NOTIFICATION, "Alert")]


def flux_schema(api_version: str, kind: str) -> Schema:
    """fluxc's schema for one Flux kind; KeyError for a kind it has none for."""
    return load_schema(FLUX_SCHEMA_FILES[(api_version, kind)])

