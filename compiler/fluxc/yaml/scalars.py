"""Plain YAML scalars resolved as Go's yaml.v2 reads them (Flux, Helm and kubectl use it).

A value means here what it will mean to the cluster: sigs.k8s.io/yaml reads YAML
with go-yaml v2 (resolve.go) into Go values, then marshals them as JSON.

* quoted and block (``|``, ``>``) scalars are always strings;
* plain ``~``, ``null``, ``Null``, ``NULL`` and the empty scalar are None;
* plain ``yes/no/on/off/true/false`` (lower, Title and UPPER case) and
  ``y/Y/n/N`` are booleans (PyYAML does not know ``y``/``n``; yaml.v2 does);
* a scalar starting with a digit or a sign has its underscores removed and is
  then an integer if Go's ``strconv.ParseInt(s, 0, 64)`` reads it (``0x1F``,
  ``0X1F``, ``0o17``, ``0b101``, ``0755`` octal, ``-0x1F``, ``1_000``), else a
  float if it matches go-yaml's ``yamlStyleFloat`` (``1e3``, ``12e03``,
  ``+.5``, ``08``, ``1.10`` -> 1.1, ``1.``); go-yaml's ``0b-1`` quirk is kept;
* a scalar starting with ``.`` is a float if Go's ParseFloat reads it as is
  (``.5``, ``.5e3``; ``.5_0`` stays a string);
* timestamps (``2024-01-01``) and base 60 (``1:30``) stay strings, as go-yaml
  gives them to an ``interface{}``; everything else is a string.

What go-yaml reads but JSON, and so Kubernetes, cannot hold is refused with
`Unrepresentable`: NaN and infinity (``.nan``, ``-.Inf``), integers outside
int64 (go-yaml gives uint64 or a rounded float; the API server stores int64),
and numbers beyond float64 (go-yaml silently keeps ``1e400`` as a string).
Digits are counted before converting, so no literal reaches Python's
int-string digit limit. `go_reads_as_non_str` asks the writer's question
(`fluxc.yaml.render`): would go-yaml read this string, written plain, as another type?
"""

from __future__ import annotations

import math
import re
from typing import Any

TAG_PREFIX = "tag:yaml.org,2002:"
STR_TAG, INT_TAG, FLOAT_TAG, BOOL_TAG, NULL_TAG = (TAG_PREFIX + t for t in ("str", "int", "float", "bool", "null"))
MAP_TAG, SEQ_TAG, MERGE_TAG = TAG_PREFIX + "map", TAG_PREFIX + "seq", TAG_PREFIX + "merge"
# the standard tags fluxc honours, with what each says a value is (for messages)
TAG_KINDS = {NULL_TAG: "null", BOOL_TAG: "a boolean", INT_TAG: "an integer", FLOAT_TAG: "a number",
             STR_TAG: "a string", MAP_TAG: "a mapping", SEQ_TAG: "a list"}
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = {w: v for v, ws in ((True, "y Y yes Yes YES on On ON true True TRUE"),
                             (False, "n N no No NO off Off OFF false False FALSE"))
          for w in ws.split()}
_NAN_INF = frozenset(f"{sign}.{word}" for sign in ("", "+", "-") for word in ("inf", "Inf", "INF")) | {
    ".nan", ".NaN", ".NAN"}
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
_A = re.ASCII
# strconv.ParseInt(s, 0, 64) syntax (Go 1.13+), on the text without underscores.
_GO_INT = re.compile(r"([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]([0-7]+)|0[bB]([01]+)|(0[0-7]*)|([1-9][0-9]*))", _A)
_GO_BIN_QUIRK = re.compile(r"0b([-+]?[01]+)", _A)  # resolve.go: ParseInt(plain[2:], 2, 64)
_YAML_STYLE_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?", _A)
_DOT_FLOAT = re.compile(r"\.[0-9]+(?:[eE][-+]?[0-9]+)?", _A)  # ParseFloat on a scalar starting with "."
# Significant digits int64 can hold, per base: beyond, the value is out of range without converting.
_MAX_DIGITS = {16: 16, 8: 22, 2: 64, 10: 19}


