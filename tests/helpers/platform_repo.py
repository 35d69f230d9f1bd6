"""A platform team's git repository for the pre-commit and GitHub Action tests: one answers file and its output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers.paths import REPO

# the spec's example: a chart from an https:// Helm repository, version "4.8.3"
ANSWERS = (REPO / "fixtures" / "valid" / "chart-https-spec-example" / "answers.yaml").read_text(encoding="utf-8")
ANSWERS_PATH = "apps/ingress/fluxc.yaml"


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True)
    return done.stdout


def platform_repo(root: Path, *, commit: bool) -> Path:
    """`root/platform`: apps/ingress/fluxc.yaml built with fluxc, all of it staged (and committed if asked)."""
    repo = root / "platform"
    (repo / ANSWERS_PATH).parent.mkdir(parents=True)
    (repo / ANSWERS_PATH).write_text(ANSWERS, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "fluxc", "build", "-q", ANSWERS_PATH], cwd=repo, check=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "ci@example.com")
    git(repo, "config", "user.name", "CI")
    git(repo, "add", "-A")
    if commit:
        git(repo, "commit", "-q", "-m", "ingress")
    return repo
