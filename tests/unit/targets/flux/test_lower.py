"""fluxc.targets.flux.lower: every default of the spec, every derived name and canonical duration, decided in one place.

Each answers text is checked by validate_input first (lowering assumes valid
data), except where a case is deliberately one the rules refuse.
"""

from __future__ import annotations

import textwrap

import pytest

from fluxc.answers import validate_input
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, Span
from fluxc.targets.flux import model
from fluxc.targets.flux.lower import git_path, lower
from fluxc.yaml.load import parse_single
from helpers.snippets import NGINX_CHART, PODINFO_CHART, edit, git_answers

FILE = "answers.yaml"


def lowered(text: str, *, check: bool = True) -> tuple[model.Plan, list[Diagnostic]]:
    document = parse_single(textwrap.dedent(text), FILE)
    if check:
        assert [d for d in validate_input.validate(document) if d.is_error] == []
    return lower(document.data, document.source_map, document.file)


def plan_of(text: str) -> model.Plan:
    plan, warnings = lowered(text)
    assert warnings == []
    return plan


def meta(name: str, namespace: str = "flux-system", labels: dict[str, str] | None = None) -> model.ObjectMeta:
    return model.ObjectMeta(name=name, namespace=namespace, labels=labels or {})


# Answers texts whose last key is a mapping, so a test can append keys under it.
HTTPS_CHART = PODINFO_CHART
OCI_CHART = edit(PODINFO_CHART, "https://stefanprodan.github.io/podinfo", "oci://ghcr.io/stefanprodan/charts")
GIT_KUSTOMIZE = git_answers("shop")
GIT_HELM = GIT_KUSTOMIZE.replace("outputFormat: kustomize", "outputFormat: helm")

HELM_REPO = model.SourceRef(kind="HelmRepository", name="podinfo")
GIT_REPO = model.SourceRef(kind="GitRepository", name="gitops-repo")
OCI_REPO = model.SourceRef(kind="OCIRepository", name="podinfo")


# --- defaults ---------------------------------------------------------------------------------------------------

def test_chart_journey_defaults() -> None:
    assert plan_of(HTTPS_CHART + '  version: "6.5.4"\n') == model.Plan(
        app="podinfo", output_path="./manifests", objects=(
            model.HelmRepository(meta=meta("podinfo"), url="https://stefanprodan.github.io/podinfo",
                                 interval="1h0m0s"),
            model.HelmRelease(meta=meta("podinfo"), interval="5m0s", chart=model.ChartTemplate(
                chart="podinfo", version="6.5.4", source=HELM_REPO, reconcile_strategy="ChartVersion")),
        ))


def test_chart_journey_defaults_are_the_spec_values() -> None:
    plan = plan_of(HTTPS_CHART + '  version: "6.5.4"\n')
    source, release = plan.objects
    assert isinstance(source, model.HelmRepository) and isinstance(release, model.HelmRelease)
    assert (source.meta.namespace, release.meta.namespace) == ("flux-system", "flux-system")
    assert (source.interval, release.interval) == ("1h0m0s", "5m0s")
    assert plan.output_path == "./manifests"
    # Without `namespace` the release runs in fluxNamespace: neither target, storage nor createNamespace.
    assert (release.target_namespace, release.storage_namespace, release.create_namespace) == (None, None, False)
    assert (release.values, release.values_from, release.depends_on) == ({}, (), ())
    assert (release.suspend, release.timeout, release.service_account, release.remediation_retries) == (
        False, None, None, None)


def test_oci_source_interval_defaults_to_one_hour() -> None:
    source = plan_of(OCI_CHART + '  version: "6.5.4"\n').objects[0]
    assert isinstance(source, model.OCIRepository)
    assert source.interval == "1h0m0s"


def test_git_journey_defaults() -> None:
    assert plan_of(GIT_KUSTOMIZE) == model.Plan(app="shop", output_path="./manifests", objects=(
        model.GitRepository(meta=meta("gitops-repo"), url="https://github.com/org/gitops-repo.git",
                            interval="1m0s", ref=model.GitRef(branch="main")),
        model.Kustomization(meta=meta("shop"), interval="5m0s", path="./apps/shop", prune=True, source=GIT_REPO),
    ))


