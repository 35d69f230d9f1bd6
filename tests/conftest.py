"""Shared test set-up: the golden-file regeneration flag and where ../shared lives."""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
SHARED = REPO.parent / "shared"

# Journey 1 as the specification's example has it, without values: the answers many tests start from.
NGINX_CHART = """\
fluxc: v1
name: nginx-ingress
namespace: ingress-nginx
deploymentMethod: flux
chart:
  repository: https://kubernetes.github.io/ingress-nginx
  name: ingress-nginx
  version: "4.8.3"
"""


# A hand-written GitRepository, valid: the Flux object many validate tests start from.
GIT_REPOSITORY = """\
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: podinfo
  namespace: flux-system
spec:
  interval: 1m
  url: https://github.com/stefanprodan/podinfo
"""


def flux_golden_files() -> list[Path]:
    """The Flux objects among the golden outputs (packages also hold charts, templates and plain objects)."""
    flux = re.compile(r"^apiVersion: [a-z.]+\.toolkit\.fluxcd\.io/", re.M)
    return sorted(p for p in (FIXTURES / "valid").glob("*/expected/**/*.yaml") if flux.search(p.read_text()))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the expected files under fixtures/ from what fluxc produces now")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def shared_dir(name: str) -> Path:
    """A folder of ../shared; skip when it is absent outside CI, fail when absent in CI."""
    folder = SHARED / name
    if not folder.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{folder} is missing, and CI must have ../shared")
        pytest.skip(f"{folder} is absent (the reference material in ../shared is not checked out here)")
    return folder


@cache
def _official_crds() -> Any:
    from fluxc.crds import load_crds

    return load_crds([shared_dir("flux-crds")])


def official_crd_errors(document: dict[str, Any]) -> list[str]:
    """Problems the official Flux CRDs (made strict by fluxc.crds) find in a document; [] if valid.

    A failed CEL rule is reported with the CRD's own message.
    """
    from fluxc.schemas import strict_validator

    schema = _official_crds().schemas[(document["apiVersion"], document["kind"])]
    found = []
    for error in strict_validator(schema).iter_errors(document):
        rule = error.schema.get("x-fluxc-rule-message", "") if isinstance(error.schema, dict) else ""
        found.append(f"{list(error.absolute_path)}: {rule or error.message}")
    return found
