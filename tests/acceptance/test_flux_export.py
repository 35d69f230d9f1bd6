"""Byte compatibility with `flux create … --export` (../shared/flux-export).

Every reference file gets an entry: an answers file that says the same thing
as the flags upstream passed (see ../shared/flux-export/README.md), or the
reason no answers file can express it. fluxc's document of the same kind must
equal the reference byte for byte (fluxc's one-line header aside).
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from fluxc.output.files import HEADER
from fluxc.pipeline.compile import compile_document
from fluxc.yaml.load import parse_single
from helpers.official import official_crd_errors
from helpers.paths import shared_dir

NS = "apps"  # the namespace the upstream test passes with -n, for files that use {{ .fluxns }}

GIT = {"fluxc": "v1", "name": "podinfo", "outputFormat": "kustomize", "gitopsDeployment": "flux",
       "gitRepoUrl": "https://github.com/stefanprodan/podinfo", "gitPath": "./", "sourceInterval": "1m0s"}
HELM = {"fluxc": "v1", "name": "podinfo", "fluxNamespace": NS, "deploymentMethod": "flux",
        "reconcileInterval": "1m0s"}
OCI = {"fluxc": "v1", "name": "podinfo", "deploymentMethod": "flux", "sourceInterval": "10m",
       "chart": {"repository": "oci://ghcr.io/stefanprodan/manifests", "name": "podinfo", "version": "6.3.5"}}
# Journey 3 from an OCI artifact: `create source oci podinfo --url=… --tag=6.3.5 --interval 10m`
ARTIFACT_URL = "oci://ghcr.io/stefanprodan/manifests/podinfo"
ARTIFACT = {"fluxc": "v1", "name": "podinfo", "outputFormat": "kustomize", "gitopsDeployment": "flux",
            "sourceInterval": "10m", "artifact": {"url": ARTIFACT_URL, "ref": {"tag": "6.3.5"}}}


def _artifact(**keys: Any) -> dict[str, Any]:
    return {**ARTIFACT, "artifact": {**ARTIFACT["artifact"], **keys}}


# file -> (answers, kind of the document to compare)
EXPRESSIBLE: dict[str, tuple[dict[str, Any], str]] = {
    "create_source_git_source-git-branch.yaml": ({**GIT, "gitBranch": "test"}, "GitRepository"),
    "create_source_git_source-git-tag.yaml": ({**GIT, "gitRef": {"tag": "test"}}, "GitRepository"),
    "create_source_git_source-git-semver.yaml": ({**GIT, "gitRef": {"semver": "v1.01"}}, "GitRepository"),
    "create_source_git_source-git-commit.yaml": ({**GIT, "gitRef": {"commit": "c88a2f41"}}, "GitRepository"),
    "create_source_git_source-git-branch-commit.yaml": (
        {**GIT, "gitBranch": "main", "gitRef": {"commit": "c88a2f41"}}, "GitRepository"),
    "create_source_helm_https.golden": (
        {**HELM, "sourceInterval": "5m", "chart": {
            "repository": "https://stefanprodan.github.io/charts/podinfo", "name": "podinfo", "version": "6.5.4"}},
        "HelmRepository"),
    "create_hr_basic.yaml": (
        {**HELM, "chart": {"repository": "https://stefanprodan.github.io/podinfo", "name": "podinfo"}},
        "HelmRelease"),
    "create_hr_or_basic.yaml": (
        {**HELM, "chart": {"repository": "oci://ghcr.io/stefanprodan/charts", "name": "podinfo"}}, "HelmRelease"),
    "oci_export_with_layer_selector.golden": (OCI, "OCIRepository"),
    "create_source_git_source-git-refname.yaml": ({**GIT, "gitRef": {"name": "refs/heads/main"}}, "GitRepository"),
    "create_source_git_source-git-provider-generic.yaml": (
        {**GIT, "gitBranch": "test", "gitProvider": "generic"}, "GitRepository"),
    "create_source_git_source-git-provider-azure.yaml": (
        {**GIT, "gitRepoUrl": "https://dev.azure.com/foo/bar/_git/podinfo", "gitBranch": "test", "gitProvider": "azure"},
        "GitRepository"),
    "create_source_git_source-git-provider-github.yaml": (
        {**GIT, "gitBranch": "test", "gitProvider": "github", "gitSecretRef": "appinfo"}, "GitRepository"),
    "oci_export.golden": (ARTIFACT, "OCIRepository"),
    "oci_export_with_secret.golden": (_artifact(secretRef="creds"), "OCIRepository"),
    "oci_export_with_verify_secret.golden": (
        _artifact(verify={"provider": "cosign", "secretRef": "cosign-pub"}), "OCIRepository"),
}

# Upstream's OCI verify goldens were printed by a test harness that resets flag defaults between cases, hence
# `interval: 0s` (the real CLI writes 1m0s, see ../shared/flux-export/README.md).
_HARNESS = "`interval: 0s` comes from upstream's test harness, and fluxc refuses a zero interval (FLX107)"
NOT_EXPRESSIBLE = {
    "create_source_helm_oci.golden": "a HelmRepository of type oci (in maintenance mode upstream): fluxc compiles an "
                                     "oci:// chart to an OCIRepository + HelmRelease chartRef, as Flux recommends",
    "create_source_helm_oci-with-secret.golden": "a HelmRepository of type oci: fluxc compiles an oci:// chart to an "
                                                 "OCIRepository + HelmRelease chartRef, as Flux recommends",
    "create_hr_hc_basic.yaml": "a chartRef to a HelmChart: fluxc writes no HelmChart; a chart from an https:// "
                               "repository goes in spec.chart, an oci:// one is a chartRef to an OCIRepository",
    "oci_export_with_issuer.golden": f"{_HARNESS}; and an empty `subject` regex, which the schema refuses "
                                     "(matchOIDCIdentity needs both regexes)",
    "oci_export_with_subject.golden": f"{_HARNESS}; and an empty `issuer` regex, which the schema refuses "
                                      "(matchOIDCIdentity needs both regexes)",
}


def _reference_files() -> list[str]:
    folder = shared_dir("flux-export")
    return sorted(p.name for p in folder.iterdir() if p.name != "README.md")


def test_every_reference_file_is_classified() -> None:
    assert sorted(EXPRESSIBLE.keys() | NOT_EXPRESSIBLE.keys()) == _reference_files()
    assert not EXPRESSIBLE.keys() & NOT_EXPRESSIBLE.keys()


@pytest.mark.parametrize("name", sorted(EXPRESSIBLE))
def test_fluxc_prints_what_flux_create_export_prints(name: str) -> None:
    reference = (shared_dir("flux-export") / name).read_text().replace("{{ .fluxns }}", NS)
    answers, kind = EXPRESSIBLE[name]
    document = parse_single(yaml.safe_dump(answers, sort_keys=False), "answers.yaml")
    compiled = compile_document(document)
    matching = [f for f in compiled.files if yaml.safe_load(f.document)["kind"] == kind]
    assert len(matching) == 1
    assert matching[0].document == reference
    assert matching[0].content == HEADER + reference


@pytest.mark.parametrize("name", sorted(EXPRESSIBLE))
def test_every_document_compiled_for_the_comparison_is_valid_against_official_crds(name: str) -> None:
    answers, _ = EXPRESSIBLE[name]
    compiled = compile_document(parse_single(yaml.safe_dump(answers, sort_keys=False), "answers.yaml"))
    for rendered in compiled.files:
        assert official_crd_errors(yaml.safe_load(rendered.document)) == [], rendered.path
