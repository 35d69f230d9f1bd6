"""An answers file as the target's unit tests check it: its lowered plan, or its facts for the fleet checks."""

from __future__ import annotations

import textwrap

from fluxc.answers import validate_input
from fluxc.pipeline.compile import compile_document
from fluxc.targets.flux import model
from fluxc.targets.flux.lower import lower
from fluxc.targets.types import Facts
from fluxc.yaml.load import parse_single


def valid_plan(text: str) -> model.Plan:
    """The plan of an answers file the input checks accept (warnings allowed), validated in full: lowering
    builds nodes with model_construct, so this is where a wrong field or type would show."""
    document = parse_single(textwrap.dedent(text), "answers.yaml")
    assert [d.render() for d in validate_input.validate(document) if d.is_error] == []
    plan, _ = lower(document.data, document.source_map, document.file)
    assert model.Plan.model_validate(plan.model_dump()) == plan
    return plan


def fleet_app(file: str, text: str) -> tuple[str, Facts]:
    """One application of a build as the fleet checks see it: its answers file and its facts."""
    compiled = compile_document(parse_single(text, file))
    assert compiled.facts is not None
    return file, compiled.facts
