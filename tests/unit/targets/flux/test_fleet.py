"""fluxc.targets.flux.fleet: the facts of one application, and Flux's rules across a build's applications."""

from __future__ import annotations

import time

import pytest

from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, Span
from fluxc.targets.flux.fleet import App, check
from fluxc.targets.types import Dependency, Facts, FleetObject
from helpers.plans import fleet_app
from helpers.snippets import edit

REDIS = """\
fluxc: v1
name: redis
namespace: cache
deploymentMethod: flux
chart:
  repository: https://charts.bitnami.com/bitnami
  name: redis
  version: "18.1.0"
"""
POSTGRESQL = edit(edit(REDIS, "name: redis\nnamespace: cache", "name: postgresql\nnamespace: db"),
                  "  name: redis\n  version: \"18.1.0\"", "  name: postgresql\n  version: \"13.2.0\"")
FRONTEND = """\
fluxc: v1
name: frontend
deploymentMethod: flux
chart:
  repository: oci://ghcr.io/stefanprodan/charts
  name: podinfo
  version: "6.5.4"
"""
BACKEND = edit(FRONTEND, "name: frontend", "name: backend")
WEB = """\
fluxc: v1
name: web
namespace: shop
outputFormat: kustomize
gitopsDeployment: flux
gitRepoUrl: https://github.com/acme/platform.git
gitPath: ./deploy/web
"""
API = edit(edit(WEB, "name: web", "name: api"), "./deploy/web", "./deploy/api")

BITNAMI = {"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "HelmRepository",
           "metadata": {"name": "bitnami", "namespace": "flux-system"},
           "spec": {"interval": "1h0m0s", "url": "https://charts.bitnami.com/bitnami"}}
LAST_WINS = "in the cluster the last one applied would win"


app = fleet_app


def depending(text: str, *names: str) -> str:
    return text + "dependsOn:\n" + "".join(f"  - {name}\n" for name in names)


# --- facts ---------------------------------------------------------------------------------------------------

def test_facts_of_a_chart_from_an_https_repository() -> None:
    file, found = app("apps/redis/fluxc.yaml", depending(REDIS, "postgresql", "db/migrations"))
    assert found.folder == "flux-system/redis"
    assert found.objects == (
        FleetObject("HelmRepository", "flux-system", "bitnami", 0, "sources/flux-system/helmrepository-bitnami.yaml",
                    BITNAMI),
        FleetObject("HelmRelease", "flux-system", "redis", 1))
    assert found.depends_on == (Dependency("flux-system", "postgresql", Span(10, 5)),
                                Dependency("db", "migrations", Span(11, 5)))
    assert found.where == {"name": Span(2, 1), "chart.repository": Span(6, 3), "chart.name": Span(7, 3),
                           "chart.version": Span(8, 3), "dependsOn": Span(9, 1)}


def test_facts_of_a_git_kustomization_in_its_own_flux_namespace() -> None:
    text = depending(WEB + "fluxNamespace: shop-team\ngitRepositoryName: platform-main\n", "api")
    _, found = app("fluxc.yaml", text)
    assert found.folder == "shop-team/web"
    assert [(o.kind, o.namespace, o.name, o.file, o.shared_path) for o in found.objects] == [
        ("GitRepository", "shop-team", "platform-main", 0, "sources/shop-team/gitrepository-platform-main.yaml"),
        ("Kustomization", "shop-team", "web", 1, None)]
    assert found.depends_on == (Dependency("shop-team", "api", Span(11, 5)),)  # the entry's own namespace
    assert found.where["gitRepositoryName"] == Span(9, 1) and found.where["fluxNamespace"] == Span(8, 1)


def test_facts_of_an_oci_chart() -> None:
    _, found = app("fluxc.yaml", FRONTEND)
    assert [(o.kind, o.name, o.shared_path) for o in found.objects] == [
        ("OCIRepository", "podinfo", "sources/flux-system/ocirepository-podinfo.yaml"),
        ("HelmRelease", "frontend", None)]


# --- sharing and conflicts ----------------------------------------------------------------------------------

def test_identical_sources_are_shared() -> None:
    apps = [app("apps/redis/fluxc.yaml", REDIS), app("apps/postgresql/fluxc.yaml", POSTGRESQL),
            app("apps/frontend/fluxc.yaml", FRONTEND), app("apps/backend/fluxc.yaml", BACKEND),
            app("apps/web/fluxc.yaml", WEB), app("apps/api/fluxc.yaml", API),
            app("apps/sessions/fluxc.yaml", edit(edit(REDIS, "name: redis\nnamespace", "name: sessions\nnamespace"),
                                                 "https://charts.bitnami.com/bitnami", "https://charts.bitnami.com/bitnami/"))]
    assert check(apps, True) == []


