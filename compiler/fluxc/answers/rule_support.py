"""The one way a cross-key rule reports: a diagnostic at a key of the answers file."""

from __future__ import annotations

from fluxc.report.diagnostics import Diagnostic, JsonPath, Severity
from fluxc.yaml.document import SourceMap


def at(code: str, message: str, path: JsonPath, smap: SourceMap, hint: str = "", *, key: bool = False,
       severity: Severity = "error", near: JsonPath | None = None) -> Diagnostic:
    """A diagnostic at `path`, or at `near` for a key that is missing (it has no line of its own)."""
    span = smap.span(near if near is not None else path, key=key)
    return Diagnostic(code, message, path, span=span, hint=hint, severity=severity)
