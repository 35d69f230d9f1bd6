"""`outputFormat: kustomize`: the user's objects as a Kustomize base::

    kustomization.yaml        resources: [base], and `namespace` when the answers set one
    base/kustomization.yaml   resources: one file per object, in object order
    base/<kind>-<name>.yaml   one object each

Objects are written "unchanged" in the sense of the same objects, not the
same bytes: every file is fluxc's canonical YAML (the generated-file header +
`render.render_document`: keys sorted, comments dropped), so `kubectl
kustomize` gives back the objects as they were read. With `namespace`, kustomize sets `metadata.namespace` on every
namespaced object (custom resources included), leaves the cluster-scoped
kinds it knows (ClusterRole, Namespace, ...) without one, and renames every
Namespace object to it (`check_manifests(namespace=...)` reports two that
would merge). Pure functions: the objects are not modified. A value the
canonical form cannot write (a NaN) raises ValueError.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fluxc.output.files import OutputFile
from fluxc.package.types import PackagedObject, object_file

KUSTOMIZE_API_VERSION = "kustomize.config.k8s.io/v1beta1"
BASE = "base"


def _kustomization(resources: list[str], namespace: str | None = None) -> dict[str, Any]:
    kustomization: dict[str, Any] = {"apiVersion": KUSTOMIZE_API_VERSION, "kind": "Kustomization"}
    if namespace:
        kustomization["namespace"] = namespace
    kustomization["resources"] = resources
    return kustomization


def package_kustomize(objects: Sequence[PackagedObject], *, namespace: str | None) -> list[OutputFile]:
    """`kustomization.yaml` (with `namespace` if given) pointing at `base/`, which lists one file per object."""
    return [
        object_file("kustomization.yaml", _kustomization([BASE], namespace)),
        object_file(f"{BASE}/kustomization.yaml", _kustomization([o.filename for o in objects])),
        *(object_file(f"{BASE}/{o.filename}", o.obj) for o in objects),
    ]
