"""Every default of the answers format, in one place.

Lowering, the cross-key rules and packaging read them from here, never retype
them; the `default` annotations of schemas/answers.schema.json say the same
(a test checks that the two agree). Defaults that depend on other keys are
functions of the answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

FLUX_NAMESPACE = "flux-system"  # fluxNamespace: where the Flux objects live
RECONCILE_INTERVAL = "5m"  # reconcileInterval
HELM_SOURCE_INTERVAL = "1h"  # sourceInterval of a HelmRepository or of a chart's OCIRepository
GIT_SOURCE_INTERVAL = "1m"  # sourceInterval of a GitRepository
ARTIFACT_SOURCE_INTERVAL = "1m"  # sourceInterval of an artifact's OCIRepository (`flux create source oci`)
ARTIFACT_PATH = "./"  # artifact.path: the artifact's root, as `flux create kustomization --path`
VERIFY_PROVIDER = "cosign"  # chart.verify.provider, artifact.verify.provider (always written: the CRD requires it)
OUTPUT_PATH = "./manifests"  # outputPath, relative to the answers file
GIT_BRANCH = "main"  # gitBranch, when no gitRef pins something else
GITOPS_DEPLOYMENT = "none"  # gitopsDeployment: only the package
CHART_VERSION = "0.1.0"  # chartVersion of a packaged chart
PRUNE = True  # prune
FORCE = False  # force
WAIT = False  # wait
SUSPEND = False  # suspend
MIN_KUSTOMIZATION_INTERVAL_MS = 60_000  # a shorter reconcileInterval of a Kustomization gets a warning (FLX304)

# healthChecks kinds that may leave out `apiVersion`, as `flux create kustomization --health-check` takes
# them: Flux reads the three workload kinds as apps/v1 (written without one, as the CLI writes them); a
# HelmRelease gets its served version written, as the CLI does. Any other kind must say its apiVersion:
# Flux would look it up as apps/v1, where no Service or custom resource lives.
HEALTH_CHECK_API_VERSIONS: dict[str, str | None] = {
    "Deployment": None, "DaemonSet": None, "StatefulSet": None, "HelmRelease": "helm.toolkit.fluxcd.io/v2"}

# The schema's `default` of each key above (a test compares them with the schema).
SCHEMA_DEFAULTS: dict[str, Any] = {
    "fluxNamespace": FLUX_NAMESPACE,
    "reconcileInterval": RECONCILE_INTERVAL,
    "outputPath": OUTPUT_PATH,
    "gitopsDeployment": GITOPS_DEPLOYMENT,
    "gitBranch": GIT_BRANCH,
    "chartVersion": CHART_VERSION,
    "prune": PRUNE,
    "force": FORCE,
}


def create_namespace(answers: Mapping[str, Any]) -> bool:
    """createNamespace: on when the application has a namespace of its own."""
    return bool(answers.get("createNamespace", answers.get("namespace") is not None))
