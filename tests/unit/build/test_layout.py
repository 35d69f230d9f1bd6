"""fluxc.build.layout: the repository layout's paths, its index, and the folders an earlier build left."""

from __future__ import annotations

import textwrap
from pathlib import Path

from fluxc.build.layout import INDEX, application_folders, in_repository, index
from fluxc.output.files import HEADER, OutputFile
from fluxc.pipeline.compile import Compiled, compile_document, compile_file
from fluxc.yaml.load import parse_single
from helpers.snippets import MICROSERVICE_GIT, NGINX_CHART, edit, web_deployment

OUT = Path("out")
PODINFO_OCI = """\
fluxc: v1
name: frontend
namespace: podinfo
deploymentMethod: flux
chart:
  repository: oci://ghcr.io/stefanprodan/charts
  name: podinfo
  version: "6.5.4"
"""


def compiled(text: str) -> Compiled:
    return compile_document(parse_single(textwrap.dedent(text), "fluxc.yaml"))


def paths(files: list[OutputFile]) -> list[str]:
    return [f.path for f in files]


def test_a_chart_from_an_https_repository() -> None:
    result = compiled(NGINX_CHART)
    own, sources = in_repository(result, OUT)
    assert paths(own) == ["out/flux-system/nginx-ingress/helmrelease.yaml"]
    assert paths(sources) == ["out/sources/flux-system/helmrepository-ingress-nginx.yaml"]
    by_name = {Path(f.path).name: f for f in result.files}
    assert own[0]._replace(path="helmrelease.yaml") == by_name["helmrelease.yaml"]  # the same bytes, moved
    assert sources[0]._replace(path="helmrepository.yaml") == by_name["helmrepository.yaml"]


def test_a_chart_from_an_oci_repository() -> None:
    own, sources = in_repository(compiled(PODINFO_OCI), OUT)
    assert paths(own) == ["out/flux-system/frontend/helmrelease.yaml"]
    assert paths(sources) == ["out/sources/flux-system/ocirepository-podinfo.yaml"]


def test_the_flux_namespace_names_both_folders() -> None:
    text = MICROSERVICE_GIT + "fluxNamespace: shop-team\ngitRepositoryName: gitops-production\n"
    own, sources = in_repository(compiled(text), Path("/srv/fleet"))
    assert paths(own) == ["/srv/fleet/shop-team/my-microservice/flux-kustomization.yaml"]
    assert paths(sources) == ["/srv/fleet/sources/shop-team/gitrepository-gitops-production.yaml"]


def package(tmp_path: Path, output_format: str, deployment: str = "flux") -> Compiled:
    """An answers file that packages one Deployment (compiled from disk, as the build reads it)."""
    (tmp_path / "rendered").mkdir()
    (tmp_path / "rendered" / "web.yaml").write_text(web_deployment("        - name: web\n          image: nginx:1.27\n"))
    flux = (f"gitopsDeployment: {deployment}\ngitRepoUrl: https://github.com/acme/platform.git\n"
            "gitPath: ./clusters/prod/flux-system/shop\n" if deployment == "flux" else "gitopsDeployment: none\n")
    answers = tmp_path / "fluxc.yaml"
    answers.write_text(f"fluxc: v1\nname: shop\nnamespace: shop\noutputFormat: {output_format}\n{flux}"
                       "manifests: ./rendered\n")
    return compile_file(answers)


def test_a_kustomize_package_lands_in_its_application_folder(tmp_path: Path) -> None:
    own, sources = in_repository(package(tmp_path, "kustomize"), OUT)
    assert sorted(paths(own)) == [
        "out/flux-system/shop/base/deployment-web.yaml", "out/flux-system/shop/base/kustomization.yaml",
        "out/flux-system/shop/flux-kustomization.yaml", "out/flux-system/shop/kustomization.yaml"]
    assert paths(sources) == ["out/sources/flux-system/gitrepository-platform.yaml"]


def test_a_helm_package_lands_in_its_application_folder(tmp_path: Path) -> None:
    own, _ = in_repository(package(tmp_path, "helm"), OUT)
    assert sorted(paths(own)) == [
        "out/flux-system/shop/Chart.yaml", "out/flux-system/shop/helmrelease.yaml",
        "out/flux-system/shop/templates/deployment-web.yaml", "out/flux-system/shop/values.yaml"]


