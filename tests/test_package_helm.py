"""`outputFormat: helm`: raw manifests packaged as a chart (fluxc.package_helm).

The round trip renders each template by substituting exactly the expressions fluxc
writes, and must give the original objects back; where a `helm` binary exists,
`helm lint` and `helm template` check the same charts for real.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from fluxc.package import PackagedObject, PackageFile
from fluxc.package_helm import app_version_of, package_helm
from fluxc.render import HEADER

HELM = shutil.which("helm")
needs_helm = pytest.mark.skipif(HELM is None, reason="no helm binary on this machine")

DEPLOYMENT = {
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "web", "namespace": "shop", "labels": {"app": "web"}},
    "spec": {
        "replicas": 2, "selector": {"matchLabels": {"app": "web"}},
        "template": {"metadata": {"labels": {"app": "web"}}, "spec": {
            "initContainers": [{"name": "migrate", "image": "registry.example.com:5000/shop/migrate:1.10",
                                "args": ["migrate"]}],
            "containers": [{"name": "web", "image": "nginx:1.27", "ports": [{"containerPort": 80}]},
                           {"name": "log-shipper", "image": "fluent/fluent-bit:3.1"}],
        }},
    },
}
SERVICE = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "shop"},
           "spec": {"selector": {"app": "web"}, "ports": [{"port": 80, "targetPort": 80}]}}
CONFIGMAP = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "web-config", "namespace": "shop"},
             "data": {"LOG_LEVEL": "info", "ENABLED": "yes"}}
INGRESS = {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web", "namespace": "shop"},
           "spec": {"ingressClassName": "nginx",
                    "rules": [{"host": "shop.example.com", "http": {"paths": [
                        {"path": "/", "pathType": "Prefix",
                         "backend": {"service": {"name": "web", "port": {"number": 80}}}}]}}],
                    "tls": [{"hosts": ["shop.example.com"], "secretName": "web-tls"}]}}
CRONJOB = {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "cleanup", "namespace": "shop"},
           "spec": {"schedule": "0 3 * * *", "jobTemplate": {"spec": {"template": {"spec": {
               "restartPolicy": "OnFailure",
               "containers": [{"name": "cleanup", "image": "busybox:1.36", "command": ["sh", "-c", "echo done"]}],
           }}}}}}
CERTIFICATE = {"apiVersion": "cert-manager.io/v1", "kind": "Certificate",
               "metadata": {"name": "web-tls", "namespace": "shop"},
               "spec": {"secretName": "web-tls", "dnsNames": ["shop.example.com"],
                        "issuerRef": {"name": "letsencrypt", "kind": "ClusterIssuer"}}}
SMALL_APP = [DEPLOYMENT, SERVICE, CONFIGMAP, INGRESS, CRONJOB, CERTIFICATE]


def packaged(*objs: dict[str, Any]) -> list[PackagedObject]:
    return [PackagedObject(f"{o['kind'].lower()}-{o['metadata']['name']}-{i}.yaml", o) for i, o in enumerate(objs)]


def files_of(objs: list[dict[str, Any]], **kw: Any) -> dict[str, str]:
    return {f.path: f.content for f in package_helm(packaged(*objs), chart_name=kw.pop("chart_name", "shop"), **kw)}


# --- the substitution renderer: exactly the expressions fluxc writes, nothing else -------------
_EXPR = re.compile(r'\{\{ (?:(?P<braces>"\{\{")|(?P<ns>\.Release\.Namespace \| quote)'
                   r"|\.Values\.(?P<path>[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*)(?P<quote> \| quote)?) \}\}")


def render_template(text: str, values: dict[str, Any], namespace: str) -> str:
    assert "{{" not in _EXPR.sub("", text), "an expression fluxc does not document"

    def value(m: re.Match[str]) -> str:
        if m["braces"]:
            return "{{"
        if m["ns"]:
            return json.dumps(namespace)  # sprig's quote is Go's %q: the same as JSON for these strings
        found: Any = values
        for part in m["path"].split("."):
            found = found[part]
        if m["quote"]:
            return json.dumps(str(found))
        assert type(found) is int  # {{ x }} of a number prints its digits
        return str(found)

    return _EXPR.sub(value, text)


def render_chart(files: dict[str, str], namespace: str) -> list[Any]:
    values = yaml.safe_load(files["values.yaml"])
    return [yaml.safe_load(render_template(text, values, namespace))
            for path, text in files.items() if path.startswith("templates/")]


def with_namespace(obj: dict[str, Any], namespace: str) -> dict[str, Any]:
    out = copy.deepcopy(obj)
    if "namespace" in out["metadata"]:
        out["metadata"]["namespace"] = namespace
    return out


def edit(obj: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(obj)
    holder: Any = out
    for part in path[:-1]:
        holder = holder[part]
    holder[path[-1]] = value
    return out


# --- golden-ish expectations for a small app ------------------------------------------------------
CHART_YAML = HEADER + """\
apiVersion: v2
appVersion: "1.27"
description: Generated by fluxc from raw manifests
name: shop
type: application
version: 0.1.0
"""
VALUES_YAML = HEADER + """\
cronJobCleanup:
  images:
    cleanup: busybox:1.36
