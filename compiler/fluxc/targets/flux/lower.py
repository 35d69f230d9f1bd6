"""Lower a validated answers file into the typed model (`model.Plan`).

Every default of the format (written once, in `fluxc.answers.defaults`) is
applied here; names are derived, durations made canonical. The input has
passed `fluxc.answers.validate_input`, so a failure here is a fluxc bug, not
a user error.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from fluxc.answers import defaults
from fluxc.answers.names import git_repository_name, helm_repository_name, oci_repository_name
from fluxc.checks import durations
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic
from fluxc.targets.flux import model
from fluxc.yaml.document import SourceMap

# A full semver (optionally v-prefixed) names one chart version; anything else is a range. A pattern, not
# a compiled regex: `re` compiles it on first use (an OCI chart), so other builds do not pay for it.
EXACT_VERSION = r"^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$"

Answers = Mapping[str, Any]
# The same few durations ("5m", "1h") recur in every answers file: canonical once per process.
canonical_duration = lru_cache(maxsize=1024)(durations.canonical_duration)


def lower(answers: Answers, smap: SourceMap, file: str) -> tuple[model.Plan, list[Diagnostic]]:
    """The Plan for one answers file, plus warnings (e.g. an unpinned chart)."""
    warnings: list[Diagnostic] = []
    chart_journey = "deploymentMethod" in answers
    objects = _chart_journey(answers, smap, file, warnings) if chart_journey else _git_journey(answers)
    plan = model.Plan.model_construct(
        app=answers["name"], output_path=answers.get("outputPath", defaults.OUTPUT_PATH), objects=tuple(objects))
    return plan, warnings


def _meta(answers: Answers, name: str) -> model.ObjectMeta:
    return model.ObjectMeta.model_construct(name=name, namespace=answers.get("fluxNamespace", defaults.FLUX_NAMESPACE),
                            labels=dict(answers.get("labels", {})))


def _chart_journey(answers: Answers, smap: SourceMap, file: str,
                   warnings: list[Diagnostic]) -> list[model.FluxObject]:
    chart = answers["chart"]
    version: str | None = chart.get("version")
    if version is None:
        warnings.append(Diagnostic(
            codes.UNPINNED_CHART, "no chart version: Flux will install whatever version is newest", ("chart",),
            file, smap.span(("chart",), key=True), "pin one, e.g. `version: \"1.2.3\"`, or a range such as "
            "`version: \"1.x\"`", "warning"))
    interval = canonical_duration(answers.get("sourceInterval", defaults.HELM_SOURCE_INTERVAL))
    repository = str(chart["repository"]).rstrip("/")
    source: model.HelmRepository | model.OCIRepository
    if repository.startswith("oci://"):
        name = _required(oci_repository_name(chart))
        tag, semver = _oci_ref(version)
        source = model.OCIRepository.model_construct(meta=_meta(answers, name), url=f"{repository}/{chart['name']}",
                                     interval=interval, tag=tag, semver=semver, secret_ref=chart.get("secretRef"))
        release = _helm_release(answers, chart_ref=model.SourceRef.model_construct(kind="OCIRepository", name=name))
    else:
        name = _required(helm_repository_name(chart))
        source = model.HelmRepository.model_construct(
            meta=_meta(answers, name), url=repository, interval=interval, secret_ref=chart.get("secretRef"))
        template = model.ChartTemplate.model_construct(
            chart=chart["name"], version=version, reconcile_strategy="ChartVersion",
            source=model.SourceRef.model_construct(kind="HelmRepository", name=name))
        release = _helm_release(answers, chart=template)
    return [source, release]


def _oci_ref(version: str | None) -> tuple[str | None, str | None]:
    """An exact version is a tag (OCI tags cannot hold '+', Helm pushes it as '_'); anything else a range."""
    if version is None:
        return None, "*"
    if re.match(EXACT_VERSION, version):
        return version.replace("+", "_"), None
    return None, version


def _git_journey(answers: Answers) -> list[model.FluxObject]:
    if answers.get("gitopsDeployment", defaults.GITOPS_DEPLOYMENT) != "flux":
        return []  # only the package (not supported yet; rules refused it)
    name = _required(git_repository_name(answers))
    ref = dict(answers.get("gitRef", {}))  # the schema allows at most one of tag, semver, commit
    if not ref or ("commit" in ref and "gitBranch" in answers):
        # Flux pins a commit on a branch only when the branch is given on purpose (`--branch --commit`).
        ref["branch"] = answers.get("gitBranch", defaults.GIT_BRANCH)
    source = model.GitRepository.model_construct(
        # A trailing `/` is dropped, as for Helm repositories: `…/repo/` and `…/repo` are one source.
        meta=_meta(answers, name), url=str(answers["gitRepoUrl"]).rstrip("/"), ref=model.GitRef.model_construct(**ref),
        interval=canonical_duration(answers.get("sourceInterval", defaults.GIT_SOURCE_INTERVAL)),
        secret_ref=answers.get("gitSecretRef"))
    source_ref = model.SourceRef.model_construct(kind="GitRepository", name=name)
    path = git_path(answers["gitPath"])
    deployer: model.FluxObject
    if answers["outputFormat"] == "helm":
        template = model.ChartTemplate.model_construct(chart=path, reconcile_strategy="Revision", source=source_ref)
        deployer = _helm_release(answers, chart=template)
    else:
        deployer = model.Kustomization.model_construct(
            **_workload(answers), path=path, prune=answers.get("prune", defaults.PRUNE), source=source_ref,
            wait=answers.get("wait", defaults.WAIT),
            health_checks=tuple(_health_check(c) for c in answers.get("healthChecks", ())),
            decryption_secret=answers.get("decryption", {}).get("secretName"))
    return [source, deployer]


def _health_check(check: Answers) -> model.HealthCheck:
    """An apiVersion left out is filled in as `flux create ks --health-check` does (HelmRelease); the workload
    kinds stay without one, which Flux reads as apps/v1; rules refused it for any other kind."""
    api_version = check.get("apiVersion", defaults.HEALTH_CHECK_API_VERSIONS.get(check["kind"]))
    return model.HealthCheck.model_construct(api_version=api_version, kind=check["kind"], name=check["name"],
                                             namespace=check.get("namespace"))


def git_path(path: str) -> str:
    """`apps/x/`, `./apps//x` -> `./apps/x`; the repository root -> `./` (as `flux create ks --path`)."""
    parts = [p for p in path.replace("\\", "/").split("/") if p not in ("", ".")]
    return "./" + "/".join(parts)


def _workload(answers: Answers) -> dict[str, Any]:
    """Fields HelmRelease and Kustomization share."""
    timeout = answers.get("timeout")
    return {
        "meta": _meta(answers, answers["name"]),
        "interval": canonical_duration(answers.get("reconcileInterval", defaults.RECONCILE_INTERVAL)),
        "target_namespace": answers.get("namespace"),
        "timeout": canonical_duration(timeout) if timeout is not None else None,
        "depends_on": tuple(_dependency(entry) for entry in answers.get("dependsOn", ())),
        "service_account": answers.get("serviceAccountName"),
        "suspend": answers.get("suspend", defaults.SUSPEND),
    }


def _dependency(entry: str) -> model.Dependency:
    namespace, _, name = entry.rpartition("/")
    return model.Dependency.model_construct(name=name, namespace=namespace or None)


def _helm_release(answers: Answers, *, chart: model.ChartTemplate | None = None,
                  chart_ref: model.SourceRef | None = None) -> model.HelmRelease:
    namespace = answers.get("namespace")
    return model.HelmRelease.model_construct(
        **_workload(answers), chart=chart, chart_ref=chart_ref,
        # As `flux create helmrelease --target-namespace` writes it: storage follows the target.
        storage_namespace=namespace,
        create_namespace=defaults.create_namespace(answers),
        remediation_retries=answers.get("remediation", {}).get("retries"),
        values=dict(answers.get("values", {})),
        values_from=tuple(
            model.ValuesReference.model_construct(kind=v["kind"], name=v["name"], values_key=v.get("valuesKey"),
                                                  target_path=v.get("targetPath"))
            for v in answers.get("valuesFrom", ())))


def _required(name: str | None) -> str:
    if name is None:  # rules.check refused this input already
        raise AssertionError("a source name could not be derived after validation")
    return name
