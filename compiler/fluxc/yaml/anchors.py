"""YAML anchors, aliases and merge keys, expanded as kustomize and Flux expand them.

kustomize (kyaml) expands every alias and merge key before it builds, so Flux
applies the expanded objects; fluxc reads them the same way. The builder
(`fluxc.yaml.safe`) records each anchored node as it finishes (`Anchored`: its
value and the source-map entries under it); an alias is a fresh copy of that
value whose entries all point at the alias (a problem inside it is reported
where the alias is used). A merge key `<<` takes a mapping or a list of them;
its keys are added to the mapping that holds it unless that mapping sets them
itself (explicit keys win; in a list, earlier mappings win), and every merged
entry points at the `<<`. What expansion may cost is bounded before building:
`fluxc.yaml.bounds.scan` counts an alias as every node it repeats.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from fluxc.report.diagnostics import JsonPath, Span
from fluxc.yaml.document import Located

MERGE_KEY = "<<"


class Anchored(NamedTuple):
    """An anchored node: its value and its source-map entries, with paths relative to the node."""

    value: Any
    entries: tuple[tuple[JsonPath, Located], ...]


def copy_tree(value: Any) -> Any:
    """A copy of plain YAML data (dicts, lists, scalars), so that no two paths share a container."""
    if isinstance(value, dict):
        return {key: copy_tree(item) for key, item in value.items()}
    if isinstance(value, list):
        return [copy_tree(item) for item in value]
    return value


def relocated(entries: Iterable[tuple[JsonPath, Located]], at: JsonPath, span: Span,
              key_span: Span | None) -> Iterable[tuple[JsonPath, Located]]:
    """Entries moved under `at`, every one pointing at `span` (the alias or `<<` that put them there);
    the root entry keeps `key_span`, the key it is the value of."""
    for path, located in entries:
        yield at + path, located._replace(span=span, key_span=key_span if not path else span)


def merge_sources(value: Any) -> list[tuple[int | None, dict[str, Any]]] | None:
    """The mappings a `<<` value merges, in order of precedence, each with its index in a list
    (None: the value itself); None if the value is not a mapping or a list of mappings."""
    if isinstance(value, dict):
        return [(None, value)]
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        return list(enumerate(value))
    return None


def merge_into(container: dict[str, Any], value: Any, merge_path: JsonPath,
               under: dict[JsonPath, Located], span: Span) -> list[tuple[JsonPath, Located]] | None:
    """Add the keys of the `<<` value at `merge_path` that `container` lacks. `under` holds the value's
    source-map entries (paths under `merge_path`); the result is the entries of the merged keys, moved to
    the container's path and pointing at the `<<` (`span`). None if the value is not a mapping or a list
    of mappings (the caller reports it)."""
    sources = merge_sources(value)
    if sources is None:
        return None
    skip = len(merge_path) + (0 if isinstance(value, dict) else 1)  # past the list index, if any
    by_source: dict[tuple[Any, ...], list[tuple[JsonPath, Located]]] = {}
    for path, located in under.items():
        if len(path) > skip:
            source = path[len(merge_path):skip + 1]  # (key,) or (index, key)
            by_source.setdefault(source, []).append((path[skip + 1:], located))
    parent, moved = merge_path[:-1], list[tuple[JsonPath, Located]]()
    for index, mapping in sources:
        for key, item in mapping.items():
            if key in container:
                continue  # set in the mapping itself, or by an earlier mapping of the list
            container[key] = item
            taken = by_source.get((key,) if index is None else (index, key), [])
            moved += relocated(taken, (*parent, key), span, span)
    return moved


def apply_merges(container: dict[str, Any], merges: list[tuple[Any, int, Span]], path: JsonPath,
                 entries: dict[JsonPath, Located], order: list[JsonPath]) -> list[tuple[Any, Span]]:
    """Merge each `<<` value (with where its entries begin in `order`, and the `<<`'s span) into the mapping at
    `path`, moving the source-map entries; the values that are no mapping nor list of mappings, unmerged."""
    failed = []
    at = (*path, MERGE_KEY)
    for value, start, span in merges:
        under = {p: entries.pop(p) for p in order[start:] if p[:len(at)] == at and p in entries}
        moved = merge_into(container, value, at, under, span)
        if moved is None:
            failed.append((value, span))
            continue
        entries.update(moved)
        order += [p for p, _ in moved]
    return failed


def anchored(value: Any, path: JsonPath, start: int, entries: dict[JsonPath, Located],
             order: list[JsonPath]) -> Anchored:
    """The node at `path` for the aliases that follow: its entries, relative to it, are those set since it
    started (`order[start:]`; its own entry comes last)."""
    cut = len(path)
    inside = dict.fromkeys(p for p in order[start:] if p[:cut] == path and p in entries)
    return Anchored(value, tuple((p[cut:], entries[p]) for p in inside))


def repeated(node: Anchored, path: JsonPath, span: Span,
             key_span: Span | None) -> tuple[Any, Located, list[tuple[JsonPath, Located]]]:
    """What an alias at `path` stands for: a copy of the value, its own entry and the entries inside it, all
    pointing at the alias (`span`)."""
    root = next((located for p, located in node.entries if not p), Located(span, key_span, None, False))
    inside = list(relocated([(p, located) for p, located in node.entries if p], path, span, span))
    return copy_tree(node.value), root._replace(span=span, key_span=key_span), inside
