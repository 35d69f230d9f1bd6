"""Lower the sources: the chart's HelmRepository or OCIRepository, the GitRepository, an artifact's OCIRepository."""

from __future__ import annotations

import re
from typing import Any

from fluxc.answers import defaults
from fluxc.answers.names import (
    artifact_repository_name,
    git_repository_name,
    helm_repository_name,
    oci_repository_name,
)
from fluxc.targets.flux import model
from fluxc.targets.flux.lower_shared import Answers, canonical_duration, meta, required

# A full semver (optionally v-prefixed) names one chart version; anything else is a range. A pattern, not
# a compiled regex: `re` compiles it on first use (an OCI chart), so other builds do not pay for it.
EXACT_VERSION = r"^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$"


def chart_source(answers: Answers) -> model.HelmRepository | model.OCIRepository:
    """The source of Journey 1's chart: an OCIRepository for oci://, else a HelmRepository."""
    chart = answers["chart"]
    interval = canonical_duration(answers.get("sourceInterval", defaults.HELM_SOURCE_INTERVAL))
    repository = str(chart["repository"]).rstrip("/")
    if repository.startswith("oci://"):
        tag, semver = _oci_ref(chart.get("version"))
        return model.OCIRepository.model_construct(
            meta=meta(answers, required(oci_repository_name(chart))), url=f"{repository}/{chart['name']}",
            interval=interval, tag=tag, semver=semver, **_registry(chart))
    # provider, insecure, proxySecretRef and verify are OCI-only: the rules refused them for a Helm repository
    return model.HelmRepository.model_construct(
        meta=meta(answers, required(helm_repository_name(chart))), url=repository, interval=interval,
        secret_ref=chart.get("secretRef"), cert_secret_ref=chart.get("certSecretRef"))


def _oci_ref(version: str | None) -> tuple[str | None, str | None]:
    """An exact version is a tag (OCI tags cannot hold '+', Helm pushes it as '_'); anything else a range."""
    if version is None:
        return None, "*"
    if re.match(EXACT_VERSION, version):
        return version.replace("+", "_"), None
    return None, version


def artifact_source(answers: Answers) -> model.OCIRepository:
    """Journey 3 from an OCI artifact: the whole artifact (no layer selected), at the tag, range or digest given;
    polled every minute unless sourceInterval says otherwise, as `flux create source oci` does."""
    artifact = answers["artifact"]
    ref = artifact["ref"]  # the schema allows exactly one of tag, semver, digest
    return model.OCIRepository.model_construct(
        meta=meta(answers, required(artifact_repository_name(artifact))), url=str(artifact["url"]).rstrip("/"),
        interval=canonical_duration(answers.get("sourceInterval", defaults.ARTIFACT_SOURCE_INTERVAL)),
        helm_chart=False, tag=ref.get("tag"), semver=ref.get("semver"), digest=ref.get("digest"),
        **_registry(artifact))


def _registry(settings: Answers) -> dict[str, Any]:
    """The OCIRepository fields `chart` and `artifact` share: how to reach the registry and what to trust."""
    return {"secret_ref": settings.get("secretRef"), "provider": settings.get("provider"),
            "insecure": settings.get("insecure", False), "cert_secret_ref": settings.get("certSecretRef"),
            "proxy_secret_ref": settings.get("proxySecretRef"), "verify": _verify(settings.get("verify"))}


def _verify(verify: Answers | None) -> model.OCIVerify | None:
    if verify is None:
        return None
    identities = tuple(model.OIDCIdentity.model_construct(issuer=m["issuer"], subject=m["subject"])
                       for m in verify.get("matchOIDCIdentity", ()))
    return model.OCIVerify.model_construct(provider=verify.get("provider", defaults.VERIFY_PROVIDER),
                                           secret_ref=verify.get("secretRef"), match_oidc_identity=identities)


def git_repository(answers: Answers) -> model.GitRepository:
    ref = dict(answers.get("gitRef", {}))  # the schema allows at most one of tag, semver, name, commit
    if not ref or ("commit" in ref and "gitBranch" in answers):
        # Flux pins a commit on a branch only when the branch is given on purpose (`--branch --commit`).
        ref["branch"] = answers.get("gitBranch", defaults.GIT_BRANCH)
    return model.GitRepository.model_construct(
        # A trailing `/` is dropped, as for Helm repositories: `…/repo/` and `…/repo` are one source.
        meta=meta(answers, required(git_repository_name(answers))), url=str(answers["gitRepoUrl"]).rstrip("/"),
        ref=model.GitRef.model_construct(**ref),
        interval=canonical_duration(answers.get("sourceInterval", defaults.GIT_SOURCE_INTERVAL)),
        secret_ref=answers.get("gitSecretRef"), provider=answers.get("gitProvider"),
        proxy_secret_ref=answers.get("gitProxySecretRef"))
