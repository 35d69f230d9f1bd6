"""Go RE2 patterns (as Kubernetes and Flux write them) for Python's `re`.

JSON Schema validators here run patterns with `re.search`; the patterns in
our schemas and in CRDs are written for Go, and the two engines disagree on
a few points that matter for validation (see `go_regex_to_python`).
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache

# RE2's POSIX classes are ASCII-only; Python `re` has none (it reads `[[:alpha:]]`
# as a set containing "[", ":", "a", ... and warns).
_POSIX = {"alnum": "0-9A-Za-z", "alpha": "A-Za-z", "ascii": r"\x00-\x7f", "blank": r"\t ",
          "cntrl": r"\x00-\x1f\x7f", "digit": "0-9", "graph": "!-~", "lower": "a-z",
          "print": " -~", "punct": r"!-/:-@\[-`{-~", "space": r"\t\n\v\f\r ",
          "upper": "A-Z", "word": "0-9A-Za-z_", "xdigit": "0-9A-Fa-f"}


@lru_cache(maxsize=1024)
def go_regex_to_python(pattern: str) -> str:
    """Rewrite a Go RE2 pattern so Python `re.search` accepts exactly the same strings.

    Differences handled: `$` (and `\\z`) is end-of-text in Go but also matches
    before a trailing newline in Python, so `url: |` YAML ("https://x\\n") would
    pass `^https://.*$` -> use `\\Z`; `\\d \\w \\s \\b` are ASCII-only in Go -> `(?a)`;
    POSIX classes -> ASCII ranges. What Python cannot express (`\\pL`, `\\Q..\\E`,
    mid-pattern flags) fails to compile and raises ValueError.
    """
    out: list[str] = []
    ascii_only = in_class = False
    multiline = re.match(r"\(\?[a-zA-Z]*m", pattern) is not None  # (?m): `$` is end of line
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            esc = pattern[i + 1]
            out.append(r"\Z" if esc == "z" else pattern[i:i + 2])
            ascii_only |= esc in "dDwWsSbB"
            i += 2
            continue
        if in_class:
            posix = re.match(r"\[:([a-z]+):\]", pattern[i:])
            if posix and posix.group(1) in _POSIX:
                out.append(_POSIX[posix.group(1)])
                i += posix.end()
                continue
            in_class = c != "]"
            # Literal in Go; Python reads "[" as a nested set and "&&", "||", "~~" as set operations.
            out.append("\\" + c if c in "[&|~" else c)
        elif c == "[":
            in_class = True
            # "]" right after "[" or "[^" is a literal in both engines: copy it.
            lead = re.match(r"\[\^?\]?", pattern[i:])
            assert lead is not None  # always matches "["
            out.append(lead.group(0))
            i += lead.end()
            continue
        else:
            out.append(r"\Z" if c == "$" and not multiline else c)
        i += 1
    converted = "".join(out)
    already = converted.startswith("(?a)")  # converting a converted pattern changes nothing
    result = ("(?a)" if ascii_only and not already else "") + converted
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # FutureWarning = Python would read it differently
        try:
            re.compile(result)
        except (re.error, FutureWarning) as exc:
            raise ValueError(f"pattern {pattern!r} has no Python equivalent: {exc}") from exc
    return result


@lru_cache(maxsize=1024)
def compile_go_regex(pattern: str) -> re.Pattern[str]:
    return re.compile(go_regex_to_python(pattern))
