"""fluxc.checks.durations: Go's time.ParseDuration / Duration.String, limited to Flux's pattern."""

from __future__ import annotations

import re

import pytest

from fluxc.checks.durations import DURATION_PATTERN, canonical_duration, format_duration, parse_duration

S = 1_000_000_000
MIN = 60 * S
H = 60 * MIN

# Go's own table for Duration.String (src/time/time_test.go durationTests) and more.
FORMAT = [
    (0, "0s"), (1, "1ns"), (1100, "1.1µs"), (2200 * 1000, "2.2ms"), (3300 * 1000 * 1000, "3.3s"),
    (4 * MIN + 5 * S, "4m5s"), (4 * MIN + 5001 * 1000 * 1000, "4m5.001s"),
    (5 * H + 6 * MIN + 7001 * 1000 * 1000, "5h6m7.001s"), (8 * MIN + 1, "8m0.000000001s"),
    (2**63 - 1, "2562047h47m16.854775807s"), (-(2**63), "-2562047h47m16.854775808s"),
    (-1500, "-1.5µs"), (999, "999ns"), (1000, "1µs"), (999_999, "999.999µs"), (1_000_000, "1ms"),
    (1_500_000, "1.5ms"), (999_999_999, "999.999999ms"), (S, "1s"), (60 * S, "1m0s"),
    (H, "1h0m0s"), (90 * S, "1m30s"), (10 * MIN, "10m0s"), (25 * H, "25h0m0s"),
]  # fmt: skip


@pytest.mark.parametrize(("ns", "text"), FORMAT, ids=[t for _, t in FORMAT])
def test_format_duration(ns: int, text: str) -> None:
    assert format_duration(ns) == text


@pytest.mark.parametrize("ns", [2**63, -(2**63) - 1])
def test_format_duration_out_of_int64(ns: int) -> None:
    with pytest.raises(ValueError, match="int64"):
        format_duration(ns)


CANONICAL = [
    ("1.5h", 90 * MIN, "1h30m0s"), ("90s", 90 * S, "1m30s"), ("5m", 5 * MIN, "5m0s"),
    ("1h", H, "1h0m0s"), ("500ms", 500_000_000, "500ms"), ("1500ms", 1_500_000_000, "1.5s"),
    ("0s", 0, "0s"), ("0ms", 0, "0s"), ("1h30m", 90 * MIN, "1h30m0s"),
    ("2h45m30.5s", 2 * H + 45 * MIN + 30 * S + S // 2, "2h45m30.5s"), ("0.5m", 30 * S, "30s"),
    ("1.000000001s", S + 1, "1.000000001s"), ("1m0s", MIN, "1m0s"), ("10m", 10 * MIN, "10m0s"),
    ("1.5ms", 1_500_000, "1.5ms"), ("0.0015s", 1_500_000, "1.5ms"), ("1ms", 1_000_000, "1ms"),
    ("60m", H, "1h0m0s"), ("1h60m", 2 * H, "2h0m0s"), ("1s1s", 2 * S, "2s"),
    ("01m", MIN, "1m0s"), ("0.1h", 6 * MIN, "6m0s"),
    ("2562047h47m16.854775807s", 2**63 - 1, "2562047h47m16.854775807s"),
    ("000000000000000000000000001h", H, "1h0m0s"),
    ("1.123456789123s", 1_123_456_789, "1.123456789s"),  # digits past 1ns are dropped
]  # fmt: skip


@pytest.mark.parametrize(("text", "ns", "canonical"), CANONICAL, ids=[t for t, _, _ in CANONICAL])
def test_parse_and_canonical(text: str, ns: int, canonical: str) -> None:
    assert parse_duration(text) == ns
    assert canonical_duration(text) == canonical
    assert re.fullmatch(DURATION_PATTERN, canonical)
    assert canonical_duration(canonical) == canonical  # idempotent


INVALID = [
    ("", "expected numbers each followed by a unit"),
    ("5", "expected numbers"),
    ("0", "expected numbers"),
    ("5 m", "expected numbers"),
    (" 5m", "expected numbers"),
    ("5m\n", "expected numbers"),
    ("-5m", "no sign"),
    ("+5m", "no sign"),
    ("1d", "expected numbers"),
    ("1us", "expected numbers"),
    ("1µs", "expected numbers"),
    ("1ns", "expected numbers"),
    (".5s", "expected numbers"),
    ("5.s", "expected numbers"),
    ("1.5", "expected numbers"),
    ("٣s", "expected numbers"),  # a non-ASCII digit
    ("9999999999h", "longer than the maximum, 2562047h47m16.854775807s"),
    ("2562047h47m16.854775808s", "longer than the maximum"),
    ("2562047h48m", "longer than the maximum"),
    ("1" * 5000 + "h", "longer than the maximum"),
]


@pytest.mark.parametrize(("text", "reason"), INVALID, ids=[repr(t[:20]) for t, _ in INVALID])
def test_parse_rejects(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=re.escape(reason)):
        parse_duration(text)
    with pytest.raises(ValueError, match=re.escape(reason)):
        canonical_duration(text)


@pytest.mark.parametrize(("text", "printed"), [("0.0001s", "100µs"), ("0.5ms", "500µs"), ("0.000001s", "1µs")])
def test_canonical_rejects_what_flux_would_print_unmatched(text: str, printed: str) -> None:
    assert format_duration(parse_duration(text)) == printed  # Go accepts it...
    with pytest.raises(ValueError, match=f"'{printed}', which the Flux CRDs reject"):
        canonical_duration(text)  # ...but the CRD pattern would not


def test_parse_error_mentions_input() -> None:
    with pytest.raises(ValueError, match="'5 minutes'"):
        parse_duration("5 minutes")
