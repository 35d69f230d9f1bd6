"""Lower the Kustomization."""

from __future__ import annotations

from fluxc.answers import defaults
from fluxc.targets.flux import model
from fluxc.targets.flux.lower_shared import Answers, images, optional_duration, patches, workload


def kustomization(answers: Answers, *, path: str, source: model.SourceRef) -> model.Kustomization:
    return model.Kustomization.model_construct(
        **workload(answers), path=path, prune=answers.get("prune", defaults.PRUNE), source=source,
        wait=answers.get("wait", defaults.WAIT),
        health_checks=tuple(_health_check(c) for c in answers.get("healthChecks", ())),
        decryption_secret=answers.get("decryption", {}).get("secretName"),
        post_build=_post_build(answers.get("postBuild")),
        patches=patches(answers.get("patches")), images=images(answers.get("images")),
        # As given: kustomize resolves them against the Kustomization's path, where `../` is at home.
        components=tuple(answers.get("components", ())),
        force=answers.get("force", defaults.FORCE),
        retry_interval=optional_duration(answers.get("retryInterval")))


def _health_check(check: Answers) -> model.HealthCheck:
    """An apiVersion left out is filled in as `flux create ks --health-check` does (HelmRelease); the workload
    kinds stay without one, which Flux reads as apps/v1; rules refused it for any other kind."""
    api_version = check.get("apiVersion", defaults.HEALTH_CHECK_API_VERSIONS.get(check["kind"]))
    return model.HealthCheck.model_construct(api_version=api_version, kind=check["kind"], name=check["name"],
                                             namespace=check.get("namespace"))


def _post_build(answers: Answers | None) -> model.PostBuild | None:
    if answers is None:
        return None
    return model.PostBuild.model_construct(
        substitute=dict(answers.get("substitute", {})),
        substitute_from=tuple(model.SubstituteReference.model_construct(
            kind=ref["kind"], name=ref["name"], optional=ref.get("optional", False))
            for ref in answers.get("substituteFrom", ())))
