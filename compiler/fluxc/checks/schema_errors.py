"""jsonschema errors -> Diagnostics that point at the user's line and say how to fix it.

Shared by the answers file (`fluxc.answers.validate_input`) and Flux resources
(`fluxc.targets.flux.resources`): one wording for an unknown key, a wrong type (with the
quoted form when YAML 1.1 turned `no` or `1.10` into something else), a
missing key, a value outside an enum, a pattern mismatch, or a CEL rule of the
Flux API (its upstream message, from the `x-fluxc-rule` annotations).

No diagnostic shows a secret: a value under `data`, `stringData` or `binaryData`
(a Secret's, or any object's) is named, never shown, and every string shown
goes through `redact`, so a URL's user-info never appears.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from fluxc.checks.schemas import Schema
from fluxc.checks.urls import redact, url_hint
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, JsonPath, describe
from fluxc.yaml.document import SourceMap

if TYPE_CHECKING:
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
_URL_KEYS = frozenset({"repository", "gitRepoUrl", "url"})
# Keys whose values are never shown, at any depth: a Secret's payload (and a ConfigMap's, which may hold one).
SECRET_KEYS = frozenset({"data", "stringData", "binaryData"})
# What upstream's patterns mean, for schemas (the Flux kinds') that carry no `x-fluxc-format`.
_KNOWN_PATTERNS = {
    "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$": "a Go duration such as 30s, 5m, 1h or 1h30m (units ms, s, m, h)",
    "^([0-9]+(\\.[0-9]+)?(ms|s|m))+$": "a Go duration in ms, s or m (no hours: write 60m, not 1h)",
    "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$": "a DNS-1123 label (lower-case letters, digits and '-', starting and "
                                       "ending with a letter or digit)",
    "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$":
        "a DNS-1123 subdomain (lower-case letters, digits, '-' and '.')",
    "^oci://.*$": "an oci:// URL",
    "^(http|https|ssh)://.*$": "an https://, http:// or ssh:// URL",
    "^(http|https|oci)://.*$": "an https://, http:// or oci:// URL",
}
CEL_HINT = "a validation rule (x-kubernetes-validations) of the Flux API"
_MAX_LISTED_KEYS = 12  # in a Flux object's spec (40 fields) "known keys here" is noise, not help


def translate(error: ValidationError, smap: SourceMap, root: Schema | None = None) -> list[Diagnostic]:
    """Diagnostics for one jsonschema error; `root`, the answers schema, enables "did you mean chart.x"."""
    path: JsonPath = tuple(error.absolute_path)
    kind = str(error.validator)
    schema: Schema = error.schema if isinstance(error.schema, dict) else {}
    instance = error.instance
    if kind == "additionalProperties" and isinstance(instance, Mapping):
        return list(_unknown_keys(path, instance, schema, smap, root))
    rule = _rule_message(schema)
    if rule:  # a CEL rule of the Flux API, hand-coded as JSON Schema: report upstream's message
        return [Diagnostic(codes.CEL_RULE_FAILED, rule, path, span=smap.span(path, key=True), hint=CEL_HINT)]
    if kind == "required":
        return _missing(path, error, smap)
    span = smap.span(path)
    key = _last_key(path)
    hidden = is_secret_path(path)
    shown = _value(instance, hidden)
    if kind == "type":
        diagnostic = _wrong_type(path, instance, schema.get("type"), smap, hidden)
        duration = "duration" in str(schema.get("x-fluxc-format", "")) + _KNOWN_PATTERNS.get(_go_pattern(schema), "")
        if duration and instance is not None:
            # quoting `5` gives "5", still no duration: the fix is a unit
            diagnostic = diagnostic._replace(hint=f"write it with a unit, e.g. `{key}: 5m`")
        return [diagnostic]
    if kind == "const" and path == ("fluxc",):
        supported = schema["const"]
        return [Diagnostic(codes.UNSUPPORTED_VERSION, f"unsupported format version {_show(instance)}",
                           path, span=span, hint=f"fluxc supports: {supported}; write `fluxc: {supported}`")]
    if kind == "const":
        return [Diagnostic(codes.NOT_ALLOWED, f"{shown} must be {_show(schema['const'])}", path,
                           span=span, hint=f"write `{key}: {schema['const']}`")]
    if kind == "enum":
        allowed = [str(v) for v in schema["enum"] if v is not None]  # None: a nullable optional field
        hint = _did_you_mean(str(instance), allowed, "values")
        located = smap.get(path)
        if not hidden and not isinstance(instance, str) and located is not None and not located.quoted:
            # YAML 1.1 made a word another type (`mode: on` is true): say so, with the quoted form if it is allowed
            typed = located.text
            quoted = f"; quote it: `{_last_key(path)}: \"{typed}\"`" if typed in allowed else ""
            hint = f"YAML reads `{typed}` as {describe(instance)}{quoted}"
        return [Diagnostic(codes.NOT_ALLOWED, f"{shown} is not one of: {', '.join(allowed)}", path,
                           span=span, hint=hint)]
    if "propertyNames" in error.absolute_schema_path and isinstance(instance, str):
        # A bad mapping key (a label key): jsonschema reports the key itself as the instance.
        where = (*path, instance)
        return [Diagnostic(codes.BAD_FORMAT, f"{instance!r} is not {schema.get('x-fluxc-format', 'a valid key')}",
                           where, span=smap.span(where, key=True))]
    if kind in ("pattern", "minLength", "maxLength"):
        return [_bad_format(path, key, instance, schema, kind, smap, hidden)]
    if kind in ("minimum", "maximum"):
        return [Diagnostic(codes.OUT_OF_RANGE, f"{shown} is out of range", path, span=span,
                           hint=f"the {kind} is {schema[kind]}")]
    if kind in ("minProperties", "maxProperties"):
        names = ", ".join(schema.get("properties", {}))
        # a group of alternatives (gitRef) has both bounds at 1; a group that must not be empty (crds) only one
        low, high = schema.get("minProperties", 0), schema.get("maxProperties")
        count = "exactly one" if low == high == 1 else "at least one" if kind == "minProperties" else f"at most {high}"
        return [Diagnostic(codes.CONFLICTING_KEYS, f"set {count} of: {names}", path, span=span)]
    if kind == "uniqueItems":
        return [Diagnostic(codes.DUPLICATE_ENTRY, "the list has duplicate entries", path, span=span,
                           hint="remove the repeated entries")]
    return [Diagnostic(codes.BAD_FORMAT, _safe_message(error, hidden), path, span=span)]


def is_secret_path(path: JsonPath) -> bool:
    """The path runs through a Secret's payload (`data`, `stringData`, `binaryData`): its values are never shown."""
    return any(isinstance(part, str) and part in SECRET_KEYS for part in path)


