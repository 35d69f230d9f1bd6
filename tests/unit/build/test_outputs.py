"""fluxc.build.outputs: build (several answers files, diagnostics, output folders) and run (the whole command)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from fluxc.build.outputs import BuildOutcome, build, run
from fluxc.output.files import HEADER, OutputFile
from fluxc.pipeline.compile import Compiled, compile_document
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, ExitCode, Span
from fluxc.report.outcome import AppWritten
from fluxc.targets.registry import TARGETS
from fluxc.yaml.load import parse_single
from helpers.snippets import INVALID_CHART, MICROSERVICE_GIT, NGINX_CHART, PODINFO_CHART, edit, git_answers

FILE = "answers.yaml"
INTERNAL_HINT = "this is a fluxc bug; please report it with the answers file"
COLLISION_HINT = "give each answers file its own outputPath (or build them into one -o folder)"

HTTPS_CHART = NGINX_CHART
OCI_UNPINNED = edit(PODINFO_CHART, "https://stefanprodan.github.io/podinfo", "oci://ghcr.io/stefanprodan/charts/")
GIT_HELM = git_answers("my-application", "helm")
GIT_KUSTOMIZE = edit(MICROSERVICE_GIT, "./apps/my-microservice", "./apps/my-microservice/")
INVALID = INVALID_CHART


def compiled(text: str) -> Compiled:
    return compile_document(parse_single(textwrap.dedent(text), FILE))


def internal(file: str = "helmrelease.yaml") -> Diagnostic:
    return Diagnostic(codes.OUTPUT_INVALID, "emitted HelmRelease is invalid: boom", ("spec",), file, hint=INTERNAL_HINT)


def unpinned(line: int) -> Diagnostic:
    return Diagnostic(codes.UNPINNED_CHART, "no chart version: Flux will install whatever version is newest",
                      ("chart",), FILE, Span(line, 1),
                      'pin one, e.g. `version: "1.2.3"`, or a range such as `version: "1.x"`', "warning")


def placed(outcome: BuildOutcome) -> list[Path]:
    return [Path(f.path) for f in outcome.files]


def apps(outcome: BuildOutcome) -> list[tuple[str, Path, tuple[Path, ...]]]:
    return [(app, folder, tuple(map(Path, paths))) for app, folder, paths in outcome.apps]


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
    assert placed(outcome) == [
        tmp_path / "ingress" / "manifests" / "helmrepository.yaml",
        tmp_path / "ingress" / "manifests" / "helmrelease.yaml",
        tmp_path / "shop" / "deploy" / "flux" / "gitrepository.yaml",
        tmp_path / "shop" / "deploy" / "flux" / "flux-kustomization.yaml",
    ]
    expected = compiled(HTTPS_CHART).files + compiled(GIT_KUSTOMIZE).files
    assert [f.content for f in outcome.files] == [f.content for f in expected]
    assert outcome.documents == [f.document for f in expected]
    ingress, shop = tmp_path / "ingress" / "manifests", tmp_path / "shop" / "deploy" / "flux"
    assert apps(outcome) == [
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
    assert placed(outcome) == []  # nothing is planned (nor written) unless every answers file compiles


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
    monkeypatch.setitem(TARGETS, "flux", TARGETS["flux"]._replace(check=lambda manifests: [internal()]))
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
    assert placed(outcome) == [out / "gitrepository.yaml", out / "helmrelease.yaml"]
    assert apps(outcome) == [("my-application", out, (out / "gitrepository.yaml", out / "helmrelease.yaml"))]
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
    assert placed(outcome) == [manifests / "gitrepository.yaml",
                                               manifests / "flux-kustomization.yaml",
                                               manifests / "helmrelease.yaml"]
    assert apps(outcome) == [
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
        codes.OUTPUT_COLLISION, f"this answers file and {a}:2:1 both write {release}, with different content",
        ("name",), str(b), Span(2, 1), hint=COLLISION_HINT)]
    assert outcome.exit_code is ExitCode.INVALID
    rendered = Diagnostic(codes.OUTPUT_COLLISION, "m", (), str(release), hint=COLLISION_HINT).render()
    assert rendered == f"{release}: error FLX401: $: m ({COLLISION_HINT})"


def test_collisions_through_output_dir(tmp_path: Path) -> None:
    a = answers(tmp_path / "a", GIT_HELM)
    b = answers(tmp_path / "b", GIT_HELM.replace("gitPath: apps/my-application", "gitPath: apps/other"))
    outcome = build([a, b], output_dir=tmp_path / "out")  # two files into one -o: the repository tree
    assert [(d.code, d.file) for d in outcome.diagnostics] == [(codes.APPLICATION_CONFLICT, str(b))]


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
    assert (outcome.exit_code, outcome.files, outcome.documents, outcome.apps) == (ExitCode.INVALID, [], [], [])


def test_output_path_through_a_symlink_inside_the_folder_is_allowed(tmp_path: Path) -> None:
    app = tmp_path / "app"
    (app / "real").mkdir(parents=True)
    (app / "link").symlink_to(app / "real", target_is_directory=True)
    outcome = build([answers(app, GIT_HELM + "outputPath: link\n")])
    assert outcome.diagnostics == []
    assert placed(outcome) == [app / "link" / "gitrepository.yaml", app / "link" / "helmrelease.yaml"]


def test_output_path_symlink_is_not_checked_with_output_dir(tmp_path: Path) -> None:
    app = tmp_path / "app"
    app.mkdir()
    (app / "link").symlink_to(tmp_path, target_is_directory=True)
    outcome = build([answers(app, GIT_HELM + "outputPath: link\n")], output_dir=tmp_path / "out")
    assert outcome.diagnostics == []


def test_run_writes_and_sums_up(tmp_path: Path) -> None:
    path = answers(tmp_path, HTTPS_CHART)
    first = run([path])
    folder = str(tmp_path / "manifests")
    assert (first.exit_code, first.summary()) == (ExitCode.OK, [AppWritten("nginx-ingress", folder, 2, 2)])
    assert (tmp_path / "manifests" / "helmrelease.yaml").read_text() == compiled(HTTPS_CHART).files[1].content
    again = run([path])
    assert again.summary() == [AppWritten("nginx-ingress", folder, 2, 0)]  # nothing changed: nothing written


def test_run_to_stdout_writes_nothing(tmp_path: Path) -> None:
    outcome = run([answers(tmp_path, HTTPS_CHART)], to_stdout=True)
    assert outcome.stdout == HEADER + "".join(f.document for f in compiled(HTTPS_CHART).files)
    assert not (tmp_path / "manifests").exists()


def test_run_with_unusable_crds_compiles_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # never the user's cache
    not_crds = tmp_path / "crds.yaml"
    not_crds.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n")
    outcome = run([answers(tmp_path, HTTPS_CHART)], crds=[not_crds])
    assert [d.code for d in outcome.diagnostics] == [codes.CRDS_UNUSABLE]
    assert (outcome.exit_code, outcome.files) == (ExitCode.INVALID, [])


def test_output_file_is_a_value() -> None:
    assert OutputFile("a", "x") == OutputFile("a", "x")


# --- the same file under several names; never over an input -----------------------------------------------------

SPELLINGS = {
    "dot-slash": lambda p: Path("./" + str(p)) if not p.is_absolute() else p.parent / "." / p.name,
    "dot-dot": lambda p: p.parent / ".." / p.parent.name / p.name,
    "double-slash": lambda p: Path(str(p.parent) + "//" + p.name),
    "symlink": lambda p: _link(p),
}


def _link(path: Path) -> Path:
    link = path.with_name("link-to-" + path.name)
    link.symlink_to(path.name)
    return link


@pytest.mark.parametrize("spelling", SPELLINGS.values(), ids=SPELLINGS.keys())
def test_an_answers_file_given_twice_is_built_once(tmp_path: Path, spelling: Callable[[Path], Path]) -> None:
    path = answers(tmp_path / "app", HTTPS_CHART)
    other = spelling(path)
    outcome = run([path, other, path])
    assert (outcome.exit_code, outcome.diagnostics) == (ExitCode.OK, [])
    assert [app for app, _, _ in outcome.apps] == ["nginx-ingress"]
    assert outcome.summary() == [AppWritten("nginx-ingress", str(tmp_path / "app" / "manifests"), 2, 2)]


def test_a_folder_and_a_link_to_it_are_one_output_folder(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "alias").symlink_to("real", target_is_directory=True)
    a = answers(tmp_path, HTTPS_CHART + "outputPath: real\n", "a.yaml")
    b = answers(tmp_path, HTTPS_CHART.replace("name: nginx-ingress", "name: other") + "outputPath: alias\n", "b.yaml")
    outcome = build([a, b])
    assert [(d.code, d.file, d.message.endswith(f"both write {tmp_path / 'alias' / 'helmrelease.yaml'}, with "
                                                 "different content")) for d in outcome.diagnostics] == [
        (codes.OUTPUT_COLLISION, str(b), True)]
    # the same application twice is refused before its files are placed (they would be one object in the cluster)
    same = build([a, answers(tmp_path, HTTPS_CHART + "outputPath: alias\n", "c.yaml")])
    assert [(d.code, d.file) for d in same.diagnostics] == [(codes.APPLICATION_CONFLICT, str(tmp_path / "c.yaml"))]


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_an_answers_file_is_never_its_own_output(tmp_path: Path, force: bool) -> None:
    path = answers(tmp_path, HTTPS_CHART + "outputPath: .\n", "helmrelease.yaml")
    outcome = run([path], force=force)
    assert [(d.code, d.file) for d in outcome.diagnostics] == [(codes.OUTPUT_IS_INPUT, str(path))]
    assert outcome.exit_code is ExitCode.INVALID
    assert sorted(p.name for p in tmp_path.iterdir()) == ["helmrelease.yaml"]  # not even helmrepository.yaml
    assert path.read_text() == textwrap.dedent(HTTPS_CHART) + "outputPath: .\n"


RAW_PACKAGE = """\
fluxc: v1
name: shop
namespace: shop
outputFormat: raw
gitopsDeployment: none
manifests: {manifests}
outputPath: .
"""
CONFIG_MAP = HEADER + "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n"


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
@pytest.mark.parametrize("manifests", ["./configmap-settings.yaml", "configmap-settings.yaml"])
def test_a_manifest_is_never_written_over(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, manifests: str,
                                          force: bool) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "configmap-settings.yaml").write_text(CONFIG_MAP)  # with fluxc's header, as a copied output has
    path = answers(tmp_path, RAW_PACKAGE.format(manifests=manifests))
    outcome = run([Path(path.name)], force=force)
    assert [(d.code, d.file) for d in outcome.diagnostics] == [(codes.OUTPUT_IS_INPUT, "configmap-settings.yaml")]
    assert (tmp_path / "configmap-settings.yaml").read_text() == CONFIG_MAP


def test_a_manifest_in_a_folder_is_never_written_over_through_o(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rendered").mkdir()
    (tmp_path / "rendered" / "configmap-settings.yaml").write_text(CONFIG_MAP)
    answers(tmp_path, RAW_PACKAGE.format(manifests="rendered").replace("outputPath: .\n", ""))
    outcome = run([Path(FILE)], output_dir=Path("rendered"), force=True)
    assert [(d.code, d.file) for d in outcome.diagnostics] == [
        (codes.OUTPUT_IS_INPUT, str(Path("rendered") / "configmap-settings.yaml"))]


def test_a_hand_written_file_needs_force(tmp_path: Path) -> None:
    path = answers(tmp_path, HTTPS_CHART)
    (tmp_path / "manifests").mkdir()
    (tmp_path / "manifests" / "helmrelease.yaml").write_text("# mine\n")
    refused = run([path])
    assert [(d.code, d.file) for d in refused.diagnostics] == [
        (codes.OUTPUT_NOT_FLUXC, str(tmp_path / "manifests" / "helmrelease.yaml"))]
    assert sorted(p.name for p in (tmp_path / "manifests").iterdir()) == ["helmrelease.yaml"]
    forced = run([path], force=True)
    assert forced.summary() == [AppWritten("nginx-ingress", str(tmp_path / "manifests"), 2, 2)]
    assert (tmp_path / "manifests" / "helmrelease.yaml").read_text() == compiled(HTTPS_CHART).files[1].content
