"""fluxc.targets.flux.catalog: the bundled schemas, and the user's CRDs (--crds) converted and cached."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from fluxc.crds import load as crds_module
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic
from fluxc.targets.flux.catalog import Catalog, bundled_catalog, crds_catalog, crds_problem, user_crds
from fluxc.targets.flux.kinds import FLUX_SCHEMA_FILES, flux_schema
from helpers.paths import shared_dir

BUNDLED = [  # every kind of Flux v2.9 and of the Flux Operator
    ("source.toolkit.fluxcd.io/v1", "GitRepository"),
    ("source.toolkit.fluxcd.io/v1", "HelmRepository"),
    ("source.toolkit.fluxcd.io/v1", "OCIRepository"),
    ("source.toolkit.fluxcd.io/v1", "HelmChart"),
    ("source.toolkit.fluxcd.io/v1", "Bucket"),
    ("helm.toolkit.fluxcd.io/v2", "HelmRelease"),
    ("kustomize.toolkit.fluxcd.io/v1", "Kustomization"),
    ("notification.toolkit.fluxcd.io/v1beta3", "Alert"),
    ("notification.toolkit.fluxcd.io/v1beta3", "Provider"),
    ("notification.toolkit.fluxcd.io/v1", "Receiver"),
    ("image.toolkit.fluxcd.io/v1", "ImageRepository"),
    ("image.toolkit.fluxcd.io/v1", "ImagePolicy"),
    ("image.toolkit.fluxcd.io/v1", "ImageUpdateAutomation"),
    ("fluxcd.controlplane.io/v1", "FluxInstance"),
    ("fluxcd.controlplane.io/v1", "ResourceSet"),
    ("fluxcd.controlplane.io/v1", "ResourceSetInputProvider"),
]
MINIMAL_GIT: dict[str, Any] = {"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
               "metadata": {"name": "podinfo"}, "spec": {"interval": "1m", "url": "https://github.com/org/x"}}


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Converted CRDs are cached under XDG_CACHE_HOME: keep the tests' cache out of the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg"


# --------------------------------------------------------------------------- bundled

@pytest.mark.parametrize(("api_version", "kind"), BUNDLED, ids=[k for _, k in BUNDLED])
def test_bundled_lookup_finds_each_emitted_kind(api_version: str, kind: str) -> None:
    found = bundled_catalog().lookup(api_version, kind)
    assert found is not None
    assert found.origin == "bundled"
    assert found.rules == ()  # bundled schemas encode their CEL rules as JSON Schema
    assert found.schema is flux_schema(api_version, kind)
    assert found.schema["properties"]["apiVersion"] == {"const": api_version}
    assert found.schema["properties"]["kind"] == {"const": kind}


@pytest.mark.parametrize(("api_version", "kind"), [
    ("source.toolkit.fluxcd.io/v1beta2", "GitRepository"),
    ("helm.toolkit.fluxcd.io/v2beta2", "HelmRelease"),
    ("source.toolkit.fluxcd.io/v1", "ExternalArtifact"),  # a Flux kind without a CRD in ../shared/flux-crds
    ("notification.toolkit.fluxcd.io/v1beta2", "Alert"),
    ("apps/v1", "Deployment"),
    ("source.toolkit.fluxcd.io/v1", "gitrepository"),  # kinds are case-sensitive
], ids=["removed-version", "removed-helm-version", "external-artifact", "removed-alert", "deployment",
        "lower-case-kind"])
def test_bundled_lookup_is_none_for_what_it_does_not_know(api_version: str, kind: str) -> None:
    catalog = bundled_catalog()
    assert catalog.lookup(api_version, kind) is None
    assert catalog.validator(api_version, kind) is None


def test_a_validator_is_built_once_per_kind() -> None:
    catalog = bundled_catalog()
    first = catalog.validator("source.toolkit.fluxcd.io/v1", "GitRepository")
    assert first is not None
    assert catalog.validator("source.toolkit.fluxcd.io/v1", "GitRepository") is first
    assert catalog.validator("source.toolkit.fluxcd.io/v1", "HelmRepository") is not first


def test_the_validator_is_the_strict_one() -> None:
    validator = bundled_catalog().validator("source.toolkit.fluxcd.io/v1", "GitRepository")
    assert validator is not None
    assert validator.is_valid(MINIMAL_GIT)
    # Go's `$` is the end of text: a name from a `|` block (trailing newline) is refused, as the API server does
    trailing: dict[str, Any] = {**MINIMAL_GIT, "metadata": {"name": "podinfo\n"}}
    assert not validator.is_valid(trailing)


def test_bundled_kinds() -> None:
    assert bundled_catalog().kinds() == sorted(BUNDLED) == sorted(FLUX_SCHEMA_FILES)
    assert bundled_catalog().origin == "bundled"


def test_a_catalog_of_given_schemas_knows_only_those() -> None:
    from fluxc.targets.flux.catalog import KindSchema

    schema = flux_schema("source.toolkit.fluxcd.io/v1", "GitRepository")
    catalog = Catalog("mine", {("source.toolkit.fluxcd.io/v1", "GitRepository"): KindSchema(schema, (), "mine")})
    assert catalog.kinds() == [("source.toolkit.fluxcd.io/v1", "GitRepository")]
    assert catalog.lookup("source.toolkit.fluxcd.io/v1", "HelmRepository") is None
    assert catalog.validator("source.toolkit.fluxcd.io/v1", "HelmRepository") is None


# --------------------------------------------------------------------------- --crds

def served_gvks(folder: Path) -> set[tuple[str, str]]:
    """Every (apiVersion, kind) the CRD files in folder serve, read straight from the YAML."""
    found = set()
    for path in folder.glob("*.yaml"):
        for doc in yaml.safe_load_all(path.read_text()):
            if isinstance(doc, dict) and doc.get("kind") == "CustomResourceDefinition":
                spec = doc["spec"]
                found |= {(f"{spec['group']}/{v['name']}", spec["names"]["kind"])
                          for v in spec["versions"] if v.get("served")}
    return found


def test_crds_catalog_has_every_served_kind_of_the_official_crds(tmp_path: Path) -> None:
    folder = shared_dir("flux-crds")
    catalog = crds_catalog([folder], cache_dir=tmp_path / "cache")
    expected = served_gvks(folder)
    assert len(expected) >= 7
    assert set(catalog.kinds()) == expected
    assert catalog.origin == str(folder)
    for gvk in expected:
        found = catalog.lookup(*gvk)
        assert found is not None and found.origin == str(folder)
        assert found.schema["properties"]["kind"] == {"const": gvk[1]}
        assert catalog.validator(*gvk) is catalog.validator(*gvk)


@pytest.mark.parametrize(("api_version", "kind", "message"), [
    ("helm.toolkit.fluxcd.io/v2", "HelmRelease", "either chart or chartRef must be set"),
    ("source.toolkit.fluxcd.io/v1", "GitRepository",
     "serviceAccountName can only be set when provider is 'azure' or 'aws'"),
    ("kustomize.toolkit.fluxcd.io/v1", "Kustomization",
     "exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef must be specified"),
], ids=["HelmRelease", "GitRepository", "Kustomization"])
def test_crds_catalog_keeps_the_cel_rules_as_cel(api_version: str, kind: str, message: str, tmp_path: Path) -> None:
    found = crds_catalog([shared_dir("flux-crds")], cache_dir=tmp_path / "cache").lookup(api_version, kind)
    assert found is not None
    assert message in [rule.message for rule in found.rules]
    assert all(rule.rule for rule in found.rules)
    text = json.dumps(found.schema)
    # the rules are evaluated by fluxc.crds.cel: the schema carries no hand-coded fragment, and no raw CEL either
    assert "x-fluxc-rule" not in text
    assert "x-kubernetes-validations" not in text


def test_crds_catalog_kinds_without_rules_have_none(tmp_path: Path) -> None:
    found = crds_catalog([shared_dir("flux-crds")], cache_dir=tmp_path / "cache").lookup(
        "source.toolkit.fluxcd.io/v1", "HelmRepository")
    assert found is not None and found.rules == ()


def test_crds_catalog_of_several_paths_names_them_all(tmp_path: Path) -> None:
    folder = shared_dir("flux-crds")
    source = folder / "source.toolkit.fluxcd.io_gitrepositories.yaml"
    helm = folder / "helm.toolkit.fluxcd.io_helmreleases.yaml"
    catalog = crds_catalog([source, helm], cache_dir=tmp_path / "cache")
    assert catalog.kinds() == [("helm.toolkit.fluxcd.io/v2", "HelmRelease"),
                               ("source.toolkit.fluxcd.io/v1", "GitRepository")]
    assert catalog.origin == f"{source}, {helm}"


DEPLOYMENT = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n"


@pytest.mark.parametrize("files", [{}, {"deploy.yaml": DEPLOYMENT}, {"notes.txt": "not yaml: [", "README.md": "#"}],
                         ids=["empty", "only-a-deployment", "no-yaml-files"])
def test_a_folder_without_crds_is_refused(files: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "crds"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text)
    with pytest.raises(ValueError, match=f"^no CustomResourceDefinition found in {re.escape(str(folder))}$"):
        crds_catalog([folder], cache_dir=tmp_path / "cache")


CRD_HEAD = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: things.example.com\n"


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("latin1.yaml", "kind: Caf\xe9\n".encode("latin-1"), "codec can't decode"),
    ("syntax.yaml", b"apiVersion: [\n", "expected"),
    ("no-versions.yaml", (CRD_HEAD + "spec:\n  group: example.com\n  names:\n    kind: Thing\n").encode(),
     "CRD things.example.com: malformed"),
    ("v1beta1.yaml", CRD_HEAD.replace("/v1", "/v1beta1").encode(),
     "CRD things.example.com: only apiextensions.k8s.io/v1 is supported"),
    ("broken.json", b"{", "Expecting property name"),
], ids=["not-utf8", "yaml-syntax", "malformed-crd", "v1beta1-crd", "bad-json"])
def test_a_crd_file_that_cannot_be_used_is_named(name: str, content: bytes, reason: str, tmp_path: Path) -> None:
    folder = tmp_path / "crds"
    folder.mkdir()
    bad = folder / name
    bad.write_bytes(content)
    with pytest.raises(ValueError) as raised:
        crds_catalog([folder], cache_dir=tmp_path / "cache")
    assert str(raised.value).startswith(f"{bad}:")  # `file: reason` or, for YAML syntax, `file:line:col: reason`
    assert reason in str(raised.value)


def test_an_unreadable_crd_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "gone.yaml"  # named explicitly, as a dangling symlink would be
    with pytest.raises(ValueError, match=f"^{re.escape(str(missing))}: "):
        crds_catalog([missing], cache_dir=tmp_path / "cache")


def _refuse_to_convert(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("the converter ran")


def test_a_second_load_with_the_same_cache_converts_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    crds = tmp_path / "crds"
    shutil.copytree(shared_dir("flux-crds"), crds)
    cache = tmp_path / "cache"
    first = crds_catalog([crds], cache_dir=cache)
    files = list(crds.glob("*.yaml"))
    assert len(files) == len(served_gvks(crds)) >= 16  # one CRD a file, each serving one version
    assert sorted(p.suffix for p in cache.iterdir()) == [".json"] * len(files)  # one entry per CRD file
    monkeypatch.setattr(crds_module, "_convert_file", _refuse_to_convert)
    monkeypatch.setattr(crds_module, "convert_crd", _refuse_to_convert)
    second = crds_catalog([crds], cache_dir=cache)
    assert second.kinds() == first.kinds()
    for gvk in first.kinds():
        before, after = first.lookup(*gvk), second.lookup(*gvk)
        assert before is not None and after is not None
        assert after.schema == before.schema
        assert after.rules == before.rules
    # and the patch does bite: a new cache converts again
    with pytest.raises(RuntimeError, match="the converter ran"):
        crds_catalog([crds], cache_dir=tmp_path / "other-cache")


def test_the_default_cache_is_under_xdg_cache_home(_private_cache: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    crd = shared_dir("flux-crds") / "source.toolkit.fluxcd.io_gitrepositories.yaml"
    first = crds_catalog([crd])
    entries = list((_private_cache / "fluxc" / "crds").glob("*.json"))
    assert len(entries) == 1
    monkeypatch.setattr(crds_module, "_convert_file", _refuse_to_convert)
    assert crds_catalog([crd]).kinds() == first.kinds() == [("source.toolkit.fluxcd.io/v1", "GitRepository")]


def test_crds_problem() -> None:
    diag = crds_problem(ValueError("crds/x.yaml: not a CustomResourceDefinition"), [Path("crds"), Path("more.yaml")])
    assert diag == Diagnostic(
        codes.CRDS_UNUSABLE, "the CRDs cannot be used: crds/x.yaml: not a CustomResourceDefinition", (),
        "crds, more.yaml", None, "pass CRD files, a folder of them, `flux install --export` output or "
        "`kubectl get crd -o yaml` output", "error")
    assert diag.render().startswith("crds, more.yaml: error FLX509: $: the CRDs cannot be used: ")


def test_user_crds_gives_a_catalog_or_the_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    catalog, problem = user_crds([shared_dir("flux-crds")])
    assert problem is None and catalog is not None and catalog.lookup("helm.toolkit.fluxcd.io/v2", "HelmRelease")
    empty = tmp_path / "empty"
    empty.mkdir()
    catalog, problem = user_crds([empty])
    assert catalog is None and problem is not None and problem.code == codes.CRDS_UNUSABLE
