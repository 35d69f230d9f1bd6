"""What the API server enforces beyond a CRD's schema text, hand-coded for `fluxc.crds.load`.

* `HAND_CODED_RULES`: JSON Schema equivalents of the Flux CRDs' CEL rules;
* `object_meta`: apimachinery's checks of `metadata` (the CRD says only `object`).

CEL rules
---------

The API server evaluates `x-kubernetes-validations` with CEL; python-jsonschema
cannot, so each rule found in the Flux v2.9 CRDs is restated here in JSON
Schema. Keys are the exact rule text as PyYAML reads it from the CRD (folded
lines joined by one space), so a changed rule upstream falls out of the
registry and shows up in `ConvertedCRD.untranslated_rules` instead of being
silently mistranslated.

Semantics the fragments must keep:
* The API server prunes `null` from non-nullable fields before CEL runs, so
  `has(self.f)` means "present and not null" (no Flux field here is nullable).
* Defaults are applied before CEL runs, so a comparison on a defaulted field
  must treat "absent or null" as the default (Bucket `provider`).
* `self.f` on an absent field is a CEL runtime error, i.e. the rule fails, so a
  comparison without a default also requires the field.
* The top-level keyword of each fragment is the one that fails (`anyOf`,
  `oneOf` or `not`), so a jsonschema error's `.schema` is the fragment itself
  and the reporter finds the `x-fluxc-rule-message` that `fluxc.crds.load` adds to it.
"""

from __future__ import annotations

from typing import Any

from fluxc.checks.goregex import go_regex_to_python
from fluxc.checks.k8s_names import DNS1123_LABEL, DNS1123_SUBDOMAIN, LABEL_VALUE

Schema = dict[str, Any]


def has(field: str) -> Schema:
    """CEL `has(self.<field>)`: present and not null."""
    return {"required": [field], "properties": {field: {"not": {"type": "null"}}}}


def is_(field: str, *values: str, default: str | None = None) -> Schema:
    """CEL `self.<field> in [values]`, evaluated after API-server defaulting."""
    if default is not None and default in values:
        # Absent or null means the default, which is one of `values`.
        return {"properties": {field: {"enum": [*values, None]}}}
    return {"required": [field], "properties": {field: {"enum": list(values)}}}


def at(field: str, schema: Schema) -> Schema:
    """The object's `field` is present and matches `schema`."""
    return {"required": [field], "properties": {field: schema}}


def not_(schema: Schema) -> Schema:
    return {"not": schema}


def all_(*schemas: Schema) -> Schema:
    return {"allOf": list(schemas)}


def any_(*schemas: Schema) -> Schema:
    return {"anyOf": list(schemas)}


def one_(*schemas: Schema) -> Schema:
    return {"oneOf": list(schemas)}


# Bucket `spec.provider` defaults to "generic" in the CRD.
_BUCKET_DEFAULT = "generic"

