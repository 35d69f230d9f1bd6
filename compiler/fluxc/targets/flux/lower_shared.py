"""What every lowering step shares: metadata, canonical durations, the fields HelmRelease and
Kustomization share, and the kustomize pieces (patches, images) both of them take."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any, cast

from fluxc.answers import defaults
from fluxc.checks import durations
from fluxc.targets.flux import model

Answers = Mapping[str, Any]
# The same few durations ("5m", "1h") recur in every answers file: canonical once per process.
canonical_duration = lru_cache(maxsize=1024)(durations.canonical_duration)


def meta(answers: Answers, name: str) -> model.ObjectMeta:
    return model.ObjectMeta.model_construct(name=name, namespace=answers.get("fluxNamespace", defaults.FLUX_NAMESPACE),
                                            labels=dict(answers.get("labels", {})))


def reference(node: model.GitRepository | model.HelmRepository | model.OCIRepository) -> model.SourceRef:
    """A reference to a source of the plan (a model node's class is named after its Flux kind)."""
    return model.SourceRef.model_construct(kind=cast(model.SourceKind, type(node).__name__), name=node.meta.name)


def optional_duration(value: str | None) -> str | None:
    return canonical_duration(value) if value is not None else None


def workload(answers: Answers) -> dict[str, Any]:
    """Fields HelmRelease and Kustomization share."""
    return {
        "meta": meta(answers, answers["name"]),
        "interval": canonical_duration(answers.get("reconcileInterval", defaults.RECONCILE_INTERVAL)),
        "target_namespace": answers.get("namespace"),
        "timeout": optional_duration(answers.get("timeout")),
        "depends_on": tuple(_dependency(entry) for entry in answers.get("dependsOn", ())),
        "service_account": answers.get("serviceAccountName"),
        "suspend": answers.get("suspend", defaults.SUSPEND),
    }


def _dependency(entry: str) -> model.Dependency:
    namespace, _, name = entry.rpartition("/")
    return model.Dependency.model_construct(name=name, namespace=namespace or None)


def git_path(path: str) -> str:
    """`apps/x/`, `./apps//x` -> `./apps/x`; the repository root -> `./` (as `flux create ks --path`)."""
    parts = [p for p in path.replace("\\", "/").split("/") if p not in ("", ".")]
    return "./" + "/".join(parts)


def patch_target(entry: Answers | None) -> model.PatchTarget | None:
    if entry is None:
        return None
    return model.PatchTarget.model_construct(
        group=entry.get("group"), version=entry.get("version"), kind=entry.get("kind"), name=entry.get("name"),
        namespace=entry.get("namespace"), label_selector=entry.get("labelSelector"),
        annotation_selector=entry.get("annotationSelector"))


def patches(entries: Any) -> tuple[model.Patch, ...]:
    return tuple(model.Patch.model_construct(patch=p["patch"], target=patch_target(p.get("target")))
                 for p in entries or ())


def images(entries: Any) -> tuple[model.Image, ...]:
    return tuple(model.Image.model_construct(name=i["name"], new_name=i.get("newName"), new_tag=i.get("newTag"),
                                             digest=i.get("digest")) for i in entries or ())


def required(name: str | None) -> str:
    if name is None:  # rules.check refused this input already
        raise AssertionError("a source name could not be derived after validation")
    return name
