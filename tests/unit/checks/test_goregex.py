"""fluxc.checks.goregex: Go RE2 patterns made to accept, under Python's re.search, what Go accepts."""

from __future__ import annotations

import re

import pytest

from fluxc.checks.goregex import compile_go_regex, go_regex_to_python

# --------------------------------------------------------------------------- rewriting

CONVERT = {
    "dollar-end-of-text": (r"^[a-z]+$", r"^[a-z]+\Z"),
    "backslash-z": (r"^a\z", r"^a\Z"),
    "dollar-in-group": (r"^(a|b$)", r"^(a|b\Z)"),
    "multiline-keeps-dollar": (r"(?m)^a$", r"(?m)^a$"),
    "multiline-with-other-flags": (r"(?im)^a$", r"(?im)^a$"),
    "case-flag-converts-dollar": (r"(?i)^abc$", r"(?i)^abc\Z"),
    "escaped-dollar-kept": (r"^\$$", r"^\$\Z"),
    "dollar-in-class-kept": (r"^[$]$", r"^[$]\Z"),
    "posix-alpha": (r"^[[:alpha:]]+$", r"^[A-Za-z]+\Z"),
    "posix-negated-two": (r"^[^[:digit:][:space:]]$", r"^[^0-9\t\n\v\f\r ]\Z"),
    "posix-with-others": (r"^[[:upper:]_-]$", r"^[A-Z_-]\Z"),
    "posix-xdigit": (r"[[:xdigit:]]", r"[0-9A-Fa-f]"),
    "digit-class-ascii": (r"^\d+$", r"(?a)^\d+\Z"),
    "word-space-boundary-ascii": (r"\w\s\b", r"(?a)\w\s\b"),
    "negated-shorthands-ascii": (r"\D\W\S\B", r"(?a)\D\W\S\B"),
    "no-shorthand-no-flag": (r"^[0-9]+$", r"^[0-9]+\Z"),
    "bracket-first-in-class": (r"^[]a]$", r"^[]a]\Z"),
    "bracket-first-in-negated-class": (r"^[^]a]$", r"^[^]a]\Z"),
    "literal-open-bracket-in-class": (r"^[a[]$", r"^[a\[]\Z"),
    "escapes-copied": (r"^\.\-\/$", r"^\.\-\/\Z"),
    "k8s-dns-subdomain": (r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
                          r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\Z"),
    "flux-duration": (r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$", r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+\Z"),
}


@pytest.mark.parametrize(("go", "python"), CONVERT.values(), ids=CONVERT.keys())
def test_go_regex_to_python(go: str, python: str) -> None:
    assert go_regex_to_python(go) == python


@pytest.mark.parametrize("go", [
    r"^[a-z]+$", r"^a\z", r"(?m)^a$", r"^[[:alpha:]]+$", r"^[]a]$", r"^[a[]$", r"^[$]$",
    r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$",
])
def test_conversion_is_idempotent(go: str) -> None:
    once = go_regex_to_python(go)
    assert go_regex_to_python(once) == once


@pytest.mark.parametrize("go", [r"^\d+$", r"\w+"])
def test_conversion_is_idempotent_for_ascii_classes(go: str) -> None:
    once = go_regex_to_python(go)
    assert go_regex_to_python(once) == once


@pytest.mark.parametrize("go", [r"\pL", r"\p{Greek}", r"\Qa.b\E", r"a(?i)b"],
                         ids=["unicode-class", "unicode-named-class", "quoted-literal", "mid-pattern-flag"])
def test_patterns_python_cannot_express_raise_value_error(go: str) -> None:
    with pytest.raises(ValueError, match="has no Python equivalent"):
        go_regex_to_python(go)


@pytest.mark.parametrize("go", [r"^[a&&b]$", r"^[x||y]$", r"^[|~~]$"])
def test_doubled_class_characters_are_literal_as_in_go(go: str) -> None:
    assert compile_go_regex(go).search(go[2]) is not None


# --------------------------------------------------------------------------- behaviour

MATCHES = {
    "trailing-newline-refused": (r"^[a-z]+$", "podinfo\n", False),
    "plain-match": (r"^[a-z]+$", "podinfo", True),
    "url-block-scalar-refused": (r"^https://.*$", "https://x\n", False),
    "multiline-end-of-line": (r"(?m)^a$", "a\nb", True),
    "backslash-z-refuses-newline": (r"^a\z", "a\n", False),
    "digit-is-ascii": (r"^\d+$", "\u0663", False),  # ARABIC-INDIC DIGIT THREE
    "digit-ascii-ok": (r"^\d+$", "123", True),
    "word-is-ascii": (r"^\w+$", "café", False),
    "space-is-ascii": (r"^\s$", "\u00a0", False),  # NO-BREAK SPACE
    "posix-alpha-ascii": (r"^[[:alpha:]]+$", "abcXYZ", True),
    "posix-alpha-not-unicode": (r"^[[:alpha:]]+$", "é", False),
    "posix-alpha-not-its-letters": (r"^[[:alpha:]]+$", ":", False),
    "posix-negated": (r"^[^[:digit:]]$", "5", False),
    "posix-negated-ok": (r"^[^[:digit:]]$", "a", True),
    "posix-punct": (r"^[[:punct:]]+$", "!-/:@[`{~", True),
    "bracket-literal": (r"^[]a]+$", "]a]", True),
}


@pytest.mark.parametrize(("go", "text", "matches"), MATCHES.values(), ids=MATCHES.keys())
def test_compiled_pattern_matches_as_go_does(go: str, text: str, matches: bool) -> None:
    assert (compile_go_regex(go).search(text) is not None) is matches


def test_plain_python_would_accept_the_trailing_newline() -> None:
    # the reason this module exists
    assert re.search(r"^[a-z]+$", "podinfo\n") is not None
    assert compile_go_regex(r"^[a-z]+$").search("podinfo\n") is None


def test_compile_go_regex_is_cached_and_returns_a_pattern() -> None:
    compiled = compile_go_regex(r"^x$")
    assert isinstance(compiled, re.Pattern)
    assert compile_go_regex(r"^x$") is compiled
    assert compiled.pattern == r"^x\Z"
