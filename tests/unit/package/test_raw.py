"""fluxc.package.raw: the user's objects as a plain folder, one canonical file per object."""

from __future__ import annotations

import copy
from pathlib import Path

from fluxc.output.files import HEADER
from fluxc.package.raw import package_raw
from helpers.packages import by_id, kustomize, load, small_app_objects, write


def test_packaging_does_not_modify_the_objects() -> None:
    packaged = small_app_objects()
    before = copy.deepcopy([o.obj for o in packaged])
    package_raw(packaged)
    assert [o.obj for o in packaged] == before


def test_every_file_is_generated_canonical_yaml() -> None:
    assert all(f.content.startswith(HEADER + "---\n") and not f.document for f in package_raw(small_app_objects()))


def test_raw_is_one_file_per_object_that_loads_back(tmp_path: Path) -> None:
    packaged = small_app_objects()
    files = package_raw(packaged)
    assert [f.path for f in files] == [o.filename for o in packaged]
    write(tmp_path, files)
    for obj in packaged:
        assert load((tmp_path / obj.filename).read_text()) == [obj.obj]
    # and kustomize reads the folder too, the way Flux builds a plain folder
    (tmp_path / "kustomization.yaml").write_text("resources:\n" + "".join(f"- {f.path}\n" for f in files))
    assert by_id(load(kustomize(tmp_path))) == by_id([o.obj for o in packaged])
