"""The answers file `fluxc init` builds: typed values read, set by dotted key, written in a reading order, and
checked exactly as `fluxc build` checks a file.

How a typed value is read (a prompt's answer or a `--set key=value`): where the schema says the key holds
text (a name, a URL, a version, an enum), the text is the value, so `chart.version=1.10` is the string
"1.10" (a whole quoted YAML scalar, `"1.10"`, is unquoted first); anywhere else (booleans, numbers, keys
under `values`) it is read as a plain YAML scalar, as the answers file reads it (`prune=false`,
`values.replicaCount=2`). The file written quotes what a YAML 1.1 reader would misread.

The check renders the answers as the file would be written and runs the answers stage of `fluxc build` on
that text (schema and rules), so an answer is judged with the very diagnostics a build prints.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

import yaml

from fluxc.answers.validate_input import validate
from fluxc.checks.schemas import Schema, answers_schema
from fluxc.report import codes
from fluxc.report.diagnostics import CompileError, Diagnostic, JsonPath
from fluxc.yaml.load import parse_single
from fluxc.yaml.render import render_in_order
from fluxc.yaml.scalars import Unrepresentable, character_problem, resolve_plain

Answers = dict[str, Any]
Key = tuple[str, ...]  # a dotted key of --set, split

# Problems that say an answer is missing: a file being answered lacks the later answers by design, so these
# are left to the check of the whole file (or, with --defaults, to the list of missing answers).
MISSING = frozenset((codes.MISSING_KEY, codes.NO_JOURNEY, codes.NOTHING_TO_BUILD, codes.JOURNEY_KEY_MISSING))


# The keys a reader looks for first, in the order of the questions (the application, how it is deployed, where
# from, then the Flux settings); every other key follows in the schema's order.
FIRST_KEYS = ("fluxc", "name", "namespace", "deploymentMethod", "chart", "outputFormat", "gitopsDeployment",
              "manifests", "gitRepoUrl", "gitBranch", "gitRef", "gitPath", "fluxNamespace", "reconcileInterval",
              "outputPath")


def schema_id() -> str:
    return str(answers_schema()["$id"])


def modeline() -> str:
    """The first line of every answers file fluxc writes: editors with yaml-language-server then complete and
    check it against the answers schema."""
    return f"# yaml-language-server: $schema={schema_id()}\n"


def dotted(key: JsonPath) -> str:
    return ".".join(str(part) for part in key)


def parse_assignment(item: str) -> tuple[Key, str]:
    """`chart.version=1.2.3` -> (("chart", "version"), "1.2.3"); ValueError says what is wrong with it."""
    name, equals, text = item.partition("=")
    key = tuple(name.split("."))
    if not equals or not all(key):
        raise ValueError(f"{item!r} is not KEY=VALUE (KEY may be dotted, e.g. chart.version=1.2.3)")
    if "\n" in text or "\r" in text:
        raise ValueError(f"the value of {name} holds a line break; write multi-line values in the file")
    return key, text


def parse_assignments(items: Sequence[str]) -> tuple[tuple[Key, str], ...]:
    """Every `--set` in order (a key given twice: the last wins); ValueError for one that is not KEY=VALUE,
    or a key set both as a value and as a mapping (`chart=x` and `chart.name=y`)."""
    parsed = tuple(parse_assignment(item) for item in items)
    keys = {key for key, _text in parsed}
    for key in keys:
        for end in range(1, len(key)):
            if key[:end] in keys:
                raise ValueError(f"{dotted(key[:end])} is set to a value and {dotted(key)} inside it")
    return parsed


def read_value(key: JsonPath, text: str) -> Any:
    """A typed value as the key's type wants it (see the module docstring); raises Unrepresentable."""
    quoted = _unquoted(text)
    if quoted is not None:
        value: Any = quoted
    elif _takes_text(key):
        value = text
    else:
        value = resolve_plain(text) if text else None
    problem = character_problem(value) if isinstance(value, str) else None
    if problem is not None:
        raise Unrepresentable(problem, "remove the character")
    return value


def with_answer(answers: Mapping[str, Any], key: JsonPath, value: Any) -> Answers:
    """A copy of the answers with `key` set (mappings on the way created); ValueError if a value on the way
    is not a mapping (`--set chart=x --set chart.name=y`)."""
    copy = dict(answers)
    node = copy
    for depth, part in enumerate(key[:-1]):
        child = node.get(str(part), {})
        if not isinstance(child, Mapping):
            raise ValueError(f"{dotted(key)} cannot be set: {dotted(key[:depth + 1])} is not a mapping")
        node[str(part)] = dict(child)
        node = node[str(part)]
    node[str(key[-1])] = value
    return copy


