"""fluxc.pipeline.compile: compile_document (pure, one document) and build (several files, diagnostics, output folders)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from fluxc.pipeline.compile import BuildOutcome, Compiled, OutputFile, build, compile_document
from fluxc.report import codes
from fluxc.report.diagnostics import CompileError, Diagnostic, ExitCode, Span
from fluxc.yaml.load import parse_single
from fluxc.yaml.render import HEADER
from helpers.snippets import NGINX_CHART

FILE = "answers.yaml"
UNPINNED_HINT = 'pin one, e.g. `version: "1.2.3"`, or a range such as `version: "1.x"`'
UNPINNED_MESSAGE = "no chart version: Flux will install whatever version is newest"
INTERNAL_HINT = "this is a fluxc bug; please report it with the answers file"
COLLISION_HINT = "give each answers file its own outputPath"

HTTPS_CHART = NGINX_CHART
OCI_UNPINNED = """\
fluxc: v1
name: podinfo
deploymentMethod: flux
chart:
  repository: oci://ghcr.io/stefanprodan/charts/
  name: podinfo
"""
GIT_HELM = """\
fluxc: v1
name: my-application
outputFormat: helm
gitopsDeployment: flux
gitRepoUrl: https://github.com/org/gitops-repo.git
gitPath: apps/my-application
"""
GIT_KUSTOMIZE = """\
fluxc: v1
name: my-microservice
namespace: shop
outputFormat: kustomize
gitopsDeployment: flux
gitRepoUrl: ssh://git@github.com/org/gitops-repo.git
gitBranch: production
gitPath: ./apps/my-microservice/
reconcileInterval: 10m
"""
GIT_RAW = GIT_KUSTOMIZE.replace("outputFormat: kustomize", "outputFormat: raw")
INVALID = """\
fluxc: v1
name: Bad_Name
deploymentMethod: flux
chart:
  repository: https://charts.example.com
  name: demo
  versoin: "1.0.0"
