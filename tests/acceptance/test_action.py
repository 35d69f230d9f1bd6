"""The GitHub Action: action.yml is well formed, and the script it runs (action/check.sh) does its job.

The script runs in a git repository, as the action does after actions/checkout: `fluxc build --check` on the
answers files git tracks and `fluxc validate` on the paths given, both as GitHub annotations; the exit code
is the worse of the two.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers.paths import REPO
from helpers.platform_repo import ANSWERS, git, platform_repo

SCRIPT = REPO / "action" / "check.sh"

if shutil.which("git") is None or shutil.which("bash") is None:
    pytest.skip("git and bash are needed", allow_module_level=True)




@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return platform_repo(tmp_path, commit=False)


def run(repo: Path, **inputs: str) -> subprocess.CompletedProcess[str]:
    """action/check.sh with the action's inputs as the environment it gets, fluxc on PATH."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           **{f"FLUXC_{name.upper()}": value for name, value in inputs.items()}}
    return subprocess.run(["bash", str(SCRIPT)], cwd=repo, env=env, capture_output=True, text=True, timeout=300,
                          check=False)


def test_action_yml_runs_the_script_with_every_input() -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    script = steps[-1]
    assert "action/check.sh" in script["run"]
    assert set(script["env"]) == {f"FLUXC_{name.upper()}" for name in action["inputs"] if name != "python-version"}
    assert any("pip install" in step.get("run", "") and "github.action_path" in step["run"] for step in steps)


def test_an_up_to_date_valid_repository_passes(repo: Path) -> None:
    done = run(repo)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "::error" not in done.stdout + done.stderr


def test_stale_output_and_an_invalid_file_are_annotations_and_fail(repo: Path) -> None:
    (repo / "apps" / "ingress" / "fluxc.yaml").write_text(
        ANSWERS.replace('version: "4.8.3"', 'version: "4.9.0"'), encoding="utf-8")
    (repo / "apps" / "broken.yaml").write_text(
        "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: app\nspec:\n"
        "  interval: 1 minute\n  url: https://github.com/org/app\n", encoding="utf-8")
    git(repo, "add", "-A")
    done = run(repo)
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert "::error file=apps/ingress/manifests/helmrelease.yaml" in out  # build --check: out of date
    assert "::error file=apps/broken.yaml,line=6,col=" in out and "title=FLX105" in out  # validate


def test_validate_can_be_skipped_and_answers_chosen(repo: Path) -> None:
    (repo / "apps" / "broken.yaml").write_text("kind: [\n", encoding="utf-8")
    git(repo, "add", "-A")
    assert run(repo, validate="").returncode == 0  # only build --check ran
    assert run(repo, answers="nothing/*.yaml", validate="apps/broken.yaml").returncode == 1