deploymentWeb:
  images:
    logShipper: fluent/fluent-bit:3.1
    migrate: registry.example.com:5000/shop/migrate:1.10
    web: nginx:1.27
  replicas: 2
"""
DEPLOYMENT_TEMPLATE = HEADER + """\
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app: web
  name: web
  namespace: {{ .Release.Namespace | quote }}
spec:
  replicas: {{ .Values.deploymentWeb.replicas }}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - image: {{ .Values.deploymentWeb.images.web | quote }}
        name: web
        ports:
        - containerPort: 80
      - image: {{ .Values.deploymentWeb.images.logShipper | quote }}
        name: log-shipper
      initContainers:
      - args:
        - migrate
        image: {{ .Values.deploymentWeb.images.migrate | quote }}
        name: migrate
"""
CRONJOB_TEMPLATE = HEADER + """\
apiVersion: batch/v1
kind: CronJob
metadata:
  name: cleanup
  namespace: {{ .Release.Namespace | quote }}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - command:
            - sh
            - -c
            - echo done
            image: {{ .Values.cronJobCleanup.images.cleanup | quote }}
            name: cleanup
          restartPolicy: OnFailure
  schedule: 0 3 * * *
"""
SERVICE_TEMPLATE = HEADER + """\
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: {{ .Release.Namespace | quote }}
spec:
  ports:
  - port: 80
    targetPort: 80
  selector:
    app: web
"""


def test_small_app_files_exactly() -> None:
    files = package_helm(packaged(*SMALL_APP), chart_name="shop")
    assert [f.path for f in files] == ["Chart.yaml", "values.yaml", "templates/deployment-web-0.yaml",
                                       "templates/service-web-1.yaml", "templates/configmap-web-config-2.yaml",
                                       "templates/ingress-web-3.yaml", "templates/cronjob-cleanup-4.yaml",
                                       "templates/certificate-web-tls-5.yaml"]
    assert all(isinstance(f, PackageFile) for f in files)
    text = {f.path: f.content for f in files}
    assert text["Chart.yaml"] == CHART_YAML
    assert text["values.yaml"] == VALUES_YAML
    assert text["templates/deployment-web-0.yaml"] == DEPLOYMENT_TEMPLATE
    assert text["templates/cronjob-cleanup-4.yaml"] == CRONJOB_TEMPLATE
    assert text["templates/service-web-1.yaml"] == SERVICE_TEMPLATE
    # objects with nothing but a namespace to template: only that line differs from the manifest
    cert = text["templates/certificate-web-tls-5.yaml"]
    assert cert.startswith(HEADER + "apiVersion: cert-manager.io/v1\n")
    assert "  namespace: {{ .Release.Namespace | quote }}\n" in cert and cert.count("{{") == 1


def test_answers_values_are_merged_into_values_yaml() -> None:
    values = {"deploymentWeb": {"replicas": 3, "images": {"web": "nginx:1.28"}}, "replicaCount": 3}
    text = files_of(SMALL_APP, values=values)
    assert text["values.yaml"] == HEADER + """\
