"""Repository mode (`fluxc build DIR...`, `-o OUT` with several answers files): golden cases, and kustomize.

- fixtures/repository/<case>/: `input/` is a small platform repository (answers
  files, manifests, and for the --check and --prune cases the output an earlier
  build committed); `command.txt` holds the fluxc arguments, run with the
  current folder set to a copy of the case without its expectations. Expected:
  `expected-exit-code`, `expected-stderr.txt` (exactly what fluxc prints),
  `expected-stdout.txt` (none: nothing), `expected/` (every file the build
  created or changed, input/ included; none: nothing) and `expected-removed.txt`
  (the files of input/ the build removed, one a line; none: nothing).
- `kubectl kustomize` builds the repository layout of the sharing case (each object once) and of the
  packaging case (the Flux objects only: a package is applied by its application's Kustomization or
  HelmRelease, not by the index). A fleet of 200 applications: test_fleet_kustomize.py.

Regenerate with `pytest tests/acceptance/test_repository.py --update-golden` and review every changed file.
"""

from __future__ import annotations

import re
import shlex
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from fluxc.cli import main
from helpers.golden import check_golden, read_tree
from helpers.packages import kustomize
from helpers.paths import FIXTURES

CASES = sorted(p for p in (FIXTURES / "repository").iterdir() if p.is_dir())
SHARING = FIXTURES / "repository" / "sharing"


def run_case(case: Path, work: Path, monkeypatch: pytest.MonkeyPatch,
             capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """The case's command in a copy of its input/: (exit code, stdout, stderr)."""
    shutil.copytree(case / "input", work / "input", symlinks=True)
    monkeypatch.chdir(work)
    with monkeypatch.context() as build_env:  # only for the build: kubectl's skip-or-fail still reads the real CI
        # the same with and without CI: no progress bar (stderr is captured, no terminal; and CI is set)
        build_env.setenv("CI", "true")
        code = main(shlex.split((case / "command.txt").read_text()))
    out, err = capsys.readouterr()
    return code, out, err


def changes(before: dict[str, bytes], after: dict[str, bytes]) -> tuple[dict[str, bytes], list[str]]:
    """(every file created or changed, every file removed)."""
    return {name: text for name, text in after.items() if before.get(name) != text}, sorted(before.keys() - after)


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_repository_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                         capsys: pytest.CaptureFixture[str], update_golden: bool) -> None:
    before = {f"input/{name}": text for name, text in read_tree(case / "input").items()}
    code, out, err = run_case(case, tmp_path / "work", monkeypatch, capsys)
    written, removed = changes(before, read_tree(tmp_path / "work"))
    check_golden(case / "expected-stderr.txt", err, update_golden)
    check_golden(case / "expected-stdout.txt", out, update_golden, absent="")
    check_golden(case / "expected-removed.txt", "".join(f"{name}\n" for name in removed), update_golden, absent="")
    check_golden(case / "expected", written, update_golden)
    check_golden(case / "expected-exit-code", code, update_golden)
    if code != 0:
        assert (written, removed) == ({}, []), "a build that fails (or --check) writes nothing"


