"""fluxc.targets.flux.fleet and the sources' production fields: an artifact's OCIRepository is shared like any
source, and an FLX409 message points at the answers key that sets the field that differs (gitProvider,
chart.insecure, artifact.verify, …), for both origins of an OCIRepository (a chart, an artifact)."""

from __future__ import annotations

from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, Span
from fluxc.targets.flux.fleet import check
from fluxc.targets.types import FleetObject
from helpers.plans import fleet_app

WEB = """\
fluxc: v1
name: web
namespace: shop
outputFormat: kustomize
gitopsDeployment: flux
artifact:
  url: oci://ghcr.io/acme/manifests/shop
  ref:
    tag: 2.4.0
  path: web
"""  # lines 1-10: keys under `artifact` go at two spaces
WORKER = WEB.replace("name: web", "name: worker").replace("path: web", "path: worker")
CHART = """\
fluxc: v1
name: storefront
deploymentMethod: flux
chart:
  repository: oci://ghcr.io/acme/charts
  name: shop
  version: "2.4.0"
"""  # lines 1-7: an OCIRepository flux-system/shop too, of a chart
GIT = """\
fluxc: v1
name: api
outputFormat: kustomize
gitopsDeployment: flux
gitRepoUrl: https://github.com/acme/platform.git
gitPath: ./deploy/api
"""
LAST_WINS = "in the cluster the last one applied would win"
SHOP = "OCIRepository flux-system/shop"


app = fleet_app


def conflict(message: str, path: tuple[str, ...], file: str, span: Span, rename: str) -> Diagnostic:
    return Diagnostic(codes.SOURCE_CONFLICT, f"{message}; {LAST_WINS}", path, file, span,
                      f"make the settings agree, or give one of them a source of its own ({rename})")


def test_facts_of_an_artifact() -> None:
    _, found = app("apps/web.yaml", WEB + "  verify: {secretRef: cosign-pub}\n")
    source = found.objects[0]
    assert source == FleetObject("OCIRepository", "flux-system", "shop", 0, "sources/flux-system/ocirepository-shop.yaml",
                                 source.obj)
    assert source.obj is not None and "layerSelector" not in source.obj["spec"]
    assert {"artifact.url": Span(7, 3), "artifact.ref": Span(8, 3), "artifact.verify": Span(11, 3)}.items() <= \
        found.where.items()


def test_applications_of_one_artifact_share_its_source() -> None:
    assert check([app("apps/web.yaml", WEB), app("apps/worker.yaml", WORKER)], True) == []


def test_flx409_artifact_verify_points_at_artifact_verify() -> None:
    apps = [app("apps/web.yaml", WEB), app("apps/worker.yaml", WORKER + "  verify:\n    secretRef: cosign-pub\n")]
    assert check(apps, True) == [conflict(
        f'{SHOP} is also defined by apps/web.yaml:7:3, differently: spec.verify.provider: "cosign" here, absent '
        'there; spec.verify.secretRef.name: "cosign-pub" here, absent there', ("artifact", "verify"),
        "apps/worker.yaml", Span(11, 3), "artifact.repositoryName")]


def test_flx409_artifact_ref_points_at_artifact_ref() -> None:
    apps = [app("apps/web.yaml", WEB), app("apps/worker.yaml", WORKER.replace("tag: 2.4.0", "tag: 2.5.0"))]
    assert check(apps, True) == [conflict(
        f'{SHOP} is also defined by apps/web.yaml:8:3, differently: spec.ref.tag: "2.5.0" here, "2.4.0" there',
        ("artifact", "ref"), "apps/worker.yaml", Span(8, 3), "artifact.repositoryName")]


def test_flx409_chart_and_artifact_of_one_name_each_point_at_their_own_keys() -> None:
    apps = [app("apps/storefront.yaml", CHART), app("apps/web.yaml", WEB)]
    diagnostic, = check(apps, True)
    # here (the artifact): artifact.url; there (the chart): chart.name, where its URL ends
    assert (diagnostic.path, diagnostic.span) == (("artifact", "url"), Span(7, 3))
    assert diagnostic.message.startswith(f"{SHOP} is also defined by apps/storefront.yaml:6:3, differently: ")
    assert diagnostic.hint.endswith("(artifact.repositoryName)")


def test_flx409_chart_insecure_points_at_chart_insecure() -> None:
    apps = [app("apps/storefront.yaml", CHART), app("apps/admin.yaml", CHART.replace("storefront", "admin")
                                                    + "  insecure: true\n")]
    assert check(apps, True) == [conflict(
        f"{SHOP} is also defined by apps/storefront.yaml:6:3, differently: spec.insecure: true here, absent there",
        ("chart", "insecure"), "apps/admin.yaml", Span(8, 3), "chart.repositoryName")]


def test_flx409_git_provider_points_at_git_provider() -> None:
    apps = [app("apps/api.yaml", GIT), app("apps/web.yaml", GIT.replace("api", "web") + "gitProvider: generic\n")]
    assert check(apps, True) == [conflict(
        'GitRepository flux-system/platform is also defined by apps/api.yaml:5:1, differently: spec.provider: '
        '"generic" here, absent there', ("gitProvider",), "apps/web.yaml", Span(7, 1), "gitRepositoryName")]


def test_flx409_git_proxy_points_at_git_proxy_secret_ref() -> None:
    apps = [app("apps/api.yaml", GIT + "gitProxySecretRef: proxy-a\n"),
            app("apps/web.yaml", GIT.replace("api", "web") + "gitProxySecretRef: proxy-b\n")]
    diagnostic, = check(apps, True)
    assert (diagnostic.path, diagnostic.span) == (("gitProxySecretRef",), Span(7, 1))
    assert "apps/api.yaml:7:1" in diagnostic.message
