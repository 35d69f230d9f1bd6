"""Names of emitted sources, derived so that every answers file using the same
repository names the same object (the spec's naming rules, decided in README).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fluxc.checks.k8s_names import is_dns1123_label
from fluxc.checks.urls import host_of, last_segment, to_dns_label

# Path segments and host labels that say nothing about whose charts these are:
# prometheus-community.github.io/helm-charts is "prometheus-community", not "helm-charts".
_GENERIC = frozenset({"charts", "chart", "helm-charts", "helm", "stable", "repo", "repository", "releases",
                      "index", "www", "github", "gitlab", "io", "com", "org", "net", "dev", "cloud", "sh"})


def helm_repository_name(chart: Mapping[str, Any]) -> str | None:
    """chart.repositoryName, else the URL's last path segment, else the host's telling label."""
    explicit = chart.get("repositoryName")
    if isinstance(explicit, str):
        return explicit
    url = str(chart.get("repository", ""))
    segment = last_segment(url)
    if segment and segment.lower() not in _GENERIC:
        return _valid(to_dns_label(segment))
    host = host_of(url)
    telling = [label for label in host.split(".") if label and label not in _GENERIC]
    return _valid(to_dns_label(telling[0] if telling else host))


def oci_repository_name(chart: Mapping[str, Any]) -> str | None:
    """chart.repositoryName, else chart.name made a DNS label (`demo_chart` -> `demo-chart`): the
    OCIRepository is named after its chart, as every derived name is made a label."""
    explicit = chart.get("repositoryName")
    if isinstance(explicit, str):
        return explicit
    name = chart.get("name")
    return _valid(to_dns_label(name)) if isinstance(name, str) else None


def git_repository_name(answers: Mapping[str, Any]) -> str | None:
    """gitRepositoryName, else the repository's name in gitRepoUrl without `.git`."""
    explicit = answers.get("gitRepositoryName")
    if isinstance(explicit, str):
        return explicit
    return _valid(to_dns_label(last_segment(str(answers.get("gitRepoUrl", "")))))


def artifact_repository_name(artifact: Mapping[str, Any]) -> str | None:
    """artifact.repositoryName, else the URL's last path segment (`oci://ghcr.io/org/manifests/podinfo` ->
    `podinfo`), as the GitRepository is named after its repository; None when it gives no DNS label."""
    explicit = artifact.get("repositoryName")
    if isinstance(explicit, str):
        return explicit
    return _valid(to_dns_label(last_segment(str(artifact.get("url", "")))))


def _valid(label: str) -> str | None:
    return label if label and is_dns1123_label(label) else None