@pytest.mark.parametrize(("extra", "expected"), [
    ("", (None, None, False)),
    ("namespace: podinfo\n", ("podinfo", "podinfo", True)),
    ("namespace: podinfo\ncreateNamespace: false\n", ("podinfo", "podinfo", False)),
    ("namespace: podinfo\ncreateNamespace: true\n", ("podinfo", "podinfo", True)),
    ("createNamespace: false\n", (None, None, False)),
], ids=["no-namespace", "namespace", "namespace-create-false", "namespace-create-true", "create-false-alone"])
def test_namespace_sets_target_storage_and_create_namespace(extra: str, expected: tuple[object, ...]) -> None:
    release = plan_of(extra + HTTPS_CHART + '  version: "1.0.0"\n').objects[1]
    assert isinstance(release, model.HelmRelease)
    assert (release.target_namespace, release.storage_namespace, release.create_namespace) == expected


def test_namespace_on_a_kustomization_is_only_the_target() -> None:
    deployer = plan_of("namespace: shop\n" + GIT_KUSTOMIZE).objects[1]
    assert isinstance(deployer, model.Kustomization)
    assert deployer.target_namespace == "shop"


def test_flux_namespace_applies_to_every_object() -> None:
    plan = plan_of("fluxNamespace: flux-apps\n" + GIT_HELM)
    assert [o.meta.namespace for o in plan.objects] == ["flux-apps", "flux-apps"]


@pytest.mark.parametrize(("extra", "expected"), [
    ("outputPath: clusters/prod/apps\n", "clusters/prod/apps"),
    ("outputPath: ./out/\n", "./out/"),
    ("outputPath: .\n", "."),
], ids=["nested", "dot-slash-trailing", "dot"])
def test_output_path_is_carried_as_written(extra: str, expected: str) -> None:
    assert plan_of(extra + GIT_KUSTOMIZE).output_path == expected


# --- durations --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "canonical"), [
    ("5m", "5m0s"),
    ("90s", "1m30s"),
    ("1h", "1h0m0s"),
    ("1.5h", "1h30m0s"),
    ("2h45m", "2h45m0s"),
    ("500ms", "500ms"),
    ("1m0s", "1m0s"),
], ids=["5m", "90s", "1h", "1.5h", "2h45m", "500ms", "already-canonical"])
def test_durations_are_canonical(written: str, canonical: str) -> None:
    text = f"reconcileInterval: {written}\nsourceInterval: {written}\ntimeout: {written}\n" + GIT_KUSTOMIZE
    source, deployer = plan_of(text).objects
    assert isinstance(source, model.GitRepository) and isinstance(deployer, model.Kustomization)
    assert (source.interval, deployer.interval, deployer.timeout) == (canonical, canonical, canonical)


def test_helm_durations_are_canonical() -> None:
    text = "reconcileInterval: 90s\nsourceInterval: 1h\ntimeout: 10m\n" + HTTPS_CHART + '  version: "1.0.0"\n'
    source, release = plan_of(text).objects
    assert isinstance(source, model.HelmRepository) and isinstance(release, model.HelmRelease)
    assert (source.interval, release.interval, release.timeout) == ("1h0m0s", "1m30s", "10m0s")


# --- journey 1: https chart -------------------------------------------------------------------------------------

def test_https_chart_emits_helm_repository_and_chart_template() -> None:
    text = edit(NGINX_CHART, '"4.8.3"', '">=4.8.0 <5"') + textwrap.dedent("""\
          secretRef: repo-auth
        values:
          controller:
            replicaCount: 2
        """)
    assert plan_of(text) == model.Plan(app="nginx-ingress", output_path="./manifests", objects=(
        model.HelmRepository(meta=meta("ingress-nginx"), url="https://kubernetes.github.io/ingress-nginx",
                             interval="1h0m0s", secret_ref="repo-auth"),
        model.HelmRelease(
            meta=meta("nginx-ingress"), interval="5m0s",
            chart=model.ChartTemplate(chart="ingress-nginx", version=">=4.8.0 <5", reconcile_strategy="ChartVersion",
                                      source=model.SourceRef(kind="HelmRepository", name="ingress-nginx")),
            target_namespace="ingress-nginx", storage_namespace="ingress-nginx", create_namespace=True,
            values={"controller": {"replicaCount": 2}}),
    ))


