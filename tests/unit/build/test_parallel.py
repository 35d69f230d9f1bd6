"""fluxc.build.parallel: many answers files compiled on several processes, results in the order given."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fluxc.build import parallel
from fluxc.build.parallel import PARALLEL_FROM, Result, available_cpus, compile_all, compile_one
from fluxc.pipeline.compile import Compiled, compile_file
from fluxc.report import codes
from helpers.snippets import INVALID_CHART, MICROSERVICE_GIT, edit, git_answers

FLEET = 130  # over PARALLEL_FROM and four chunks of 32, the last one short


def fleet_answers(index: int) -> str:
    """Journeys 1 (https and OCI), 2 and 3 in turn; every 17th file invalid (two problems)."""
    name = f"app-{index:03d}"
    if index % 17 == 16:
        return edit(INVALID_CHART, "Bad_Name", f"Bad_{index}")
    kind = index % 4
    if kind == 0:
        return (f"fluxc: v1\nname: {name}\nnamespace: cache\ndeploymentMethod: flux\nchart:\n"
                f"  repository: https://charts.bitnami.com/bitnami\n  name: redis\n  version: \"18.1.{index}\"\n")
    if kind == 1:
        return (f"fluxc: v1\nname: {name}\ndeploymentMethod: flux\nchart:\n"
                f"  repository: oci://ghcr.io/stefanprodan/charts\n  name: podinfo\n  version: \"6.5.4\"\n"
                f"dependsOn: [app-{index - 1:03d}]\n")
    if kind == 2:
        return git_answers(name, "helm")
    return edit(MICROSERVICE_GIT, "name: my-microservice", f"name: {name}")


def write_fleet(root: Path, count: int) -> list[Path]:
    paths = []
    for index in range(count):
        path = root / f"app-{index:03d}" / "fluxc.yaml"
        path.parent.mkdir(parents=True)
        path.write_text(fleet_answers(index), encoding="utf-8")
        paths.append(path)
    return paths


def app_of(result: Result) -> str:
    return result.app if isinstance(result, Compiled) else f"failed: {result[0].file}"


def with_pid(path: Path) -> Compiled:
    """compile_file, saying which process compiled the file (patched in before the workers fork)."""
    compiled = compile_file(path)
    return compiled._replace(app=f"{compiled.app}@{os.getpid()}")


def test_results_come_in_input_order_and_are_the_same_for_any_number_of_workers(tmp_path: Path) -> None:
    paths = write_fleet(tmp_path, FLEET)
    serial = list(compile_all(paths, jobs=1))
    assert [app_of(r) for r in serial] == [
        f"failed: {path}" if index % 17 == 16 else f"app-{index:03d}" for index, path in enumerate(paths)]
    assert list(compile_all(paths, jobs=2)) == serial
    assert list(compile_all(paths, jobs=3)) == serial
    reversed_order = list(compile_all(paths[::-1], jobs=2))
    assert reversed_order == serial[::-1]


def test_workers_compile_a_large_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = write_fleet(tmp_path, FLEET)
    monkeypatch.setattr(parallel, "compile_file", with_pid)
    pids = {app_of(r).rpartition("@")[2] for r in compile_all(paths, jobs=2) if isinstance(r, Compiled)}
    assert str(os.getpid()) not in pids
    serial = {app_of(r).rpartition("@")[2] for r in compile_all(paths, jobs=1) if isinstance(r, Compiled)}
    assert serial == {str(os.getpid())}


def test_a_small_build_compiles_in_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Below PARALLEL_FROM answers files, starting workers costs more than it saves."""
    paths = write_fleet(tmp_path, PARALLEL_FROM)
    monkeypatch.setattr(parallel, "compile_file", with_pid)
    below = {app_of(r).rpartition("@")[2] for r in compile_all(paths[:-1], jobs=8) if isinstance(r, Compiled)}
    assert below == {str(os.getpid())}
    at = {app_of(r).rpartition("@")[2] for r in compile_all(paths, jobs=8) if isinstance(r, Compiled)}
    assert str(os.getpid()) not in at


def test_a_failing_file_comes_back_as_its_diagnostics(tmp_path: Path) -> None:
    paths = write_fleet(tmp_path, FLEET)
    for jobs in (1, 2):
        results = list(compile_all(paths, jobs=jobs))
        failed = results[16]
        assert isinstance(failed, tuple) and not isinstance(failed, Compiled)
        assert [(d.code, d.file, d.span.line if d.span else None) for d in failed] == [
            (codes.BAD_FORMAT, str(paths[16]), 2), (codes.UNKNOWN_KEY, str(paths[16]), 7)]
        assert isinstance(results[15], Compiled) and isinstance(results[17], Compiled)


def test_an_unreadable_file_comes_back_as_its_diagnostics(tmp_path: Path) -> None:
    missing = tmp_path / "gone" / "fluxc.yaml"
    result = compile_one(missing)
    assert isinstance(result, tuple) and not isinstance(result, Compiled)
    assert [(d.code, d.file) for d in result] == [(codes.FILE_UNREADABLE, str(missing))]


def test_a_result_keeps_its_facts_but_not_its_emitted_objects(tmp_path: Path) -> None:
    """What crosses the pipe from a worker is small: the checks across applications need the facts only."""
    result = compile_one(write_fleet(tmp_path, 1)[0])
    assert isinstance(result, Compiled)
    assert result.manifests == ()
    assert result.facts is not None and result.facts.folder == "flux-system/app-000"
    assert result.files  # the files to write are kept, of course


@pytest.mark.parametrize("jobs", [1, 2])
def test_progress_counts_every_file_once(tmp_path: Path, jobs: int) -> None:
    paths = write_fleet(tmp_path, FLEET)
    told: list[int] = []
    results = list(compile_all(paths, jobs=jobs, progress=told.append))
    assert len(results) == sum(told) == FLEET
    if jobs == 2:
        assert told == [32, 32, 32, 32, 2]  # a chunk at a time


def test_no_answers_files() -> None:
    assert list(compile_all([], jobs=4)) == []


def test_available_cpus_is_what_the_process_may_use() -> None:
    assert available_cpus() == len(os.sched_getaffinity(0))
