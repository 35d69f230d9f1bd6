"""Lower a validated answers file into the typed model (`model.Plan`).

Every default of the format (written once, in `fluxc.answers.defaults`) is
applied here; names are derived, durations made canonical. The input has
passed `fluxc.answers.validate_input`, so a failure here is a fluxc bug, not
a user error. This module picks the journey and orders the objects (sources
first, then the deployer, then its alert); each kind family is lowered beside
it (lower_sources, lower_helm, lower_kustomize, lower_alerts).
"""

from __future__ import annotations

from fluxc.answers import defaults
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic
from fluxc.targets.flux import model
from fluxc.targets.flux.lower_alerts import alert_objects
from fluxc.targets.flux.lower_helm import helm_release
from fluxc.targets.flux.lower_kustomize import kustomization
from fluxc.targets.flux.lower_shared import Answers, git_path, reference
from fluxc.targets.flux.lower_sources import EXACT_VERSION, artifact_source, chart_source, git_repository
from fluxc.yaml.document import SourceMap

__all__ = ["EXACT_VERSION", "git_path", "lower"]


def lower(answers: Answers, smap: SourceMap, file: str) -> tuple[model.Plan, list[Diagnostic]]:
    """The Plan for one answers file, plus warnings (e.g. an unpinned chart)."""
    warnings: list[Diagnostic] = []
    chart_journey = "deploymentMethod" in answers
    objects = _chart_journey(answers, smap, file, warnings) if chart_journey else _git_journey(answers)
    objects += alert_objects(answers, objects)
    plan = model.Plan.model_construct(
        app=answers["name"], output_path=answers.get("outputPath", defaults.OUTPUT_PATH), objects=tuple(objects))
    return plan, warnings


def _chart_journey(answers: Answers, smap: SourceMap, file: str,
                   warnings: list[Diagnostic]) -> list[model.FluxObject]:
    chart = answers["chart"]
    version: str | None = chart.get("version")
    if version is None:
        warnings.append(Diagnostic(
            codes.UNPINNED_CHART, "no chart version: Flux will install whatever version is newest", ("chart",),
            file, smap.span(("chart",), key=True), "pin one, e.g. `version: \"1.2.3\"`, or a range such as "
            "`version: \"1.x\"`", "warning"))
    source = chart_source(answers)
    release: model.HelmRelease
    if isinstance(source, model.OCIRepository):
        release = helm_release(answers, chart_ref=reference(source))
    else:
        template = model.ChartTemplate.model_construct(
            chart=chart["name"], version=version, reconcile_strategy="ChartVersion", source=reference(source))
        release = helm_release(answers, chart=template)
    return [source, release]


def _git_journey(answers: Answers) -> list[model.FluxObject]:
    if answers.get("gitopsDeployment", defaults.GITOPS_DEPLOYMENT) != "flux":
        return []  # only the package (not supported yet; rules refused it)
    source: model.GitRepository | model.OCIRepository
    if "artifact" in answers:  # from an OCI artifact: kustomize or raw only (rules refused helm)
        source = artifact_source(answers)
        path = git_path(answers["artifact"].get("path", defaults.ARTIFACT_PATH))
    else:
        source = git_repository(answers)
        path = git_path(answers["gitPath"])
    deployer: model.FluxObject
    if answers["outputFormat"] == "helm":
        template = model.ChartTemplate.model_construct(chart=path, reconcile_strategy="Revision",
                                                       source=reference(source))
        deployer = helm_release(answers, chart=template)
    else:
        deployer = kustomization(answers, path=path, source=reference(source))
    return [source, deployer]
