"""fluxc.init.answers_file: typed values read as the key wants them, dotted keys, the file's order and quoting,
and a check that says exactly what `fluxc build` says of the written file."""

from __future__ import annotations

from typing import Any

import pytest

from fluxc.answers.validate_input import validate
from fluxc.checks.schemas import answers_schema
from fluxc.init.answers_file import (
    FIRST_KEYS,
    MISSING,
    has,
    modeline,
    parse_assignment,
    parse_assignments,
    problems,
    read_value,
    render,
    with_answer,
)
from fluxc.report import codes
from fluxc.yaml.load import parse_single
from fluxc.yaml.scalars import Unrepresentable

# Where the schema says text, the text is the value: YAML 1.1 look-alikes stay strings.
TEXT_KEYS = [("name",), ("gitBranch",), ("chart", "version"), ("chart", "repository"), ("labels", "team"),
             ("gitopsDeployment",), ("fluxc",), ("kubernetesVersion",), ("chartVersion",), ("gitRef", "tag")]
LOOK_ALIKES = ["no", "yes", "on", "off", "y", "1.10", "1e3", "08", "0o17", "0x1F", "~", "null", "true", ".inf",
               "2024-01-01", "1:30", "-", "*"]


@pytest.mark.parametrize("key", TEXT_KEYS, ids=".".join)
@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_a_key_that_holds_text_takes_the_text_as_typed(key: tuple[str, ...], text: str) -> None:
    assert read_value(key, text) == text


@pytest.mark.parametrize(("text", "value"), [
    ('"1.10"', "1.10"), ("'1.10'", "1.10"), ('"no"', "no"), ("'it''s'", "it's"), ('"a\\tb"', "a\tb"),
    ('"a" "b"', '"a" "b"'), ('"', '"'), ("'x\"", "'x\"")])
def test_a_whole_quoted_scalar_is_unquoted_as_the_answers_file_reads_it(text: str, value: str) -> None:
    assert read_value(("chart", "version"), text) == value


@pytest.mark.parametrize(("key", "text", "value"), [
    (("prune",), "false", False), (("prune",), "no", False), (("suspend",), "yes", True),
    (("remediation", "retries"), "3", 3), (("values", "replicaCount"), "2", 2), (("values", "ratio"), "1.10", 1.1),
    (("values", "tag"), '"1.10"', "1.10"), (("values", "off"), "null", None), (("values", "name"), "web", "web"),
    (("unknownKey",), "on", True), (("values", "hex"), "0x10", 16)])
def test_any_other_key_reads_a_plain_yaml_scalar(key: tuple[str, ...], text: str, value: Any) -> None:
    got = read_value(key, text)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize(("key", "text"), [
    (("values", "x"), ".nan"), (("values", "x"), "1e400"), (("values", "x"), "99999999999999999999"),
    (("name",), "a\x7fb"), (("values", "x"), "a\x85b"), (("chart", "version"), '"\\x9b"')])
def test_what_no_file_can_hold_is_refused_as_the_reader_refuses_it(key: tuple[str, ...], text: str) -> None:
    with pytest.raises(Unrepresentable):
        read_value(key, text)


def test_assignments_split_at_the_first_equals_and_dots() -> None:
    assert parse_assignment("chart.version=>=1.0 <2") == (("chart", "version"), ">=1.0 <2")
    assert parse_assignment("name=") == (("name",), "")
    assert parse_assignments(["name=a", "name=b"]) == ((("name",), "a"), (("name",), "b"))


@pytest.mark.parametrize("item", ["name", "=x", ".a=1", "a.=1", "a..b=1", "name=a\nb", "name=a\rb"])
def test_a_malformed_assignment_is_refused(item: str) -> None:
    with pytest.raises(ValueError):
        parse_assignment(item)


@pytest.mark.parametrize("items", [["chart=x", "chart.name=y"], ["chart.name.x=1", "chart.name=y"],
                                   ["a.b=1", "a=2"]])
def test_a_key_set_as_a_value_and_as_a_mapping_is_refused(items: list[str]) -> None:
    with pytest.raises(ValueError, match="is set to a value"):
        parse_assignments(items)