def test_repository_name_overrides_the_derived_name() -> None:
    source, release = plan_of(HTTPS_CHART + '  version: "1"\n  repositoryName: stefanprodan\n').objects
    assert isinstance(source, model.HelmRepository) and isinstance(release, model.HelmRelease)
    assert source.meta.name == "stefanprodan"
    assert release.chart == model.ChartTemplate(chart="podinfo", version="1", reconcile_strategy="ChartVersion",
                                                source=model.SourceRef(kind="HelmRepository", name="stefanprodan"))


@pytest.mark.parametrize(("base", "line"), [
    (HTTPS_CHART, 4),
    ("# a comment\n\nnamespace: podinfo\n" + HTTPS_CHART, 7),
    (OCI_CHART, 4),
], ids=["https", "https-further-down", "oci"])
def test_unpinned_chart_warns_at_the_chart_key(base: str, line: int) -> None:
    plan, warnings = lowered(base)
    assert warnings == [Diagnostic(
        codes.UNPINNED_CHART, "no chart version: Flux will install whatever version is newest", ("chart",), FILE,
        Span(line, 1), 'pin one, e.g. `version: "1.2.3"`, or a range such as `version: "1.x"`', "warning")]
    release = plan.objects[1]
    assert isinstance(release, model.HelmRelease)
    if release.chart is not None:
        assert release.chart.version is None  # omitted: the CRD default '*'


# --- journey 1: oci chart ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("version", "tag", "semver"), [
    ('"6.5.4"', "6.5.4", None),
    ('"0.0.0"', "0.0.0", None),
    ('"v1.2.3"', "v1.2.3", None),
    ('"1.2.3-rc.1"', "1.2.3-rc.1", None),
    ('"1.2.3+build"', "1.2.3_build", None),
    ('"1.2.3-rc.1+build.5"', "1.2.3-rc.1_build.5", None),
    ('">=1 <2"', None, ">=1 <2"),
    ('"1.x"', None, "1.x"),
    ('"~1.2"', None, "~1.2"),
    ('"^1.0.0"', None, "^1.0.0"),
    ('"1.2"', None, "1.2"),
    ('"*"', None, "*"),
    ('"=1.2.3"', None, "=1.2.3"),
    ('"01.2.3"', None, "01.2.3"),
], ids=["exact", "zero", "v-prefix", "prerelease", "build-metadata", "prerelease-and-build", "range", "x-range",
        "tilde", "caret", "two-parts", "star", "equals-constraint", "leading-zero-is-not-semver"])
def test_oci_version_is_a_tag_when_exact_and_a_semver_range_otherwise(version: str, tag: str | None,
                                                                      semver: str | None) -> None:
    source = plan_of(OCI_CHART + f"  version: {version}\n").objects[0]
    assert isinstance(source, model.OCIRepository)
    assert (source.tag, source.semver) == (tag, semver)


def test_unpinned_oci_chart_follows_every_version() -> None:
    plan, warnings = lowered(OCI_CHART)
    source = plan.objects[0]
    assert isinstance(source, model.OCIRepository)
    assert (source.tag, source.semver) == (None, "*")
    assert [w.code for w in warnings] == [codes.UNPINNED_CHART]


def test_oci_chart_emits_oci_repository_and_chart_ref() -> None:
    text = OCI_CHART.replace("name: podinfo\ndeploymentMethod", "name: web\nnamespace: web\ndeploymentMethod")
    assert plan_of(text + '  version: "6.5.4"\n  secretRef: ghcr-pull\n') == model.Plan(
        app="web", output_path="./manifests", objects=(
            model.OCIRepository(meta=meta("podinfo"), url="oci://ghcr.io/stefanprodan/charts/podinfo",
                                interval="1h0m0s", tag="6.5.4", secret_ref="ghcr-pull"),
            model.HelmRelease(meta=meta("web"), interval="5m0s", chart_ref=OCI_REPO, target_namespace="web",
                              storage_namespace="web", create_namespace=True),
        ))