def test_flx408_two_applications_define_one_object() -> None:
    apps = [app("platform/ingress.yaml", REDIS),
            app("teams/shop/redis.yaml", "# the shop's own cache\n" + edit(REDIS, "namespace: cache", "namespace: shop"))]
    assert check(apps, False) == [Diagnostic(
        codes.APPLICATION_CONFLICT, "HelmRelease flux-system/redis is also defined by platform/ingress.yaml:2:1: the "
        "two applications would overwrite each other in the cluster", ("name",), "teams/shop/redis.yaml", Span(3, 1),
        "rename one of them (name), or give it another Flux namespace (fluxNamespace)")]


def test_one_name_of_two_kinds_is_two_objects() -> None:
    """A HelmRelease and a Kustomization may share a name: they are different objects in the cluster."""
    chart = edit(REDIS, "name: redis\nnamespace", "name: web\nnamespace")
    assert check([app("a.yaml", chart), app("b.yaml", WEB)], True) == []


def test_another_flux_namespace_is_another_object() -> None:
    team = REDIS + "fluxNamespace: team-a\n"
    assert check([app("a.yaml", REDIS), app("b.yaml", team)], True) == []


def source_conflict(message: str, path: tuple[str, ...], file: str, span: Span, rename: str) -> Diagnostic:
    return Diagnostic(codes.SOURCE_CONFLICT, f"{message}; {LAST_WINS}", path, file, span,
                      f"make the settings agree, or give one of them a source of its own ({rename})")


def test_flx409_git_branch() -> None:
    apps = [app("apps/api.yaml", API + "gitBranch: release-2.3\n"), app("apps/web.yaml", WEB)]
    assert check(apps, True) == [source_conflict(
        'GitRepository flux-system/platform is also defined by apps/api.yaml:8:1, differently: spec.ref.branch: '
        '"main" here, "release-2.3" there', ("gitRepoUrl",), "apps/web.yaml", Span(6, 1), "gitRepositoryName")]


def test_flx409_git_tag_against_a_branch() -> None:
    apps = [app("apps/web.yaml", WEB), app("apps/api.yaml", API + "gitRef:\n  tag: v1.2.0\n")]
    assert check(apps, True) == [source_conflict(
        'GitRepository flux-system/platform is also defined by apps/web.yaml:6:1, differently: spec.ref.branch: '
        'absent here, "main" there; spec.ref.tag: "v1.2.0" here, absent there', ("gitRef",), "apps/api.yaml",
        Span(8, 1), "gitRepositoryName")]


def test_flx409_helm_repository_interval() -> None:
    apps = [app("apps/postgresql.yaml", POSTGRESQL + "sourceInterval: 10m\n"), app("apps/redis.yaml", REDIS)]
    assert check(apps, True) == [source_conflict(
        'HelmRepository flux-system/bitnami is also defined by apps/postgresql.yaml:9:1, differently: spec.interval: '
        '"1h0m0s" here, "10m0s" there', ("chart", "repository"), "apps/redis.yaml", Span(6, 3), "chart.repositoryName")]


def test_flx409_labels() -> None:
    apps = [app("a.yaml", REDIS + "labels:\n  team: shop\n"), app("b.yaml", POSTGRESQL + "labels:\n  team: data\n")]
    assert check(apps, True) == [source_conflict(
        'HelmRepository flux-system/bitnami is also defined by a.yaml:9:1, differently: metadata.labels.team: '
        '"data" here, "shop" there', ("labels",), "b.yaml", Span(9, 1), "chart.repositoryName")]


def test_flx409_oci_chart_version() -> None:
    apps = [app("frontend.yaml", FRONTEND), app("backend.yaml", edit(BACKEND, '"6.5.4"', '"6.6.0"'))]
    assert check(apps, True) == [source_conflict(
        'OCIRepository flux-system/podinfo is also defined by frontend.yaml:7:3, differently: spec.ref.tag: '
        '"6.6.0" here, "6.5.4" there', ("chart", "version"), "backend.yaml", Span(7, 3), "chart.repositoryName")]


def test_flx409_secret() -> None:
    apps = [app("a.yaml", REDIS), app("b.yaml", POSTGRESQL + "  secretRef: bitnami-auth\n")]
    assert check(apps, True) == [source_conflict(
        'HelmRepository flux-system/bitnami is also defined by a.yaml:6:3, differently: spec.secretRef.name: '
        '"bitnami-auth" here, absent there',
        ("chart", "secretRef"), "b.yaml", Span(9, 3), "chart.repositoryName")]


