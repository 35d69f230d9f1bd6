"""fluxc.build.check (through fluxc.build.outputs.run): --check, --diff and --prune over the build's output folders."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from fluxc.build.check import diagnostic, output_folders, removed_by_app, stale_files
from fluxc.build.outputs import build, run
from fluxc.output.diff import Difference
from fluxc.output.files import HEADER
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, ExitCode
from fluxc.report.outcome import AppWritten, Checked
from helpers.snippets import MICROSERVICE_GIT, NGINX_CHART, edit

OCI_CHART = edit(NGINX_CHART, "https://kubernetes.github.io/ingress-nginx", "oci://ghcr.io/example/charts")
REBUILD = "run fluxc build and commit what it writes"
STALE_HINT = ("fluxc build --prune removes it; if another answers file writes it, call fluxc with every answers "
              "file that shares this folder")
RAW_PACKAGE = """\
fluxc: v1
name: shop
namespace: shop
outputFormat: helm
manifests: ./rendered
"""
DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  selector:
    matchLabels: {{app: {name}}}
  template:
    metadata:
      labels: {{app: {name}}}
    spec:
      containers:
        - name: web
          image: nginx:1.27
"""


def answers(folder: Path, text: str, name: str = "fluxc.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def names(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


# --- the pieces -------------------------------------------------------------------------------------------------

def test_output_folders_are_each_answers_files_folder_and_every_folder_written_into(tmp_path: Path) -> None:
    (tmp_path / "shop" / "rendered").mkdir(parents=True)
    (tmp_path / "shop" / "rendered" / "web.yaml").write_text(DEPLOYMENT.format(name="web"))
    chart = answers(tmp_path / "ingress", NGINX_CHART)
    package = answers(tmp_path / "shop", RAW_PACKAGE)
    outcome = build([chart, package])
    assert outcome.diagnostics == []
    assert output_folders(outcome.apps) == [
        str(tmp_path / "ingress" / "manifests"), str(tmp_path / "shop" / "manifests"),
        str(tmp_path / "shop" / "manifests" / "templates")]


def test_a_folder_two_answers_files_share_is_judged_against_both(tmp_path: Path) -> None:
    chart = answers(tmp_path, NGINX_CHART, "chart.fluxc.yaml")
    git = answers(tmp_path, MICROSERVICE_GIT, "git.fluxc.yaml")
    assert run([chart, git]).exit_code is ExitCode.OK
    both = build([chart, git])
    assert stale_files(both.apps, both.files, both.inputs) == []
    alone = build([chart])  # the call forgot git.fluxc.yaml: its files look stale (README says to give all)
    assert stale_files(alone.apps, alone.files, alone.inputs) == [
        str(tmp_path / "manifests" / "flux-kustomization.yaml"), str(tmp_path / "manifests" / "gitrepository.yaml")]


def test_removed_files_are_told_under_the_first_application_writing_their_folder(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    apps = [("one", a, (str(a / "x.yaml"), str(a / "templates" / "y.yaml"))), ("two", b, (str(b / "z.yaml"),)),
            ("three", a, (str(a / "w.yaml"),))]
    removed = [str(a / "old.yaml"), str(a / "templates" / "old.yaml"), str(b / "old.yaml")]
    assert removed_by_app(apps, removed) == {0: ("old.yaml", "templates/old.yaml"), 1: ("old.yaml",)}


DIAGNOSED = {
    "missing": (Difference("p", "missing", ""), codes.OUTPUT_OUT_OF_DATE,
                "output is missing: the build writes this file", REBUILD),
    "different": (Difference("p", "different", "", "generated"), codes.OUTPUT_OUT_OF_DATE,
                  "output is out of date: the build writes different content", REBUILD),
    "hand-written": (Difference("p", "different", "", "not generated"), codes.OUTPUT_OUT_OF_DATE,
                     "output is out of date, and a file fluxc did not generate is there (its first line is not "
                     "fluxc's header)", "move it away, or run fluxc build --force to replace it"),
    "unreadable": (Difference("p", "different", "", "unreadable"), codes.OUTPUT_OUT_OF_DATE,
                   "output is out of date: the file cannot be read, or is over 16 MiB", REBUILD),
    "blocked": (Difference("p", "blocked", "", "a directory"), codes.OUTPUT_OUT_OF_DATE,
                "output is blocked: a directory is where the build writes this file",
                "remove it, or choose another outputPath (or -o)"),
    "stale": (Difference("p", "stale", ""), codes.OUTPUT_STALE,
              "stale generated file: the build no longer produces it", STALE_HINT),
}


@pytest.mark.parametrize(("difference", "code", "message", "hint"), DIAGNOSED.values(), ids=DIAGNOSED.keys())
def test_each_difference_is_one_error_on_its_file(difference: Difference, code: str, message: str, hint: str) -> None:
    assert diagnostic(difference) == Diagnostic(code, message, (), "p", hint=hint)


# --- the whole command --------------------------------------------------------------------------------------------

def test_check_writes_nothing_and_fails_on_every_kind_of_difference(tmp_path: Path) -> None:
    path = answers(tmp_path, NGINX_CHART)
    run([path])
    out = tmp_path / "manifests"
    path.write_text(OCI_CHART)
    (out / "notes.yaml").write_text("# my own notes\n")
    before = {name: (out / name).read_bytes() for name in names(out)}
    outcome = run([path], check=True)
    assert {name: (out / name).read_bytes() for name in names(out)} == before
    assert outcome.exit_code is ExitCode.INVALID
    assert [(d.code, Path(d.file).name) for d in outcome.diagnostics] == [
        (codes.OUTPUT_OUT_OF_DATE, "helmrelease.yaml"), (codes.OUTPUT_STALE, "helmrepository.yaml"),
        (codes.OUTPUT_OUT_OF_DATE, "ocirepository.yaml")]
    assert outcome.summary() == Checked(files=2, missing=1, different=1, stale=1)
    assert outcome.stdout is not None
    assert [line for line in outcome.stdout.splitlines() if line.startswith(("--- ", "+++ "))] == [
        f"--- a/{str(out / 'helmrelease.yaml').lstrip('/')}", f"+++ b/{str(out / 'helmrelease.yaml').lstrip('/')}",
        f"--- a/{str(out / 'helmrepository.yaml').lstrip('/')}", "+++ /dev/null",
        "--- /dev/null", f"+++ b/{str(out / 'ocirepository.yaml').lstrip('/')}"]


def test_diff_shows_the_same_and_does_not_fail(tmp_path: Path) -> None:
    path = answers(tmp_path, NGINX_CHART)
    run([path])
    path.write_text(OCI_CHART)
    checked, diffed = run([path], check=True), run([path], diff=True)
    assert (diffed.exit_code, diffed.diagnostics, diffed.stdout) == (ExitCode.OK, [], checked.stdout)
    assert diffed.summary() == checked.summary()


def test_check_passes_on_what_build_wrote_and_says_nothing(tmp_path: Path) -> None:
    path = answers(tmp_path, NGINX_CHART)
    run([path])
    outcome = run([path], check=True)
    assert (outcome.exit_code, outcome.diagnostics, outcome.stdout) == (ExitCode.OK, [], "")
    assert outcome.summary() == Checked(files=2, missing=0, different=0, stale=0)


def test_check_of_invalid_answers_is_the_build_error_without_a_diff(tmp_path: Path) -> None:
    path = answers(tmp_path, NGINX_CHART.replace("name: nginx-ingress", "name: Bad_Name"))
    outcome = run([path], check=True)
    assert [d.code for d in outcome.diagnostics] == [codes.BAD_FORMAT]
    assert (outcome.stdout, outcome.checked) == (None, None)


def test_prune_removes_only_stale_generated_files_and_says_which(tmp_path: Path) -> None:
    path = answers(tmp_path, NGINX_CHART)
    run([path])
    out = tmp_path / "manifests"
    (out / "notes.yaml").write_text("# my own notes\n")
    (out / "sub").mkdir()
    (out / "sub" / "old.yaml").write_text(HEADER + "below: not searched\n")
    path.write_text(OCI_CHART)
    plain = run([path])  # without --prune the stale file stays
    assert (out / "helmrepository.yaml").exists() and plain.summary()[0].removed == ()  # type: ignore[index]
    pruned = run([path], prune=True)
    assert pruned.exit_code is ExitCode.OK
    assert pruned.summary() == [AppWritten("nginx-ingress", str(out), 2, 0, ("helmrepository.yaml",))]
    assert names(out) == ["helmrelease.yaml", "notes.yaml", "ocirepository.yaml", "sub/old.yaml"]
    assert run([path], check=True).exit_code is ExitCode.OK


def test_prune_that_cannot_write_removes_nothing(tmp_path: Path) -> None:
    path = answers(tmp_path, NGINX_CHART)
    run([path])
    path.write_text(OCI_CHART)
    (tmp_path / "manifests" / "ocirepository.yaml").write_text("hand-written: true\n")  # FLX404 without --force
    outcome = run([path], prune=True)
    assert [d.code for d in outcome.diagnostics] == [codes.OUTPUT_NOT_FLUXC]
    assert (tmp_path / "manifests" / "helmrepository.yaml").exists()


def test_prune_never_removes_an_input_of_the_build(tmp_path: Path) -> None:
    # an answers file in its own output folder that starts with the header (copied from generated output)
    path = answers(tmp_path, HEADER + NGINX_CHART + "outputPath: .\n", "a.fluxc.yaml")
    outcome = run([path], prune=True)
    assert (outcome.exit_code, outcome.diagnostics) == (ExitCode.OK, [])
    assert names(tmp_path) == ["a.fluxc.yaml", "helmrelease.yaml", "helmrepository.yaml"]
    assert run([path], check=True).exit_code is ExitCode.OK
