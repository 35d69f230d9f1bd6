"""Conformance of `fluxc validate` with the official Flux CRDs (../shared/flux-crds).

Every golden output passes `fluxc validate` with the bundled schemas and with
`--crds ../shared/flux-crds`. From each golden a set of mutations is derived
by editing its text (unknown field, wrong type, value outside an enum, pattern
mismatch, CEL violation, missing required field, bad name); each is rejected
by both, with the expected code on the expected line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml

from fluxc.cli import main
from fluxc.report import codes
from helpers.official import flux_golden_files
from helpers.paths import FIXTURES, shared_dir

GOLDEN_FILES = flux_golden_files()
DIAGNOSTIC = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): error (?P<code>FLX\d+): ", re.M)


class Mutated(NamedTuple):
    text: str
    code: str
    line: int  # 1-based line the diagnostic must point at


Mutation = Callable[[list[str], str], "Mutated | None"]


def _index(lines: list[str], prefix: str) -> int:
    return next(i for i, line in enumerate(lines) if line.startswith(prefix))


def _insert_under_spec(lines: list[str], new: list[str], code: str, offset: int = 0) -> Mutated:
    at = _index(lines, "spec:") + 1
    return Mutated("\n".join(lines[:at] + new + lines[at:]) + "\n", code, at + 1 + offset)


def _replace(lines: list[str], prefix: str, new: str, code: str) -> Mutated:
    at = _index(lines, prefix)
    return Mutated("\n".join(lines[:at] + [new] + lines[at + 1:]) + "\n", code, at + 1)


def unknown_field(lines: list[str], kind: str) -> Mutated:
    return _insert_under_spec(lines, ["  bogusField: true"], codes.UNKNOWN_KEY)


def wrong_type(lines: list[str], kind: str) -> Mutated:
    if kind in NOTIFICATION_KINDS:  # no interval: a boolean given a number
        return _insert_under_spec(lines, ["  suspend: 5"], codes.WRONG_TYPE)
    return _replace(lines, "  interval:", "  interval: 5", codes.WRONG_TYPE)


ENUM_FIELDS = {"GitRepository": ["  provider: gitlab"], "HelmRepository": ["  type: git"],
               "OCIRepository": ["  provider: ibm"], "Kustomization": ["  deletionPolicy: Sometimes"],
               "HelmRelease": ["  driftDetection:", "    mode: sometimes"]}
NOTIFICATION_KINDS = ("Provider", "Alert")  # no interval; their enums (type, eventSeverity) may be written already
ENUM_REPLACED = {"Provider": ("  type:", "  type: pigeon"), "Alert": ("  eventSeverity:", "  eventSeverity: warning")}


def outside_enum(lines: list[str], kind: str) -> Mutated:
    if kind in ENUM_REPLACED and any(line.startswith(ENUM_REPLACED[kind][0]) for line in lines):
        return _replace(lines, *ENUM_REPLACED[kind], codes.NOT_ALLOWED)
    if kind in ENUM_REPLACED:
        return _insert_under_spec(lines, [ENUM_REPLACED[kind][1]], codes.NOT_ALLOWED)
    new = ENUM_FIELDS[kind]
    if any(line.startswith(new[0].split(":")[0] + ":") for line in lines):
        # the golden writes the field already (a provider, driftDetection): give it a value outside the enum
        return _enum_replaced(lines, new)
    return _insert_under_spec(lines, new, codes.NOT_ALLOWED, offset=len(new) - 1)


def _enum_replaced(lines: list[str], new: list[str]) -> Mutated:
    at = _index(lines, new[0].split(":")[0] + ":")
    if len(new) == 1:
        return _replace(lines, lines[at], new[0], codes.NOT_ALLOWED)
    field = new[-1].split(":")[0] + ":"  # a nested enum: the line under the existing key
    inner = next(i for i in range(at + 1, len(lines)) if lines[i].startswith(field))
    return Mutated("\n".join(lines[:inner] + [new[-1]] + lines[inner + 1:]) + "\n", codes.NOT_ALLOWED, inner + 1)


def pattern_mismatch(lines: list[str], kind: str) -> Mutated:
    if kind == "Provider":  # its timeout takes no hours
        return _insert_under_spec(lines, ["  timeout: 1h"], codes.BAD_FORMAT)
    if kind == "Alert":  # no pattern in its spec: a summary over its maxLength
        return _insert_under_spec(lines, ["  summary: " + "x" * 256], codes.BAD_FORMAT)
    return _replace(lines, "  interval:", "  interval: 5 minutes", codes.BAD_FORMAT)


def cel_violation(lines: list[str], kind: str) -> Mutated | None:
    spec = _index(lines, "spec:") + 1
    if kind == "HelmRelease":  # both chart and chartRef: the rule sits on spec
        extra = ["  chartRef:", "    kind: OCIRepository", "    name: other"] if "  chart:" in lines else \
            ["  chart:", "    spec:", "      chart: other", "      sourceRef:", "        kind: HelmRepository",
             "        name: other"]
        return Mutated(_insert_under_spec(lines, extra, "").text, codes.CEL_RULE_FAILED, spec)
    if kind == "GitRepository":  # serviceAccountName needs provider azure or aws
        kept = [line for line in lines if not line.startswith("  provider:")]  # a golden's own azure or aws
        return Mutated(_insert_under_spec(kept, ["  serviceAccountName: sa"], "").text, codes.CEL_RULE_FAILED, spec)
    if kind == "Kustomization":  # kubeConfig needs exactly one of configMapRef and secretRef
        return _insert_under_spec(lines, ["  kubeConfig: {}"], codes.CEL_RULE_FAILED)
    if kind == "Provider" and "  type: slack" in lines:  # commitStatusExpr is for the Git provider types only
        return Mutated(_insert_under_spec(lines, ["  commitStatusExpr: x"], "").text, codes.CEL_RULE_FAILED, spec)
    return None  # HelmRepository, OCIRepository and Alert have no CEL rule


def missing_required(lines: list[str], kind: str) -> Mutated:
    required = {"HelmRepository": "  url:", "Provider": "  type:", "Alert": "  providerRef:"}.get(kind, "  interval:")
    at = _index(lines, required)
    end = at + 2 if kind == "Alert" else at + 1  # providerRef and its `name` line
    return Mutated("\n".join(lines[:at] + lines[end:]) + "\n", codes.MISSING_KEY, _index(lines, "spec:") + 1)


def bad_name(lines: list[str], kind: str) -> Mutated:
    return _replace(lines, "  name:", "  name: Bad_Name", codes.BAD_FORMAT)


MUTATIONS: list[Mutation] = [unknown_field, wrong_type, outside_enum, pattern_mismatch, cel_violation,
                             missing_required, bad_name]


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    # converted CRDs are cached under XDG_CACHE_HOME: keep the tests' cache out of the user's
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


def _validate(path: Path, capsys: pytest.CaptureFixture[str], crds: bool) -> tuple[int, str]:
    args = ["validate", "--quiet", str(path)] + (["--crds", str(shared_dir("flux-crds"))] if crds else [])
    code = main(args)
    return code, capsys.readouterr().err


def test_golden_outputs_cover_every_emitted_kind() -> None:
    kinds = {yaml.safe_load(p.read_text())["kind"] for p in GOLDEN_FILES}
    assert kinds == {"GitRepository", "HelmRepository", "OCIRepository", "HelmRelease", "Kustomization", "Provider",
                     "Alert"}


@pytest.mark.parametrize("crds", [False, True], ids=["bundled", "crds"])
@pytest.mark.parametrize("path", GOLDEN_FILES, ids=lambda p: str(p.relative_to(FIXTURES / "valid")))
def test_golden_output_passes_fluxc_validate(path: Path, crds: bool, capsys: pytest.CaptureFixture[str]) -> None:
    assert _validate(path, capsys, crds) == (0, "")


def _mutate(path: Path, mutation: Mutation) -> Mutated | None:
    text = path.read_text()
    return mutation(text.rstrip("\n").split("\n"), yaml.safe_load(text)["kind"])


# Every (golden, mutation) pair that applies: HelmRepository and OCIRepository have no CEL rule to violate.
CASES = [pytest.param(path, mutation, id=f"{path.relative_to(FIXTURES / 'valid')}-{mutation.__name__}")
         for path in GOLDEN_FILES for mutation in MUTATIONS if _mutate(path, mutation) is not None]


def test_every_mutation_applies_to_some_golden() -> None:
    assert {case.values[1] for case in CASES} == set(MUTATIONS)


@pytest.mark.parametrize("crds", [False, True], ids=["bundled", "crds"])
@pytest.mark.parametrize(("path", "mutation"), CASES)
def test_mutated_golden_is_rejected_on_the_expected_line(path: Path, mutation: Mutation, crds: bool,
                                                          tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mutated = _mutate(path, mutation)
    assert mutated is not None
    target = tmp_path / path.name
    target.write_text(mutated.text)
    code, err = _validate(target, capsys, crds)
    assert code == 1, err
    found = {(m["code"], int(m["line"])) for m in DIAGNOSTIC.finditer(err)}
    assert (mutated.code, mutated.line) in found, f"expected {mutated.code} on line {mutated.line}:\n{err}"