@pytest.mark.parametrize("repository", [
    "oci://ghcr.io/stefanprodan/charts",
    "oci://ghcr.io/stefanprodan/charts/",
    "oci://ghcr.io/stefanprodan/charts//",
], ids=["no-slash", "trailing-slash", "two-trailing-slashes"])
def test_oci_url_is_repository_slash_chart_name(repository: str) -> None:
    text = OCI_CHART.replace("oci://ghcr.io/stefanprodan/charts", repository)
    source = plan_of(text + '  version: "6.5.4"\n').objects[0]
    assert isinstance(source, model.OCIRepository)
    assert source.url == "oci://ghcr.io/stefanprodan/charts/podinfo"


def test_oci_repository_name_overrides_the_chart_name() -> None:
    source, release = plan_of(OCI_CHART + '  version: "6.5.4"\n  repositoryName: podinfo-oci\n').objects
    assert isinstance(source, model.OCIRepository) and isinstance(release, model.HelmRelease)
    assert (source.meta.name, source.url) == ("podinfo-oci", "oci://ghcr.io/stefanprodan/charts/podinfo")
    assert (release.chart, release.chart_ref) == (None, model.SourceRef(kind="OCIRepository", name="podinfo-oci"))


# --- journeys 2 and 3 -------------------------------------------------------------------------------------------

def test_helm_in_git_emits_git_repository_and_revision_chart() -> None:
    text = "namespace: shop\n" + GIT_HELM + "values:\n  replicaCount: 3\n"
    assert plan_of(text) == model.Plan(app="shop", output_path="./manifests", objects=(
        model.GitRepository(meta=meta("gitops-repo"), url="https://github.com/org/gitops-repo.git",
                            interval="1m0s", ref=model.GitRef(branch="main")),
        model.HelmRelease(
            meta=meta("shop"), interval="5m0s",
            chart=model.ChartTemplate(chart="./apps/shop", reconcile_strategy="Revision", source=GIT_REPO),
            target_namespace="shop", storage_namespace="shop", create_namespace=True, values={"replicaCount": 3}),
    ))


@pytest.mark.parametrize("output_format", ["kustomize", "raw"])
def test_kustomize_and_raw_emit_a_kustomization(output_format: str) -> None:
    text = "namespace: shop\n" + GIT_KUSTOMIZE.replace("kustomize", output_format)
    assert plan_of(text).objects[1] == model.Kustomization(
        meta=meta("shop"), interval="5m0s", path="./apps/shop", prune=True, source=GIT_REPO,
        target_namespace="shop")


@pytest.mark.parametrize(("extra", "prune"), [("", True), ("prune: true\n", True), ("prune: false\n", False)],
                         ids=["default", "true", "false"])
def test_prune(extra: str, prune: bool) -> None:
    deployer = plan_of(extra + GIT_KUSTOMIZE).objects[1]
    assert isinstance(deployer, model.Kustomization)
    assert deployer.prune is prune


@pytest.mark.parametrize(("extra", "ref"), [
    ("", model.GitRef(branch="main")),
    ("gitBranch: production\n", model.GitRef(branch="production")),
    ("gitRef:\n  tag: v1.2.3\n", model.GitRef(tag="v1.2.3")),
    ("gitRef:\n  semver: '>=1.0.0'\n", model.GitRef(semver=">=1.0.0")),
    ("gitRef:\n  commit: c88a2f41\n", model.GitRef(commit="c88a2f41")),
    ("gitBranch: main\ngitRef:\n  commit: c88a2f41\n", model.GitRef(branch="main", commit="c88a2f41")),
    ("gitBranch: release/1.x\ngitRef:\n  commit: c88a2f41\n", model.GitRef(branch="release/1.x", commit="c88a2f41")),
], ids=["default-branch", "branch", "tag", "semver", "commit-alone", "commit-on-default-branch-named",
        "commit-on-branch"])
def test_git_ref(extra: str, ref: model.GitRef) -> None:
    source = plan_of(extra + GIT_KUSTOMIZE).objects[0]
    assert isinstance(source, model.GitRepository)
    assert source.ref == ref


def test_git_source_options() -> None:
    text = "gitRepositoryName: platform\ngitSecretRef: git-auth\nsourceInterval: 10m\n" + GIT_KUSTOMIZE
    source, deployer = plan_of(text).objects
    assert source == model.GitRepository(meta=meta("platform"), url="https://github.com/org/gitops-repo.git",
                                         interval="10m0s", ref=model.GitRef(branch="main"), secret_ref="git-auth")
    assert isinstance(deployer, model.Kustomization)
    assert deployer.source == model.SourceRef(kind="GitRepository", name="platform")


