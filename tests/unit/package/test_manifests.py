"""fluxc.package.manifests: reading the `manifests` answer, checking every object, naming the files."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import Any

import pytest

from fluxc.package.manifests import RESERVED_NAMES, check_manifests, load_manifests, name_objects
from fluxc.package.secrets import LAST_APPLIED
from fluxc.report import codes
from fluxc.report.diagnostics import CompileError, Diagnostic, Span
from fluxc.yaml.document import Document
from fluxc.yaml.load import parse_documents, parse_single
from helpers.secrets import PAYLOAD_VALUES, SECRET_SPELLINGS, payload, secret_document, secret_markers

VERSION = "1.37"
CONFIGMAP = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  key: value\n"
ENC = "ENC[AES256_GCM,data:Zm9v,iv:aXY=,tag:dGFn,type:str]"
UNLOADABLE = {"binary-tag", "int-tag-string"}  # refused by the YAML loader, before any object is checked


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def problems(error: pytest.ExceptionInfo[CompileError]) -> list[tuple[str, str]]:
    return [(d.code, d.file) for d in error.value.diagnostics]


def docs(text: str, file: str = "m.yaml") -> list[Document]:
    return [d for d in parse_documents(textwrap.dedent(text), file) if d.data is not None]


def found(text: str, **kwargs: Any) -> list[tuple[str, tuple[str | int, ...], Span | None]]:
    return [(d.code, d.path, d.span) for d in check_manifests(docs(text), VERSION, **kwargs)]


# --- load_manifests ---------------------------------------------------------------------------------------

def test_a_file_with_several_documents(tmp_path: Path) -> None:
    write(tmp_path, {"rendered.yaml": CONFIGMAP.format(name="a") + "---\n# only a comment\n---\n"
                     + CONFIGMAP.format(name="b")})
    loaded = load_manifests(tmp_path, "rendered.yaml", "")
    assert [(d.file, d.data["metadata"]["name"]) for d in loaded] == [("rendered.yaml", "a"), ("rendered.yaml", "b")]
    assert loaded[1].source_map.span(("metadata", "name")) == Span(13, 9)
    assert load_manifests(tmp_path, "./rendered.yaml", "apps/demo")[0].file == "apps/demo/rendered.yaml"


def test_a_folder_recursively_sorted_without_hidden_files(tmp_path: Path) -> None:
    write(tmp_path, {f"rendered/{name}": CONFIGMAP.format(name=name.replace("/", "-").split(".")[0])
                     for name in ("b.yaml", "a/z.yaml", "a/x.yml", "a/notes.txt", ".hidden/h.yaml", "a/.h.yaml",
                                  "c/.git/config.yaml")})
    loaded = load_manifests(tmp_path, "rendered/", "base")
    assert [d.file for d in loaded] == ["base/rendered/a/x.yml", "base/rendered/a/z.yaml", "base/rendered/b.yaml"]


def test_every_unreadable_file_is_reported_at_once(tmp_path: Path) -> None:
    write(tmp_path, {"m/a.yaml": "a: 1\na: 2\n", "m/b.yaml": "key: [\n", "m/c.yaml": CONFIGMAP.format(name="c")})
    with pytest.raises(CompileError) as error:
        load_manifests(tmp_path, "m", "")
    assert problems(error) == [(codes.DUPLICATE_KEY, "m/a.yaml"), (codes.YAML_SYNTAX, "m/b.yaml")]


@pytest.mark.parametrize("relative", ["../outside", "m/../../outside", "/etc"])
def test_paths_leading_outside_are_refused(tmp_path: Path, relative: str) -> None:
    (tmp_path / "outside").mkdir()
    root = tmp_path / "app"
    write(root, {"m/a.yaml": CONFIGMAP.format(name="a")})
    with pytest.raises(CompileError) as error:
        load_manifests(root, relative, "")
    assert [d.code for d in error.value.diagnostics] == [codes.PATH_ESCAPES]


def test_symlinks_leading_outside_are_refused(tmp_path: Path) -> None:
    write(tmp_path, {"outside/secret.yaml": CONFIGMAP.format(name="x"), "app/m/ok.yaml": CONFIGMAP.format(name="ok")})
    root = tmp_path / "app"
    (root / "link").symlink_to(tmp_path / "outside")
    (root / "m" / "file.yaml").symlink_to(tmp_path / "outside" / "secret.yaml")
    (root / "m" / "dir").symlink_to(tmp_path / "outside")
    with pytest.raises(CompileError) as error:
        load_manifests(root, "link", "")
    assert [d.code for d in error.value.diagnostics] == [codes.PATH_ESCAPES]
    with pytest.raises(CompileError) as error:
        load_manifests(root, "m", "")
    assert problems(error) == [(codes.PATH_ESCAPES, "m/dir"), (codes.PATH_ESCAPES, "m/file.yaml")]


def test_symlinks_inside_are_followed_once(tmp_path: Path) -> None:
    write(tmp_path, {"shared/s.yaml": CONFIGMAP.format(name="s"), "m/a.yaml": CONFIGMAP.format(name="a")})
    (tmp_path / "m" / "shared").symlink_to(tmp_path / "shared")
    (tmp_path / "m" / "loop").symlink_to(tmp_path / "m")  # would recurse forever
    assert [d.file for d in load_manifests(tmp_path, "m", "")] == ["m/a.yaml", "m/shared/s.yaml"]


def test_missing_and_empty(tmp_path: Path) -> None:
    write(tmp_path, {"empty/notes.txt": "", "blank.yaml": "# nothing\n---\n"})
    for relative in ("missing", "missing.yaml", "empty", "blank.yaml"):
        with pytest.raises(CompileError) as error:
            load_manifests(tmp_path, relative, "")
        assert [d.code for d in error.value.diagnostics] == [codes.MANIFESTS_UNREADABLE], relative


def test_path_problems_point_at_the_answer(tmp_path: Path) -> None:
    answers = parse_single("fluxc: v1\nname: app\nmanifests: ./missing\n", "app/fluxc.yaml")
    with pytest.raises(CompileError) as error:
        load_manifests(tmp_path, "./missing", "app", answers=answers)
    (diag,) = error.value.diagnostics
    assert (diag.code, diag.file, diag.path, diag.span) == (codes.MANIFESTS_UNREADABLE, "app/fluxc.yaml",
                                                            ("manifests",), Span(3, 12))


def test_excluded_paths_are_left_out(tmp_path: Path) -> None:
    write(tmp_path, {"fluxc.yaml": "fluxc: v1\n", "out/kustomization.yaml": CONFIGMAP.format(name="old"),
                     "deploy/a.yaml": CONFIGMAP.format(name="a")})
    loaded = load_manifests(tmp_path, ".", "", exclude=[tmp_path / "fluxc.yaml", tmp_path / "out"])
    assert [d.file for d in loaded] == ["deploy/a.yaml"]


def test_a_list_becomes_its_items_at_their_own_lines(tmp_path: Path) -> None:
    write(tmp_path, {"list.yaml": """\
        apiVersion: v1
        kind: List
        items:
          - apiVersion: v1
            kind: ConfigMap
            metadata: {name: a}
          - apiVersion: v1
            kind: ConfigMap
            metadata: {name: b}
            data: {count: 2}
        """})
    loaded = load_manifests(tmp_path, "list.yaml", "")
    assert [d.data["metadata"]["name"] for d in loaded] == ["a", "b"]
    assert [(d.code, d.path, d.span) for d in check_manifests(loaded, VERSION)] == [
        (codes.WRONG_TYPE, ("items", 1, "data", "count"), Span(10, 19))]
    assert name_objects(loaded)[1].filename == "configmap-b.yaml"


# --- check_manifests --------------------------------------------------------------------------------------

def test_valid_objects_have_no_problems() -> None:
    assert found(CONFIGMAP.format(name="a") + "---\n" + CONFIGMAP.format(name="b")) == []


def test_objects_need_a_shape_and_a_name() -> None:
    assert found("""\
        - not
        - an object
        ---
        kind: ConfigMap
        metadata: {name: a}
        ---
        apiVersion: v1
        kind: 3
        metadata: {name: b}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          labels: {a: b}
        ---
        apiVersion: v1
        kind: ConfigMap
        ---
        apiVersion: v1
        kind: List
        items: {a: b}
        """) == [
        (codes.MANIFEST_NOT_OBJECT, (), Span(1, 1)),
        (codes.MANIFEST_NOT_OBJECT, ("apiVersion",), Span(4, 1)),
        (codes.MANIFEST_NOT_OBJECT, ("kind",), Span(8, 7)),
        (codes.NAME_MISSING, ("metadata", "name"), Span(13, 1)),
        (codes.NAME_MISSING, ("metadata", "name"), Span(16, 1)),
        (codes.MANIFEST_NOT_OBJECT, ("items",), Span(21, 8)),
    ]


def test_name_hints() -> None:
    generated, number = check_manifests(docs("""\
        apiVersion: v1
        kind: Pod
        metadata: {generateName: job-}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: 123}
        """), VERSION)
    assert "replace `generateName` by `name`" in generated.hint
    assert (number.span, number.hint) == (Span(7, 18), 'quote it so it stays a string: `name: "123"`')
    assert (generated.message, number.message) == ("`metadata.name` is missing", "`metadata.name` must be a non-empty string")


def test_schema_problems_and_notes_come_from_kubernetes_validate() -> None:
    assert found("""\
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: a}
        datta: {}
        ---
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: w}
        """) == [(codes.UNKNOWN_KEY, ("datta",), Span(4, 1)), (codes.NO_K8S_SCHEMA, ("kind",), Span(7, 7))]


def test_labels_are_checked_as_the_api_server_does() -> None:
    assert found("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: {app: -bad-}\n") == [
        (codes.BAD_METADATA, ("metadata", "labels", "app"), Span(5, 17))]


def test_plaintext_secrets_are_refused_without_echoing_them() -> None:
    text = """\
        apiVersion: v1
        kind: Secret
        metadata: {name: creds}
        data:
          password: aHVudGVyMg==
        stringData:
          token: hunter2
        """
    result = check_manifests(docs(text), VERSION)
    assert [(d.code, d.path, d.span) for d in result] == [
        (codes.PLAINTEXT_SECRET, ("data",), Span(4, 1)), (codes.PLAINTEXT_SECRET, ("stringData",), Span(6, 1))]
    assert all("SOPS" in d.hint and "valuesFrom" in d.hint for d in result)
    assert not any("hunter2" in d.render() or "aHVudGVyMg" in d.render() for d in result)


def test_secrets_without_data_or_encrypted_with_sops_are_accepted() -> None:
    assert found("apiVersion: v1\nkind: Secret\nmetadata: {name: empty}\ndata: {}\ntype: Opaque\n") == []
    sops = """\
        apiVersion: v1
        kind: Secret
        metadata: {name: creds}
        data:
          password: ENC[AES256_GCM,data:abc=,iv:def=,tag:ghi=,type:str]
        sops:
          age:
            - recipient: age1xyz
              enc: "-----BEGIN AGE ENCRYPTED FILE-----"
          lastmodified: "2024-01-01T00:00:00Z"
          mac: ENC[AES256_GCM,data:mac=,iv:x=,tag:y=,type:str]
          encrypted_regex: ^(data|stringData)$
          version: 3.8.1
        """
    assert found(sops) == []
    half = sops.replace("password:", "user: admin\n          password:", 1)
    assert found(half) == [(codes.PLAINTEXT_SECRET, ("data", "user"), Span(5, 3))]


@pytest.mark.parametrize("spelling", [case for case, _ in SECRET_SPELLINGS])
@pytest.mark.parametrize("field", ["data", "stringData"])
@pytest.mark.parametrize(("case", "value"), [(c, v) for c, v in PAYLOAD_VALUES if c not in UNLOADABLE],
                         ids=[c for c, _ in PAYLOAD_VALUES if c not in UNLOADABLE])
def test_every_spelling_of_a_plaintext_secret_is_refused(spelling: str, field: str, case: str, value: str) -> None:
    """Whatever the API server would apply as a Secret, or would refuse but Git would keep: FLX603, valueless."""
    documents = [d for doc in docs(secret_document(spelling, payload(field, value))) for d in _expand_for_test(doc)]
    result = check_manifests(documents, VERSION)
    refused = [d for d in result if d.code == codes.PLAINTEXT_SECRET]
    assert [d.path[-1] for d in refused] == [field], [d.render() for d in result]
    assert refused[0].span is not None
    assert not [d.render() for d in result for secret in secret_markers() if secret in d.render()]


def _expand_for_test(document: Document) -> list[Document]:
    """What load_manifests makes of a document (Lists expanded), without files."""
    from fluxc.package.manifests import _expand

    return _expand(document)


@pytest.mark.parametrize(("text", "path"), [
    ("apiVersion: v1\nkind: Secret\nmetadata: {name: a}\nstringData: {pin: 0}\nsops: {version: 3}\n",
     ("stringData", "pin")),
    ("apiVersion: v1\nkind: Secret\nmetadata: {name: a}\nstringData: {pin: false}\nsops: {version: 3}\n",
     ("stringData", "pin")),
    ('apiVersion: v1\nkind: Secret\nmetadata: {name: a}\nstringData: {pin: "ENC[x]"}\nsops: {version: 3}\n',
     ("stringData", "pin")),
    (f"apiVersion: v1\nkind: Secret\nmetadata: {{name: a}}\ndata:\n  pin:\n  - {ENC}\n  - plain\nsops: {{version: 3}}\n",
     ("data", "pin")),
    ("apiVersion: v1\nkind: Secret\nmetadata: {name: a}\ndata: plain\nsops: {version: 3}\n", ("data",)),
    ("apiVersion: v1\nkind: Secret\nmetadata: {name: a}\ndata: [plain]\n", ("data",)),
    (f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: a\n  annotations:\n    {LAST_APPLIED}: '{{}}'\n"
     f"data:\n  pin: {ENC}\nsops: {{version: 3}}\n", ("metadata", "annotations", LAST_APPLIED)),
    (f"apiVersion: v1\nkind: Secret\nmetadata: {{name: a}}\ndata:\n  pin: {ENC}\n", ("data",)),
], ids=["zero", "false", "fake-enc", "list-half-plain", "scalar-section", "list-section", "last-applied",
        "encrypted-without-sops-block"])
def test_half_encrypted_secrets_are_refused(text: str, path: tuple[str, ...]) -> None:
    # (a schema problem may come too: `data: plain` is no mapping)
    assert [(code, where) for code, where, _ in found(text) if code == codes.PLAINTEXT_SECRET] == \
        [(codes.PLAINTEXT_SECRET, path)]


def test_an_encrypted_secret_in_a_list_cannot_be_decrypted() -> None:
    text = f"apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata: {{name: a}}\n" \
           f"  data:\n    pin: {ENC}\nsops: {{version: 3}}\n"
    (diag,) = check_manifests([d for doc in docs(text) for d in _expand_for_test(doc)], VERSION)
    assert (diag.code, diag.path, diag.span) == (codes.PLAINTEXT_SECRET, ("items", 0, "data"), Span(7, 3))
    assert ENC not in diag.render()
    assert "looks SOPS-encrypted, but the Secret has no `sops` block" in diag.message


@pytest.mark.parametrize("document", ["42", "true", "x", "hunter2", '"x"', "[1, 2]", "4.2", "null_", "0x10"])
def test_scalar_documents_are_positioned_problems(document: str) -> None:
    (diag,) = check_manifests(docs(CONFIGMAP.format(name="a") + f"--- {document}\n"), VERSION)
    assert (diag.code, diag.path, diag.span) == (codes.MANIFEST_NOT_OBJECT, (), Span(7, 5))
    assert document not in diag.render()


@pytest.mark.parametrize("kind", ["List", "SecretList", "ConfigMapList"])
@pytest.mark.parametrize("api_version", ["v1", "core/v1", "example.com/v1"])
def test_every_list_kind_becomes_its_items(kind: str, api_version: str) -> None:
    text = f"apiVersion: {api_version}\nkind: {kind}\nitems:\n- {CONFIGMAP.format(name='a').replace(chr(10), chr(10) + '  ')}"
    (document,) = docs(text)
    (item,) = _expand_for_test(document)
    assert item.data["metadata"]["name"] == "a"
    assert item.source_map.span(("metadata", "name")) == Span(7, 11)


@pytest.mark.parametrize("relative", ["ren\0dered", "\0", "x" * 5000, "a/" * 3000])
def test_unusable_paths_are_problems_not_crashes(tmp_path: Path, relative: str) -> None:
    with pytest.raises(CompileError) as error:
        load_manifests(tmp_path, relative, "")
    (diag,) = error.value.diagnostics
    assert diag.code == codes.MANIFESTS_UNREADABLE
    assert "\0" not in diag.render() and len(diag.message) < 300


# --- a checker for the kinds the caller knows (the pipeline passes the Flux target's) ------------------------

FLUX_GIT = "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: a}\n" \
           "spec:\n  interval: 1m\n  url: git@github.com:org/repo.git\n"


def test_a_checker_replaces_kubernetes_validate_for_the_kinds_it_knows() -> None:
    seen: list[str] = []

    def check(document: Document) -> list[Diagnostic] | None:
        seen.append(document.data["kind"])
        if document.data["kind"] != "GitRepository":
            return None  # left to kubernetes-validate
        return [Diagnostic(codes.BAD_FORMAT, "checked", ("spec", "url"), document.file)]

    text = FLUX_GIT + "---\n" + CONFIGMAP.format(name="a").replace("key: value", "key: 2")
    assert found(text, check_object=check) == [(codes.BAD_FORMAT, ("spec", "url"), None),
                                                (codes.WRONG_TYPE, ("data", "key"), Span(13, 8))]
    assert seen == ["GitRepository", "ConfigMap"]
    assert found(text) == [(codes.NO_K8S_SCHEMA, ("kind",), Span(2, 7)), (codes.WRONG_TYPE, ("data", "key"), Span(13, 8))]


def test_the_flux_targets_checker_fits() -> None:
    """What the pipeline passes: fluxc's own Flux schemas (fluxc.targets.flux), for Flux objects only."""
    from fluxc.targets.flux.catalog import bundled_catalog
    from fluxc.targets.flux.resources import is_flux_object, validate_resource

    catalog = bundled_catalog()

    def check(document: Document) -> list[Diagnostic] | None:
        return validate_resource(document, catalog).diagnostics if is_flux_object(document.data) else None

    text = FLUX_GIT.replace("git@", "git:hunter2@") + "---\n" + FLUX_GIT.replace("name: a", "name: b").replace(
        "source.toolkit.fluxcd.io/v1", "source.toolkit.fluxcd.io/v1beta2")
    result = check_manifests(docs(text), VERSION, check_object=check)
    assert [(d.code, d.path) for d in result] == [(codes.SCP_LIKE_URL, ("spec", "url")),
                                                   (codes.API_VERSION_REMOVED, ("apiVersion",))]
    assert result[0].hint == "write it as ssh://git@github.com/org/repo.git"
    assert not any("hunter2" in d.render() for d in result)


