"""Where each compiled file goes: an answers file's own output folder, or one repository tree for a fleet.

The repository layout (`fluxc build DIR -o OUT`, or several answers files into one `-o OUT`):

    OUT/kustomization.yaml                        every Flux object file below, sources first
    OUT/sources/<namespace>/<kind>-<name>.yaml    each source once, however many applications use it
    OUT/<namespace>/<name>/                       an application's own objects and its package

`<namespace>` is the Flux objects' namespace (`fluxNamespace`): an object's
identity in the cluster is its kind, namespace and name, so two applications
never share a folder unless they would also collide in the cluster (which the
checks across applications refuse first). The index lists files, not folders:
a packaged Kustomize base in an application's folder has a
`kustomization.yaml` of its own, which Flux applies through the application's
Kustomization, not through the index. So `kubectl kustomize OUT` builds the
Flux objects of the whole fleet, and one Flux Kustomization can sync OUT.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from fluxc.output.files import OutputFile, generated
from fluxc.pipeline.compile import Compiled
from fluxc.yaml.render import render_document

INDEX = "kustomization.yaml"


def in_repository(compiled: Compiled, out: Path) -> tuple[list[OutputFile], list[OutputFile]]:
    """(the application's own files, under OUT/<namespace>/<name>/; its shared ones, under OUT/sources/).

    Paths are joined as strings: a fleet's tens of thousands of files made pathlib most of the placing."""
    assert compiled.facts is not None  # every target gives facts
    shared = {obj.file: obj.shared_path for obj in compiled.facts.objects if obj.shared_path}
    folder = os.path.join(out, compiled.facts.folder)
    own, sources = [], []
    for index, output in enumerate(compiled.files):
        where = shared.get(index)
        if where is None:
            own.append(output._replace(path=os.path.join(folder, output.path)))
        else:
            sources.append(output._replace(path=os.path.join(out, where)))
    return own, sources


def index(out: Path, files: Sequence[OutputFile]) -> OutputFile:
    """OUT/kustomization.yaml: every Flux object file of the tree (package files are not objects to sync)."""
    start = len(os.path.join(out, ""))
    relative = [f.path[start:].replace(os.sep, "/") for f in files if f.document]  # every path is below OUT
    listed = sorted(relative, key=lambda path: (not path.startswith("sources/"), path))
    text = render_document({"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
                            "resources": listed})
    return generated(os.path.join(out, INDEX), text)


def application_folders(out: Path, namespaces: Iterable[str]) -> tuple[str, ...]:
    """The folders of a repository tree on disk where an application removed from the fleet left its files
    (stale): `OUT/sources/<namespace>/` and every folder below `OUT/<namespace>/<name>/`, itself included,
    for the namespaces the build writes into (a tree's folders are wholly fluxc's; links are not followed).
    Other folders of OUT are left alone, so `-o .` does not reach into the rest of a repository."""
    found = []
    for namespace in sorted(set(namespaces)):
        found += [str(folder) for folder in _folders(out / "sources") if folder.name == namespace]
        for app in _folders(out / namespace):
            found += [str(app), *_below(app)]
    return tuple(found)


def _below(folder: Path) -> list[str]:
    found = []
    for inner in _folders(folder):
        found += [str(inner), *_below(inner)]
    return found


def _folders(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if not p.name.startswith(".") and p.is_dir() and not p.is_symlink())
    except OSError:  # not there yet (a first build), or not a folder: nothing stale in it
        return []
