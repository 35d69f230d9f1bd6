"""The bundled examples: their committed output is what fluxc builds today, and it is valid."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from fluxc.cli import main
from helpers.official import official_crd_errors
from helpers.paths import REPO

EXAMPLES = sorted((REPO / "examples").glob("*/fluxc.yaml"))


def test_there_is_an_example_per_journey() -> None:
    journeys = set()
    for answers in EXAMPLES:
        data = yaml.safe_load(answers.read_text())
        journeys.add("chart" if "deploymentMethod" in data else data["outputFormat"])
    assert journeys == {"chart", "helm", "kustomize"}


@pytest.mark.parametrize("answers", EXAMPLES, ids=lambda p: p.parent.name)
def test_committed_example_output_is_up_to_date(answers: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    work = tmp_path / answers.parent.name
    shutil.copytree(answers.parent, work, ignore=shutil.ignore_patterns("manifests"))
    assert main(["build", str(work / "fluxc.yaml"), "--quiet"]) == 0
    assert capsys.readouterr().err == ""
    built, committed = _tree(work / "manifests"), _tree(answers.parent / "manifests")
    assert built == committed, "regenerate with: fluxc build examples/*/fluxc.yaml"
    for name, text in built.items():
        document = yaml.safe_load(text)
        if ".toolkit.fluxcd.io/" in document["apiVersion"]:  # the Flux objects; a package holds others too
            assert official_crd_errors(document) == [], name


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text() for p in sorted(folder.rglob("*")) if p.is_file()}
