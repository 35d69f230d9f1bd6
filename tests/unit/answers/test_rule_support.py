"""fluxc.answers.rule_support: where a family's rules apply, and the checks several families share."""

from __future__ import annotations

from typing import Any

import pytest

from fluxc.answers.rule_support import deployer


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
