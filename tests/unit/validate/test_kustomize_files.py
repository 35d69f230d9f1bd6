"""fluxc.validate.kustomize_files: which files a kustomization names play which part, and what kustomize refuses.

Kustomizations are inline YAML parsed by `parse_single`; the files they name are made under tmp_path.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, JsonPath
from fluxc.validate.kustomize_files import (
    FIELDS,
    KINDS,
    KUSTOMIZATION_FILES,
    check_kustomization,
    is_kustomization_file,
    roles,
)
from fluxc.yaml.load import parse_documents, parse_single

FILE = "apps/kustomization.yaml"
HEAD = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"  # lines 1-2
MISSING_HINT = "kustomize fails on a file or folder it cannot find; fix the path or remove the entry"


def touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith("/"):
            path.mkdir(exist_ok=True)
        else:
            path.write_text("")


def named(folder: Path, text: str) -> dict[Path, str]:
    return dict(roles(folder / "kustomization.yaml", parse_single(text, FILE).data))


def check(text: str, folder: Path) -> list[Diagnostic]:
    found = check_kustomization(parse_single(text, FILE), folder)
    for diag in found:
        assert (diag.code, diag.file, diag.severity) == (codes.KUSTOMIZE_CONFIG, FILE, "error")
        assert diag.hint
    return found


def summary(found: list[Diagnostic]) -> list[tuple[JsonPath, tuple[int, int] | None]]:
    return [(d.path, (d.span.line, d.span.col) if d.span else None) for d in found]


# --------------------------------------------------------------------------- is_kustomization_file

@pytest.mark.parametrize(("name", "expected"), [
    ("kustomization.yaml", True), ("kustomization.yml", True), ("Kustomization", True),
    ("kustomization.json", False), ("Kustomization.yaml", False), ("my-kustomization.yaml", False),
])
def test_is_kustomization_file(name: str, expected: bool) -> None:
    assert is_kustomization_file(Path("apps/base") / name) is expected
    assert (name in KUSTOMIZATION_FILES) is expected


# --------------------------------------------------------------------------- roles

@pytest.mark.parametrize(("text", "expected"), [
    ("patches:\n  - path: patch.yaml\n    target: {kind: Deployment}\n  - patch: |\n      - op: remove\n",
     {"patch.yaml": "patch"}),
    ("patchesStrategicMerge:\n  - smp.yaml\n  - |\n    apiVersion: v1\n    kind: ConfigMap\n"
     "  - 'apiVersion: v1'\n", {"smp.yaml": "patch"}),
    ("patchesJson6902:\n  - path: ops.yaml\n    target: {kind: Deployment, name: web}\n  - patch: '[]'\n",
     {"ops.yaml": "patch"}),
    ("configMapGenerator:\n  - name: c\n    files:\n      - app.properties\n      - config.json=settings/real.json\n",
     {"app.properties": "input", "settings/real.json": "input"}),
    ("secretGenerator:\n  - name: s\n    envs: [secret.env]\n    literals: [a=b]\n", {"secret.env": "input"}),
    ("configMapGenerator:\n  - name: c\n    env: old.env\n", {"old.env": "input"}),
    ("configurations:\n  - kustomizeconfig.yaml\n", {"kustomizeconfig.yaml": "input"}),
    ("generators:\n  - gen.yaml\n  - |\n    apiVersion: builtin\n    kind: ConfigMapGenerator\n",
     {"gen.yaml": "input"}),
    ("transformers:\n  - labels.yaml\n  - |\n    apiVersion: builtin\n    kind: LabelTransformer\n",
     {"labels.yaml": "input"}),
    ("validators:\n  - check.yaml\n", {"check.yaml": "input"}),
    ("replacements:\n  - path: replacements.yaml\n  - source: {kind: ConfigMap, name: c}\n    targets: []\n",
     {"replacements.yaml": "input"}),
    ("helmCharts:\n  - name: podinfo\n    valuesFile: values.yaml\n  - name: other\n", {"values.yaml": "input"}),
    ("openapi:\n  path: schema.json\n", {"schema.json": "input"}),
    ("resources: [deploy.yaml, base]\ncomponents: [../components/x]\nbases: [old]\ncrds: [crd.yaml]\n", {}),
], ids=["patches", "patchesStrategicMerge", "patchesJson6902", "configMapGenerator-files", "secretGenerator-envs",
        "env", "configurations", "generators", "transformers", "validators", "replacements", "helmCharts",
        "openapi", "resources-not-named"])
def test_roles_of_each_reference(text: str, expected: dict[str, str], tmp_path: Path) -> None:
    root = tmp_path.resolve()
    assert named(root, HEAD + text) == {root / name: role for name, role in expected.items()}


def test_roles_are_real_paths_relative_to_the_kustomizations_folder(tmp_path: Path) -> None:
    root = tmp_path.resolve()
    touch(root, "real/app/")
    os.symlink(root / "real" / "app", root / "link")
    text = HEAD + "patches:\n  - path: ../shared/patch.yaml\n  - path: ./sub/../local.yaml\n" \
                  "configMapGenerator:\n  - name: c\n    files: [k=./data/../x.txt]\n"
    # read through the link, the kustomization's folder is real/app: `..` is real/, not the folder holding the link
    assert roles(root / "link" / "kustomization.yaml", parse_single(text, FILE).data) == {
        root / "real" / "shared" / "patch.yaml": "patch",
        root / "real" / "app" / "local.yaml": "patch",
        root / "real" / "app" / "x.txt": "input",
    }


def test_a_relative_kustomization_path_gives_absolute_roles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    root = tmp_path.resolve()
    assert roles(Path("apps/kustomization.yaml"), {"patches": [{"path": "p.yaml"}]}) == {
        root / "apps" / "p.yaml": "patch"}


@pytest.mark.parametrize("name", [
    "https://example.com/patch.yaml", "http://example.com/patch.yaml", "git@github.com:org/repo.git",
    "ssh://git@github.com/org/repo", "github.com/org/repo/patch.yaml", "gitlab.com/org/repo",
    "bitbucket.org/org/repo", "oci://ghcr.io/org/chart", "s3://bucket/values.yaml", "repo/folder?ref=v1",
])
def test_remote_references_have_no_role(name: str, tmp_path: Path) -> None:
    text = HEAD + f"patches:\n  - path: '{name}'\nhelmCharts:\n  - name: x\n    valuesFile: '{name}'\n"
    assert named(tmp_path, text) == {}


@pytest.mark.parametrize("data", [None, [], ["patch.yaml"], "text", {"patches": "patch.yaml"},
                                  {"patches": [None, 3, {"path": 3}], "configMapGenerator": ["x", {"files": "a"}],
                                   "openapi": "schema.json", "replacements": [{"path": None}]}],
                         ids=["null", "empty-list", "list", "string", "patches-not-a-list", "odd-entries"])
def test_roles_of_something_that_names_no_file(data: Any, tmp_path: Path) -> None:
    assert roles(tmp_path / "kustomization.yaml", data) == {}


def test_the_same_file_named_twice_keeps_the_last_role(tmp_path: Path) -> None:
    root = tmp_path.resolve()
    text = HEAD + "patches:\n  - path: both.yaml\nconfigurations:\n  - both.yaml\n"
    assert named(root, text) == {root / "both.yaml": "input"}


# --------------------------------------------------------------------------- check_kustomization

VALID = HEAD + """\
namespace: apps
resources:
  - deploy.yaml
  - base
  - https://github.com/org/repo//deploy?ref=v1.0.0
  - github.com/org/repo/deploy
