"""fluxc.checks.resource_checks: SOPS blocks set aside, object shape (FLX508), metadata (FLX504), names by kind.

Documents are inline YAML parsed by `parse_single` / `parse_stream`, so spans are
the ones a user sees. Messages are apimachinery's own wording.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

import pytest

from fluxc.checks.k8s_names import is_dns1123_subdomain, is_qualified_name, is_valid_label_value
from fluxc.checks.resource_checks import ANNOTATIONS_MAX_BYTES, check_metadata, check_object_shape, strip_sops
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, Span
from fluxc.yaml.load import parse_single
from fluxc.yaml.safe import parse_stream

FILE = "m.yaml"
QUALIFIED = ("must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
             "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation "
             "is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")
SUBDOMAIN = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and "
             "must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation "
             r"is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
LABEL_VALUE = ("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and "
               "must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', "
               "regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")
# Lines 1-4; whatever a case adds starts on line 5.
HEAD = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"


def dd(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def meta(text: str) -> list[Diagnostic]:
    document = parse_single(HEAD + text, FILE)
    found = check_metadata(document.data, document.source_map, FILE)
    for diag in found:
        assert (diag.code, diag.file, diag.severity) == (codes.BAD_METADATA, FILE, "error")
        assert "\n" not in diag.message and not diag.message.endswith(".") and diag.hint
    return found


# --- the apimachinery helpers, against apimachinery's own test cases ---------------------------

@pytest.mark.parametrize("value", ["simple", "now-with-dashes", "1-starts-with-num", "1234", "simple/simple",
                                   "now-with-dashes/simple", "1-num.2-num/3-num", "example.com/Upper_case.Name",
                                   "a" * 63, "a" * 253 + "/" + "b" * 63, "A.b_c-9"])
def test_qualified_names_apimachinery_accepts(value: str) -> None:
    assert is_qualified_name(value) == []


@pytest.mark.parametrize(("value", "errors"), [
    ("nospecialchars%^=@", ["name part " + QUALIFIED]),
    ("cantendwithadash-", ["name part " + QUALIFIED]),
    ("only/one/slash", ["a qualified name " + QUALIFIED + " with an optional DNS subdomain prefix and '/' "
                        "(e.g. 'example.com/MyName')"]),
    ("Example.com/abc", ["prefix part " + SUBDOMAIN]),
    ("/simple", ["prefix part must be non-empty"]),
    ("example.com/", ["name part must be non-empty", "name part " + QUALIFIED]),
    ("", ["name part must be non-empty", "name part " + QUALIFIED]),
    ("a" * 64, ["name part must be no more than 63 characters"]),
    ("a" * 254 + "/b", ["prefix part must be no more than 253 characters"]),
    ("app\n", ["name part " + QUALIFIED]),
    ("ex.com\n/app", ["prefix part " + SUBDOMAIN]),
], ids=["special-chars", "trailing-dash", "two-slashes", "upper-case-prefix", "empty-prefix", "empty-name",
        "empty", "name-64", "prefix-254", "trailing-newline", "newline-in-prefix"])
def test_qualified_names_apimachinery_refuses(value: str, errors: list[str]) -> None:
    assert is_qualified_name(value) == errors


@pytest.mark.parametrize(("value", "ok"), [("", True), ("a" * 63, True), ("a" * 64, False), ("-a", False),
                                           ("a b", False), ("v1.2_3-x", True), ("x\n", False), ("é", False)])
def test_label_values(value: str, ok: bool) -> None:
    assert (is_valid_label_value(value) == []) == ok


def test_lengths_count_utf8_bytes_like_go() -> None:
    assert is_valid_label_value("é" * 32) == ["must be no more than 63 characters", LABEL_VALUE]
    assert is_dns1123_subdomain("a" * 253) == [] and is_dns1123_subdomain("a" * 254) == [
        "must be no more than 253 characters"]


# --- strip_sops ---------------------------------------------------------------------------------

SOPS_BLOCK = """\
sops:
    kms: []
    gcp_kms: []
    azure_kv: []
    hc_vault: []
    age:
        - recipient: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p
          enc: |
            -----BEGIN AGE ENCRYPTED FILE-----
            YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBQRmJjRmxhT0x3
            -----END AGE ENCRYPTED FILE-----
    lastmodified: "2024-05-01T10:00:00Z"
    mac: ENC[AES256_GCM,data:q3f0J8k=,iv:9mT0=,tag:Zx1=,type:str]
    pgp: []
    encrypted_regex: ^(data|stringData|values)$
    version: 3.8.1
