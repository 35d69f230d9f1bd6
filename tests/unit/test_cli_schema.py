"""`fluxc schema` (and the flags of `fluxc init`) on the command line: streams, files and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from fluxc.checks.schemas import ANSWERS_SCHEMA, schema_dir
from helpers.terminal import run_cli

SCHEMA = (schema_dir() / ANSWERS_SCHEMA).read_bytes()


@pytest.fixture(autouse=True)
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_schema_prints_the_bundled_schema_byte_for_byte() -> None:
    ran = run_cli(["schema"])
    assert (ran.code, ran.stderr) == (0, "") and ran.stdout.encode() == SCHEMA


def test_schema_through_a_real_pipe_is_byte_for_byte_too() -> None:
    done = subprocess.run([sys.executable, "-m", "fluxc", "schema"], capture_output=True, check=False)
    assert (done.returncode, done.stderr, done.stdout) == (0, b"", SCHEMA)
    assert json.loads(done.stdout)["$id"] == "https://fluxc.dev/schemas/answers-v1.schema.json"


def test_schema_output_writes_a_copy_then_leaves_it_alone() -> None:
    ran = run_cli(["schema", "-o", ".fluxc/answers.schema.json"])
    assert (ran.code, ran.stdout) == (0, "")
    assert ran.stderr == "fluxc: wrote the answers schema to .fluxc/answers.schema.json\n"
    assert Path(".fluxc/answers.schema.json").read_bytes() == SCHEMA
    again = run_cli(["schema", "-o", ".fluxc/answers.schema.json"])
    assert (again.code, again.stderr) == (0, "fluxc: .fluxc/answers.schema.json is up to date\n")


def test_schema_output_refuses_another_file_unless_forced() -> None:
    Path("notes.json").write_text('{"mine": true}\n')
    ran = run_cli(["schema", "-o", "notes.json"])
    assert ran.code == 1 and ran.stderr == (
        "notes.json: error FLX404: $: the file is not a copy of fluxc's answers schema; it is not replaced (choose "
        "another path, or pass --force to replace it)\n")
    assert Path("notes.json").read_text() == '{"mine": true}\n'
    assert run_cli(["schema", "-o", "notes.json", "--force"]).code == 0
    assert Path("notes.json").read_bytes() == SCHEMA


def test_schema_output_to_a_folder_is_a_usage_error() -> None:
    Path("folder").mkdir()
    ran = run_cli(["schema", "-o", "folder"])
    assert ran.code == 2 and "is a directory" in ran.stderr


def test_help_names_every_flag() -> None:
    schema = run_cli(["schema", "--help"]).stdout
    assert all(flag in schema for flag in ("-o, --output FILE", "--force"))
    init = run_cli(["init", "--help"]).stdout
    assert all(flag in init for flag in ("-o, --output PATH", "--set KEY=VALUE", "--defaults", "--force"))
    assert "schema" in run_cli(["--help"]).stdout and "init" in run_cli(["--help"]).stdout


# The keywords of JSON Schema draft-07, the newest draft yaml-language-server validates with (it reads any $ref
# by JSON pointer, so `#/$defs/...` resolves too): a keyword only 2019-09/2020-12 know would be ignored there.
DRAFT_07 = frozenset((
    "$schema", "$id", "$ref", "$comment", "title", "description", "default", "readOnly", "writeOnly", "examples",
    "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern",
    "additionalItems", "items", "maxItems", "minItems", "uniqueItems", "contains", "maxProperties", "minProperties",
    "required", "additionalProperties", "definitions", "properties", "patternProperties", "dependencies",
    "propertyNames", "const", "enum", "type", "format", "contentMediaType", "contentEncoding", "if", "then", "else",
    "allOf", "anyOf", "oneOf", "not"))
_SUBSCHEMA = ("items", "additionalProperties", "propertyNames", "not", "if", "then", "else", "contains")
_SUBSCHEMAS = ("properties", "patternProperties", "$defs", "definitions")


def _keywords(node: object) -> set[str]:
    if not isinstance(node, dict):
        return set()
    found = {key for key in node if not key.startswith("x-")}
    for key in _SUBSCHEMA:
        found |= _keywords(node.get(key))
    for key in _SUBSCHEMAS:
        for child in (node.get(key) or {}).values():
            found |= _keywords(child)
    for key in ("allOf", "anyOf", "oneOf"):
        for child in node.get(key) or []:
            found |= _keywords(child)
    return found


def test_editors_on_draft_07_read_the_schema_as_fluxc_does() -> None:
    schema = json.loads(SCHEMA)
    assert _keywords(schema) - {"$defs"} <= DRAFT_07
    assert all(not isinstance(node.get("items"), list) for node in _nodes(schema))  # tuple `items` changed meaning
    references = [str(node["$ref"]) for node in _nodes(schema) if "$ref" in node]
    assert references and all(ref.removeprefix("#/$defs/") in schema["$defs"] for ref in references)
    assert all(ref.startswith("#/$defs/") for ref in references)


def _nodes(node: object) -> list[dict[str, object]]:
    if isinstance(node, dict):
        return [node, *[n for value in node.values() for n in _nodes(value)]]
    return [n for value in node for n in _nodes(value)] if isinstance(node, list) else []