@pytest.mark.parametrize(("written", "emitted"), [
    ("apps/x", "./apps/x"),
    ("apps/x/", "./apps/x"),
    ("./apps/x", "./apps/x"),
    ("./apps//x", "./apps/x"),
    ("././apps/./x/", "./apps/x"),
    ("apps\\x", "./apps/x"),
    (".", "./"),
    ("./", "./"),
], ids=["plain", "trailing-slash", "dot-slash", "double-slash", "dots", "backslash", "dot", "dot-slash-root"])
def test_git_path_normalisation(written: str, emitted: str) -> None:
    assert git_path(written) == emitted


@pytest.mark.parametrize(("written", "emitted"), [("apps/x/", "./apps/x"), ("./apps//x", "./apps/x"), (".", "./"),
                                                  ("./", "./")],
                         ids=["trailing-slash", "double-slash", "dot", "dot-slash"])
def test_git_path_normalisation_reaches_both_deployers(written: str, emitted: str) -> None:
    kustomization = plan_of(GIT_KUSTOMIZE.replace("gitPath: apps/shop", f"gitPath: '{written}'")).objects[1]
    release = plan_of(GIT_HELM.replace("gitPath: apps/shop", f"gitPath: '{written}'")).objects[1]
    assert isinstance(kustomization, model.Kustomization) and isinstance(release, model.HelmRelease)
    assert kustomization.path == emitted
    assert release.chart is not None and release.chart.chart == emitted


@pytest.mark.parametrize("base", [HTTPS_CHART + '  version: "1.0.0"\n', GIT_KUSTOMIZE, GIT_HELM],
                         ids=["helmrelease-chart", "kustomization", "helmrelease-git"])
def test_depends_on_splits_namespace_and_name(base: str) -> None:
    deployer = plan_of("dependsOn:\n- cert-manager\n- infra/ingress-nginx\n" + base).objects[1]
    assert isinstance(deployer, (model.HelmRelease, model.Kustomization))
    assert deployer.depends_on == (model.Dependency(name="cert-manager"),
                                   model.Dependency(name="ingress-nginx", namespace="infra"))


def test_release_options_are_carried() -> None:
    text = textwrap.dedent("""\
        serviceAccountName: helm-deployer
        suspend: true
        remediation:
          retries: 0
        valuesFrom:
        - kind: ConfigMap
          name: base-values
        - kind: Secret
          name: grafana-admin
          valuesKey: password
          targetPath: grafana.adminPassword
        values:
          a: false
          b: {}
          c: null
          d: ""
          e: [1, 2.5]
        """) + HTTPS_CHART + '  version: "1.0.0"\n'
    release = plan_of(text).objects[1]
    assert isinstance(release, model.HelmRelease)
    assert release.values_from == (
        model.ValuesReference(kind="ConfigMap", name="base-values"),
        model.ValuesReference(kind="Secret", name="grafana-admin", values_key="password",
                              target_path="grafana.adminPassword"))
    assert (release.service_account, release.suspend, release.remediation_retries) == ("helm-deployer", True, 0)
    assert release.values == {"a": False, "b": {}, "c": None, "d": "", "e": [1, 2.5]}


def test_kustomization_options_are_carried() -> None:
    text = textwrap.dedent("""\
        wait: true
        timeout: 3m
        suspend: true
        serviceAccountName: deployer
        decryption:
          secretName: sops-age
        healthChecks:
        - apiVersion: apps/v1
          kind: Deployment
          name: api
          namespace: shop
        - kind: HelmRelease
          name: redis
        """) + GIT_KUSTOMIZE
    assert plan_of(text).objects[1] == model.Kustomization(
        meta=meta("shop"), interval="5m0s", path="./apps/shop", prune=True, source=GIT_REPO, wait=True,
        timeout="3m0s", suspend=True, service_account="deployer", decryption_secret="sops-age",
        health_checks=(model.HealthCheck(api_version="apps/v1", kind="Deployment", name="api", namespace="shop"),
                       model.HealthCheck(api_version="helm.toolkit.fluxcd.io/v2", kind="HelmRelease", name="redis")))


