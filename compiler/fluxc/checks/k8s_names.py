"""The name formats of k8s.io/apimachinery (pkg/util/validation) and its validation functions, written once.

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


# apimachinery's validation functions and their messages (IsDNS1123Subdomain, IsQualifiedName,
# IsValidLabelValue), for metadata checks and for the answers' `labels`.
_NAME_MAX = DNS1123_LABEL_MAX  # qualifiedNameMaxLength, LabelValueMaxLength
_SUBDOMAIN_MAX = DNS1123_SUBDOMAIN_MAX
_QUALIFIED_FMT = QUALIFIED_NAME
_QUALIFIED_MSG = ("must consist of alphanumeric characters, '-', '_' or '.', and must start "
                  "and end with an alphanumeric character")
_LABEL_VALUE_FMT = LABEL_VALUE
_LABEL_VALUE_MSG = ("a valid label must be an empty string or consist of alphanumeric characters, "
                    "'-', '_' or '.', and must start and end with an alphanumeric character")
_SUBDOMAIN_FMT = DNS1123_SUBDOMAIN
_SUBDOMAIN_MSG = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                  "characters, '-' or '.', and must start and end with an alphanumeric character")
# Used with fullmatch only: Go's `^...$` (end of text, unlike Python's `$`).
_QUALIFIED_RE = re.compile(_QUALIFIED_FMT)
_LABEL_VALUE_RE = re.compile(_LABEL_VALUE_FMT)
SUBDOMAIN_RE = re.compile(_SUBDOMAIN_FMT)


def _regex_error(msg: str, fmt: str, *examples: str) -> str:
    """apimachinery's RegexError, double spaces and all."""
    shown = " or ".join(f"'{e}', " for e in examples)
    return f"{msg} (e.g. {shown}regex used for validation is '{fmt}')"


def _max_len(n: int) -> str:
    return f"must be no more than {n} characters"


def byte_size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def is_dns1123_subdomain(value: str) -> list[str]:
    """apimachinery IsDNS1123Subdomain: its error messages, [] if valid."""
    errs = [_max_len(_SUBDOMAIN_MAX)] if byte_size(value) > _SUBDOMAIN_MAX else []
    if not SUBDOMAIN_RE.fullmatch(value):
        errs.append(_regex_error(_SUBDOMAIN_MSG, _SUBDOMAIN_FMT, "example.com"))
    return errs


def is_qualified_name(value: str) -> list[str]:
    """apimachinery IsQualifiedName: `[prefix/]name`, the prefix a DNS-1123 subdomain."""
    parts = value.split("/")
    if len(parts) > 2:
        return ["a qualified name " + _regex_error(_QUALIFIED_MSG, _QUALIFIED_FMT, "MyName", "my.name",
                                                   "123-abc")
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]
    errs: list[str] = []
    name = parts[-1]
    if len(parts) == 2:
        prefix = parts[0]
        if not prefix:
            errs.append("prefix part must be non-empty")
        else:
            errs += ["prefix part " + msg for msg in is_dns1123_subdomain(prefix)]
    if not name:
        errs.append("name part must be non-empty")
    elif byte_size(name) > _NAME_MAX:
        errs.append("name part " + _max_len(_NAME_MAX))
    if not _QUALIFIED_RE.fullmatch(name):
        errs.append("name part " + _regex_error(_QUALIFIED_MSG, _QUALIFIED_FMT, "MyName", "my.name",
                                                "123-abc"))
    return errs


def is_valid_label_value(value: str) -> list[str]:
    """apimachinery IsValidLabelValue: empty, or at most 63 qualified-name characters."""
    errs = [_max_len(_NAME_MAX)] if byte_size(value) > _NAME_MAX else []
    if not _LABEL_VALUE_RE.fullmatch(value):
        errs.append(_regex_error(_LABEL_VALUE_MSG, _LABEL_VALUE_FMT, "MyValue", "my_value", "12345"))
    return errs
