"""Go `time.Duration` parsing and printing, as the flux CLI does for `--interval` & co.

flux parses each duration flag with `time.ParseDuration` and writes it back with
`Duration.String()` (`5m` -> `5m0s`); the CRDs then check the printed form against
DURATION_PATTERN. Both Go functions are ported line by line from src/time/format.go
and src/time/time.go, including ParseDuration's float64 step for fractions, so that
every input gives the nanoseconds, and so the text, that flux would.
"""

from __future__ import annotations

import re

DURATION_PATTERN = r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$"  # Flux's CRD pattern

_PATTERN = re.compile(DURATION_PATTERN, re.ASCII)
_COMPONENT = re.compile(r"([0-9]+)(?:\.([0-9]+))?(ms|s|m|h)", re.ASCII)
_UNITS = {"ms": 1_000_000, "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000}
_MAX = 2**63 - 1  # time.Duration is an int64 count of nanoseconds
_EXAMPLES = '"30s", "5m", "1h30m" or "1.5h"'


def _leading_fraction(digits: str) -> tuple[int, float]:
    """Go's leadingFraction: value and scale of the digits; stops gaining precision on overflow."""
    x, scale = 0, 1.0
    for c in digits:
        if x > (2**63 - 1) // 10:
            break
        y = x * 10 + ord(c) - 48
        if y > 2**63:
            break
        x, scale = y, scale * 10
    return x, scale


def parse_duration(text: str) -> int:
    """Nanoseconds in `text`, which must match DURATION_PATTERN (no sign, units ms|s|m|h)."""
    if not isinstance(text, str) or not _PATTERN.fullmatch(text):
        raise ValueError(
            f"invalid duration {text!r}: expected numbers each followed by a unit "
            f"(ms, s, m or h), with no sign or spaces, e.g. {_EXAMPLES}"
        )
    total = 0
    for whole, frac, unit_name in _COMPONENT.findall(text):
        unit = _UNITS[unit_name]
        # (the length test spares int() a 4300-digit string; Go's leadingInt overflows too)
        v = int(whole) if len(whole.lstrip("0")) <= 19 else 2**64
        if v > 2**63 // unit:
            raise ValueError(_overflow(text))
        v *= unit
        if frac:
            f, scale = _leading_fraction(frac)
            if f > 0:
                # Go: v += uint64(float64(f) * (float64(unit) / scale)); float64 on purpose,
                # it is what flux computes (exact for any fraction a person would write).
                v += int(float(f) * (float(unit) / scale))
                if v > 2**63:
                    raise ValueError(_overflow(text))
        total += v
        if total > 2**63:
            raise ValueError(_overflow(text))
    if total > _MAX:
        raise ValueError(_overflow(text))
    return total


def _overflow(text: str) -> str:
    return f"longer than the maximum, {format_duration(_MAX)}"


def _fmt_frac(v: int, prec: int) -> tuple[str, int]:
    """Go's fmtFrac: (".digits" of v / 10**prec minus trailing zeros, or "";  v // 10**prec)."""
    digits = ""
    printing = False
    for _ in range(prec):
        digit = v % 10
        printing = printing or digit != 0
        if printing:
            digits = str(digit) + digits
        v //= 10
    return ("." + digits if printing else ""), v


def format_duration(ns: int) -> str:
    """Exactly Go's `time.Duration(ns).String()`: "1h0m0s", "1.5s", "1.5ms", "100µs", "0s"."""
    if not -(2**63) <= ns <= _MAX:
        raise ValueError(f"{ns} ns is outside the range of a Go time.Duration (int64)")
    sign, u = ("-" if ns < 0 else ""), abs(ns)
    if u < 1_000_000_000:  # below one second Go switches to ms, µs or ns
        if u == 0:
            return "0s"
        if u < 1_000:
            prec, unit = 0, "ns"
        elif u < 1_000_000:
            prec, unit = 3, "µs"  # U+00B5 MICRO SIGN, as Go writes it
        else:
            prec, unit = 6, "ms"
        frac, u = _fmt_frac(u, prec)
        return f"{sign}{u}{frac}{unit}"
    frac, u = _fmt_frac(u, 9)  # u is now whole seconds
    out = f"{u % 60}{frac}s"
    u //= 60
    if u > 0:  # whole minutes
        out = f"{u % 60}m{out}"
        u //= 60
        if u > 0:  # whole hours; Go stops there because days vary in length
            out = f"{u}h{out}"
    return sign + out


def canonical_duration(text: str) -> str:
    """`text` as flux writes it (`5m` -> `5m0s`); ValueError if that would fail the CRD pattern."""
    canonical = format_duration(parse_duration(text))
    if not _PATTERN.fullmatch(canonical):
        raise ValueError(
            f"flux would write it as {canonical!r}, which the Flux CRDs reject; "
            f"use at least 1ms"
        )
    return canonical
