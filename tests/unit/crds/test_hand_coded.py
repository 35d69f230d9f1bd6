"""fluxc.crds.hand_coded: the hand-coded CEL equivalents and the metadata schema are valid JSON Schema."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from fluxc.crds.hand_coded import HAND_CODED_RULES, object_meta


@pytest.mark.parametrize("rule", sorted(HAND_CODED_RULES), ids=lambda r: r[:60])
def test_every_rule_fragment_is_a_valid_schema(rule: str) -> None:
    Draft202012Validator.check_schema(HAND_CODED_RULES[rule])


def test_chart_or_chart_ref_rule_means_exactly_one() -> None:
    rule = next(r for r in HAND_CODED_RULES if r.startswith("(has(self.chart) && !has(self.chartRef))"))
    validator = Draft202012Validator(HAND_CODED_RULES[rule])
    assert validator.is_valid({"chart": {}}) and validator.is_valid({"chartRef": {}})
    assert not validator.is_valid({}) and not validator.is_valid({"chart": {}, "chartRef": {}})


def test_object_meta_requires_a_dns_name_and_has_namespace_only_when_namespaced() -> None:
    namespaced, cluster = object_meta(True), object_meta(False)
    Draft202012Validator.check_schema(namespaced)
    assert Draft202012Validator(namespaced).is_valid({"name": "podinfo", "namespace": "flux-system"})
    assert not Draft202012Validator(namespaced).is_valid({"name": "Bad_Name"})
    assert not Draft202012Validator(namespaced).is_valid({"namespace": "flux-system"})
    assert not Draft202012Validator(cluster).is_valid({"name": "podinfo", "namespace": "flux-system"})
