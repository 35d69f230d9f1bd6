"""What reading one input may cost: regular files only, a byte cap, caps on YAML documents and nodes.

A path can name something that is not a file: a FIFO blocks the reader (even
its `open`) until a writer comes, `/dev/zero` and `/dev/urandom` never end, a
socket cannot be read at all. `read_capped` therefore refuses everything but a
regular file, without ever blocking: `stat` first (so a device is never even
opened: opening some, like a watchdog, has effects), then open with O_NONBLOCK
and check the opened file again with `fstat` (the path may have been swapped in
between; `fstat` sees what was really opened, whatever links led there).

A byte cap does not bound the work: 16 MiB of `---` is four million documents,
16 MiB of `[1,1,…]` eight million values, and a few hundred bytes of YAML
aliases can stand for billions. `scan` counts a stream's documents and nodes
(aliases counted as everything they repeat, if asked) on libyaml's event
stream, which costs no memory, and stops at the first cap crossed, so that
callers refuse such a stream before building anything from it.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from typing import TYPE_CHECKING, Literal, NamedTuple

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    NodeEvent,
)

from fluxc.report.diagnostics import Span

if TYPE_CHECKING:  # pathlib costs import time and is only named in a signature
    from pathlib import Path

# Far above any file a repository holds (`flux install --export`, every Flux CRD,
# is ~3 MiB, 1 document per CRD, ~100,000 nodes) and far below what hurts: building
# a million nodes takes a few seconds and a few hundred MB.
MAX_DOCUMENTS = 10_000
MAX_NODES = 1_000_000
# libyaml's densest spelling, `[?,?,…]`, makes 3 nodes of 2 characters, so a text
# cannot hold more nodes than this many per character (tested).
_NODES_PER_CHAR = 3 / 2

_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


class NotRegularFile(OSError):
    """The path names a directory, FIFO, device or socket: never read."""


def kind_of(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def _require_regular(path: Path | str, mode: int) -> None:
    kind = kind_of(mode)
    if kind is None:
        return
    link = f"a symbolic link to {os.path.realpath(path)}, which is " if os.path.islink(path) else ""
    raise NotRegularFile(0, f"it is {link}{kind}, not a regular file", str(path))


def read_capped(path: Path | str, max_bytes: int) -> bytes:
    """At most `max_bytes + 1` bytes of the regular file at `path` (one more tells "too large" apart).

    OSError if it cannot be read; NotRegularFile (an OSError) if it is anything but a
    regular file. Never blocks and never reads more than `max_bytes + 1` bytes.
    """
    _require_regular(path, os.stat(path).st_mode)
    fd = os.open(path, _OPEN_FLAGS)
    with open(fd, "rb") as handle:  # owns fd from here on
        opened = os.fstat(fd)
        _require_regular(path, opened.st_mode)  # what was opened, not what was stat'ed
        # read(n) allocates n bytes first (a 1 MiB cap cost 40 µs a file): ask for the size, read on if it grew
        wanted = min(opened.st_size, max_bytes) + 1
        data = handle.read(wanted)
        return data + handle.read(max_bytes + 1 - wanted) if len(data) == wanted <= max_bytes else data


def may_cross(text: str, max_nodes: int) -> bool:
    """Whether `text` is long enough to hold more than `max_nodes` nodes (else `scan` is not needed)."""
    return len(text) * _NODES_PER_CHAR + 2 > max_nodes  # + 2: `?` alone is 3 nodes


class Crossed(NamedTuple):
    """The first cap a stream crosses, and where."""

    what: Literal["documents", "nodes", "aliases", "recursive", "depth"]
    span: Span


def scan(text: str, *, max_nodes: int = MAX_NODES, max_documents: int | None = MAX_DOCUMENTS,
         expand_aliases: bool = False, max_depth: int | None = None,
         max_alias_nodes: int | None = None) -> Crossed | None:
    """The first cap `text` crosses, or None (also for text that is no YAML: the parser proper reports that).

    "nodes": more than `max_nodes` scalars, lists and mappings in all; "documents": more than
    `max_documents` (None: not checked here); with `expand_aliases`, an alias counts as every node
    of what it names ("aliases": only the aliases make it too many), and an alias inside what it
    names is "recursive" (PyYAML builds a cycle from it that every walk of the data loops on);
    `max_alias_nodes` also caps what the aliases add beyond the nodes written ("aliases");
    "depth": more than `max_depth` lists and mappings open at once (None: not checked here).
    """
    if (not may_cross(text, max_nodes) and (max_documents is None or len(text) < 3 * max_documents)
            and (max_depth is None or len(text) <= max_depth) and not expand_aliases):
        return None  # too short to cross a cap: a document after the first takes at least `---`
    total = written = documents = 0
    sizes: dict[str, int] = {}  # anchor -> the nodes it stands for
    opened: list[tuple[str | None, int]] = []  # anchor of each open collection, `total` before it
    open_anchors: Counter[str] = Counter()  # so that an alias finds out in one step if it is inside its anchor
    events = yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    try:
        for event in events:
            if isinstance(event, DocumentStartEvent):
                documents += 1
                if max_documents is not None and documents > max_documents:
                    return Crossed("documents", _span(event))
                sizes = {}  # anchors do not cross documents
            elif isinstance(event, CollectionEndEvent):
                anchor, before = opened.pop()
                if anchor is not None:
                    sizes[anchor] = total - before
                    open_anchors[anchor] -= 1
            elif isinstance(event, NodeEvent):
                written += 1
                if isinstance(event, AliasEvent) and expand_aliases:
                    anchor = str(event.anchor)  # never None on an alias
                    if open_anchors[anchor] > 0:
                        return Crossed("recursive", _span(event))
                    total += sizes.get(anchor, 1)  # an unknown anchor: the loader reports it
                else:
                    total += 1
                    if isinstance(event, CollectionStartEvent):
                        opened.append((event.anchor, total - 1))
                        if max_depth is not None and len(opened) > max_depth:
                            return Crossed("depth", _span(event))
                        if event.anchor is not None:
                            open_anchors[event.anchor] += 1
                    elif event.anchor is not None:
                        sizes[event.anchor] = 1
                if total > max_nodes or max_alias_nodes is not None and total - written > max_alias_nodes:
                    return Crossed("nodes" if written > max_nodes else "aliases", _span(event))
    except (yaml.YAMLError, UnicodeEncodeError):
        pass  # not YAML: the parser proper reports it, at its position
    finally:
        events.close()  # type: ignore[attr-defined]  # disposes the C parser
    return None


def _span(event: Event) -> Span:
    mark = event.start_mark
    return Span(mark.line + 1, mark.column + 1) if mark is not None else Span(1, 1)
