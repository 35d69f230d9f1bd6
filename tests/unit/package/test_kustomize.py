"""fluxc.package.kustomize: the Kustomize base and the raw folder, checked by `kubectl kustomize` round trips."""

from __future__ import annotations

import copy
import textwrap
from pathlib import Path
from typing import Any

from fluxc.output.files import HEADER, OutputFile
from fluxc.package.kustomize import package_kustomize
from fluxc.package.manifests import check_manifests, name_objects
from fluxc.package.raw import package_raw
from fluxc.package.types import PackagedObject
from fluxc.report import codes
from fluxc.yaml.load import parse_documents
from helpers.packages import kustomize
from helpers.snippets import web_deployment, web_service

APP = web_deployment("""\
        - name: web
          image: nginx:1.27
          args: ["--port", "8080"]
          env:
            - {name: ENABLED, value: "yes"}
            - {name: VERSION, value: "1.10"}
            - {name: MODE, value: "0755"}
            - {name: SHORT, value: "y"}
""", metadata="  namespace: somewhere-else\n  labels: {app: web}\n") + "---\n" + web_service("8080") + """\
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  config.yaml: |
    greeting: hello
    empty: ""
  date: "2024-01-01"
  "on": "off"
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: system:web-reader
rules:
  - apiGroups: [""]
    resources: [pods]
    verbs: [get, list]
---
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: web-tls
spec:
  secretName: web-tls
  dnsNames: [web.example.com]
  duration: 2160h0m0s
"""
CLUSTER_SCOPED_HERE = {"ClusterRole", "Namespace"}


def objects() -> list[PackagedObject]:
    documents = [d for d in parse_documents(APP, "app.yaml") if d.data is not None]
    return name_objects(documents)


def test_the_app_is_valid() -> None:
    documents = [d for d in parse_documents(APP, "app.yaml") if d.data is not None]
    assert [d.code for d in check_manifests(documents, "1.37", namespace="shop")] == [codes.NO_K8S_SCHEMA]


def write(root: Path, files: list[OutputFile]) -> None:
    for file in files:
        path = root / file.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(file.content)


def load(text: str) -> list[dict[str, Any]]:
    return [d.data for d in parse_documents(text, "out.yaml") if d.data is not None]


def by_id(objs: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    keyed = {(o["kind"], o["metadata"]["name"]): o for o in objs}
    assert len(keyed) == len(objs)
    return keyed


def test_the_files_of_a_small_app() -> None:
    files = package_kustomize(objects(), namespace="shop")
    assert [f.path for f in files] == [
        "kustomization.yaml", "base/kustomization.yaml", "base/deployment-web.yaml", "base/service-web.yaml",
        "base/configmap-web-config.yaml", "base/clusterrole-system-web-reader.yaml", "base/namespace-shop.yaml",
        "base/certificate-web-tls.yaml"]
    assert files[0].content == HEADER + textwrap.dedent("""\
        ---
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        namespace: shop
        resources:
        - base
        """)
    assert files[1].content == HEADER + textwrap.dedent("""\
        ---
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources:
        - deployment-web.yaml
        - service-web.yaml
        - configmap-web-config.yaml
        - clusterrole-system-web-reader.yaml
        - namespace-shop.yaml
        - certificate-web-tls.yaml
        """)
    assert files[6].content == HEADER + "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n"
    assert all(f.content.startswith(HEADER + "---\n") for f in files)


def test_without_a_namespace_the_kustomization_has_none() -> None:
    files = package_kustomize(objects(), namespace=None)
    assert "namespace" not in load(files[0].content)[0]


def test_packaging_does_not_modify_the_objects() -> None:
    packaged = objects()
    before = copy.deepcopy([o.obj for o in packaged])
    package_kustomize(packaged, namespace="shop")
    package_raw(packaged)
    assert [o.obj for o in packaged] == before


def test_kubectl_kustomize_gives_back_the_objects_namespaced(tmp_path: Path) -> None:
    packaged = objects()
    write(tmp_path, package_kustomize(packaged, namespace="shop"))
    built = by_id(load(kustomize(tmp_path)))
    expected = {}
    for original in copy.deepcopy([o.obj for o in packaged]):
        if original["kind"] not in CLUSTER_SCOPED_HERE:
            original["metadata"]["namespace"] = "shop"  # also replaces `somewhere-else`, and on the custom resource
        expected[(original["kind"], original["metadata"]["name"])] = original
    assert built == expected
    assert "namespace" not in built[("ClusterRole", "system:web-reader")]["metadata"]
    assert "namespace" not in built[("Namespace", "shop")]["metadata"]


def test_kubectl_kustomize_without_a_namespace_changes_nothing(tmp_path: Path) -> None:
    packaged = objects()
    write(tmp_path, package_kustomize(packaged, namespace=None))
    assert by_id(load(kustomize(tmp_path))) == by_id([o.obj for o in packaged])


def test_raw_is_one_file_per_object_that_loads_back(tmp_path: Path) -> None:
    packaged = objects()
    files = package_raw(packaged)
    assert [f.path for f in files] == [o.filename for o in packaged]
    write(tmp_path, files)
    for obj in packaged:
        assert load((tmp_path / obj.filename).read_text()) == [obj.obj]
    # and kustomize reads the folder too, the way Flux builds a plain folder
    (tmp_path / "kustomization.yaml").write_text("resources:\n" + "".join(f"- {f.path}\n" for f in files))
    assert by_id(load(kustomize(tmp_path))) == by_id([o.obj for o in packaged])
