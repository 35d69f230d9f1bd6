"""fluxc.checks.k8s_names: apimachinery's name formats."""

from __future__ import annotations

import re

import pytest

from fluxc.checks.k8s_names import DNS1123_LABEL, DNS1123_SUBDOMAIN, LABEL_VALUE, QUALIFIED_NAME, is_dns1123_label


@pytest.mark.parametrize(("text", "valid"), [
    ("a", True), ("0", True), ("podinfo", True), ("my-app-2", True), ("a" * 63, True),
    ("", False), ("a" * 64, False), ("-a", False), ("a-", False), ("A", False), ("a_b", False), ("a.b", False),
    ("é", False), (" a", False),
], ids=lambda v: repr(v) if isinstance(v, str) and len(v) < 10 else None)
def test_is_dns1123_label(text: str, valid: bool) -> None:
    assert is_dns1123_label(text) is valid


def test_is_dns1123_label_refuses_a_trailing_newline() -> None:
    assert is_dns1123_label("podinfo\n") is False


@pytest.mark.parametrize(("pattern", "good", "bad"), [
    (DNS1123_SUBDOMAIN, "charts.example.com", "Charts.example.com"),
    (QUALIFIED_NAME, "app.kubernetes.io", "-app"),
    (LABEL_VALUE, "", "a" * 3 + "-"),
    (DNS1123_LABEL, "flux-system", "flux.system"),
], ids=["subdomain", "qualified-name", "label-value", "label"])
def test_formats_are_apimachinerys(pattern: str, good: str, bad: str) -> None:
    assert re.fullmatch(pattern, good) and not re.fullmatch(pattern, bad)
