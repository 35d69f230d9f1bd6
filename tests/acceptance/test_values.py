"""Values read as Flux and Helm read them, and what they cannot hold refused: through the real CLI (issue 8).

* Never "internal error" (exit 3) for input: NaN/infinity, numbers beyond 64 bits and escaped control
  characters get one positioned FLX016 and exit 1, in an answers file (`values`, keys, typed fields), in a
  document `fluxc validate` reads (with and without --crds) and in packaged `manifests`.
* A value in `values` comes out of `fluxc build` as the value go-yaml read from the answers file: read
  back by fluxc's reader (go-yaml's rules), by PyYAML (YAML 1.1) and by `fluxc validate`, it is the same,
  trailing whitespace included (flux's TrimSpace of the last scalar is not allowed to eat it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from fluxc.cli import main
from fluxc.yaml.load import parse_documents, parse_single
from helpers.paths import shared_dir
from helpers.snippets import PODINFO_CHART, flux_object

ANSWERS = PODINFO_CHART + '  version: "6.5.4"\n'  # 7 lines: what a test appends starts on line 8
HELMRELEASE = flux_object("helm.toolkit.fluxcd.io/v2", "HelmRelease", (
    "spec:\n  interval: 5m\n  chart:\n    spec:\n      chart: podinfo\n      sourceRef:\n"
    "        kind: HelmRepository\n        name: podinfo\n"))  # 13 lines
INT64_MAX = 2**63 - 1

NAN_INF = [f"{s}.{w}" for s in ("", "+", "-") for w in ("inf", "Inf", "INF")] + [".nan", ".NaN", ".NAN"]
NUMBERS = [
    *NAN_INF, "!!float .inf", "!!float -.Inf", "!!float .nan",
    str(INT64_MAX + 1), str(-INT64_MAX - 2), str(2**64), hex(INT64_MAX + 1), "0o1000000000000000000000",
    "0b1" + "0" * 63, "1" * 4299, "1" * 4300, "1" * 4301, "1" * 5000, "1e309", "-1.5e400", ".5e999",
]
# The control characters a double-quoted escape can put in a string, that Flux cannot carry.
ESCAPES = [f'"\\x{c:02x}"' for c in range(0x7F, 0xA0)] + ['"\\N"', '"a\\uFFFE"', '"\\uffff b"', '"\\U0000009F"']


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def _one_error(err: str, file: Path, line: int, col: int) -> None:
    errors = [e for e in err.splitlines() if " error FLX" in e]
    assert errors == [e for e in errors if e.startswith(f"{file}:{line}:{col}: error FLX016: ")], err
    assert len(errors) == 1, err
    assert "internal error" not in err


# --- answers files: fluxc build -------------------------------------------------------------------

ANSWER_PLACES = [  # (YAML appended to ANSWERS, line, column of the scalar)
    pytest.param("values:\n  a: {}\n", 9, 6, id="values"),
    pytest.param("values:\n  {}: 1\n", 9, 3, id="values-key"),
    pytest.param("values:\n  l: [x, {}]\n", 9, 10, id="values-flow-list"),
    pytest.param("values:\n  deep:\n    - b: {}\n", 10, 10, id="values-nested"),
    pytest.param("timeout: {}\n", 8, 10, id="typed-field"),
    pytest.param("labels:\n  team: {}\n", 9, 9, id="label"),
]


@pytest.mark.parametrize(("place", "line", "col"), ANSWER_PLACES)
@pytest.mark.parametrize("value", NUMBERS + ESCAPES, ids=lambda v: v[:24])
def test_build_refuses_what_kubernetes_cannot_hold(tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str,
                                                   place: str, line: int, col: int) -> None:
    if "{}:" in place and len(value) > 1000:
        pytest.skip("a key is a plain scalar of at most 1024 characters")
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS + place.format(value), encoding="utf-8")
    code, out, err = _cli(["build", str(answers), "--stdout"], capsys)
    assert (code, out) == (1, "")
    _one_error(err, answers, line, col)


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "\\U0000DC00"])
def test_build_refuses_surrogate_escapes(tmp_path: Path, capsys: pytest.CaptureFixture[str], escape: str) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS + f'values:\n  a: "x{escape}"\n', encoding="utf-8")
    code, _, err = _cli(["build", str(answers), "--stdout"], capsys)
    assert code == 1 and "internal error" not in err
    assert err.startswith(f"{answers}:9:") and len(err.splitlines()) == 1  # libyaml's own syntax error


# --- documents given to fluxc validate, with bundled schemas and the official CRDs ---------------------

VALIDATE_PLACES = [
    pytest.param("  values:\n    a: {}\n", 15, 8, id="values"),
    pytest.param("  values:\n    {}: b\n", 15, 5, id="values-key"),
    pytest.param("  maxHistory: {}\n", 14, 15, id="typed-field"),
    pytest.param("  replicas: {}\n", 14, 13, id="unknown-field"),
]


@pytest.mark.parametrize("crds", [False, True], ids=["bundled", "crds"])
@pytest.mark.parametrize(("place", "line", "col"), VALIDATE_PLACES)
@pytest.mark.parametrize("value", NUMBERS + ESCAPES[::4], ids=lambda v: v[:24])
def test_validate_refuses_what_kubernetes_cannot_hold(tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str,
                                                      place: str, line: int, col: int, crds: bool) -> None:
    if "{}:" in place and len(value) > 1000:
        pytest.skip("a key is a plain scalar of at most 1024 characters")
    document = tmp_path / "release.yaml"
    document.write_text(HELMRELEASE + place.format(value), encoding="utf-8")
    extra = ["--crds", str(shared_dir("flux-crds"))] if crds else []
    code, _, err = _cli(["validate", str(document), *extra], capsys)
    assert code == 1
    _one_error(err, document, line, col)


@pytest.mark.parametrize("crds", [False, True], ids=["bundled", "crds"])
@pytest.mark.parametrize("value", [str(INT64_MAX), str(-INT64_MAX - 1), "0x7FFFFFFFFFFFFFFF", "1e308", "5e-324"])
def test_validate_accepts_the_boundaries(tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str,
                                         crds: bool) -> None:
    document = tmp_path / "release.yaml"
    document.write_text(HELMRELEASE + f"  values:\n    a: {value}\n    b: [{value}]\n", encoding="utf-8")
    extra = ["--crds", str(shared_dir("flux-crds"))] if crds else []
    assert _cli(["validate", str(document), *extra], capsys)[0] == 0


# --- packaged manifests -------------------------------------------------------------------------------------

PACKAGE = """\
fluxc: v1
name: shop
namespace: shop
outputFormat: raw
gitopsDeployment: flux
gitRepoUrl: https://github.com/acme/fleet.git
gitPath: apps/shop/manifests
manifests: ./rendered
"""
CONFIGMAP = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\ndata:\n"


@pytest.mark.parametrize("value", [".nan", "-.Inf", str(INT64_MAX + 1), "1" * 5000, "1e400", '"\\x7f"', '"\\N"'],
                         ids=lambda v: v[:24])
@pytest.mark.parametrize(("place", "line", "col"), [("  a: {}\n", 7, 6), ("  {}: b\n", 7, 3)], ids=["value", "key"])
def test_packaging_refuses_what_kubernetes_cannot_hold(tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str,
                                                       place: str, line: int, col: int) -> None:
    if "{}:" in place and len(value) > 1000:
        pytest.skip("a key is a plain scalar of at most 1024 characters")
    (tmp_path / "answers.yaml").write_text(PACKAGE)
    (tmp_path / "rendered").mkdir()
    manifest = tmp_path / "rendered" / "settings.yaml"
    manifest.write_text(CONFIGMAP + place.format(value), encoding="utf-8")
    code, _, err = _cli(["build", str(tmp_path / "answers.yaml"), "-o", str(tmp_path / "out")], capsys)
    assert code == 1
    _one_error(err, manifest, line, col)
    assert not (tmp_path / "out").exists()


# --- values round trip ---------------------------------------------------------------------------------------------

# Plain spellings and the value go-yaml v2 gives them (resolve.go): what Helm sees, and what must come out.
GO_YAML_READS = {
    "1e3": 1000.0, "12e03": 12000.0, "+.5": 0.5, "-.5": -0.5, "0o17": 15, "0O17": 15, "08": 8.0, "018": 18.0,
    "010": 8, "0x1F": 31, "0X1F": 31, "1_000": 1000, "0b101": 5, "0b-1": -1, "1.10": 1.1, "1.": 1.0, ".5e3": 500.0,
    "1_e3": 1000.0, "-0": 0, "1e-400": 0.0, "y": True, "N": False, "off": False, "~": None, "": None,
    "9223372036854775807": INT64_MAX, "-9223372036854775808": -INT64_MAX - 1, "1e19": 1e19, "1e-5": 1e-5,
    "1e300": 1e300, "6.447867763156285e17": 6.447867763156285e17, "5e-324": 5e-324, "1.7976931348623157e308":
    1.7976931348623157e308, ".5_0": ".5_0", "1:30": "1:30", "2024-01-01": "2024-01-01", "0x": "0x", "+.nan": "+.nan",
}
# Strings, written quoted or as blocks in the answers file, that a careless writer would change.
STRINGS = [
    "abc\n\n", "abc\n", "\n", "\n\n", "abc\u00a0", "abc ", " abc", "\u3000x\u3000", "tab\t", "a\u2028", "a\u2029b",
    "\ufeff", "x\u200a", "1e3", "08", "0o17", "+.5", "1_000", "0b-1", ".nan", "-.Inf", "9223372036854775808", "1e400",
    "1" * 5000, "y", "n", "~", "", "null", "0x1F", "1:30", "2024-01-01", "<<", "=", "*", "- x", "a: b", "#c",
]


def _same(back: Any, expected: Any) -> bool:
    """Equal as JSON values: numbers as float64 (Go's JSON pads shortest digits), everything else exactly."""
    if isinstance(expected, bool) or expected is None or isinstance(expected, str):
        return type(back) is type(expected) and back == expected
    if isinstance(expected, (int, float)):
        if isinstance(back, bool) or not isinstance(back, (int, float)):
            return False
        both_int = isinstance(back, int) and isinstance(expected, int)
        return back == expected if both_int else float(back) == float(expected)
    if isinstance(expected, dict):
        return isinstance(back, dict) and back.keys() == expected.keys() and all(
            _same(back[k], v) for k, v in expected.items())
    return isinstance(back, list) and len(back) == len(expected) and all(map(_same, back, expected))


def _yaml_string(s: str) -> str:
    return '"' + s.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'


def _build_values(tmp_path: Path, capsys: pytest.CaptureFixture[str], values_yaml: str) -> tuple[Any, str]:
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS + "values:\n" + values_yaml, encoding="utf-8")
    code, out, err = _cli(["build", str(answers), "--stdout"], capsys)
    assert code == 0, err
    read = parse_single(answers.read_text(encoding="utf-8"), str(answers)).data["values"]
    return read, next(d for d in out.split("\n---\n") if "kind: HelmRelease" in d)


