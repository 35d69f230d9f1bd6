"""fluxc.build.discover: which files a `fluxc build` of files and folders compiles."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from fluxc.build.discover import Found, answers_files, is_answers_file, without_answers
from fluxc.output.files import HEADER
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic
from fluxc.yaml.load import MAX_ANSWERS_BYTES
from helpers.snippets import MICROSERVICE_GIT, NGINX_CHART

NO_ANSWERS = Diagnostic(codes.NO_ANSWERS, "the folder holds no answers file (a YAML file with a top-level `fluxc:` key)",
                        (), "", hint="check the path; `fluxc init` writes a first answers file")
KUSTOMIZATION = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [helmrelease.yaml]\n"


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path



def search(paths: list[Path]) -> Found:
    """The search as a build sees it once its workers have judged each folder's YAML file: the answers files,
    and the search's diagnostics with FLX413 for a folder where none was found."""
    found = answers_files(paths)
    answers = {f for f in found.files if f not in found.maybe or is_answers_file(f)}
    found.diagnostics += without_answers(found, answers)
    found.files = [f for f in found.files if f in answers]
    return found


@pytest.mark.parametrize("text", [
    NGINX_CHART,
    NGINX_CHART.replace("fluxc: v1", '"fluxc": v1'),
    NGINX_CHART.replace("fluxc: v1", "'fluxc': v1"),
    NGINX_CHART.replace("fluxc: v1", "fluxc : v1"),
    NGINX_CHART.replace("fluxc: v1\n", "") + "fluxc: v1\n",  # not the first key
    "# yaml-language-server: $schema=../../schemas/answers.schema.json\n---\n" + NGINX_CHART,
    NGINX_CHART.replace("\n", "\r\n"),  # checked out with core.autocrlf
    "fluxc:\n  v1\nname: x\n",  # the value on the next line: still the root key (compiling it then says more)
    "fluxc: v2\nname: x\n",  # an unsupported version is an answers file too: the build says FLX106, not nothing
], ids=["plain", "double-quoted", "single-quoted", "space-before-colon", "last-key", "after-comment-and-marker",
        "crlf", "value-below", "other-version"])

def test_a_root_fluxc_key_makes_an_answers_file(tmp_path: Path, text: str) -> None:
    assert is_answers_file(write(tmp_path / "fluxc.yaml", text))


@pytest.mark.parametrize("text", [
    KUSTOMIZATION,
    "# fluxc: v1\n" + KUSTOMIZATION,  # a comment
    "spec:\n  fluxc: v1\n",  # a nested key
    "fluxcd: v1\nname: x\n",  # another key that starts alike
    "values:\n  note: |\n    fluxc: v1\n",  # inside a block scalar (indented)
    "",
], ids=["kustomization", "comment", "nested", "longer-key", "block-scalar", "empty"])
def test_other_yaml_is_no_answers_file(tmp_path: Path, text: str) -> None:
    assert not is_answers_file(write(tmp_path / "x.yaml", text))


def test_a_flow_style_answers_file_is_not_found_in_a_folder_but_builds_when_named(tmp_path: Path) -> None:
    """Documented: only block-style files are recognised by a search (a line search, not a parse)."""
    flow = write(tmp_path / "apps" / "flow.yaml", "{fluxc: v1, name: x, deploymentMethod: flux}\n")
    assert not is_answers_file(flow)
    found = search([tmp_path / "apps"])
    assert (found.files, [d.code for d in found.diagnostics]) == ([], [codes.NO_ANSWERS])
    assert search([flow]).files == [flow]


@pytest.mark.parametrize("header", [HEADER, HEADER.replace("\n", "\r\n")], ids=["lf", "crlf"])
def test_a_generated_file_is_never_an_answers_file(tmp_path: Path, header: str) -> None:
    """Output starts with fluxc's header; even one with a root `fluxc:` line (a --stdout stream of a
    ConfigMap, a hand-made mistake) is output, not input."""
    assert not is_answers_file(write(tmp_path / "out.yaml", header + "---\n" + NGINX_CHART))
    assert is_answers_file(write(tmp_path / "in.yaml", "# not fluxc's header\n" + NGINX_CHART))


def test_an_answers_file_with_a_byte_order_mark_is_found(tmp_path: Path) -> None:
    """Windows editors write a UTF-8 BOM first; fluxc compiles such a file when it is named (and `fluxc
    validate` of the folder counts it as an answers file), so a folder search must find it too, rather than
    leave the application out of the build without a word."""
    path = write(tmp_path / "apps" / "fluxc.yaml", b"\xef\xbb\xbf" + NGINX_CHART.encode())
    assert search([tmp_path / "apps"]).files == [path]


def test_a_large_answers_file_is_found_so_that_the_build_reports_its_size(tmp_path: Path) -> None:
    text = NGINX_CHART + "values:\n  blob: " + "x" * (MAX_ANSWERS_BYTES + 10) + "\n"
    assert is_answers_file(write(tmp_path / "big.yaml", text))


