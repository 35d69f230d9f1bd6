"""The lowered plan of an answers file, as the unit tests of each lowering step check it."""

from __future__ import annotations

import textwrap

from fluxc.answers import validate_input
from fluxc.targets.flux import model
from fluxc.targets.flux.lower import lower
from fluxc.yaml.load import parse_single


def valid_plan(text: str) -> model.Plan:
    """The plan of an answers file the input checks accept (warnings allowed), validated in full: lowering
    builds nodes with model_construct, so this is where a wrong field or type would show."""
    document = parse_single(textwrap.dedent(text), "answers.yaml")
    assert [d.render() for d in validate_input.validate(document) if d.is_error] == []
    plan, _ = lower(document.data, document.source_map, document.file)
    assert model.Plan.model_validate(plan.model_dump()) == plan
    return plan
