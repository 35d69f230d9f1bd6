"""fluxc.yaml.scalars: plain scalars read as Go's yaml.v2 reads them (resolve.go), minus what JSON cannot hold.

The expected values were worked out from yaml.v2's resolve(): the resolve table (sign, digit, `.`, and the
words of `yYnNtTfFoO~`), then `strconv.ParseInt(plain, 0, 64)`, `ParseUint`, `yamlStyleFloat` +
`ParseFloat` on the text without underscores, then the `0b` quirk; a scalar starting with `.` goes to
`ParseFloat` as written. Every spelling is also checked against what render quotes (test_render).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest

from fluxc.yaml.scalars import INT64_MAX, INT64_MIN, Unrepresentable, character_problem, resolve_plain

STRING = object()  # expected: the text itself, a string


def _cases(pairs: str, value: Any) -> list[tuple[str, Any]]:
    return [(w, value) for w in pairs.split()]


NULLS = _cases("~ null Null NULL", None) + [("", None)]
NOT_NULLS = _cases("nULL NUll none None nil Nil ~~ null!", STRING)
BOOLS = (_cases("y Y yes Yes YES true True TRUE on On ON", True)
         + _cases("n N no No NO false False FALSE off Off OFF", False))
NOT_BOOLS = _cases("yES yEs tRUE oN oFF Of ye t f T F nO enabled", STRING)
INTS = [
    ("0", 0), ("-0", 0), ("+0", 0), ("7", 7), ("-7", -7), ("+7", 7), ("00", 0), ("010", 8), ("0777", 511),
    ("0_7", 7), ("0o10", 8), ("0O10", 8), ("-0o10", -8), ("+0o17", 15), ("0x1F", 31), ("0X1f", 31),
    ("-0x1F", -31), ("+0x1F", 31), ("0x_1F", 31), ("0_x1F", 31), ("0b101", 5), ("0B101", 5), ("-0b101", -5),
    ("+0b101", 5), ("0b-101", -5), ("0b+101", 5), ("0b1_0", 2), ("1_000", 1000), ("1__000_", 1000), ("1_", 1),
    ("-1_0", -10), ("9223372036854775807", INT64_MAX), ("-9223372036854775808", INT64_MIN),
    ("0x7FFFFFFFFFFFFFFF", INT64_MAX), ("-0x8000000000000000", INT64_MIN), ("0777777777777777777777", INT64_MAX),
    ("0b" + "1" * 63, INT64_MAX), ("0" * 5000 + "1", 1), ("0x" + "0" * 5000 + "1", 1),
]
FLOATS = [
    ("1.10", 1.1), ("1.", 1.0), ("1.0", 1.0), (".5", 0.5), ("+.5", 0.5), ("-.5", -0.5), ("-0.0", -0.0),
    ("1e3", 1000.0), ("1E3", 1000.0), ("12e03", 12000.0), ("1e+3", 1000.0), ("1e-3", 0.001), ("1.5e3", 1500.0),
    ("1.5E-3", 0.0015), (".5e3", 500.0), ("-.5E+3", -500.0), ("1.e5", 100000.0), ("1_0.5", 10.5),
    ("-.5_5", -0.55), ("1e1_0", 1e10), ("1_e3", 1000.0), ("08", 8.0), ("09", 9.0), ("018", 18.0),
    ("-08", -8.0), ("08.5", 8.5), ("9223372036854775807.0", 9.223372036854776e18),
    ("1e-400", 0.0), ("1.7976931348623157e308", 1.7976931348623157e308), ("5e-324", 5e-324),
]
STRINGS = _cases(
    ". - + -- +- 1e e3 1e+ 1e3.5 1.2.3 .5_0 ._5 .e3 0x 0o 0b 0b2 0o8 0xG 0x1p3 0x1.8p1 _1 1,000 1:30 190:20:30 "
    "-1:30 2024-01-01 2024-1-1 2001-12-14t21:59:43.10-05:00 2001-12-14 inf nan Infinity -inf +.nan -.nan .NaN5 "
    ".InF .nAn v1.0 1.0.0 6.3.5 0.1.0-rc.1 c88a2f41 1e3x 0x1Fz ١٢٣ １２ ⅷ",
    STRING) + [("1\u00a0", STRING), ("1\u2003", STRING)]  # split() would cut at these spaces
REFUSED = [
    *_cases(".nan .NaN .NAN .inf .Inf .INF +.inf +.Inf +.INF -.inf -.Inf -.INF", "NaN|infinity"),
    ("9223372036854775808", "64-bit range"), ("-9223372036854775809", "64-bit range"),
    ("18446744073709551615", "64-bit range"), ("18446744073709551616", "64-bit range"),
    ("0x8000000000000000", "64-bit range"), ("0xFFFFFFFFFFFFFFFF", "64-bit range"),
    ("01000000000000000000000", "64-bit range"), ("0b1" + "0" * 63, "64-bit range"), ("0b-1" + "0" * 64, "64-bit"),
    ("99999999999999999999999", "64-bit range"), ("10_000_000_000_000_000_000", "64-bit range"),
    ("1" * 4299, "64-bit range"), ("1" * 4300, "64-bit range"), ("1" * 4301, "64-bit range"),
    ("1" * 5000, "64-bit range"), ("-" + "9" * 5000, "64-bit range"), ("0x" + "F" * 5000, "64-bit range"),
    ("1e309", "64-bit float"), ("-1e309", "64-bit float"), ("1.7976931348623159e308", "64-bit float"),
    (".5e400", "64-bit float"), ("1" * 400 + ".0", "64-bit float"), ("0" + "8" * 400, "64-bit float"),
]


def _table() -> Iterator[Any]:
    for text, expected in NULLS + NOT_NULLS + BOOLS + NOT_BOOLS + INTS + FLOATS + STRINGS:
        yield pytest.param(text, text if expected is STRING else expected, id=repr(text[:30]))


@pytest.mark.parametrize(("text", "expected"), list(_table()))
def test_resolve_plain_reads_scalars_as_go_yaml_v2(text: str, expected: Any) -> None:
    value = resolve_plain(text)
    assert value == expected and type(value) is type(expected)
    if isinstance(expected, float):
        assert str(value) == str(expected)  # -0.0 stays negative zero


@pytest.mark.parametrize(("text", "reason"), REFUSED, ids=[repr(t[:30]) for t, _ in REFUSED])
def test_numbers_json_cannot_hold_are_refused(text: str, reason: str) -> None:
    with pytest.raises(Unrepresentable, match=reason) as caught:
        resolve_plain(text)
    assert len(str(caught.value)) < 200  # a 5,000-digit literal is cut in the message


@pytest.mark.parametrize("bound", [INT64_MIN, INT64_MAX])
@pytest.mark.parametrize("delta", [-1, 0, 1])
@pytest.mark.parametrize("spell", [str, hex, oct, bin])
def test_int64_boundaries_in_every_base(bound: int, delta: int, spell: Any) -> None:
    value = bound + delta
    text = spell(value)  # Python writes -0x8000000000000000, which Go's ParseInt(s, 0, 64) reads too
    if INT64_MIN <= value <= INT64_MAX:
        assert resolve_plain(text) == value
    else:
        with pytest.raises(Unrepresentable, match="64-bit range"):
            resolve_plain(text)


@pytest.mark.parametrize("limit", [640, 4300])
@pytest.mark.parametrize("extra", [-1, 0, 1])
def test_the_int_digit_limit_is_never_reached(limit: int, extra: int) -> None:
    # Digits are counted before int() runs, so Python's ValueError for long decimals cannot escape.
    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(limit)
    try:
        for text in ("1" * (limit + extra), "-" + "9" * (limit + extra), "1" * (limit + extra) + "_0"):
            with pytest.raises(Unrepresentable):
                resolve_plain(text)
    finally:
        sys.set_int_max_str_digits(old)


@pytest.mark.parametrize("code", [*range(0x7F, 0xA0), 0xFFFE, 0xFFFF, 0xD800, 0xDBFF, 0xDC00, 0xDFFF])
@pytest.mark.parametrize("where", ["{}", "a{}", "{}b", "a{}b"])
def test_characters_flux_cannot_carry(code: int, where: str) -> None:
    problem = character_problem(where.format(chr(code)))
    assert problem is not None and f"U+{code:04X}" in problem


@pytest.mark.parametrize("code", [*range(0x00, 0x7F), 0xA0, 0xAD, 0x2028, 0x2029, 0xD7FF, 0xE000, 0xFEFF, 0xFFFD,
                                  0x10000, 0x1F600, 0x10FFFF])
def test_characters_that_reach_the_cluster_unchanged(code: int) -> None:
    assert character_problem(f"a{chr(code)}b") is None