"""


def compiled(text: str) -> Compiled:
    return compile_document(parse_single(textwrap.dedent(text), FILE))


def unpinned(line: int, file: str = FILE) -> Diagnostic:
    return Diagnostic(codes.UNPINNED_CHART, UNPINNED_MESSAGE, ("chart",), file, Span(line, 1), UNPINNED_HINT,
                      "warning")


def internal(file: str = "helmrelease.yaml") -> Diagnostic:
    return Diagnostic(codes.OUTPUT_INVALID, "emitted HelmRelease is invalid: boom", ("spec",), file, hint=INTERNAL_HINT)


# --- compile_document -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "app", "filenames", "warnings"), [
    (HTTPS_CHART, "nginx-ingress", ("helmrepository.yaml", "helmrelease.yaml"), ()),
    (OCI_UNPINNED, "podinfo", ("ocirepository.yaml", "helmrelease.yaml"), (unpinned(4),)),
    (GIT_HELM, "my-application", ("gitrepository.yaml", "helmrelease.yaml"), ()),
    (GIT_KUSTOMIZE, "my-microservice", ("gitrepository.yaml", "flux-kustomization.yaml"), ()),
    (GIT_RAW, "my-microservice", ("gitrepository.yaml", "flux-kustomization.yaml"), ()),
], ids=["chart-https", "chart-oci-unpinned", "git-helm", "git-kustomize", "git-raw"])
def test_compile_document_per_journey(text: str, app: str, filenames: tuple[str, ...],
                                      warnings: tuple[Diagnostic, ...]) -> None:
    result = compiled(text)
    assert (result.app, result.output_path, result.warnings) == (app, "./manifests", warnings)
    assert tuple(f.filename for f in result.files) == filenames
    for rendered in result.files:
        assert rendered.content == HEADER + rendered.document
        assert rendered.document.startswith("---\n")
        assert rendered.document.endswith("\n") and not rendered.document.endswith("\n\n")


def test_compile_document_exact_text_of_a_git_journey() -> None:
    source, deployer = compiled(GIT_KUSTOMIZE).files
    assert source.document == textwrap.dedent("""\
        ---
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata:
          name: gitops-repo
          namespace: flux-system
        spec:
          interval: 1m0s
          ref:
            branch: production
          url: ssh://git@github.com/org/gitops-repo.git
        """)
    assert deployer.document == textwrap.dedent("""\
        ---
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: my-microservice
          namespace: flux-system
        spec:
          interval: 10m0s
          path: ./apps/my-microservice
          prune: true
          sourceRef:
            kind: GitRepository
            name: gitops-repo
          targetNamespace: shop
        """)


def test_compile_document_exact_text_of_an_oci_chart() -> None:
    source, release = compiled(OCI_UNPINNED).files
    assert source.content == HEADER + textwrap.dedent("""\
        ---
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: OCIRepository
        metadata:
          name: podinfo
          namespace: flux-system
        spec:
          interval: 1h0m0s
          layerSelector:
            mediaType: application/vnd.cncf.helm.chart.content.v1.tar+gzip
            operation: copy
          ref:
            semver: '*'
          url: oci://ghcr.io/stefanprodan/charts/podinfo
        """)
    assert release.content == HEADER + textwrap.dedent("""\
        ---
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: podinfo
          namespace: flux-system
        spec:
          chartRef:
            kind: OCIRepository
            name: podinfo
          interval: 5m0s
        """)


def test_compile_document_output_path_from_the_answers() -> None:
    assert compiled(GIT_HELM + "outputPath: clusters/prod\n").output_path == "clusters/prod"


def test_input_errors_stop_before_lowering(monkeypatch: pytest.MonkeyPatch) -> None:
    def must_not_run(*_args: object) -> None:
        raise AssertionError("a later stage ran after input errors")

    monkeypatch.setattr("fluxc.targets.flux.lower.lower", must_not_run)
    monkeypatch.setattr("fluxc.targets.flux.emit.emit", must_not_run)
    monkeypatch.setattr("fluxc.targets.flux.validate_output.validate", must_not_run)
    with pytest.raises(CompileError) as caught:
        compiled(INVALID)
    assert [(d.code, d.path, d.span) for d in caught.value.diagnostics] == [
        (codes.BAD_FORMAT, ("name",), Span(2, 7)),
        (codes.UNKNOWN_KEY, ("chart", "versoin"), Span(7, 3)),
    ]


def test_output_errors_raise_only_the_output_diagnostics(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("fluxc.targets.flux.validate_output.validate", lambda manifests: [internal()])
    with pytest.raises(CompileError) as caught:
        compiled(OCI_UNPINNED)  # its FLX301 warning belongs to a stage that passed
    assert caught.value.diagnostics == (internal(),)


def test_the_output_check_sees_every_manifest(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    monkeypatch.setattr("fluxc.targets.flux.validate_output.validate", lambda manifests: seen.extend(m.filename for m in manifests))
    compiled(HTTPS_CHART)
    assert seen == ["helmrepository.yaml", "helmrelease.yaml"]


# --- build ------------------------------------------------------------------------------------------------------

def answers(folder: Path, text: str, name: str = FILE) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_build_plans_files_beside_each_answers_file(tmp_path: Path) -> None:
    chart = answers(tmp_path / "ingress", HTTPS_CHART)
    git = answers(tmp_path / "shop", GIT_KUSTOMIZE + "outputPath: deploy/flux\n")
    outcome = build([chart, git])
    assert outcome.diagnostics == []
    assert outcome.exit_code is ExitCode.OK
    assert [f.path for f in outcome.files] == [
        tmp_path / "ingress" / "manifests" / "helmrepository.yaml",
        tmp_path / "ingress" / "manifests" / "helmrelease.yaml",
        tmp_path / "shop" / "deploy" / "flux" / "gitrepository.yaml",
        tmp_path / "shop" / "deploy" / "flux" / "flux-kustomization.yaml",
    ]
    expected = compiled(HTTPS_CHART).files + compiled(GIT_KUSTOMIZE).files
    assert [f.content for f in outcome.files] == [f.content for f in expected]
    assert outcome.documents == [f.document for f in expected]
    ingress, shop = tmp_path / "ingress" / "manifests", tmp_path / "shop" / "deploy" / "flux"
    assert outcome.summaries == [
        ("nginx-ingress", ingress, (ingress / "helmrepository.yaml", ingress / "helmrelease.yaml")),
        ("my-microservice", shop, (shop / "gitrepository.yaml", shop / "flux-kustomization.yaml"))]


def test_build_collects_and_sorts_diagnostics_of_every_file(tmp_path: Path) -> None:
    second = answers(tmp_path / "b", INVALID)
    first = answers(tmp_path / "a", INVALID)
    warns = answers(tmp_path / "c", OCI_UNPINNED)
    outcome = build([second, warns, first])
    assert [(d.file, d.code, d.span) for d in outcome.diagnostics] == [
        (str(first), codes.BAD_FORMAT, Span(2, 7)),
        (str(first), codes.UNKNOWN_KEY, Span(7, 3)),
        (str(second), codes.BAD_FORMAT, Span(2, 7)),
        (str(second), codes.UNKNOWN_KEY, Span(7, 3)),
        (str(warns), codes.UNPINNED_CHART, Span(4, 1)),
    ]
    assert outcome.exit_code is ExitCode.INVALID
    assert [f.path.parent for f in outcome.files] == [tmp_path / "c" / "manifests"] * 2  # only the valid file


def test_build_reports_an_unreadable_file(tmp_path: Path) -> None:
    outcome = build([tmp_path / "missing.yaml"])
    assert [(d.code, d.file) for d in outcome.diagnostics] == [(codes.FILE_UNREADABLE, str(tmp_path / "missing.yaml"))]
    assert (outcome.exit_code, outcome.files, outcome.documents) == (ExitCode.INVALID, [], [])


@pytest.mark.parametrize(("texts", "exit_code"), [
    ([HTTPS_CHART], ExitCode.OK),
    ([OCI_UNPINNED], ExitCode.OK),  # warnings only
    ([INVALID], ExitCode.INVALID),
    ([HTTPS_CHART, INVALID], ExitCode.INVALID),
], ids=["ok", "warnings-are-ok", "invalid", "one-of-two-invalid"])
def test_build_exit_code(tmp_path: Path, texts: list[str], exit_code: ExitCode) -> None:
    paths = [answers(tmp_path / str(i), text) for i, text in enumerate(texts)]
    assert build(paths).exit_code is exit_code


def test_build_exit_code_internal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("fluxc.targets.flux.validate_output.validate", lambda manifests: [internal()])
    outcome = build([answers(tmp_path / "ok", HTTPS_CHART), answers(tmp_path / "bad", INVALID)])
    assert outcome.exit_code is ExitCode.INTERNAL  # an internal error outranks invalid input
    assert internal() in outcome.diagnostics
    assert outcome.files == []


@pytest.mark.parametrize(("diagnostics", "exit_code"), [
    ([], ExitCode.OK),
    ([unpinned(4)], ExitCode.OK),
    ([Diagnostic(codes.OUTPUT_INVALID, "x", severity="warning")], ExitCode.OK),
    ([Diagnostic(codes.UNKNOWN_KEY, "x")], ExitCode.INVALID),
    ([Diagnostic(codes.UNKNOWN_KEY, "x"), internal()], ExitCode.INTERNAL),
], ids=["none", "warning", "flx9-warning", "error", "error-and-internal"])
def test_outcome_exit_code(diagnostics: list[Diagnostic], exit_code: ExitCode) -> None:
    assert BuildOutcome(diagnostics=diagnostics).exit_code is exit_code


def test_output_dir_overrides_output_path(tmp_path: Path) -> None:
    path = answers(tmp_path / "app", GIT_HELM + "outputPath: ignored\n")
    out = tmp_path / "elsewhere" / "out"
    outcome = build([path], output_dir=out)
    assert [f.path for f in outcome.files] == [out / "gitrepository.yaml", out / "helmrelease.yaml"]
    assert outcome.summaries == [("my-application", out, (out / "gitrepository.yaml", out / "helmrelease.yaml"))]
    assert outcome.diagnostics == []


SHARED_SOURCE_A = GIT_KUSTOMIZE.replace("name: my-microservice", "name: app-a")
SHARED_SOURCE_B = GIT_HELM.replace("gitRepoUrl: https://github.com/org/gitops-repo.git",
                                   "gitRepoUrl: ssh://git@github.com/org/gitops-repo.git\ngitBranch: production")


def test_identical_shared_files_are_written_once(tmp_path: Path) -> None:
    a = answers(tmp_path, SHARED_SOURCE_A, "a.yaml")
    b = answers(tmp_path, SHARED_SOURCE_B, "b.yaml")
    outcome = build([a, b])
    assert outcome.diagnostics == []
    manifests = tmp_path / "manifests"
    assert [f.path for f in outcome.files] == [manifests / "gitrepository.yaml",
                                               manifests / "flux-kustomization.yaml",
                                               manifests / "helmrelease.yaml"]
    assert outcome.summaries == [
        ("app-a", manifests, (manifests / "gitrepository.yaml", manifests / "flux-kustomization.yaml")),
        ("my-application", manifests, (manifests / "gitrepository.yaml", manifests / "helmrelease.yaml"))]


def test_identical_shared_documents_are_streamed_once(tmp_path: Path) -> None:
    outcome = build([answers(tmp_path, SHARED_SOURCE_A, "a.yaml"), answers(tmp_path, SHARED_SOURCE_B, "b.yaml")])
    assert outcome.documents == [f.content.removeprefix(HEADER) for f in outcome.files]


def test_different_content_for_the_same_path_collides(tmp_path: Path) -> None:
    a = answers(tmp_path, HTTPS_CHART, "a.yaml")
    b = answers(tmp_path, HTTPS_CHART.replace("name: nginx-ingress", "name: other-ingress"), "b.yaml")
    outcome = build([a, b])
    release = tmp_path / "manifests" / "helmrelease.yaml"
    assert outcome.diagnostics == [Diagnostic(
        codes.OUTPUT_COLLISION, f"two answers files write different content to {release}", (), str(release),
        hint=COLLISION_HINT)]
    assert outcome.exit_code is ExitCode.INVALID
    rendered = Diagnostic(codes.OUTPUT_COLLISION, "m", (), str(release), hint=COLLISION_HINT).render()
    assert rendered == f"{release}: error FLX401: $: m ({COLLISION_HINT})"


def test_collisions_through_output_dir(tmp_path: Path) -> None:
    a = answers(tmp_path / "a", GIT_HELM)
    b = answers(tmp_path / "b", GIT_HELM.replace("gitPath: apps/my-application", "gitPath: apps/other"))
    outcome = build([a, b], output_dir=tmp_path / "out")
    assert [(d.code, d.file) for d in outcome.diagnostics] == [
        (codes.OUTPUT_COLLISION, str(tmp_path / "out" / "helmrelease.yaml"))]


def test_output_path_through_a_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    app = tmp_path / "app"
    app.mkdir()
    (app / "link").symlink_to(outside, target_is_directory=True)
    path = answers(app, GIT_HELM + "outputPath: link/manifests\n")
    outcome = build([path])
    assert outcome.diagnostics == [Diagnostic(
        codes.PATH_ESCAPES, f"outputPath 'link/manifests' leads outside {app.resolve()} (through a symbolic link)",
        ("outputPath",), str(path),
        hint="point outputPath at a real folder inside the answers file's folder, or pass -o")]
    assert (outcome.exit_code, outcome.files, outcome.documents, outcome.summaries) == (ExitCode.INVALID, [], [], [])


def test_output_path_through_a_symlink_inside_the_folder_is_allowed(tmp_path: Path) -> None:
    app = tmp_path / "app"
    (app / "real").mkdir(parents=True)
    (app / "link").symlink_to(app / "real", target_is_directory=True)
    outcome = build([answers(app, GIT_HELM + "outputPath: link\n")])
    assert outcome.diagnostics == []
    assert [f.path for f in outcome.files] == [app / "link" / "gitrepository.yaml", app / "link" / "helmrelease.yaml"]


def test_output_path_symlink_is_not_checked_with_output_dir(tmp_path: Path) -> None:
    app = tmp_path / "app"
    app.mkdir()
    (app / "link").symlink_to(tmp_path, target_is_directory=True)
    outcome = build([answers(app, GIT_HELM + "outputPath: link\n")], output_dir=tmp_path / "out")
    assert outcome.diagnostics == []


def test_output_file_is_a_value() -> None:
    assert OutputFile(Path("a"), "x") == OutputFile(Path("a"), "x")
