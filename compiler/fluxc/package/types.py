"""Packaging raw manifests (the `manifests` key): what the packagers share.

`manifests` reads and checks the user's objects and names their files;
`helm` turns them into a chart, `kustomize` into a Kustomize base, `raw` into
a plain folder. Each packager is a pure function from objects to
`OutputFile`s; the pipeline writes them next to the Flux objects.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from fluxc.output.files import OutputFile, generated
from fluxc.yaml.render import render_document


class PackagedObject(NamedTuple):
    """One of the user's objects, with the file name (relative, `kind-name.yaml`) it is written to."""

    filename: str
    obj: dict[str, Any]


def object_file(path: str, obj: Mapping[str, Any]) -> OutputFile:
    """One of the user's objects as a file of the package, in fluxc's canonical YAML."""
    return generated(path, render_document(obj))