@pytest.mark.parametrize(("kind", "written", "emitted"), [
    ("Deployment", None, None),  # Flux reads the workload kinds as apps/v1, as `flux create ks` writes them
    ("DaemonSet", None, None),
    ("StatefulSet", None, None),
    ("HelmRelease", None, "helm.toolkit.fluxcd.io/v2"),  # filled, as `flux create ks --health-check` does
    ("Deployment", "apps/v1", "apps/v1"),
    ("HelmRelease", "helm.toolkit.fluxcd.io/v2beta2", "helm.toolkit.fluxcd.io/v2beta2"),  # as written
    ("Service", "v1", "v1"),
    ("Kustomization", "kustomize.toolkit.fluxcd.io/v1", "kustomize.toolkit.fluxcd.io/v1"),
])
def test_health_check_api_version(kind: str, written: str | None, emitted: str | None) -> None:
    entry = f"- kind: {kind}\n  name: x\n" + (f"  apiVersion: {written}\n" if written else "")
    deployer = plan_of("healthChecks:\n" + entry + GIT_KUSTOMIZE).objects[1]
    assert isinstance(deployer, model.Kustomization)
    assert deployer.health_checks == (model.HealthCheck(api_version=emitted, kind=kind, name="x"),)


@pytest.mark.parametrize("base", [HTTPS_CHART + '  version: "1.0.0"\n', OCI_CHART + '  version: "1.0.0"\n',
                                  GIT_KUSTOMIZE, GIT_HELM], ids=["https", "oci", "kustomize", "helm-in-git"])
def test_labels_go_on_every_object(base: str) -> None:
    plan = plan_of("labels:\n  team: payments\n  app.kubernetes.io/part-of: shop\n" + base)
    assert [o.meta.labels for o in plan.objects] == [{"team": "payments", "app.kubernetes.io/part-of": "shop"}] * 2


@pytest.mark.parametrize("extra", ["gitopsDeployment: none\n", ""], ids=["none", "omitted-defaults-to-none"])
def test_gitops_deployment_none_emits_no_objects(extra: str) -> None:
    text = textwrap.dedent("""\
        fluxc: v1
        name: shop
        outputFormat: kustomize
        """) + extra
    plan, warnings = lowered(text, check=False)  # the rules refuse it today (FLX211); lowering must still hold
    assert (plan, warnings) == (model.Plan(app="shop", output_path="./manifests", objects=()), [])


def test_trailing_slash_of_an_https_repository_is_dropped_like_an_oci_one() -> None:
    plan = plan_of(HTTPS_CHART.replace("github.io/podinfo", "github.io/podinfo/") + '  version: "6.5.4"\n')
    source = plan.objects[0]
    assert isinstance(source, model.HelmRepository)
    assert source.url == "https://stefanprodan.github.io/podinfo"


@pytest.mark.parametrize("url", [
    "https://github.com/org/gitops-repo.git/",
    "https://github.com/org/gitops-repo.git//",
    "ssh://git@github.com/org/gitops-repo.git/",
], ids=["https", "two-slashes", "ssh"])
def test_trailing_slash_of_a_git_url_is_dropped_like_a_helm_one(url: str) -> None:
    source = plan_of(GIT_KUSTOMIZE.replace("https://github.com/org/gitops-repo.git", url)).objects[0]
    assert isinstance(source, model.GitRepository)
    assert source.url == url.rstrip("/")
    assert source.meta.name == "gitops-repo"


@pytest.mark.parametrize(("chart_name", "derived"), [("demo_chart", "demo-chart"), ("My.Chart", "my-chart")])
def test_oci_chart_name_is_made_a_label_and_the_url_keeps_it(chart_name: str, derived: str) -> None:
    text = OCI_CHART.replace("  name: podinfo\n", f"  name: {chart_name}\n") + '  version: "1.0.0"\n'
    source, release = plan_of(text).objects
    assert isinstance(source, model.OCIRepository) and isinstance(release, model.HelmRelease)
    assert (source.meta.name, source.url) == (derived, f"oci://ghcr.io/stefanprodan/charts/{chart_name}")
    assert release.chart_ref == model.SourceRef(kind="OCIRepository", name=derived)
