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


def test_the_flux_target_checks_flux_objects_in_manifests_and_leaves_the_rest() -> None:
    from fluxc.yaml.load import parse_single

    check = TARGETS["flux"].check_object
    config = parse_single("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n", "c.yaml")
    assert check(config) is None  # kubernetes-validate's
    bad = parse_single("apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: x\n"
                       "spec:\n  interval: 1m\n", "g.yaml")
    found = check(bad)
    assert found and all(d.file == "g.yaml" for d in found)