def test_flx409_names_three_differences_then_counts_the_rest() -> None:
    other = (WEB + "gitBranch: dev\nsourceInterval: 5m\ngitSecretRef: deploy-key\nlabels:\n  team: shop\n")
    diagnostics = check([app("a.yaml", API), app("b.yaml", other)], True)
    assert [(d.code, d.path, d.span) for d in diagnostics] == [(codes.SOURCE_CONFLICT, ("labels",), Span(11, 1))]
    assert diagnostics[0].message == (
        'GitRepository flux-system/platform is also defined by a.yaml:6:1, differently: metadata.labels.team: "shop" '
        'here, absent there; spec.interval: "5m0s" here, "1m0s" there; spec.ref.branch: "dev" here, "main" there '
        f"(and 1 more); {LAST_WINS}")


def test_each_application_that_differs_from_the_first_is_reported() -> None:
    apps = [app("a.yaml", WEB), app("b.yaml", API + "gitBranch: dev\n"), app("c.yaml", API.replace("api", "cron")
                                                                          + "gitBranch: dev\n")]
    assert [(d.code, d.file) for d in check(apps, True)] == [(codes.SOURCE_CONFLICT, "b.yaml"),
                                                             (codes.SOURCE_CONFLICT, "c.yaml")]


# --- references -------------------------------------------------------------------------------------------------

def test_flx410_a_missing_dependency_warns_only_for_whole_folders() -> None:
    apps = [app("apps/web.yaml", depending(WEB, "api", "infra/cert-manager")), app("apps/api.yaml", API)]
    expected = Diagnostic(
        codes.DEPENDENCY_MISSING, "Kustomization flux-system/web depends on Kustomization infra/cert-manager, which "
        "is not in this build", ("dependsOn", 1), "apps/web.yaml", Span(10, 5),
        "fine if it is deployed another way; otherwise check the name and namespace", "warning")
    assert check(apps, True) == [expected]
    assert check(apps, False) == []


def test_flx411_a_dependency_of_another_kind() -> None:
    apps = [app("apps/redis.yaml", REDIS), app("apps/web.yaml", depending(WEB, "redis"))]
    diagnostic = Diagnostic(
        codes.DEPENDENCY_WRONG_KIND, "Kustomization flux-system/web depends on flux-system/redis, which this build "
        "defines as a HelmRelease (apps/redis.yaml:2:1); a Kustomization can only wait for Kustomizations",
        ("dependsOn", 0), "apps/web.yaml", Span(9, 5), "depend on a Kustomization, or remove the entry")
    assert check(apps, True) == [diagnostic]
    assert check(apps, False) == [diagnostic]  # an error whatever was given


def test_a_dependency_in_another_flux_namespace() -> None:
    team = REDIS + "fluxNamespace: data\n"
    assert check([app("a.yaml", team), app("b.yaml", depending(POSTGRESQL, "data/redis"))], True) == []
    assert [d.code for d in check([app("a.yaml", team), app("b.yaml", depending(POSTGRESQL, "redis"))], True)] == [
        codes.DEPENDENCY_MISSING]


def test_flx412_cycles_each_printed_once_from_their_smallest_object() -> None:
    apps = [app("web.yaml", depending(WEB, "api")), app("api.yaml", depending(API, "web")),
            app("kafka.yaml", depending(REDIS.replace("redis", "kafka"), "zookeeper")),
            app("zookeeper.yaml", depending(REDIS.replace("redis", "zookeeper"), "etcd")),
            app("etcd.yaml", depending(REDIS.replace("redis", "etcd"), "kafka"))]
    assert check(apps, True) == [
        Diagnostic(codes.DEPENDENCY_CYCLE, "dependency cycle between HelmReleases: flux-system/etcd (etcd.yaml:10:5) -> "
                   "flux-system/kafka (kafka.yaml:10:5) -> flux-system/zookeeper (zookeeper.yaml:10:5) -> "
                   "flux-system/etcd; Flux would wait for them forever", ("dependsOn", 0), "etcd.yaml", Span(10, 5),
                   "remove one of the dependsOn entries of the cycle"),
        Diagnostic(codes.DEPENDENCY_CYCLE, "dependency cycle between Kustomizations: flux-system/api (api.yaml:9:5) -> "
                   "flux-system/web (web.yaml:9:5) -> flux-system/api; Flux would wait for them forever",
                   ("dependsOn", 0), "api.yaml", Span(9, 5), "remove one of the dependsOn entries of the cycle")]