components:
  - ../components/monitoring
patches:
  - path: patch.yaml
    target: {kind: Deployment}
  - patch: |
      - op: add
        path: /metadata/labels/a
        value: b
configMapGenerator:
  - name: settings
    files:
      - app.properties
      - key=data/real.json
    envs: [settings.env]
generators:
  - |
    apiVersion: builtin
    kind: SecretGenerator
"""


def test_a_valid_kustomization(tmp_path: Path) -> None:
    touch(tmp_path, "apps/deploy.yaml", "apps/base/", "components/monitoring/", "apps/patch.yaml",
          "apps/app.properties", "apps/data/real.json", "apps/settings.env")
    assert check(VALID, tmp_path / "apps") == []


def test_a_component_and_the_deprecated_fields(tmp_path: Path) -> None:
    touch(tmp_path, "a.yaml", "smp.yaml")
    text = ("apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nbases: [a.yaml]\n"
            "patchesStrategicMerge: [smp.yaml]\ncommonLabels: {a: b}\nvars: []\nimageTags: []\n")
    assert check(text, tmp_path) == []


def test_apiversion_and_kind_may_be_left_out(tmp_path: Path) -> None:
    assert check("resources: []\n", tmp_path) == []
    assert check("kind: Component\n", tmp_path) == []


def test_every_field_of_kustomize_is_known(tmp_path: Path) -> None:
    text = HEAD + "".join(f"{field}: null\n" for field in sorted(FIELDS - {"apiVersion", "kind"}))
    assert check(text, tmp_path) == []


def test_a_sops_block_is_no_unknown_field(tmp_path: Path) -> None:
    assert check(HEAD + "sops:\n  version: 3.8.1\n", tmp_path) == []


def test_an_unknown_field_is_reported_at_its_key(tmp_path: Path) -> None:
    found = check(HEAD + "resources: []\npatchesStrategicMerges: []\nnamespace: apps\nbogus:\n  nested: 1\n",
                  tmp_path)
    assert summary(found) == [(("patchesStrategicMerges",), (4, 1)), (("bogus",), (6, 1))]
    assert found[0].message == "kustomize does not know the field `patchesStrategicMerges`"
    assert found[0].hint == "kustomize refuses a kustomization with an unknown field; check the spelling"


def test_a_wrong_kind(tmp_path: Path) -> None:
    found = check("apiVersion: apps/v1\nkind: Deployment\n", tmp_path)
    assert summary(found) == [(("kind",), (2, 7))]
    assert found[0].message == "a kustomization file holds a Kustomization or a Component, not 'Deployment'"
    assert found[0].hint == "write `kind: Kustomization` (or `Component` for a component)"


def test_a_kind_that_is_no_string(tmp_path: Path) -> None:
    found = check("kind: 3\n", tmp_path)
    assert summary(found) == [(("kind",), (1, 7))]
    assert found[0].message == "a kustomization file holds a Kustomization or a Component, not 3"


def test_a_kind_that_is_a_list_is_reported_not_raised(tmp_path: Path) -> None:
    assert summary(check("kind: [Kustomization]\n", tmp_path)) == [(("kind",), (1, 7))]


@pytest.mark.parametrize(("text", "kind", "wanted", "given", "span"), [
    ("apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Kustomization\n", "Kustomization",
     "kustomize.config.k8s.io/v1beta1", "kustomize.config.k8s.io/v1alpha1", (1, 13)),
    ("kind: Kustomization\napiVersion: kustomize.config.k8s.io/v1\n", "Kustomization",
     "kustomize.config.k8s.io/v1beta1", "kustomize.config.k8s.io/v1", (2, 13)),
    ("apiVersion: kustomize.config.k8s.io/v1alpha1\n", "Kustomization",  # no kind: a Kustomization
     "kustomize.config.k8s.io/v1beta1", "kustomize.config.k8s.io/v1alpha1", (1, 13)),
    ("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Component\n", "Component",
     "kustomize.config.k8s.io/v1alpha1", "kustomize.config.k8s.io/v1beta1", (1, 13)),
], ids=["kustomization-v1alpha1", "kustomization-v1", "no-kind", "component-v1beta1"])
def test_a_wrong_api_version(text: str, kind: str, wanted: str, given: str, span: tuple[int, int],
                             tmp_path: Path) -> None:
    found = check(text, tmp_path)
    assert summary(found) == [(("apiVersion",), span)]
    assert found[0].message == f"kustomize reads {kind} as `{wanted}`, not `{given}`"
    assert found[0].hint == f"write `apiVersion: {wanted}`"
    assert KINDS[kind] == wanted


def test_a_wrong_kind_is_said_without_the_api_version(tmp_path: Path) -> None:
    assert summary(check("apiVersion: v1\nkind: ConfigMap\n", tmp_path)) == [(("kind",), (2, 7))]


MISSING = HEAD + """\
resources:
  - here.yaml
  - missing.yaml
  - missing-folder
  - https://github.com/org/repo//deploy?ref=v1