def _value(instance: Any, hidden: bool) -> str:
    """The instance as a message shows it: its value, or only what it is when it may be a secret."""
    return "the value" if hidden else _show(instance)


def _safe_message(error: ValidationError, hidden: bool) -> str:
    """jsonschema's own message, which quotes the instance: a secret, a mapping or a list (which may hold
    a secret) is named instead, and a string is redacted."""
    instance, message = error.instance, error.message
    quoted = repr(instance)
    if hidden or isinstance(instance, (Mapping, list)):
        if quoted in message:
            return message.replace(quoted, "the value" if hidden else describe(instance))
        return f"{'the value' if hidden else describe(instance)} does not satisfy the schema (`{error.validator}`)"
    return message.replace(quoted, _show(instance)) if isinstance(instance, str) else message


def _unknown_keys(path: JsonPath, instance: Mapping[str, Any], schema: Schema, smap: SourceMap,
                  root: Schema | None) -> Iterator[Diagnostic]:
    allowed = list(schema.get("properties", {}))
    for key in sorted(set(instance) - set(allowed)):
        where = (*path, key)
        elsewhere = _elsewhere(key, path, root) if root is not None else ""
        hint = " or ".join(h for h in (elsewhere, _did_you_mean(key, allowed)) if h)
        if not hint and (root is not None or len(allowed) <= _MAX_LISTED_KEYS):
            hint = f"known keys here: {', '.join(sorted(allowed))}"
        elif not hint:
            hint = "this object takes no such field"
        yield Diagnostic(codes.UNKNOWN_KEY, f"unknown key {key!r}", where, span=smap.span(where, key=True), hint=hint)


def _missing(path: JsonPath, error: ValidationError, smap: SourceMap) -> list[Diagnostic]:
    """Every missing key of the mapping (jsonschema raises one error per key; duplicates are dropped later)."""
    instance = error.instance if isinstance(error.instance, Mapping) else {}
    schema: Schema = error.schema if isinstance(error.schema, dict) else {}
    required = error.validator_value if isinstance(error.validator_value, list) else []
    found = []
    for missing in (k for k in required if k not in instance):
        prop = schema.get("properties", {}).get(missing, {})
        if isinstance(prop, dict) and "default" in prop:
            continue  # the API server puts the default in before it validates (`verify.provider: cosign`)
        example = (prop.get("examples") or [None])[0]
        hint = f"add `{missing}: {example}`" if isinstance(example, str) else f"add `{missing}`"
        if path:
            hint += f" under `{_last_key(path)}`"
        found.append(Diagnostic(codes.MISSING_KEY, f"required key {missing!r} is missing", (*path, missing),
                                span=smap.span(path, key=True) if path else smap.span(path), hint=hint))
    return found