class Unrepresentable(ValueError):
    """A plain scalar go-yaml reads as a number that JSON (so Kubernetes) cannot hold: (message, hint)."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message, hint)
        self.message, self.hint = message, hint

    def __str__(self) -> str:
        return self.message


_QUOTE = "quote it if you mean the text"


def resolve_plain(text: str) -> Any:
    """The value of an untagged plain scalar (see the module docstring); raises Unrepresentable."""
    if text in _NULLS:
        return None
    boolean = _BOOLS.get(text)
    if boolean is not None:
        return boolean
    first = text[0]
    if first == ".":
        return _float(text) if _DOT_FLOAT.fullmatch(text) else _special(text)
    if first in "-+0123456789":
        return _special(text) if text in _NAN_INF else _number(text)
    return text


def _special(text: str) -> str:
    if text in _NAN_INF:
        what = "NaN (not a number)" if "nan" in text.lower() else "infinity"
        raise Unrepresentable(f"`{text}` is read as {what}, which JSON, and so Kubernetes, cannot hold",
                              f"write a finite number, or {_QUOTE}: `\"{text}\"`")
    return text


def _number(text: str) -> Any:
    plain = text.replace("_", "")
    found = _GO_INT.fullmatch(plain)
    if found is not None:
        sign, hexa, octal, binary, zero, decimal = found.groups()
        base, digits = ((16, hexa) if hexa else (8, octal) if octal else (2, binary) if binary
                        else (8, zero) if zero else (10, decimal))
        return _int(sign, digits, base)
    if _YAML_STYLE_FLOAT.fullmatch(plain):
        return _float(plain)
    quirk = _GO_BIN_QUIRK.fullmatch(plain)
    if quirk is not None:
        digits = quirk[1].lstrip("+-")
        return _int(quirk[1][: len(quirk[1]) - len(digits)], digits, 2)
    return text


def _int(sign: str, digits: str, base: int) -> int:
    significant = digits.lstrip("0") or "0"
    value = int(significant, base) if len(significant) <= _MAX_DIGITS[base] else None
    if value is not None and sign == "-":
        value = -value
    if value is None or not INT64_MIN <= value <= INT64_MAX:
        # The literal is not repeated: it may be a secret (a Secret's numeric token); the span shows it.
        raise Unrepresentable("this integer is beyond the 64-bit range Kubernetes stores (about ±9.2e18)",
                              f"Kubernetes integers are int64; {_QUOTE}")
    return value


def _float(plain: str) -> float:
    value = float(plain)
    if value in (float("inf"), float("-inf")):  # Go's ParseFloat: ErrRange, and go-yaml keeps a string
        raise Unrepresentable("this number is beyond the range of a 64-bit float (about ±1.8e308)",
                              f"go-yaml, which Flux reads YAML with, would keep it as a string; {_QUOTE}")
    return value


# Characters a string may hold in YAML only as an escape ("\x7f", "\N", "\uFFFE") and that
# Flux cannot carry: json.Marshal leaves them raw, and go-yaml then refuses DEL, C1 controls
# and U+FFFE/U+FFFF, and folds NEL into a line break. Surrogates are not characters at all
# (libyaml refuses the escape; JSON would write U+FFFD). Refused in keys and values alike.
BAD_CHARACTER = re.compile("[\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def character_problem(text: str) -> str | None:
    """Why `text` cannot reach the cluster unchanged, or None if it can."""
    found = BAD_CHARACTER.search(text)
    if found is None:
        return None
    code = ord(found[0])
    what, why = (
        ("NEL, a line break in YAML 1.1", "go-yaml, which Flux reads YAML with, turns it into a line break")
        if code == 0x85 else
        ("a control character", "JSON leaves it raw and go-yaml, which Flux reads YAML with, refuses it")
        if code <= 0x9F else
        ("a lone surrogate, not a Unicode character", "JSON would replace it with U+FFFD")
        if code <= 0xDFFF else
        ("a Unicode non-character", "JSON leaves it raw and go-yaml, which Flux reads YAML with, refuses it"))
    return f"the string holds U+{code:04X} ({what}) at character {found.start() + 1}; {why}"


# go-yaml v2 resolve.go: what an unquoted scalar would read back as if not a string.
_GO_WORDS = frozenset((
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
    "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
    "~", "null", "Null", "NULL", ".nan", ".NaN", ".NAN",
    ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", "",
))
_GO_INT_ANY_SIZE = re.compile(  # strconv.ParseInt(s, 0, 64) syntax, any size; "0b-1" is ParseInt(s[2:], 2)
    r"[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)|0b[-+][01]+", _A
)
_GO_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?", _A)
_GO_BASE60 = re.compile(r"[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?", _A)
_GO_TIME = re.compile(  # the layouts go-yaml hands to Go's time.Parse
    r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"
    r"(?:[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,][0-9]+)?(?:Z|[-+][0-9]{2}:[0-9]{2})"
    r"| ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,][0-9]+)?)?",
    _A,
)
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _go_timestamp(s: str) -> bool:
    m = _GO_TIME.fullmatch(s)
    if not m:
        return False
    year, month, day = (int(g) for g in m.groups()[:3])
    hms = [int(g) for g in m.groups()[3:] if g is not None]
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return (  # time.Parse range-checks every field
        1 <= month <= 12
        and 1 <= day <= _DAYS[month - 1] - (month == 2 and not leap)
        and (not hms or (hms[0] < 24 and hms[1] < 60 and hms[2] < 60))
    )


def go_reads_as_non_str(s: str) -> bool:
    """go-yaml v2 would read plain `s` back as something other than a string (render quotes it then)."""
    if s in _GO_WORDS:
        return True
    if s[0] == ".":
        return bool(_GO_FLOAT.fullmatch(s)) and math.isfinite(float(s))
    if s[0] in "+-0123456789":
        plain = s.replace("_", "")
        if _go_timestamp(s) or _GO_INT_ANY_SIZE.fullmatch(plain):
            return True
        if _GO_FLOAT.fullmatch(plain) and math.isfinite(float(plain)):
            return True
        return bool(_GO_BASE60.fullmatch(s))  # quoted "for compatibility" (encode.go)
    return False


def show_tag(tag: str) -> str:
    """A tag as it is written: `!!int` for YAML's own, the tag itself otherwise."""
    return "!!" + tag[len(TAG_PREFIX):] if tag.startswith(TAG_PREFIX) else tag


def fits_tag(tag: str, value: Any) -> bool:
    """Whether a resolved plain scalar is what a standard scalar tag says (an integer is a number too)."""
    kind = type(value)
    return (tag == NULL_TAG and value is None or tag == BOOL_TAG and kind is bool
            or tag in (INT_TAG, FLOAT_TAG) and kind is int or tag == FLOAT_TAG and kind is float)
