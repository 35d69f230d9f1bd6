"""fluxc.package.k8s_validate: kubernetes-validate's strict schemas, every error at its line, validators cached."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from fluxc.package import k8s_validate
from fluxc.package.k8s_validate import resolve_version, supported_versions, validate_object
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, Span
from fluxc.yaml.load import parse_documents
from helpers.snippets import web_deployment, web_service

FILE = "rendered/app.yaml"

VALID = web_deployment("""\
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 80
              name: http
          resources:
            limits: {cpu: 500m, memory: 128Mi}
""") + "---\n" + web_service("http") + """\
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web
data:
  greeting: hello
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  ingressClassName: nginx
  rules:
    - host: web.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port: {number: 80}
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: backup
              image: busybox:1.36
              args: [sh, -c, echo done]
"""

# Four mistakes: replicas a string (line 6), a misspelt key (7), a container without a name (15) and a
# port listed twice (18).
BAD = web_deployment("""\
        - image: nginx:1.27
          ports:
            - containerPort: 80
            - containerPort: 80
""", metadata="", spec="  replicas: two\n  replica: 3\n")


def check(text: str, version: str | None = None) -> list[Diagnostic]:
    found = []
    for document in parse_documents(textwrap.dedent(text), FILE):
        found += validate_object(document, version or resolve_version(None))
    return found


@pytest.mark.parametrize("version", [None, "1.30", "1.25"])
def test_valid_objects_pass(version: str | None) -> None:
    assert check(VALID, version) == []


def test_every_problem_is_reported_at_its_line() -> None:
    found = {(d.code, d.path, d.span) for d in check(BAD)}
    assert found == {
        (codes.WRONG_TYPE, ("spec", "replicas"), Span(6, 13)),
        (codes.UNKNOWN_KEY, ("spec", "replica"), Span(7, 3)),
        (codes.MISSING_KEY, ("spec", "template", "spec", "containers", 0, "name"), Span(15, 11)),
        (codes.DUPLICATE_LIST_KEY, ("spec", "template", "spec", "containers", 0, "ports", 1), Span(18, 15)),
    }
    by_code = {d.code: d for d in check(BAD)}
    assert all(d.file == FILE and d.severity == "error" for d in by_code.values())
    assert "did you mean 'replicas'" in by_code[codes.UNKNOWN_KEY].hint
    assert by_code[codes.WRONG_TYPE].message == "expected an integer, got a string"


def test_int_or_string_and_quantity_are_worded_as_types() -> None:
    found = check("""\
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          ports:
            - port: 80
              targetPort: [http]
              nodePort: null
        """)
    assert [(d.code, d.span, d.message) for d in found] == [
        (codes.WRONG_TYPE, Span(7, 19), "expected a string or an integer, got a list")]
    pod = check("""\
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
            - name: c
              image: busybox
              resources:
                limits: {cpu: {}, memory: null}
        """)
    assert [(d.code, d.path[-1], d.message) for d in pod] == [
        (codes.WRONG_TYPE, "cpu", "expected a string or a number, got a mapping")]


def test_custom_resource_is_accepted_with_one_note() -> None:
    found = check("""\
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: tls}
        spec: {anything: goes}
        """)
    assert [(d.code, d.severity, d.path, d.span) for d in found] == [(codes.NO_K8S_SCHEMA, "note", ("kind",), Span(2, 7))]
    assert "Certificate (cert-manager.io/v1)" in found[0].message


def test_a_custom_group_named_like_a_built_in_one_is_a_custom_resource() -> None:
    found = check("apiVersion: apps.example.com/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {x: 1}\n")
    assert [d.code for d in found] == [codes.NO_K8S_SCHEMA]


def test_a_version_kubernetes_does_not_serve_names_the_one_it_does() -> None:
    found = check("apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: x}\n")
    assert [(d.code, d.path, d.span) for d in found] == [(codes.API_VERSION_REMOVED, ("apiVersion",), Span(1, 13))]
    assert found[0].hint == "write `apiVersion: networking.k8s.io/v1`"
    hpa = check("apiVersion: autoscaling/v2beta2\nkind: HorizontalPodAutoscaler\nmetadata: {name: x}\n", "1.30")
    assert hpa[0].hint == "write `apiVersion: autoscaling/v2`; also served: autoscaling/v1"


@pytest.mark.parametrize("kind", ["Secret", "ConfigMap", "Pod", "Service", "Namespace"])
def test_core_v1_is_refused_as_the_api_server_refuses_it(kind: str) -> None:
    """The core group is `v1` in an apiVersion; `core/v1` names an unknown group, so nothing would be applied
    (and a Secret would sit in Git unchecked): an error pointing at the fix, not a custom resource's note."""
    found = check(f"apiVersion: core/v1\nkind: {kind}\nmetadata: {{name: x}}\n")
    assert [(d.code, d.severity, d.path, d.span) for d in found] == [
        (codes.API_VERSION_REMOVED, "error", ("apiVersion",), Span(1, 13))]
    assert found[0].hint == "write `apiVersion: v1`; the core group has no name in an apiVersion"
    unknown = check("apiVersion: core/v1\nkind: Widget\nmetadata: {name: x}\n")
    assert [(d.code, d.severity) for d in unknown] == [(codes.NOT_ALLOWED, "error")]