def test_duplicate_objects_are_reported_at_the_second() -> None:
    documents = docs(CONFIGMAP.format(name="a"), "one.yaml") + docs(CONFIGMAP.format(name="a"), "two.yaml")
    (diag,) = check_manifests(documents, VERSION)
    assert (diag.code, diag.file, diag.span) == (codes.DUPLICATE_OBJECT, "two.yaml", Span(4, 9))
    assert diag.message == "ConfigMap 'a' is defined twice (first at one.yaml:4)"


def test_duplicates_depend_on_namespace_and_group() -> None:
    text = """\
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: a, namespace: dev}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: a, namespace: prod}
        ---
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: a}
        ---
        apiVersion: example.com/v1
        kind: Certificate
        metadata: {name: a}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: a}
        """
    assert [c for c, _, _ in found(text)] == [codes.NO_K8S_SCHEMA, codes.NO_K8S_SCHEMA]
    # The package's namespace puts both ConfigMaps in `shop`; the Namespace stays cluster-scoped.
    merged = [d for d in check_manifests(docs(text), VERSION, namespace="shop") if d.is_error]
    assert [(d.code, d.span) for d in merged] == [(codes.DUPLICATE_OBJECT, Span(7, 18))]
    assert "both end up in namespace 'shop'" in merged[0].hint


