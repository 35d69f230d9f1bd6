"""fluxc.targets.flux.kinds: the table of Flux kinds, their files and fluxc's own schemas for them."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from fluxc.checks.schemas import schema_dir
from fluxc.targets.flux.emit import EMITTERS
from fluxc.targets.flux.kinds import FLUX_KINDS, FLUX_SCHEMA_FILES, KINDS, flux_schema


def test_every_flux_schema_file_exists() -> None:
    for relative in FLUX_SCHEMA_FILES.values():
        assert (schema_dir() / relative).is_file(), relative


def test_the_table_has_one_row_per_kind() -> None:
    assert len(FLUX_KINDS) == len(KINDS)


def test_every_emitted_kind_has_a_file_name_and_a_schema() -> None:
    emitted = [kind for kind, _ in EMITTERS.values()]
    assert all(kind.file_name and kind.schema_file for kind in emitted)
    assert len({kind.file_name for kind in emitted}) == len(emitted)
    assert {(k.api_version, k.kind) for k in emitted} <= set(FLUX_SCHEMA_FILES)


def test_every_kind_has_a_schema_and_only_the_emitted_ones_a_file_name() -> None:
    """`fluxc validate` checks every Flux kind with a schema of its own; `fluxc build` writes five of them."""
    assert all(kind.schema_file for kind in KINDS)
    emitted = {kind.kind for kind, _ in EMITTERS.values()}
    assert [k.kind for k in KINDS if k.file_name] == [k.kind for k in KINDS if k.kind in emitted]


@pytest.mark.parametrize(("api_version", "kind"), FLUX_SCHEMA_FILES.keys(), ids=[k for _, k in FLUX_SCHEMA_FILES])
def test_flux_schema(api_version: str, kind: str) -> None:
    schema = flux_schema(api_version, kind)
    Draft202012Validator.check_schema(schema)
    assert schema["properties"]["kind"] == {"const": kind}
    assert schema["properties"]["apiVersion"] == {"const": api_version}
    assert flux_schema(api_version, kind) is schema


def test_every_kind_of_flux_and_of_the_operator_is_known() -> None:
    assert sorted(kind for _, kind in FLUX_SCHEMA_FILES) == [
        "Alert", "Bucket", "FluxInstance", "GitRepository", "HelmChart", "HelmRelease", "HelmRepository",
        "ImagePolicy", "ImageRepository", "ImageUpdateAutomation", "Kustomization", "OCIRepository", "Provider",
        "Receiver", "ResourceSet", "ResourceSetInputProvider"]


@pytest.mark.parametrize(("api_version", "kind"), [
    ("source.toolkit.fluxcd.io/v1", "ExternalArtifact"),
    ("source.toolkit.fluxcd.io/v1beta2", "HelmRepository"),
    ("helm.toolkit.fluxcd.io/v2beta1", "HelmRelease"),
    ("kustomize.toolkit.fluxcd.io/v1", "kustomization"),
], ids=["unknown-kind", "old-source-version", "old-helm-version", "wrong-case"])
def test_flux_schema_unknown_kind_raises_key_error(api_version: str, kind: str) -> None:
    with pytest.raises(KeyError):
        flux_schema(api_version, kind)




def test_packaging_never_names_a_file_as_an_emitted_kind() -> None:
    """A packaged object's file must not take the name fluxc writes a Flux object to, beside it."""
    from fluxc.package.manifests import RESERVED_NAMES

    assert {k.file_name for k in KINDS if k.file_name} <= RESERVED_NAMES
