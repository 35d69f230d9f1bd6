"""`outputFormat: kustomize` and `outputFormat: raw`: the user's objects as a Kustomize base or a plain folder.

kustomize::

    kustomization.yaml        resources: [base], and `namespace` when the answers set one
    base/kustomization.yaml   resources: one file per object, in object order
    base/<kind>-<name>.yaml   one object each

raw: `<kind>-<name>.yaml`, one object each, nothing else.

Objects are written "unchanged" in the sense of the same objects, not the
same bytes: every file is fluxc's canonical YAML (`render.HEADER` +
`render.render_document`: keys sorted, comments dropped), so `kubectl
kustomize` (or a YAML parser, for raw) gives back the objects as they were
read. With `namespace`, kustomize sets `metadata.namespace` on every
namespaced object (custom resources included), leaves the cluster-scoped
kinds it knows (ClusterRole, Namespace, ...) without one, and renames every
Namespace object to it (`check_manifests(namespace=...)` reports two that
would merge). Pure functions: the objects are not modified. A value the
canonical form cannot write (a NaN) raises ValueError.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fluxc.package.types import PackagedObject, PackageFile
from fluxc.yaml.render import HEADER, render_document

KUSTOMIZE_API_VERSION = "kustomize.config.k8s.io/v1beta1"
BASE = "base"


def _file(path: str, obj: Mapping[str, Any]) -> PackageFile:
    return PackageFile(path, HEADER + render_document(obj))


def _kustomization(resources: list[str], namespace: str | None = None) -> dict[str, Any]:
    kustomization: dict[str, Any] = {"apiVersion": KUSTOMIZE_API_VERSION, "kind": "Kustomization"}
    if namespace:
        kustomization["namespace"] = namespace
    kustomization["resources"] = resources
    return kustomization


def package_kustomize(objects: Sequence[PackagedObject], *, namespace: str | None) -> list[PackageFile]:
    """`kustomization.yaml` (with `namespace` if given) pointing at `base/`, which lists one file per object."""
    return [
        _file("kustomization.yaml", _kustomization([BASE], namespace)),
        _file(f"{BASE}/kustomization.yaml", _kustomization([o.filename for o in objects])),
        *(_file(f"{BASE}/{o.filename}", o.obj) for o in objects),
    ]


def package_raw(objects: Sequence[PackagedObject]) -> list[PackageFile]:
    """One file per object, named as `fluxc.package.manifests.name_objects` named it."""
    return [_file(o.filename, o.obj) for o in objects]
