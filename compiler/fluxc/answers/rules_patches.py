"""Rules of the kustomize pieces a Kustomization and a HelmRelease post-renderer share: `patches` and `images`.

Both controllers hand these lists to kustomize, which reads an inline patch as JSON6902 operations when it is
a YAML list and as a strategic merge patch when it is a YAML object (its PatchTransformer), and fails the
whole reconciliation on a patch it cannot use. What kustomize would refuse is refused here, at the patch,
so the mistake is found before it reaches the cluster. The callers pass the JSON path of the list, e.g.
("patches",) or ("postRenderers", 0, "kustomize", "patches").
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from fluxc.answers.rule_support import at, repeats
from fluxc.report import codes
from fluxc.report.diagnostics import CompileError, Diagnostic, JsonPath, format_path
from fluxc.yaml.document import SourceMap
from fluxc.yaml.load import parse_documents

# RFC 6902's operations; kustomize's JSON patch library fails on any other (`Unexpected kind: frob`).
JSON6902_OPS = ("add", "remove", "replace", "move", "copy", "test")
_NEEDS_FROM = ("move", "copy")  # they read the value at `from`; without it the operation fails
_JSON6902_EXAMPLE = "`- {op: replace, path: /spec/replicas, value: 3}`"
_IMAGE_CHANGES = ("newName", "newTag", "digest")


def check_patches(entries: Any, path: JsonPath, smap: SourceMap) -> Iterator[Diagnostic]:
    """One diagnostic per patch that kustomize could not parse or apply as written."""
    for index, entry in enumerate(entries if isinstance(entries, list) else ()):
        if isinstance(entry, Mapping) and isinstance(entry.get("patch"), str):
            yield from _check_patch(entry, (*path, index), smap)


def _check_patch(entry: Mapping[str, Any], at_entry: JsonPath, smap: SourceMap) -> Iterator[Diagnostic]:
    at_patch = (*at_entry, "patch")
    try:  # fluxc's own hardened loader: a patch is user input like the rest of the file
        # An empty document (a stray `---`) is skipped by kustomize too.
        documents = [d.data for d in parse_documents(entry["patch"], "patch") if d.data is not None]
    except CompileError as error:
        first = error.diagnostics[0]
        where = f" (line {first.span.line} of the patch)" if first.span else ""
        problem = first.message.removeprefix("invalid YAML: ")
        yield at(codes.BAD_FORMAT, f"the patch is not valid YAML{where}: {problem}", at_patch, smap,
                 "fix the patch's YAML; a patch of several lines reads best as a block scalar, `patch: |`")
        return
    has_target = isinstance(entry.get("target"), Mapping)
    if not documents:
        yield at(codes.BAD_FORMAT, "the patch holds no YAML document to apply", at_patch, smap,
                 "write a strategic merge patch (a YAML object) or JSON6902 operations (a YAML list)")
    elif any(isinstance(d, list) for d in documents):
        if len(documents) > 1:
            yield at(codes.BAD_FORMAT, "JSON6902 operations must be the patch's only YAML document", at_patch,
                     smap, "give each list of operations its own entry in the list of patches")
        elif not has_target:
            yield at(codes.MISSING_KEY, "a JSON6902 patch (a list of operations) needs `target`: the operations do "
                     "not say which object they change, and kustomize fails without one", (*at_entry, "target"),
                     smap, "add e.g. `target: {kind: Deployment, name: podinfo}`", near=at_entry, key=True)
        else:
            yield from _check_operations(documents[0], at_patch, smap)
    elif not all(isinstance(d, Mapping) for d in documents):
        yield at(codes.BAD_FORMAT, "the patch is neither a strategic merge patch (a YAML object) nor JSON6902 "
                 "operations (a YAML list)", at_patch, smap, "write a YAML object that names the object to patch, or a "
                 f"YAML list of operations such as {_JSON6902_EXAMPLE}")
    else:
        for number, document in enumerate(documents, 1):
            missing = _unnamed(document, has_target)
            if missing:
                which = f"document {number} of the patch" if len(documents) > 1 else "the strategic merge patch"
                yield _unnamed_patch(which, missing, has_target, at_patch, smap)
                return


def _check_operations(operations: list[Any], at_patch: JsonPath, smap: SourceMap) -> Iterator[Diagnostic]:
    if not operations:  # kustomize: "illegally qualifies as both an SM and JSON patch"
        yield at(codes.BAD_FORMAT, "the JSON6902 patch holds no operations", at_patch, smap,
                 f"write at least one operation, e.g. {_JSON6902_EXAMPLE}, or remove the patch")
        return
    for number, operation in enumerate(operations, 1):
        problem = _operation_problem(operation)
        if problem:
            yield at(codes.BAD_FORMAT, f"operation {number} of the JSON6902 patch {problem}", at_patch, smap,
                     f"each operation is a mapping with a `path` and an `op` out of {', '.join(JSON6902_OPS)}; "
                     f"e.g. {_JSON6902_EXAMPLE}")
            return


def _operation_problem(operation: Any) -> str | None:
    if not isinstance(operation, Mapping):
        return "is not a mapping"
    op = operation.get("op")
    if op not in JSON6902_OPS:
        return "has no `op`" if op is None else f"has an unknown `op` {op!r}"
    pointer = operation.get("path")
    if not isinstance(pointer, str):
        return "has no `path`" if pointer is None else "has a `path` that is not a string"
    if not pointer:  # the whole object, in RFC 6901; kustomize's library reports it missing
        return "has an empty `path`: kustomize cannot replace the whole object this way"
    if not pointer.startswith("/"):  # RFC 6901; kustomize's library misplaces such a value silently
        return f"has a `path` {pointer!r} that is not a JSON pointer: it must start with '/'"
    if op in _NEEDS_FROM and not isinstance(operation.get("from"), str):
        return f"({op}) has no `from`: it says where the value is {'moved' if op == 'move' else 'copied'} from"
    return None


def _unnamed(document: Mapping[str, Any], has_target: bool) -> list[str]:
    """The identifying fields a strategic merge patch lacks. kustomize parses it as an object, which needs
    `kind` and `metadata.name` even when `target` chooses what it applies to (any name then does); without
    `target`, it patches the object of the same apiVersion, kind and name."""
    metadata = document.get("metadata")
    name = metadata.get("name") if isinstance(metadata, Mapping) else None
    fields = {"kind": document.get("kind"), "metadata.name": name}
    if not has_target:
        fields = {"apiVersion": document.get("apiVersion"), **fields}
    return [field for field, value in fields.items() if value is None or value == ""]


def _unnamed_patch(which: str, missing: list[str], has_target: bool, at_patch: JsonPath,
                   smap: SourceMap) -> Diagnostic:
    fields = " and ".join(", ".join(f"`{f}`" for f in missing).rsplit(", ", 1))
    if has_target:
        return at(codes.MISSING_KEY, f"{which} lacks {fields}: kustomize cannot read it as an object, even with "
                  "`target`", at_patch, smap, "add the missing fields: with `target` any values do, e.g. "
                  "`metadata: {name: not-used}`, as kustomize applies the patch to every object the target selects")
    return at(codes.MISSING_KEY, f"{which} lacks {fields}: without `target`, kustomize finds the object to patch "
              "by its apiVersion, kind and name", at_patch, smap, "add the missing fields as the object's manifest "
              "has them, with its `metadata.namespace` if the manifest sets one; or add `target` to choose the "
              "objects")


def check_images(entries: Any, path: JsonPath, smap: SourceMap) -> Iterator[Diagnostic]:
    """Image overrides that change nothing, contradict themselves, or repeat an image."""
    for index, first, name in repeats(entries, _image_name):
        yield at(codes.DUPLICATE_ENTRY, f"image {name!r} is already overridden by "
                 f"{format_path((*path, first))}", (*path, index, "name"), smap,
                 "write all of the image's changes in one entry: kustomize-controller keeps one entry per "
                 "image name and helm-controller applies them one after the other, so two entries do not "
                 "mean the same everywhere")
    for index, entry in enumerate(entries if isinstance(entries, list) else ()):
        if not isinstance(entry, Mapping):
            continue
        if not any(key in entry for key in _IMAGE_CHANGES):
            image = _image_name(entry)
            what = f" for {image!r}" if image is not None else ""
            yield at(codes.IGNORED_KEY, f"the image entry{what} changes nothing: it has none of `newName`, `newTag` "
                     "and `digest`", (*path, index), smap, "add the new name, tag or digest, or remove the entry",
                     severity="warning")
        elif "newTag" in entry and "digest" in entry:
            # The CRD's description says the tag is then ignored, but kustomize writes both (kustomize#5664).
            yield at(codes.CONFLICTING_KEYS, "`newTag` and `digest` both pin the image: kustomize writes both "
                     "(`image:tag@sha256:...`) and the image is pulled by its digest alone, so the tag only labels "
                     "it and may not match", (*path, index, "newTag"), smap, "keep `digest` to pin the exact image, "
                     "or `newTag` to follow a tag", key=True)


def _image_name(entry: Any) -> str | None:
    name = entry.get("name") if isinstance(entry, Mapping) else None
    return name if isinstance(name, str) else None
