"""What converting CRDs gives: one strict schema per served (apiVersion, kind), and the CEL rules.

Its own module so that `load` (which converts) and `cache` (which stores
conversions) both import it, and neither imports the other's caller.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fluxc.crds.cel import CelRule
from fluxc.crds.convert import Schema

GVK = tuple[str, str]  # (apiVersion "group/version", kind)


@dataclass(frozen=True)
class ConvertedCRD:
    schemas: dict[GVK, Schema]  # one strict Draft 2020-12 schema per served version
    untranslated_rules: tuple[str, ...]  # translate mode: "GVK path: rule" for CEL rules with no fragment
    rules: dict[GVK, tuple[CelRule, ...]] = field(default_factory=dict)  # collect mode: every served GVK
