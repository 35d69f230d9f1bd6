"""Properties of `fluxc build`, over answers files hypothesis writes (tests/helpers/strategies.py).

1. Whatever the answers file (valid by construction, or with one thing broken), the build ends with
   exit 0 and Flux objects the official CRDs accept, or exit 1 with at least one `error FLX` line and
   nothing written: never exit 3, never a traceback.
2. Valid answers compile (exit 0).
3. `values` go into the HelmRelease unchanged: read back with PyYAML, they are the input (up to what
   flux's JSON step does to floats with an integral value: they become ints).
4. Every key of the format, given a value of each wrong type, is still (1): no exit 3.

CI runs the `ci` profile (few examples, derandomized: the same examples every run); a long campaign
is `HYPOTHESIS_PROFILE=long python -m pytest tests/acceptance/test_properties.py` (profiles: tests/conftest.py).
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import math
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import event, example, given
from hypothesis import strategies as st

from fluxc.cli import main
from helpers.official import official_crd_errors
from helpers.paths import FIXTURES, REPO, shared_dir
from helpers.strategies import JOURNEYS, Plain, answers_yaml, go_json, mutated_answers, valid_answers, values_trees

_ERROR_LINE = re.compile(r"^(?:.+: )?error FLX\d{3}: ", re.M)
_FLUX_API = re.compile(r"\.toolkit\.fluxcd\.io/")


@pytest.fixture(autouse=True, scope="module")
def _official_crds() -> None:
    shared_dir("flux-crds")  # skip (fail in CI) up front rather than inside an example


class Built:
    """One `fluxc build ANSWERS -o OUT`, run in-process on a fresh folder."""

    def __init__(self, answers: dict[str, Any]) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "answers.yaml"
            path.write_text(answers_yaml(answers), encoding="utf-8")
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                self.code = main(["build", str(path), "-o", str(Path(tmp) / "out")])
            self.stderr = out.getvalue() + err.getvalue()
            self.files = {str(p.relative_to(Path(tmp) / "out")): p.read_text(encoding="utf-8")
                          for p in sorted((Path(tmp) / "out").rglob("*")) if p.is_file()}
        self.text = answers_yaml(answers)

    def documents(self) -> list[dict[str, Any]]:
        return [d for text in self.files.values() for d in yaml.safe_load_all(text) if d is not None]


def _check_outcome(built: Built) -> None:
    context = f"answers file:\n{built.text}\nexit {built.code}; stderr:\n{built.stderr}"
    assert "Traceback" not in built.stderr and "internal error" not in built.stderr, context
    assert built.code in (0, 1), context
    if built.code == 1:
        assert _ERROR_LINE.search(built.stderr), context
        assert built.files == {}, context  # nothing written
        return
    assert built.files, context
    flux = [d for d in built.documents() if _FLUX_API.search(str(d.get("apiVersion", "")))]
    assert flux, context
    for document in flux:
        assert official_crd_errors(document) == [], f"{document}\n{context}"


@given(answers=valid_answers)
def test_valid_answers_compile_to_objects_the_official_crds_accept(answers: dict[str, Any]) -> None:
    built = Built(answers)
    event(f"exit {built.code}")  # --hypothesis-show-statistics shows the mix of outcomes
    _check_outcome(built)
    assert built.code == 0, f"answers file:\n{built.text}\nstderr:\n{built.stderr}"


_MINIMAL = {"fluxc": "v1", "name": "app", "deploymentMethod": "flux",
            "chart": {"repository": "https://example.com/charts/app", "name": "app"}}


@given(answers=mutated_answers())
@example(answers={**_MINIMAL, "deploymentMethod": []})  # found by hypothesis: exit 3, unhashable type: 'list'
@example(answers={**_MINIMAL, "deploymentMethod": {"a": 1}})
@example(answers={**_MINIMAL, "dependsOn": [[]]})  # exit 3 too: unhashable type: 'list' (rules._consistency)
def test_broken_answers_end_in_exit_1_with_an_error_or_in_valid_objects(answers: dict[str, Any]) -> None:
    built = Built(answers)
    event(f"exit {built.code}")
    _check_outcome(built)


# Every key of the format (and every key a valid answers file of each journey has, nested ones included)
# given each wrong type: the class hypothesis found with `deploymentMethod: []`, covered exhaustively.
_BASES = {journey: yaml.safe_load((FIXTURES / "valid" / case / "answers.yaml").read_text(encoding="utf-8"))
          for journey, case in (("chart", "chart-every-option"), ("git-helm", "git-helm-spec-example"),
                                ("git-kustomize", "git-raw-every-option"))}
_WRONG: list[Any] = [[], {"a": 1}, None, 1.5, Plain("no"), "x"]


def _schema_paths() -> list[tuple[str, ...]]:
    schema = json.loads((REPO / "schemas" / "answers.schema.json").read_text(encoding="utf-8"))
    return [(key,) for key in schema["properties"]] + [
        (key, sub) for key, prop in schema["properties"].items() for sub in prop.get("properties", {})]


def _key_paths(journey: str) -> list[tuple[Any, ...]]:
    def walk(node: Any, at: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
        return [p for k, v in items if k != "values" for p in [(*at, k), *walk(v, (*at, k))]]
    return sorted(set(walk(_BASES[journey], ())) | set(_schema_paths()), key=str)


@pytest.mark.parametrize(("journey", "path"), [(j, p) for j in _BASES for p in _key_paths(j)],
                         ids=lambda x: ".".join(map(str, x)) if isinstance(x, tuple) else x)
def test_every_key_with_a_wrong_type_ends_in_exit_1_or_valid_objects(journey: str, path: tuple[Any, ...]) -> None:
    for wrong in _WRONG:
        answers = copy.deepcopy(_BASES[journey])
        holder = answers
        for part in path[:-1]:
            holder = holder.setdefault(part, {}) if isinstance(holder, dict) else holder[part]
        if not isinstance(holder, (dict, list)):
            continue  # the parent is a scalar in this journey's base
        holder[path[-1]] = wrong
        _check_outcome(Built(answers))


# --- values round trip --------------------------------------------------------------------------------------
def _same(a: Any, b: Any) -> bool:
    """Equal with the same types all the way down (1 == 1.0 == True in Python, not in YAML)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return bool(a == b)


@given(answers=st.one_of(JOURNEYS["chart"], JOURNEYS["git-helm"]), values=values_trees)
@example(answers=_MINIMAL, values={"big": 1.907915558911105e16, "x": 1e300, "y": -0.0, "z": 1.5e-07, "w": 2.0,
                                   "no": "no", "1:30": "1:30", "=": "=", "<<": "<<", "date": "2024-01-01",
                                   "~": None, "e": [], "m": {}, "": ""})
def test_values_round_trip_through_the_helmrelease(answers: dict[str, Any], values: dict[str, Any]) -> None:
    built = Built({**answers, "values": values})
    assert built.code == 0, f"answers file:\n{built.text}\nstderr:\n{built.stderr}"
    # yaml.safe_load is YAML 1.1 like go-yaml v2, except: it reads `1:30` as 90, `2024-01-01` as a date, `=`
    # and `<<` specially (go-yaml: strings), and `1e+30` as a string (go-yaml: a float; PyYAML wants a `.`).
    # fluxc quotes those strings and writes floats as `1.0e+30`, so both readers get the values back.
    release = yaml.safe_load(built.files["helmrelease.yaml"])
    got = release["spec"].get("values", {})  # nothing empty is written: `values: {}` is left out
    assert _same(got, go_json(values)), f"{got!r}\n!=\n{values!r}\n{built.files['helmrelease.yaml']}"
