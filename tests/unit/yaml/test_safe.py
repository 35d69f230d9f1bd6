"""fluxc.yaml.safe: the source map and streams (parsing itself is covered in test_load)."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

import fluxc.yaml.safe
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, Span
from fluxc.yaml.document import Located, SourceMap
from fluxc.yaml.safe import parse_stream


def test_source_map_falls_back_to_the_nearest_ancestor() -> None:
    smap = SourceMap({(): Located(Span(1, 1), None, None, False),
                      ("chart",): Located(Span(3, 3), Span(2, 1), None, False)})
    assert smap.span(("chart", "version")) == Span(3, 3)
    assert smap.span(("chart", "version"), key=True) == Span(2, 1)
    assert smap.span(("other",)) == Span(1, 1)
    assert ("chart",) in smap and ("chart", "version") not in smap


def test_parse_stream_keeps_every_document_and_its_index() -> None:
    result = parse_stream("a: 1\n---\nb: [x, z]\n", "f.yaml")
    assert result.complete and result.diagnostics == []
    assert [(d.position, d.data) for d in result.documents] == [(0, {"a": 1}), (1, {"b": ["x", "z"]})]
    second = result.documents[1].source_map
    assert second.get(("b", 1)) == Located(Span(3, 8), None, "z", False)
    assert second.span(("b",), key=True) == Span(3, 1)


# --- What Kubernetes cannot hold: one FLX016 at the scalar, in values and keys, with either loader ---

NAN_INF = [f"{s}.{w}" for s in ("", "+", "-") for w in ("inf", "Inf", "INF")] + [".nan", ".NaN", ".NAN"]
OUT_OF_RANGE = ["9223372036854775808", "-9223372036854775809", "18446744073709551616", "0x8000000000000000",
                "0o1000000000000000000000", "0b1" + "0" * 63, "1" * 4301, "1" * 5000, "1e309", "-1.0e+400"]
REFUSED_NUMBERS = NAN_INF + OUT_OF_RANGE
# (YAML text of the scalar, 0-based column where the scalar starts in "k: {}")
ESCAPES = [f'"\\x{c:02x}"' for c in range(0x7F, 0xA0)] + [
    '"\\N"', '"a\\u0085b"', '"\\uFFFE"', '"\\uffff"', '"\\U0000007F"', '"x \\x9f y"', '"multi\\n\\x80\\nline"']


@pytest.fixture(params=["libyaml", "pure-python"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.param == "pure-python":
        monkeypatch.setattr(fluxc.yaml.safe, "LOADER", yaml.SafeLoader)


def _only(text: str) -> Diagnostic:
    result = parse_stream(text, "f.yaml")
    assert result.failure is None and result.complete
    assert len(result.diagnostics) == 1, result.diagnostics
    return result.diagnostics[0]


@pytest.mark.usefixtures("loader")
@pytest.mark.parametrize("number", REFUSED_NUMBERS, ids=lambda t: t[:20])
@pytest.mark.parametrize(("template", "path", "span"), [
    ("a: 1\nk: {}\n", ("k",), Span(2, 4)),
    ("a: 1\nk: !!float {}\n", ("k",), Span(2, 4)),
    ("a: 1\nl: [x, {}]\n", ("l", 1), Span(2, 8)),
    ("a: 1\nm:\n  - {}\n", ("m", 0), Span(3, 5)),
    ("a: 1\n{}: v\n", ("{}",), Span(2, 1)),
    ("a: 1\nm: {{{}: v}}\n", ("m", "{}"), Span(2, 5)),
], ids=["value", "float-tag", "flow-list", "block-list", "key", "flow-key"])
def test_numbers_json_cannot_hold_are_one_diagnostic_at_the_scalar(number: str, template: str, path: Any,
                                                                   span: Span) -> None:
    if "!!float" in template and number[0] == "0" and number[1:2] in "xob":
        number = "1" * 5000  # `!!float 0x...` is a tag mismatch in go-yaml: a plain decimal instead
    if "{}:" in template and len(number) > 1024:
        number = number[:1000]  # YAML caps implicit keys at 1024 characters (a syntax error beyond)
    found = _only(template.format(number))
    assert found.code == codes.VALUE_NOT_REPRESENTABLE and found.span == span
    assert found.path == tuple(p.format(number) if isinstance(p, str) else p for p in path)
    assert found.hint and "quote" in found.hint
    if number not in NAN_INF:  # a number may be a secret (a Secret's numeric token): never repeated
        assert number.lstrip("+-")[:12] not in found.message + found.hint


@pytest.mark.usefixtures("loader")
@pytest.mark.parametrize("number", REFUSED_NUMBERS, ids=lambda t: t[:20])
def test_quoted_they_are_strings(number: str) -> None:
    for text in (f'k: "{number}"\n', f"k: '{number}'\n", f"k: !!str {number}\n"):
        result = parse_stream(text, "f.yaml")
        assert result.diagnostics == [] and result.documents[0].data == {"k": number}
    key = parse_stream(f'"{number[:1000]}": v\n', "f.yaml")
    assert key.diagnostics == [] and key.documents[0].data == {number[:1000]: "v"}


@pytest.mark.usefixtures("loader")
@pytest.mark.parametrize("scalar", ESCAPES)
@pytest.mark.parametrize(("template", "span"), [
    ("a: 1\nk: {}\n", Span(2, 4)), ("a: 1\n{}: v\n", Span(2, 1)), ("a: 1\nl: [{}]\n", Span(2, 5)),
    ("a: 1\nm: {{{}: v}}\n", Span(2, 5)),
], ids=["value", "key", "list-item", "flow-key"])
def test_escaped_characters_flux_cannot_carry_are_one_diagnostic(scalar: str, template: str, span: Span) -> None:
    found = _only(template.format(scalar))
    assert found.code == codes.VALUE_NOT_REPRESENTABLE and found.span == span
    assert re.search(r"U\+(00[789][0-9A-F]|FFF[EF])", found.message)


@pytest.mark.usefixtures("loader")
@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "\\U0000D800", "\\ud83d\\ude00"])
def test_surrogate_escapes_are_refused(escape: str) -> None:
    # libyaml (and go-yaml) refuse the escape itself; PyYAML's pure scanner builds the character.
    result = parse_stream(f'a: 1\nk: "x{escape}"\n', "f.yaml")
    if result.failure is not None:
        assert "invalid Unicode character escape" in str(result.failure) and result.diagnostics == []
    else:
        assert [(d.code, d.span) for d in result.diagnostics] == [(codes.VALUE_NOT_REPRESENTABLE, Span(2, 4))]


@pytest.mark.usefixtures("loader")
@pytest.mark.parametrize("escape", ["\\0", "\\a", "\\t", "\\e", "\\x01", "\\x1f", "\\x7e", "\\xa0", "\\_", "\\L",
                                    "\\P", "\\uFEFF", "\\uFFFD", "\\uD7FF", "\\uE000", "\\U0001F600", "\\U0010FFFF"])
def test_other_escapes_are_values(escape: str) -> None:
    result = parse_stream(f'k: "a{escape}b"\n"{escape}": 1\n', "f.yaml")
    assert result.diagnostics == [] and result.failure is None


def test_a_refused_key_drops_only_its_value() -> None:
    result = parse_stream('a: 1\n"\\x7f": {b: 2}\nc: .nan\nd: 4\n', "f.yaml")
    assert [d.span for d in result.diagnostics] == [Span(2, 1), Span(3, 4)]
    assert result.documents[0].data == {"a": 1, "c": None, "d": 4}
