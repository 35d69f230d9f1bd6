"""Check every emitted object against our schema for its Flux kind.

A failure here is a fluxc bug (the input was valid), so its diagnostics are
internal errors (exit 3). The schemas carry the CRDs' CEL rules that fluxc's
objects can break (e.g. exactly one of chart/chartRef) as JSON Schema.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

from fluxc.checks.schemas import fast_then_strict
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic
from fluxc.targets.flux.kinds import flux_schema
from fluxc.targets.types import Manifest

if TYPE_CHECKING:
    from fluxc.checks.fast_schema import FastThenStrict


def validate(manifests: Iterable[Manifest]) -> list[Diagnostic]:
    """One internal-error diagnostic per schema violation, `file` = the output file name."""
    found = []
    for manifest in manifests:
        for error in _validator(*manifest.gvk).iter_errors(manifest.obj):
            found.append(Diagnostic(codes.OUTPUT_INVALID, f"emitted {manifest.gvk[1]} is invalid: {error.message}",
                                    tuple(error.absolute_path), manifest.filename,
                                    hint="this is a fluxc bug; please report it with the answers file"))
    return found


@cache
def _validator(api_version: str, kind: str) -> FastThenStrict:
    return fast_then_strict(flux_schema(api_version, kind))