def test_the_package_namespace_renames_namespace_objects() -> None:
    text = obj("Namespace", "shop") + obj("Namespace", "other")
    assert found(text) == []
    (diag,) = check_manifests(docs(text), VERSION, namespace="shop")
    assert (diag.code, diag.span) == (codes.DUPLICATE_OBJECT, Span(7, 18))
    assert "renames every Namespace object to 'shop'" in diag.hint


# --- name_objects -----------------------------------------------------------------------------------------

def names(text: str) -> list[str]:
    return [o.filename for o in name_objects(docs(text))]


def obj(kind: str, name: str, namespace: str = "", api: str = "v1") -> str:
    ns = f", namespace: {namespace}" if namespace else ""
    return f"apiVersion: {api}\nkind: {kind}\nmetadata: {{name: '{name}'{ns}}}\n---\n"


def test_names_are_kind_and_name() -> None:
    assert names(obj("Deployment", "web", api="apps/v1") + obj("Service", "web")) == [
        "deployment-web.yaml", "service-web.yaml"]


def test_odd_characters_become_dashes() -> None:
    assert names(obj("ClusterRole", "system:aggregate-to-edit", api="rbac.authorization.k8s.io/v1")
                 + obj("ConfigMap", "App_Config.v2")) == [
        "clusterrole-system-aggregate-to-edit.yaml", "configmap-app-config.v2.yaml"]


