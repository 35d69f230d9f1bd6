"""fluxc.pipeline.compile: compile_document, pure: one answers document in, its files out."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence

import pytest

from fluxc.output.files import HEADER
from fluxc.pipeline.compile import Compiled, compile_document
from fluxc.report import codes
from fluxc.report.diagnostics import CompileError, Diagnostic, Span
from fluxc.targets.registry import TARGETS
from fluxc.targets.types import Manifest, Target
from fluxc.yaml.load import parse_documents, parse_single
from helpers.snippets import INVALID_CHART, MICROSERVICE_GIT, NGINX_CHART, PODINFO_CHART, edit, flux_object, git_answers

FILE = "answers.yaml"
UNPINNED_HINT = 'pin one, e.g. `version: "1.2.3"`, or a range such as `version: "1.x"`'
UNPINNED_MESSAGE = "no chart version: Flux will install whatever version is newest"
INTERNAL_HINT = "this is a fluxc bug; please report it with the answers file"
COLLISION_HINT = "give each answers file its own outputPath"
SOURCE, HELM, KUSTOMIZE = "source.toolkit.fluxcd.io/v1", "helm.toolkit.fluxcd.io/v2", "kustomize.toolkit.fluxcd.io/v1"

HTTPS_CHART = NGINX_CHART
OCI_UNPINNED = edit(PODINFO_CHART, "https://stefanprodan.github.io/podinfo", "oci://ghcr.io/stefanprodan/charts/")
GIT_HELM = git_answers("my-application", "helm")
GIT_KUSTOMIZE = edit(MICROSERVICE_GIT, "./apps/my-microservice", "./apps/my-microservice/")
GIT_RAW = GIT_KUSTOMIZE.replace("outputFormat: kustomize", "outputFormat: raw")
INVALID = INVALID_CHART


def compiled(text: str) -> Compiled:
    return compile_document(parse_single(textwrap.dedent(text), FILE))


def document(api_version: str, kind: str, name: str, spec: str) -> str:
    """The YAML document fluxc writes for a Flux object in flux-system; spec: its `spec:` lines, indented alike."""
    return "---\n" + flux_object(api_version, kind, textwrap.dedent(spec), name=name)


def unpinned(line: int, file: str = FILE) -> Diagnostic:
    return Diagnostic(codes.UNPINNED_CHART, UNPINNED_MESSAGE, ("chart",), file, Span(line, 1), UNPINNED_HINT,
                      "warning")


def internal(file: str = "helmrelease.yaml") -> Diagnostic:
    return Diagnostic(codes.OUTPUT_INVALID, "emitted HelmRelease is invalid: boom", ("spec",), file, hint=INTERNAL_HINT)


def replace_check(monkeypatch: pytest.MonkeyPatch, check: Callable[[Sequence[Manifest]], list[Diagnostic]]) -> None:
    """The Flux target with another output check (the registry holds the functions themselves)."""
    monkeypatch.setitem(TARGETS, "flux", TARGETS["flux"]._replace(check=check))


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
    assert tuple(f.path for f in result.files) == filenames
    for rendered in result.files:
        assert rendered.content == HEADER + rendered.document
        assert rendered.document.startswith("---\n")
        assert rendered.document.endswith("\n") and not rendered.document.endswith("\n\n")


def test_compile_document_exact_text_of_a_git_journey() -> None:
    source, deployer = compiled(GIT_KUSTOMIZE).files
    assert source.document == document(SOURCE, "GitRepository", "gitops-repo", """\
        spec:
          interval: 1m0s
          ref:
            branch: production
          url: ssh://git@github.com/org/gitops-repo.git
        """)
    assert deployer.document == document(KUSTOMIZE, "Kustomization", "my-microservice", """\
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
    assert source.content == HEADER + document(SOURCE, "OCIRepository", "podinfo", """\
        spec:
          interval: 1h0m0s
          layerSelector:
            mediaType: application/vnd.cncf.helm.chart.content.v1.tar+gzip
            operation: copy
          ref:
            semver: '*'
          url: oci://ghcr.io/stefanprodan/charts/podinfo
        """)
    assert release.content == HEADER + document(HELM, "HelmRelease", "podinfo", """\
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

    monkeypatch.setitem(TARGETS, "flux", Target("flux", *[must_not_run] * 6))
    with pytest.raises(CompileError) as caught:
        compiled(INVALID)
    assert [(d.code, d.path, d.span) for d in caught.value.diagnostics] == [
        (codes.BAD_FORMAT, ("name",), Span(2, 7)),
        (codes.UNKNOWN_KEY, ("chart", "versoin"), Span(7, 3)),
    ]


def test_output_errors_raise_only_the_output_diagnostics(monkeypatch: pytest.MonkeyPatch) -> None:
    replace_check(monkeypatch, lambda manifests: [internal()])
    with pytest.raises(CompileError) as caught:
        compiled(OCI_UNPINNED)  # its FLX301 warning belongs to a stage that passed
    assert caught.value.diagnostics == (internal(),)


def test_the_output_check_sees_every_manifest(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    replace_check(monkeypatch, lambda manifests: seen.extend(m.filename for m in manifests) or [])
    compiled(HTTPS_CHART)
    assert seen == ["helmrepository.yaml", "helmrelease.yaml"]


def test_a_flux_object_in_manifests_is_checked_by_the_flux_target() -> None:
    """Not "accepted without a schema check": fluxc's own schemas apply to Flux objects it packages."""
    answers = parse_single(textwrap.dedent("""\
        fluxc: v1
        name: infra
        outputFormat: raw
        manifests: ./flux
        """), FILE)
    source = textwrap.dedent("""\
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata:
          name: infra
          namespace: flux-system
        spec:
          interval: 5 minutes
          url: https://github.com/org/infra
        """)
    manifests = parse_documents(source, "flux/gitrepository.yaml")
    with pytest.raises(CompileError) as caught:
        compile_document(answers, manifests)
    assert [(d.code, d.file, d.path) for d in caught.value.diagnostics] == [
        (codes.BAD_FORMAT, "flux/gitrepository.yaml", ("spec", "interval"))]