components: [../gone]
patches:
  - path: patch.yaml
  - patch: '[]'
patchesStrategicMerge: [smp.yaml]
patchesJson6902:
  - path: ops.yaml
configMapGenerator:
  - name: c
    files: [k=props.txt]
    envs: [a.env]
    env: b.env
generators: [gen.yaml]
transformers: [tr.yaml]
validators: [va.yaml]
configurations: [conf.yaml]
replacements:
  - path: rep.yaml
helmCharts:
  - name: x
    valuesFile: values.yaml
openapi:
  path: schema.json
"""


def test_a_missing_local_file_or_folder_is_reported_at_its_entry(tmp_path: Path) -> None:
    touch(tmp_path, "here.yaml")
    found = check(MISSING, tmp_path)
    assert summary(found) == [
        (("resources", 1), (5, 5)),
        (("resources", 2), (6, 5)),
        (("components", 0), (8, 14)),
        (("patches", 0, "path"), (10, 11)),
        (("patchesJson6902", 0, "path"), (14, 11)),
        (("patchesStrategicMerge", 0), (12, 25)),
        (("configMapGenerator", 0, "files", 0), (17, 13)),
        (("configMapGenerator", 0, "envs", 0), (18, 12)),
        (("configMapGenerator", 0, "env"), (19, 10)),
        (("configurations", 0), (23, 18)),
        (("generators", 0), (20, 14)),
        (("transformers", 0), (21, 16)),
        (("validators", 0), (22, 14)),
        (("replacements", 0, "path"), (25, 11)),
        (("helmCharts", 0, "valuesFile"), (28, 17)),
        (("openapi", "path"), (30, 9)),
    ]
    assert found[0].message == f"`missing.yaml` is not there (relative to {tmp_path})"
    assert found[6].message == f"`props.txt` is not there (relative to {tmp_path})"  # the file, not `k=`
    assert {d.hint for d in found} == {MISSING_HINT}


def test_present_files_are_not_reported(tmp_path: Path) -> None:
    touch(tmp_path, "here.yaml", "missing.yaml", "missing-folder/", "../gone/", "patch.yaml", "smp.yaml", "ops.yaml",
          "props.txt", "a.env", "b.env", "gen.yaml", "tr.yaml", "va.yaml", "conf.yaml", "rep.yaml", "values.yaml",
          "schema.json")
    assert check(MISSING, tmp_path) == []


def test_a_dangling_symlink_counts_as_there(tmp_path: Path) -> None:
    # lexists: kustomize would fail on it too, but as a broken link, not a missing entry
    os.symlink(tmp_path / "nowhere.yaml", tmp_path / "link.yaml")
    assert check(HEAD + "resources: [link.yaml]\n", tmp_path) == []


def test_remote_resources_are_not_checked(tmp_path: Path) -> None:
    text = HEAD + ("resources:\n  - https://github.com/org/repo//deploy?ref=v1\n  - http://example.com/x.yaml\n"
                   "  - git@github.com:org/repo.git\n  - ssh://git@github.com/org/repo\n"
                   "  - github.com/org/repo/deploy\n  - gitlab.com/org/repo\n  - bitbucket.org/org/repo\n"
                   "  - oci://ghcr.io/org/manifests\n  - example.com/repo//x?ref=main\n  - s3://bucket/x\n")
    assert check(text, tmp_path) == []


def test_the_folder_given_decides_where_paths_are_looked_up(tmp_path: Path) -> None:
    touch(tmp_path, "apps/deploy.yaml")
    text = HEAD + "resources: [deploy.yaml]\n"
    assert check(text, tmp_path / "apps") == []
    assert summary(check(text, tmp_path)) == [(("resources", 0), (3, 13))]


def test_a_path_through_a_missing_folder_and_back_is_there(tmp_path: Path) -> None:
    touch(tmp_path, "here.yaml")
    assert check(HEAD + "resources: [sub/../here.yaml]\n", tmp_path) == []


def test_entries_of_the_wrong_type_are_not_looked_up(tmp_path: Path) -> None:
    # not reported either: check_kustomization does not check types
    assert check(HEAD + "resources: missing.yaml\npatches: [3, {path: 4}]\nopenapi: schema.json\n", tmp_path) == []


@pytest.mark.parametrize(("text", "data", "span"), [
    ("- resources\n", ["resources"], (1, 1)),
    ("just text\n", "just text", (1, 1)),
    ("---\n", None, (2, 1)),  # an empty kustomization.yaml: kustomize refuses it too
], ids=["list", "string", "empty"])
def test_a_document_that_is_no_mapping(text: str, data: Any, span: tuple[int, int], tmp_path: Path) -> None:
    [document] = parse_documents(text, FILE, each_document=True)
    assert document.data == data
    found = check_kustomization(document, tmp_path)
    assert [(d.code, d.path, (d.span.line, d.span.col) if d.span else None, d.message, d.hint) for d in found] == [
        (codes.KUSTOMIZE_CONFIG, (), span, "a kustomization file must be a mapping",
         "start it with `apiVersion: kustomize.config.k8s.io/v1beta1` and `kind: Kustomization`")]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Kustomization\nresource: [x.yaml]\n" \
           "resources: [missing.yaml]\n"
    assert summary(check(text, tmp_path)) == [(("resource",), (3, 1)), (("apiVersion",), (1, 13)),
                                              (("resources", 0), (4, 13))]
