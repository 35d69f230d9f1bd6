"""Repository mode as a platform team uses it: a 200-application fleet (bench/fleet.py, every journey mixed,
sources shared) built with `fluxc build FLEET -o OUT`, and OUT built by `kubectl kustomize`, as the one Flux
Kustomization that syncs OUT would build it."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from helpers.packages import kustomize
from helpers.paths import REPO

APPLICATIONS = 200
Identity = tuple[str, str, str]  # kind, namespace, name


def _fleet_module() -> ModuleType:
    """bench/fleet.py, loaded from the repository's path (bench/ is no package, and the current folder may be any)."""
    spec = importlib.util.spec_from_file_location("bench_fleet", REPO / "bench" / "fleet.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    """The fleet's folder and its answers, read back."""
    root = tmp_path_factory.mktemp("fleet")
    paths = _fleet_module().write_fleet(root, APPLICATIONS)
    return root, [yaml.safe_load(path.read_text(encoding="utf-8")) for path in paths]


def _build(fleet: Path, out: Path, *options: str) -> dict[str, bytes]:
    """`fluxc build FLEET -o OUT` as a user runs it (exit 0, nothing on stderr); the tree it wrote."""
    run = subprocess.run([sys.executable, "-m", "fluxc", "build", str(fleet), "-o", str(out), *options],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert "error" not in run.stderr and "warning" not in run.stderr, run.stderr
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob("*")) if path.is_file()}


def _expected(answers: list[dict[str, Any]]) -> tuple[set[Identity], Counter[str]]:
    """The applications' objects, and how many sources of each kind: one per repository and settings, which the
    generator gives every answers file that names it alike (so one per derived name)."""
    applications, sources = set(), set()
    for app in answers:
        namespace = app.get("fluxNamespace", "flux-system")
        chart = app.get("chart")
        if chart is None:
            applications.add(("HelmRelease" if app["outputFormat"] == "helm" else "Kustomization", namespace,
                              app["name"]))
            sources.add(("GitRepository", namespace, app.get("gitRepositoryName", app["gitRepoUrl"])))
            continue
        applications.add(("HelmRelease", namespace, app["name"]))
        if chart["repository"].startswith("oci://"):
            sources.add(("OCIRepository", namespace, chart.get("repositoryName", chart["name"])))
        else:
            sources.add(("HelmRepository", namespace, chart.get("repositoryName", chart["repository"])))
    return applications, Counter(kind for kind, _, _ in sources)


def _source_of(document: dict[str, Any]) -> Identity:
    spec = document["spec"]
    ref = spec["chart"]["spec"]["sourceRef"] if "chart" in spec else spec.get("chartRef") or spec["sourceRef"]
    return ref["kind"], ref.get("namespace", document["metadata"]["namespace"]), ref["name"]


def test_kubectl_kustomize_builds_the_fleet_with_each_object_once(
        fleet: tuple[Path, list[dict[str, Any]]], tmp_path: Path) -> None:
    root, answers = fleet
    out = tmp_path / "out"
    _build(root, out, "-q")
    documents = [document for document in yaml.safe_load_all(kustomize(out)) if document]
    identities = Counter((d["kind"], d["metadata"]["namespace"], d["metadata"]["name"]) for d in documents)
    assert [identity for identity, count in identities.items() if count > 1] == []
    applications, sources = _expected(answers)
    assert len(documents) == len(applications) + sum(sources.values())
    assert {identity for identity in identities if identity[0] in ("HelmRelease", "Kustomization")} == applications
    assert Counter(kind for kind, _, _ in identities if kind.endswith("Repository")) == sources
    assert len(applications) == APPLICATIONS and sum(sources.values()) < APPLICATIONS  # sources were shared
    missing = {_source_of(d) for d in documents if d["kind"] in ("HelmRelease", "Kustomization")} - set(identities)
    assert missing == set(), "an application refers to a source that the tree does not hold"


def test_serial_and_parallel_builds_write_the_same_bytes(
        fleet: tuple[Path, list[dict[str, Any]]], tmp_path: Path) -> None:
    root, _ = fleet
    serial = _build(root, tmp_path / "serial", "-q", "-j", "1")
    assert len(serial) > APPLICATIONS
    assert _build(root, tmp_path / "default", "-q") == serial
    assert _build(root, tmp_path / "three", "-q", "-j", "3") == serial  # parallel even on a one-CPU runner
