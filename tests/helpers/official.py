"""The official Flux CRDs in ../shared/flux-crds, made strict by fluxc.crds, as a test oracle."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from helpers.paths import FIXTURES, shared_dir


def flux_golden_files() -> list[Path]:
    """The Flux objects among the golden outputs (packages also hold charts, templates and plain objects)."""
    flux = re.compile(r"^apiVersion: [a-z.]+\.toolkit\.fluxcd\.io/", re.M)
    return sorted(p for p in (FIXTURES / "valid").glob("*/expected/**/*.yaml") if flux.search(p.read_text()))


@cache
def _official_crds() -> Any:
    from fluxc.crds.load import load_crds

    return load_crds([shared_dir("flux-crds")])


def official_crd_errors(document: dict[str, Any]) -> list[str]:
    """Problems the official Flux CRDs (made strict by fluxc.crds.load) find in a document; [] if valid.

    A failed CEL rule is reported with the CRD's own message.
    """
    from fluxc.checks.schemas import strict_validator

    schema = _official_crds().schemas[(document["apiVersion"], document["kind"])]
    found = []
    for error in strict_validator(schema).iter_errors(document):
        rule = error.schema.get("x-fluxc-rule-message", "") if isinstance(error.schema, dict) else ""
        found.append(f"{list(error.absolute_path)}: {rule or error.message}")
    return found
