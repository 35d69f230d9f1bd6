"""Validate an answers document against schemas/answers.schema.json.

jsonschema finds the problems; `schema_errors` turns each into a Diagnostic
that points at the line the user wrote, says what was expected, and hints
at the fix (quote a YAML 1.1 boolean, the key they probably meant, ...).
Rules across keys (journeys, URLs, paths) live in `rules` and run in the
same stage, so the user sees every input problem at once.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from fluxc.answers import rules
from fluxc.checks.schemas import answers_schema, fast_then_strict
from fluxc.report.diagnostics import CompileError, Diagnostic
from fluxc.yaml.document import Document

if TYPE_CHECKING:
    from fluxc.checks.fast_schema import FastThenStrict


def validate(document: Document) -> list[Diagnostic]:
    """All input problems of one answers document (errors and warnings)."""
    data = document.data
    diagnostics: list[Diagnostic] = []
    errors = list(_validator().iter_errors(data))
    if errors:  # error translation is imported only when there is an error to translate: start-up counts
        from fluxc.checks.schema_errors import translate

        found = [translate(error, document.source_map, answers_schema()) for error in errors]
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
def _validator() -> FastThenStrict:
    return fast_then_strict(answers_schema())
