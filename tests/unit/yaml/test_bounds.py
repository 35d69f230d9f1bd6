"""fluxc.yaml.bounds: only regular files are read, never blocking, and a stream's documents and nodes are capped."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
import yaml
from yaml.events import NodeEvent

from fluxc.report.diagnostics import Span
from fluxc.yaml.bounds import Crossed, NotRegularFile, may_cross, read_capped, scan
from helpers.hostile import NOT_REGULAR, call_within, kinds, make

LIBYAML = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the parser scan uses
WORDS = {"fifo": "named pipe (FIFO)", "zero": "character device", "urandom": "character device",
         "null": "character device", "directory": "a directory"}


@pytest.mark.parametrize("kind", kinds())
def test_only_regular_files_are_read_and_nothing_blocks(tmp_path: Path, kind: str) -> None:
    path = make(kind, tmp_path / "x.yaml")
    with pytest.raises(NotRegularFile) as info:
        call_within(lambda: read_capped(path, 10), fifos=[path])
    reason = str(info.value.strerror)
    assert f"{WORDS[kind.removeprefix('link-')]}, {NOT_REGULAR}" in reason
    assert ("symbolic link to" in reason) is kind.startswith("link-")


@pytest.mark.parametrize("kind", kinds(["fifo", "zero", "directory"]))
def test_a_path_swapped_after_the_stat_is_still_refused(tmp_path: Path, kind: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The stat says "regular file", then something else is opened: the fstat of what was opened decides."""
    regular = tmp_path / "regular.yaml"
    regular.write_text("a: 1\n")
    path = make(kind, tmp_path / "x.yaml")
    real_stat = os.stat
    monkeypatch.setattr("fluxc.yaml.bounds.os.stat", lambda p, *a, **k: real_stat(regular) if str(p) == str(path)
                        else real_stat(p, *a, **k))
    with pytest.raises(OSError, match=NOT_REGULAR if kind != "directory" else "directory"):
        call_within(lambda: read_capped(path, 10), fifos=[path])


@pytest.mark.parametrize(("size", "cap", "read"), [(0, 5, 0), (5, 5, 5), (6, 5, 6), (100, 5, 6)])
def test_at_most_one_byte_past_the_cap_is_read(tmp_path: Path, size: int, cap: int, read: int) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a" * size)
    assert len(read_capped(path, cap)) == read


@pytest.mark.parametrize(("cap", "read"), [(5, 6), (1 << 20, None)])
def test_a_file_longer_than_its_size_says_is_read_to_its_end_or_the_cap(cap: int, read: int | None) -> None:
    # read_capped asks for the size fstat gives; a file that holds more (one growing, /proc's size-0 files) is read on
    status = Path("/proc/self/status")
    if not status.is_file() or status.stat().st_size != 0:
        pytest.skip("needs Linux's /proc, whose files say they are empty")
    data = read_capped(status, cap)
    assert len(data) == read if read is not None else data.startswith(b"Name:") and data.endswith(b"\n")


def test_a_missing_file_is_an_os_error_not_a_not_regular_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_capped(tmp_path / "missing.yaml", 10)


# --- scan ----------------------------------------------------------------------------------------------------------

# Spellings of many values: each holds 3 * n + some nodes (n = 40).
MANY = {
    "block-list": "- a\n" * 120,
    "flow-list": "[" + "1," * 120 + "1]",
    "flow-keys": "{" + "?," * 60 + "?}",
    "mapping": "".join(f"k{i}: v\n" for i in range(60)),
    "nested": "- [a, [b, c]]\n" * 40,
    "empty-maps": "[" + "{}," * 120 + "{}]",
    "tagged": "[" + "!!str a," * 120 + "b]",
}


@pytest.mark.parametrize("text", list(MANY.values()), ids=list(MANY))
def test_nodes_over_the_cap_are_found_however_spelt(text: str) -> None:
    nodes = sum(isinstance(e, NodeEvent) for e in yaml.parse(text, Loader=yaml.SafeLoader))
    assert scan(text, max_nodes=nodes) is None
    crossed = scan(text, max_nodes=nodes - 1)
    assert crossed is not None and crossed.what == "nodes"


@pytest.mark.parametrize("separator", ["---\n", "--- {}\n", "--- a\n", "---\n...\n", "--- []\n"])
def test_documents_over_the_cap_are_found_at_the_first_one_past_it(separator: str) -> None:
    text = separator * 40
    assert scan(text, max_documents=40) is None
    crossed = scan(text, max_documents=39)
    lines_per_document = separator.count("\n")
    assert crossed == Crossed("documents", Span(39 * lines_per_document + 1, 1))


def _bomb(levels: int, width: int = 10) -> str:
    lines = [f"a0: &a0 [{', '.join(['x'] * width)}]\n"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]\n" for i in range(1, levels)]
    return "".join(lines)


def test_aliases_count_as_what_they_repeat_only_when_asked() -> None:
    text = _bomb(6)  # 10**6 values in ~400 bytes
    assert scan(text, max_nodes=1000) is None  # aliases refused elsewhere: each counts once
    crossed = scan(text, max_nodes=1000, expand_aliases=True)
    assert crossed is not None and crossed.what == "aliases"
    assert crossed.span.line == 3  # a2 is the first to stand for more than 1,000 values
    assert scan(_bomb(2), max_nodes=200, expand_aliases=True) is None  # 10 + 100 + keys: a modest use passes


@pytest.mark.parametrize("text", ["&a [*a]", "&a {k: *a}", "x: &a [1, [2, *a]]", "&a [&b [*a]]"])
def test_an_alias_inside_its_own_anchor_is_recursive(text: str) -> None:
    crossed = scan(text, expand_aliases=True)
    assert crossed is not None and crossed.what == "recursive"


def test_an_alias_after_its_anchor_closed_is_not_recursive() -> None:
    assert scan("a: &a [1]\nb: *a\nc: &a [2, *a]\n".replace("*a]", "1]"), expand_aliases=True) is None
    assert scan("a: &a [1]\nb: [*a, *a]\n", expand_aliases=True) is None


def test_depth_is_capped_when_asked() -> None:
    text = "[" * 30 + "]" * 30
    assert scan(text, max_depth=30) is None
    assert scan(text, max_depth=29) == Crossed("depth", Span(1, 30))


@pytest.mark.parametrize("text", ["a: [\n", "\x07", "{a: 1", "- a\n b: c"])
def test_what_is_no_yaml_is_left_to_the_parser(text: str) -> None:
    assert scan(text * 100, expand_aliases=True) is None  # expand_aliases: scanned however short


def test_no_yaml_text_holds_more_nodes_per_character_than_the_shortcut_assumes() -> None:
    """`may_cross` skips scanning short texts; that is sound only if no spelling is denser than it assumes."""
    alphabet = "[]{},?:-&*!a1 \n#'\"|>.~"
    rng = random.Random(8)
    densest = 0.0
    for _ in range(8000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14)))
        try:
            nodes = sum(isinstance(e, NodeEvent) for e in yaml.parse(text, Loader=LIBYAML))
        except yaml.YAMLError:
            continue
        densest = max(densest, nodes / len(text))
        assert may_cross(text, nodes - 1), (text, nodes)
    assert densest >= 1  # the generator does reach the dense spellings
