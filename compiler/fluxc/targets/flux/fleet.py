"""Flux's rules across the applications of one build: what may be shared, what collides, what dependsOn names.

Sources (GitRepository, HelmRepository, OCIRepository) are derived from the
repository they point at, so several answers files may emit the same one: that
is sharing when the objects are equal, and a conflict when they differ (the
last one applied would win in the cluster; FLX409). So is a Provider: one
named explicitly (`alert.provider.name`) is typically sent to by many
applications, each defining it alike. Any other object (a HelmRelease, a
Kustomization, an Alert, named after its application) belongs to one
application: a second answers file emitting it is FLX408, said once for two
applications however many of their objects collide. A `dependsOn` entry
names an object of the same kind (helm-controller waits for HelmReleases,
kustomize-controller for Kustomizations): one of another kind is FLX411, one
absent from the build a warning when the build was given whole folders
(FLX410; it may be deployed another way), and a cycle FLX412, which Flux
would wait on forever.

`facts` runs where the answers file was compiled (a worker process) and keeps
only what these checks read; `check` runs once over every application.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from fluxc.answers import defaults
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, Span
from fluxc.targets.flux.fleet_keys import KEY_PATHS, ONE_OF_ITS_OWN, RENAME, keys_behind, origin
from fluxc.targets.types import Dependency, Facts, FleetObject, Manifest, Object
from fluxc.yaml.document import Document

# Sources, and the Provider: one named explicitly (alert.provider.name) is typically sent to by many applications.
SHARED_KINDS = frozenset({"GitRepository", "HelmRepository", "OCIRepository", "Provider"})
DEPLOYERS = frozenset({"HelmRelease", "Kustomization"})  # an application's own object that dependsOn belongs to



def facts(document: Document, manifests: Sequence[Manifest]) -> Facts:
    """What `check` needs of one compiled answers file."""
    answers: Mapping[str, Any] = document.data
    smap = document.source_map
    where: dict[str, Span] = {}
    for key, path in KEY_PATHS:
        located = smap.get(path)
        if located is not None:
            where[key] = located.key_span or located.span
    objects = []
    depends: tuple[Dependency, ...] = ()
    for index, manifest in enumerate(manifests):
        kind, metadata = manifest.obj["kind"], manifest.obj["metadata"]
        namespace, name = metadata["namespace"], metadata["name"]
        if kind in SHARED_KINDS:
            stem = manifest.filename.removesuffix(".yaml")
            objects.append(FleetObject(kind, namespace, name, index, f"sources/{namespace}/{stem}-{name}.yaml",
                                       manifest.obj))
            continue
        objects.append(FleetObject(kind, namespace, name, index))
        if kind not in DEPLOYERS:
            continue  # an Alert: it waits for nothing
        depends = tuple(Dependency(entry.get("namespace", namespace), entry["name"],
                                   document.source_map.span(("dependsOn", position)))
                        for position, entry in enumerate(manifest.obj["spec"].get("dependsOn", ())))
    namespace = str(answers.get("fluxNamespace", defaults.FLUX_NAMESPACE))
    return Facts(f"{namespace}/{answers['name']}", tuple(objects), depends, where)


App = tuple[str, Facts]  # (answers file, its facts), in build order


def check(apps: Sequence[App], repository: bool) -> list[Diagnostic]:
    """Every conflict and reference problem across `apps`; `repository`: the build holds whole folders, so a
    dependsOn target missing from it is worth a warning."""
    found = _conflicts(apps)
    found += _references(apps, repository)
    return found


def _conflicts(apps: Sequence[App]) -> list[Diagnostic]:
    first: dict[tuple[str, str, str], tuple[str, Facts, FleetObject]] = {}
    told: set[tuple[str, str]] = set()  # two applications that collide: said once (their deployer, or Alert)
    found = []
    for file, app in apps:
        for obj in app.objects:
            identity = (obj.kind, obj.namespace, obj.name)
            before = first.setdefault(identity, (file, app, obj))
            if before[2] is obj:
                continue
            other_file, other_app, other = before
            if obj.obj is None or other.obj is None:
                if (file, other_file) in told:
                    continue
                told.add((file, other_file))
                found.append(_same_application(obj, file, app, other_file, other_app))
            elif obj.obj != other.obj:
                found.append(_source_differs(obj, file, app, other, other_file, other_app))
    return found


def _same_application(obj: FleetObject, file: str, app: Facts, other_file: str, other_app: Facts) -> Diagnostic:
    return Diagnostic(
        codes.APPLICATION_CONFLICT, f"{_object(obj)} is also defined by {_at(other_file, other_app, ('name',))}: "
        "the two applications would overwrite each other in the cluster", ("name",), file, _span(app, ("name",)),
        "rename one of them (name), or give it another Flux namespace (fluxNamespace)")


def _source_differs(obj: FleetObject, file: str, app: Facts, other: FleetObject, other_file: str,
                    other_app: Facts) -> Diagnostic:
    assert obj.obj is not None and other.obj is not None
    changed = _differences(obj.obj, other.obj)
    kind = origin(obj.kind, app)
    keys = keys_behind(kind, changed[0][0])
    said = "; ".join(f"{field}: {_show(mine)} here, {_show(theirs)} there" for field, mine, theirs in changed[:3])
    more = f" (and {len(changed) - 3} more)" if len(changed) > 3 else ""
    return Diagnostic(
        codes.SOURCE_CONFLICT, f"{_object(obj)} is also defined by "
        f"{_at(other_file, other_app, keys_behind(origin(other.kind, other_app), changed[0][0]))}, "
        f"differently: {said}{more}; in the cluster the last one applied would win", _key_path(app, keys), file,
        _span(app, keys), f"make the settings agree, or give one of them {ONE_OF_ITS_OWN.get(kind, 'a source')} "
        f"of its own ({RENAME[kind]})")


def _differences(mine: Object, theirs: Object) -> list[tuple[str, Any, Any]]:
    """(dotted field, this value, the other value) for every leaf that differs; None where absent."""
    left, right = _leaves(mine), _leaves(theirs)
    return [(field, left.get(field), right.get(field)) for field in sorted(left.keys() | right.keys())
            if left.get(field) != right.get(field)]


def _leaves(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, Mapping) and value:
        found: dict[str, Any] = {}
        for key, inner in value.items():
            found.update(_leaves(inner, f"{prefix}.{key}" if prefix else str(key)))
        return found
    return {prefix: value}


def _show(value: Any) -> str:
    return "absent" if value is None else json.dumps(value, sort_keys=True, ensure_ascii=False)


def _references(apps: Sequence[App], repository: bool) -> list[Diagnostic]:
    """dependsOn across the build: the wrong kind, absent (a warning, for whole folders), cycles."""
    deployers: dict[tuple[str, str], list[tuple[str, str, Facts]]] = {}  # (namespace, name) -> (kind, file, app)
    for file, app in apps:
        for obj in app.objects:
            if obj.kind in DEPLOYERS:
                deployers.setdefault((obj.namespace, obj.name), []).append((obj.kind, file, app))
    found = []
    edges: dict[tuple[str, str, str], list[tuple[tuple[str, str, str], str, Facts, int]]] = {}
    for file, app in apps:
        own = next((o for o in app.objects if o.kind in DEPLOYERS), None)
        if own is None:
            continue
        for position, dependency in enumerate(app.depends_on):
            target = (dependency.namespace, dependency.name)
            defined = deployers.get(target, [])
            if any(kind == own.kind for kind, _, _ in defined):
                edges.setdefault((own.kind, own.namespace, own.name), []).append(
                    ((own.kind, *target), file, app, position))
            elif defined:
                kind, other_file, other_app = defined[0]
                found.append(Diagnostic(
                    codes.DEPENDENCY_WRONG_KIND, f"{_object(own)} depends on {'/'.join(target)}, which this build "
                    f"defines as a {kind} ({_at(other_file, other_app, ('name',))}); a {own.kind} can only wait "
                    f"for {own.kind}s", ("dependsOn", position), file, dependency.span,
                    f"depend on a {own.kind}, or remove the entry"))
            elif repository:
                found.append(Diagnostic(
                    codes.DEPENDENCY_MISSING, f"{_object(own)} depends on {own.kind} {'/'.join(target)}, which is "
                    "not in this build", ("dependsOn", position), file, dependency.span,
                    "fine if it is deployed another way; otherwise check the name and namespace", "warning"))
    return found + _cycles(edges)


Node = tuple[str, str, str]  # (kind, namespace, name)
Edge = tuple[Node, str, Facts, int]  # (the node depended on, the answers file that says so, its facts, entry)


def _cycles(edges: Mapping[Node, Sequence[Edge]]) -> list[Diagnostic]:
    """One diagnostic per dependency cycle found (each printed once, from its smallest object).

    An iterative depth-first search (ten thousand applications must not hit Python's recursion limit): an
    edge back to an object still on the path closes a cycle.
    """
    state: dict[Node, int] = {}  # 1: on the current path, 2: done
    seen: set[tuple[Node, ...]] = set()
    found = []
    for start in sorted(edges):
        if start in state:
            continue
        path: list[Node] = [start]
        taken: list[Edge] = []  # taken[i]: the edge from path[i] to path[i + 1]
        branches = [iter(edges.get(start, ()))]
        state[start] = 1
        while branches:
            step = next(branches[-1], None)
            if step is None:
                state[path.pop()] = 2
                branches.pop()
                if taken:
                    taken.pop()
                continue
            node = step[0]
            if state.get(node) == 1:
                at = path.index(node)
                found += _cycle(path[at:], [*taken[at:], step], seen)
            elif node not in state:
                state[node] = 1
                path.append(node)
                taken.append(step)
                branches.append(iter(edges.get(node, ())))
    return found


def _cycle(nodes: list[Node], steps: list[Edge], seen: set[tuple[Node, ...]]) -> list[Diagnostic]:
    """The cycle's diagnostic (steps[i]: nodes[i]'s entry naming the next), at the dependsOn entry of its
    smallest object, unless this cycle was reported already."""
    key = tuple(sorted(nodes))
    if key in seen:
        return []
    seen.add(key)
    first = nodes.index(min(nodes))
    nodes, steps = nodes[first:] + nodes[:first], steps[first:] + steps[:first]
    shown = " -> ".join(f"{namespace}/{name} ({_entry_at(file, app, position)})"
                        for (_, namespace, name), (_, file, app, position) in zip(nodes, steps, strict=True))
    _, file, app, position = steps[0]
    return [Diagnostic(
        codes.DEPENDENCY_CYCLE, f"dependency cycle between {nodes[0][0]}s: {shown} -> {nodes[0][1]}/"
        f"{nodes[0][2]}; Flux would wait for them forever", ("dependsOn", position), file,
        app.depends_on[position].span, "remove one of the dependsOn entries of the cycle")]


def _entry_at(file: str, app: Facts, position: int) -> str:
    span = app.depends_on[position].span
    return f"{file}:{span.line}:{span.col}" if span is not None else file


def _key_path(app: Facts, keys: Sequence[str]) -> tuple[str, ...]:
    """The JSON path of the first of `keys` written in the answers file (the root if none is)."""
    return next((tuple(key.split(".")) for key in keys if key in app.where), ())


def _object(obj: FleetObject) -> str:
    return f"{obj.kind} {obj.namespace}/{obj.name}"


def _span(app: Facts, keys: Sequence[str]) -> Span | None:
    return next((app.where[key] for key in keys if key in app.where), None)


def _at(file: str, app: Facts, keys: Sequence[str]) -> str:
    """`file:line:col` of the first of `keys` written in the answers file."""
    span = _span(app, keys)
    return f"{file}:{span.line}:{span.col}" if span is not None else file

