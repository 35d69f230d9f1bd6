"""YAML events to plain Python data plus a source map, refusing what is unsafe.

PyYAML's constructor keeps the last duplicate key, shares aliased nodes (an
alias bomb loads in a millisecond and explodes later) and builds timestamps,
so we read libyaml's *events* and build dicts and lists ourselves. Scalars
resolve as Go's yaml.v2 reads them (`scalars`); aliases and merge keys expand
as kustomize expands them (`anchors`; the caller's `bounds.scan` caps the cost).
Unknown anchors, malformed merges, duplicate and non-string keys, nesting past
``MAX_DEPTH`` and values Kubernetes cannot hold are diagnostics at their node,
also kept per document (`Document.problems`, for callers that set aside YAML
that is no Kubernetes object). Building is iterative: no RecursionError.
"""
from __future__ import annotations

from typing import Any, NamedTuple

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceStartEvent,
)

from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, JsonPath, Span, describe
from fluxc.yaml.anchors import MERGE_KEY, Anchored, anchored, apply_merges, repeated
from fluxc.yaml.document import Document, Located, SourceMap
from fluxc.yaml.scalars import (
    BAD_CHARACTER,
    FLOAT_TAG,
    MAP_TAG,
    MERGE_TAG,
    SEQ_TAG,
    STR_TAG,
    TAG_KINDS,
    Unrepresentable,
    character_problem,
    fits_tag,
    resolve_plain,
    show_tag,
)

# libyaml is ~20x faster than the pure-Python parser (used only if libyaml is
# missing); module-level so tests can swap it.
LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 64  # answers files are a few levels deep; this only stops abuse
TOO_DEEP_HINT = "answers files are only a few levels deep; look for a runaway run of brackets or indentation"
_new = tuple.__new__  # _new(Span, (line, col)) is Span(line, col) without its Python-level __new__: a third of the cost

class ParseResult(NamedTuple):
    """What `parse_stream` found; `complete` is False if parsing had to stop."""

    documents: list[Document]
    diagnostics: list[Diagnostic]
    complete: bool
    extra_document: Span | None  # start of the first document beyond the limit
    failure: yaml.YAMLError | UnicodeEncodeError | None = None  # syntax or bad character


def _span(mark: Any) -> Span:
    return _new(Span, (mark.line + 1, mark.column + 1)) if mark is not None else Span(1, 1)


