"""The packaged golden outputs give the user's objects back.

For every fixtures/valid/package-* case: a Kustomize package built with
`kubectl kustomize` gives the original objects, namespaced; a chart's
templates rendered with its values.yaml (by substituting the only expressions
fluxc writes) give the original objects with the release namespace and the
answers' overrides; a raw package is the objects, one per file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers.packages import kustomize, render_template
from helpers.paths import FIXTURES

CASES = sorted((FIXTURES / "valid").glob("package-*"))


def _originals(case: Path) -> dict[tuple[str, str], dict[str, Any]]:
    objects = [doc for path in sorted((case / "rendered").rglob("*.yaml"))
               for doc in yaml.safe_load_all(path.read_text()) if doc]
    return {(o["kind"], o["metadata"]["name"]): o for o in objects}


def _by_id(objects: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(o["kind"], o["metadata"]["name"]): o for o in objects}


def _answers(case: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((case / "answers.yaml").read_text())
    return loaded


def _format(case: Path) -> str:
    return str(_answers(case)["outputFormat"])


def test_there_is_a_package_case_for_every_format_and_deployment() -> None:
    combos = {(_format(c), _answers(c)["gitopsDeployment"]) for c in CASES}
    assert combos == {(f, d) for f in ("helm", "kustomize", "raw") for d in ("flux", "none")}


@pytest.mark.parametrize("case", [c for c in CASES if _format(c) == "kustomize"], ids=lambda p: p.name)
def test_kubectl_kustomize_gives_back_the_objects_namespaced(case: Path) -> None:
    built = _by_id([o for o in yaml.safe_load_all(kustomize(case / "expected" / "manifests")) if o])
    namespace = _answers(case)["namespace"]
    expected = {key: {**o, "metadata": {**o["metadata"], "namespace": namespace}}
                for key, o in _originals(case).items()}
    assert built == expected


@pytest.mark.parametrize("case", [c for c in CASES if _format(c) == "helm"], ids=lambda p: p.name)
def test_chart_templates_render_back_to_the_objects(case: Path) -> None:
    chart = case / "expected" / "manifests"
    values = yaml.safe_load((chart / "values.yaml").read_text())
    rendered = _by_id([yaml.safe_load(render_template(t.read_text(), values, "release-ns"))
                       for t in sorted((chart / "templates").glob("*.yaml"))])
    originals = _originals(case)
    assert rendered.keys() == originals.keys()
    for key, original in originals.items():
        expected = {**original, "metadata": {**original["metadata"], "namespace": "release-ns"}}
        if key == ("Deployment", "shop-web"):  # the answers override the replica count
            expected["spec"] = {**expected["spec"], "replicas": 3}
        assert rendered[key] == expected, key


@pytest.mark.parametrize("case", [c for c in CASES if _format(c) == "raw"], ids=lambda p: p.name)
def test_raw_package_is_the_objects_one_per_file(case: Path) -> None:
    folder = case / "expected" / "manifests"
    flux_files = {"gitrepository.yaml", "flux-kustomization.yaml"}
    written = [yaml.safe_load(p.read_text()) for p in sorted(folder.glob("*.yaml")) if p.name not in flux_files]
    assert _by_id(written) == _originals(case)
    assert len(written) == len(_originals(case))
