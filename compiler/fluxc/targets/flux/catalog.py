"""Where the schema for a Flux kind comes from: fluxc's bundled schemas, or the user's CRDs.

Bundled: our hand-written schemas (schemas/flux), which carry the CEL rules
of the kinds fluxc emits as JSON Schema. `--crds`: the user's CRDs converted
to strict schemas by `fluxc.crds.load`, with every CEL rule kept as CEL and
evaluated by `fluxc.crds.cel`; conversions are cached between runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from fluxc.checks.schemas import Schema, strict_validator
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic
from fluxc.targets.flux.kinds import FLUX_SCHEMA_FILES, flux_schema

if TYPE_CHECKING:
    from jsonschema import Validator

    from fluxc.crds.cel import CelRule

GVK = tuple[str, str]


class KindSchema(NamedTuple):
    schema: Schema
    rules: tuple[CelRule, ...]  # CEL rules to evaluate (only for --crds; bundled schemas encode theirs)
    origin: str  # "bundled" or the CRD source, for messages


class Catalog:
    """Schemas by (apiVersion, kind), each with a validator built once."""

    def __init__(self, origin: str, schemas: dict[GVK, KindSchema] | None = None) -> None:
        self.origin = origin
        self._schemas = schemas
        self._validators: dict[GVK, Validator] = {}
        self._loaded: dict[GVK, KindSchema] = {}

    def lookup(self, api_version: str, kind: str) -> KindSchema | None:
        key = (api_version, kind)
        if self._schemas is not None:
            return self._schemas.get(key)
        if key not in self._loaded and key in FLUX_SCHEMA_FILES:  # bundled: read on first use
            self._loaded[key] = KindSchema(flux_schema(*key), (), "bundled")
        return self._loaded.get(key)

    def validator(self, api_version: str, kind: str) -> Validator | None:
        key = (api_version, kind)
        if key not in self._validators:
            found = self.lookup(api_version, kind)
            if found is None:
                return None
            self._validators[key] = strict_validator(found.schema)
        return self._validators[key]

    def versions(self, group: str, kind: str) -> list[str]:
        """Every apiVersion of `kind` in `group` the catalog serves (only the user's CRDs: the bundled
        catalog's are the kinds table's)."""
        if self._schemas is None:
            return []
        return sorted(a for a, k in self._schemas if k == kind and a.rpartition("/")[0] == group)

    def kinds(self) -> list[GVK]:
        return sorted(self._schemas) if self._schemas is not None else sorted(FLUX_SCHEMA_FILES)


def bundled_catalog() -> Catalog:
    return Catalog("bundled")


def crds_catalog(paths: Sequence[Path], cache_dir: Path | None = None) -> Catalog:
    """A catalog of every served version of every CRD under `paths`; ValueError if they cannot be used."""
    from fluxc.crds.load import default_cache_dir, load_crds

    converted = load_crds(paths, cel="collect", cache_dir=cache_dir or default_cache_dir())
    origin = ", ".join(str(p) for p in paths)
    rules: dict[GVK, Any] = converted.rules
    schemas = {gvk: KindSchema(schema, tuple(rules.get(gvk, ())), origin)
               for gvk, schema in converted.schemas.items()}
    if not schemas:
        raise ValueError(f"no CustomResourceDefinition found in {origin}")
    return Catalog(origin, schemas)


def user_crds(paths: Sequence[Path]) -> tuple[Catalog | None, Diagnostic | None]:
    """`--crds PATH...` as a catalog, or None and the one diagnostic (FLX509) saying why they cannot be used."""
    try:
        return crds_catalog(paths), None
    except (ValueError, OSError) as error:
        return None, crds_problem(error, paths)


def crds_problem(error: Exception, paths: Sequence[Path]) -> Diagnostic:
    """--crds that cannot be read or converted: one diagnostic, no traceback."""
    return Diagnostic(codes.CRDS_UNUSABLE, f"the CRDs cannot be used: {error}", (), ", ".join(map(str, paths)),
                      hint="pass CRD files, a folder of them, `flux install --export` output or "
                           "`kubectl get crd -o yaml` output")
