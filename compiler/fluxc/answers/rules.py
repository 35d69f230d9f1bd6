"""Rules across keys that a JSON Schema cannot say clearly.

Which journey an answers file takes, which keys apply to it, URLs that embed
credentials or use the scp-like Git form, paths that escape their root.
Part of the input-validation stage: `check` runs after the schema pass and
skips paths the schema already reported, so each problem is told once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from fluxc.answers import defaults, rules_helm, rules_kustomize, rules_sources
from fluxc.answers.names import (
    artifact_repository_name,
    git_repository_name,
    helm_repository_name,
    oci_repository_name,
)
from fluxc.answers.rule_support import at as _at
from fluxc.answers.rule_support import checked_duration, control_characters, deployer, is_absolute
from fluxc.checks.durations import format_duration
from fluxc.checks.k8s_names import is_qualified_name
from fluxc.checks.refs import git_ref_problem, is_semver_constraint
from fluxc.checks.urls import credentials_in, host_of, redact, without_userinfo
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, JsonPath
from fluxc.yaml.document import SourceMap

# Every top-level key of the answers schema is in exactly one of these groups (a test checks it), so a
# new key must say where it applies: every journey, one journey, or one deployer (HelmRelease, Kustomization).
COMMON_KEYS = ("fluxc", "name", "namespace", "fluxNamespace", "reconcileInterval", "sourceInterval", "outputPath",
               "labels", "dependsOn", "serviceAccountName", "suspend", "timeout", "alert")
CHART_JOURNEY_KEYS = ("deploymentMethod", "chart")
PACKAGE_KEYS = ("kubernetesVersion", "chartVersion")
GIT_JOURNEY_KEYS = ("outputFormat", "gitopsDeployment", "gitRepoUrl", "gitBranch", "gitRef", "gitPath",
                    "gitSecretRef", "gitRepositoryName", "gitProvider", "gitProxySecretRef", "artifact", "manifests",
                    *PACKAGE_KEYS)
HELM_RELEASE_KEYS = ("values", "valuesFrom", "createNamespace", "remediation", "driftDetection", "test", "crds",
                     "maxHistory", "releaseName", "postRenderers")
KUSTOMIZATION_KEYS = ("prune", "wait", "healthChecks", "decryption", "postBuild", "patches", "images",
                      "components", "force", "retryInterval")
# Keys that only shape the Flux objects: no effect when gitopsDeployment is none. Every HelmRelease and
# Kustomization key is one, except `values`, which a packaged chart's values.yaml also takes.
FLUX_OBJECT_KEYS = ("gitRepoUrl", "gitBranch", "gitRef", "gitPath", "gitSecretRef", "gitRepositoryName",
                    "gitProvider", "gitProxySecretRef", "artifact", "fluxNamespace", "reconcileInterval",
                    "sourceInterval", "dependsOn", "serviceAccountName", "suspend", "timeout", "alert",
                    *(key for key in HELM_RELEASE_KEYS if key != "values"), *KUSTOMIZATION_KEYS)
NOT_COMPILED = {"helm-install": "fluxc compiles only `deploymentMethod: flux`",
                "argocd": "fluxc compiles Flux resources only"}


def check(data: Any, smap: SourceMap, failed: set[JsonPath]) -> list[Diagnostic]:
    """Every cross-key problem in `data`; paths in `failed` were already reported."""
    if not isinstance(data, Mapping):
        return []
    found = [*_journey(data, smap), *_urls(data, smap), *_paths(data, smap), *_consistency(data, smap),
             *_durations(data, smap), *_names(data, smap), *_versions(data, smap), *_git_refs(data, smap),
             *_labels(data, smap), *_health_checks(data, smap), *rules_sources.check(data, smap),
             *rules_helm.check(data, smap), *rules_kustomize.check(data, smap)]
    if "alert" in data:  # imported for the files that have alerts: its webhook patterns cost every other build
        from fluxc.answers import rules_alerts

        found += rules_alerts.check(data, smap)
    told = set(failed)
    kept = []
    for diagnostic in found:  # one problem per key: the first rule that objects to it
        if diagnostic.path not in told:
            told.add(diagnostic.path)
            kept.append(diagnostic)
    return kept


def _journey(data: Mapping[str, Any], smap: SourceMap) -> Iterator[Diagnostic]:
    method, fmt = data.get("deploymentMethod"), data.get("outputFormat")
    if "deploymentMethod" in data and "outputFormat" in data:
        yield _at(codes.BOTH_JOURNEYS, "`deploymentMethod` and `outputFormat` choose different journeys",
                  ("outputFormat",), smap, "keep `deploymentMethod` for a chart from a Helm repository, or "
                  "`outputFormat` for an application in Git", key=True)
        return
    if "deploymentMethod" not in data and "outputFormat" not in data:
        yield _at(codes.NO_JOURNEY, "the answers file does not choose a journey", (), smap,
                  "add `deploymentMethod: flux` (a chart from a Helm repository) or `outputFormat: helm|kustomize|raw`"
                  " (an application in Git)")
        return
    if "deploymentMethod" in data:
        yield from _not_applicable(data, GIT_JOURNEY_KEYS + KUSTOMIZATION_KEYS, "deploymentMethod", smap)
        if isinstance(method, str) and method in NOT_COMPILED:  # a list or mapping is the schema's to report
            yield _at(codes.NOT_COMPILED, f"deploymentMethod {method!r} is a valid answer but fluxc does not "
                      "compile it", ("deploymentMethod",), smap, NOT_COMPILED[str(method)])
        elif "chart" not in data:
            yield _at(codes.JOURNEY_KEY_MISSING, "`deploymentMethod: flux` needs `chart`", ("chart",), smap,
                      "add `chart:` with `repository`, `name` and `version`", near=("deploymentMethod",), key=True)
        return
    yield from _not_applicable(data, CHART_JOURNEY_KEYS, "outputFormat", smap)
    yield from rules_sources.artifact_with_helm(data, smap)
    if fmt == "helm":
        yield from _not_applicable(data, KUSTOMIZATION_KEYS, "outputFormat: helm", smap)
    elif fmt in ("kustomize", "raw"):
        yield from _not_applicable(data, HELM_RELEASE_KEYS, f"outputFormat: {fmt}", smap)
    deployment = data.get("gitopsDeployment", defaults.GITOPS_DEPLOYMENT)
    if deployment == "argocd":
        yield _at(codes.NOT_COMPILED, "gitopsDeployment 'argocd' is a valid answer but fluxc does not compile it",
                  ("gitopsDeployment",), smap, NOT_COMPILED["argocd"])
    elif deployment == "flux":
        yield from rules_sources.flux_source(data, smap)  # a Git repository or an OCI artifact
    elif deployment == "none":
        for key in FLUX_OBJECT_KEYS:
            if key in data:
                yield _at(codes.UNUSED_KEY, f"`{key}` has no effect with `gitopsDeployment: none`", (key,), smap,
                          "set `gitopsDeployment: flux` to emit the Flux objects, or remove it", key=True,
                          severity="warning")
        if "manifests" not in data:
            yield _at(codes.NOTHING_TO_BUILD, "`gitopsDeployment: none` (the default) without `manifests` builds "
                      "nothing", ("gitopsDeployment",), smap, "set `gitopsDeployment: flux`, or give `manifests` "
                      "to package", near=("gitopsDeployment",) if "gitopsDeployment" in data else ("outputFormat",))
    if "manifests" not in data:
        for key in PACKAGE_KEYS:
            if key in data:
                yield _at(codes.KEY_NOT_APPLICABLE, f"`{key}` applies only when packaging `manifests`", (key,), smap,
                          "add `manifests`, or remove it", key=True)
    elif "chartVersion" in data and fmt != "helm":
        yield _at(codes.KEY_NOT_APPLICABLE, f"`chartVersion` does not apply with `outputFormat: {fmt}`",
                  ("chartVersion",), smap, "remove it (only a Helm chart has a version)", key=True)


def _not_applicable(data: Mapping[str, Any], keys: tuple[str, ...], journey: str,
                    smap: SourceMap) -> Iterator[Diagnostic]:
    for key in keys:
        if key in data:
            yield _at(codes.KEY_NOT_APPLICABLE, f"`{key}` does not apply with `{journey}`", (key,), smap,
                      "remove it", key=True)


def _urls(data: Mapping[str, Any], smap: SourceMap) -> Iterator[Diagnostic]:
    chart, artifact = data.get("chart"), data.get("artifact")
    candidates: list[tuple[JsonPath, Any, str]] = [(("gitRepoUrl",), data.get("gitRepoUrl"), "gitSecretRef")]
    if isinstance(chart, Mapping):
        candidates.append((("chart", "repository"), chart.get("repository"), "chart.secretRef"))
    if isinstance(artifact, Mapping):
        candidates.append((("artifact", "url"), artifact.get("url"), "artifact.secretRef"))
    for path, url, secret_key in candidates:
        if not isinstance(url, str) or "://" not in url:
            continue
        what = credentials_in(url)
        if what is not None:
            yield _at(codes.URL_CREDENTIALS, f"the URL embeds {what}: {redact(url)}", path, smap,
                      f"credentials are never written to Git: write {without_userinfo(url)} and put them in a "
                      f"Secret named in `{secret_key}`")
        elif not host_of(url):
            yield _at(codes.BAD_FORMAT, f"the URL {redact(url)} has no host", path, smap)


def _paths(data: Mapping[str, Any], smap: SourceMap) -> Iterator[Diagnostic]:
    folder = "the answers file's folder"
    roots: list[tuple[JsonPath, Any, str]] = [((key,), data.get(key), root) for key, root in (
        ("gitPath", "the Git repository"), ("outputPath", folder), ("manifests", folder))]
    if isinstance(data.get("artifact"), Mapping):
        roots.append((("artifact", "path"), data["artifact"].get("path"), "the artifact"))
    for path, value, root in roots:
        if not isinstance(value, str):
            continue
        key = ".".join(map(str, path))
        parts = value.replace("\\", "/").split("/")
        control = control_characters(value)
        if control:  # a NUL reaches no file system call; a newline would split the YAML Flux reads
            yield _at(codes.BAD_FORMAT, f"{key} holds control characters ({', '.join(control)})", path, smap,
                      "write a plain relative path")
        elif not value.strip():
            yield _at(codes.BAD_FORMAT, f"{key} is blank", path, smap, f"write a path relative to {root}, "
                      "e.g. `.`")
        elif is_absolute(value):
            yield _at(codes.PATH_ESCAPES, f"{redact(value)!r} is an absolute path", path, smap,  # a pasted URL
                      f"write a path relative to {root}")
        elif ".." in parts:
            yield _at(codes.PATH_ESCAPES, f"{redact(value)!r} uses '..' and may leave {root}", path, smap,
                      f"write a path inside {root}, without '..'")


def _consistency(data: Mapping[str, Any], smap: SourceMap) -> Iterator[Diagnostic]:
    ref = data.get("gitRef")
    if isinstance(ref, Mapping) and "gitBranch" in data and ("tag" in ref or "semver" in ref or "name" in ref):
        yield _at(codes.CONFLICTING_KEYS, "`gitBranch` and `gitRef` both choose what Flux follows", ("gitBranch",),
                  smap, "remove `gitBranch` (only `gitRef.commit` may be combined with a branch)", key=True)
    if data.get("createNamespace") is True and "namespace" not in data:
        yield _at(codes.CONFLICTING_KEYS, "`createNamespace` needs `namespace`", ("createNamespace",), smap,
                  "set `namespace`, or remove `createNamespace` (the release then runs in fluxNamespace)", key=True)
    if data.get("wait") is True and data.get("healthChecks"):
        yield _at(codes.IGNORED_KEY, "`healthChecks` are ignored when `wait: true` (Flux then checks every object)",
                  ("healthChecks",), smap, "remove one of them", key=True, severity="warning")
    depends = data.get("dependsOn")
    name = data.get("name")
    if isinstance(depends, list) and isinstance(name, str):
        own = {name, f"{data.get('fluxNamespace', defaults.FLUX_NAMESPACE)}/{name}"}
        for index, entry in enumerate(depends):
            if isinstance(entry, str) and entry in own:
                yield _at(codes.CONFLICTING_KEYS, f"{name!r} cannot depend on itself", ("dependsOn", index), smap,
                          "remove this entry")


def _durations(data: Mapping[str, Any], smap: SourceMap) -> Iterator[Diagnostic]:
    for key in ("reconcileInterval", "sourceInterval", "timeout"):
        checked = checked_duration(data.get(key), (key,), smap, "for example 5m")
        if isinstance(checked, Diagnostic):
            yield checked
        elif checked is not None and key == "reconcileInterval" and deployer(data) == "Kustomization" and \
                checked < defaults.MIN_KUSTOMIZATION_INTERVAL_MS * 1_000_000:
            least = format_duration(defaults.MIN_KUSTOMIZATION_INTERVAL_MS * 1_000_000)
            yield _at(codes.SHORT_INTERVAL, f"`reconcileInterval: {data[key]}` is under {least}: every run of the "
                      "Kustomization builds and applies all its objects again", (key,), smap,
                      f"use {least} or more: a change in Git is applied when the source fetches it, whatever "
                      "this interval", severity="warning")


def _names(data: Mapping[str, Any], smap: SourceMap) -> Iterator[Diagnostic]:
    chart = data.get("chart")
    if data.get("deploymentMethod") == "flux" and isinstance(chart, Mapping):
        repository, name = chart.get("repository"), chart.get("name")
        if isinstance(repository, str) and repository.startswith("oci://") and isinstance(name, str):
            if oci_repository_name(chart) is None:
                yield _at(codes.NAME_NOT_DERIVABLE, f"chart name {name!r} gives no DNS-1123 label to name the "
                          "OCIRepository", ("chart", "name"), smap, "set `chart.repositoryName`")
        elif isinstance(repository, str) and helm_repository_name(chart) is None:
            yield _at(codes.NAME_NOT_DERIVABLE, "no HelmRepository name can be derived from the URL",
                      ("chart", "repository"), smap, "set `chart.repositoryName`")
    url, artifact = data.get("gitRepoUrl"), data.get("artifact")
    if data.get("gitopsDeployment") == "flux" and isinstance(url, str) and git_repository_name(data) is None:
        yield _at(codes.NAME_NOT_DERIVABLE, "no GitRepository name can be derived from the URL", ("gitRepoUrl",),
                  smap, "set `gitRepositoryName`")
    if data.get("gitopsDeployment") == "flux" and isinstance(artifact, Mapping) and \
            isinstance(artifact.get("url"), str) and artifact_repository_name(artifact) is None:
        yield _at(codes.NAME_NOT_DERIVABLE, "no OCIRepository name can be derived from the artifact's URL",
                  ("artifact", "url"), smap, "set `artifact.repositoryName`")


def _versions(data: Mapping[str, Any], smap: SourceMap) -> Iterator[Diagnostic]:
    chart, ref, artifact = data.get("chart"), data.get("gitRef"), data.get("artifact")
    artifact_ref = artifact.get("ref") if isinstance(artifact, Mapping) else None
    checks = [(("chart", "version"), chart.get("version") if isinstance(chart, Mapping) else None,
               "Helm and Flux cannot choose a chart version by it"),
              (("gitRef", "semver"), ref.get("semver") if isinstance(ref, Mapping) else None,
               "Flux cannot choose a tag by it"),
              (("artifact", "ref", "semver"), artifact_ref.get("semver") if isinstance(artifact_ref, Mapping) else None,
               "Flux cannot choose a tag by it")]
    for path, value, consequence in checks:
        if isinstance(value, str) and not is_semver_constraint(value):
            yield _at(codes.BAD_FORMAT, f"{value!r} is neither a version nor a semver range, so {consequence}",
                      path, smap, "write a version such as `1.2.3`, or a range such as `1.x`, `~1.2`, `^1.2.0` or "
                      "`>=1.0.0 <2.0.0`; a tag such as `latest` cannot be chosen")


def _git_refs(data: Mapping[str, Any], smap: SourceMap) -> Iterator[Diagnostic]:
    ref = data["gitRef"] if isinstance(data.get("gitRef"), Mapping) else {}
    named = ((("gitBranch",), data.get("gitBranch"), "branch"), (("gitRef", "tag"), ref.get("tag"), "tag"),
             (("gitRef", "name"), ref.get("name"), "reference"))
    for path, value, what in named:
        why = git_ref_problem(value, branch=what == "branch") if isinstance(value, str) else None
        if why is not None:
            yield _at(codes.BAD_FORMAT, f"{value!r} is not a Git {what} name: {why}", path, smap,
                      f"Git refuses such names, see `git check-ref-format`; write the {what} as it is in the "
                      "repository")


def _labels(data: Mapping[str, Any], smap: SourceMap) -> Iterator[Diagnostic]:
    labels = data.get("labels")
    for key in labels if isinstance(labels, Mapping) else ():
        problems = is_qualified_name(key) if isinstance(key, str) else []
        if problems:  # the schema's pattern cannot bound the prefix's length (253)
            yield _at(codes.BAD_FORMAT, f"label key {key[:40]!r}{'...' if len(key) > 40 else ''} is invalid: "
                      f"{problems[0]}", ("labels", key), smap, "a label key is `[prefix/]name`: a DNS subdomain "
                      "of at most 253 characters, then a name of at most 63", key=True)


def _health_checks(data: Mapping[str, Any], smap: SourceMap) -> Iterator[Diagnostic]:
    checks = data.get("healthChecks")
    for index, entry in enumerate(checks if isinstance(checks, list) else []):
        if isinstance(entry, Mapping) and isinstance(entry.get("kind"), str) and "apiVersion" not in entry and \
                entry["kind"] not in defaults.HEALTH_CHECK_API_VERSIONS:
            yield _at(codes.MISSING_KEY, f"health check of a {entry['kind']} needs `apiVersion`: Flux would look "
                      "for it in apps/v1", ("healthChecks", index, "apiVersion"), smap, "add the kind's "
                      "group/version, e.g. `apiVersion: v1` for a Service or `apiVersion: "
                      "kustomize.toolkit.fluxcd.io/v1` for a Kustomization", near=("healthChecks", index), key=True)
