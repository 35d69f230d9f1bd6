"""`fluxc validate` and `fluxc build --crds` through fluxc.cli.main, in-process: stderr, exit codes, files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fluxc.cli import main
from helpers.paths import shared_dir
from helpers.snippets import GIT_REPOSITORY, NGINX_CHART

GIT = GIT_REPOSITORY
DEPLOYMENT = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n"
# a custom resource fluxc has no schema for: skipped
CERTIFICATE = "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web\n"
NOTE = ("stream.yaml:10:1: note FLX507: $: Certificate (cert-manager.io/v1) is a custom resource fluxc has no schema "
        "for: skipped (pass --crds with its CRD to check it)\n")
SKIPPED = "1 skipped (custom resource without a schema: 1)"


@pytest.fixture(autouse=True)
def _work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in a tmp folder; converted CRDs are cached under XDG_CACHE_HOME, kept out of the user's cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert out == ""
    assert "Traceback" not in err and "internal error" not in err
    return code, err


def test_valid_stream_exits_0_with_a_count_of_what_was_skipped(capsys: pytest.CaptureFixture[str]) -> None:
    Path("stream.yaml").write_text(GIT + "---\n" + CERTIFICATE)
    assert run(capsys, "validate", "stream.yaml") == (
        0, f"fluxc: 2 documents in 1 file: 1 valid, 0 invalid, {SKIPPED}\n")


def test_verbose_lists_each_skipped_document(capsys: pytest.CaptureFixture[str]) -> None:
    Path("stream.yaml").write_text(GIT + "---\n" + CERTIFICATE)
    assert run(capsys, "validate", "-v", "stream.yaml") == (
        0, NOTE + f"fluxc: 2 documents in 1 file: 1 valid, 0 invalid, {SKIPPED}\n")


def test_quiet_hides_notes_and_the_summary(capsys: pytest.CaptureFixture[str]) -> None:
    Path("stream.yaml").write_text(GIT + "---\n" + CERTIFICATE)
    assert run(capsys, "validate", "-q", "-v", "stream.yaml") == (0, "")


def test_a_folder_without_yaml_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    Path("clusters/production").mkdir(parents=True)
    Path("clusters/production/README.md").write_text("# moved to clusters/prod\n")
    assert run(capsys, "validate", "clusters/production") == (
        1, "clusters/production: error FLX512: $: the folder holds no YAML file (*.yaml, *.yml) (check the path: a "
           "check of an empty folder proves nothing)\nfluxc: 0 documents in 0 files: 0 valid, 0 invalid, 0 skipped\n")


def test_an_empty_file_is_no_error(capsys: pytest.CaptureFixture[str]) -> None:
    Path("empty.yaml").write_text("")
    assert run(capsys, "validate", "empty.yaml") == (0, "fluxc: 0 documents in 1 file: 0 valid, 0 invalid, 0 skipped\n")


@pytest.mark.parametrize("version", ["1.10", "banana"])
def test_a_kubernetes_version_fluxc_has_no_schemas_for_is_a_usage_error(capsys: pytest.CaptureFixture[str],
                                                                         version: str) -> None:
    Path("git.yaml").write_text(GIT)
    code = main(["validate", "--kubernetes-version", version, "git.yaml"])
    assert code == 2
    assert "--kubernetes-version" in capsys.readouterr().err


def test_quiet_keeps_warnings_and_errors(capsys: pytest.CaptureFixture[str]) -> None:
    artifact = "apiVersion: source.toolkit.fluxcd.io/v1\nkind: ExternalArtifact\nmetadata:\n  name: slack\n"
    Path("stream.yaml").write_text(GIT.replace("interval: 1m", "interval: 1 minute") + "---\n" + artifact)
    code, err = run(capsys, "validate", "--quiet", "stream.yaml")
    assert code == 1
    assert err == (
        "stream.yaml:7:13: error FLX105: $.spec.interval: '1 minute' is not a Go duration such as 30s, 5m, 1h or "
        "1h30m (units ms, s, m, h)\n"
        "stream.yaml:11:7: warning FLX506: $.kind: no schema for ExternalArtifact (source.toolkit.fluxcd.io/v1): "
        "not validated (pass --crds with the CRD of this kind)\n")


def test_an_invalid_file_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    Path("git.yaml").write_text(GIT + "  bogus: true\n")
    assert run(capsys, "validate", "git.yaml") == (
        1, "git.yaml:9:3: error FLX101: $.spec.bogus: unknown key 'bogus' (this object takes no such field)\n"
           "fluxc: 1 document in 1 file: 0 valid, 1 invalid, 0 skipped\n")


def test_a_directory_argument(capsys: pytest.CaptureFixture[str]) -> None:
    Path("clusters/apps").mkdir(parents=True)
    Path("clusters/apps/git.yaml").write_text(GIT)
    Path("clusters/apps/answers.yaml").write_text(NGINX_CHART)
    Path("clusters/stream.yml").write_text(CERTIFICATE)
    Path("clusters/README.md").write_text("# not validated\n")
    code, err = run(capsys, "validate", "clusters")
    assert code == 0
    assert err == f"fluxc: 3 documents in 3 files: 2 valid, 0 invalid, {SKIPPED}\n"
    assert not Path("clusters/apps/manifests").exists()  # validate writes nothing


def test_validate_with_the_official_crds(capsys: pytest.CaptureFixture[str]) -> None:
    both = ("apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: podinfo\nspec:\n"
            "  interval: 10m\n  chartRef:\n    kind: OCIRepository\n    name: podinfo\n  chart:\n    spec:\n"
            "      chart: podinfo\n      sourceRef:\n        kind: HelmRepository\n        name: podinfo\n")
    Path("release.yaml").write_text(both)
    code, err = run(capsys, "validate", "-q", "release.yaml", "--crds", str(shared_dir("flux-crds")))
    assert (code, err) == (1, "release.yaml:5:1: error FLX501: $.spec: either chart or chartRef must be set "
                              "(a validation rule (x-kubernetes-validations) of the Flux API)\n")


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("deploy.yaml", DEPLOYMENT, "no CustomResourceDefinition found in deploy.yaml"),
    ("crd.yaml", "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: a.b\n",
     "crd.yaml: CRD a.b: malformed (KeyError('spec'))"),
    ("broken.yaml", "kind: [\n", "broken.yaml:2:1: invalid YAML: did not find expected node content"),
], ids=["not-a-crd", "malformed-crd", "yaml-syntax"])
def test_crds_that_cannot_be_used_exit_1(name: str, content: str, reason: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    Path(name).write_text(content)
    Path("git.yaml").write_text(GIT)
    code, err = run(capsys, "validate", "git.yaml", "--crds", name)
    assert code == 1
    # one diagnostic, no summary: nothing was validated
    assert err.startswith(f"{name}: error FLX509: $: the CRDs cannot be used: {reason}")
    assert err.endswith("(pass CRD files, a folder of them, `flux install --export` output or "
                        "`kubectl get crd -o yaml` output)\n")
    assert err.count("error FLX509") == 1 and "fluxc: " not in err


def test_a_yaml_syntax_error_in_crds_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    Path("broken.yaml").write_text("kind: [\n")
    Path("git.yaml").write_text(GIT)
    code, err = run(capsys, "validate", "git.yaml", "--crds", "broken.yaml")
    assert code == 1
    assert err.count("\n") == 1, err  # every problem is one line on stderr (README)
    assert "<unicode string>" not in err


def test_crds_on_a_missing_path_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    Path("git.yaml").write_text(GIT)
    code, err = run(capsys, "validate", "git.yaml", "--crds", "no-such-crds")
    assert code == 2
    assert "'no-such-crds' does not exist" in err


def test_a_missing_path_to_validate_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run(capsys, "validate", "nowhere.yaml")
    assert code == 2
    assert "'nowhere.yaml' does not exist" in err


# --------------------------------------------------------------------------- build --crds

def test_build_with_the_official_crds_writes(capsys: pytest.CaptureFixture[str]) -> None:
    Path("answers.yaml").write_text(NGINX_CHART)
    code, err = run(capsys, "build", "answers.yaml", "--crds", str(shared_dir("flux-crds")))
    assert code == 0, err
    assert err == "fluxc: nginx-ingress: 2 files in manifests/ (2 written, 0 unchanged)\n"
    assert sorted(p.name for p in Path("manifests").iterdir()) == ["helmrelease.yaml", "helmrepository.yaml"]


def test_build_with_crds_lacking_helmrelease_writes_nothing(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    crds = tmp_path / "source-crds"
    crds.mkdir()
    for crd in shared_dir("flux-crds").glob("source.toolkit.fluxcd.io_*.yaml"):
        shutil.copy(crd, crds)
    Path("answers.yaml").write_text(NGINX_CHART)
    code, err = run(capsys, "build", "answers.yaml", "--crds", str(crds))
    assert code == 1
    assert err == ("answers.yaml: error FLX506: $: the CRDs given do not serve HelmRelease helm.toolkit.fluxcd.io/v2, "
                   "which fluxc emits (helmrelease.yaml) (pass the CRDs of the Flux version your cluster runs "
                   "(Flux 2.6 or later))\n")
    assert not Path("manifests").exists()


def test_build_with_crds_that_cannot_be_used_writes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    Path("answers.yaml").write_text(NGINX_CHART)
    Path("deploy.yaml").write_text(DEPLOYMENT)
    code, err = run(capsys, "build", "answers.yaml", "--crds", "deploy.yaml")
    assert code == 1
    assert err.startswith("deploy.yaml: error FLX509: $: the CRDs cannot be used: no CustomResourceDefinition found")
    assert not Path("manifests").exists()
