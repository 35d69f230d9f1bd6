"""fluxc.cli, `build --check`, `--diff` and `--prune`: streams, exit codes and the flags that exclude each other."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fluxc.cli import main
from fluxc.output.files import HEADER
from helpers.snippets import NGINX_CHART, edit

OCI = edit(NGINX_CHART, "https://kubernetes.github.io/ingress-nginx", "oci://ghcr.io/example/charts")
HELMRELEASE_DIFF = """\
--- a/manifests/helmrelease.yaml
+++ b/manifests/helmrelease.yaml
@@ -6,14 +6,9 @@
   name: nginx-ingress
   namespace: flux-system
 spec:
-  chart:
-    spec:
-      chart: ingress-nginx
-      reconcileStrategy: ChartVersion
-      sourceRef:
-        kind: HelmRepository
-        name: ingress-nginx
-      version: 4.8.3
+  chartRef:
+    kind: OCIRepository
+    name: ingress-nginx
   install:
     createNamespace: true
   interval: 5m0s
"""
HELMREPOSITORY_DIFF = f"""\
--- a/manifests/helmrepository.yaml
+++ /dev/null
@@ -1,10 +0,0 @@
-{HEADER}----
-apiVersion: source.toolkit.fluxcd.io/v1
-kind: HelmRepository
-metadata:
-  name: ingress-nginx
-  namespace: flux-system
-spec:
-  interval: 1h0m0s
-  url: https://kubernetes.github.io/ingress-nginx
"""
OCIREPOSITORY_DIFF = f"""\
--- /dev/null
+++ b/manifests/ocirepository.yaml
@@ -0,0 +1,15 @@
+{HEADER}+---
+apiVersion: source.toolkit.fluxcd.io/v1
+kind: OCIRepository
+metadata:
+  name: ingress-nginx
+  namespace: flux-system
+spec:
+  interval: 1h0m0s
+  layerSelector:
+    mediaType: application/vnd.cncf.helm.chart.content.v1.tar+gzip
+    operation: copy
+  ref:
+    tag: 4.8.3
+  url: oci://ghcr.io/example/charts/ingress-nginx
"""
REBUILD = "(run fluxc build and commit what it writes)"
CHECK_ERRORS = (
    f"manifests/helmrelease.yaml: error FLX406: $: output is out of date: the build writes different content {REBUILD}\n"
    "manifests/helmrepository.yaml: error FLX407: $: stale generated file: the build no longer produces it (fluxc "
    "build --prune removes it; if another answers file writes it, call fluxc with every answers file that shares "
    "this folder)\n"
    f"manifests/ocirepository.yaml: error FLX406: $: output is missing: the build writes this file {REBUILD}\n")
CHECK_SUMMARY = "fluxc: 2 files checked: 0 up to date, 1 missing, 1 out of date, 1 stale; nothing was written\n"
UP_TO_DATE = "fluxc: 2 files checked: 2 up to date, 0 missing, 0 out of date, 0 stale; nothing was written\n"


@pytest.fixture
def moved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    """Output built from an https:// chart, then the answers file moved to OCI (not rebuilt)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FLUXC_TRACEBACK", raising=False)
    (tmp_path / "answers.yaml").write_text(NGINX_CHART)
    assert main(["build", "answers.yaml"]) == 0
    (tmp_path / "answers.yaml").write_text(OCI)
    capsys.readouterr()
    return tmp_path


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_check_prints_the_diff_on_stdout_and_one_error_per_file(moved: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    before = tree(moved)
    assert main(["build", "--check", "answers.yaml"]) == 1
    assert capsys.readouterr() == (HELMRELEASE_DIFF + HELMREPOSITORY_DIFF + OCIREPOSITORY_DIFF,
                                   CHECK_ERRORS + CHECK_SUMMARY)
    assert tree(moved) == before


def test_check_diff_is_check(moved: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--check", "--diff", "answers.yaml"]) == 1
    assert capsys.readouterr() == (HELMRELEASE_DIFF + HELMREPOSITORY_DIFF + OCIREPOSITORY_DIFF,
                                   CHECK_ERRORS + CHECK_SUMMARY)


def test_diff_prints_the_same_diff_and_exits_0(moved: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = tree(moved)
    assert main(["build", "--diff", "answers.yaml"]) == 0
    assert capsys.readouterr() == (HELMRELEASE_DIFF + HELMREPOSITORY_DIFF + OCIREPOSITORY_DIFF, CHECK_SUMMARY)
    assert main(["build", "--diff", "-q", "answers.yaml"]) == 0
    assert capsys.readouterr().err == ""
    assert tree(moved) == before


def test_prune_removes_the_stale_file_and_check_then_passes(moved: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (moved / "manifests" / "README.md").write_text("Hand-written notes: never stale.\n")
    assert main(["build", "--prune", "answers.yaml"]) == 0
    assert capsys.readouterr() == ("", "fluxc: nginx-ingress: 2 files in manifests/ (2 written, 0 unchanged); "
                                       "removed 1 stale file: helmrepository.yaml\n")
    assert sorted(tree(moved)) == ["answers.yaml", "manifests/README.md", "manifests/helmrelease.yaml",
                                   "manifests/ocirepository.yaml"]
    assert main(["build", "--check", "answers.yaml"]) == 0
    assert capsys.readouterr() == ("", UP_TO_DATE)
    assert main(["build", "--check", "-q", "answers.yaml"]) == 0
    assert capsys.readouterr() == ("", "")


def test_check_and_diff_of_invalid_answers_exit_1_without_a_diff(moved: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (moved / "answers.yaml").write_text(NGINX_CHART.replace("name: nginx-ingress", "name: Bad_Name"))
    for flag in ("--check", "--diff", "--prune"):
        assert main(["build", flag, "answers.yaml"]) == 1
        out, err = capsys.readouterr()
        assert (out, err.split(": ")[:3]) == ("", ["answers.yaml:2:7", "error FLX105", "$.name"])
    assert sorted(tree(moved)) == ["answers.yaml", "manifests/helmrelease.yaml", "manifests/helmrepository.yaml"]


REFUSED = {
    "check-stdout": (["--check", "--stdout"], "--check writes nothing and compares with the files on disk; it "
                     "excludes --stdout."),
    "diff-stdout": (["--diff", "--stdout"], "--diff writes nothing and compares with the files on disk; it "
                    "excludes --stdout."),
    "check-prune": (["--prune", "--check"], "--check writes nothing and compares with the files on disk; it "
                    "excludes --prune."),
    "diff-prune": (["--diff", "--prune"], "--diff writes nothing and compares with the files on disk; it "
                   "excludes --prune."),
    "check-diff-stdout": (["--check", "--diff", "--stdout"], "--check writes nothing and compares with the files "
                          "on disk; it excludes --stdout."),
    "prune-stdout": (["--stdout", "--prune"], "--prune deletes stale files, --stdout writes nothing: they exclude "
                     "each other."),
    "diff-json": (["--diff", "--output-format", "json"], "--diff and a report on stdout (--output-format json or "
                  "sarif) exclude each other; use --check, whose report lists every file that differs."),
    "diff-sarif": (["--diff", "--output-format", "sarif"], "--diff and a report on stdout (--output-format json "
                   "or sarif) exclude each other; use --check, whose report lists every file that differs."),
}


@pytest.mark.parametrize(("flags", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_modes_that_exclude_each_other_are_a_usage_error(moved: Path, capsys: pytest.CaptureFixture[str],
                                                        flags: list[str], message: str) -> None:
    before = tree(moved)
    assert main(["build", *flags, "answers.yaml"]) == 2
    out, err = capsys.readouterr()
    assert (out, err.splitlines()[-1]) == ("", f"Error: {message}")
    assert tree(moved) == before


@pytest.mark.parametrize("flags", [["-o", "out"], ["--force"], ["--quiet"]], ids=["output", "force", "quiet"])
def test_check_goes_with_the_other_flags(moved: Path, capsys: pytest.CaptureFixture[str], flags: list[str]) -> None:
    before = tree(moved)
    assert main(["build", "--check", *flags, "answers.yaml"]) == 1
    assert capsys.readouterr().out.startswith("--- ")
    assert tree(moved) == before  # --force replaces nothing: --check writes nothing


def test_check_with_a_report_on_stdout_prints_the_report_alone(moved: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--check", "--output-format", "json", "answers.yaml"]) == 1
    out = capsys.readouterr().out
    json.loads(out)  # one JSON document, no diff around it
    assert "FLX406" in out and "FLX407" in out


def test_check_with_github_annotations_keeps_the_diff_on_stdout(moved: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--check", "--output-format", "github", "answers.yaml"]) == 1
    out, err = capsys.readouterr()
    assert out == HELMRELEASE_DIFF + HELMREPOSITORY_DIFF + OCIREPOSITORY_DIFF
    assert "FLX407" in err


def test_python_m_fluxc_build_check(moved: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "FLUXC_TRACEBACK"}
    done = subprocess.run([sys.executable, "-m", "fluxc", "build", "--check", "answers.yaml"], cwd=moved, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (
        1, HELMRELEASE_DIFF + HELMREPOSITORY_DIFF + OCIREPOSITORY_DIFF, CHECK_ERRORS + CHECK_SUMMARY)