def _values_read_back(release: str) -> list[Any]:
    text = release if release.startswith("---") else "---\n" + release
    return [parse_documents(text, "out.yaml")[0].data["spec"]["values"], yaml.safe_load(text)["spec"]["values"]]


@pytest.mark.parametrize("last", [False, True], ids=["inside", "last-scalar"])
@pytest.mark.parametrize("spelling", list(GO_YAML_READS), ids=repr)
def test_plain_values_come_out_as_go_yaml_read_them(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    spelling: str, last: bool) -> None:
    key = "zzz" if last else "a"
    read, release = _build_values(tmp_path, capsys, f"  {key}: {spelling}\n  list: [{spelling or '~'}]\n"
                                  + ("" if last else "  zzz: end\n"))
    assert _same(read[key], GO_YAML_READS[spelling])
    for back in _values_read_back(release):
        assert _same(back, read)


@pytest.mark.parametrize("last", [False, True], ids=["inside", "last-scalar"])
@pytest.mark.parametrize("string", STRINGS, ids=lambda s: repr(s[:20]))
def test_string_values_come_out_exactly(tmp_path: Path, capsys: pytest.CaptureFixture[str], string: str,
                                        last: bool) -> None:
    key = "zzz" if last else "a"
    read, release = _build_values(tmp_path, capsys, f"  {key}: {_yaml_string(string)}\n  {_yaml_string('k' + string[:1000])}: 1\n"
                                  + ("" if last else "  zzz: end\n"))
    assert read[key] == string
    for back in _values_read_back(release):
        assert _same(back, read)


