"""How a value is named in a message: the one place that words "got a boolean" and "the integer 42".

Every stage that tells the user what it found (the YAML loader, the schema
checks, metadata checks, kubernetes-validate's translation) says it the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def describe(value: Any, *, show: bool = False) -> str:
    """`a boolean`, `an integer`, `a mapping`, ...; with `show`, a scalar's value too (`the integer 42`).

    Booleans are tested first: in Python they are integers too.
    """
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}" if show else "a boolean"
    if isinstance(value, (int, float)):
        kind = "integer" if isinstance(value, int) else "number"
        return f"the {kind} {value}" if show else f"a{'n' if kind == 'integer' else ''} {kind}"
    if value is None:
        return "null" if show else "nothing (null)"
    if isinstance(value, Mapping):
        return "a mapping"
    return "a list" if isinstance(value, list) else "a string"
