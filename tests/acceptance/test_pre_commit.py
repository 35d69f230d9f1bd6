"""The hooks of .pre-commit-hooks.yaml, run by the real `pre-commit try-repo` against this checkout.

A git repository with an answers file and its committed output: every hook passes on it; a chart version
changed without rebuilding makes `fluxc-check` fail with the diff and `fluxc-build` fail by rewriting the
output (pre-commit's convention for a hook that changes files); a broken answers file makes `fluxc-check`
and `fluxc-validate` fail with fluxc's `file:line:col` message. pre-commit installs fluxc from this
checkout into its own environment once for the module (PRE_COMMIT_HOME in a temporary folder).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.paths import REPO
from helpers.platform_repo import ANSWERS, git, platform_repo

HOOKS = ("fluxc-build", "fluxc-check", "fluxc-validate")

if shutil.which("git") is None:
    pytest.skip("git is not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pre-commit's cache: the hook environment (fluxc installed from this checkout) is built once."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with one answers file and its output, committed."""
    return platform_repo(tmp_path, commit=True)


def try_repo(repo: Path, home: Path, hook: str) -> subprocess.CompletedProcess[str]:
    """`pre-commit try-repo <this checkout> HOOK --all-files` in `repo`, as a user runs it."""
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(REPO), hook, "--all-files"],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=900, check=False)


def test_every_hook_passes_on_a_good_commit(repo: Path, home: Path) -> None:
    for hook in HOOKS:
        done = try_repo(repo, home, hook)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Passed" in done.stdout


def test_a_version_changed_without_a_rebuild_fails_check_and_build_rewrites(repo: Path, home: Path) -> None:
    answers = repo / "apps" / "ingress" / "fluxc.yaml"
    answers.write_text(ANSWERS.replace('version: "4.8.3"', 'version: "4.9.0"'), encoding="utf-8")
    git(repo, "add", "-A")
    check = try_repo(repo, home, "fluxc-check")
    assert check.returncode != 0
    assert "Failed" in check.stdout
    assert "helmrelease.yaml" in check.stdout and "-      version: 4.8.3" in check.stdout \
        and "+      version: 4.9.0" in check.stdout  # the diff says what is out of date
    build = try_repo(repo, home, "fluxc-build")
    assert build.returncode != 0 and "files were modified by this hook" in build.stdout
    assert "version: 4.9.0" in (repo / "apps" / "ingress" / "manifests" / "helmrelease.yaml").read_text()
    git(repo, "add", "-A")
    assert try_repo(repo, home, "fluxc-check").returncode == 0  # rebuilt and staged: up to date again


def test_a_broken_answers_file_fails_check_and_validate_with_its_line(repo: Path, home: Path) -> None:
    answers = repo / "apps" / "ingress" / "fluxc.yaml"
    answers.write_text(ANSWERS.replace("deploymentMethod: flux", "deploymentMethod: flux\nreconcileInterval: 5 min"),
                       encoding="utf-8")
    git(repo, "add", "-A")
    for hook in ("fluxc-check", "fluxc-validate"):
        done = try_repo(repo, home, hook)
        assert done.returncode != 0, hook
        assert "apps/ingress/fluxc.yaml:" in done.stdout and "error FLX105: $.reconcileInterval" in done.stdout, \
            done.stdout
