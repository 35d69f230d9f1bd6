"""Plaintext Secrets in the user's manifests: found however they are spelt, refused (FLX603), never shown.

fluxc writes the package to a Git repository, so a Secret's payload may only
go there SOPS-encrypted. What counts as a Secret is wider than what the API
server would apply as one, on purpose: a Secret it would refuse (`core/v1`,
`kind: secret`) is still plaintext in Git once written. So:

* any object whose kind, lower-cased and without non-letters, is `secret` or
  `secrets`, whatever its apiVersion;
* inside any `items` list, at any depth: kustomize expands every `*List` kind
  (any apiVersion), and kubectl and Helm every object that has `items`;
* its `data` and `stringData`, unless every value in them is a SOPS value
  (`ENC[AES256_GCM,data:...,iv:...,tag:...,type:...]`) and a `sops` block is
  there; and the `kubectl.kubernetes.io/last-applied-configuration`
  annotation, which holds a copy of the whole object and which SOPS leaves as
  it is.

Messages and hints name keys, never values.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, JsonPath
from fluxc.yaml.document import SourceMap

SECRET_HINT = ("encrypt it with SOPS, `sops --encrypt --encrypted-regex '^(data|stringData)$' --in-place FILE`, "
               "and set `decryption.secretName`; or create the Secret outside Git and reference it, "
               "e.g. with `valuesFrom`")
PAYLOAD_FIELDS = ("data", "stringData")
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
# One value as SOPS writes it (AES256_GCM is the one cipher SOPS encrypts values with); base64 parts.
_SOPS_VALUE = re.compile(r"ENC\[AES256_GCM,data:[A-Za-z0-9+/=]*,iv:[A-Za-z0-9+/=]+,tag:[A-Za-z0-9+/=]+,"
                         r"type:[a-z]+\]")
_NOT_LETTERS = re.compile(r"[^a-z]+")


def is_secret_kind(kind: Any) -> bool:
    """`Secret`, and every spelling a user may mean it by (`secret`, `SECRET`, ` Secret`, `Secrets`)."""
    return isinstance(kind, str) and _NOT_LETTERS.sub("", kind.lower()) in ("secret", "secrets")


def plaintext_secrets(data: Any, smap: SourceMap, file: str, path: JsonPath = ()) -> list[Diagnostic]:
    """Every plaintext Secret payload in one document (the object itself and, at any depth, its `items`)."""
    if not isinstance(data, Mapping):
        return []
    found = _payload(data, smap, file, path) if is_secret_kind(data.get("kind")) else []
    items = data.get("items")
    if isinstance(items, list):
        for index, item in enumerate(items):
            found += plaintext_secrets(item, smap, file, (*path, "items", index))
    return found


def _payload(secret: Mapping[str, Any], smap: SourceMap, file: str, path: JsonPath) -> list[Diagnostic]:
    metadata = secret.get("metadata")
    name = metadata.get("name") if isinstance(metadata, Mapping) else None
    who = f"Secret {name!r}" if isinstance(name, str) and name else "this Secret"
    encrypted = isinstance(secret.get("sops"), Mapping)

    def problem(where: JsonPath, message: str, hint: str) -> Diagnostic:
        at = (*path, *where)
        return Diagnostic(codes.PLAINTEXT_SECRET, message, at, file, smap.span(at, key=True), hint)

    out = []
    for field in PAYLOAD_FIELDS:
        section = secret.get(field)
        if _is_empty(section):
            continue
        if not encrypted and _is_encrypted(section):  # e.g. an encrypted List's item: the block stayed on the List
            out.append(problem((field,), f"`{field}` of {who} looks SOPS-encrypted, but the Secret has no `sops` "
                               "block, so it can never be decrypted", "encrypt each Secret as a document of its "
                               "own (not inside a List), with `sops --encrypt --in-place FILE`"))
        elif not encrypted:
            out.append(problem((field,), f"{who} holds plaintext credentials in `{field}`, and fluxc never writes "
                               "them to a repository", SECRET_HINT))
        if not encrypted:
            continue
        entries = section.items() if isinstance(section, Mapping) else [(None, section)]
        out += [problem((field,) if key is None else (field, key),
                        f"`{field}{'' if key is None else f'.{key}'}` is not encrypted, although {who} has a "
                        "`sops` block", "encrypt all of `data` and `stringData`: `sops --encrypt "
                        "--encrypted-regex '^(data|stringData)$' --in-place FILE`")
                for key, value in entries if not _is_encrypted(value)]
    annotations = metadata.get("annotations") if isinstance(metadata, Mapping) else None
    if isinstance(annotations, Mapping) and not _is_empty(annotations.get(LAST_APPLIED)):
        out.append(problem(("metadata", "annotations", LAST_APPLIED), f"{who} keeps a plaintext copy of itself "
                           f"in the annotation `{LAST_APPLIED}`, which SOPS does not encrypt",
                           "remove the annotation (kubectl writes it; `kubectl get -o yaml` copies it)"))
    return out


def _is_empty(value: Any) -> bool:
    """Nothing to hide: absent, null, or an empty string, mapping or list (`0` and `false` are values)."""
    return value is None or (isinstance(value, (str, Mapping, list)) and not value)


def _is_encrypted(value: Any) -> bool:
    """Every leaf is a SOPS value (or empty); a number or boolean never is (SOPS writes those as ENC[...] too)."""
    if isinstance(value, Mapping):
        return all(_is_encrypted(v) for v in value.values())
    if isinstance(value, list):
        return all(_is_encrypted(v) for v in value)
    return _is_empty(value) or (isinstance(value, str) and _SOPS_VALUE.fullmatch(value) is not None)
