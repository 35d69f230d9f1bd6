"""Cross-key rules of the HelmRelease (drift detection, tests, remediation, CRDs, post-renderers)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from fluxc.report.diagnostics import Diagnostic
from fluxc.yaml.document import SourceMap


def check(data: Mapping[str, Any], smap: SourceMap) -> Iterator[Diagnostic]:
    """Every problem these keys have with each other or with the rest of the answers file."""
    yield from ()
