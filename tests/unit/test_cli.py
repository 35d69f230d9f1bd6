"""fluxc.cli: flags, streams and exit codes, in-process through main() plus a few real `python -m fluxc` runs."""

from __future__ import annotations

import errno
import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from fluxc import __version__
from fluxc.cli import main
from fluxc.output.files import HEADER
from fluxc.pipeline.compile import compile_document
from fluxc.report.diagnostics import Interrupted
from fluxc.yaml.load import parse_single
from helpers.snippets import INVALID_CHART, NGINX_CHART, git_answers

CHART = NGINX_CHART
UNPINNED = """\
fluxc: v1
name: grafana
deploymentMethod: flux
chart:
  repository: https://grafana.github.io/helm-charts
  name: grafana
"""
KUSTOMIZE = git_answers("app-a", repository="https://github.com/org/gitops.git", path="apps/a")
HELM_IN_GIT = git_answers("app-b", "helm", repository="https://github.com/org/gitops.git", path="apps/b")
INVALID = INVALID_CHART
INVALID_ERR = (
    "{f}:2:7: error FLX105: $.name: 'Bad_Name' is not a DNS-1123 label (lower-case letters, digits and '-', "
    "starting and ending with a letter or digit, at most 63 characters)\n"
    "{f}:7:3: error FLX101: $.chart.versoin: unknown key 'versoin' (did you mean 'version'?)\n")
UNPINNED_WARNING = ("answers.yaml:4:1: warning FLX301: $.chart: no chart version: Flux will install whatever version "
                    "is newest (pin one, e.g. `version: \"1.2.3\"`, or a range such as `version: \"1.x\"`)\n")
USAGE = "Usage: fluxc build [OPTIONS] PATH...\nTry 'fluxc build --help' for help.\n\n"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FLUXC_TRACEBACK", raising=False)
    return tmp_path


def put(path: str, text: str) -> Path:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


def documents(text: str) -> list[str]:
    return [f.document for f in compile_document(parse_single(text, "answers.yaml")).files]


def contents(text: str) -> list[str]:
    return [f.content for f in compile_document(parse_single(text, "answers.yaml")).files]