@pytest.mark.parametrize("case", [c for c in CASES if (c / "expected").is_dir()], ids=lambda p: p.name)
def test_a_second_build_changes_nothing(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """The output is a fixed point: built again, every file is unchanged, and --check agrees."""
    code, _, _ = run_case(case, tmp_path / "work", monkeypatch, capsys)
    assert code == 0
    first = read_tree(tmp_path / "work")
    command = shlex.split((case / "command.txt").read_text())
    assert main(command) == 0
    assert set(re.findall(r"\((\d+) written", capsys.readouterr().err)) == {"0"}
    assert read_tree(tmp_path / "work") == first
    checked = [arg for arg in command if arg != "--prune"]
    assert main([*checked, "--check"]) == 0, capsys.readouterr()


def test_the_changed_check_case_differs_from_the_up_to_date_one_by_one_answers_file() -> None:
    """check-answers-changed is check-up-to-date with one answers file edited (keep them in step when
    regenerating the committed output of either)."""
    fresh = read_tree(FIXTURES / "repository" / "check-up-to-date" / "input")
    changed = read_tree(FIXTURES / "repository" / "check-answers-changed" / "input")
    assert fresh.keys() == changed.keys()
    assert [name for name in fresh if fresh[name] != changed[name]] == ["apps/redis/fluxc.yaml"]


def objects(stream: str) -> list[tuple[str, str, str]]:
    """(kind, namespace, name) of every object of a YAML stream."""
    return [(d["kind"], d["metadata"].get("namespace", ""), d["metadata"]["name"])
            for d in yaml.safe_load_all(stream) if d is not None]


def test_kubectl_kustomize_builds_the_sharing_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert run_case(SHARING, tmp_path / "work", monkeypatch, capsys)[0] == 0
    built = objects(kustomize(tmp_path / "work" / "out"))
    assert sorted(built) == sorted(set(built)), "every object once"
    assert Counter(kind for kind, _, _ in built) == {
        "HelmRelease": 5, "Kustomization": 2, "HelmRepository": 2, "GitRepository": 1, "OCIRepository": 1}
    # exactly the objects that the applications' own folders and the shared sources hold, each once
    written = [obj for path in sorted((tmp_path / "work" / "out").rglob("*.yaml")) if path.name != "kustomization.yaml"
               for obj in objects(path.read_text())]
    assert sorted(built) == sorted(written)


def test_kubectl_kustomize_leaves_packages_to_their_applications(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    case = FIXTURES / "repository" / "package-in-repository"
    assert run_case(case, tmp_path / "work", monkeypatch, capsys)[0] == 0
    built = objects(kustomize(tmp_path / "work" / "input" / "clusters" / "prod"))
    assert sorted(built) == [
        ("GitRepository", "flux-system", "platform"), ("HelmRelease", "flux-system", "blog"),
        ("HelmRelease", "flux-system", "redis"), ("HelmRepository", "flux-system", "bitnami"),
        ("Kustomization", "flux-system", "shop")]
    # the Kustomize package in the shop's folder builds on its own, as Flux's Kustomization `shop` builds it
    shop = objects(kustomize(tmp_path / "work" / "input" / "clusters" / "prod" / "flux-system" / "shop"))
    assert sorted(shop) == [("Deployment", "shop", "shop-web"), ("Service", "shop", "shop-web")]


def test_two_applications_never_share_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A HelmRelease and a Kustomization may both be called `web` in one Flux namespace (two objects in the
    cluster), but not share OUT/flux-system/web/: the Kustomization's package is a plain folder that Flux
    applies whole, the HelmRelease's a chart (Chart.yaml, templates/) that would then be applied with it. The
    build must put them apart or refuse them."""
    chart = ("fluxc: v1\nname: web\nnamespace: web\noutputFormat: helm\ngitopsDeployment: flux\n"
             "gitRepoUrl: https://github.com/acme/platform.git\ngitPath: ./out/flux-system/web\n"
             "manifests: ./rendered\n")
    folder = chart.replace("namespace: web\noutputFormat: helm", "namespace: shop\noutputFormat: raw")
    for name, text in (("chart", chart), ("folder", folder)):
        (tmp_path / "apps" / name / "rendered").mkdir(parents=True)
        (tmp_path / "apps" / name / "fluxc.yaml").write_text(text)
        (tmp_path / "apps" / name / "rendered" / "config.yaml").write_text(
            f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  greeting: hello\n")
    monkeypatch.chdir(tmp_path)
    code = main(["build", "apps", "-o", "out"])
    err = capsys.readouterr().err
    if code != 0:
        assert "apps/chart/fluxc.yaml" in err and "apps/folder/fluxc.yaml" in err, err
        return
    for release in (tmp_path / "out").rglob("helmrelease.yaml"):
        assert not (release.parent / "flux-kustomization.yaml").exists(), f"{release.parent} holds both"


@pytest.mark.parametrize("output", [[], ["-o", "out"]], ids=["output-paths", "repository-layout"])
def test_ten_applications_are_summed_up_one_line_each_in_both_layouts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], output: list[str]) -> None:
    """The summary collapses into one line for more than ten applications (report.outcome.COLLAPSE_AFTER):
    the repository tree's shared files are no application, so ten applications are ten lines there too."""
    redis = (SHARING / "input" / "apps" / "redis" / "fluxc.yaml").read_text()
    for index in range(10):
        (tmp_path / "apps" / f"cache-{index}").mkdir(parents=True)
        (tmp_path / "apps" / f"cache-{index}" / "fluxc.yaml").write_text(
            redis.replace("name: redis\nnamespace: cache", f"name: cache-{index}\nnamespace: cache"))
    monkeypatch.chdir(tmp_path)
    assert main(["build", "apps", *output]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(":")[1].strip() for line in lines if "(repository)" not in line] == [
        f"cache-{index}" for index in range(10)]
