"""One table of cases for several functions: each function's test takes its own rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest

# (function, case id, argument, what the function returns for it)
Row = tuple[Callable[..., Any], str, Any, Any]


def cases_of(function: Callable[..., Any], table: Sequence[Row]) -> list[Any]:
    """The rows of table for function, as pytest params (argument, result) with their case ids."""
    found = [pytest.param(argument, result, id=case) for f, case, argument, result in table if f is function]
    assert found, f"the table has no case for {function.__name__}"
    return found
