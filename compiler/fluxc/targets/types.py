"""What every GitOps target gives the pipeline: a plan, the emitted objects, and a check of them.

A target (today Flux: `fluxc.targets.flux`) lowers a validated answers file
into its own typed plan, emits one object (a plain dict) per plan node, and
checks what it emitted against its own schemas. The pipeline only knows this
shape, so a second target (an Argo CD `Application`) is a sibling folder plus
one entry in `fluxc.targets.registry.TARGETS`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from fluxc.report.diagnostics import Diagnostic, Span
from fluxc.yaml.document import Document, SourceMap

Object = dict[str, Any]


if TYPE_CHECKING:  # a Protocol class costs start-up time, and only mypy needs it
    from typing import Protocol

    class Plan(Protocol):
        """A target's typed plan for one answers file: which application, where its files go."""

        @property
        def app(self) -> str: ...

        @property
        def output_path(self) -> str: ...


class Manifest(NamedTuple):
    """One emitted object and the file (relative to the output folder) it goes to."""

    filename: str
    obj: Object

    @property
    def gvk(self) -> tuple[str, str]:
        return self.obj["apiVersion"], self.obj["kind"]


class FleetObject(NamedTuple):
    """One emitted object, as the checks across a build's applications see it."""

    kind: str
    namespace: str
    name: str
    file: int  # the index of its file in the application's files
    shared_path: str | None = None  # an object several applications may share (a source): its path in the
    # repository layout (`sources/<namespace>/<file>`); None: the application's own
    obj: Object | None = None  # a shared object, compared field by field; None for the application's own


class Dependency(NamedTuple):
    """A dependsOn entry: the object of the same kind it waits for, and where the answers file names it."""

    namespace: str
    name: str
    span: Span | None


class Facts(NamedTuple):
    """What the checks across applications need of one compiled answers file: small, so that a worker
    process hands it back cheaply, and so that ten thousand of them fit in memory."""

    folder: str  # the application's folder in the repository layout: `<namespace>/<name>`
    objects: tuple[FleetObject, ...]
    depends_on: tuple[Dependency, ...]
    where: dict[str, Span]  # answers key (dotted) -> where it is written: what a conflict message points at


class Target(NamedTuple):
    """The stages a target contributes, as plain functions."""

    name: str  # its key in TARGETS
    lower: Callable[[Mapping[str, Any], SourceMap, str], tuple[Any, list[Diagnostic]]]  # -> (its Plan, warnings)
    emit: Callable[[Any], list[Manifest]]  # its Plan -> objects, in plan order
    check: Callable[[Sequence[Manifest]], list[Diagnostic]]  # problems in what it emitted: fluxc bugs (exit 3)
    # An object of the target's own kinds among the user's `manifests` (a Flux object in a package): its
    # problems, or None for a kind the target does not know (kubernetes-validate then checks it).
    check_object: Callable[[Document], list[Diagnostic] | None]
    # The facts the checks across a build need (answers document, emitted objects), and those checks: what
    # would collide in the cluster, what dependsOn names (`repository`: the build was given whole folders).
    facts: Callable[[Document, Sequence[Manifest]], Facts]
    check_fleet: Callable[[Sequence[tuple[str, Facts]], bool], list[Diagnostic]]
