"""A parsed YAML document and its source map: the data every later stage reads, and where each value was written.

Defined here and imported from here only; the loader (`safe`) builds them.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from fluxc.report.diagnostics import Diagnostic, JsonPath, Span


class Located(NamedTuple):
    """Where a value came from, and how it was written."""

    span: Span  # where the value node starts
    key_span: Span | None  # where its key starts (mapping values only)
    text: str | None  # scalar text without quotes; None for collections
    quoted: bool  # quoted or block scalar: a string on purpose


class SourceMap:
    """JSON path -> Located, so later stages can point at the user's text."""

    def __init__(self, entries: dict[JsonPath, Located]) -> None:
        self._entries = entries

    def get(self, path: JsonPath) -> Located | None:
        return self._entries.get(path)

    def span(self, path: JsonPath, *, key: bool = False) -> Span | None:
        """Span of the node at path, or of its nearest existing ancestor;
        key=True prefers the key's span."""
        # A missing key is best shown at the mapping that should hold it.
        for end in range(len(path), -1, -1):
            found = self._entries.get(path[:end])
            if found is not None:
                return (found.key_span or found.span) if key else found.span
        return None

    def __contains__(self, path: object) -> bool:
        return path in self._entries

    def mentions(self, needle: str) -> bool:
        """Whether a scalar or a mapping key of the document contains `needle` (one pass, nothing built)."""
        return any(needle in (located.text or "") or (path and isinstance(path[-1], str) and needle in path[-1])
                   for path, located in self._entries.items())


class Document(NamedTuple):  # not a frozen dataclass: every command imports it, and start-up counts
    data: Any
    source_map: SourceMap
    file: str
    position: int  # 0 for the first document of its stream
    problems: tuple[Diagnostic, ...] = ()  # what the loader found in this document (also raised for `build`)