def test_a_cycle_that_many_applications_lead_into_is_printed_once() -> None:
    apps = [app("a.yaml", depending(WEB.replace("web", "a"), "b")), app("b.yaml", depending(WEB.replace("web", "b"), "a"))]
    apps += [app(f"x{i}.yaml", depending(WEB.replace("web", f"x{i}"), "a", "b")) for i in range(5)]
    assert [(d.code, d.file) for d in check(apps, True)] == [(codes.DEPENDENCY_CYCLE, "a.yaml")]


# --- facts built by hand: the checks need nothing else ----------------------------------------------------------

def kustomization(name: str, *depends: str, namespace: str = "flux-system") -> App:
    """An application's facts written out, as a target other than a compiled answers file would give them."""
    entries = tuple(Dependency(namespace, d, Span(9 + i, 5)) for i, d in enumerate(depends))
    return f"{name}.yaml", Facts(f"{namespace}/{name}", (FleetObject("Kustomization", namespace, name, 0),), entries,
                                 {"name": Span(2, 1)})


def test_self_contained_facts() -> None:
    shared = FleetObject("GitRepository", "flux-system", "platform", 0, "sources/flux-system/gitrepository-platform.yaml",
                         {"kind": "GitRepository", "spec": {"url": "https://example.com/platform.git"}})
    one = Facts("flux-system/one", (shared, FleetObject("Kustomization", "flux-system", "one", 1)), (),
                {"name": Span(1, 1)})
    two = Facts("flux-system/two", (shared._replace(obj={"kind": "GitRepository", "spec": {"url": "https://x"}}),
                                    FleetObject("Kustomization", "flux-system", "two", 1)),
                (Dependency("flux-system", "one", None),), {})
    [conflict] = check([("one.yaml", one), ("two.yaml", two)], True)
    assert conflict == Diagnostic(
        codes.SOURCE_CONFLICT, 'GitRepository flux-system/platform is also defined by one.yaml, differently: spec.url: '
        f'"https://x" here, "https://example.com/platform.git" there; {LAST_WINS}', (), "two.yaml", None,
        "make the settings agree, or give one of them a source of its own (gitRepositoryName)")
    assert check([("one.yaml", one)], True) == []


CHAIN = 5000


def test_a_long_chain_is_checked_quickly_and_without_recursion() -> None:
    chain = [kustomization(f"app-{i:04d}", f"app-{i + 1:04d}") for i in range(CHAIN - 1)]
    chain.append(kustomization(f"app-{CHAIN - 1:04d}"))
    started = time.perf_counter()
    assert check(chain, True) == []
    assert time.perf_counter() - started < 0.5


def test_a_cycle_through_a_long_chain_is_printed_once() -> None:
    chain = [kustomization(f"app-{i:04d}", f"app-{(i + 1) % CHAIN:04d}") for i in range(CHAIN)]
    started = time.perf_counter()
    [cycle] = check(chain[::-1], True)
    assert time.perf_counter() - started < 0.5
    assert cycle.file == "app-0000.yaml"
    assert cycle.message.startswith("dependency cycle between Kustomizations: flux-system/app-0000 (app-0000.yaml:9:5)"
                                    " -> flux-system/app-0001 (app-0001.yaml:9:5) -> ")
    assert cycle.message.endswith(" -> flux-system/app-4999 (app-4999.yaml:9:5) -> flux-system/app-0000; Flux would "
                                  "wait for them forever")
    assert cycle.message.count(" -> ") == CHAIN


@pytest.mark.parametrize("edges", [
    {"a": "b", "b": "c", "c": "a", "d": "a"},
    {"d": "a", "c": "a", "b": "c", "a": "b"},
])
def test_a_cycle_is_found_from_any_starting_point(edges: dict[str, str]) -> None:
    apps = [kustomization(name, depends) for name, depends in edges.items()]
    [cycle] = check(apps, True)
    assert (cycle.code, cycle.file) == (codes.DEPENDENCY_CYCLE, "a.yaml")
    assert "flux-system/a (a.yaml:9:5) -> flux-system/b (b.yaml:9:5) -> flux-system/c (c.yaml:9:5) -> " \
           "flux-system/a;" in cycle.message


def test_an_application_without_flux_objects_has_no_references() -> None:
    """gitopsDeployment: none builds only a package: nothing in the cluster to depend on or to wait."""
    package = ("docs.yaml", Facts("flux-system/docs", (), (), {}))
    assert [d.code for d in check([package, kustomization("web", "docs")], True)] == [codes.DEPENDENCY_MISSING]
