"""The one way a cross-key rule reports: a diagnostic at a key of the answers file."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterator, Mapping
from typing import Any, Literal, TypeVar

from fluxc.answers import defaults
from fluxc.checks.durations import DURATION_PATTERN, canonical_duration, parse_duration
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, JsonPath, Severity
from fluxc.yaml.document import SourceMap


def at(code: str, message: str, path: JsonPath, smap: SourceMap, hint: str = "", *, key: bool = False,
       severity: Severity = "error", near: JsonPath | None = None) -> Diagnostic:
    """A diagnostic at `path`, or at `near` for a key that is missing (it has no line of its own)."""
    span = smap.span(near if near is not None else path, key=key)
    return Diagnostic(code, message, path, span=span, hint=hint, severity=severity)


def deployer(data: Mapping[str, Any]) -> Literal["HelmRelease", "Kustomization"] | None:
    """The Flux object that deploys the application, as its journey chooses it; None when the file emits no
    Flux objects (`gitopsDeployment: none`, a method fluxc does not compile, no or two journeys: the journey
    rules report those). A family's rules run only where its keys take effect."""
    method, fmt = data.get("deploymentMethod"), data.get("outputFormat")
    if (method is None) == (fmt is None):
        return None
    if method is not None:
        return "HelmRelease" if method == "flux" else None
    if data.get("gitopsDeployment", defaults.GITOPS_DEPLOYMENT) != "flux":
        return None
    return "HelmRelease" if fmt == "helm" else "Kustomization" if fmt in ("kustomize", "raw") else None


Identity = TypeVar("Identity", bound=Hashable)


def repeats(entries: Any, identity: Callable[[Any], Identity | None]) -> Iterator[tuple[int, int, Identity]]:
    """(index, index of the first entry with the same identity, the identity) for each entry of a list that
    repeats an earlier one; an entry whose identity is None (malformed: the schema's to report) is skipped."""
    first: dict[Identity, int] = {}
    for index, entry in enumerate(entries if isinstance(entries, list) else ()):
        key = identity(entry)
        if key is not None:
            if key in first:
                yield index, first[key], key
            else:
                first[key] = index


def control_characters(value: str) -> list[str]:
    """The control characters of a path, as escapes (`\\n`): a newline would split the YAML Flux reads."""
    return sorted({repr(c)[1:-1] for c in value if ord(c) < 32 or ord(c) == 127})


def is_absolute(path: str) -> bool:
    """An absolute path on any system a user may write it on (`/x`, `~/x`, `C:\\x`)."""
    return path.startswith(("/", "\\", "~")) or re.match(r"[A-Za-z]:[\\/]", path) is not None


def checked_duration(value: Any, path: JsonPath, smap: SourceMap, example: str) -> int | Diagnostic | None:
    """A duration key's nanoseconds; its problem (beyond Go's range, or zero: Flux needs a positive one); or
    None for a value the schema reports (not a string, or not a duration at all)."""
    if not isinstance(value, str) or not re.match(DURATION_PATTERN, value):
        return None
    try:
        canonical_duration(value)
        nanoseconds = parse_duration(value)
    except ValueError as error:
        return at(codes.BAD_FORMAT, f"{value!r} is not a usable duration: {error}", path, smap)
    if nanoseconds == 0:
        return at(codes.OUT_OF_RANGE, f"`{'.'.join(map(str, path))}` must be longer than 0s", path, smap, example)
    return nanoseconds
