"""fluxc.yaml.walk: the one folder walker (hidden parts left out, links kept inside root, no loops)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fluxc.yaml.walk import NotRead, is_yaml_file_name, yaml_files
from helpers import hostile


@pytest.mark.parametrize(("name", "read"), [
    ("deploy.yaml", True), ("deploy.yml", True), ("DEPLOY.YAML", True), (".hidden.yaml", False),
    ("deploy.json", False), ("yaml", False),
], ids=lambda v: str(v))
def test_which_file_names_a_folder_search_reads(name: str, read: bool) -> None:
    assert is_yaml_file_name(name) is read


def _touch(root: Path, *names: str) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("a: 1\n")


def test_files_are_sorted_by_their_parts_and_hidden_parts_are_left_out(tmp_path: Path) -> None:
    _touch(tmp_path, "b.yaml", "a-b/x.yaml", "a/x.yml", ".git/c.yaml", "a/.d.yaml", "notes.txt")
    files, not_read = yaml_files(tmp_path)
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["a/x.yml", "a-b/x.yaml", "b.yaml"]
    assert not_read == []


def test_a_link_inside_root_is_followed_and_a_loop_ends(tmp_path: Path) -> None:
    _touch(tmp_path, "real/x.yaml")
    (tmp_path / "alias").symlink_to(tmp_path / "real")
    (tmp_path / "real" / "up").symlink_to(tmp_path)  # a loop back to the top
    files, not_read = yaml_files(tmp_path)
    # a link is a second name for the folder (its objects then count twice, as kustomize would see them);
    # `up` leads to a folder already walked, so the walk ends
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["alias/x.yaml", "real/x.yaml"]
    assert not_read == []


def test_a_link_outside_root_is_reported_not_read(tmp_path: Path) -> None:
    _touch(tmp_path, "outside/secret.yaml", "root/in.yaml")
    (tmp_path / "root" / "out").symlink_to(tmp_path / "outside")
    (tmp_path / "root" / "out.yaml").symlink_to(tmp_path / "outside" / "secret.yaml")
    files, not_read = yaml_files(tmp_path / "root")
    assert files == [tmp_path / "root" / "in.yaml"]
    assert sorted(not_read) == [NotRead(tmp_path / "root" / "out", "outside"),
                                NotRead(tmp_path / "root" / "out.yaml", "outside")]


def test_excluded_paths_are_left_out_silently(tmp_path: Path) -> None:
    _touch(tmp_path, "fluxc.yaml", "out/old.yaml", "m/a.yaml")
    files, not_read = yaml_files(tmp_path, exclude=[(tmp_path / "fluxc.yaml").resolve(), (tmp_path / "out").resolve()])
    assert files == [tmp_path / "m" / "a.yaml"]
    assert not_read == []


@pytest.mark.parametrize("kind", hostile.kinds(["fifo", "link-fifo"]))
def test_what_is_no_regular_file_is_listed_so_the_reader_reports_it(tmp_path: Path, kind: str) -> None:
    """Leaving a FIFO out would hide a file the user meant; reading it is refused by fluxc.yaml.bounds."""
    _touch(tmp_path, "a.yaml")
    hostile.make(kind, tmp_path / "b.yaml")
    files, not_read = yaml_files(tmp_path)
    assert [f.name for f in files] == ["a.yaml", "b.yaml"]  # the hidden FIFO a link leads to is not listed
    assert not_read == []


def test_a_broken_link_is_listed_so_the_reader_reports_it(tmp_path: Path) -> None:
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "missing.yaml")
    assert yaml_files(tmp_path) == ([tmp_path / "gone.yaml"], [])


@pytest.mark.parametrize("kind", hostile.kinds(["link-zero", "link-urandom", "link-null"]))
def test_a_link_to_a_device_leads_outside_root(tmp_path: Path, kind: str) -> None:
    path = hostile.make(kind, tmp_path / "dev.yaml")
    assert yaml_files(tmp_path) == ([], [NotRead(path, "outside")])


def test_a_folder_with_a_yaml_name_is_searched_not_read(tmp_path: Path) -> None:
    _touch(tmp_path, "x.yaml/inner.yaml")
    assert yaml_files(tmp_path) == ([tmp_path / "x.yaml" / "inner.yaml"], [])
