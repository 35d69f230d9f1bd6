"""fluxc.checks.schemas: finding and loading the bundled schemas, and the Go-faithful validator."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from fluxc.checks.schemas import (
    ANSWERS_SCHEMA,
    answers_schema,
    load_schema,
    schema_dir,
    strict_validator,
)

PROPERTIES: dict[str, Any] = answers_schema()["properties"]


def _sub(schema: dict[str, Any]) -> dict[str, Any]:
    """A property's schema, standalone: the answers schema's $defs resolve inside it."""
    return {"$defs": answers_schema()["$defs"], **schema}


def _errors(schema: dict[str, Any], instance: Any) -> list[str]:
    return [e.message for e in strict_validator(_sub(schema)).iter_errors(instance)]


# --------------------------------------------------------------------------- finding the files

def test_schema_dir_holds_the_answers_schema_and_flux_schemas() -> None:
    folder = schema_dir()
    assert folder.name == "schemas"
    assert (folder / ANSWERS_SCHEMA).is_file()
    assert (folder / "flux").is_dir()


def test_load_schema_is_cached() -> None:
    assert load_schema(ANSWERS_SCHEMA) is load_schema(ANSWERS_SCHEMA)
    assert answers_schema() is load_schema(ANSWERS_SCHEMA)


# --------------------------------------------------------------------------- the answers schema

def test_answers_schema_is_valid_draft_2020_12() -> None:
    schema = answers_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_answers_schema_refuses_unknown_keys_and_requires_fluxc_and_name() -> None:
    schema = answers_schema()
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["fluxc", "name"]
    assert PROPERTIES["fluxc"]["const"] == "v1"


@pytest.mark.parametrize("key", sorted(PROPERTIES))
def test_every_top_level_property_has_a_description(key: str) -> None:
    description = PROPERTIES[key].get("description")
    assert isinstance(description, str) and len(description) > 10


@pytest.mark.parametrize("key", sorted(PROPERTIES["chart"]["properties"]))
def test_every_chart_property_has_a_description(key: str) -> None:
    assert PROPERTIES["chart"]["properties"][key].get("description")


SPEC_DEFAULTS = {
    "fluxNamespace": "flux-system",
    "reconcileInterval": "5m",
    "outputPath": "./manifests",
    "gitBranch": "main",
    "gitopsDeployment": "none",
    "prune": True,
    "values": {},
}


@pytest.mark.parametrize(("key", "default"), SPEC_DEFAULTS.items(), ids=SPEC_DEFAULTS.keys())
def test_spec_defaults_are_in_the_schema_and_valid(key: str, default: Any) -> None:
    prop = PROPERTIES[key]
    assert prop.get("default") == default
    assert type(prop["default"]) is type(default)
    assert _errors(prop, default) == []


def test_chart_version_default_is_in_the_schema() -> None:
    assert PROPERTIES["chart"]["properties"]["version"].get("default") == "*"


def _with_examples() -> list[tuple[str, dict[str, Any], Any]]:
    found = []
    for key, prop in PROPERTIES.items():
        for example in prop.get("examples", []):
            found.append((key, prop, example))
        for child, sub in prop.get("properties", {}).items():
            for example in sub.get("examples", []):
                found.append((f"{key}.{child}", sub, example))
    return found


@pytest.mark.parametrize(("where", "prop", "example"), _with_examples(),
                         ids=[f"{w}={e!r}"[:60] for w, _, e in _with_examples()])
def test_examples_are_valid(where: str, prop: dict[str, Any], example: Any) -> None:
    assert _errors(prop, example) == [], where


def test_required_keys_have_examples_for_the_missing_key_hint() -> None:
    assert PROPERTIES["fluxc"]["examples"][0] == "v1"
    assert PROPERTIES["name"]["examples"]
    chart = PROPERTIES["chart"]["properties"]
    assert all(chart[k].get("examples") for k in PROPERTIES["chart"]["required"])


# --------------------------------------------------------------------------- strict_validator

VALID: dict[str, Any] = {"fluxc": "v1", "name": "podinfo", "deploymentMethod": "flux",
         "chart": {"repository": "https://stefanprodan.github.io/podinfo", "name": "podinfo"}}


def test_strict_validator_accepts_a_valid_document() -> None:
    assert list(strict_validator(answers_schema()).iter_errors(VALID)) == []


@pytest.mark.parametrize(("key", "value"), [("name", "podinfo\n"), ("reconcileInterval", "5m\n"),
                                            ("namespace", "podinfo\n"), ("outputPath", "./out")],
                         ids=["name", "duration", "namespace", "control-no-newline"])
def test_strict_validator_rejects_a_trailing_newline_that_re_search_accepts(key: str, value: str) -> None:
    document = {**VALID, key: value}
    plain = list(Draft202012Validator(answers_schema()).iter_errors(document))
    strict = list(strict_validator(answers_schema()).iter_errors(document))
    assert plain == []  # Python's `$` also matches before a final newline
    if value.endswith("\n"):
        assert [(e.validator, list(e.absolute_path)) for e in strict] == [("pattern", [key])]
        assert repr(value) in strict[0].message
    else:
        assert strict == []


def test_strict_validator_keeps_the_other_keywords() -> None:
    document = {**VALID, "fluxc": "v2", "name": "x" * 64, "prune": "yes"}
    found = sorted((e.validator, tuple(e.absolute_path)) for e in strict_validator(answers_schema()).iter_errors(
        document))
    assert found == [("const", ("fluxc",)), ("maxLength", ("name",)), ("type", ("prune",))]


def test_strict_validator_pattern_ignores_non_strings() -> None:
    schema = {"pattern": "^a$"}
    assert list(strict_validator(schema).iter_errors(42)) == []
    assert [e.validator for e in strict_validator(schema).iter_errors("a\n")] == ["pattern"]


def test_installed_package_carries_its_schemas() -> None:
    """pip install puts schemas/ inside the package (pyproject's force-include); CI tests that install."""
    import fluxc
    from fluxc.checks.schemas import schema_dir
    from fluxc.targets.flux.kinds import FLUX_SCHEMA_FILES

    package = Path(fluxc.__file__).resolve().parent
    if package.parent.name == "compiler":  # a source checkout (editable install): schemas/ sits beside compiler/
        assert schema_dir() == package.parents[1] / "schemas"
    else:
        assert schema_dir() == package / "schemas"
        shipped = {p.relative_to(schema_dir()).as_posix() for p in schema_dir().rglob("*.json")}
        assert "answers.schema.json" in shipped
        assert set(FLUX_SCHEMA_FILES.values()) <= shipped  # every Flux schema of the kinds table
