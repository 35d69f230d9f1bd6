"""Git ref names and semver constraints, as Git, Helm and Flux read them.

* `git_ref_problem`: the rules of `git check-ref-format` for a branch (`refs/heads/<name>`, as
  `git check-ref-format --branch` adds: no leading `-`, not `HEAD`) or a tag name.
* `is_semver_constraint`: Masterminds/semver v3's `NewConstraint`, which Helm (a chart version from a
  repository index) and Flux (HelmChart `version`, OCIRepository and GitRepository `ref.semver`) parse
  versions and ranges with. An exact version is a constraint too; `latest` or `1.2.3.4` is none.
"""

from __future__ import annotations

import re
from functools import cache

# Masterminds/semver v3's NewConstraint, which Helm (chart versions) and Flux (OCIRepository and GitRepository
# `semver`) parse versions and ranges with: its regexes as Go writes them (`\s` is Go's, without \v; Go's
# leftmost-first alternation is Python's), compiled on first use.
_GO_SPACE = r"[\t\n\f\r ]"
_OPS = r"=||!=|>|<|>=|=>|<=|=<|~|~>|\^"
_CV = (r"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
       r"(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?")
_LOOSE_VERSION = (r"v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
                  r"(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?")
_UINT64_MAX = 2**64 - 1
MAX_CONSTRAINT = 256  # characters; the answers schema allows 128 for chart.version and 256 for gitRef.semver


@cache
def _semver_regexes() -> tuple[re.Pattern[str], ...]:
    s, ops, cv = _GO_SPACE, _OPS, _CV
    return (re.compile(rf"{s}*({cv}){s}+-{s}+({cv}){s}*"),  # constraintRangeRegex: `1 - 2`
            # validConstraintRegex, the same language written without ambiguity: Go's RE2 is linear, Python's
            # backtracking would take exponential time over runs of spaces (`1   1   1 … !`), so whitespace is
            # consumed possessively (no operator or version holds any) and the AND list never gives back a term.
            re.compile(rf"{s}*+({ops}){s}*+({cv})(?:(?:{s}*+,{s}*+|{s}++)({ops}){s}*+({cv}))*+{s}*+"),
            re.compile(rf"({ops}){s}*({cv})"),  # findConstraintRegex
            re.compile(rf"{s}*({ops}){s}*({cv}){s}*"),  # constraintRegex
            re.compile(_LOOSE_VERSION))


def is_semver_constraint(text: str) -> bool:
    """Whether Masterminds/semver v3 NewConstraint accepts `text` (an exact version is a constraint too).

    Text longer than MAX_CONSTRAINT is refused: Masterminds sets no limit, but no real range is that long,
    and the range rewrite's unanchored search is quadratic in Python (linear in Go).
    """
    if len(text) > MAX_CONSTRAINT:
        return False
    ranges, valid, find, one, loose = _semver_regexes()
    for m in ranges.finditer(text):  # rewriteRange
        text = text.replace(m[0], f">= {m[1]}, <= {m[11]} ", 1)
    for part in text.split("||"):
        if not valid.fullmatch(part):
            return False
        for found in [f[0] for f in find.finditer(part)] or [part]:
            c = one.fullmatch(found)
            if c is None:
                return False
            major, minor, patch, pre = c[3], c[4] or "", c[5] or "", c[6] or ""
            version = c[2]  # parseConstraint: `x`, `*` and missing parts become 0
            if major in ("x", "X", "*"):
                version = f"0.0.0{pre}"
            elif minor[1:] in ("x", "X", "*") or not minor:
                version = f"{major}.0.0{pre}"
            elif patch[1:] in ("x", "X", "*") or not patch:
                version = f"{major}{minor}.0{pre}"
            v = loose.fullmatch(version)  # NewVersion (coercing): parts fit uint64, numeric pre-release not 0-led
            if v is None or any(int(p.lstrip(".")) > _UINT64_MAX for p in v.groups()[:3] if p) or \
                    any(p.isdigit() and len(p) > 1 and p[0] == "0" for p in (v[5] or "").split(".")):
                return False
    return True


def git_ref_problem(name: str, *, branch: bool) -> str | None:
    """Why Git refuses `name` as a branch (`refs/heads/<name>`) or tag name, as `git check-ref-format`
    says it; None if Git takes it."""
    bad = sorted({repr(c)[1:-1] if ord(c) < 32 or ord(c) == 127 else c for c in name
                  if ord(c) < 33 or ord(c) == 127 or c in "~^:?*[\\"})
    parts = name.split("/")
    problems = [
        (not name.strip(), "it is blank"),
        (bool(bad), f"it contains {' '.join(f'`{c}`' for c in bad)}"),
        (name == "@", "it is `@` alone"),
        (name.startswith("-"), "it begins with `-`"),
        (branch and name == "HEAD", "`HEAD` is not a branch name"),
        (".." in name, "it contains `..`"),
        ("@{" in name, "it contains `@{`"),
        ("" in parts, "it begins or ends with `/`, or contains `//`"),
        (name.endswith("."), "it ends with `.`"),
        (any(p.startswith(".") for p in parts), "a `/`-separated part begins with `.`"),
        (any(p.endswith(".lock") for p in parts), "a `/`-separated part ends with `.lock`"),
    ]
    return next((why for failed, why in problems if failed), None)