class _Frame:
    """An open mapping or sequence and, for a mapping, the key awaiting its value."""

    __slots__ = ("container", "path", "located", "as_key", "key", "key_ok", "key_span", "seen", "anchor", "start",
                 "merging", "merges")

    def __init__(self, is_map: bool, path: JsonPath, located: Located, as_key: bool, anchor: str | None,
                 start: int) -> None:
        self.container: Any = {} if is_map else []
        self.path, self.located, self.as_key = path, located, as_key
        self.key: str | None = None  # None: the next node is a key
        self.key_ok = False  # False: the key was refused, so its value is dropped
        self.key_span: Span | None = None
        self.seen: dict[str, int] = {}  # key -> line of its first occurrence
        self.anchor, self.start = anchor, start  # its anchor; where its entries begin in the builder's `order`
        self.merging = -1  # while a `<<` value is built: where its entries begin in `order`
        self.merges: list[tuple[Any, int, Span]] = []  # each `<<` value, where its entries begin, the `<<`


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.diagnostics: list[Diagnostic] = []
        # Per-document state, reset at each document start.
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.entries: dict[JsonPath, Located] = {}
        self.order: list[JsonPath] = []  # the paths of `entries` as they were set: a node's subtree is a slice
        self.anchors: dict[str, Anchored] = {}
        self.first_problem = 0  # index in `diagnostics` of the document's first problem

    def error(self, code: str, message: str, path: JsonPath, span: Span, hint: str) -> None:
        self.diagnostics.append(Diagnostic(code, message, path, self.file, span, hint))

    def run(self, text: str, max_documents: int | None) -> ParseResult:
        documents: list[Document] = []
        extra: Span | None = None
        complete, failure, loader = False, None, None
        try:  # the loader's own loop (yaml.parse's, without a generator): it is built here, as it can fail
            loader = LOADER(text)
            more, next_event = loader.check_event, loader.get_event
            while more():
                event = next_event()
                if isinstance(event, ScalarEvent):
                    self.scalar(event)
                elif isinstance(event, CollectionEndEvent):
                    self.end(self.stack.pop())
                elif isinstance(event, (MappingStartEvent, SequenceStartEvent)):
                    if not self.start(event):
                        break  # too deep: the rest is not worth parsing
                elif isinstance(event, AliasEvent):
                    self.alias(event)
                elif isinstance(event, DocumentStartEvent):
                    if max_documents is not None and len(documents) >= max_documents:
                        extra, complete = _span(event.start_mark), True
                        break
                    self.stack, self.root, self.entries, self.order, self.anchors = [], None, {}, [], {}
                    self.first_problem = len(self.diagnostics)
                elif isinstance(event, DocumentEndEvent):
                    documents.append(Document(self.root, SourceMap(self.entries), self.file, len(documents),
                                              tuple(self.diagnostics[self.first_problem:])))
            else:
                complete = True
        except (yaml.YAMLError, UnicodeEncodeError) as exc:
            failure = exc  # reported by the caller, which reads the text around it
        finally:
            if loader is not None:
                loader.dispose()  # frees the C parser
        return ParseResult(documents, self.diagnostics, complete, extra, failure)

    def slot(self) -> tuple[JsonPath, bool, Span | None]:
        """Path of the node about to start, whether it is a key, and its key's span."""
        if not self.stack:
            return (), False, None
        top = self.stack[-1]
        if isinstance(top.container, list):
            return top.path + (len(top.container),), False, None
        if top.key is None:
            return top.path, True, None
        return top.path + (top.key,), False, top.key_span

    def finish(self, value: Any, located: Located, path: JsonPath, as_key: bool, ok: bool) -> None:
        """Hand a finished node to its parent; `ok` is False if it was already reported."""
        if as_key:
            self.take_key(value, located, path, ok)
            return
        self.entries[path] = located
        self.order.append(path)
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        if isinstance(top.container, list):
            top.container.append(value)
        else:
            if top.merging >= 0:
                top.merges.append((value, top.merging, top.key_span or located.span))
                top.merging = -1
            elif top.key_ok:
                top.container[top.key] = value
            top.key = None

    def end(self, frame: _Frame) -> None:
        """A finished list or mapping: its merge keys applied, handed to its parent, its anchor recorded."""
        for value, span in apply_merges(frame.container, frame.merges, frame.path, self.entries, self.order):
            self.error(codes.MERGE_KEY_INVALID, f"the merge key `<<` takes a mapping or a list of mappings, "
                       f"not {describe(value)}", (*frame.path, MERGE_KEY), span,
                       "write `<<: *anchor` for an anchored mapping, or `<<: [*a, *b]`")
        self.finish(frame.container, frame.located, frame.path, frame.as_key, True)
        if frame.anchor is not None and not frame.as_key:
            self.anchors[frame.anchor] = anchored(frame.container, frame.path, frame.start, self.entries, self.order)

    def take_key(self, value: Any, located: Located, path: JsonPath, ok: bool) -> None:
        top, span, text = self.stack[-1], located.span, located.text or ""
        top.key, top.key_ok, top.key_span = text, False, span
        if not ok:
            return
        if value == MERGE_KEY and not located.quoted:
            if MERGE_KEY in top.seen:
                self.error(codes.DUPLICATE_KEY, f"the merge key `<<` is repeated; it was first set on line "
                           f"{top.seen[MERGE_KEY]}", path, span, "merge several mappings with one key: "
                           "`<<: [*a, *b]`")
            else:
                top.seen[MERGE_KEY] = span.line
                top.merging = len(self.order)
            return
        if not isinstance(value, str):
            hint = (f'quote the key so it stays a string: `"{text}":`' if text
                    else "use a plain string as the key")
            self.error(codes.KEY_NOT_STRING, f"this key is read as {describe(value, show=True)}, but "
                       "keys must be strings", path, span, hint)
        elif value in top.seen:
            self.error(codes.DUPLICATE_KEY, f"the key `{value}` is repeated; it was first set on line "
                       f"{top.seen[value]}", path, span,
                       f"keep a single `{value}:` entry; YAML tools silently keep only one of the values")
        else:
            top.seen[value] = span.line
            top.key, top.key_ok = value, True

    def scalar(self, event: ScalarEvent) -> None:
        path, as_key, key_span = self.slot()
        span, text, tag = _span(event.start_mark), event.value, event.tag
        quoted = event.style not in (None, "")  # libyaml says "" for plain, PyYAML None
        if as_key:
            path += (text,)
        value: Any = text
        ok = True
        problem = character_problem(text) if BAD_CHARACTER.search(text) else None
        if problem is not None:
            ok = self.unrepresentable(problem, path, span, "remove the character; binary data belongs "
                                      "base64-encoded in a Secret's `data`")
        elif tag is None and not quoted:
            if not (as_key and text == MERGE_KEY):
                try:
                    value = resolve_plain(text)
                except Unrepresentable as exc:
                    value, ok = None, self.unrepresentable(exc.message, path, span, exc.hint)
        elif tag == MERGE_TAG and as_key and text == MERGE_KEY:
            quoted = False  # `!!merge <<` says what a plain `<<` key means
        elif tag not in (None, "!", STR_TAG):
            value, ok = self.tagged(str(tag), text, path, span)
        located = _new(Located, (span, key_span, text, quoted))
        self.finish(value, located, path, as_key, ok)
        if event.anchor is not None and not as_key:
            self.anchors[event.anchor] = Anchored(value, (((), located),))

    def unrepresentable(self, message: str, path: JsonPath, span: Span, hint: str) -> bool:
        self.error(codes.VALUE_NOT_REPRESENTABLE, message, path, span, hint)
        return False

    def tagged(self, tag: str, text: str, path: JsonPath, span: Span) -> tuple[Any, bool]:
        """Honour !!null/!!bool/!!int/!!float on a scalar if its text is one."""
        if tag not in TAG_KINDS:
            return None, self.refuse_tag(tag, path, span)
        try:
            value = resolve_plain(text)
        except Unrepresentable as exc:
            return None, self.unrepresentable(exc.message, path, span, exc.hint)
        if fits_tag(tag, value):
            return (float(value) if tag == FLOAT_TAG else value), True
        # the value is not repeated: it may be a Secret's (the position shows it)
        self.error(codes.TAG_MISMATCH, f"the value is tagged `{show_tag(tag)}` but is not {TAG_KINDS[tag]}",
                   path, span, "remove the tag or correct the value")
        return None, False

    def refuse_tag(self, tag: str, path: JsonPath, span: Span) -> bool:
        self.error(codes.TAG_REFUSED, f"the tag `{show_tag(tag)}` is not allowed", path, span,
                   "fluxc never constructs objects from tags; remove the tag and write the value as plain YAML "
                   "(only !!str, !!int, !!float, !!bool, !!null, !!map, !!seq and ! are accepted)")
        return False

    def alias(self, event: AliasEvent) -> None:
        """A copy of the anchored node, every entry of it pointing here."""
        path, as_key, key_span = self.slot()
        span, text = _span(event.start_mark), f"*{event.anchor}"
        node = self.anchors.get(str(event.anchor))
        if node is None:
            if as_key:
                path += (text,)
            inside = any(frame.anchor == event.anchor for frame in self.stack)
            self.error(codes.ALIAS_UNRESOLVED, f"the alias `{text}` is inside the node its anchor names"
                       if inside else f"the alias `{text}` names no anchor before it", path, span,
                       "an alias cannot repeat the node it is in" if inside else
                       f"define `&{event.anchor}` on a value above this line, in the same YAML document")
            self.finish(None, Located(span, key_span, text, False), path, as_key, False)
            return
        value, root, within = repeated(node, path, span, key_span)
        if as_key:
            path += (value if isinstance(value, str) else text,)
        else:
            self.entries.update(within)
            self.order += [p for p, _ in within]
        self.finish(value, root, path, as_key, True)

    def start(self, event: MappingStartEvent | SequenceStartEvent) -> bool:
        path, as_key, key_span = self.slot()
        span, is_map = _span(event.start_mark), isinstance(event, MappingStartEvent)
        if len(self.stack) >= MAX_DEPTH:
            self.error(codes.TOO_DEEP, f"the data is nested more than {MAX_DEPTH} levels deep",
                       path, span, TOO_DEEP_HINT)
            return False
        tag = event.tag
        if tag not in (None, "!", MAP_TAG if is_map else SEQ_TAG):
            if tag in TAG_KINDS:
                self.error(codes.TAG_MISMATCH, f"this value is {'a mapping' if is_map else 'a list'}"
                           f" but is tagged `{show_tag(tag)}`", path, span, "remove the tag")
            else:
                self.refuse_tag(str(tag), path, span)
        self.stack.append(_Frame(is_map, path, _new(Located, (span, key_span, None, False)), as_key, event.anchor,
                                 len(self.order)))
        return True


def parse_stream(text: str, file: str, *, max_documents: int | None = None) -> ParseResult:
    """Parse every document (or the first `max_documents`) of a YAML stream.

    Problems inside the data are in `diagnostics`; a syntax error or a
    forbidden character stops parsing and is returned as `failure`.
    """
    return _Builder(file).run(text, max_documents)
