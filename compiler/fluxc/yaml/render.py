"""Serialize objects to YAML byte-for-byte as `flux create ... --export` prints them.

flux marshals with sigs.k8s.io/yaml: Go struct -> JSON -> go-yaml v2 -> text, then
`strings.TrimSpace` and a "---" line. go-yaml v2's emitter is a port of libyaml, as is
PyYAML's C emitter, so we build the node tree ourselves with go-yaml's choices (key
order, scalar style, number text) and let PyYAML's emitter lay it out.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from functools import cmp_to_key, lru_cache
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from fluxc.yaml.scalars import (
    INT64_MAX,
    INT64_MIN,
    Unrepresentable,
    character_problem,
    go_reads_as_non_str,
    resolve_plain,
)

_STR, _MAP, _SEQ = (f"tag:yaml.org,2002:{t}" for t in ("str", "map", "seq"))
_TAGS = {ScalarNode: _STR, MappingNode: _MAP, SequenceNode: _SEQ}
_NO_PATH_RESOLVERS: dict[Any, Any] = {}  # PyYAML's path resolvers: we register none

try:  # libyaml's emitter: the one go-yaml was ported from, and ~10x faster
    from yaml import CSafeDumper as _BaseDumper
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]


class _Dumper(_BaseDumper):
    # Every node is built fresh (so no anchors/aliases) and every scalar, numbers
    # included, is a str node whose style we chose: report each node's own tag as
    # implicit so the emitter never writes a `!!tag`.
    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        return _TAGS[kind]

    # The emitter calls these around every node for path resolvers, which we never
    # register (BaseResolver's then return at once): C callables doing nothing, as
    # those Python methods took about 15 % of the emitter's time.
    descend_resolver = _NO_PATH_RESOLVERS.get  # type: ignore[assignment]  # (parent, index) -> index, unread
    ascend_resolver = _NO_PATH_RESOLVERS.clear  # () -> None; the dict stays empty


_RESOLVER = yaml.resolver.Resolver()  # PyYAML's YAML 1.1 implicit types
# What Go's strings.TrimSpace strips (unicode.IsSpace).
_GO_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))


def _fluxc_reads_as_non_str(s: str) -> bool:
    """fluxc's reader (go-yaml's, minus what JSON cannot hold) would not give `s` back."""
    try:
        return not isinstance(resolve_plain(s), str)  # None, bool, int or float
    except Unrepresentable:  # "1e400", "9223372036854775808": go-yaml prints them plain
        return True


@lru_cache(maxsize=8192)
def _scalar(s: str) -> tuple[str, str | None]:
    """The text flux prints for string `s` and go-yaml's style (None: plain if possible)."""
    # Control characters flux cannot carry (DEL, C1, NEL, U+FFFE/U+FFFF, surrogates): the
    # loader refuses them in input, so one here is a fluxc bug. flux itself would fail, or
    # fold NEL into a line break: never change a value silently.
    problem = character_problem(s)
    if problem is not None:
        raise ValueError(problem)
    if "\n" in s:
        return s, "|"  # the emitter falls back to double quotes where a block can't hold it
    if go_reads_as_non_str(s) or _fluxc_reads_as_non_str(s):
        # go-yaml double-quotes what it would read back as another type; fluxc also quotes
        # what go-yaml would keep as a string but fluxc refuses to read ("1e400").
        return s, '"'
    if _RESOLVER.resolve(ScalarNode, s, (True, False)) != _STR:  # type: ignore[no-untyped-call]
        # Only PyYAML's YAML 1.1 reads it as non-str ("=", "<<", "2024-13-01"; "*" can't
        # be plain anyway): go-yaml writes these plain, but then yaml.safe_load could not
        # read our output back, so quote them the way PyYAML would.
        return s, "'"
    return s, None


class _Unrenderable(Exception):
    """A value render refuses; the steps to it are added on the way out, so the path costs nothing until then."""

    def __init__(self, problem: str, root_named: bool = True) -> None:
        self.problem, self.root_named = problem, root_named  # root_named: "<root>" when the path is empty
        self.steps: list[str | int] = []  # innermost first

    def error(self) -> ValueError:
        path = ""
        for step in reversed(self.steps):
            path = f"{path}[{step}]" if isinstance(step, int) else f"{path}.{step}" if path else step
        return ValueError(f"{path or '<root>' if self.root_named else path}: {self.problem}")


