"""Repository mode with alerts: `kubectl kustomize` builds the tree of fixtures/repository/alert-shared-provider,
where two applications define the same Provider (written once, in the shared folder) and a third sends to it by
name: every object once, each Alert in its application's folder, all of them sending to that Provider."""

from __future__ import annotations

import shlex
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from fluxc.cli import main
from helpers.packages import kustomize
from helpers.paths import FIXTURES

CASE = FIXTURES / "repository" / "alert-shared-provider"


def test_kubectl_kustomize_builds_the_shared_provider_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(CASE / "input", tmp_path / "input")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CI", "true")  # no progress bar, as the golden case runs
    assert main(shlex.split((CASE / "command.txt").read_text())) == 0, capsys.readouterr().err
    monkeypatch.undo()  # kubectl's skip-or-fail reads the real CI
    built = [d for d in yaml.safe_load_all(kustomize(tmp_path / "out")) if d is not None]
    identities = [(d["kind"], d["metadata"]["namespace"], d["metadata"]["name"]) for d in built]
    assert sorted(identities) == sorted(set(identities)), "every object once"
    assert Counter(kind for kind, _, _ in identities) == {
        "Alert": 3, "Provider": 1, "HelmRelease": 1, "Kustomization": 2, "HelmRepository": 1, "GitRepository": 1}
    assert {d["spec"]["providerRef"]["name"] for d in built if d["kind"] == "Alert"} == {"ops-slack"}
    assert (tmp_path / "out" / "sources" / "flux-system" / "provider-ops-slack.yaml").is_file()
