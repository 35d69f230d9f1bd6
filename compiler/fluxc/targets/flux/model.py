"""The typed intermediate model: what fluxc will emit, decided but not yet YAML.

`lower` fills it from a validated answers file (every default applied, every
name derived, every duration canonical); `emit` turns each node into one Flux
object. Frozen and closed, so a stage cannot change or smuggle fields.

Speed: building pydantic's validators for these classes costs more than the
rest of a build, so their construction is deferred (`defer_build`) and `lower`
builds nodes with `model_construct` from input the schema already checked and
mypy already typed. The tests validate every lowered Plan in full
(`Plan.model_validate`), which is where a wrong field or type would show.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict


class Node(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class ObjectMeta(Node):
    name: str
    namespace: str
    labels: dict[str, str] = {}


class SourceRef(Node):
    """A reference to a source in the same namespace as the referring object."""

    kind: Literal["GitRepository", "HelmRepository", "OCIRepository"]
    name: str


class Dependency(Node):
    name: str
    namespace: str | None = None


class GitRef(Node):
    branch: str | None = None
    tag: str | None = None
    semver: str | None = None
    commit: str | None = None


class GitRepository(Node):
    """source.toolkit.fluxcd.io/v1 GitRepository."""

    meta: ObjectMeta
    url: str
    interval: str
    ref: GitRef
    secret_ref: str | None = None


class HelmRepository(Node):
    """source.toolkit.fluxcd.io/v1 HelmRepository (https:// and http:// chart repositories)."""

    meta: ObjectMeta
    url: str
    interval: str
    secret_ref: str | None = None


class OCIRepository(Node):
    """source.toolkit.fluxcd.io/v1 OCIRepository holding one Helm chart."""

    meta: ObjectMeta
    url: str
    interval: str
    tag: str | None = None
    semver: str | None = None
    secret_ref: str | None = None


class ChartTemplate(Node):
    """HelmRelease spec.chart.spec: a chart fetched from a HelmRepository or a GitRepository."""

    chart: str
    version: str | None = None
    source: SourceRef
    reconcile_strategy: Literal["ChartVersion", "Revision"]


class ValuesReference(Node):
    kind: Literal["ConfigMap", "Secret"]
    name: str
    values_key: str | None = None
    target_path: str | None = None


class HealthCheck(Node):
    api_version: str | None = None
    kind: str
    name: str
    namespace: str | None = None


class HelmRelease(Node):
    """helm.toolkit.fluxcd.io/v2 HelmRelease: exactly one of `chart` and `chart_ref`."""

    meta: ObjectMeta
    interval: str
    chart: ChartTemplate | None = None
    chart_ref: SourceRef | None = None
    target_namespace: str | None = None
    storage_namespace: str | None = None
    create_namespace: bool = False
    remediation_retries: int | None = None
    values: dict[str, Any] = {}
    values_from: tuple[ValuesReference, ...] = ()
    depends_on: tuple[Dependency, ...] = ()
    service_account: str | None = None
    suspend: bool = False
    timeout: str | None = None


class Kustomization(Node):
    """kustomize.toolkit.fluxcd.io/v1 Kustomization."""

    meta: ObjectMeta
    interval: str
    path: str
    prune: bool
    source: SourceRef
    target_namespace: str | None = None
    wait: bool = False
    timeout: str | None = None
    health_checks: tuple[HealthCheck, ...] = ()
    decryption_secret: str | None = None
    depends_on: tuple[Dependency, ...] = ()
    service_account: str | None = None
    suspend: bool = False


FluxObject = GitRepository | HelmRepository | OCIRepository | HelmRelease | Kustomization


class Plan(Node):
    """Everything one answers file compiles to: the objects, sources first, and where they go."""

    app: str
    output_path: str
    objects: tuple[FluxObject, ...]