def _str_node(s: str) -> ScalarNode:
    try:
        text, style = _scalar(s)
    except ValueError as e:
        raise _Unrenderable(str(e)) from None
    return ScalarNode(_STR, text, style=style)


def _go_key_cmp(a: str, b: str) -> int:
    """go-yaml v2 sorter.go keyList.Less: letters after non-letters, digit runs by value."""
    for i, (x, y) in enumerate(zip(a, b, strict=False)):  # a shared prefix decides
        if x == y:
            continue
        xl, yl = x.isalpha(), y.isalpha()
        if xl or yl:
            return (-1 if x < y else 1) if xl and yl else (-1 if yl else 1)
        an = bn = 0
        if x == "0" or y == "0":
            j = i - 1
            while j >= 0 and a[j].isdecimal():
                if a[j] != "0":
                    an = bn = 1
                    break
                j -= 1
        ai, bi = i, i
        while ai < len(a) and a[ai].isdecimal():  # int64 arithmetic: wraps like Go's
            an, ai = (an * 10 + ord(a[ai]) - 48 + 2**63) % 2**64 - 2**63, ai + 1
        while bi < len(b) and b[bi].isdecimal():
            bn, bi = (bn * 10 + ord(b[bi]) - 48 + 2**63) % 2**64 - 2**63, bi + 1
        if an != bn:
            return -1 if an < bn else 1
        if ai != bi:
            return -1 if ai < bi else 1
        return -1 if x < y else 1
    return (len(a) > len(b)) - (len(a) < len(b))


_KEY = cmp_to_key(_go_key_cmp)


def _go_float(f: float) -> str:
    """Go float64 -> encoding/json -> go-yaml text: integral values come back as ints.

    Two departures from go-yaml, both read back as the same float64 by go-yaml: the
    exponent form always has a point (go-yaml's `1e-05` is a string to YAML 1.1 readers
    such as PyYAML: `1.0e-05`), and integral values from 2^63 up use it too (go-yaml's
    `10000000000000000000` is a uint64, which fluxc's reader refuses as beyond int64).
    """
    if not math.isfinite(f):
        raise ValueError(f"{f} cannot be encoded (JSON has no NaN/Inf)")
    exact = Decimal(repr(f))  # repr has Go's shortest digits; JSON pads them with zeros
    if f.is_integer() and INT64_MIN <= exact <= INT64_MAX:  # go-yaml reads that JSON as an int
        return str(int(exact))
    sign, digits, exp = exact.normalize().as_tuple()
    assert isinstance(exp, int)
    point = len(digits) + exp - 1  # strconv 'g', shortest: %e unless -4 <= point < 6
    if -4 <= point < 6:
        return format(exact.normalize(), "f")
    text = "".join(map(str, digits))
    mant = text[0] + "." + (text[1:] or "0")
    return f"{'-' if sign else ''}{mant}e{'-' if point < 0 else '+'}{abs(point):02d}"


@lru_cache(maxsize=4096)
def _go_key_order(keys: tuple[str, ...]) -> list[str]:
    """go-yaml's order of a mapping's keys (the same few key sets recur in every object)."""
    for k in keys:  # not cached when it raises, so every mapping is checked
        if not isinstance(k, str):
            raise _Unrenderable(f"map key {k!r} is not a string")
    fast = all(k.isascii() and k.isalpha() for k in keys)  # then Go's order is plain order
    return sorted(keys) if fast else sorted(keys, key=_KEY)


def _node(value: Any) -> Node:
    """The node go-yaml would write for `value`; _Unrenderable (with the path to it) for what it cannot hold."""
    kind = type(value)
    if kind is str:  # most nodes: _str_node, inlined
        try:
            text, style = _scalar(value)
        except ValueError as e:
            raise _Unrenderable(str(e)) from None
        return ScalarNode(_STR, text, style=style)
    if kind is dict or (kind is not list and isinstance(value, Mapping)):
        return _mapping(value, _go_key_order(tuple(value)), _node)
    if kind is list or isinstance(value, tuple):
        return _sequence(value, _node)
    return _scalar_node(value)


