"""fluxc.yaml.scalars: plain scalars read as Go's yaml.v2 reads them."""

from __future__ import annotations

from typing import Any

import pytest

from fluxc.yaml.scalars import resolve_plain


@pytest.mark.parametrize(("text", "expected"), [
    ("no", False), ("Y", True), ("on", True), ("~", None), ("", None), ("010", 8), ("0x1f", 31),
    ("1_000", 1000), ("1.10", 1.1), (".inf", float("inf")), ("2024-01-01", "2024-01-01"), ("1:30", "1:30"),
    ("1e3", "1e3"), ("podinfo", "podinfo"),
], ids=lambda v: repr(v))
def test_resolve_plain_reads_scalars_as_go_yaml_v2(text: str, expected: Any) -> None:
    value = resolve_plain(text)
    assert value == expected and type(value) is type(expected)