def _wrong_type(path: JsonPath, instance: Any, expected: Any, smap: SourceMap, hidden: bool) -> Diagnostic:
    # Converted CRDs let optional fields be null (the API server drops them); that is no advice to give.
    types = [t for t in ([expected] if isinstance(expected, str) else expected) if t != "null"] or ["null"]
    expected = types[0] if len(types) == 1 else types
    want = " or ".join(_TYPE_NAMES.get(t, t) for t in types)
    got = describe(instance)
    located = smap.get(path)
    hint = ""
    typed = located.text if located is not None and not located.quoted else None
    if instance is None:
        hint = "give it a value"
    elif hidden:  # a secret: say what YAML made of it, never what was typed
        if expected == "string" and typed:
            hint = f"YAML reads the value as {got}; quote it so it stays a string"
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
                smap: SourceMap, hidden: bool) -> Diagnostic:
    pattern = _go_pattern(schema)
    expected = schema.get("x-fluxc-format") or _KNOWN_PATTERNS.get(pattern) or f"a match for `{pattern}`"
    shown = _value(instance, True) if hidden else redact(str(instance)) if key in _URL_KEYS else _show(instance)
    # a Git URL (answers' gitRepoUrl, a GitRepository's url) gets the ssh:// advice, a chart repository the other
    url_kind = "gitRepoUrl" if "ssh" in pattern else "artifact" if pattern.startswith("^oci://") else "repository"
    hint = url_hint(url_kind, instance) if key in _URL_KEYS else ""
    if kind == "maxLength":
        message = f"{shown} is too long (at most {schema['maxLength']} characters)"
    elif kind == "minLength":
        message = "must not be empty"
    else:
        message = f"{shown} is not {expected}"
    code = codes.SCP_LIKE_URL if hint.startswith("write it as ssh://") else codes.BAD_FORMAT
    return Diagnostic(code, message, path, span=smap.span(path), hint=hint)


def _go_pattern(schema: Schema) -> str:
    """The schema's pattern as Go writes it: converted CRDs carry it rewritten for Python (`\\Z`, `(?a)`)."""
    return str(schema.get("pattern", "")).removeprefix("(?a)").replace("\\Z", "$")


def _did_you_mean(word: str, choices: list[str], what: str = "keys") -> str:
    import difflib  # only a misspelt key pays for it

    lowered = {c.lower(): c for c in choices}
    if word.lower() in lowered:
        return f"did you mean {lowered[word.lower()]!r}? ({what} are case-sensitive)"
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.75)
    if not close and len(word) >= 3:  # an abbreviation: `repo` for `repository`
        close = sorted(c for c in choices if c.lower().startswith(word.lower()))[:1]
    return f"did you mean {close[0]!r}?" if close else ""


def _elsewhere(key: str, path: JsonPath, root: Schema) -> str:
    """A top-level key that belongs one level down (or back), e.g. `version` instead of `chart.version`."""
    if len(path) > 1 or any(isinstance(p, int) for p in path):
        return ""  # deeper (list items such as valuesFrom[0]) the top-level mappings are no guide
    props = root.get("properties", {})
    for parent, sub in props.items():
        if key in sub.get("properties", {}) and (parent,) != path:
            return f"did you mean `{parent}.{key}`?"
    if path and key in props:
        return f"did you mean the top-level `{key}`?"
    return ""


def _rule_message(schema: Schema) -> str:
    """The upstream message of a hand-coded CEL rule (bundled schemas and `fluxc.crds.load` annotate them)."""
    rule = schema.get("x-fluxc-rule")
    if isinstance(rule, dict) and isinstance(rule.get("message"), str):
        return str(rule["message"])
    message = schema.get("x-fluxc-rule-message")
    return message if isinstance(message, str) else ""


def _last_key(path: JsonPath) -> str:
    keys = [p for p in path if isinstance(p, str)]
    return keys[-1] if keys else ""


def _show(value: Any) -> str:
    """A value as the user would write it in YAML (`true`, `null`, `'text'`), cut to 80 characters;
    a string redacted, as it may be a URL with user-info; a mapping or list only named (it may hold a secret)."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        text = "null"
    elif isinstance(value, (Mapping, list)):
        text = describe(value)
    else:
        text = repr(redact(value)) if isinstance(value, str) else str(value)
    return text if len(text) <= 80 else text[:77] + "..."