def _mapping(value: Mapping[str, Any], keys: Iterable[str], child: Callable[[Any], Node]) -> MappingNode:
    pairs = []
    for k in keys:
        key = _str_node(k)  # a key's problem is shown at the mapping
        try:
            pairs.append((key, child(value[k])))
        except _Unrenderable as e:
            e.steps.append(k)
            raise
    return MappingNode(_MAP, pairs, flow_style=False)


def _sequence(value: Iterable[Any], child: Callable[[Any], Node]) -> SequenceNode:
    items = []
    for i, v in enumerate(value):
        try:
            items.append(child(v))
        except _Unrenderable as e:
            e.steps.append(i)
            raise
    return SequenceNode(_SEQ, items, flow_style=False)


def _scalar_node(value: Any) -> ScalarNode:
    if isinstance(value, str):
        return _str_node(value)
    if isinstance(value, bool):
        return ScalarNode(_STR, "true" if value else "false")
    if isinstance(value, int):
        if not INT64_MIN <= value <= INT64_MAX:  # the loader refuses these: a fluxc bug
            raise _Unrenderable(f"the integer {value} is beyond 64 bits", root_named=False)
        return ScalarNode(_STR, str(value))
    if isinstance(value, float):
        try:
            return ScalarNode(_STR, _go_float(value))
        except ValueError as e:
            raise _Unrenderable(str(e), root_named=False) from None
    if value is None:
        # Only user data (Helm values, where null deletes a chart default) can hold null:
        # emit drops empty fields, and the output schemas refuse null anywhere else.
        return ScalarNode(_STR, "null")
    raise _Unrenderable(f"cannot render {type(value).__name__} value {value!r}")


def _tree(obj: Any, ordered: bool = False) -> Node:
    """The node tree of a document (keys in go-yaml's order, or as given); ValueError naming the path."""
    try:
        return _ordered_node(obj) if ordered else _node(obj)
    except _Unrenderable as e:
        raise e.error() from None


def _end_scalar(node: Node, first: bool) -> ScalarNode | None:
    """The first (a key) or last scalar of a document, if its text starts or ends it."""
    while isinstance(node, (MappingNode, SequenceNode)) and node.value:
        end = node.value[0 if first else -1]
        node = end if isinstance(node, SequenceNode) else end[0 if first else 1]
    return node if isinstance(node, ScalarNode) else None


def render_document(obj: Mapping[str, Any]) -> str:
    """One manifest as flux prints it: "---", the YAML, exactly one final newline.

    flux prints strings.TrimSpace(yaml), which would also eat the trailing whitespace of
    the document's last scalar (blank lines of a `|+` block, a final U+00A0) or leading
    whitespace of its first key: a user's value silently changed. That scalar is written
    double-quoted instead, which TrimSpace cannot reach; go-yaml reads the same string.
    """
    root = _tree(obj)
    text = _serialize(root)
    eaten = (text[0] in _GO_SPACE, text.rstrip(_GO_SPACE) + "\n" != text)  # at the start, at the end
    if any(eaten):
        for first, end in ((True, _end_scalar(root, True)), (False, _end_scalar(root, False))):
            if end is not None and eaten[not first]:
                end.style = '"'
        text = _serialize(root)
    return "---\n" + text.strip(_GO_SPACE) + "\n"  # now the same text, with one final newline


def render_in_order(obj: Mapping[str, Any]) -> str:
    """A mapping as YAML with its keys in the order given, at every level; no `---`, one final newline.

    For files people edit (the answers files `fluxc init` writes), where a reading order beats go-yaml's
    sorted one. Scalars are written as `render_document` writes them: quoted wherever go-yaml or fluxc's
    reader would read another type (`"no"`, `"1.10"`), so the file reads back as the same values.
    """
    return _serialize(_tree(obj, ordered=True))


def _ordered_node(value: Any) -> Node:
    if isinstance(value, Mapping):
        if not all(isinstance(k, str) for k in value):
            raise _Unrenderable("a map key is not a string")
        return _mapping(value, list(value), _ordered_node)
    if isinstance(value, (list, tuple)):
        return _sequence(value, _ordered_node)
    return _node(value)


def _serialize(root: Node) -> str:
    text: str = yaml.serialize(root, Dumper=_Dumper, allow_unicode=True)
    # libyaml may end a keep-chomped (`|+`) last scalar with a "..." line; go-yaml never does.
    return text[:-4] if text.endswith("\n...\n") else text
