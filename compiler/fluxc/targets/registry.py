"""TARGETS: the GitOps tools fluxc compiles for, by the name an answers file chooses them with.

`deploymentMethod: flux` (Journey 1) and `gitopsDeployment: flux` (Journeys
2 and 3) choose Flux; `gitopsDeployment: none` (only a package) compiles
with Flux's target too, whose plan then holds no object. `argocd` is a valid
answer that the cross-key rules refuse today (FLX203); an Argo CD target would
be `fluxc/targets/argocd/` and one entry here. An unknown name raises KeyError.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fluxc.answers import defaults
from fluxc.report.diagnostics import Diagnostic
from fluxc.targets.flux import emit, fleet, lower, validate_output
from fluxc.targets.types import Target
from fluxc.yaml.document import Document


def _flux_object_in_manifests(document: Document) -> list[Diagnostic] | None:
    """A Flux object among the user's manifests, validated like `fluxc validate` does (bundled schemas)."""
    from fluxc.targets.flux.resources import is_flux_object

    if not isinstance(document.data, Mapping) or not is_flux_object(document.data):
        return None
    from fluxc.targets.flux.catalog import bundled_catalog
    from fluxc.targets.flux.resources import validate_resource

    return validate_resource(document, bundled_catalog()).diagnostics


TARGETS: dict[str, Target] = {
    "flux": Target(name="flux", lower=lower.lower, emit=emit.emit, check=validate_output.validate,
                   check_object=_flux_object_in_manifests, facts=fleet.facts, check_fleet=fleet.check),
}

# what an answers file says -> the target that compiles it
_CHOSEN_BY = {"none": "flux"}


def target_of(answers: Mapping[str, Any]) -> Target:
    """The target an answers file deploys with (its `deploymentMethod` or `gitopsDeployment`)."""
    chosen = str(answers.get("deploymentMethod", answers.get("gitopsDeployment", defaults.GITOPS_DEPLOYMENT)))
    return TARGETS[_CHOSEN_BY.get(chosen, chosen)]
