"""fluxc.answers.rule_support: where a family's rules apply, and the checks several families share."""

from __future__ import annotations

from typing import Any

import pytest

from fluxc.answers.rule_support import control_characters, deployer, is_absolute, repeats


@pytest.mark.parametrize(("answers", "expected"), [
    ({"deploymentMethod": "flux"}, "HelmRelease"),
    ({"deploymentMethod": "helm-install"}, None),  # valid, not compiled: no Flux objects
    ({"outputFormat": "helm", "gitopsDeployment": "flux"}, "HelmRelease"),
    ({"outputFormat": "kustomize", "gitopsDeployment": "flux"}, "Kustomization"),
    ({"outputFormat": "raw", "gitopsDeployment": "flux"}, "Kustomization"),
    ({"outputFormat": "kustomize"}, None),  # gitopsDeployment none, the default: only the package
    ({"outputFormat": "raw", "gitopsDeployment": "argocd"}, None),
    ({"deploymentMethod": "flux", "outputFormat": "kustomize"}, None),  # two journeys: FLX201 says so
    ({}, None),
])
def test_the_deployer_is_what_the_journey_emits(answers: dict[str, Any], expected: str | None) -> None:
    assert deployer(answers) == expected


def test_repeats_names_each_later_entry_with_its_first_and_skips_malformed_ones() -> None:
    entries = [{"n": "a"}, "not a mapping", {"n": "b"}, {"n": "a"}, {"n": "a"}]
    found = list(repeats(entries, lambda e: e.get("n") if isinstance(e, dict) else None))
    assert found == [(3, 0, "a"), (4, 0, "a")]
    assert list(repeats("not a list", lambda e: e)) == []


@pytest.mark.parametrize(("path", "absolute"), [
    ("/etc", True), ("~/x", True), ("\\\\share\\x", True), ("C:\\x", True), ("c:/x", True),
    ("apps/x", False), ("./x", False), ("../x", False), ("C:x", False)])
def test_absolute_paths_of_every_system(path: str, absolute: bool) -> None:
    assert is_absolute(path) is absolute


def test_control_characters_are_named_as_escapes() -> None:
    assert control_characters("a\nb\tc\x7f") == ["\\n", "\\t", "\\x7f"]  # sorted as written
    assert control_characters("apps/x") == []
