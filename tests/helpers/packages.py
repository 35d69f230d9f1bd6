"""Round trips of packages: a chart's templates rendered by substitution, a Kustomize folder built by kubectl."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from fluxc.output.files import OutputFile
from fluxc.package.manifests import name_objects
from fluxc.package.types import PackagedObject
from fluxc.yaml.load import parse_documents
from helpers.snippets import web_deployment, web_service

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



def kustomize(folder: Path) -> str:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        if os.environ.get("CI"):
            pytest.fail("kubectl is missing, and CI must run the kustomize round trip")
        pytest.skip("kubectl is not installed")
    run = subprocess.run([kubectl, "kustomize", str(folder)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    return run.stdout


# A small application of plain manifests (a namespaced Deployment, a Service, a ConfigMap with YAML 1.1
# look-alike values, cluster-scoped objects and a custom resource) that the packager tests share.
SMALL_APP = web_deployment("""\
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
SMALL_APP_CLUSTER_SCOPED = {"ClusterRole", "Namespace"}


def small_app_objects() -> list[PackagedObject]:
    documents = [d for d in parse_documents(SMALL_APP, "app.yaml") if d.data is not None]
    return name_objects(documents)


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
