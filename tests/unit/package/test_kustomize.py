"""fluxc.package.kustomize: the Kustomize base and the raw folder, checked by `kubectl kustomize` round trips."""

from __future__ import annotations

import copy
import textwrap
from pathlib import Path

from fluxc.output.files import HEADER
from fluxc.package.kustomize import package_kustomize
from fluxc.package.manifests import check_manifests
from fluxc.report import codes
from fluxc.yaml.load import parse_documents
from helpers.packages import (
    SMALL_APP,
    SMALL_APP_CLUSTER_SCOPED,
    by_id,
    kustomize,
    load,
    small_app_objects,
    write,
)


def test_the_app_is_valid() -> None:
    documents = [d for d in parse_documents(SMALL_APP, "app.yaml") if d.data is not None]
    assert [d.code for d in check_manifests(documents, "1.37", namespace="shop")] == [codes.NO_K8S_SCHEMA]


def test_the_files_of_a_small_app() -> None:
    files = package_kustomize(small_app_objects(), namespace="shop")
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
    files = package_kustomize(small_app_objects(), namespace=None)
    assert "namespace" not in load(files[0].content)[0]


def test_packaging_does_not_modify_the_objects() -> None:
    packaged = small_app_objects()
    before = copy.deepcopy([o.obj for o in packaged])
    package_kustomize(packaged, namespace="shop")
    assert [o.obj for o in packaged] == before


def test_kubectl_kustomize_gives_back_the_objects_namespaced(tmp_path: Path) -> None:
    packaged = small_app_objects()
    write(tmp_path, package_kustomize(packaged, namespace="shop"))
    built = by_id(load(kustomize(tmp_path)))
    expected = {}
    for original in copy.deepcopy([o.obj for o in packaged]):
        if original["kind"] not in SMALL_APP_CLUSTER_SCOPED:
            original["metadata"]["namespace"] = "shop"  # also replaces `somewhere-else`, and on the custom resource
        expected[(original["kind"], original["metadata"]["name"])] = original
    assert built == expected
    assert "namespace" not in built[("ClusterRole", "system:web-reader")]["metadata"]
    assert "namespace" not in built[("Namespace", "shop")]["metadata"]


def test_kubectl_kustomize_without_a_namespace_changes_nothing(tmp_path: Path) -> None:
    packaged = small_app_objects()
    write(tmp_path, package_kustomize(packaged, namespace=None))
    assert by_id(load(kustomize(tmp_path))) == by_id([o.obj for o in packaged])
