"""fluxc.report.diagnostics: the Diagnostic type, its rendering, ordering and CompileError."""

from __future__ import annotations

import pytest

from fluxc.report.diagnostics import (
    CompileError,
    Diagnostic,
    ExitCode,
    JsonPath,
    Span,
    describe,
    format_path,
    one_line,
    sort_diagnostics,
)

# --------------------------------------------------------------------------- render

RENDER = {
    "full": (Diagnostic("FLX101", "unknown key 'namepsace'", ("namepsace",), "answers.yaml", Span(3, 1),
                        "did you mean 'namespace'?"),
             "answers.yaml:3:1: error FLX101: $.namepsace: unknown key 'namepsace' (did you mean 'namespace'?)"),
    "nested-path": (Diagnostic("FLX102", "expected a string, got a number", ("chart", "version"), "a.yaml",
                               Span(7, 12), 'quote it: `version: "1.10"`'),
                    'a.yaml:7:12: error FLX102: $.chart.version: expected a string, got a number '
                    '(quote it: `version: "1.10"`)'),
    "no-span": (Diagnostic("FLX001", "the file cannot be read: No such file", (), "missing.yaml", None, "check it"),
                "missing.yaml: error FLX001: $: the file cannot be read: No such file (check it)"),
    "no-hint": (Diagnostic("FLX105", "the URL https:// has no host", ("gitRepoUrl",), "answers.yaml", Span(5, 13)),
                "answers.yaml:5:13: error FLX105: $.gitRepoUrl: the URL https:// has no host"),
    "no-file": (Diagnostic("FLX202", "no journey", (), "", Span(1, 1), "add one"),
                "<input>:1:1: error FLX202: $: no journey (add one)"),
    "no-file-no-span": (Diagnostic("FLX202", "no journey"), "<input>: error FLX202: $: no journey"),
    "warning": (Diagnostic("FLX302", "`gitBranch` has no effect", ("gitBranch",), "answers.yaml", Span(6, 1),
                           "remove it", "warning"),
                "answers.yaml:6:1: warning FLX302: $.gitBranch: `gitBranch` has no effect (remove it)"),
    "list-index": (Diagnostic("FLX210", "'podinfo' cannot depend on itself", ("dependsOn", 1), "answers.yaml",
                              Span(9, 5)),
                   "answers.yaml:9:5: error FLX210: $.dependsOn[1]: 'podinfo' cannot depend on itself"),
}


@pytest.mark.parametrize(("diag", "text"), RENDER.values(), ids=RENDER.keys())
def test_render(diag: Diagnostic, text: str) -> None:
    assert diag.render() == text


def test_defaults() -> None:
    diag = Diagnostic("FLX999", "msg")
    assert (diag.path, diag.file, diag.span, diag.hint, diag.severity) == ((), "", None, "", "error")
    assert diag.is_error


def test_warning_is_not_an_error() -> None:
    assert not Diagnostic("FLX302", "m", severity="warning").is_error


def test_with_file_returns_a_copy_with_every_other_field_kept() -> None:
    diag = Diagnostic("FLX302", "m", ("a", 0), "", Span(2, 3), "h", "warning")
    moved = diag.with_file("answers.yaml")
    assert moved == diag._replace(file="answers.yaml")
    assert diag.file == ""


def test_diagnostic_is_frozen_and_hashable() -> None:
    diag = Diagnostic("FLX101", "m", ("x",))
    with pytest.raises(AttributeError):
        diag.code = "FLX102"  # type: ignore[misc]
    assert len({diag, Diagnostic("FLX101", "m", ("x",))}) == 1


# --------------------------------------------------------------------------- format_path

PATHS: dict[str, tuple[JsonPath, str]] = {
    "root": ((), "$"),
    "key": (("name",), "$.name"),
    "nested": (("chart", "version"), "$.chart.version"),
    "index": (("dependsOn", 0), "$.dependsOn[0]"),
    "index-then-key": (("valuesFrom", 2, "name"), "$.valuesFrom[2].name"),
    "root-index": ((0,), "$[0]"),
    "dash-and-underscore": (("my-key", "_x"), "$.my-key._x"),
    "dotted-key": (("labels", "app.kubernetes.io/name"), "$.labels['app.kubernetes.io/name']"),
    "space": (("labels", "Bad Key"), "$.labels['Bad Key']"),
    "leading-digit": (("1abc",), "$['1abc']"),
    "leading-dash": (("-x",), "$['-x']"),
    "empty-key": (("",), "$['']"),
    "quote-in-key": (("it's",), '$["it\'s"]'),
    "non-ascii": (("café",), "$['café']"),
    "newline": (("a\nb",), "$['a\\nb']"),
}


@pytest.mark.parametrize(("path", "text"), PATHS.values(), ids=PATHS.keys())
def test_format_path(path: JsonPath, text: str) -> None:
    assert format_path(path) == text


# --------------------------------------------------------------------------- ordering

def test_sort_by_file_line_column_code_path() -> None:
    ordered = [
        Diagnostic("FLX001", "no span sorts first", (), "a.yaml"),
        Diagnostic("FLX103", "m", ("fluxc",), "a.yaml", Span(1, 1)),
        Diagnostic("FLX103", "m", ("name",), "a.yaml", Span(1, 1)),
        Diagnostic("FLX202", "m", (), "a.yaml", Span(1, 1)),
        Diagnostic("FLX101", "m", ("x",), "a.yaml", Span(1, 5)),
        Diagnostic("FLX101", "m", ("y",), "a.yaml", Span(2, 1)),
        Diagnostic("FLX101", "m", ("y",), "a.yaml", Span(10, 1)),  # numeric, not text, order of lines
        Diagnostic("FLX001", "m", (), "b.yaml", Span(1, 1)),
    ]
    assert sort_diagnostics(reversed(ordered)) == ordered
    assert sort_diagnostics(ordered[3:] + ordered[:3]) == ordered