def test_with_answer_copies_and_creates_mappings_on_the_way() -> None:
    before = {"fluxc": "v1", "chart": {"name": "a"}}
    after = with_answer(before, ("chart", "version"), "1.0.0")
    assert after == {"fluxc": "v1", "chart": {"name": "a", "version": "1.0.0"}}
    assert before == {"fluxc": "v1", "chart": {"name": "a"}}
    assert with_answer({}, ("a", "b", "c"), 1) == {"a": {"b": {"c": 1}}}
    assert has(after, ("chart", "version")) and not has(after, ("chart", "secretRef")) and not has(after, ("x",))
    with pytest.raises(ValueError, match="not a mapping"):
        with_answer({"chart": "x"}, ("chart", "name"), "y")


def test_the_file_starts_with_the_modeline_naming_the_schema_id() -> None:
    assert modeline() == f"# yaml-language-server: $schema={answers_schema()['$id']}\n"
    assert render({"fluxc": "v1", "name": "a"}) == modeline() + "fluxc: v1\nname: a\n"


def test_keys_come_in_reading_order_whatever_order_they_were_given_in() -> None:
    answers = {"zeta": 1, "values": {"b": 1, "a": {"d": 2, "c": 3}}, "suspend": True, "outputPath": "./m",
               "reconcileInterval": "5m", "fluxNamespace": "flux-system", "chart": {"version": "1", "name": "web",
               "repository": "https://x"}, "deploymentMethod": "flux", "namespace": "ns", "name": "app",
               "fluxc": "v1"}
    lines = render(answers).splitlines()[1:]
    top = [line.split(":")[0] for line in lines if not line.startswith(" ")]
    assert top == [*[k for k in FIRST_KEYS if k in answers], "values", "suspend", "zeta"]
    assert lines[lines.index("chart:") + 1:][:3] == ["  repository: https://x", "  name: web", '  version: "1"']
    assert lines[lines.index("values:") + 1:][:4] == ["  a:", "    c: 3", "    d: 2", "  b: 1"]
    assert render(dict(reversed(list(answers.items())))) == render(answers)


def test_every_first_key_is_a_key_of_the_schema() -> None:
    assert set(FIRST_KEYS) <= set(answers_schema()["properties"])


@pytest.mark.parametrize("text", LOOK_ALIKES + ["a: b", "#x", "x #y", " lead", "trail ", "", "'q'", '"q"', "{a}",
                                                "[1]", "&a", "*a", "!t", "%x", "@x", "`x", "|", ">", "? x", "- x"])
def test_what_is_written_reads_back_as_the_same_value(text: str) -> None:
    answers = {"fluxc": "v1", "name": "a", "gitBranch": text, "values": {"k": text, text or "e": 1}}
    assert parse_single(render(answers), "fluxc.yaml").data == answers


def test_problems_are_builds_own_diagnostics_of_the_written_file_without_positions() -> None:
    answers = {"fluxc": "v1", "name": "Bad_Name", "outputFormat": "kustomize", "gitopsDeployment": "flux",
               "gitRepoUrl": "git@github.com:o/r.git", "gitPath": "apps/x", "gitBranch": "a..b"}
    expected = validate(parse_single(render(answers), "apps/fluxc.yaml"))
    found = problems(answers, "apps/fluxc.yaml")
    assert found == [d._replace(span=None) for d in expected]
    assert {d.code for d in found} == {codes.BAD_FORMAT, codes.SCP_LIKE_URL}
    assert all(d.file == "apps/fluxc.yaml" and d.span is None for d in found)


def test_missing_answers_are_the_codes_that_say_so() -> None:
    found = problems({"fluxc": "v1", "outputFormat": "kustomize", "gitopsDeployment": "flux"}, "f")
    assert {d.code for d in found} == {codes.MISSING_KEY, codes.JOURNEY_KEY_MISSING} <= MISSING
    assert {d.code for d in problems({"fluxc": "v1", "name": "a"}, "f")} == {codes.NO_JOURNEY}
    assert {d.code for d in problems({"fluxc": "v1", "name": "a", "outputFormat": "raw"}, "f")} == \
        {codes.NOTHING_TO_BUILD}
