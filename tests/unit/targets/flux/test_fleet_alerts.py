"""fluxc.targets.flux.fleet with alerts: a Provider is shared like a source (equal definitions once, different
ones FLX409 at the `alert.provider.*` key that differs), an Alert belongs to its application (FLX408, said once
for two applications), and an Alert never changes what dependsOn reads."""

from __future__ import annotations

from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, Span
from fluxc.targets.flux.fleet import check
from fluxc.targets.types import Dependency
from helpers.plans import fleet_app
from helpers.snippets import edit

REDIS = """\
fluxc: v1
name: redis
deploymentMethod: flux
chart:
  repository: https://charts.bitnami.com/bitnami
  name: redis
  version: "18.1.0"
"""
POSTGRESQL = REDIS.replace("redis", "postgresql")
WEB = """\
fluxc: v1
name: web
outputFormat: kustomize
gitopsDeployment: flux
gitRepoUrl: https://github.com/acme/platform.git
gitPath: ./deploy/web
"""
SHARED_SLACK = "alert:\n  provider:\n    name: ops-slack\n    type: slack\n    channel: ops\n    secretRef: slack-hook\n"
PROVIDER = {"apiVersion": "notification.toolkit.fluxcd.io/v1beta3", "kind": "Provider",
            "metadata": {"name": "ops-slack", "namespace": "flux-system"},
            "spec": {"channel": "ops", "secretRef": {"name": "slack-hook"}, "type": "slack"}}


app = fleet_app


# --- facts ---------------------------------------------------------------------------------------------------

def test_the_provider_is_shared_and_the_alert_is_the_applications_own() -> None:
    _, found = app("apps/redis.yaml", REDIS + SHARED_SLACK)
    assert [(o.kind, o.name, o.file, o.shared_path) for o in found.objects] == [
        ("HelmRepository", "bitnami", 0, "sources/flux-system/helmrepository-bitnami.yaml"),
        ("HelmRelease", "redis", 1, None),
        ("Provider", "ops-slack", 2, "sources/flux-system/provider-ops-slack.yaml"),
        ("Alert", "redis", 3, None)]
    assert found.objects[2].obj == PROVIDER
    assert found.where["alert.provider.name"] == Span(10, 5) and found.where["alert.provider"] == Span(9, 3)


def test_an_alert_after_the_deployer_keeps_its_depends_on() -> None:
    _, found = app("apps/redis.yaml", REDIS + "dependsOn: [postgresql]\nalert:\n  providerRef: ops\n")
    assert found.depends_on == (Dependency("flux-system", "postgresql", Span(8, 13)),)


# --- sharing and conflicts -------------------------------------------------------------------------------------

def test_an_equal_provider_is_shared() -> None:
    apps = [app("apps/redis.yaml", REDIS + SHARED_SLACK), app("apps/postgresql.yaml", POSTGRESQL + SHARED_SLACK),
            app("apps/web.yaml", WEB + SHARED_SLACK)]
    assert check(apps, True) == []


def test_flx409_a_provider_defined_differently_points_at_the_key_that_differs() -> None:
    apps = [app("apps/redis.yaml", REDIS + SHARED_SLACK),
            app("apps/web.yaml", WEB + edit(SHARED_SLACK, "channel: ops", "channel: web-team"))]
    assert check(apps, True) == [Diagnostic(
        codes.SOURCE_CONFLICT, 'Provider flux-system/ops-slack is also defined by apps/redis.yaml:12:5, differently: '
        'spec.channel: "web-team" here, "ops" there; in the cluster the last one applied would win',
        ("alert", "provider", "channel"), "apps/web.yaml", Span(11, 5),
        "make the settings agree, or give one of them a Provider of its own (alert.provider.name)")]


def test_flx409_a_field_written_once_points_at_the_provider_s_name() -> None:
    bot = edit(SHARED_SLACK, "    secretRef", "    address: https://slack.com/api/chat.postMessage\n    secretRef")
    apps = [app("a.yaml", REDIS + bot), app("b.yaml", POSTGRESQL + SHARED_SLACK)]
    (found,) = check(apps, True)
    assert (found.code, found.path, found.span) == (codes.SOURCE_CONFLICT, ("alert", "provider", "name"), Span(10, 5))
    assert 'spec.address: absent here, "https://slack.com/api/chat.postMessage" there' in found.message


def test_flx408_alerts_of_one_name_collide_even_when_their_deployers_do_not() -> None:
    """A HelmRelease and a Kustomization may share a name, but their Alerts would be one object."""
    chart = edit(REDIS, "\nname: redis\n", "\nname: web\n")
    apps = [app("a.yaml", chart + "alert:\n  providerRef: ops\n"), app("b.yaml", WEB + "alert:\n  providerRef: ops\n")]
    assert check(apps, True) == [Diagnostic(
        codes.APPLICATION_CONFLICT, "Alert flux-system/web is also defined by a.yaml:2:1: the two applications would "
        "overwrite each other in the cluster", ("name",), "b.yaml", Span(2, 1),
        "rename one of them (name), or give it another Flux namespace (fluxNamespace)")]


def test_flx408_is_said_once_for_two_applications() -> None:
    apps = [app("a.yaml", REDIS + "alert:\n  providerRef: ops\n"), app("b.yaml", REDIS + "alert:\n  providerRef: ops\n")]
    assert [(d.code, d.file) for d in check(apps, True)] == [(codes.APPLICATION_CONFLICT, "b.yaml")]
    assert "HelmRelease flux-system/redis" in check(apps, True)[0].message


# --- references ------------------------------------------------------------------------------------------------

def test_depends_on_sees_deployers_only() -> None:
    """An Alert `web` beside the Kustomization `web` is no HelmRelease to wait for, nor a second kind."""
    apps = [app("a.yaml", REDIS + "dependsOn: [web]\n"), app("b.yaml", WEB + "alert:\n  providerRef: ops\n")]
    (found,) = check(apps, True)
    assert found.code == codes.DEPENDENCY_WRONG_KIND
    assert "defines as a Kustomization" in found.message


def test_a_cycle_through_applications_with_alerts_is_found() -> None:
    alert = "alert:\n  providerRef: ops\n"
    apps = [app("a.yaml", REDIS + "dependsOn: [postgresql]\n" + alert),
            app("b.yaml", POSTGRESQL + "dependsOn: [redis]\n" + alert)]
    assert [d.code for d in check(apps, True)] == [codes.DEPENDENCY_CYCLE]