def test_sort_path_uses_its_rendered_form() -> None:
    a = Diagnostic("FLX105", "m", ("dependsOn", 10), "f", Span(1, 1))
    b = Diagnostic("FLX105", "m", ("dependsOn", 2), "f", Span(1, 1))
    assert sort_diagnostics([b, a]) == [a, b]  # "$.dependsOn[10]" < "$.dependsOn[2]"


def test_sort_removes_exact_duplicates_only() -> None:
    one = Diagnostic("FLX103", "required key 'name' is missing", ("chart", "name"), "f", Span(4, 1), "add it")
    other_hint = one._replace(hint="something else")
    other_severity = one._replace(severity="warning")
    result = sort_diagnostics([one, one, one._replace(), other_hint, other_severity])
    assert len(result) == 3
    assert result.count(one) == 1


def test_sort_accepts_any_iterable_and_returns_a_list() -> None:
    diag = Diagnostic("FLX101", "m")
    result = sort_diagnostics(d for d in [diag])
    assert result == [diag] and isinstance(result, list)
    assert sort_diagnostics([]) == []


def test_span_orders_by_line_then_column() -> None:
    assert Span(1, 9) < Span(2, 1) < Span(2, 3)


# --------------------------------------------------------------------------- CompileError

def test_compile_error_carries_sorted_unique_diagnostics() -> None:
    late = Diagnostic("FLX101", "late", ("b",), "f", Span(9, 1))
    early = Diagnostic("FLX101", "early", ("a",), "f", Span(2, 1))
    error = CompileError([late, early, late])
    assert error.diagnostics == (early, late)
    assert isinstance(error.diagnostics, tuple)
    assert str(error) == "f:2:1: error FLX101: $.a: early\nf:9:1: error FLX101: $.b: late"


def test_compile_error_is_an_exception() -> None:
    with pytest.raises(CompileError) as info:
        raise CompileError([Diagnostic("FLX006", "empty")])
    assert isinstance(info.value, Exception)
    assert info.value.diagnostics[0].code == "FLX006"


# --------------------------------------------------------------------------- exit codes

@pytest.mark.parametrize(("code", "value"), [(ExitCode.OK, 0), (ExitCode.INVALID, 1), (ExitCode.USAGE, 2),
                                             (ExitCode.INTERNAL, 3)], ids=lambda v: str(v))
def test_exit_codes(code: ExitCode, value: int) -> None:
    assert code == value
    assert int(code) == value


def test_exit_codes_are_exactly_four() -> None:
    assert sorted(int(c) for c in ExitCode) == [0, 1, 2, 3]


@pytest.mark.parametrize(("value", "plain", "shown"), [
    (True, "a boolean", "the boolean true"),
    (3, "an integer", "the integer 3"),
    (1.5, "a number", "the number 1.5"),
    (None, "nothing (null)", "null"),
    ("x", "a string", "a string"),
    ([1], "a list", "a list"),
    ({"a": 1}, "a mapping", "a mapping"),
], ids=["bool", "int", "float", "null", "str", "list", "mapping"])
def test_describe_names_every_value_one_way(value: object, plain: str, shown: str) -> None:
    assert (describe(value), describe(value, show=True)) == (plain, shown)


# --------------------------------------------------------------------------- one problem, one line

def _breaks_a_line(char: str) -> bool:
    return len(f"a{char}b".splitlines()) > 1


LINE_BREAKS = [chr(c) for c in range(0x3000) if _breaks_a_line(chr(c))]  # \n \r \v \f \x1c-\x1e \x85 \u2028 \u2029
CONTROLS = [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0), 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, *range(0x202A, 0x202F),
                             *range(0x2066, 0x206A)]]


def test_the_line_breaks_python_knows_are_all_controls() -> None:
    assert len(LINE_BREAKS) == 10
    assert set(LINE_BREAKS) <= set(CONTROLS)


@pytest.mark.parametrize("char", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
@pytest.mark.parametrize("field", ["file", "message", "hint"])
def test_a_control_character_anywhere_is_escaped(char: str, field: str) -> None:
    fields = {"file": "out/a.yaml", "message": "cannot write", "hint": "check it"}
    fields[field] = fields[field][:3] + char + fields[field][3:]
    rendered = Diagnostic("FLX402", fields["message"], ("a", "b\nc"), fields["file"], Span(1, 2), fields["hint"]).render()
    assert len(rendered.splitlines()) == 1
    assert rendered.isprintable() or all(not ("\x00" <= c < " ") for c in rendered)
    assert char not in rendered
    assert repr(char)[1:-1] in rendered  # shown as Python writes it: \n, \x1b, \u2028


def test_a_file_name_cannot_fake_a_second_diagnostic() -> None:
    name = "a.yaml\nb.yaml:1:1: error FLX101: $: forged\x1b[2K"
    rendered = Diagnostic("FLX402", "cannot write", (), name).render()
    assert rendered == "a.yaml\\nb.yaml:1:1: error FLX101: $: forged\\x1b[2K: error FLX402: $: cannot write"


@pytest.mark.parametrize("text", ["plain", "café ünïcode ✓", "tab-free \\n backslash", "emoji 👩‍💻 zwj", "nbsp\u00a0x"])
def test_printable_text_is_left_as_it_is(text: str) -> None:
    assert one_line(text) == text
