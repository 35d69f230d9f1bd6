"""The loading stage: bytes on disk -> one checked YAML document.

Each step refuses what a later step would misread: `load_answers` caps the read
(never the whole of a huge file), `decode` insists on UTF-8 text, and
`parse_single` insists on exactly one document whose top level is a mapping.
YAML itself is turned into data by `fluxc.yaml.safe` (see its docstring for how
scalars resolve and what is refused). Every problem is a `Diagnostic` raised
inside `CompileError`, never a traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import yaml

from fluxc.report import codes
from fluxc.report.diagnostics import CompileError, Diagnostic, Span, describe
from fluxc.yaml.bounds import MAX_DOCUMENTS, MAX_NODES, Crossed, NotRegularFile, may_cross, read_capped, scan
from fluxc.yaml.document import Document
from fluxc.yaml.safe import TOO_DEEP_HINT, ParseResult, parse_stream

if TYPE_CHECKING:  # pathlib costs import time and is only named in a signature
    from pathlib import Path

MAX_ANSWERS_BYTES = 1 << 20
MAX_MANIFEST_BYTES = 16 << 20
MAX_ANSWERS_NODES = 100_000  # a typical answers file has ~20; this is 10 MB of ordinary YAML
# What aliases may add to a file: HelmReleases repeat a name or a block of labels, not thousands of values.
MAX_ALIAS_NODES = 10_000
_MANIFESTS = ("a manifest file", "manifests this large are not written by hand")
_ANSWERS = ("an answers file", "an answers file is a few kilobytes of YAML")
_REPOSITORY = ("a file fluxc validates", "a hand-written manifest file is rarely over a few hundred kilobytes")

# Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_FOREIGN_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
_START_HINT = "an answers file is a YAML mapping; start it with `fluxc: v1`"


def _fail(code: str, message: str, file: str, hint: str, span: Span | None = None) -> CompileError:
    return CompileError([Diagnostic(code, message, (), file, span, hint)])


def _position(raw: bytes, offset: int) -> Span:
    """1-based line and character column of a byte offset."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    col = len(raw[line_start:offset].decode("utf-8", "replace")) + 1
    return Span(raw.count(b"\n", 0, offset) + 1, col)


