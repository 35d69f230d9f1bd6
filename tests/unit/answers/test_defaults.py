"""fluxc.answers.defaults: the one place for the format's defaults agrees with the answers schema."""

from __future__ import annotations

from typing import Any

from fluxc.answers import defaults
from fluxc.checks.schemas import answers_schema


def _schema_defaults(node: Any, path: str = "") -> dict[str, Any]:
    found: dict[str, Any] = {}
    if isinstance(node, dict):
        for key, child in node.get("properties", {}).items():
            where = f"{path}.{key}" if path else key
            if isinstance(child, dict) and "default" in child:
                found[where] = child["default"]
            found.update(_schema_defaults(child, where))
    return found


def test_every_top_level_schema_default_is_in_defaults_and_agrees() -> None:
    top_level = {k: v for k, v in _schema_defaults(answers_schema()).items() if "." not in k}
    top_level.pop("values")  # `{}`: nothing to default, the HelmRelease simply carries no values
    assert top_level == defaults.SCHEMA_DEFAULTS


def test_create_namespace_follows_namespace_unless_set() -> None:
    assert defaults.create_namespace({"namespace": "shop"}) is True
    assert defaults.create_namespace({}) is False
    assert defaults.create_namespace({"namespace": "shop", "createNamespace": False}) is False