def test_a_package_without_flux_objects_has_no_sources(tmp_path: Path) -> None:
    own, sources = in_repository(package(tmp_path, "raw", deployment="none"), OUT)
    assert (paths(own), sources) == (["out/flux-system/shop/deployment-web.yaml"], [])


def test_the_index_lists_sources_first_then_applications_each_sorted_by_path(tmp_path: Path) -> None:
    files: dict[str, OutputFile] = {}  # each path once, as the build hands them over
    for text in (NGINX_CHART, PODINFO_OCI, MICROSERVICE_GIT + "fluxNamespace: apps\n",
                 edit(NGINX_CHART, "name: nginx-ingress", "name: a-b")):
        own, sources = in_repository(compiled(text), OUT)
        files.update((f.path, f) for f in own + sources)
    files.update((f.path, f) for f in in_repository(package(tmp_path, "kustomize"), OUT)[0])  # package: not listed
    listed = index(OUT, list(reversed(files.values())))
    assert listed.path == str(OUT / INDEX)
    assert listed.document == ""  # the index is not a Flux object: not part of --stdout
    assert listed.content == HEADER + textwrap.dedent("""\
        ---
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources:
        - sources/apps/gitrepository-gitops-repo.yaml
        - sources/flux-system/helmrepository-ingress-nginx.yaml
        - sources/flux-system/ocirepository-podinfo.yaml
        - apps/my-microservice/flux-kustomization.yaml
        - flux-system/a-b/helmrelease.yaml
        - flux-system/frontend/helmrelease.yaml
        - flux-system/nginx-ingress/helmrelease.yaml
        - flux-system/shop/flux-kustomization.yaml
        """)


def test_the_index_of_an_absolute_output_folder_holds_relative_paths() -> None:
    own, sources = in_repository(compiled(NGINX_CHART), Path("/srv/fleet"))
    listed = index(Path("/srv/fleet"), [*own, *sources])
    assert listed.path == "/srv/fleet/kustomization.yaml"
    assert listed.content.endswith("resources:\n- sources/flux-system/helmrepository-ingress-nginx.yaml\n"
                                   "- flux-system/nginx-ingress/helmrelease.yaml\n")


def test_the_index_of_no_flux_objects_lists_nothing() -> None:
    package_only = [OutputFile("out/flux-system/docs/deployment-docs.yaml", HEADER + "kind: Deployment\n")]
    assert index(OUT, package_only).content == (HEADER + "---\napiVersion: kustomize.config.k8s.io/v1beta1\n"
                                                "kind: Kustomization\nresources: []\n")


def test_application_folders_of_a_tree_on_disk(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for folder in ("flux-system/web", "flux-system/api/base", "team-a/grafana", "sources/flux-system",
                   "sources/team-a", ".git/objects", "flux-system/.hidden"):
        (out / folder).mkdir(parents=True)
    (out / "kustomization.yaml").write_text(HEADER)
    (out / "flux-system" / "notes.md").write_text("a file, not an application's folder\n")
    (tmp_path / "elsewhere" / "app").mkdir(parents=True)
    (out / "linked").symlink_to(tmp_path / "elsewhere")  # never followed: it may lead anywhere
    (out / "flux-system" / "linked-app").symlink_to(tmp_path / "elsewhere" / "app")
    assert application_folders(out, ["team-a", "flux-system", "team-a"]) == tuple(str(out / f) for f in (
        "sources/flux-system", "flux-system/api", "flux-system/api/base", "flux-system/web", "sources/team-a",
        "team-a/grafana"))
    assert application_folders(out, ["team-a"]) == tuple(str(out / f) for f in ("sources/team-a", "team-a/grafana"))


def test_application_folders_of_a_first_build(tmp_path: Path) -> None:
    assert application_folders(tmp_path / "out", ["flux-system"]) == ()
    (tmp_path / "file").write_text("not a folder\n")
    assert application_folders(tmp_path / "file", ["flux-system"]) == ()