def _size(n: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale and n % scale == 0:
            return f"{n // scale} {unit}"
    return f"{n} bytes"


def decode(raw: bytes, file: str) -> str:
    """UTF-8 bytes (a UTF-8 BOM is dropped) to text; anything else is refused."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    else:
        for bom, name in _FOREIGN_BOMS:
            if raw.startswith(bom):
                raise _fail(codes.FILE_NOT_UTF8,
                            f"the file is encoded as {name} (it starts with a {name} "
                            "byte-order mark), not UTF-8",
                            file, "save the file as UTF-8", Span(1, 1))
    nul = raw.find(b"\x00")
    if nul >= 0:  # checked before UTF-8: "binary" says more than "bad byte"
        span = _position(raw, nul)
        raise _fail(codes.FILE_BINARY,
                    f"the file contains a NUL byte (\\x00) at line {span.line}, column "
                    f"{span.col}, so it looks like a binary file, not YAML text",
                    file, "pass the YAML answers file; if this is UTF-16 text, save it as UTF-8",
                    span)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Show only an escape of the bad byte: the raw bytes could be anything.
        span = _position(raw, exc.start)
        raise _fail(codes.FILE_NOT_UTF8,
                    f"the file is not valid UTF-8: the byte \\x{raw[exc.start]:02x} at line "
                    f"{span.line}, column {span.col} cannot be decoded",
                    file, "save the file as UTF-8 (Latin-1 or Windows-1252 text must be "
                    "converted, e.g. `iconv -f latin1 -t utf-8`)", span) from None


def _syntax(exc: yaml.MarkedYAMLError, text: str, file: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    lines = text.splitlines()  # the same line breaks as YAML's, bar control characters
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    if lines and line > len(lines) and not text.endswith(("\n", "\r")):
        # libyaml puts the end of the stream one line past an unterminated last line.
        line, col = len(lines), len(lines[-1]) + 1
    problem = exc.problem or "the YAML is malformed"
    if "nesting depth" in problem:
        # libyaml's own cap (1000 open brackets) can fire before ours, because
        # its scanner looks ahead for a possible `[...]: value` key.
        return Diagnostic(codes.TOO_DEEP, "the data is nested too deeply for the YAML parser",
                          (), file, Span(line, col), TOO_DEEP_HINT)
    message = f"invalid YAML: {problem}"
    context = exc.context_mark
    # The context helps when it points elsewhere ("while scanning a quoted scalar
    # at line 3"), not when it repeats the problem's position or is past the end.
    if exc.context and context is not None and context.line < len(lines) and (
            mark is None or (context.line, context.column) != (mark.line, mark.column)):
        message += f" ({exc.context} at line {context.line + 1}, column {context.column + 1})"
    hint = ("check the indentation, quotes and brackets here; quote values that contain "
            "`: ` or ` #` or start with a special character")
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    tab = source.find("\t", 0, len(source) - len(source.lstrip(" \t")))
    if tab >= 0 or "tab" in problem.split():
        # libyaml's own messages rarely say "tab"; the indentation does.
        hint = "YAML forbids tabs for indentation; indent with spaces instead"
        col = tab + 1 if tab >= 0 else col
    return Diagnostic(codes.YAML_SYNTAX, message, (), file, Span(line, col), hint)


def _bad_character(text: str, file: str) -> Diagnostic:
    # libyaml reports a byte offset into its UTF-8 copy; finding the character
    # ourselves gives the character column editors show.
    found = yaml.reader.Reader.NON_PRINTABLE.search(text)
    index = found.start() if found else 0
    code = ord(text[index]) if found else 0
    line = text.count("\n", 0, index) + 1
    return Diagnostic(
        codes.YAML_SYNTAX,
        f"the file contains the character U+{code:04X}, which YAML does not allow",
        (), file, Span(line, index - text.rfind("\n", 0, index)),
        "remove the character; control characters usually come from a stray paste or a "
        "binary file")


def _problems(result: ParseResult, text: str, file: str) -> list[Diagnostic]:
    diagnostics = list(result.diagnostics)
    failure = result.failure
    if isinstance(failure, yaml.MarkedYAMLError):
        diagnostics.append(_syntax(failure, text, file))
    elif isinstance(failure, (yaml.reader.ReaderError, UnicodeEncodeError)):
        diagnostics.append(_bad_character(text, file))  # or a lone surrogate in `text`
    elif failure is not None:  # no position known
        diagnostics.append(Diagnostic(codes.YAML_SYNTAX, f"invalid YAML: {failure}", (), file,
                                      None, "check the file's YAML syntax"))
    return diagnostics


def _too_much(crossed: Crossed, file: str, max_nodes: int, what: tuple[str, str]) -> Diagnostic:
    """A stream over a cap of `fluxc.yaml.bounds`: one diagnostic at the first node or document past it."""
    if crossed.what == "recursive":
        return Diagnostic(codes.ALIAS_UNRESOLVED, "this alias is inside the node its anchor names, so it would "
                          "repeat itself forever", (), file, crossed.span, "an alias cannot repeat the node it is in")
    if crossed.what == "aliases":
        return Diagnostic(codes.FILE_TOO_LARGE, f"expanding the aliases of the file adds more than "
                          f"{MAX_ALIAS_NODES:,} YAML values, the limit for {what[0]}", (), file, crossed.span,
                          "each alias repeats everything its anchor names, so nested aliases multiply (an alias "
                          'bomb, "billion laughs"); write the values out or use fewer levels of aliases')
    if crossed.what == "documents":
        counted = f"more than {MAX_DOCUMENTS:,} YAML documents"
    else:
        counted = f"more than {max_nodes:,} YAML values (scalars, lists and mappings)"
    return Diagnostic(codes.FILE_TOO_LARGE, f"the file holds {counted}, the limit for {what[0]}", (), file,
                      crossed.span, f"{what[1]}; check that this is the right file")


def _scan(text: str, max_nodes: int, max_documents: int) -> Crossed | None:
    """`scan`, counting aliases as all they repeat when the text can hold one (an alias needs a `*`)."""
    return scan(text, max_nodes=max_nodes, max_documents=max_documents, expand_aliases="*" in text,
                max_alias_nodes=MAX_ALIAS_NODES)


def parse_documents(text: str, file: str, *, each_document: bool = False,
                    what: tuple[str, str] = _MANIFESTS) -> list[Document]:
    """Every document of a YAML stream, or CompileError with every problem found.

    At most MAX_DOCUMENTS documents and MAX_NODES nodes, aliases expanded (FILE_TOO_LARGE
    beyond): the byte cap alone allows millions of each, and each costs time and memory.
    With `each_document`, a problem inside one document (a tag, a duplicate key) is left in
    its `Document.problems` for the caller; only what spoils the stream is raised. `what` names the
    kind of file in a message about a cap.
    """
    crossed = _scan(text, MAX_NODES, MAX_DOCUMENTS)
    if crossed is not None:
        raise CompileError([_too_much(crossed, file, MAX_NODES, what)])
    result = parse_stream(text, file, max_documents=MAX_DOCUMENTS)  # the scan may have been skipped
    if each_document:
        result = result._replace(diagnostics=[])
    diagnostics = _problems(result, text, file)
    if result.extra_document is not None:
        diagnostics.append(_too_much(Crossed("documents", result.extra_document), file, MAX_NODES, what))
    if diagnostics:
        raise CompileError(diagnostics)
    return result.documents


def parse_single(text: str, file: str) -> Document:
    """Exactly one document whose root is a mapping (an answers file)."""
    if may_cross(text, MAX_ANSWERS_NODES) or "*" in text:  # a second document is for parse_stream to report
        crossed = _scan(text, MAX_ANSWERS_NODES, 1)
        if crossed is not None and crossed.what != "documents":
            raise CompileError([_too_much(crossed, file, MAX_ANSWERS_NODES, _ANSWERS)])
    # Stop at a second document: its contents cannot matter, only that it exists.
    result = parse_stream(text, file, max_documents=1)
    diagnostics = _problems(result, text, file)
    if result.extra_document is not None:
        diagnostics.append(Diagnostic(
            codes.SEVERAL_DOCUMENTS,
            "the file holds more than one YAML document; an answers file must hold exactly one",
            (), file, result.extra_document,
            "remove this `---` separator and what follows, or move it to its own file"))
    if result.complete:
        root = result.documents[0] if result.documents else None
        data = root.data if root is not None else None
        if data is None and not diagnostics:
            # Comments only, `---` only, whitespace or a bare `~`.
            diagnostics.append(Diagnostic(codes.FILE_EMPTY, "the file contains no YAML data",
                                          (), file, None, _START_HINT))
        elif root is not None and data is not None and not isinstance(data, dict):
            diagnostics.append(Diagnostic(
                codes.ROOT_NOT_MAPPING,
                f"the top level of the file is {describe(data)}, but an answers file must be a "
                "mapping of keys to values",
                (), file, root.source_map.span(()), _START_HINT))
    if diagnostics:
        raise CompileError(diagnostics)
    return result.documents[0]


def load_answers(path: Path, display: str, *, max_bytes: int = MAX_ANSWERS_BYTES) -> Document:
    """Read (at most max_bytes + 1 bytes), decode and parse an answers file."""
    return parse_single(_read(path, display, max_bytes, _ANSWERS), display)


def load_stream(path: Path, display: str, *, max_bytes: int = MAX_MANIFEST_BYTES) -> list[Document]:
    """Read, decode and parse a file of Kubernetes manifests (any number of documents, up to MAX_DOCUMENTS)."""
    return parse_documents(_read(path, display, max_bytes, _MANIFESTS), display)


def load_repository_file(path: Path, display: str) -> list[Document]:
    """A YAML file of a repository for `fluxc validate` (at most 1 MiB, like an answers file): every
    document, each with its own problems, for the caller to judge (a Taskfile's `!env_var` is no error)."""
    return parse_documents(_read(path, display, MAX_ANSWERS_BYTES, _REPOSITORY), display, each_document=True,
                           what=_REPOSITORY)


def _read(path: Path, display: str, max_bytes: int, what: tuple[str, str]) -> str:
    """The decoded text of a regular file (never a FIFO or device: see fluxc.yaml.bounds), size-capped."""
    try:
        raw = read_capped(path, max_bytes)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        hint = ("fluxc reads only regular files: a pipe or device could block or never end; save the "
                "content to a file and give that" if isinstance(exc, NotRegularFile) and
                "directory" not in reason else
                "check that the path names a regular file you have permission to read")
        raise _fail(codes.FILE_UNREADABLE, f"the file cannot be read: {reason}", display, hint) from None
    if len(raw) > max_bytes:
        raise _fail(codes.FILE_TOO_LARGE, f"the file is larger than {_size(max_bytes)}, the limit for {what[0]}",
                    display, f"{what[1]}; check that this is the right file")
    return decode(raw, display)