def test_collisions_get_namespace_then_group_then_counter() -> None:
    text = (obj("Deployment", "web", "prod", "apps/v1") + obj("Deployment", "web", "dev", "apps/v1")
            + obj("Certificate", "tls", api="cert-manager.io/v1") + obj("Certificate", "tls", api="example.com/v1")
            + obj("ConfigMap", "a_b") + obj("ConfigMap", "a-b") + obj("ConfigMap", "a.b"))
    assert names(text) == [
        "deployment-web-prod.yaml", "deployment-web-dev.yaml",
        "certificate-tls-cert-manager.io.yaml", "certificate-tls-example.com.yaml",
        "configmap-a-b.yaml", "configmap-a-b-2.yaml", "configmap-a.b.yaml"]


def test_a_longer_name_is_not_taken_by_a_collision() -> None:
    # deployment-web in `prod` would become deployment-web-prod, which another object has already.
    text = (obj("Deployment", "web-prod", "x", "apps/v1") + obj("Deployment", "web", "prod", "apps/v1")
            + obj("Deployment", "web", "dev", "apps/v1"))
    assert names(text) == ["deployment-web-prod.yaml", "deployment-web-prod-apps.yaml", "deployment-web-dev.yaml"]


def test_reserved_names_are_never_used() -> None:
    result = names(obj("Flux", "kustomization", api="example.com/v1") + obj("Flux", "kustomization", "a",
                                                                            "example.com/v1"))
    assert result == ["flux-kustomization-example.com.yaml", "flux-kustomization-a.yaml"]
    assert not set(result) & RESERVED_NAMES


