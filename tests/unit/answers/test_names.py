"""fluxc.answers.names: names of the emitted sources, derived from the answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from fluxc.answers.names import (
    artifact_repository_name,
    git_repository_name,
    helm_repository_name,
    oci_repository_name,
)
from fluxc.checks.k8s_names import is_dns1123_label
from helpers.tables import cases_of

# The name derived from a repository's URL, by case id: (derivation, case id, URL, name).
URL_NAMES: list[tuple[Callable[[dict[str, Any]], str | None], str, str, str]] = [
    # --- HelmRepository: from the chart's `repository`
    (helm_repository_name, "ingress-nginx", "https://kubernetes.github.io/ingress-nginx", "ingress-nginx"),
    (helm_repository_name, "jetstack", "https://charts.jetstack.io", "jetstack"),
    (helm_repository_name, "jetstack-trailing-slash", "https://charts.jetstack.io/", "jetstack"),
    (helm_repository_name, "prometheus-community", "https://prometheus-community.github.io/helm-charts", "prometheus-community"),
    (helm_repository_name, "grafana", "https://grafana.github.io/helm-charts", "grafana"),
    (helm_repository_name, "bitnami", "https://charts.bitnami.com/bitnami", "bitnami"),
    (helm_repository_name, "podinfo", "https://stefanprodan.github.io/podinfo", "podinfo"),
    (helm_repository_name, "kedacore-charts", "https://kedacore.github.io/charts", "kedacore"),
    (helm_repository_name, "cilium-host", "https://helm.cilium.io/", "cilium"),
    (helm_repository_name, "hashicorp-releases", "https://helm.releases.hashicorp.com", "hashicorp"),
    (helm_repository_name, "metrics-server", "https://kubernetes-sigs.github.io/metrics-server/", "metrics-server"),
    (helm_repository_name, "crossplane-stable", "https://charts.crossplane.io/stable", "crossplane"),
    (helm_repository_name, "http", "http://charts.example.com/team_a", "team-a"),
    (helm_repository_name, "mixed-case", "https://Charts.Example.COM/My_Repo", "my-repo"),
    # --- GitRepository: from `gitRepoUrl`
    (git_repository_name, "https-dot-git", "https://github.com/org/gitops-repo.git", "gitops-repo"),
    (git_repository_name, "https-no-suffix", "https://github.com/org/gitops-repo", "gitops-repo"),
    (git_repository_name, "ssh", "ssh://git@github.com/org/gitops-repo.git", "gitops-repo"),
    (git_repository_name, "ssh-port", "ssh://git@gitlab.example.com:2222/group/sub/app.git", "app"),
    (git_repository_name, "azure-https", "https://dev.azure.com/org/project/_git/my-repo", "my-repo"),
    (git_repository_name, "azure-https-with-org-user", "https://org@dev.azure.com/org/project/_git/My.Repo", "my-repo"),
    (git_repository_name, "azure-ssh", "ssh://git@ssh.dev.azure.com/v3/org/project/repo", "repo"),
    (git_repository_name, "trailing-slash", "https://gitlab.com/group/sub/Repo_Name.git/", "repo-name"),
    (git_repository_name, "double-suffix", "https://github.com/org/repo.git.git", "repo-git"),
]

# --------------------------------------------------------------------------- HelmRepository

@pytest.mark.parametrize(("url", "name"), cases_of(helm_repository_name, URL_NAMES))
def test_helm_repository_name(url: str, name: str) -> None:
    derived = helm_repository_name({"repository": url, "name": "whatever"})
    assert derived == name
    assert derived is not None and is_dns1123_label(derived)


def test_same_repository_gives_the_same_name_whatever_the_chart() -> None:
    url = "https://prometheus-community.github.io/helm-charts"
    assert helm_repository_name({"repository": url, "name": "kube-prometheus-stack"}) == helm_repository_name(
        {"repository": url, "name": "prometheus-node-exporter"})


def test_explicit_repository_name_wins() -> None:
    chart = {"repository": "https://charts.jetstack.io", "name": "cert-manager", "repositoryName": "cert-manager"}
    assert helm_repository_name(chart) == "cert-manager"


@pytest.mark.parametrize("chart", [{"repository": "https://___/charts"}, {"repository": "https:///"}, {}],
                         ids=["host-all-invalid", "no-host", "no-repository"])
def test_helm_repository_name_not_derivable(chart: dict[str, Any]) -> None:
    assert helm_repository_name(chart) is None


def test_long_segment_is_cut_to_a_label() -> None:
    name = helm_repository_name({"repository": "https://example.com/" + "x" * 80})
    assert name == "x" * 63


# --------------------------------------------------------------------------- OCIRepository

OCI = {
    "chart-name": ({"repository": "oci://ghcr.io/stefanprodan/charts", "name": "podinfo"}, "podinfo"),
    "explicit-wins": ({"repository": "oci://ghcr.io/x", "name": "Podinfo", "repositoryName": "podinfo"}, "podinfo"),
    # Made a DNS-1123 label, as README promises for every derived name (lower case, other characters -> '-').
    "upper-case-name": ({"repository": "oci://ghcr.io/x", "name": "Podinfo"}, "podinfo"),
    "underscore-name": ({"repository": "oci://ghcr.io/x", "name": "demo_chart"}, "demo-chart"),
    "dotted-name": ({"repository": "oci://ghcr.io/x", "name": "my.chart"}, "my-chart"),
    "runs-of-others": ({"repository": "oci://ghcr.io/x", "name": "My__Chart..v2"}, "my-chart-v2"),
    "leading-trailing-others": ({"repository": "oci://ghcr.io/x", "name": "_chart_"}, "chart"),
    "too-long": ({"repository": "oci://ghcr.io/x", "name": "a" * 64}, "a" * 63),
    "cut-before-a-dash": ({"repository": "oci://ghcr.io/x", "name": "a" * 62 + "_b"}, "a" * 62),
    "nothing-left": ({"repository": "oci://ghcr.io/x", "name": "___"}, None),
    "dots-only": ({"repository": "oci://ghcr.io/x", "name": "..."}, None),
    "no-name": ({"repository": "oci://ghcr.io/x"}, None),
    "non-string": ({"name": 42}, None),
}


@pytest.mark.parametrize(("chart", "name"), OCI.values(), ids=OCI.keys())
def test_oci_repository_name(chart: dict[str, Any], name: str | None) -> None:
    derived = oci_repository_name(chart)
    assert derived == name
    assert derived is None or is_dns1123_label(derived)


@pytest.mark.parametrize("chart_name", ["demo_chart", "Demo.Chart", "a-b_c.d", "x" * 200, "9_lives", "ÄÖÜ_chart",
                                        "chart+1", "-chart-", "a" * 62 + "_" + "b"])
def test_every_chart_name_the_schema_takes_gives_a_label_or_none(chart_name: str) -> None:
    derived = oci_repository_name({"repository": "oci://ghcr.io/x", "name": chart_name})
    assert derived is None or is_dns1123_label(derived)


# --------------------------------------------------------------------------- GitRepository

@pytest.mark.parametrize(("url", "name"), cases_of(git_repository_name, URL_NAMES))
def test_git_repository_name(url: str, name: str) -> None:
    assert git_repository_name({"gitRepoUrl": url}) == name


@pytest.mark.parametrize("answers", [{"gitRepoUrl": "https://github.com"}, {"gitRepoUrl": "https://github.com/"},
                                     {"gitRepoUrl": "https://github.com/org/.git"}, {}],
                         ids=["no-path", "root", "only-suffix", "no-url"])
def test_git_repository_name_not_derivable(answers: dict[str, Any]) -> None:
    assert git_repository_name(answers) is None


def test_explicit_git_repository_name_wins() -> None:
    assert git_repository_name({"gitRepoUrl": "https://github.com", "gitRepositoryName": "infra"}) == "infra"


# --------------------------------------------------------------------------- an artifact's OCIRepository

ARTIFACT = {
    "last-segment": ({"url": "oci://ghcr.io/stefanprodan/manifests/podinfo"}, "podinfo"),
    "trailing-slash": ({"url": "oci://ghcr.io/acme/deploy/checkout/"}, "checkout"),
    "registry-port": ({"url": "oci://localhost:5000/apps/Shop_Front"}, "shop-front"),
    "ecr": ({"url": "oci://123456789012.dkr.ecr.eu-west-1.amazonaws.com/manifests/payments"}, "payments"),
    "explicit-wins": ({"url": "oci://ghcr.io/acme/__", "repositoryName": "acme-manifests"}, "acme-manifests"),
    "too-long": ({"url": "oci://ghcr.io/acme/" + "a" * 70}, "a" * 63),
    "nothing-left": ({"url": "oci://ghcr.io/acme/__"}, None),
    "registry-only": ({"url": "oci://ghcr.io"}, None),
    "no-url": ({}, None),
}


@pytest.mark.parametrize(("artifact", "name"), ARTIFACT.values(), ids=ARTIFACT.keys())
def test_artifact_repository_name(artifact: dict[str, Any], name: str | None) -> None:
    derived = artifact_repository_name(artifact)
    assert derived == name
    assert derived is None or "repositoryName" in artifact or is_dns1123_label(derived)


def test_answers_files_of_one_artifact_share_one_name_whatever_their_path() -> None:
    url = "oci://ghcr.io/acme/manifests/shop"
    assert artifact_repository_name({"url": url, "path": "web"}) == artifact_repository_name(
        {"url": url, "path": "worker"}) == "shop"
