"""fluxc.targets.flux.model: every node is frozen (no stage can change a decision) and closed (no stage can smuggle a field)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from fluxc.targets.flux import model
from helpers.paths import REPO

META = model.ObjectMeta(name="podinfo", namespace="flux-system")
GIT_SOURCE = model.SourceRef(kind="GitRepository", name="gitops")
TEMPLATE = model.ChartTemplate(chart="podinfo", source=model.SourceRef(kind="HelmRepository", name="podinfo"),
                               reconcile_strategy="ChartVersion")

# One valid instance of every node type, built from its required fields.
NODES: dict[str, tuple[type[model.Node], dict[str, Any]]] = {
    "ObjectMeta": (model.ObjectMeta, {"name": "podinfo", "namespace": "flux-system"}),
    "SourceRef": (model.SourceRef, {"kind": "OCIRepository", "name": "podinfo"}),
    "Dependency": (model.Dependency, {"name": "cert-manager"}),
    "GitRef": (model.GitRef, {"branch": "main"}),
    "GitRepository": (model.GitRepository, {"meta": META, "url": "https://github.com/org/repo", "interval": "1m0s",
                                            "ref": model.GitRef(branch="main")}),
    "HelmRepository": (model.HelmRepository, {"meta": META, "url": "https://charts.example.com",
                                              "interval": "1h0m0s"}),
    "OCIRepository": (model.OCIRepository, {"meta": META, "url": "oci://ghcr.io/org/podinfo", "interval": "1h0m0s",
                                            "tag": "6.5.4"}),
    "ChartTemplate": (model.ChartTemplate, {"chart": "podinfo", "source": GIT_SOURCE,
                                            "reconcile_strategy": "Revision"}),
    "ValuesReference": (model.ValuesReference, {"kind": "Secret", "name": "values"}),
    "HealthCheck": (model.HealthCheck, {"kind": "Deployment", "name": "api"}),
    "HelmRelease": (model.HelmRelease, {"meta": META, "interval": "5m0s", "chart": TEMPLATE}),
    "Kustomization": (model.Kustomization, {"meta": META, "interval": "5m0s", "path": "./", "prune": True,
                                            "source": GIT_SOURCE}),
    "Plan": (model.Plan, {"app": "podinfo", "output_path": "./manifests", "objects": ()}),
}
NODE_IDS = list(NODES)


@pytest.mark.parametrize("name", NODE_IDS)
def test_node_is_frozen(name: str) -> None:
    cls, fields = NODES[name]
    node = cls(**fields)
    field = next(iter(fields))
    with pytest.raises(ValidationError) as caught:
        setattr(node, field, fields[field])
    assert [e["type"] for e in caught.value.errors()] == ["frozen_instance"]
    assert getattr(node, field) == fields[field]


@pytest.mark.parametrize("name", NODE_IDS)
def test_node_is_closed(name: str) -> None:
    cls, fields = NODES[name]
    with pytest.raises(ValidationError) as caught:
        cls(**fields, annotations={"smuggled": "yes"})  # type: ignore[call-arg]
    assert [(e["type"], e["loc"]) for e in caught.value.errors()] == [("extra_forbidden", ("annotations",))]


@pytest.mark.parametrize("name", NODE_IDS)
def test_node_accepts_its_required_fields(name: str) -> None:
    cls, fields = NODES[name]
    node = cls(**fields)
    assert {k: getattr(node, k) for k in fields} == fields


@pytest.mark.parametrize(("cls", "fields", "field"), [
    (model.SourceRef, {"kind": "Bucket", "name": "x"}, "kind"),
    (model.SourceRef, {"kind": "gitrepository", "name": "x"}, "kind"),
    (model.ChartTemplate, {"chart": "x", "source": GIT_SOURCE, "reconcile_strategy": "ChartRevision"},
     "reconcile_strategy"),
    (model.ValuesReference, {"kind": "Service", "name": "x"}, "kind"),
    (model.ValuesReference, {"kind": "secret", "name": "x"}, "kind"),
], ids=["sourceref-bucket", "sourceref-lowercase", "chart-strategy-flux-help-typo", "valuesfrom-service",
        "valuesfrom-lowercase"])
def test_literal_kinds_are_enforced(cls: type[model.Node], fields: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        cls(**fields)
    assert [(e["type"], e["loc"]) for e in caught.value.errors()] == [("literal_error", (field,))]


@pytest.mark.parametrize(("cls", "fields", "field", "value"), [
    (model.SourceRef, {"name": "x"}, "kind", "GitRepository"),
    (model.SourceRef, {"name": "x"}, "kind", "HelmRepository"),
    (model.SourceRef, {"name": "x"}, "kind", "OCIRepository"),
    (model.ChartTemplate, {"chart": "x", "source": GIT_SOURCE}, "reconcile_strategy", "ChartVersion"),
    (model.ChartTemplate, {"chart": "x", "source": GIT_SOURCE}, "reconcile_strategy", "Revision"),
    (model.ValuesReference, {"name": "x"}, "kind", "ConfigMap"),
    (model.ValuesReference, {"name": "x"}, "kind", "Secret"),
], ids=["sourceref-git", "sourceref-helm", "sourceref-oci", "chart-strategy-chartversion",
        "chart-strategy-revision", "valuesfrom-configmap", "valuesfrom-secret"])
def test_literal_kinds_accept_their_values(cls: type[model.Node], fields: dict[str, Any], field: str,
                                           value: str) -> None:
    assert getattr(cls(**fields, **{field: value}), field) == value


def test_plan_refuses_a_node_that_is_not_a_flux_object() -> None:
    with pytest.raises(ValidationError):
        model.Plan(app="a", output_path="./manifests", objects=(META,))  # type: ignore[arg-type, unused-ignore]


@pytest.mark.parametrize(("cls", "fields", "defaults"), [
    (model.ObjectMeta, NODES["ObjectMeta"][1], {"labels": {}}),
    (model.HelmRelease, NODES["HelmRelease"][1], {
        "chart_ref": None, "target_namespace": None, "storage_namespace": None, "create_namespace": False,
        "remediation_retries": None, "values": {}, "values_from": (), "depends_on": (), "service_account": None,
        "suspend": False, "timeout": None}),
    (model.Kustomization, NODES["Kustomization"][1], {
        "target_namespace": None, "wait": False, "timeout": None, "health_checks": (), "decryption_secret": None,
        "depends_on": (), "service_account": None, "suspend": False}),
], ids=["ObjectMeta", "HelmRelease", "Kustomization"])
def test_optional_fields_default_to_empty(cls: type[model.Node], fields: dict[str, Any],
                                          defaults: dict[str, Any]) -> None:
    node = cls(**fields)
    assert {k: getattr(node, k) for k in defaults} == defaults


# lower() builds nodes with model_construct (no validation, for start-up speed);
# this is where every lowered node of every golden case and example is validated in full.
LOWERED_CASES = sorted((REPO / "fixtures" / "valid").glob("*/answers.yaml")) + sorted(
    (REPO / "examples").glob("*/fluxc.yaml"))


@pytest.mark.parametrize("answers", LOWERED_CASES, ids=lambda p: p.parent.name)
def test_every_lowered_node_passes_full_validation(answers: Path) -> None:
    from fluxc.answers.validate_input import require_valid
    from fluxc.targets.flux.lower import lower
    from fluxc.yaml.load import load_answers

    document = load_answers(answers, "answers.yaml")
    require_valid(document)
    plan, _ = lower(document.data, document.source_map, document.file)
    assert plan.objects or document.data.get("gitopsDeployment") == "none"  # `none` packages only
    for node in plan.objects:
        assert type(node).model_validate(node.model_dump()) == node
    assert model.Plan.model_validate({**plan.model_dump(), "objects": ()}).app == plan.app
