"""The questions `fluxc init` asks, in order: data, read by the flow (`fluxc.init.flow`).

They are the questions of the original Flux-integration design: how the application is deployed (a Flux
HelmRelease for a third-party chart, or a package kept in Git, deployed by Flux or not), then the Flux
questions with their defaults. Each answer is a key of the answers file; defaults come from
`fluxc.answers.defaults`, the one place that holds them, or from an earlier answer (the chart's name for the
application's name, which names the namespace in turn).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from fluxc.answers import defaults
from fluxc.report.diagnostics import JsonPath

Answers = Mapping[str, Any]  # the answers so far, nested as in the file

LEAVE_OUT = "-"  # typed to an optional question that has a default: no answer, the key is left out


class Choice(NamedTuple):
    name: str  # what the user types (or the choice's number)
    help: str  # one line that says what it means
    answers: Mapping[JsonPath, str]  # what choosing it answers


class Question(NamedTuple):
    key: JsonPath  # the answer it gives, e.g. ("chart", "version")
    text: str  # as asked; names the key, so the user learns the file
    applies: Callable[[Answers], bool] = lambda _answers: True
    default: Callable[[Answers], str | None] = lambda _answers: None  # Enter takes it (a choice's name, or text)
    required: bool = True  # False: Enter without a default (or `-` with one) leaves the key out
    choices: tuple[Choice, ...] = ()
    answered_by: tuple[JsonPath, ...] = ()  # keys that answer it besides `key` (given with --set)

    @property
    def dotted(self) -> str:
        return ".".join(str(part) for part in self.key)


def _chart(answers: Answers) -> bool:
    return "deploymentMethod" in answers


def _packaged(answers: Answers) -> bool:
    return "outputFormat" in answers


def _git_flux(answers: Answers) -> bool:
    return _packaged(answers) and answers.get("gitopsDeployment", defaults.GITOPS_DEPLOYMENT) == "flux"


def _from_git(answers: Answers) -> bool:
    """Flux objects that pull the package from Git, not from an OCI artifact (`--set artifact.url=oci://…`)."""
    return _git_flux(answers) and "artifact" not in answers


def _flux_objects(answers: Answers) -> bool:
    """Whether the answers file gives Flux objects, which the Flux questions shape."""
    return _chart(answers) or _git_flux(answers)


def _chart_name(answers: Answers) -> str | None:
    chart = answers.get("chart")
    name = chart.get("name") if isinstance(chart, Mapping) else None
    return name if isinstance(name, str) else None


def _name(answers: Answers) -> str | None:
    name = answers.get("name")
    return name if isinstance(name, str) else None


JOURNEY = Question(
    ("deploymentMethod",), "How is the application deployed?",
    applies=lambda answers: not _chart(answers) and not _packaged(answers),
    choices=(
        Choice("chart", "a third-party Helm chart (Helm or OCI repository), deployed by a Flux HelmRelease",
               {("deploymentMethod",): "flux"}),
        Choice("helm", "packaged as a Helm chart kept in Git", {("outputFormat",): "helm"}),
        Choice("kustomize", "packaged as a Kustomize folder kept in Git", {("outputFormat",): "kustomize"}),
        Choice("raw", "a plain folder of manifests kept in Git", {("outputFormat",): "raw"}),
    ),
    answered_by=(("outputFormat",),))

QUESTIONS: tuple[Question, ...] = (
    JOURNEY,
    Question(("chart", "repository"), "Helm repository URL (chart.repository: https://... or oci://...)",
             applies=_chart),
    Question(("chart", "name"), "Chart name (chart.name)", applies=_chart),
    Question(("chart", "version"), "Chart version, exact or a range such as 1.x (chart.version; Enter: none, "
             "the newest)", applies=_chart, required=False),
    Question(("gitopsDeployment",), "Deploy the package with Flux? (gitopsDeployment)", applies=_packaged,
             default=lambda _answers: defaults.GITOPS_DEPLOYMENT,
             choices=(Choice("flux", "Flux objects that deploy it from Git (a GitRepository and a HelmRelease or "
                                     "Kustomization)", {("gitopsDeployment",): "flux"}),
                      Choice("none", "only the package: something else deploys it", {("gitopsDeployment",): "none"}))),
    Question(("manifests",), "Kubernetes manifests to package: a YAML file or folder, relative to the answers "
             "file (manifests)", applies=lambda answers: _packaged(answers) and not _git_flux(answers)),
    Question(("manifests",), "Kubernetes manifests to package: a YAML file or folder, relative to the answers "
             "file (manifests; Enter: none, the package is in Git already)", applies=_git_flux, required=False),
    Question(("name",), "Application name (name)", default=_chart_name),
    Question(("fluxNamespace",), "Namespace for the Flux resources (fluxNamespace)", applies=_flux_objects,
             default=lambda _answers: defaults.FLUX_NAMESPACE),
    Question(("namespace",), f"Target namespace the application runs in (namespace; {LEAVE_OUT}: none, it runs "
             "in fluxNamespace)", default=_name, required=False),
    Question(("reconcileInterval",), "Reconciliation interval (reconcileInterval)", applies=_flux_objects,
             default=lambda _answers: defaults.RECONCILE_INTERVAL),
    Question(("gitRepoUrl",), "Git repository URL (gitRepoUrl: https://... or ssh://...; from an OCI artifact: "
             "--set artifact.url=...)", applies=_from_git),
    # Not with a gitRef given (--set gitRef.tag=v1): a branch would then conflict with it.
    Question(("gitBranch",), "Git branch (gitBranch)", applies=lambda answers: _from_git(answers) and
             "gitRef" not in answers, default=lambda _answers: defaults.GIT_BRANCH),
    Question(("gitPath",), "Path of the package in the Git repository (gitPath)", applies=_from_git),
    Question(("outputPath",), "Folder fluxc build writes to, relative to the answers file (outputPath)",
             default=lambda _answers: defaults.OUTPUT_PATH),
)

