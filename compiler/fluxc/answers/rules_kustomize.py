"""Cross-key rules of the Kustomization (post-build substitution, patches, images, components, retries)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from fluxc.answers.rule_support import at, checked_duration, control_characters, deployer, is_absolute, repeats
from fluxc.answers.rules_patches import check_images, check_patches
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, format_path
from fluxc.yaml.document import SourceMap

# What kustomize would fetch instead of reading a folder (fluxcd/pkg/kustomize IsLocalRelativePath): Flux
# refuses a component that is not local ("must be local and relative").
_REMOTE_PREFIXES = ("git::", "gh:", "git@", "github.com:", "github.com/")


def check(data: Mapping[str, Any], smap: SourceMap) -> Iterator[Diagnostic]:
    """Every problem these keys have with each other or with the rest of the answers file."""
    if deployer(data) != "Kustomization":
        return  # the keys do not apply, or have no effect: the journey rules say so once, at each key
    yield from _retry_interval(data.get("retryInterval"), smap)
    yield from _components(data, smap)
    yield from _substitute_from(data.get("postBuild"), smap)
    yield from check_patches(data.get("patches"), ("patches",), smap)
    yield from check_images(data.get("images"), ("images",), smap)


def _retry_interval(value: Any, smap: SourceMap) -> Iterator[Diagnostic]:
    """As rules._durations treats `timeout`: Go's range, and more than nothing."""
    checked = checked_duration(value, ("retryInterval",), smap,
                               "for example 2m, or remove it to retry at reconcileInterval")
    if isinstance(checked, Diagnostic):
        yield checked


def _components(data: Mapping[str, Any], smap: SourceMap) -> Iterator[Diagnostic]:
    components = data.get("components")
    root, base = _kustomization_path(data)
    for index, value in enumerate(components if isinstance(components, list) else ()):
        if not isinstance(value, str):
            continue
        path = ("components", index)
        control = control_characters(value)
        parts = value.replace("\\", "/").split("/")
        if control:  # a newline would split the kustomization.yaml Flux writes
            yield at(codes.BAD_FORMAT, f"the component path holds control characters ({', '.join(control)})", path,
                     smap, "write a plain relative path")
        elif not value.strip():
            yield at(codes.BAD_FORMAT, "the component path is blank", path, smap,
                     "write a path relative to the Kustomization's path, e.g. `../components/ha`")
        elif "://" in value or value.lower().startswith(_REMOTE_PREFIXES):
            yield at(codes.PATH_ESCAPES, f"{value!r} is not a local path: Flux builds components only from "
                     "its source, never fetching one", path, smap, f"put the component in {root} and write its "
                     "path relative to the Kustomization's path")
        elif is_absolute(value):
            yield at(codes.PATH_ESCAPES, f"{value!r} is an absolute path: Flux takes components relative to "
                     "the Kustomization's path", path, smap, "write it relative to the Kustomization's path, e.g. "
                     "`../components/ha`")
        elif base is not None and _climbs_out(base, parts):
            yield at(codes.PATH_ESCAPES, f"{value!r} leaves {root}: kustomize resolves it from the Kustomization's "
                     f"path {'./' + '/'.join(base)}", path, smap, f"use fewer '..': a component must be inside {root}")


def _kustomization_path(data: Mapping[str, Any]) -> tuple[str, list[str] | None]:
    """What holds the Kustomization's files, and its path there as folder names (None: unknown or refused)."""
    artifact = data.get("artifact")
    if isinstance(artifact, Mapping):
        root, path = "the artifact", artifact.get("path", "./")
    else:
        root, path = "the Git repository", data.get("gitPath")
    if not isinstance(path, str):
        return root, None
    parts = [p for p in path.replace("\\", "/").split("/") if p not in ("", ".")]
    return root, None if ".." in parts or is_absolute(path) else parts


def _climbs_out(base: list[str], parts: list[str]) -> bool:
    depth = len(base)
    for part in parts:
        if part == "..":
            depth -= 1
            if depth < 0:
                return True
        elif part not in ("", "."):
            depth += 1
    return False


def _substitute_from(post_build: Any, smap: SourceMap) -> Iterator[Diagnostic]:
    refs = post_build.get("substituteFrom") if isinstance(post_build, Mapping) else None
    for index, first, (kind, name) in repeats(refs, _reference):
        yield at(codes.DUPLICATE_ENTRY, f"the {kind} {name!r} is already read by "
                 f"{format_path(('postBuild', 'substituteFrom', first))}", ("postBuild", "substituteFrom", index),
                 smap, "remove one of them: reading the same object twice adds no variable")


def _reference(ref: Any) -> tuple[str, str] | None:
    if isinstance(ref, Mapping) and isinstance(ref.get("kind"), str) and isinstance(ref.get("name"), str):
        return ref["kind"], ref["name"]
    return None