"""
SECRET = """\
apiVersion: v1
kind: Secret
metadata:
    name: db
    namespace: apps
type: Opaque
stringData:
    password: ENC[AES256_GCM,data:Tr7o1g==,iv:1Ab=,tag:2Cd=,type:str]
"""
HELM_RELEASE = """\
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: db, namespace: apps}
spec:
    interval: 5m
    chartRef: {kind: OCIRepository, name: db}
    values:
        sops: {enabled: true}
        password: ENC[AES256_GCM,data:Tr7o1g==,iv:1Ab=,tag:2Cd=,type:str]
"""


@pytest.mark.parametrize("text", [SECRET + SOPS_BLOCK, SOPS_BLOCK + SECRET, HELM_RELEASE + SOPS_BLOCK],
                         ids=["secret-sops-last", "secret-sops-first", "helmrelease"])
def test_strip_sops_removes_only_the_top_level_sops_block(text: str) -> None:
    data = parse_single(text, FILE).data
    stripped = strip_sops(data)
    assert "sops" not in stripped and "sops" in data  # a copy: the document keeps its block
    assert stripped == {k: v for k, v in data.items() if k != "sops"}
    assert all(stripped[k] is data[k] for k in stripped)  # everything else untouched
    assert list(stripped) == [k for k in data if k != "sops"]


def test_strip_sops_keeps_documents_without_a_sops_block() -> None:
    data = parse_single(HELM_RELEASE + "sops: enabled\n", FILE).data  # not SOPS metadata: left to the schema
    assert strip_sops(data) == data and strip_sops(data) is not data
    assert strip_sops(data)["spec"]["values"]["sops"] == {"enabled": True}


# --- check_object_shape -------------------------------------------------------------------------

SHAPES: list[tuple[str, str, list[tuple[tuple[str, ...], Span, str]]]] = [
    ("list", "- a\n- b\n", [((), Span(1, 1), "this document is a list, not a Kubernetes object")]),
    ("string", "just text\n", [((), Span(1, 1), "this document is a string, not a Kubernetes object")]),
    ("number", "\n42\n", [((), Span(2, 1), "this document is the integer 42, not a Kubernetes object")]),
    ("no-api-version", "kind: ConfigMap\nmetadata: {}\n", [(("apiVersion",), Span(1, 1), "`apiVersion` is missing")]),
    ("api-version-number", "apiVersion: 1\nkind: ConfigMap\n",
     [(("apiVersion",), Span(1, 13), "`apiVersion` must be a string, not the integer 1")]),
    ("kind-boolean", "apiVersion: v1\nkind: yes\n", [(("kind",), Span(2, 7), "`kind` must be a string, not the boolean true")]),
    ("kind-null", "apiVersion: v1\nkind:\n", [(("kind",), Span(2, 6), "`kind` must be a string, not null")]),
    ("kind-mapping", "apiVersion: v1\nkind: {a: b}\n", [(("kind",), Span(2, 7), "`kind` must be a string, not a mapping")]),
    ("empty-api-version", 'apiVersion: ""\nkind: ConfigMap\n', [(("apiVersion",), Span(1, 13), "`apiVersion` is empty")]),
    ("three-part-api-version", "apiVersion: a/b/c\nkind: X\n",
     [(("apiVersion",), Span(1, 13), "unexpected GroupVersion string: a/b/c")]),
    ("both-missing", "metadata: {name: x}\n",
     [(("apiVersion",), Span(1, 1), "`apiVersion` is missing"), (("kind",), Span(1, 1), "`kind` is missing")]),
    ("valid-core", "apiVersion: v1\nkind: ConfigMap\n", []),
    ("valid-flux", "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\n", []),
    ("empty-document", "---\n# only a comment\n", []),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in SHAPES], ids=[c[0] for c in SHAPES])
def test_object_shape(text: str, expected: list[tuple[tuple[str, ...], Span, str]]) -> None:
    [document] = parse_stream(text, FILE).documents
    found = check_object_shape(document.data, document.source_map, FILE)
    assert [(d.code, d.path, d.span, d.message) for d in found] == [(codes.NOT_AN_OBJECT, *e) for e in expected]
    assert all(d.hint and d.file == FILE for d in found)


def test_object_shape_hints_name_the_missing_key() -> None:
    [document] = parse_stream("kind: ConfigMap\n", FILE).documents
    [diag] = check_object_shape(document.data, document.source_map, FILE)
    assert "`apiVersion: source.toolkit.fluxcd.io/v1`" in diag.hint


# --- check_metadata -----------------------------------------------------------------------------

# (id, text after HEAD, [(path, span, message)]); label entries start on line 6, column 5.
METADATA: list[tuple[str, str, list[tuple[tuple[Any, ...], Span, str]]]] = [
    ("valid", """
        labels:
          app.kubernetes.io/name: podinfo
          Team_1: ""
          x: "1.10"
        annotations:
          Example.COM/Some-Key: any text at all
          kustomize.toolkit.fluxcd.io/reconcile: disabled
        finalizers: [finalizers.fluxcd.io, kubernetes]
        generateName: podinfo-
        """, []),
    ("a-namespace-that-is-a-label", "  namespace: shop\n", []),  # a bad one: test_namespaces_are_dns_labels
    ("no-labels-or-annotations", "  labels:\n  annotations: ~\n", []),
    ("label-key-bad-chars", """
        labels:
          "foo bar": x
        """, [(("metadata", "labels", "foo bar"), Span(6, 5), "invalid label key `foo bar`: name part " + QUALIFIED)]),
    ("label-key-too-long", f"""
        labels:
          {"k" * 64}: x
        """, [(("metadata", "labels", "k" * 64), Span(6, 5),
               f"invalid label key `{'k' * 64}`: name part must be no more than 63 characters")]),
    ("label-key-63-ok", f"""
        labels:
          {"k" * 63}: x
        """, []),
    ("label-key-bad-prefix", """
        labels:
          Example.com/app: x
        """, [(("metadata", "labels", "Example.com/app"), Span(6, 5),
               "invalid label key `Example.com/app`: prefix part " + SUBDOMAIN)]),
    ("label-key-prefix-too-long", f"""
        labels:
          {"p" * 254}/app: x
        """, [(("metadata", "labels", "p" * 254 + "/app"), Span(6, 5),
               f"invalid label key `{'p' * 80}...`: prefix part must be no more than 253 characters")]),
    ("label-key-empty-prefix", """
        labels:
          /app: x
        """, [(("metadata", "labels", "/app"), Span(6, 5), "invalid label key `/app`: prefix part must be non-empty")]),
    ("label-key-empty-name", """
        labels:
          example.com/: x
        """, [(("metadata", "labels", "example.com/"), Span(6, 5), "invalid label key `example.com/`: name part must be non-empty"),
              (("metadata", "labels", "example.com/"), Span(6, 5), "invalid label key `example.com/`: name part " + QUALIFIED)]),
    ("label-key-two-slashes", """
        labels:
          a/b/c: x
        """, [(("metadata", "labels", "a/b/c"), Span(6, 5), "invalid label key `a/b/c`: a qualified name " + QUALIFIED
               + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')")]),
    ("label-key-trailing-newline", r"""
        labels:
          "app\n": x
        """, [(("metadata", "labels", "app\n"), Span(6, 5), r"invalid label key `app\n`: name part " + QUALIFIED)]),
    ("label-value-bad-chars", """
        labels:
          app: -web
        """, [(("metadata", "labels", "app"), Span(6, 10), "invalid label value `-web`: " + LABEL_VALUE)]),
    ("label-value-too-long", f"""
        labels:
          app: {"v" * 64}
        """, [(("metadata", "labels", "app"), Span(6, 10),
               f"invalid label value `{'v' * 64}`: must be no more than 63 characters")]),
    ("label-value-trailing-newline", r"""
        labels:
          app: "web\n"
        """, [(("metadata", "labels", "app"), Span(6, 10), r"invalid label value `web\n`: " + LABEL_VALUE)]),
    ("label-value-block-scalar", """
        labels:
          app: |
            web
        """, [(("metadata", "labels", "app"), Span(6, 10), r"invalid label value `web\n`: " + LABEL_VALUE)]),
    ("bad-key-and-value", """
        labels:
          "a b": "c d"
        """, [(("metadata", "labels", "a b"), Span(6, 5), "invalid label key `a b`: name part " + QUALIFIED),
              (("metadata", "labels", "a b"), Span(6, 12), "invalid label value `c d`: " + LABEL_VALUE)]),
    ("labels-not-a-mapping", "  labels: [a, b]\n",
     [(("metadata", "labels"), Span(5, 11), "`labels` must be a mapping of strings to strings, not a list")]),
    ("annotations-not-a-mapping", "  annotations: text\n",
     [(("metadata", "annotations"), Span(5, 16), "`annotations` must be a mapping of strings to strings, not a string")]),
    ("annotation-key-bad", """
        annotations:
          "see: docs": x
          example.com//x: z
        """, [(("metadata", "annotations", "see: docs"), Span(6, 5), "invalid annotation key `see: docs`: name part " + QUALIFIED),
              (("metadata", "annotations", "example.com//x"), Span(7, 5), "invalid annotation key `example.com//x`: "
               "a qualified name " + QUALIFIED + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')")]),
    ("annotation-value-boolean", """
        annotations:
          fluxcd.io/ignore: true
        """, [(("metadata", "annotations", "fluxcd.io/ignore"), Span(6, 23),
               "the annotation value of `fluxcd.io/ignore` must be a string, not the boolean true")]),
    ("finalizers", """
        finalizers:
          - finalizers.fluxcd.io
          - bad finalizer
        """, [(("metadata", "finalizers", 1), Span(7, 7), "invalid finalizer `bad finalizer`: name part " + QUALIFIED)]),
    ("finalizers-not-strings-left-to-the-schema", "  finalizers: [1, {a: b}]\n", []),
    ("metadata-not-a-mapping", None, [(("metadata",), Span(3, 11), "`metadata` must be a mapping, not a list")]),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in METADATA], ids=[c[0] for c in METADATA])
def test_metadata(text: str | None, expected: list[tuple[tuple[Any, ...], Span, str]]) -> None:
    if text is None:  # replace HEAD's metadata
        document = parse_single("apiVersion: v1\nkind: X\nmetadata: [name]\n", FILE)
        found = check_metadata(document.data, document.source_map, FILE)
    else:
        found = meta(textwrap.indent(dd(text), "  "))
    assert [(d.path, d.span, d.message) for d in found] == expected


NOT_STRINGS = [
    ("boolean", "enabled: true", Span(6, 14), "not the boolean true", 'quote it so it stays a string: `enabled: "true"`'),
    ("yes", "on-call: yes", Span(6, 14), "not the boolean true", 'quote it so it stays a string: `on-call: "yes"`'),
    ("integer", "replicas: 3", Span(6, 15), "not the integer 3", 'quote it so it stays a string: `replicas: "3"`'),
    ("float-keeps-its-text", "version: 1.10", Span(6, 14), "not the number 1.1", '`version: "1.10"`'),
    ("octal", "mode: 0755", Span(6, 11), "not the integer 493", '`mode: "0755"`'),
    ("null", "empty:", Span(6, 11), "not null", 'write `empty: ""` for an empty value, or remove the entry'),
    ("tilde", "empty: ~", Span(6, 12), "not null", 'write `empty: ""`'),
    ("mapping", "team: {a: b}", Span(6, 11), "not a mapping", "write a single string value"),
    ("list", "team: [a]", Span(6, 11), "not a list", "write a single string value"),
]


@pytest.mark.parametrize(("entry", "span", "message", "hint"), [c[1:] for c in NOT_STRINGS], ids=[c[0] for c in NOT_STRINGS])
@pytest.mark.parametrize("field", ["labels", "annotations"])
def test_label_and_annotation_values_must_be_strings(field: str, entry: str, span: Span, message: str, hint: str) -> None:
    [diag] = meta(f"  {field}:\n    {entry}\n")
    key = entry.partition(":")[0]
    assert (diag.path, diag.span) == (("metadata", field, key), span)
    assert diag.message == f"the {field[:-1]} value of `{key}` {'must be a string, ' + message}"
    assert hint in diag.hint


@pytest.mark.parametrize(("extra", "ok"), [(0, True), (1, False)], ids=["at-limit", "one-byte-over"])
def test_annotations_total_size_counts_utf8_bytes(extra: int, ok: bool) -> None:
    # "a" + 131071 two-byte characters = 262143 bytes; "b" + "" or "b" + "c" brings it to the limit or over.
    text = f'  annotations:\n    a: "{"é" * 131071}"\n    b: "{"c" * extra}"\n'
    found = meta(text)
    assert ANNOTATIONS_MAX_BYTES == 262144
    if ok:
        assert found == []
    else:
        [diag] = found
        assert (diag.path, diag.span) == (("metadata", "annotations"), Span(6, 5))
        assert diag.message == ("annotations are too long: may not be more than 262144 bytes "
                                "(keys and values together are 262145)")
        assert "ConfigMap" in diag.hint


GENERATE_NAMES = [
    ("prefix-with-dash", "podinfo-", []),
    ("empty", '""', []),
    ("dotted", "web.apps-", []),
    ("upper-case", "PodInfo-", ["invalid generateName `PodInfo-`: " + SUBDOMAIN]),
    ("only-a-dash", "'-'", ["invalid generateName `-`: " + SUBDOMAIN]),
    ("leading-dash", "-web", ["invalid generateName `-web`: " + SUBDOMAIN]),
    ("too-long", "g" * 254, [f"invalid generateName `{'g' * 80}...`: must be no more than 253 characters"]),
    ("254-with-dash-is-masked", "g" * 253 + "-", []),  # NameIsDNSSubdomain masks the trailing dash
    ("go-masking-quirk", "web.-", []),  # the mask replaces two characters, so apimachinery accepts this
    ("trailing-newline", '"web\\n"', [r"invalid generateName `web\n`: " + SUBDOMAIN]),
]


@pytest.mark.parametrize(("value", "messages"), [c[1:] for c in GENERATE_NAMES], ids=[c[0] for c in GENERATE_NAMES])
def test_generate_name_is_a_dns_subdomain_prefix(value: str, messages: list[str]) -> None:
    found = meta(f"  generateName: {value}\n")
    assert [d.message for d in found] == messages
    assert all((d.path, d.span) == (("metadata", "generateName"), Span(5, 17)) for d in found)


def test_generate_name_must_be_a_string() -> None:
    [diag] = meta("  generateName: 5\n")
    assert (diag.path, diag.span, diag.message) == (("metadata", "generateName"), Span(5, 17),
                                                    "`generateName` must be a string, not the integer 5")
    assert diag.hint == 'quote it so it stays a string: `generateName: "5"`'


def test_missing_metadata_is_left_to_the_schema() -> None:
    document = parse_single("apiVersion: v1\nkind: ConfigMap\n", FILE)
    assert check_metadata(document.data, document.source_map, FILE) == []


def test_a_sops_document_is_checked_without_its_block() -> None:
    document = parse_single(SECRET.replace("    namespace: apps\n", "    labels: {Bad Key: x}\n") + SOPS_BLOCK, FILE)
    found = check_metadata(strip_sops(document.data), document.source_map, FILE)
    assert [(d.path, d.span) for d in found] == [(("metadata", "labels", "Bad Key"), Span(5, 14))]


# --- metadata.name by kind, metadata.namespace ----------------------------------------------------------------

def named(api_version: str, kind: str, name: str, namespace: str | None = None) -> list[Diagnostic]:
    ns = f"  namespace: {json.dumps(namespace)}\n" if namespace is not None else ""
    text = f"apiVersion: {api_version}\nkind: {kind}\nmetadata:\n  name: {json.dumps(name)}\n{ns}"
    document = parse_single(text, FILE)
    return check_metadata(document.data, document.source_map, FILE)


KINDS = [("v1", "ConfigMap"), ("apps/v1", "Deployment"), ("v1", "Service"), ("v1", "Namespace"),
         ("rbac.authorization.k8s.io/v1", "ClusterRole"), ("rbac.authorization.k8s.io/v1", "RoleBinding"),
         ("batch/v1", "CronJob"), ("cert-manager.io/v1", "Certificate"), ("source.toolkit.fluxcd.io/v1", "GitRepository")]
# name -> the kinds of KINDS (by kind) that take it
NAMES: dict[str, set[str]] = {
    "web": {k for _, k in KINDS},
    "web.example.com": {"ConfigMap", "Deployment", "ClusterRole", "RoleBinding", "CronJob", "Certificate",
                        "GitRepository"},
    "1web": {k for _, k in KINDS} - {"Service"},  # DNS-1035: a Service name starts with a letter
    "a" * 63: {k for _, k in KINDS} - {"CronJob"},  # CronJob: at most 52
    "a" * 52: {k for _, k in KINDS},
    "a" * 64: {"ConfigMap", "Deployment", "ClusterRole", "RoleBinding", "Certificate", "GitRepository"},
    "a" * 253: {"ConfigMap", "Deployment", "ClusterRole", "RoleBinding", "Certificate", "GitRepository"},
    "a" * 254: {"ClusterRole", "RoleBinding"},  # RBAC names are any path segment
    "system:aggregate-to-view": {"ClusterRole", "RoleBinding"},
    "Web": {"ClusterRole", "RoleBinding"},
    "web_1": {"ClusterRole", "RoleBinding"},
    "web-": {"ClusterRole", "RoleBinding"},
    "../../etc/passwd": set(),
    "a/b": set(),
    "..": set(),
    ".": set(),
    "50%": set(),
    "web\n": {"ClusterRole", "RoleBinding"},
}


@pytest.mark.parametrize(("api_version", "kind"), KINDS, ids=[k for _, k in KINDS])
@pytest.mark.parametrize("name", NAMES, ids=[n if len(n) < 30 else f"{len(n)}-chars" for n in NAMES])
def test_names_by_kind(api_version: str, kind: str, name: str) -> None:
    found = named(api_version, kind, name)
    assert (found == []) is (kind in NAMES[name]), [d.render() for d in found]
    for diag in found:
        assert (diag.code, diag.path, diag.span) == (codes.BAD_FORMAT, ("metadata", "name"), Span(4, 9))


def test_a_service_name_is_told_what_it_must_be() -> None:
    diag, = named("v1", "Service", "1web")
    assert diag.message == ("'1web' is not a DNS-1035 label (lower-case letters, digits and '-', starting with a "
                            "letter and ending with a letter or digit, at most 63 characters)")
    assert diag.hint == "a Service name becomes a DNS name: start it with a letter"


def test_a_path_is_never_a_name() -> None:
    diag, = named("rbac.authorization.k8s.io/v1", "ClusterRole", "../../etc/passwd")
    assert diag.message == "'../../etc/passwd' is not a path segment (not `.` or `..`, without `/` or `%`)"


def test_the_kind_is_matched_with_its_group() -> None:
    # a custom `Service` of another group is a custom resource: a DNS-1123 subdomain, not a DNS-1035 label
    assert named("example.com/v1", "Service", "1web.x") == []
    assert named("example.com/v1", "ClusterRole", "Web") != []


@pytest.mark.parametrize(("namespace", "ok"), [("shop", True), ("a" * 63, True), ("a" * 64, False), ("Shop", False),
                                               ("shop.prod", False), ("../x", False), ("-shop", False), ("1", True)])
def test_namespaces_are_dns_labels(namespace: str, ok: bool) -> None:
    found = named("v1", "ConfigMap", "web", namespace)
    assert (found == []) is ok
    assert all((d.code, d.path, d.span) == (codes.BAD_FORMAT, ("metadata", "namespace"), Span(5, 14)) for d in found)


@pytest.mark.parametrize("prefix", ["a" * 254, ".".join(["b" * 63] * 4) + "bb"])
def test_label_key_prefix_over_253_characters(prefix: str) -> None:
    found = meta(f"  labels:\n    {prefix}/team: x\n")
    assert [d.message.rsplit(": ", 1)[-1] for d in found] == ["prefix part must be no more than 253 characters"]