cronJobCleanup:
  images:
    cleanup: busybox:1.36
deploymentWeb:
  images:
    logShipper: fluent/fluent-bit:3.1
    migrate: registry.example.com:5000/shop/migrate:1.10
    web: nginx:1.28
  replicas: 3
replicaCount: 3
"""
    assert 'appVersion: "1.28"' in text["Chart.yaml"]  # the image the chart deploys by default


# --- the round trip the issue asks for -------------------------------------------------------------
WORKLOADS: list[dict[str, Any]] = [
    {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "debug", "namespace": "x"},
     "spec": {"containers": [{"name": "sh", "image": "alpine"}],
              "ephemeralContainers": [{"name": "dbg", "image": "busybox@sha256:" + "a" * 64}]}},
    {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db", "namespace": "x"},
     "spec": {"replicas": 1, "serviceName": "db", "selector": {"matchLabels": {"app": "db"}},
              "template": {"metadata": {"labels": {"app": "db"}},
                           "spec": {"containers": [{"name": "postgres", "image": "postgres:16.3"}]}}}},
    {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent", "namespace": "x"},
     "spec": {"selector": {"matchLabels": {"app": "agent"}},
              "template": {"metadata": {"labels": {"app": "agent"}},
                           "spec": {"containers": [{"name": "agent", "image": "localhost:5000/agent:1.2"}]}}}},
    {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "rs"},
     "spec": {"replicas": 0, "selector": {"matchLabels": {"app": "rs"}},
              "template": {"metadata": {"labels": {"app": "rs"}},
                           "spec": {"containers": [{"name": "rs", "image": "nginx"}]}}}},
    {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "once", "namespace": "x"},
     "spec": {"template": {"spec": {"restartPolicy": "Never",
                                    "containers": [{"name": "once", "image": "busybox:1.36"}]}}}},
    {"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": {"name": "canary", "namespace": "x"},
     "spec": {"replicas": 4, "selector": {"matchLabels": {"app": "canary"}},
              "template": {"metadata": {"labels": {"app": "canary"}},
                           "spec": {"containers": [{"name": "app", "image": "ghcr.io/org/app:v2.0.0-rc.1"}]}}}},
]
CLUSTER_AND_UNNAMESPACED: list[dict[str, Any]] = [
    {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "on"}},
    {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "reader"},
     "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list"]}]},
    {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "bare"},
     "spec": {"selector": {"matchLabels": {"app": "bare"}},
              "template": {"metadata": {"labels": {"app": "bare"}},
                           "spec": {"containers": [{"name": "bare", "image": "nginx:1.27"}]}}}},
]
TRICKY_STRINGS: list[dict[str, Any]] = [
    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "rules", "namespace": "mon"},
     "data": {"alert": "{{ $labels.instance }} is down\n{{- if .x }}{{{ }}\n", "inline": "a {{b}} }} {{",
              "slot": "fluxcslot0e", "bool": "yes", "float": "1.10", "long": "word " * 40}},
    {"apiVersion": "apps/v1", "kind": "Deployment",
     "metadata": {"name": "fluxcslot1e", "namespace": "mon", "annotations": {"x": '"fluxcslot2e"'}},
     "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "a"}},
              "template": {"metadata": {"labels": {"app": "a"}},
                           "spec": {"containers": [{"name": "a", "image": "a:yes", "args": ["{{ .Values.x }}"]}]}}}},
]


def _deployment(name: str, namespace: str, *containers: tuple[str, str]) -> dict[str, Any]:
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "namespace": namespace},
            "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "a"}},
                     "template": {"metadata": {"labels": {"app": "a"}},
                                  "spec": {"containers": [{"name": n, "image": i} for n, i in containers]}}}}


COLLISIONS = [
    _deployment("my-app", "a", ("web", "web:1")),
    _deployment("my.app", "a", ("web", "web:2")),
    _deployment("my-app-2", "a", ("web", "web:3"), ("web", "web:4"), ("web-2", "web:5"), ("web2", "web:6")),
    _deployment("my-app", "b", ("9lives", "cat:9"), ("", "anon:1")),
]

_IMAGE = ("spec", "template", "spec", "containers", 0, "image")
ROUND_TRIPS: dict[str, tuple[list[dict[str, Any]], dict[str, Any] | None, str, list[tuple[int, tuple[Any, ...], Any]]]] = {
    "small-app": (SMALL_APP, None, "prod", []),
    "small-app-overridden": (
        SMALL_APP,
        {"deploymentWeb": {"replicas": 5, "images": {"web": "nginx:1.28", "migrate": "migrate:2"}},
         "cronJobCleanup": {"images": {"cleanup": "busybox:1.37"}}, "unused": {"a": [1, 2]}},
        "shop",
        [(0, ("spec", "replicas"), 5), (0, _IMAGE, "nginx:1.28"),
         (0, ("spec", "template", "spec", "initContainers", 0, "image"), "migrate:2"),
         (4, ("spec", "jobTemplate", "spec", "template", "spec", "containers", 0, "image"), "busybox:1.37")],
    ),
    "workloads": (WORKLOADS, None, "123", []),
    "workloads-overridden": (WORKLOADS, {"rolloutCanary": {"replicas": 0}, "podDebug": {"images": {"dbg": "busybox:1"}}},
                             "x", [(5, ("spec", "replicas"), 0),
                                   (0, ("spec", "ephemeralContainers", 0, "image"), "busybox:1")]),
    "cluster-scoped-and-no-namespace": (CLUSTER_AND_UNNAMESPACED, None, "on", []),
    "tricky-strings": (TRICKY_STRINGS, {"deploymentFluxcslot1e": {"images": {"a": "no"}}}, "no",
                       [(1, _IMAGE, "no")]),
    "collisions": (COLLISIONS, {"deploymentMyApp3": {"replicas": 7}}, "z", [(1, ("spec", "replicas"), 7)]),
}


@pytest.mark.parametrize("case", ROUND_TRIPS)
def test_round_trip_by_substitution(case: str) -> None:
    objs, values, namespace, edits = ROUND_TRIPS[case]
    expected = [with_namespace(o, namespace) for o in objs]
    for index, path, value in edits:
        expected[index] = edit(expected[index], path, value)
    assert render_chart(files_of(objs, values=values), namespace) == expected


def test_collision_keys_are_deterministic_identifiers() -> None:
    values = yaml.safe_load(files_of(COLLISIONS)["values.yaml"])
    assert values == {
        "deploymentMyApp": {"replicas": 1, "images": {"web": "web:1"}},
        "deploymentMyApp3": {"replicas": 1, "images": {"web": "web:2"}},  # `2` is Deployment my-app-2's own key
        "deploymentMyApp2": {"replicas": 1, "images": {"web": "web:3", "web3": "web:4", "web2": "web:5",
                                                                "web22": "web:6"}},
        "deploymentMyApp4": {"replicas": 1, "images": {"container9lives": "cat:9", "container": "anon:1"}},
    }


@pytest.mark.parametrize("case", ROUND_TRIPS)
def test_every_values_path_is_a_go_template_identifier_path(case: str) -> None:
    objs, values, _, _ = ROUND_TRIPS[case]
    for text in files_of(objs, values=values).values():
        for m in re.finditer(r"\.Values\.(\S+)", text):
            assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", part) for part in m[1].split(".")), m[0]


def test_kind_acronyms_and_names_make_camel_case_keys() -> None:
    objs = [{"apiVersion": "example.com/v1", "kind": "HTTPServer", "metadata": {"name": "edge.v2-eu"},
             "spec": {"replicas": 3}},
            {"apiVersion": "example.com/v1", "kind": "PVC", "metadata": {"name": "x"}, "spec": {"replicas": 1}},
            {"apiVersion": "example.com/v1", "kind": "Thing", "metadata": {"name": "t"}, "spec": {"replicas": True}}]
    text = files_of(objs)
    assert yaml.safe_load(text["values.yaml"]) == {"httpServerEdgeV2Eu": {"replicas": 3}, "pvcX": {"replicas": 1}}
    assert "replicas: true" in text["templates/thing-t-2.yaml"]  # not a count: left alone


def test_container_without_a_usable_name_is_keyed_container() -> None:
    obj = edit(_deployment("a", "n", ("x", "x:1")), ("spec", "template", "spec", "containers"),
               [{"name": None, "image": "x:1"}, {"image": "y:2"}])
    values = yaml.safe_load(files_of([obj])["values.yaml"])
    assert values == {"deploymentA": {"replicas": 1, "images": {"container": "x:1", "container2": "y:2"}}}


# --- helm itself, where it is installed ----------------------------------------------------------
def write_chart(files: dict[str, str], folder: Path) -> Path:
    for path, text in files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text, encoding="utf-8")
    return folder


def _canonical(objs: list[Any]) -> list[str]:
    return sorted(json.dumps(o, sort_keys=True) for o in objs if o is not None)


@needs_helm
@pytest.mark.parametrize("case", ROUND_TRIPS)
def test_helm_lint(case: str, tmp_path: Path) -> None:
    objs, values, _, _ = ROUND_TRIPS[case]
    chart = write_chart(files_of(objs, values=values), tmp_path / "shop")
    run = subprocess.run([str(HELM), "lint", str(chart)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


@needs_helm
@pytest.mark.parametrize("case", ROUND_TRIPS)
def test_helm_template_matches_substitution(case: str, tmp_path: Path) -> None:
    objs, values, namespace, _ = ROUND_TRIPS[case]
    files = files_of(objs, values=values)
    chart = write_chart(files, tmp_path / "shop")
    run = subprocess.run([str(HELM), "template", "release", str(chart), "--namespace", namespace],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert _canonical(list(yaml.safe_load_all(run.stdout))) == _canonical(render_chart(files, namespace))


# --- Chart.yaml ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("version", ["0.1.0", "1.2.3-rc.1+build.5", "10.20.30", "1.0.0-alpha.beta.1"])
def test_chart_version_semver(version: str) -> None:
    assert yaml.safe_load(files_of(SMALL_APP, chart_version=version)["Chart.yaml"])["version"] == version


@pytest.mark.parametrize("version", ["1.2", "v1.2.3", "01.2.3", "1.2.3\n", "", "latest", "1.2.3-", "1.2.3-01", "١.٢.٣"])
def test_chart_version_not_semver_is_refused(version: str) -> None:
    with pytest.raises(ValueError, match=r"chart version .* is not a SemVer 2 version"):
        files_of(SMALL_APP, chart_version=version)


def test_chart_name_must_be_a_dns_label() -> None:
    with pytest.raises(ValueError, match="chart name 'My_Chart' is not a DNS-1123 label"):
        files_of(SMALL_APP, chart_name="My_Chart")


@pytest.mark.parametrize(("image", "version"), [
    ("nginx:1.27", "1.27"),
    ("localhost:5000/app:1.2", "1.2"),
    ("localhost:5000/app", "latest"),
    ("nginx", "latest"),
    ("nginx:1.27@sha256:" + "b" * 64, "1.27"),
    ("nginx@sha256:" + "b" * 64, None),
    ("ghcr.io/org/team/app:v2.0.0-rc.1", "v2.0.0-rc.1"),
])
def test_app_version_of(image: str, version: str | None) -> None:
    assert app_version_of(image) == version
    chart = yaml.safe_load(files_of([_deployment("a", "n", ("a", image))])["Chart.yaml"])
    assert chart.get("appVersion") == version


def test_app_version_comes_from_the_first_object_with_an_image_and_containers_before_init() -> None:
    chart = files_of([SERVICE, CRONJOB, DEPLOYMENT])["Chart.yaml"]
    assert 'appVersion: "1.36"' in chart  # the CronJob comes first; the Service has no image
    init_first = edit(DEPLOYMENT, ("spec", "template", "spec", "containers"), [{"name": "web", "image": "web:2.0.1"}])
    assert "appVersion: 2.0.1\n" in files_of([init_first])["Chart.yaml"]


def test_app_version_omitted_without_images() -> None:
    chart = yaml.safe_load(files_of([SERVICE, CONFIGMAP])["Chart.yaml"])
    assert chart == {"apiVersion": "v2", "name": "shop", "version": "0.1.0", "type": "application",
                     "description": "Generated by fluxc from raw manifests"}


def test_app_version_follows_an_override_and_ignores_a_non_string_one() -> None:
    assert "appVersion: 1.29.0\n" in files_of(SMALL_APP, values={"deploymentWeb": {"images": {"web": "n:1.29.0"}}})[
        "Chart.yaml"]
    assert 'appVersion: "1.27"' in files_of(SMALL_APP, values={"deploymentWeb": {"images": {"web": None}}})[
        "Chart.yaml"]


# --- values.yaml merge -----------------------------------------------------------------------------
def test_values_deep_merge() -> None:
    answers = {"deploymentWeb": {"images": {"web": "nginx:1.28"}, "extra": [1, 2]},
               "cronJobCleanup": "replaced",  # a scalar replaces a mapping
               "list": [{"a": 1}], "nested": {"b": {"c": None}}}
    before = copy.deepcopy(answers)
    values = yaml.safe_load(files_of(SMALL_APP, values=answers)["values.yaml"])
    assert values == {
        "deploymentWeb": {"replicas": 2, "extra": [1, 2], "images": {
            "web": "nginx:1.28", "migrate": "registry.example.com:5000/shop/migrate:1.10",
            "logShipper": "fluent/fluent-bit:3.1"}},
        "cronJobCleanup": "replaced", "list": [{"a": 1}], "nested": {"b": {"c": None}},
    }
    assert answers == before


def test_answers_list_replaces_a_default_mapping_and_empty_values_give_empty_mapping() -> None:
    values = yaml.safe_load(files_of(SMALL_APP, values={"deploymentWeb": {"images": ["x"]}})["values.yaml"])
    assert values["deploymentWeb"] == {"replicas": 2, "images": ["x"]}
    assert files_of([SERVICE])["values.yaml"] == HEADER + "{}\n"
    assert files_of(SMALL_APP, values={}) == files_of(SMALL_APP, values=None)


# --- purity -------------------------------------------------------------------------------------------
def test_objects_are_not_mutated() -> None:
    objs = copy.deepcopy(SMALL_APP + WORKLOADS + TRICKY_STRINGS)
    before = copy.deepcopy(objs)
    files_of(objs, values={"deploymentWeb": {"replicas": 9}})
    assert objs == before


def test_deterministic_bytes() -> None:
    first = package_helm(packaged(*SMALL_APP), chart_name="shop", values={"b": 1, "a": {"y": 1, "x": 2}})
    reordered = [json.loads(json.dumps(o, sort_keys=True)) for o in SMALL_APP]
    again = package_helm(packaged(*reordered), chart_name="shop", values={"a": {"x": 2, "y": 1}, "b": 1})
    assert first == again
    assert all(f.content.startswith(HEADER) and f.content.endswith("\n") and "---" not in f.content for f in first)
