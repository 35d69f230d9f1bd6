"""Plain YAML scalars resolved as Go's yaml.v2 reads them (Flux and Helm use it).

A value means here what it will mean to the cluster:

* quoted and block (``|``, ``>``) scalars are always strings;
* plain ``~``, ``null``, ``Null``, ``NULL`` and the empty scalar are None;
* plain ``yes/no/on/off/true/false`` (lower, Title and UPPER case) and
  ``y/Y/n/N`` are booleans (PyYAML does not know ``y``/``n``; yaml.v2 does);
* integers and floats follow PyYAML's YAML 1.1 patterns (``0x1F``, ``0b101``,
  ``0755`` octal, underscores, ``1.10`` -> 1.1, ``.inf``, ``.nan``), minus the
  sexagesimal branch: ``1:30`` stays a string. Like PyYAML (unlike yaml.v2),
  ``1e3`` and ``-.5`` are strings. A match Python cannot convert (``0x_``, a
  decimal longer than 4300 digits) stays a string;
* timestamps are not resolved: ``2024-01-01`` stays a string;
* explicit ``!!str !!int !!float !!bool !!null !!map !!seq`` are honoured and
  the non-specific ``!`` means string. Every other tag is refused: fluxc never
  constructs objects from tags.
"""

from __future__ import annotations

import re
from typing import Any

TAG_PREFIX = "tag:yaml.org,2002:"
STR_TAG, INT_TAG, FLOAT_TAG, BOOL_TAG, NULL_TAG = (TAG_PREFIX + t for t in ("str", "int", "float", "bool", "null"))
MAP_TAG, SEQ_TAG, MERGE_TAG = TAG_PREFIX + "map", TAG_PREFIX + "seq", TAG_PREFIX + "merge"
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = {w: v for v, ws in ((True, "y Y yes Yes YES on On ON true True TRUE"),
                             (False, "n N no No NO off Off OFF false False FALSE"))
          for w in ws.split()}
# PyYAML's YAML 1.1 patterns without the base-60 branches; compiled once.
_INT_RE = re.compile(r"[-+]?(?:0b[01_]+|0[0-7_]+|0|[1-9][0-9_]*|0x[0-9a-fA-F_]+)")
_FLOAT_RE = re.compile(
    r"[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)


def resolve_plain(text: str) -> Any:
    """The value of an untagged plain scalar (see the module docstring)."""
    if text in _NULLS:
        return None
    boolean = _BOOLS.get(text)
    if boolean is not None:
        return boolean
    if text[0] in "-+0123456789.":  # cheap test before the regexes
        if _INT_RE.fullmatch(text):
            return _to_int(text)
        if _FLOAT_RE.fullmatch(text):
            return _to_float(text)
    return text


def _to_int(text: str) -> int | str:
    digits = text.replace("_", "")
    sign = -1 if digits[0] == "-" else 1
    digits = digits.lstrip("+-")
    prefix = digits[:2]
    base = 2 if prefix == "0b" else 16 if prefix == "0x" else 8 if digits[0] == "0" else 10
    try:  # "0x_" matches the pattern and Python caps decimal digits: stay a string
        return sign * int(digits[2:] if base in (2, 16) else digits, base)
    except ValueError:
        return text


def _to_float(text: str) -> float:
    digits = text.replace("_", "").lower()
    sign = -1.0 if digits[0] == "-" else 1.0
    digits = digits.lstrip("+-")
    if digits == ".inf":
        return sign * float("inf")
    if digits == ".nan":
        return float("nan")
    return sign * float(digits)
