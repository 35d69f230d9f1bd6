"""Flux post-build substitution: what a value holding `${VAR}` can be checked for before Flux replaces it.

A Flux Kustomization with `spec.postBuild` replaces `${VAR}`, `${VAR:=default}`
and `${VAR:-default}` (also `${VAR=default}`) in every field of every object it
applies, then reads the object again; `$${VAR}` is a literal `${VAR}`. Its
parser (fluxcd/pkg envsubst, a fork of drone/envsubst) also knows `${VAR:?msg}`,
`${VAR:+alt}`, `${#VAR}`, `${VAR:1:2}`, `${VAR^}`, `${VAR,,}`, `${VAR/a/b}`,
`${VAR#a}` and `${VAR%a}`, whose value depends on the variable; after a name,
anything else (`${VAR-default}`, `${my.var}`) fails with "missing closing brace".
The replacement happens on the YAML text of the object, and kustomize keeps each
scalar's quoting, so a plain `replicas: ${N:=3}` becomes
the number 3 while a quoted `"${N:=3}"` stays the string "3".

fluxc cannot know the variables, so for `fluxc validate`:

* a value with a reference and no default is *open*: no type, format, pattern
  or enum can be checked on it yet (`Substituted.open` lists the paths; keys that
  hold a reference too);
* a value whose every reference has a default is checked as Flux will apply it
  when the variables are unset: defaults in place, plain scalars read again as
  YAML (`Substituted.data`);
* a malformed reference (`${APP`, `${}`, `${A-d}`) makes Flux's substitution
  fail, so it is an error (FLX510) at its value.

An object labelled or annotated `kustomize.toolkit.fluxcd.io/substitute: disabled`
is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, JsonPath
from fluxc.yaml.document import SourceMap
from fluxc.yaml.scalars import Unrepresentable, resolve_plain

DISABLE_ANNOTATION = "kustomize.toolkit.fluxcd.io/substitute"
_NAME = re.compile(r"[A-Za-z0-9_]+")
_DEFAULTS = (":=", ":-", "=")  # the operators that give a default
_REFERENCE = re.compile(r"(?<!\$)(?:\$\$)*\$\{")  # a `${` that is not escaped by a `$` before it
_COMPUTED = (":", ",", "^", "/", "#", "%")  # `:?`, `:+`, substrings, casing, replace, remove: open values
_HINT = "write `${VAR}`, `${VAR:=default}` or `${VAR:-default}`; write `$${VAR}` for a literal `${VAR}`"


class Malformed(ValueError):
    """A reference Flux's substitution cannot parse."""


class Substituted(NamedTuple):
    data: Any  # the object with every default in place
    open: frozenset[JsonPath]  # values (and keys) that hold a reference without a default
    problems: list[Diagnostic]  # malformed references
    defaulted: frozenset[JsonPath] = frozenset()  # values checked with the defaults of their variables


def expand(text: str) -> str | None:
    """`text` with every reference replaced by its default and `$$` by `$`; None if a reference has no
    default (its value is open). Malformed if a reference cannot be parsed."""
    out: list[str] = []
    at = 0
    while True:
        found = text.find("$", at)
        if found < 0 or found == len(text) - 1:
            return "".join(out) + text[at:]
        if text.startswith("$$", found):
            out.append(text[at:found + 1])  # `$$` is one literal `$`
            at = found + 2
            continue
        if text[found + 1] != "{":
            out.append(text[at:found + 1])  # `$VAR` without braces is not substituted by Flux
            at = found + 1
            continue
        end = _closing(text, found + 2)
        value = _default(text[found + 2:end])
        if value is None:
            return None
        out.append(text[at:found] + value)
        at = end + 1


def _closing(text: str, start: int) -> int:
    """Where the reference opened before `start` closes: a `${` inside (a default's own reference) nests."""
    depth, index = 1, start
    while index < len(text):
        if text.startswith("${", index):
            depth, index = depth + 1, index + 2
            continue
        if text[index] == "}":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    raise Malformed(f"`{_cut(text[start - 2:])}` has no closing `}}`")


def _default(inner: str) -> str | None:
    if inner.startswith("#") and _NAME.fullmatch(inner[1:]):
        return None  # `${#VAR}`: the length of the variable
    name = _NAME.match(inner)
    if name is None:
        raise Malformed(f"`${{{_cut(inner)}}}` names no variable")
    rest = inner[name.end():]
    if not rest:
        return None
    for operator in _DEFAULTS:
        if rest.startswith(operator):
            return expand(rest[len(operator):])
    if rest.startswith(_COMPUTED):
        return None  # computed from the variable
    raise Malformed(f"`${{{_cut(inner)}}}`: after the variable's name Flux expects `}}`, `:=`, `:-` or `=`")


def _cut(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def substitute(data: Any, smap: SourceMap, file: str) -> Substituted:
    """The object as Flux applies it with no variables set (see the module docstring)."""
    if not isinstance(data, Mapping) or not smap.mentions("${") or _disabled(data):
        return Substituted(data, frozenset(), [])
    open_paths: set[JsonPath] = set()
    defaulted: set[JsonPath] = set()
    problems: list[Diagnostic] = []

    def walk(value: Any, path: JsonPath) -> Any:
        if isinstance(value, str):
            return _scalar(value, path) if "${" in value else value
        if isinstance(value, list):
            return [walk(item, (*path, index)) for index, item in enumerate(value)]
        if isinstance(value, Mapping):
            for key in value:
                if "${" in key:
                    open_paths.add((*path, key))
            return {key: walk(item, (*path, key)) for key, item in value.items()}
        return value

    def _scalar(value: str, path: JsonPath) -> Any:
        try:
            expanded = expand(value)
        except Malformed as error:
            problems.append(Diagnostic(codes.BAD_VARIABLE, f"a malformed post-build variable: {error}; Flux "
                                       "cannot substitute this object", path, file, smap.span(path), _HINT))
            open_paths.add(path)
            return value
        if expanded is None:
            open_paths.add(path)
            return value
        if _REFERENCE.search(value):
            defaulted.add(path)  # every reference has a default (an escaped `$${X}` is none)
        located = smap.get(path)
        if located is not None and located.quoted:
            return expanded  # kustomize keeps the quotes: still a string
        try:
            return resolve_plain(expanded)
        except Unrepresentable:
            return expanded

    return Substituted(walk(data, ()), frozenset(open_paths), problems, frozenset(defaulted))


def _disabled(data: Mapping[str, Any]) -> bool:
    """Labelled or annotated `kustomize.toolkit.fluxcd.io/substitute: disabled` (Flux reads both)."""
    metadata = data.get("metadata")
    if not isinstance(metadata, Mapping):
        return False
    return any(isinstance(marks, Mapping) and marks.get(DISABLE_ANNOTATION) == "disabled"
               for marks in (metadata.get("labels"), metadata.get("annotations")))


def said_defaulted(diagnostics: list[Diagnostic], defaulted: frozenset[JsonPath]) -> list[Diagnostic]:
    """The diagnostics, those about a value checked with its variables' defaults saying so."""
    return [d._replace(message=f"with its post-build variables at their defaults: {d.message}")
            if d.path in defaulted else d for d in diagnostics]


def outside(diagnostics: list[Diagnostic], open_paths: frozenset[JsonPath]) -> list[Diagnostic]:
    """The diagnostics that are not about an open value (or something inside it)."""
    if not open_paths:
        return diagnostics
    return [d for d in diagnostics if not any(d.path[:end] in open_paths for end in range(len(d.path) + 1))]
