"""`fluxc init` end to end: golden sessions, one of them in a real pseudo-terminal, and the files compile.

- fixtures/init/<case>/input.txt: what the user types, one answer a line (an empty line: Enter);
  expected.yaml: the answers file written; transcript.txt: the session as the terminal shows it.
  Regenerate with `pytest tests/acceptance/test_init.py --update-golden` and review the diff.
- The chart-oci session is also typed into `python -m fluxc init` running on a pseudo-terminal (a real
  TTY: click reads the line discipline's input, echo included), and must write the same file.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from helpers.golden import check_golden
from helpers.paths import FIXTURES
from helpers.terminal import PtySession, run_cli

CASES = sorted(p for p in (FIXTURES / "init").iterdir() if p.is_dir())


def _built(folder: Path) -> list[str]:
    built = run_cli(["build", str(folder / "fluxc.yaml"), "-q"])
    assert (built.code, built.stderr) == (0, "")
    return sorted(p.name for p in folder.rglob("*.yaml") if p.name != "fluxc.yaml")


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_golden_session(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, update_golden: bool) -> None:
    work = tmp_path / "work"
    shutil.copytree(case, work, ignore=lambda _folder, _names: ["expected.yaml", "transcript.txt", "input.txt"])
    monkeypatch.chdir(work)
    ran = run_cli(["init"], (case / "input.txt").read_text())
    assert (ran.code, ran.stdout) == (0, ""), ran.transcript
    check_golden(case / "expected.yaml", (work / "fluxc.yaml").read_text(), update_golden)
    check_golden(case / "transcript.txt", ran.transcript, update_golden)
    assert _built(work)


def test_both_journeys_have_a_golden_session() -> None:
    journeys = {next(line for line in (case / "expected.yaml").read_text().splitlines()
                     if line.startswith(("deploymentMethod:", "outputFormat:"))).split(":")[0] for case in CASES}
    assert journeys == {"deploymentMethod", "outputFormat"}


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_a_full_session_in_a_real_terminal(tmp_path: Path) -> None:
    with PtySession(["init"], tmp_path) as terminal:
        terminal.expect("How is the application deployed?")
        terminal.answer("Choose 1-4 or a name: ", "chart")
        terminal.answer("(chart.repository: https://... or oci://...): ", "oci://ghcr.io/stefanprodan/charts")
        terminal.answer("(chart.name): ", "podinfo")
        terminal.answer("(chart.version; Enter: none, the newest): ", "6.5.4")
        terminal.answer("(name) [podinfo]: ", "")
        terminal.answer("(fluxNamespace) [flux-system]: ", "")
        terminal.answer("[podinfo]: ", "")
        terminal.answer("(reconcileInterval) [5m]: ", "5 minutes")
        terminal.expect("error FLX105: $.reconcileInterval: '5 minutes' is not a Go duration")
        terminal.answer("(reconcileInterval) [5m]: ", "10m")
        terminal.answer("(outputPath) [./manifests]: ", "clusters/prod/podinfo")
        terminal.expect("fluxc.yaml:\n# yaml-language-server: $schema=")
        terminal.answer("Write fluxc.yaml? [Y/n]: ", "")
        code, rest = terminal.finish()
    assert code == 0 and "fluxc: wrote fluxc.yaml" in rest
    assert (tmp_path / "fluxc.yaml").read_text() == (FIXTURES / "init" / "chart-oci" / "expected.yaml").read_text()
    assert _built(tmp_path) == ["helmrelease.yaml", "ocirepository.yaml"]


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_ctrl_c_in_a_real_terminal_writes_nothing(tmp_path: Path) -> None:
    with PtySession(["init"], tmp_path) as terminal:
        terminal.answer("Choose 1-4 or a name: ", "chart")
        terminal.expect("(chart.repository")
        terminal.interrupt()
        code, rest = terminal.finish()
    assert code == 130 and "Traceback" not in rest and list(tmp_path.iterdir()) == []