def test_names_are_stable_and_bounded() -> None:
    text = "".join(obj("ConfigMap", f"c{i % 3}", f"ns{i % 2}") for i in range(8)) + obj("ConfigMap", "x" * 253)
    first = names(text)
    assert first == names(text) and len(set(first)) == len(first)
    assert len(first[-1]) <= 205 and first[-1].startswith("configmap-xxx")


def test_objects_are_not_copied() -> None:
    documents = docs(obj("ConfigMap", "a"))
    assert name_objects(documents)[0].obj is documents[0].data


def test_load_check_name_end_to_end(tmp_path: Path) -> None:
    write(tmp_path, {"app/m/deploy.yaml": obj("Deployment", "web", api="apps/v1").replace("---\n", "spec: {}\n")})
    loaded = load_manifests(tmp_path / "app", "m", "app")
    result: list[Diagnostic] = check_manifests(loaded, VERSION)
    assert [(d.render()) for d in result] == [
        "app/m/deploy.yaml:4:1: error FLX103: $.spec.selector: required key 'selector' is missing "
        "(add `selector` under `spec`)",
        "app/m/deploy.yaml:4:1: error FLX103: $.spec.template: required key 'template' is missing "
        "(add `template` under `spec`)"]
    assert os.path.basename(name_objects(loaded)[0].filename) == "deployment-web.yaml"