@pytest.mark.parametrize("block", ["|+\n    abc\n\n\n", "|\n    abc\n", "|-\n    abc\n", ">+\n    a\n    b\n\n",
                                   "|2+\n     lead\n\n"])
def test_block_scalars_keep_their_line_breaks_in_last_position(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                               block: str) -> None:
    read, release = _build_values(tmp_path, capsys, f"  zzz: {block}")
    for back in _values_read_back(release):
        assert back == read


def test_build_output_validates_and_reads_back_the_same(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    values = "".join(f"  k{i}: {s}\n" for i, s in enumerate(GO_YAML_READS) if s)
    values += "".join(f"  s{i}: {_yaml_string(s)}\n" for i, s in enumerate(STRINGS))
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS + "values:\n" + values, encoding="utf-8")
    code, _, err = _cli(["build", str(answers), "-o", str(tmp_path / "out")], capsys)
    assert code == 0, err
    code, _, err = _cli(["validate", str(tmp_path / "out")], capsys)
    assert code == 0, err  # fluxc reads its own output: no number beyond int64, no trimmed string


def test_a_yaml_1_2_reader_reads_the_same_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ruamel.yaml import YAML  # a test dependency: a YAML 1.2 reader

    values = "".join(f"  s{i}: {_yaml_string(s)}\n" for i, s in enumerate(STRINGS))
    read, release = _build_values(tmp_path, capsys, values)
    assert YAML(typ="safe").load(release)["spec"]["values"] == read
