"""Stage 2: validate an answers document against schemas/answers.schema.json.

jsonschema finds the problems; this module turns each into a Diagnostic
that points at the line the user wrote, says what was expected, and hints
at the fix (quote a YAML 1.1 boolean, the key they probably meant, ...).
Rules across keys (journeys, URLs, paths) live in `rules.py` and run in the
same stage, so the user sees every input problem at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from fluxc import codes, rules
from fluxc.diagnostics import CompileError, Diagnostic, JsonPath
from fluxc.load import Document, SourceMap
from fluxc.schemas import Schema, answers_schema, strict_validator
from fluxc.urls import redact

if TYPE_CHECKING:
    from jsonschema import Validator
    from jsonschema.exceptions import ValidationError

_TYPE_NAMES = {
    "string": "a string",
    "object": "a mapping",
    "array": "a list",
    "boolean": "a boolean (true or false)",
    "integer": "an integer",
    "number": "a number",
    "null": "nothing",
}

# Keys whose values may be secret-bearing URLs: never echo them unredacted.
_URL_KEYS = frozenset({"repository", "gitRepoUrl"})


def validate(document: Document) -> list[Diagnostic]:
    """All input problems of one answers document (errors and warnings)."""
    data = document.data
    found = [_translate(error, document.source_map) for error in _validator().iter_errors(data)]
    diagnostics = [d.with_file(document.file) for group in found for d in group]
    failed = {d.path for d in diagnostics}
    diagnostics += [d.with_file(document.file) for d in rules.check(data, document.source_map, failed)]
    return diagnostics


def require_valid(document: Document) -> list[Diagnostic]:
    """Raise CompileError if any error was found; return the warnings."""
    diagnostics = validate(document)
    if any(d.is_error for d in diagnostics):
        raise CompileError(diagnostics)
    return diagnostics


@cache
def _validator() -> Validator:
    return strict_validator(answers_schema())


def _translate(error: ValidationError, smap: SourceMap) -> list[Diagnostic]:
    path: JsonPath = tuple(error.absolute_path)
    kind = str(error.validator)
    schema: Schema = error.schema if isinstance(error.schema, dict) else {}
    instance = error.instance
    if kind == "additionalProperties" and isinstance(instance, Mapping):
        return list(_unknown_keys(path, instance, schema, smap))
    if kind == "required":
        return _missing(path, error, smap)
    span = smap.span(path)
    key = _last_key(path)
    if kind == "type":
        expected = schema.get("type")
        return [_wrong_type(path, instance, expected, smap)]
    if kind == "const":
        supported = schema["const"]
        return [Diagnostic(codes.UNSUPPORTED_VERSION, f"unsupported format version {_show(instance)}",
                           path, span=span, hint=f"fluxc supports: {supported}; write `fluxc: {supported}`")]
    if kind == "enum":
        allowed = [str(v) for v in schema["enum"]]
        hint = _did_you_mean(str(instance), allowed, "values") or f"use one of: {', '.join(allowed)}"
        return [Diagnostic(codes.NOT_ALLOWED, f"{_show(instance)} is not one of: {', '.join(allowed)}", path,
                           span=span, hint=hint)]
    if "propertyNames" in error.absolute_schema_path and isinstance(instance, str):
        # A bad mapping key (a label key): jsonschema reports the key itself as the instance.
        where = (*path, instance)
        return [Diagnostic(codes.BAD_FORMAT, f"{instance!r} is not {schema.get('x-fluxc-format', 'a valid key')}",
                           where, span=smap.span(where, key=True))]
    if kind in ("pattern", "minLength", "maxLength"):
        return [_bad_format(path, key, instance, schema, kind, smap)]
    if kind in ("minimum", "maximum"):
        return [Diagnostic(codes.OUT_OF_RANGE, f"{instance} is out of range", path, span=span,
                           hint=f"the {kind} is {schema[kind]}")]
    if kind in ("minProperties", "maxProperties"):
        names = ", ".join(schema.get("properties", {}))
        return [Diagnostic(codes.CONFLICTING_KEYS, f"set exactly one of: {names}", path, span=span)]
    if kind == "uniqueItems":
        return [Diagnostic(codes.DUPLICATE_ENTRY, "the list has duplicate entries", path, span=span,
                           hint="remove the repeated entries")]
    return [Diagnostic(codes.BAD_FORMAT, error.message, path, span=span)]


def _unknown_keys(path: JsonPath, instance: Mapping[str, Any], schema: Schema,
                  smap: SourceMap) -> Iterator[Diagnostic]:
    allowed = list(schema.get("properties", {}))
    for key in sorted(set(instance) - set(allowed)):
        where = (*path, key)
        hint = " or ".join(h for h in (_elsewhere(key, path), _did_you_mean(key, allowed)) if h)
        if not hint:
            hint = f"known keys here: {', '.join(sorted(allowed))}"
        yield Diagnostic(codes.UNKNOWN_KEY, f"unknown key {key!r}", where, span=smap.span(where, key=True), hint=hint)


def _missing(path: JsonPath, error: ValidationError, smap: SourceMap) -> list[Diagnostic]:
    """Every missing key of the mapping (jsonschema raises one error per key; duplicates are dropped later)."""
    instance = error.instance if isinstance(error.instance, Mapping) else {}
    schema: Schema = error.schema if isinstance(error.schema, dict) else {}
    required = error.validator_value if isinstance(error.validator_value, list) else []
    found = []
    for missing in (k for k in required if k not in instance):
        prop = schema.get("properties", {}).get(missing, {})
        example = (prop.get("examples") or [None])[0]
        hint = f"add `{missing}: {example}`" if isinstance(example, str) else f"add `{missing}`"
        if path:
            hint += f" under `{_last_key(path)}`"
        found.append(Diagnostic(codes.MISSING_KEY, f"required key {missing!r} is missing", (*path, missing),
                                span=smap.span(path, key=True) if path else smap.span(path), hint=hint))
    return found


def _wrong_type(path: JsonPath, instance: Any, expected: Any, smap: SourceMap) -> Diagnostic:
    want = " or ".join(_TYPE_NAMES.get(t, t) for t in ([expected] if isinstance(expected, str) else expected))
    got = _type_of(instance)
    located = smap.get(path)
    hint = ""
    typed = located.text if located is not None and not located.quoted else None
    if instance is None:
        hint = "give it a value"
    elif expected == "string" and typed:
        # YAML 1.1 turned what the user typed into another type: show them the quoted form.
        quoted = f'- "{typed}"' if path and isinstance(path[-1], int) else f'{_last_key(path)}: "{typed}"'
        hint = f"YAML reads `{typed}` as {got}; quote it: `{quoted}`"
    elif expected == "array" and typed:
        hint = f"write a list: `{_last_key(path)}: [{typed}]`"
    elif expected in ("boolean", "integer") and isinstance(instance, str):
        hint = f"write it without quotes, e.g. `{_last_key(path)}: {'true' if expected == 'boolean' else 3}`"
    return Diagnostic(codes.WRONG_TYPE, f"expected {want}, got {got}", path, span=smap.span(path), hint=hint)


def _bad_format(path: JsonPath, key: str, instance: Any, schema: Schema, kind: str,
                smap: SourceMap) -> Diagnostic:
    expected = schema.get("x-fluxc-format", "valid")
    shown = redact(str(instance)) if key in _URL_KEYS else _show(instance)
    hint = rules.url_hint(key, instance) if key in _URL_KEYS else ""
    if kind == "maxLength":
        message = f"{shown} is too long (at most {schema['maxLength']} characters)"
    elif kind == "minLength":
        message = "must not be empty"
    else:
        message = f"{shown} is not {expected}"
    code = codes.SCP_LIKE_URL if hint.startswith("write it as ssh://") else codes.BAD_FORMAT
    return Diagnostic(code, message, path, span=smap.span(path), hint=hint)


def _did_you_mean(word: str, choices: list[str], what: str = "keys") -> str:
    import difflib  # only a misspelt key pays for it

    lowered = {c.lower(): c for c in choices}
    if word.lower() in lowered:
        return f"did you mean {lowered[word.lower()]!r}? ({what} are case-sensitive)"
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.75)
    if not close and len(word) >= 3:  # an abbreviation: `repo` for `repository`
        close = sorted(c for c in choices if c.lower().startswith(word.lower()))[:1]
    return f"did you mean {close[0]!r}?" if close else ""


def _elsewhere(key: str, path: JsonPath) -> str:
    """A top-level key that belongs one level down (or back), e.g. `version` instead of `chart.version`."""
    if len(path) > 1 or any(isinstance(p, int) for p in path):
        return ""  # deeper (list items such as valuesFrom[0]) the top-level mappings are no guide
    for parent, child in _nested_keys():
        if child == key and (parent,) != path:
            return f"did you mean `{parent}.{key}`?"
    if path and key in answers_schema()["properties"]:
        return f"did you mean the top-level `{key}`?"
    return ""


@cache
def _nested_keys() -> tuple[tuple[str, str], ...]:
    props = answers_schema()["properties"]
    return tuple((parent, child) for parent, sub in props.items() for child in sub.get("properties", {}))


def _last_key(path: JsonPath) -> str:
    keys = [p for p in path if isinstance(p, str)]
    return keys[-1] if keys else ""


def _type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if value is None:
        return "nothing (null)"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "a string"


def _show(value: Any) -> str:
    """A value as the user would write it in YAML (`true`, `null`, `'text'`), cut to 80 characters."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        text = "null"
    else:
        text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 80 else text[:77] + "..."