def test_a_fifo_is_passed_over_without_waiting(tmp_path: Path) -> None:
    """The walker lists a FIFO named *.yaml; reading it would block forever (nobody writes to it)."""
    fifo = tmp_path / "apps" / "pipe.yaml"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    answers = write(tmp_path / "apps" / "fluxc.yaml", NGINX_CHART)
    result: list[list[Path]] = []
    worker = threading.Thread(target=lambda: result.append(search([tmp_path / "apps"]).files), daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert result == [[answers]]


def test_a_folder_is_searched_recursively_in_path_order(tmp_path: Path) -> None:
    files = [write(tmp_path / "fleet" / name, NGINX_CHART) for name in
             ("a/b/fluxc.yml", "a/fluxc.yaml", "b/app.fluxc.YAML", "b/z.yaml", "c.yaml")]  # by path parts
    write(tmp_path / "fleet" / "b" / "kustomization.yaml", KUSTOMIZATION)
    write(tmp_path / "fleet" / "b" / "notes.txt", NGINX_CHART)  # not YAML by its name
    found = search([tmp_path / "fleet"])
    assert found.files == files
    assert found.diagnostics == []
    assert found.repository


def test_hidden_files_and_folders_are_left_out(tmp_path: Path) -> None:
    kept = write(tmp_path / "fleet" / "apps" / "web" / "fluxc.yaml", MICROSERVICE_GIT)
    for hidden in (".git/fluxc.yaml", ".github/templates/fluxc.yaml", "apps/.archive/old/fluxc.yaml",
                   "apps/web/.fluxc.yaml"):
        write(tmp_path / "fleet" / hidden, NGINX_CHART)
    assert search([tmp_path / "fleet"]).files == [kept]


def test_generated_output_in_the_folder_is_left_out(tmp_path: Path) -> None:
    kept = write(tmp_path / "fleet" / "apps" / "web" / "fluxc.yaml", MICROSERVICE_GIT)
    write(tmp_path / "fleet" / "apps" / "web" / "manifests" / "stream.yaml", HEADER + "---\n" + NGINX_CHART)
    write(tmp_path / "fleet" / "clusters" / "prod" / "kustomization.yaml", HEADER + "---\n" + KUSTOMIZATION)
    assert search([tmp_path / "fleet"]).files == [kept]


def test_a_folder_without_answers_files_is_flx413(tmp_path: Path) -> None:
    write(tmp_path / "fleet" / "apps" / "web" / "fluxc.yaml", MICROSERVICE_GIT)
    write(tmp_path / "fleet" / "legacy" / "kustomization.yaml", KUSTOMIZATION)
    (tmp_path / "fleet" / "empty").mkdir()
    found = search([tmp_path / "fleet" / "apps", tmp_path / "fleet" / "legacy", tmp_path / "fleet" / "empty"])
    assert found.diagnostics == [NO_ANSWERS._replace(file=str(tmp_path / "fleet" / "legacy")),
                                 NO_ANSWERS._replace(file=str(tmp_path / "fleet" / "empty"))]
    assert found.diagnostics[0].severity == "error"
    assert found.files == [tmp_path / "fleet" / "apps" / "web" / "fluxc.yaml"]


def test_files_given_by_name_are_taken_as_they_are(tmp_path: Path) -> None:
    """A file named on the command line is compiled whatever it holds (the build reports what is wrong)."""
    named = write(tmp_path / "kustomization.yaml", KUSTOMIZATION)
    found = search([named])
    assert (found.files, found.diagnostics, found.repository) == ([named], [], False)


def test_one_file_given_several_ways_is_compiled_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "apps" / "web" / "fluxc.yaml", MICROSERVICE_GIT)
    other = write(tmp_path / "apps" / "chart" / "fluxc.yaml", NGINX_CHART)
    (tmp_path / "web.yaml").symlink_to(tmp_path / "apps" / "web" / "fluxc.yaml")
    given = [Path("apps/web/fluxc.yaml"), Path("./apps/web/fluxc.yaml"), Path("web.yaml"), Path("apps")]
    found = search(given)
    assert found.files == [Path("apps/web/fluxc.yaml"), Path("apps/chart/fluxc.yaml")]  # the first spelling
    assert found.files[1].resolve() == other


def test_a_link_beside_its_target_in_a_folder_is_one_answers_file(tmp_path: Path) -> None:
    target = write(tmp_path / "fleet" / "apps" / "web" / "fluxc.yaml", MICROSERVICE_GIT)
    (tmp_path / "fleet" / "apps" / "web-prod.yaml").symlink_to(target)
    assert [p.resolve() for p in search([tmp_path / "fleet"]).files] == [target]


def test_a_link_out_of_the_folder_is_not_followed(tmp_path: Path) -> None:
    outside = write(tmp_path / "elsewhere" / "fluxc.yaml", NGINX_CHART)
    inside = write(tmp_path / "fleet" / "apps" / "web" / "fluxc.yaml", MICROSERVICE_GIT)
    (tmp_path / "fleet" / "apps" / "shared").symlink_to(outside.parent)
    found = search([tmp_path / "fleet"])
    assert found.files == [inside]
    assert [(d.code, d.severity, d.file) for d in found.diagnostics] == [
        (codes.SKIPPED, "note", str(tmp_path / "fleet" / "apps" / "shared"))]


def test_a_folder_linked_inside_the_search_is_searched_once(tmp_path: Path) -> None:
    target = write(tmp_path / "fleet" / "apps" / "web" / "fluxc.yaml", MICROSERVICE_GIT)
    (tmp_path / "fleet" / "prod").symlink_to(tmp_path / "fleet" / "apps")
    assert [p.resolve() for p in search([tmp_path / "fleet"]).files] == [target]
