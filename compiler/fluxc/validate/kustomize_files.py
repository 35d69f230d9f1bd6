"""kustomize's own files: `kustomization.yaml`, and the files it names that are not whole objects.

A folder that Flux applies is built by kustomize, and a `kustomization.yaml`
names more than resources: patches (partial objects, checked for what they
set but not for what they leave out), generator inputs, transformer
configurations, replacements, OpenAPI schemas and Helm values files (data,
not Kubernetes objects: skipped). `roles` says which file plays which part;
`check_kustomization` reports what kustomize itself would refuse in a
`kustomization.yaml`: an unknown field (kustomize reads the file strictly), a
wrong apiVersion or kind, and a local file or folder it names that is not there.
Pure functions: the caller reads the files.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, JsonPath
from fluxc.yaml.document import Document

KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")
# "renamed": a resource of a kustomization that sets `namespace` (or of a Component), whose Namespace objects
# kustomize renames to that namespace (repositories write `name: _` there)
Role = Literal["patch", "input", "renamed"]

# kustomize's types.Kustomization (api/types/kustomization.go), deprecated fields included: kustomize still reads
# them (and `kustomize edit fix` rewrites them)
FIELDS = frozenset((
    "apiVersion", "kind", "metadata", "openapi", "namePrefix", "nameSuffix", "namespace", "commonLabels", "labels",
    "commonAnnotations", "patchesStrategicMerge", "patchesJson6902", "patches", "images", "imageTags", "replacements",
    "replicas", "vars", "sortOptions", "resources", "components", "crds", "bases", "configMapGenerator",
    "secretGenerator", "helmGlobals", "helmCharts", "helmChartInflationGenerator", "generatorOptions",
    "configurations", "generators", "transformers", "validators", "buildMetadata",
))
KINDS = {"Kustomization": "kustomize.config.k8s.io/v1beta1", "Component": "kustomize.config.k8s.io/v1alpha1"}
_REMOTE = ("git@", "github.com/", "gitlab.com/", "bitbucket.org/")  # remote bases without a scheme


def is_kustomization_file(path: Path) -> bool:
    return path.name in KUSTOMIZATION_FILES


def _items(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    return value if isinstance(value, list) else []


def _named(data: Mapping[str, Any]) -> Iterator[tuple[JsonPath, str, Role | None]]:
    """Every local path the kustomization names: (where, the path, its role; None for resources and
    components, which are validated as what they are)."""
    for key in ("resources", "components", "bases", "crds"):
        for index, item in enumerate(_items(data, key)):
            if isinstance(item, str):
                yield (key, index), item, None
    for key in ("patches", "patchesJson6902"):
        for index, item in enumerate(_items(data, key)):
            if isinstance(item, Mapping) and isinstance(item.get("path"), str):
                yield (key, index, "path"), item["path"], "patch"
    for index, item in enumerate(_items(data, "patchesStrategicMerge")):
        if isinstance(item, str) and "\n" not in item and ":" not in item:  # else an inline patch
            yield ("patchesStrategicMerge", index), item, "patch"
    for key in ("configMapGenerator", "secretGenerator"):
        for index, generator in enumerate(_items(data, key)):
            if not isinstance(generator, Mapping):
                continue
            for field in ("files", "envs"):
                for inner, item in enumerate(_items(generator, field)):
                    if isinstance(item, str):
                        yield (key, index, field, inner), item.rpartition("=")[2] if field == "files" else item, \
                            "input"
            if isinstance(generator.get("env"), str):
                yield (key, index, "env"), generator["env"], "input"
    for key in ("configurations", "generators", "transformers", "validators"):
        for index, item in enumerate(_items(data, key)):
            if isinstance(item, str) and "\n" not in item:  # else an inline configuration
                yield (key, index), item, "input"
    for index, item in enumerate(_items(data, "replacements")):
        if isinstance(item, Mapping) and isinstance(item.get("path"), str):
            yield ("replacements", index, "path"), item["path"], "input"
    for index, item in enumerate(_items(data, "helmCharts")):
        if isinstance(item, Mapping) and isinstance(item.get("valuesFile"), str):
            yield ("helmCharts", index, "valuesFile"), item["valuesFile"], "input"
    openapi = data.get("openapi")
    if isinstance(openapi, Mapping) and isinstance(openapi.get("path"), str):
        yield ("openapi", "path"), openapi["path"], "input"


def _local(name: str) -> bool:
    return not name.startswith(_REMOTE) and "?ref=" not in name and "://" not in name


def roles(file: Path, data: Any) -> dict[Path, Role]:
    """The files a kustomization names that are not whole objects, by their real path."""
    if not isinstance(data, Mapping):
        return {}
    # a Component is built into kustomizations that usually set `namespace`: its Namespace objects are theirs
    renames = isinstance(data.get("namespace"), str) or data.get("kind") == "Component"
    found: dict[Path, Role] = {}
    for (key, *_), name, role in _named(data):
        if _local(name) and (role is not None or key == "resources" and renames):
            found[Path(os.path.realpath(file.parent / name))] = role or "renamed"
    return found


def check_kustomization(document: Document, folder: Path) -> list[Diagnostic]:
    """What kustomize would refuse in this kustomization file (see the module docstring)."""
    data, smap, file = document.data, document.source_map, document.file
    if not isinstance(data, Mapping):
        return [Diagnostic(codes.KUSTOMIZE_CONFIG, "a kustomization file must be a mapping", (), file, smap.span(()),
                           "start it with `apiVersion: kustomize.config.k8s.io/v1beta1` and `kind: Kustomization`")]
    found = []
    for key in data:
        if key not in FIELDS and key != "sops":
            found.append(Diagnostic(codes.KUSTOMIZE_CONFIG, f"kustomize does not know the field `{key}`", (key,),
                                    file, smap.span((key,), key=True),
                                    "kustomize refuses a kustomization with an unknown field; check the spelling"))
    kind, api_version = data.get("kind"), data.get("apiVersion")
    if kind is not None and (not isinstance(kind, str) or kind not in KINDS):
        found.append(Diagnostic(codes.KUSTOMIZE_CONFIG, f"a kustomization file holds a Kustomization or a Component, "
                                f"not {kind!r}", ("kind",), file, smap.span(("kind",)),
                                "write `kind: Kustomization` (or `Component` for a component)"))
    elif api_version is not None and api_version != (wanted := KINDS[kind or "Kustomization"]):
        found.append(Diagnostic(codes.KUSTOMIZE_CONFIG, f"kustomize reads {kind or 'Kustomization'} as `{wanted}`, "
                                f"not `{api_version}`", ("apiVersion",), file, smap.span(("apiVersion",)),
                                f"write `apiVersion: {wanted}`"))
    for path, name, _ in _named(data):
        if _local(name) and not os.path.lexists(os.path.normpath(folder / name)):  # joined as Go joins: lexically
            found.append(Diagnostic(codes.KUSTOMIZE_CONFIG, f"`{name}` is not there (relative to {folder})", path,
                                    file, smap.span(path), "kustomize fails on a file or folder it cannot find; "
                                    "fix the path or remove the entry"))
    return found
