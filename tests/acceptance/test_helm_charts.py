"""Every chart fluxc writes passes real Helm: `helm lint --strict`, and `helm template` renders the same
objects as the substitution renderer of tests/helpers/packages.py (so the round trips proven there hold
for Helm itself).

Helm is the Go SDK of Helm v4 bundled by helm-python-sdk (a test dependency): no `helm` binary, no
network, no cluster. The charts: every golden case with a chart (fixtures/valid/*/expected/**/Chart.yaml),
the small application the packager tests share, hand-picked charts (placeholder look-alikes, colliding
value keys, numbers), and charts hypothesis packages from generated objects (ConfigMaps, every workload
kind, cluster-scoped objects; YAML 1.1 look-alikes, `{{`, quotes, newlines and unicode in their strings).
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from fluxc.package.helm import package_helm
from fluxc.package.types import PackagedObject
from helpers.helm import NAMESPACE, documents, helm, helm_lint_problems, helm_template
from helpers.packages import render_template, small_app_objects, write
from helpers.paths import FIXTURES, REPO
from helpers.strategies import dns_labels, go_json, k8s_objects, values

GOLDEN_CHARTS = sorted({p.parent for root in (FIXTURES / "valid", REPO / "examples")
                        for p in root.glob("*/expected/**/Chart.yaml")})


def _id(chart: Path) -> str:
    return str(chart.relative_to(REPO))


def substitution(chart: Path, namespace: str) -> dict[str, list[Any]]:
    """The same templates rendered by substituting exactly the expressions fluxc writes."""
    values = yaml.safe_load((chart / "values.yaml").read_text(encoding="utf-8"))
    return {str(t.relative_to(chart)): documents(render_template(t.read_text(encoding="utf-8"), values, namespace))
            for t in sorted((chart / "templates").rglob("*")) if t.is_file()}


def test_golden_charts_are_found() -> None:
    assert {c.parent.parent.name for c in GOLDEN_CHARTS} >= {"package-helm-flux", "package-helm-none"}


@pytest.mark.parametrize("chart", GOLDEN_CHARTS, ids=_id)
def test_golden_chart_passes_helm_lint_strict(chart: Path) -> None:
    assert helm_lint_problems(chart) == []


@pytest.mark.parametrize("chart", GOLDEN_CHARTS, ids=_id)
def test_golden_chart_helm_template_matches_substitution(chart: Path) -> None:
    assert helm_template(chart, NAMESPACE) == substitution(chart, NAMESPACE)


@pytest.mark.parametrize("chart", [c for c in GOLDEN_CHARTS if (c / "helmrelease.yaml").is_file()], ids=_id)
def test_golden_chart_rendered_with_the_helmreleases_values_is_the_same(chart: Path) -> None:
    # What Flux installs: the chart with the HelmRelease's values over values.yaml (already merged there).
    release = yaml.safe_load((chart / "helmrelease.yaml").read_text(encoding="utf-8"))
    namespace = release["spec"].get("targetNamespace", NAMESPACE)
    assert helm_template(chart, namespace, release["spec"].get("values")) == substitution(chart, namespace)


def _build_chart(objects: Sequence[Any], folder: Path,
                 values: dict[str, Any] | None = None) -> Path:
    packaged = [o if isinstance(o, PackagedObject) else
                PackagedObject(f"{o['kind'].lower()}-{i}.yaml", o) for i, o in enumerate(objects)]
    chart = folder / "chart"
    write(chart, package_helm(packaged, chart_name="chart", values=values))
    return chart


def _check_chart(chart: Path, namespace: str) -> None:
    assert helm_lint_problems(chart, namespace) == []
    assert helm_template(chart, namespace) == substitution(chart, namespace)
    with helm.Chart.load(chart) as loaded:  # Helm (go-yaml) reads values.yaml as PyYAML does
        # (the SDK hands them over as Go's JSON: a float such as 2.0**63 arrives as the int 9223372036854776000)
        assert loaded.values == go_json(yaml.safe_load((chart / "values.yaml").read_text(encoding="utf-8")))


@pytest.mark.parametrize("namespace", ["shop", "no", "010", "1e3"])
def test_small_app_chart_passes_real_helm(namespace: str, tmp_path: Path) -> None:
    _check_chart(_build_chart(small_app_objects(), tmp_path, {"deploymentWeb": {"replicas": 5}}), namespace)


def _deployment(name: str, namespace: str | None, *containers: dict[str, Any]) -> dict[str, Any]:
    meta = {"name": name} | ({"namespace": namespace} if namespace else {})
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": meta,
            "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "a"}},
                     "template": {"metadata": {"labels": {"app": "a"}}, "spec": {"containers": list(containers)}}}}


# Inputs the generator rarely or never draws: strings that look like fluxc's own placeholders, objects and
# containers whose value keys collide, containers without a usable name, and overrides of those keys.
HAND_PICKED: dict[str, tuple[list[dict[str, Any]], dict[str, Any] | None]] = {
    "placeholder-look-alikes": ([
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "rules", "namespace": "mon"},
         "data": {"alert": "{{ $labels.instance }} is down\n{{- if .x }}{{{ }}\n", "inline": "a {{b}} }} {{",
                  "slot": "fluxcslot0e", "quoted": '"fluxcslot1e"', "bool": "yes", "float": "1.10"}},
        _deployment("fluxcslot1e", "mon", {"name": "a", "image": "a:yes", "args": ["{{ .Values.x }}"]})],
        {"deploymentFluxcslot1e": {"images": {"a": "no"}}}),
    "colliding-keys": ([
        _deployment("my-app", "a", {"name": "web", "image": "web:1"}),
        _deployment("my.app", "a", {"name": "web", "image": "web:2"}),
        _deployment("my-app-2", None, {"name": "web", "image": "web:3"}, {"name": "web", "image": "web:4"},
                    {"name": "web-2", "image": "web:5"}, {"name": "web2", "image": "web:6"}),
        _deployment("my-app", "b", {"name": "9lives", "image": "cat:9"}, {"name": "", "image": "anon:1"},
                    {"image": "nameless:1"})],
        {"deploymentMyApp3": {"replicas": 7}, "deploymentMyApp2": {"images": {"web22": "web:66"}}}),
    "numbers-in-values": ([{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "no"}}],
                          {"f": 2.0**63, "g": 1.907915558911105e16, "h": 1e300, "i": -0.0, "j": 1.5e-07,
                           "k": 2**53, "l": [1.0, True, None, "1.10", "no"]}),
}


@pytest.mark.parametrize("case", HAND_PICKED)
def test_hand_picked_charts_pass_real_helm(case: str, tmp_path: Path) -> None:
    objects, overrides = HAND_PICKED[case]
    _check_chart(_build_chart(objects, tmp_path, overrides), "no")


# The packager's generated objects: ConfigMaps, every workload kind with a pod spec (Pod with ephemeral
# containers, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, a custom resource), cluster-scoped
# objects, with and without a namespace; their names, labels, annotations, data and args full of YAML 1.1
# look-alikes and Go-template braces. The answers' values: the objects' own replicas and images overridden,
# and junk beside them. (A user value that replaces an object's mapping with a scalar makes the template
# fail in Helm: values win by design, so that is left out; see the report.) Integers stay within 2**53:
# Helm reads values.yaml into float64 (JSON), so 2**53 + 1 comes back 2**53 (huge integers, issue 8).
_junk = values(int_bits=53)
_images = st.sampled_from(["nginx:1.28", "no", "1.10", "a:{{x}}", "ghcr.io/o/a:v2@sha256:" + "b" * 64])


@given(objects=k8s_objects, namespace=dns_labels, data=st.data())
def test_generated_charts_pass_real_helm(objects: list[dict[str, Any]], namespace: str, data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        defaults = yaml.safe_load((_build_chart(objects, Path(tmp) / "defaults") / "values.yaml").read_text())
        overrides: dict[str, Any] = {k: x for k, x in data.draw(_junk, "junk").items() if k not in defaults}
        for key, entry in defaults.items():
            if data.draw(st.booleans(), f"override {key}"):
                overrides[key] = {"replicas": data.draw(st.integers(0, 1000))} if "replicas" in entry else {}
                overrides[key]["images"] = {c: data.draw(_images) for c in entry.get("images", {})}
        chart = _build_chart(objects, Path(tmp), overrides)
        _check_chart(chart, namespace)
        if not any(k in defaults for k in overrides):  # nothing of theirs overridden: the objects come back
            expected = [{**o, "metadata": {**o["metadata"], "namespace": namespace}} if "namespace" in o["metadata"]
                        else o for o in objects]
            rendered = helm_template(chart, namespace)  # by template file: `<kind>-<index>.yaml`
            assert [rendered[f"templates/{o['kind'].lower()}-{i}.yaml"] for i, o in enumerate(objects)] == [
                [o] for o in expected]


def test_a_broken_chart_is_caught(tmp_path: Path) -> None:
    # The oracle itself: a warning fails strict lint, and a template Helm can't render fails.
    chart = _build_chart(small_app_objects(), tmp_path)
    (chart / "templates" / "old.yaml").write_text("apiVersion: extensions/v1beta1\nkind: Ingress\n"
                                                  "metadata:\n  name: old\n")
    assert any("deprecated" in p for p in helm_lint_problems(chart))
    (chart / "templates" / "bad.yaml").write_text("x: {{ .Values.nothing.here }}\n")
    with pytest.raises(helm.HelmRenderError):
        helm_template(chart, NAMESPACE)
