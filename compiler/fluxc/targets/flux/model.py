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


SourceKind = Literal["GitRepository", "HelmRepository", "OCIRepository"]


class SourceRef(Node):
    """A reference to a source in the same namespace as the referring object."""

    kind: SourceKind
    name: str


class Dependency(Node):
    name: str
    namespace: str | None = None


class GitRef(Node):
    branch: str | None = None
    tag: str | None = None
    semver: str | None = None
    name: str | None = None
    commit: str | None = None


class GitRepository(Node):
    """source.toolkit.fluxcd.io/v1 GitRepository."""

    meta: ObjectMeta
    url: str
    interval: str
    ref: GitRef
    secret_ref: str | None = None
    provider: Literal["generic", "aws", "azure", "github"] | None = None
    proxy_secret_ref: str | None = None


class HelmRepository(Node):
    """source.toolkit.fluxcd.io/v1 HelmRepository (https:// and http:// chart repositories)."""

    meta: ObjectMeta
    url: str
    interval: str
    secret_ref: str | None = None
    cert_secret_ref: str | None = None


class OIDCIdentity(Node):
    issuer: str
    subject: str


class OCIVerify(Node):
    """OCIRepository spec.verify."""

    provider: Literal["cosign", "notation"]
    secret_ref: str | None = None
    match_oidc_identity: tuple[OIDCIdentity, ...] = ()


class OCIRepository(Node):
    """source.toolkit.fluxcd.io/v1 OCIRepository: one Helm chart (`helm_chart`, its layer selected) or an
    artifact of manifests for a Kustomization."""

    meta: ObjectMeta
    url: str
    interval: str
    helm_chart: bool = True
    tag: str | None = None
    semver: str | None = None
    digest: str | None = None
    secret_ref: str | None = None
    provider: Literal["generic", "aws", "azure", "gcp"] | None = None
    insecure: bool = False
    cert_secret_ref: str | None = None
    proxy_secret_ref: str | None = None
    verify: OCIVerify | None = None


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


class PatchTarget(Node):
    """kustomize's selector: every field given must match."""

    group: str | None = None
    version: str | None = None
    kind: str | None = None
    name: str | None = None
    namespace: str | None = None
    label_selector: str | None = None
    annotation_selector: str | None = None


class Patch(Node):
    patch: str
    target: PatchTarget | None = None


class Image(Node):
    name: str
    new_name: str | None = None
    new_tag: str | None = None
    digest: str | None = None


class DriftIgnoreRule(Node):
    paths: tuple[str, ...]
    target: PatchTarget | None = None


class DriftDetection(Node):
    mode: Literal["enabled", "warn", "disabled"]
    ignore: tuple[DriftIgnoreRule, ...] = ()


class HelmTest(Node):
    enable: bool = False
    ignore_failures: bool = False


class PostRenderer(Node):
    """One kustomize post-renderer of a HelmRelease."""

    patches: tuple[Patch, ...] = ()
    images: tuple[Image, ...] = ()


CRDPolicy = Literal["Skip", "Create", "CreateReplace"]


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
    remediate_last_failure: bool | None = None  # None: Flux's default; False is written
    remediation_strategy: Literal["rollback", "uninstall"] | None = None  # upgrade only
    install_crds: CRDPolicy | None = None
    upgrade_crds: CRDPolicy | None = None
    drift_detection: DriftDetection | None = None
    test: HelmTest | None = None
    max_history: int | None = None  # 0 (keep every revision) is written
    release_name: str | None = None
    post_renderers: tuple[PostRenderer, ...] = ()
    values: dict[str, Any] = {}
    values_from: tuple[ValuesReference, ...] = ()
    depends_on: tuple[Dependency, ...] = ()
    service_account: str | None = None
    suspend: bool = False
    timeout: str | None = None


class SubstituteReference(Node):
    kind: Literal["ConfigMap", "Secret"]
    name: str
    optional: bool = False


class PostBuild(Node):
    substitute: dict[str, str] = {}
    substitute_from: tuple[SubstituteReference, ...] = ()


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
    post_build: PostBuild | None = None
    patches: tuple[Patch, ...] = ()
    images: tuple[Image, ...] = ()
    components: tuple[str, ...] = ()
    force: bool = False
    retry_interval: str | None = None


class Provider(Node):
    """notification.toolkit.fluxcd.io/v1beta3 Provider: where alerts go."""

    meta: ObjectMeta
    type: str
    channel: str | None = None
    address: str | None = None
    secret_ref: str | None = None


class EventSource(Node):
    kind: str
    name: str
    namespace: str | None = None


class Alert(Node):
    """notification.toolkit.fluxcd.io/v1beta3 Alert: which events go to which Provider."""

    meta: ObjectMeta
    provider_ref: str
    event_sources: tuple[EventSource, ...]
    event_severity: Literal["info", "error"] | None = None  # None: Flux's default, info
    event_metadata: dict[str, str] = {}


FluxObject = GitRepository | HelmRepository | OCIRepository | HelmRelease | Kustomization | Provider | Alert


class Plan(Node):
    """Everything one answers file compiles to: the objects, sources first, and where they go."""

    app: str
    output_path: str
    objects: tuple[FluxObject, ...]