def test_build_writes_into_manifests_and_summarises(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put("answers.yaml", CHART)
    assert main(["build", "answers.yaml"]) == 0
    assert capsys.readouterr() == ("", "fluxc: nginx-ingress: 2 files in manifests/ (2 written, 0 unchanged)\n")
    helmrepository, helmrelease = contents(CHART)
    assert tree(work) == {"answers.yaml": CHART, "manifests/helmrelease.yaml": helmrelease,
                          "manifests/helmrepository.yaml": helmrepository}


def test_a_second_build_reports_unchanged_files(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put("answers.yaml", CHART)
    assert main(["build", "answers.yaml"]) == 0
    put("manifests/helmrelease.yaml", HEADER + "edited by hand, header kept\n")
    capsys.readouterr()
    assert main(["build", "answers.yaml"]) == 0
    assert capsys.readouterr() == ("", "fluxc: nginx-ingress: 2 files in manifests/ (1 written, 1 unchanged)\n")
    assert main(["build", "answers.yaml"]) == 0
    assert capsys.readouterr() == ("", "fluxc: nginx-ingress: 2 files in manifests/ (0 written, 2 unchanged)\n")


def test_answers_in_a_sub_folder_write_beside_it(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put("apps/ingress/answers.yaml", CHART + "outputPath: flux/clusters\n")
    assert main(["build", "apps/ingress/answers.yaml"]) == 0
    assert capsys.readouterr().err == (
        "fluxc: nginx-ingress: 2 files in apps/ingress/flux/clusters/ (2 written, 0 unchanged)\n")
    assert sorted(tree(work)) == ["apps/ingress/answers.yaml", "apps/ingress/flux/clusters/helmrelease.yaml",
                                  "apps/ingress/flux/clusters/helmrepository.yaml"]


@pytest.mark.parametrize("flag", ["--quiet", "-q"])
def test_quiet_prints_nothing_when_all_is_well(work: Path, capsys: pytest.CaptureFixture[str], flag: str) -> None:
    put("answers.yaml", CHART)
    assert main(["build", flag, "answers.yaml"]) == 0
    assert capsys.readouterr() == ("", "")
    assert sorted(tree(work)) == ["answers.yaml", "manifests/helmrelease.yaml", "manifests/helmrepository.yaml"]


def test_quiet_still_prints_warnings(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put("answers.yaml", UNPINNED)
    assert main(["build", "-q", "answers.yaml"]) == 0
    assert capsys.readouterr() == ("", UNPINNED_WARNING)


def test_warnings_come_before_the_summary(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put("answers.yaml", UNPINNED)
    assert main(["build", "answers.yaml"]) == 0
    assert capsys.readouterr() == (
        "", UNPINNED_WARNING + "fluxc: grafana: 2 files in manifests/ (2 written, 0 unchanged)\n")


def test_stdout_prints_one_stream_and_writes_nothing(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put("answers.yaml", CHART)
    put("other.yaml", KUSTOMIZE)
    assert main(["build", "--stdout", "answers.yaml", "other.yaml"]) == 0
    out, err = capsys.readouterr()
    assert out == HEADER + "".join(documents(CHART) + documents(KUSTOMIZE))
    assert out.count(HEADER) == 1
    assert out.count("---\n") == 4
    assert err == ""
    assert sorted(tree(work)) == ["answers.yaml", "other.yaml"]


def test_stdout_with_warnings_keeps_them_off_the_stream(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put("answers.yaml", UNPINNED)
    assert main(["build", "--stdout", "answers.yaml"]) == 0
    assert capsys.readouterr() == (HEADER + "".join(documents(UNPINNED)), UNPINNED_WARNING)


@pytest.mark.parametrize("flag", ["-o", "--output"])
def test_output_dir_overrides_output_path(work: Path, capsys: pytest.CaptureFixture[str], flag: str) -> None:
    put("answers.yaml", CHART + "outputPath: not-here\n")
    assert main(["build", flag, "out/flux", "answers.yaml"]) == 0
    assert capsys.readouterr() == ("", "fluxc: nginx-ingress: 2 files in out/flux/ (2 written, 0 unchanged)\n")
    assert sorted(tree(work)) == ["answers.yaml", "out/flux/helmrelease.yaml", "out/flux/helmrepository.yaml"]


@pytest.mark.parametrize(("args", "err"), [
    (["build"], USAGE + "Error: Missing argument 'PATH...'.\n"),
    (["build", "missing.yaml"], USAGE + "Error: Invalid value for 'PATH...': Path 'missing.yaml' does not exist.\n"),
    (["build", "-o", "out", "--stdout", "answers.yaml"],
     USAGE + "Error: -o/--output and --stdout exclude each other.\n"),
    (["build", "--zzz", "answers.yaml"], USAGE + "Error: No such option '--zzz'.\n"),
    (["build", "-j", "0", "answers.yaml"], USAGE + "Error: Invalid value for '-j' / '--jobs': 0 is not in the range "
                                                   "x>=1.\n"),
    (["build", "-o", "other.yaml", "answers.yaml"],
     USAGE + "Error: Invalid value for '-o' / '--output': Directory 'other.yaml' is a file.\n"),
    (["frobnicate"], "Usage: fluxc [OPTIONS] COMMAND [ARGS]...\nTry 'fluxc --help' for help.\n\n"
                     "Error: No such command 'frobnicate'.\n"),
], ids=["no-answers", "missing-file", "output-and-stdout", "unknown-option", "no-jobs", "output-is-a-file",
        "unknown-command"])
def test_usage_errors_exit_2(work: Path, capsys: pytest.CaptureFixture[str], args: list[str], err: str) -> None:
    put("answers.yaml", CHART)
    put("other.yaml", KUSTOMIZE)
    Path("folder").mkdir()
    before = tree(work)
    assert main(args) == 2
    assert capsys.readouterr() == ("", err)
    assert tree(work) == before


def test_no_arguments_prints_help_and_exits_2(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("Usage: fluxc [OPTIONS] COMMAND [ARGS]...\n")
    assert "  build     Compile answers files (or folders of them) into Flux resources.\n" in err


@pytest.mark.parametrize("extra", [[], ["--stdout"], ["-q"]], ids=["plain", "stdout", "quiet"])
def test_invalid_input_exits_1_with_diagnostics_on_stderr(work: Path, capsys: pytest.CaptureFixture[str],
                                                          extra: list[str]) -> None:
    put("answers.yaml", INVALID)
    assert main(["build", *extra, "answers.yaml"]) == 1
    assert capsys.readouterr() == ("", INVALID_ERR.format(f="answers.yaml"))
    assert tree(work) == {"answers.yaml": INVALID}


def test_one_invalid_file_among_several_writes_nothing(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put("a/answers.yaml", CHART)
    put("b/answers.yaml", INVALID)
    put("c/answers.yaml", KUSTOMIZE)
    assert main(["build", "a/answers.yaml", "b/answers.yaml", "c/answers.yaml"]) == 1
    assert capsys.readouterr() == ("", INVALID_ERR.format(f="b/answers.yaml"))
    assert sorted(tree(work)) == ["a/answers.yaml", "b/answers.yaml", "c/answers.yaml"]


def test_diagnostics_of_several_files_are_sorted(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put("b.yaml", INVALID)
    put("a.yaml", INVALID)
    assert main(["build", "b.yaml", "a.yaml"]) == 1
    assert capsys.readouterr() == ("", INVALID_ERR.format(f="a.yaml") + INVALID_ERR.format(f="b.yaml"))


def test_a_2_mib_answers_file_is_refused(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path("answers.yaml").write_bytes(b"fluxc: v1\nname: " + b"x" * (2 << 20) + b"\n")
    assert main(["build", "answers.yaml"]) == 1
    assert capsys.readouterr() == ("", "answers.yaml: error FLX002: $: the file is larger than 1 MiB, the limit for an "
                                       "answers file (an answers file is a few kilobytes of YAML; check that this is "
                                       "the right file)\n")
    assert sorted(tree(work)) == ["answers.yaml"]


def test_an_unwritable_output_exits_1(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put("answers.yaml", CHART)
    put("manifests", "a file where the output folder should be\n")
    assert main(["build", "answers.yaml"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == ("manifests/helmrepository.yaml: error FLX402: $: cannot write the output: Not a directory; "
                   "nothing was changed (check the output folder's permissions and free space)\n")
    assert err.count("\n") == 1
    assert tree(work) == {"answers.yaml": CHART, "manifests": "a file where the output folder should be\n"}


def test_a_collision_exits_1_and_writes_nothing(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put("a.yaml", CHART)
    put("b.yaml", CHART.replace("name: nginx-ingress", "name: other"))
    assert main(["build", "a.yaml", "b.yaml"]) == 1
    assert capsys.readouterr() == ("", "b.yaml:2:1: error FLX401: $.name: this answers file and a.yaml:2:1 both write "
                                       "manifests/helmrelease.yaml, with different content (give each answers file "
                                       "its own outputPath (or build them into one -o folder))\n")
    assert sorted(tree(work)) == ["a.yaml", "b.yaml"]


def test_summary_counts_only_each_apps_own_files(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put("a.yaml", KUSTOMIZE)
    put("b.yaml", HELM_IN_GIT)  # same folder, same GitRepository: gitrepository.yaml is shared
    assert main(["build", "a.yaml", "b.yaml"]) == 0
    assert capsys.readouterr() == ("", "fluxc: app-a: 2 files in manifests/ (2 written, 0 unchanged)\n"
                                       "fluxc: app-b: 2 files in manifests/ (2 written, 0 unchanged)\n")


def test_shared_files_are_written_once(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put("a.yaml", KUSTOMIZE)
    put("b.yaml", HELM_IN_GIT)
    assert main(["build", "-q", "a.yaml", "b.yaml"]) == 0
    assert capsys.readouterr() == ("", "")
    assert sorted(tree(work)) == ["a.yaml", "b.yaml", "manifests/flux-kustomization.yaml",
                                  "manifests/gitrepository.yaml", "manifests/helmrelease.yaml"]


def _explode(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("boom")


INTERNAL_ERR = ("fluxc: internal error: RuntimeError: boom\n"
                f"This is a bug in fluxc {__version__}; please report it with the answers file. "
                "Set FLUXC_TRACEBACK=1 to see the traceback.\n")


def _crash(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
           traceback: str | None) -> tuple[str, str]:
    """Build CHART with an internal error inside, FLUXC_TRACEBACK set to traceback (None: unset): (stdout, stderr)."""
    put("answers.yaml", CHART)
    monkeypatch.setattr("fluxc.build.outputs.run", _explode)
    if traceback is not None:
        monkeypatch.setenv("FLUXC_TRACEBACK", traceback)
    assert main(["build", "answers.yaml"]) == 3
    out, err = capsys.readouterr()
    return out, err


@pytest.mark.parametrize("traceback", [None, "0"], ids=["unset", "0"])
def test_an_internal_error_exits_3_without_a_traceback(work: Path, capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch, traceback: str | None) -> None:
    assert _crash(monkeypatch, capsys, traceback) == ("", INTERNAL_ERR)
    assert sorted(tree(work)) == ["answers.yaml"]


def test_fluxc_traceback_shows_the_traceback(work: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    out, err = _crash(monkeypatch, capsys, "1")
    assert out == ""
    assert err.startswith(INTERNAL_ERR + "Traceback (most recent call last):\n")
    assert err.endswith("RuntimeError: boom\n")
    assert "_explode" in err


def test_an_invalid_emitted_object_exits_3(work: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from fluxc.report.diagnostics import Diagnostic

    put("answers.yaml", CHART)
    from fluxc.targets.registry import TARGETS

    bug = Diagnostic("FLX901", "emitted HelmRelease is invalid: x", ("spec",), "helmrelease.yaml", hint="report it")
    monkeypatch.setitem(TARGETS, "flux", TARGETS["flux"]._replace(check=lambda manifests: [bug]))
    assert main(["build", "answers.yaml"]) == 3
    assert capsys.readouterr() == ("", "helmrelease.yaml: error FLX901: $.spec: emitted HelmRelease is invalid: x "
                                       "(report it)\n")
    assert sorted(tree(work)) == ["answers.yaml"]


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_lists_build(work: Path, capsys: pytest.CaptureFixture[str], flag: str) -> None:
    assert main([flag]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.startswith("Usage: fluxc [OPTIONS] COMMAND [ARGS]...\n")
    assert "  build     Compile answers files (or folders of them) into Flux resources.\n" in out


def test_build_help_documents_exit_codes(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Usage: fluxc build [OPTIONS] PATH...\n")
    words = " ".join(out.split())  # independent of how click wraps the paragraph
    assert "Exit codes: 0 ok, 1 invalid input, 2 usage, 3 internal error." in words
    for option in ("-o, --output DIRECTORY", "--stdout", "--force", "-q, --quiet"):
        assert option in words


def test_version(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr() == (f"fluxc, version {__version__}\n", "")


# --- real processes (slow: at most four) ------------------------------------------------------------------------

def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "FLUXC_TRACEBACK"}
    return subprocess.run([sys.executable, "-m", "fluxc", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=60, check=False)


def test_python_m_fluxc_version(tmp_path: Path) -> None:
    done = run("--version", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"fluxc, version {__version__}\n", "")


def test_python_m_fluxc_build(tmp_path: Path) -> None:
    put(str(tmp_path / "answers.yaml"), CHART)
    done = run("build", "answers.yaml", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (
        0, "", "fluxc: nginx-ingress: 2 files in manifests/ (2 written, 0 unchanged)\n")
    assert [(tmp_path / "manifests" / f.path).read_text() for f in
            compile_document(parse_single(CHART, "answers.yaml")).files] == contents(CHART)


def test_python_m_fluxc_exit_code_of_invalid_input(tmp_path: Path) -> None:
    put(str(tmp_path / "answers.yaml"), INVALID)
    done = run("build", "answers.yaml", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", INVALID_ERR.format(f="answers.yaml"))


def test_python_m_fluxc_exit_code_of_a_usage_error(tmp_path: Path) -> None:
    done = run("build", "missing.yaml", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == USAGE + "Error: Invalid value for 'PATH...': Path 'missing.yaml' does not exist.\n"


# --- files in the way, interruptions, output that cannot be written ----------------------------------------------

FOREIGN_ERR = ("manifests/helmrelease.yaml: error FLX404: $: a file fluxc did not generate is in the way (its first "
               "line is not `# Code generated by fluxc. DO NOT EDIT.`); nothing was written (move it away, choose "
               "another outputPath (or -o DIR), or pass --force to replace it)\n")


def test_a_hand_written_file_is_replaced_only_with_force(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put("answers.yaml", CHART)
    put("manifests/helmrelease.yaml", "edited by hand\n")
    assert main(["build", "answers.yaml"]) == 1
    assert capsys.readouterr() == ("", FOREIGN_ERR)
    assert tree(work) == {"answers.yaml": CHART, "manifests/helmrelease.yaml": "edited by hand\n"}
    assert main(["build", "--force", "answers.yaml"]) == 0
    assert capsys.readouterr() == ("", "fluxc: nginx-ingress: 2 files in manifests/ (2 written, 0 unchanged)\n")
    assert tree(work)["manifests/helmrelease.yaml"] == contents(CHART)[1]


@pytest.mark.parametrize("extra", [[], ["--force"]], ids=["plain", "force"])
def test_an_answers_file_named_like_its_output_is_never_overwritten(work: Path, capsys: pytest.CaptureFixture[str],
                                                                     extra: list[str]) -> None:
    text = CHART + "outputPath: .\n"
    put("helmrelease.yaml", text)
    assert main(["build", *extra, "helmrelease.yaml"]) == 1
    out, err = capsys.readouterr()
    assert (out, err.count("\n")) == ("", 1)
    assert err.startswith("helmrelease.yaml: error FLX405: $: this build reads this file; fluxc never writes")
    assert tree(work) == {"helmrelease.yaml": text}


def test_the_same_answers_file_twice_builds_once(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put("a.yaml", CHART)
    Path("link.yaml").symlink_to("a.yaml")
    assert main(["build", "a.yaml", "./a.yaml", str(work / "a.yaml"), "link.yaml"]) == 0
    assert capsys.readouterr() == ("", "fluxc: nginx-ingress: 2 files in manifests/ (2 written, 0 unchanged)\n")


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupted_write_exits_128_plus_the_signal(work: Path, capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch, signum: int,
                                                        code: int) -> None:
    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise Interrupted(signum)
    monkeypatch.setattr("fluxc.output.write.write_files", interrupted)
    put("answers.yaml", CHART)
    assert main(["build", "answers.yaml"]) == code
    name = signal.Signals(signum).name
    assert capsys.readouterr() == ("", f"fluxc: interrupted by {name} while writing; nothing was changed\n")


class _Broken(io.StringIO):
    """A stream whose reader is gone."""

    def write(self, _text: str) -> int:
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")


@pytest.mark.parametrize("args", [["build", "answers.yaml"], ["build", "-q", "bad.yaml"], ["validate", "."],
                                  ["validate", "bad.yaml"]], ids=["build", "build-invalid", "validate", "validate-invalid"])
def test_a_closed_stderr_is_an_exit_code_not_a_crash(work: Path, monkeypatch: pytest.MonkeyPatch,
                                                     args: list[str]) -> None:
    put("answers.yaml", CHART)
    put("bad.yaml", INVALID)
    monkeypatch.setattr(sys, "stderr", _Broken())
    assert main(args) == 1


def test_a_closed_stdout_is_one_diagnostic(work: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    put("answers.yaml", CHART)
    monkeypatch.setattr(sys, "stdout", _Broken())
    assert main(["build", "--stdout", "answers.yaml"]) == 1
    assert capsys.readouterr().err == ("<stdout>: error FLX402: $: cannot write the output: Broken pipe (the program "
                                       "reading the output stopped before its end)\n")


def _closed_pipe() -> int:
    """The write end of a pipe whose read end is already closed."""
    read, write = os.pipe()
    os.close(read)
    return write


@pytest.mark.parametrize("target", ["/dev/full", "closed-pipe"])
def test_python_m_fluxc_stdout_that_cannot_be_written(tmp_path: Path, target: str) -> None:
    put(str(tmp_path / "answers.yaml"), CHART)
    handle = os.open(target, os.O_WRONLY) if target.startswith("/") else _closed_pipe()
    try:
        done = subprocess.run([sys.executable, "-m", "fluxc", "build", "--stdout", "answers.yaml"], cwd=tmp_path,
                              stdout=handle, stderr=subprocess.PIPE, text=True, timeout=60, check=False)
    finally:
        os.close(handle)
    reason = "No space left on device (check the free space where the output goes)" if target == "/dev/full" else \
        "Broken pipe (the program reading the output stopped before its end)"
    assert (done.returncode, done.stderr) == (1, f"<stdout>: error FLX402: $: cannot write the output: {reason}\n")