def test_an_unknown_kind_of_a_built_in_group_is_an_error() -> None:
    found = check("apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: x}\n")
    assert [(d.code, d.span, d.hint) for d in found] == [(codes.NOT_ALLOWED, Span(2, 7), "did you mean 'Deployment'?")]


def test_the_version_decides_what_is_served() -> None:
    # ValidatingAdmissionPolicy went GA in Kubernetes 1.30.
    text = """\
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: p}
        spec:
          validations:
            - expression: "object.spec.replicas <= 5"
        """
    assert check(text, "1.30") == []
    assert [d.code for d in check(text, "1.29")] == [codes.API_VERSION_REMOVED]


def test_version_resolution() -> None:
    versions = supported_versions()
    assert versions[0] == "1.25" and versions[-1] == "1.37" and len(versions) == 13
    assert resolve_version(None) == versions[-1]
    assert resolve_version("1.30") == resolve_version("v1.30") == resolve_version("1.30.4") == "1.30"
    for wrong in ("1.24", "1.99", "1.3", "abc", ""):
        with pytest.raises(ValueError, match=r"1\.25 to 1\.37"):
            resolve_version(wrong)
    with pytest.raises(ValueError, match=r'unquoted 1\.30 as the number 1\.3: quote it, "1\.30"'):
        resolve_version(1.3)  # what YAML makes of `kubernetesVersion: 1.30`


def test_validators_are_cached() -> None:
    check(VALID)
    before = k8s_validate._validator.cache_info()
    check(VALID)
    after = k8s_validate._validator.cache_info()
    assert after.misses == before.misses and after.hits == before.hits + 5


def test_kubernetes_validate_is_imported_only_when_validating() -> None:
    code = ("import sys, fluxc.package.manifests, fluxc.package.kustomize, fluxc.package.k8s_validate; "
            "print(any(m.startswith('kubernetes_validate') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "False"


def test_a_kind_without_a_file_of_its_own_is_validated_against_its_definition() -> None:
    # kubernetes-validate's naming looks for storageversion-internal-v1alpha1.json; the file it ships is
    # storageversion-apiserverinternal-v1alpha1.json, so its own validate() finds no schema.
    found = check("apiVersion: internal.apiserver.k8s.io/v1alpha1\nkind: StorageVersion\nmetadata: {name: x}\n"
                  "spec: {}\nbogus: 1\n")
    assert [(d.code, d.path, d.span) for d in found] == [(codes.UNKNOWN_KEY, ("bogus",), Span(5, 1))]