# Rule text -> fragment. Fragments are built fresh by `fluxc.crds.load` (it deep-copies
# them), so sharing one dict between CRDs is safe.
HAND_CODED_RULES: dict[str, Schema] = {
    # HelmRelease .spec
    "(has(self.chart) && !has(self.chartRef)) || (!has(self.chart) && has(self.chartRef))":
        one_(has("chart"), has("chartRef")),
    # HelmRelease .spec.install.strategy
    "!has(self.retryInterval) || self.name != 'RemediateOnFailure'":
        any_(not_(has("retryInterval")), at("name", not_({"const": "RemediateOnFailure"}))),
    # HelmRelease .spec.upgrade.strategy
    "!has(self.retryInterval) || self.name == 'RetryOnFailure'":
        any_(not_(has("retryInterval")), is_("name", "RetryOnFailure")),
    # HelmRelease and Kustomization .spec.kubeConfig (one rule each way).
    "has(self.configMapRef) || has(self.secretRef)":
        any_(has("configMapRef"), has("secretRef")),
    "!has(self.configMapRef) || !has(self.secretRef)":
        not_(all_(has("configMapRef"), has("secretRef"))),
    # GitRepository .spec (provider has no default).
    "!has(self.serviceAccountName) || (has(self.provider) && (self.provider == 'azure' || self.provider == 'aws'))":
        any_(not_(has("serviceAccountName")), is_("provider", "azure", "aws")),
    # HelmChart .spec (sourceRef and sourceRef.kind are required).
    "!has(self.verify) || self.sourceRef.kind == 'HelmRepository'":
        any_(not_(has("verify")), at("sourceRef", is_("kind", "HelmRepository"))),
    # Bucket .spec (sts.provider is required when sts is set).
    "self.provider == 'aws' || self.provider == 'generic' || !has(self.sts)":
        any_(is_("provider", "aws", "generic", default=_BUCKET_DEFAULT), not_(has("sts"))),
    "self.provider != 'aws' || !has(self.sts) || self.sts.provider == 'aws'":
        not_(all_(is_("provider", "aws", default=_BUCKET_DEFAULT), has("sts"),
                  at("sts", not_(is_("provider", "aws"))))),
    "self.provider != 'generic' || !has(self.sts) || self.sts.provider == 'ldap'":
        not_(all_(is_("provider", "generic", default=_BUCKET_DEFAULT), has("sts"),
                  at("sts", not_(is_("provider", "ldap"))))),
    "!has(self.sts) || self.sts.provider != 'aws' || !has(self.sts.secretRef)":
        not_(all_(has("sts"), at("sts", all_(is_("provider", "aws"), has("secretRef"))))),
    "!has(self.sts) || self.sts.provider != 'aws' || !has(self.sts.certSecretRef)":
        not_(all_(has("sts"), at("sts", all_(is_("provider", "aws"), has("certSecretRef"))))),
    "self.provider != 'generic' || !has(self.serviceAccountName)":
        not_(all_(is_("provider", "generic", default=_BUCKET_DEFAULT), has("serviceAccountName"))),
    "!has(self.secretRef) || !has(self.serviceAccountName)":
        not_(all_(has("secretRef"), has("serviceAccountName"))),
}




# apimachinery's validation regexes (Go syntax, translated like the CRDs' own).
_SUBDOMAIN = DNS1123_SUBDOMAIN
_DNS1123_SUBDOMAIN = go_regex_to_python(f"^{_SUBDOMAIN}$")
_DNS1123_LABEL = go_regex_to_python(f"^{DNS1123_LABEL}$")
# IsQualifiedName: [DNS-subdomain "/"] name, name <= 63 (the {0,61}); the prefix's
# own 253 limit is only approximated by maxLength 253 + 1 + 63. Annotation keys
# are checked lower-cased, so their prefix may hold capitals.
_NAME = r"[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?"
_LABEL_KEY = {"maxLength": 317, "pattern": go_regex_to_python(f"^({_SUBDOMAIN}/)?{_NAME}$")}
_ANNOTATION_KEY = {"maxLength": 317, "pattern": go_regex_to_python(
    f"^({_SUBDOMAIN.replace('a-z', 'a-zA-Z')}/)?{_NAME}$")}
_LABEL_VALUE = {"type": "string", "maxLength": 63,
                "pattern": go_regex_to_python(f"^{LABEL_VALUE}$")}


def object_meta(namespaced: bool) -> Schema:
    """ObjectMeta as the API server checks it; optional fields accept null like any other."""
    def opt(typ: str, **extra: Any) -> Schema:
        return {"type": [typ, "null"], **extra}
    props: Schema = {
        "name": {"type": "string", "minLength": 1, "maxLength": 253, "pattern": _DNS1123_SUBDOMAIN},
        "generateName": opt("string"),
        "labels": opt("object", propertyNames=dict(_LABEL_KEY),
                      additionalProperties=dict(_LABEL_VALUE)),
        "annotations": opt("object", propertyNames=dict(_ANNOTATION_KEY),
                           additionalProperties={"type": "string"}),
        "finalizers": opt("array", items={"type": "string"}),
        "ownerReferences": opt("array", items={"type": "object"}),
        "uid": opt("string"), "resourceVersion": opt("string"), "generation": opt("integer"),
        "creationTimestamp": opt("string"), "deletionTimestamp": opt("string"),
        "deletionGracePeriodSeconds": opt("integer"),
        "managedFields": opt("array", items={"type": "object"}),
    }
    if namespaced:
        props["namespace"] = opt("string", maxLength=63, pattern=_DNS1123_LABEL)
    return {"type": "object", "required": ["name"], "properties": props,
            "additionalProperties": False}
