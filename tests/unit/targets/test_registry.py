"""fluxc.targets.registry: which target an answers file compiles with; an unknown one raises."""

from __future__ import annotations

import pytest

from fluxc.targets.flux import emit, lower, validate_output
from fluxc.targets.registry import TARGETS, target_of


def test_flux_is_the_target_and_its_stages_are_the_flux_modules() -> None:
    assert set(TARGETS) == {"flux"}
    flux = TARGETS["flux"]
    assert (flux.lower, flux.emit, flux.check) == (lower.lower, emit.emit, validate_output.validate)


@pytest.mark.parametrize("answers", [
    {"deploymentMethod": "flux"},
    {"outputFormat": "helm", "gitopsDeployment": "flux"},
    {"outputFormat": "raw", "gitopsDeployment": "none"},  # only a package: Flux's target emits nothing
    {"outputFormat": "kustomize"},  # gitopsDeployment's default, none
], ids=["journey-1", "journey-2", "package-only", "default"])
def test_every_journey_compiles_with_flux(answers: dict[str, str]) -> None:
    assert target_of(answers) is TARGETS["flux"]


def test_a_target_fluxc_does_not_have_raises_never_falls_through() -> None:
    with pytest.raises(KeyError):
        target_of({"deploymentMethod": "argocd"})  # the rules refuse it first (FLX203)
