"""Everything fluxc emits is valid against the official Flux CRDs made strict.

The CRDs in ../shared/flux-crds are converted at test time by `fluxc.crds.load`
(closed objects except x-kubernetes-preserve-unknown-fields, metadata name and
namespace rules, the CEL rules such as "exactly one of chart or chartRef").
Checked: every document of every golden output tree, every document the
flux-export comparison compiles, and our own bundled schemas agree with the
official ones on each of those documents.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from fluxc.checks.schemas import strict_validator
from fluxc.targets.flux.kinds import flux_schema
from helpers.official import flux_golden_files, official_crd_errors
from helpers.paths import FIXTURES

GOLDEN_FILES = flux_golden_files()


def test_there_are_golden_outputs_to_check() -> None:
    kinds = {yaml.safe_load(p.read_text())["kind"] for p in GOLDEN_FILES}
    assert kinds == {"GitRepository", "HelmRepository", "OCIRepository", "HelmRelease", "Kustomization", "Provider",
                     "Alert"}


@pytest.mark.parametrize("path", GOLDEN_FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_golden_output_is_valid_against_official_crds(path: Path) -> None:
    documents = list(yaml.safe_load_all(path.read_text()))
    assert len(documents) == 1
    assert official_crd_errors(documents[0]) == []


@pytest.mark.parametrize("path", GOLDEN_FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_golden_output_is_valid_against_bundled_schemas(path: Path) -> None:
    document = yaml.safe_load(path.read_text())
    schema = flux_schema(document["apiVersion"], document["kind"])
    assert [e.message for e in strict_validator(schema).iter_errors(document)] == []


@pytest.mark.parametrize("mutation", [
    pytest.param(lambda d: d["spec"].update(bogus=True), id="unknown-spec-field"),
    pytest.param(lambda d: d["metadata"].update(name="Bad_Name"), id="bad-name"),
    pytest.param(lambda d: d["spec"].update(interval="5 minutes"), id="bad-interval"),
    pytest.param(lambda d: d["metadata"].pop("name"), id="no-name"),
])
def test_official_crds_reject_mutated_goldens(mutation: Any) -> None:
    """The check above can fail: the same documents, broken, are refused by both schema sets."""
    for path in GOLDEN_FILES:
        document = yaml.safe_load(path.read_text())
        mutation(document)
        assert official_crd_errors(document), path
        schema = flux_schema(document["apiVersion"], document["kind"])
        assert list(strict_validator(schema).iter_errors(document)), path


def test_helm_release_with_both_chart_and_chart_ref_is_refused_by_the_cel_rule() -> None:
    path = next(p for p in GOLDEN_FILES if "chart-https-spec-example" in str(p) and "helmrelease" in p.name)
    document = yaml.safe_load(path.read_text())
    document["spec"]["chartRef"] = {"kind": "OCIRepository", "name": "x"}
    assert official_crd_errors(document) == ["['spec']: either chart or chartRef must be set"]
    document["spec"].pop("chart")
    document["spec"].pop("chartRef")
    assert official_crd_errors(document) == ["['spec']: either chart or chartRef must be set"]
