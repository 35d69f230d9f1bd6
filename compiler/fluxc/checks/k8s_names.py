"""The name formats of k8s.io/apimachinery (pkg/util/validation), written once.

The strings are Go regular expressions exactly as apimachinery writes them (its
messages quote them); use them with `fullmatch`, or through
`goregex.go_regex_to_python` when they go into a JSON Schema `pattern`.
"""

from __future__ import annotations

import re

DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
DNS1123_SUBDOMAIN = rf"{DNS1123_LABEL}(\.{DNS1123_LABEL})*"
QUALIFIED_NAME = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
LABEL_VALUE = f"({QUALIFIED_NAME})?"

DNS1123_LABEL_MAX = 63  # DNS1123LabelMaxLength, also qualifiedNameMaxLength and LabelValueMaxLength
DNS1123_SUBDOMAIN_MAX = 253  # DNS1123SubdomainMaxLength

_LABEL_RE = re.compile(DNS1123_LABEL)


def is_dns1123_label(text: str) -> bool:
    """A namespace or Flux object name fluxc derives: lower-case alphanumerics and '-', at most 63."""
    return len(text) <= DNS1123_LABEL_MAX and _LABEL_RE.fullmatch(text) is not None