def has(answers: Mapping[str, Any], key: JsonPath) -> bool:
    node: Any = answers
    for part in key:
        if not isinstance(node, Mapping) or part not in node:
            return False
        node = node[part]
    return True


def render(answers: Mapping[str, Any]) -> str:
    """The file as written: the modeline, then the keys in a reading order (FIRST_KEYS, then the schema's;
    unknown keys and free mappings such as `values` sorted), scalars quoted where YAML 1.1 would misread
    them."""
    return modeline() + render_in_order(_ordered(answers, answers_schema(), FIRST_KEYS))


def problems(answers: Mapping[str, Any], display: str) -> list[Diagnostic]:
    """What `fluxc build` says of these answers' file (its answers stage), without positions: the file is
    not written yet, and a line of the rendering would name a line of no file."""
    try:
        document = parse_single(render(answers), display)
        found = validate(document)
    except CompileError as error:  # unreachable for rendered answers; said as a build would say it
        found = list(error.diagnostics)
    except ValueError as error:  # render refuses what no file can hold; read_value refuses it first
        found = [Diagnostic(codes.VALUE_NOT_REPRESENTABLE, str(error), ())]
    return [d._replace(file=display, span=None) for d in found]


def file_problems(answers: Mapping[str, Any], display: str) -> list[Diagnostic]:
    """`problems`, and when there is no error, what a build says next: the Flux objects lowered (where an
    unpinned chart is warned of), emitted and checked. Short of packaging: the manifests are not read, they may
    not exist yet."""
    found = problems(answers, display)
    if any(d.is_error for d in found):
        return found
    from fluxc.targets.registry import target_of  # only once, for the whole file: it imports the Flux model

    document = parse_single(render(answers), display)
    target = target_of(document.data)
    plan, warnings = target.lower(document.data, document.source_map, document.file)
    return found + [d._replace(file=display, span=None) for d in warnings + target.check(target.emit(plan))]


def _unquoted(text: str) -> str | None:
    """The string a whole single- or double-quoted YAML scalar stands for; None for anything else."""
    if len(text) < 2 or text[0] != text[-1] or text[0] not in "'\"":
        return None
    try:
        value = yaml.safe_load(text)  # a quoted scalar reads the same in PyYAML as in fluxc's reader
    except yaml.YAMLError:
        return None  # `"a" "b"`: not one quoted scalar, so plain text
    return value if isinstance(value, str) else None


def _takes_text(key: JsonPath) -> bool:
    node = _schema_at(key)
    if node is None:
        return False
    if node.get("type") == "string" or isinstance(node.get("const"), str):
        return True
    enum = node.get("enum")
    return isinstance(enum, list) and all(isinstance(member, str) for member in enum)


def _schema_at(key: JsonPath) -> Schema | None:
    """The schema of the value at `key`, $refs followed; None where the schema says nothing of it."""
    node: Schema | None = _resolved(answers_schema())
    for part in key:
        if node is None:
            return None
        properties = node.get("properties", {})
        extra = node.get("additionalProperties")
        node = _resolved(properties[part] if part in properties else extra if isinstance(extra, dict) else None)
    return node


def _resolved(node: Any) -> Schema | None:
    if not isinstance(node, dict):
        return None
    reference = node.get("$ref")
    if isinstance(reference, str) and reference.startswith("#/$defs/"):
        return {**_definitions()[reference.removeprefix("#/$defs/")], **node}
    return node


@cache
def _definitions() -> Schema:
    return dict(answers_schema().get("$defs", {}))


def _ordered(value: Any, schema: Schema | None, first: tuple[str, ...] = ()) -> Any:
    """`value` with its mapping keys in order: `first`, the schema's, then the others sorted."""
    if not isinstance(value, Mapping):
        return value
    properties = (schema or {}).get("properties", {})
    known = [k for k in first if k in value]
    known += [k for k in properties if k in value and k not in known]
    rest = sorted(k for k in value if k not in properties)
    extra = (schema or {}).get("additionalProperties")
    return {k: _ordered(value[k], _resolved(properties.get(k, extra))) for k in known + rest}
