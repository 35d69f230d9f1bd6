"""Real Helm (v4, through helm-python-sdk: no binary needed): strict lint and template rendering of a chart.

A test dependency: a module that imports this is skipped with a reason outside CI, and fails in CI.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml

try:
    import helm_python as helm
except ImportError:  # a test dependency: skipped with a reason outside CI, a failure in CI
    if os.environ.get("CI"):
        raise
    pytest.skip("helm-python-sdk is not installed (pip install '.[test]')", allow_module_level=True)

RELEASE, NAMESPACE = "release", "release-ns"
_INFO = 1  # lint severities: 1 info, 2 warning, 3 error; --strict fails on warnings too


def helm_lint_problems(chart: Path, namespace: str = NAMESPACE) -> list[str]:
    """What `helm lint --strict --namespace NS` fails on ([] when it passes): errors and warnings."""
    report = helm.lint(chart, strict=True, namespace=namespace)
    found = [f"{m['path']}: {m['error']}" for m in report["messages"] if m["severity"] > _INFO]
    return found + [e for e in report["errors"] if not any(e in f for f in found)]


def helm_template(chart: Path, namespace: str, values: dict[str, Any] | None = None) -> dict[str, list[Any]]:
    """`helm template RELEASE CHART -n NS [-f values]`: the objects of each template, by its chart path."""
    with helm.Chart.load(chart) as loaded:
        rendered: dict[str, str] = loaded.render(values, name=RELEASE, namespace=namespace)
    return {name.split("/", 1)[1]: documents(text) for name, text in rendered.items()}


def documents(text: str) -> list[Any]:
    return [d for d in yaml.safe_load_all(text) if d is not None]


