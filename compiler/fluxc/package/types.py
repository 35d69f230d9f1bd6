"""Packaging raw manifests (the `manifests` key): the types the packagers share.

`manifests.py` reads and checks the user's objects and names their files;
`package_helm.py` turns them into a chart, `package_kustomize.py` into a
Kustomize base or a plain folder. Each packager is a pure function from
objects to `PackageFile`s; the pipeline writes them next to the Flux objects.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class PackageFile(NamedTuple):
    """One file of the package: its path relative to the output folder (POSIX) and its text."""

    path: str
    content: str


class PackagedObject(NamedTuple):
    """One of the user's objects, with the file name (relative, `kind-name.yaml`) it is written to."""

    filename: str
    obj: dict[str, Any]
