"""Which answers keys set each field of an object several applications may share (a source, a Provider).

The fleet checks (`fleet.py`) point a conflict at the key behind the field that differs, in both answers files,
and say which key gives one of them an object of its own.
"""

from __future__ import annotations

from fluxc.targets.types import Facts

# A shared source's origin: its kind, except that an OCIRepository holds either a chart (`chart`, Journey 1) or
# an artifact of manifests (`artifact`, Journey 3), whose fields are set by different answers keys.
ARTIFACT = "OCIRepository/artifact"


def _oci(prefix: str) -> dict[str, tuple[str, ...]]:
    """The fields of an OCIRepository that `chart` and `artifact` set alike."""
    return {"spec.interval": ("sourceInterval",), "spec.secretRef": (f"{prefix}.secretRef",),
            "spec.provider": (f"{prefix}.provider",), "spec.insecure": (f"{prefix}.insecure",),
            "spec.certSecretRef": (f"{prefix}.certSecretRef",), "spec.proxySecretRef": (f"{prefix}.proxySecretRef",),
            "spec.verify": (f"{prefix}.verify",)}


# For a field of a shared source: the answers keys that set it, in the order to point at the first one written.
SET_BY: dict[str, dict[str, tuple[str, ...]]] = {
    "GitRepository": {"spec.url": ("gitRepoUrl",), "spec.ref": ("gitRef", "gitBranch"),
                      "spec.interval": ("sourceInterval",), "spec.secretRef": ("gitSecretRef",),
                      "spec.provider": ("gitProvider",), "spec.proxySecretRef": ("gitProxySecretRef",)},
    "HelmRepository": {"spec.url": ("chart.repository",), "spec.interval": ("sourceInterval",),
                       "spec.secretRef": ("chart.secretRef",), "spec.certSecretRef": ("chart.certSecretRef",)},
    "OCIRepository": {"spec.url": ("chart.repository", "chart.name"), "spec.ref": ("chart.version",),
                      **_oci("chart")},
    ARTIFACT: {"spec.url": ("artifact.url",), "spec.ref": ("artifact.ref",), **_oci("artifact")},
    "Provider": {"spec.type": ("alert.provider.type",), "spec.channel": ("alert.provider.channel",),
                 "spec.address": ("alert.provider.address",), "spec.secretRef": ("alert.provider.secretRef",)},
}
# The keys a source's name comes from: where a conflict is shown when the differing field has no key written.
NAMED_BY = {"GitRepository": ("gitRepositoryName", "gitRepoUrl"),
             "HelmRepository": ("chart.repositoryName", "chart.repository"),
             "OCIRepository": ("chart.repositoryName", "chart.name"),
             ARTIFACT: ("artifact.repositoryName", "artifact.url"),
             "Provider": ("alert.provider.name", "alert.provider")}
RENAME = {"GitRepository": "gitRepositoryName", "HelmRepository": "chart.repositoryName",
           "OCIRepository": "chart.repositoryName", ARTIFACT: "artifact.repositoryName",
           "Provider": "alert.provider.name"}
ONE_OF_ITS_OWN = {"Provider": "a Provider"}  # what the conflict's hint offers instead ("a source" for sources)
# every answers key a message may point at
_KEYS = ("name", "fluxNamespace", "outputPath", "labels", "sourceInterval", "dependsOn",
         *{key for fields in SET_BY.values() for keys in fields.values() for key in keys},
         *{key for keys in NAMED_BY.values() for key in keys})


KEY_PATHS = tuple((key, tuple(key.split("."))) for key in dict.fromkeys(_KEYS))  # (dotted, JSON path), once


def origin(kind: str, app: Facts) -> str:
    """The source's kind, or ARTIFACT for the OCIRepository of an answers file with `artifact` (its url is
    required, so it is always written)."""
    return ARTIFACT if kind == "OCIRepository" and "artifact.url" in app.where else kind


def keys_behind(origin: str, field: str) -> tuple[str, ...]:
    """The answers keys that set `field` (a dotted path) of a source, then those it is named by."""
    if field.startswith("metadata.labels"):
        return ("labels", *NAMED_BY[origin])
    for prefix, keys in SET_BY[origin].items():
        if field == prefix or field.startswith(prefix + "."):
            return keys + NAMED_BY[origin]
    return NAMED_BY[origin]
