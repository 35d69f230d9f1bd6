"""The user's raw manifests (the `manifests` answer): read them, check every object, name their files.

* `load_manifests` reads a file, or every `*.yaml`/`*.yml` under a folder
  (recursively, sorted, hidden files and folders left out), never outside the
  answers file's folder, not even through a symlink. Empty documents are
  dropped; a `kind: List` (what `kubectl get -o yaml` prints; like kustomize,
  any `*List` kind of any apiVersion) is replaced by its `items`, each still
  reported at its own line.
* `check_manifests` checks each object's shape, validates it with
  kubernetes-validate's schemas (`k8s_validate`) or a checker the caller
  passes (the pipeline's, for Flux objects), checks labels and annotations as
  the API server does, refuses plaintext Secrets (`secrets`) and finds
  objects defined twice.
* `name_objects` gives every object a stable, collision-free file name.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from fluxc.checks.resource_checks import check_metadata, strip_sops
from fluxc.package.k8s_validate import CLUSTER_SCOPED, validate_object
from fluxc.package.secrets import plaintext_secrets
from fluxc.package.types import PackagedObject
from fluxc.report import codes
from fluxc.report.diagnostics import CompileError, Diagnostic, JsonPath, Span, describe, sort_diagnostics
from fluxc.yaml.document import Document, Located, SourceMap
from fluxc.yaml.load import load_stream
from fluxc.yaml.walk import yaml_files

# Files fluxc writes itself, next to (or above) the user's objects.
RESERVED_NAMES = frozenset({"kustomization.yaml", "chart.yaml", "values.yaml", "flux-kustomization.yaml",
                            "gitrepository.yaml", "helmrelease.yaml", "helmrepository.yaml", "ocirepository.yaml",
                            "provider.yaml", "alert.yaml"})
_UNSAFE = re.compile(r"[^a-z0-9.-]")
_MAX_STEM = 200  # file names stay well under the 255 bytes file systems allow
# A check of one object by someone who knows its kind better (the Flux target: its own schemas for Flux kinds):
# its diagnostics, or None to leave the object to kubernetes-validate. Passed in, as `package` may not import it.
ObjectCheck = Callable[[Document], list[Diagnostic] | None]


class _ItemMap(SourceMap):
    """The source map of one item of a `kind: List`, addressed from the item itself."""

    def __init__(self, parent: SourceMap, prefix: JsonPath) -> None:
        super().__init__({})
        self.parent, self.prefix = parent, prefix

    def get(self, path: JsonPath) -> Located | None:
        return self.parent.get(self.prefix + path)

    def span(self, path: JsonPath, *, key: bool = False) -> Span | None:
        return self.parent.span(self.prefix + path, key=key)

    def __contains__(self, path: object) -> bool:
        return isinstance(path, tuple) and self.prefix + path in self.parent


def load_manifests(answers_dir: Path, relative: str, display_base: str, *, exclude: Iterable[Path] = (),
                   answers: Document | None = None) -> list[Document]:
    """Every object of the `manifests` answer; CompileError with every problem found.

    Files are shown as `display_base` joined to their path relative to `answers_dir`
    (`rendered/deploy.yaml`). `exclude`: paths (files or folders) left out, such as the
    answers file and the output folder. `answers`: where problems with the path itself point.
    """
    def shown(path: Path | str) -> str:
        return _display(display_base, os.path.relpath(path, answers_dir))

    def fail(code: str, problem: str, hint: str) -> CompileError:
        diagnostic = Diagnostic(code, f"`manifests: {_printable(relative)}` {problem}", (),
                                _printable(shown(target)), None, hint)
        if answers is not None:  # point at the answer itself
            at = ("manifests",)
            diagnostic = diagnostic._replace(path=at, file=answers.file, span=answers.source_map.span(at))
        return CompileError([diagnostic])

    root, target = answers_dir.resolve(), answers_dir / relative
    usage = "give a YAML file or a folder of them, relative to the answers file"
    if "\0" in relative:  # no file name holds one; the OS would refuse it with a ValueError
        raise fail(codes.MANIFESTS_UNREADABLE, "holds a NUL character, which no path can", usage)
    try:
        escapes = Path(relative).is_absolute() or not target.resolve().is_relative_to(root)
        is_file, is_dir, exists = target.is_file(), target.is_dir(), target.exists()
    except (OSError, ValueError) as error:  # a name too long, a loop of links, ...
        raise fail(codes.MANIFESTS_UNREADABLE, f"cannot be used: {getattr(error, 'strerror', None) or error}",
                   usage) from None
    if escapes:
        raise fail(codes.PATH_ESCAPES, "leads outside the answers file's folder",
                   "keep the manifests in the answers file's folder or below it (copy them, do not link them)")
    if not is_file and not is_dir:
        raise fail(codes.MANIFESTS_UNREADABLE, "is neither a file nor a folder" if exists else "does not exist",
                   usage)
    problems: list[Diagnostic] = []
    skip = [p.resolve() for p in exclude]
    files = [target] if is_file else _discover(target, root, skip, problems, shown)
    documents: list[Document] = []
    for file in files:
        try:
            loaded = load_stream(file, shown(file))
        except CompileError as error:
            problems.extend(error.diagnostics)
            continue
        documents += [item for document in loaded if document.data is not None for item in _expand(document)]
    if problems:
        raise CompileError(problems)
    if not documents:
        raise fail(codes.MANIFESTS_UNREADABLE, "holds no Kubernetes objects",
                   "a folder is searched for *.yaml and *.yml files; hidden files and folders are left out")
    return documents


def _printable(text: str, limit: int = 200) -> str:
    """Text for a one-line message: control characters (a NUL, a newline) escaped, long text cut."""
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text[:limit])
    return shown + ("..." if len(text) > limit else "")


def _display(base: str, relative: str) -> str:
    path = os.path.normpath(relative).replace(os.sep, "/")
    return f"{base.rstrip('/')}/{path}" if base and base != "." else path


def _discover(folder: Path, root: Path, skip: Sequence[Path], problems: list[Diagnostic],
              display: Callable[[Path | str], str]) -> list[Path]:
    """YAML files under folder (the one folder walker); links outside root and unreadable folders are problems."""
    files, not_read = yaml_files(folder, root=root, exclude=skip)
    for path, reason, detail in not_read:
        if reason == "outside":
            problems.append(Diagnostic(codes.PATH_ESCAPES, "a symlink leads outside the answers file's folder", (),
                                       display(path), None, "replace the link by a copy, or remove it"))
        else:
            problems.append(Diagnostic(codes.MANIFESTS_UNREADABLE, f"the folder cannot be read: {detail}", (),
                                       display(path), None, "check that you have permission to read it"))
    return files


def _is_list(data: Any) -> bool:
    """A kind kustomize expands into its `items`: any `*List` (`List`, `SecretList`), of any apiVersion."""
    return isinstance(data, Mapping) and isinstance(data.get("kind"), str) and data["kind"].endswith("List") \
        and "items" in data


def _expand(document: Document) -> list[Document]:
    """A List becomes its items (each addressed from itself); any other document stays."""
    data = document.data
    if not (_is_list(data) and isinstance(data.get("items"), list)):
        return [document]
    return [document._replace(data=item, source_map=_ItemMap(document.source_map, ("items", i)))
            for i, item in enumerate(data["items"]) if item is not None]


def check_manifests(documents: Sequence[Document], kubernetes_version: str, *, namespace: str | None = None,
                    check_object: ObjectCheck | None = None) -> list[Diagnostic]:
    """Every problem (and note) of the objects, sorted. `namespace`: the namespace the package or Flux
    sets on namespaced objects (kustomize `namespace`, `targetNamespace`), so that two objects it would
    merge into one are found. `check_object`: see `ObjectCheck`."""
    found: list[Diagnostic] = []
    first: dict[tuple[str, ...], Document] = {}
    for document in documents:
        if document.data is None:
            continue  # an empty document (a stray `---`): kubectl and kustomize skip it too
        problems = _shape(document)
        if not problems:
            problems = _check_object(document, kubernetes_version, check_object) + \
                _duplicate(document, first, namespace)
        # whatever else is wrong with it, a Secret's payload is never written in plaintext
        problems += plaintext_secrets(document.data, document.source_map, document.file)
        smap = document.source_map
        if isinstance(smap, _ItemMap):
            problems = [d._replace(path=smap.prefix + d.path) for d in problems]
        found += problems
    return sort_diagnostics(found)


def _shape(document: Document) -> list[Diagnostic]:
    data, smap, file = document.data, document.source_map, document.file

    def problem(code: str, path: JsonPath, hint: str, message: str = "") -> Diagnostic:
        located = smap.get(path)
        if not message:
            shown = ".".join(map(str, path))
            message = f"`{shown}` must be a non-empty string" if located else f"`{shown}` is missing"
        if path and located is not None and located.text and not located.quoted:
            hint = f'quote it so it stays a string: `{path[-1]}: "{located.text}"`'
        return Diagnostic(code, message, path, file, smap.span(path, key=located is None), hint)

    if not isinstance(data, Mapping):
        return [problem(codes.MANIFEST_NOT_OBJECT, (), "a manifest is a mapping with `apiVersion`, `kind` and "
                        "`metadata`", f"this document is {describe(data)}, not a Kubernetes object (a mapping)")]
    out = [problem(codes.MANIFEST_NOT_OBJECT, (key,), f"every Kubernetes object needs `{key}`, e.g. `{key}: {ex}`")
           for key, ex in (("apiVersion", "apps/v1"), ("kind", "Deployment")) if not _text(data.get(key))]
    if not out and _is_list(data):
        return [problem(codes.MANIFEST_NOT_OBJECT, ("items",), "a List holds its objects as a list under `items`, "
                        "and Lists do not nest; or write each object as its own document, separated by `---`",
                        "this List cannot be expanded")]
    metadata = data.get("metadata")
    if not (isinstance(metadata, Mapping) and _text(metadata.get("name"))):
        generated = isinstance(metadata, Mapping) and "generateName" in metadata
        out.append(problem(codes.NAME_MISSING, ("metadata", "name"), "Flux applies objects with server-side "
                           "apply, which needs a fixed name: replace `generateName` by `name`" if generated
                           else "add `name:` under `metadata`"))
    return out


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value)


def _check_object(document: Document, version: str, check_object: ObjectCheck | None) -> list[Diagnostic]:
    data, smap, file = document.data, document.source_map, document.file
    # SOPS keeps its metadata in a top-level `sops` block that kustomize-controller removes when it decrypts.
    metadata = check_metadata(data, smap, file)
    told = {d.path for d in metadata}
    body = document._replace(data=strip_sops(data))
    checked = check_object(body) if check_object is not None else None
    schema = validate_object(body, version) if checked is None else checked
    return [d for d in schema if d.path not in told] + metadata


def _duplicate(document: Document, first: dict[tuple[str, ...], Document], namespace: str | None) -> list[Diagnostic]:
    """Same group, kind, namespace and name as an earlier object, also after `namespace` is applied:
    kustomize sets it on every namespaced object and renames every Namespace object to it."""
    data = document.data
    kind, name, ns = data["kind"], data["metadata"]["name"], data["metadata"].get("namespace")
    forced = namespace is not None and kind not in CLUSTER_SCOPED
    renamed = namespace is not None and kind == "Namespace" and data["apiVersion"] == "v1"
    identity = (data["apiVersion"].rpartition("/")[0], kind, "" if kind in CLUSTER_SCOPED else
                str(namespace if forced else ns or ""), str(namespace) if renamed else name)
    earlier = first.setdefault(identity, document)
    if earlier is document:
        return []
    span = earlier.source_map.span(("metadata", "name"))
    at = f"{earlier.file}:{span.line}" if span else earlier.file
    hint = "remove one of them, or rename one"
    if renamed and earlier.data["metadata"]["name"] != name:
        hint += f"; the package's namespace renames every Namespace object to {namespace!r}"
    elif forced and earlier.data["metadata"].get("namespace") != ns:
        hint += f"; both end up in namespace {namespace!r}, which the package sets"
    path = ("metadata", "name")
    return [Diagnostic(codes.DUPLICATE_OBJECT, f"{kind} {name!r} is defined twice (first at {at})", path,
                       document.file, document.source_map.span(path), hint)]


def name_objects(documents: Sequence[Document]) -> list[PackagedObject]:
    """`<kind>-<name>.yaml`, lower-case, characters outside [a-z0-9.-] replaced by '-', in input order.

    Names shared by several objects (or reserved for fluxc's own files) get the
    namespace appended, then the API group, then a counter (`-2`, `-3`, ...): the
    first candidate no other object shares and nobody has taken wins. The same
    objects in the same order always get the same names.
    """
    stems = [_stems(d.data) for d in documents]
    names: dict[int, str] = {}
    taken = set(RESERVED_NAMES)
    pending = list(range(len(documents)))
    for level in range(3):
        counts = Counter(stems[i][level] for i in pending)
        for i in pending:
            candidate = f"{stems[i][level]}.yaml"
            if counts[stems[i][level]] == 1 and candidate not in taken:
                names[i] = candidate
                taken.add(candidate)
        pending = [i for i in pending if i not in names]
    for i in pending:
        candidate, n = f"{stems[i][2]}.yaml", 2
        while candidate in taken:
            candidate, n = f"{stems[i][2]}-{n}.yaml", n + 1
        names[i] = candidate
        taken.add(candidate)
    return [PackagedObject(names[i], d.data) for i, d in enumerate(documents)]


def _stems(data: Mapping[str, Any]) -> tuple[str, str, str]:
    """kind-name, then -namespace, then -group: the candidates in order (equal when a part is absent)."""
    metadata = data["metadata"] if isinstance(data.get("metadata"), Mapping) else {}
    parts = [str(data.get("kind", "")), str(metadata.get("name", ""))]
    with_ns = parts + ([str(metadata["namespace"])] if metadata.get("namespace") else [])
    group = str(data.get("apiVersion", "")).rpartition("/")[0]
    with_group = with_ns + ([group] if group else [])
    return _stem(parts), _stem(with_ns), _stem(with_group)


def _stem(parts: list[str]) -> str:
    stem = _UNSAFE.sub("-", "-".join(parts).lower())
    if len(stem) > _MAX_STEM:
        stem = f"{stem[:_MAX_STEM - 9]}-{hashlib.sha256(stem.encode()).hexdigest()[:8]}"
    return stem
