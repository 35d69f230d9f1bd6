"""What the API server checks on any object beyond its CRD schema.

* `strip_sops`: SOPS keeps its metadata in a top-level `sops` block that no
  schema knows; kustomize-controller removes it when it decrypts.
* `check_object_shape` (FLX508): a mapping with string `apiVersion` and `kind`.
* `check_metadata` (FLX504): labels, annotations, finalizers and generateName
  as k8s.io/apimachinery validates them (ValidateObjectMeta, ValidateLabels,
  ValidateAnnotations, IsQualifiedName, IsValidLabelValue, IsDNS1123Subdomain),
  in apimachinery's words; and (FLX105) `name` by kind as each kind's
  validation checks it (`NAME_FORMATS`), `namespace` as a DNS-1123 label.

Go's `len` counts bytes, so lengths here are UTF-8 byte counts; Go's `$` is
the end of text, so regexes use fullmatch (a trailing newline never passes).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from fluxc.checks.k8s_names import (
    DNS1123_LABEL,
    DNS1123_LABEL_MAX,
    DNS1123_SUBDOMAIN_MAX,
    SUBDOMAIN_RE,
    byte_size,
    is_dns1123_subdomain,
    is_qualified_name,
    is_valid_label_value,
)
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, JsonPath, describe
from fluxc.yaml.document import SourceMap

__all__ = ["ANNOTATIONS_MAX_BYTES", "NAME_FORMATS", "check_metadata", "check_object_shape", "name_problem",
           "strip_sops"]

ANNOTATIONS_MAX_BYTES = 256 * 1024  # TotalAnnotationSizeLimitB
_NAME_MAX = DNS1123_LABEL_MAX  # qualifiedNameMaxLength, LabelValueMaxLength
_SUBDOMAIN_MAX = DNS1123_SUBDOMAIN_MAX

_LABEL_RE = re.compile(DNS1123_LABEL)
_DNS1035_RE = re.compile("[a-z]([-a-z0-9]*[a-z0-9])?")  # DNS1035LabelFmt

# metadata.name by (API group, kind), as each kind's ValidateObjectMeta name function checks it; any other
# kind, custom resources included (the CRD handler's NameIsDNSSubdomain), is a DNS-1123 subdomain.
_RBAC = "rbac.authorization.k8s.io"
NAME_FORMATS: dict[tuple[str, str], str] = {
    ("", "Service"): "dns1035",  # ValidateServiceName: the name becomes a DNS name and environment variables
    ("", "Namespace"): "label",  # ValidateNamespaceName
    # ValidateRBACName and ValidateCertificateRequestName: any path segment (`system:aggregate-to-view` is fine)
    (_RBAC, "Role"): "segment", (_RBAC, "ClusterRole"): "segment",
    (_RBAC, "RoleBinding"): "segment", (_RBAC, "ClusterRoleBinding"): "segment",
    ("certificates.k8s.io", "CertificateSigningRequest"): "segment",
}
_CRONJOB_NAME_MAX = 52  # ValidateCronJob: Job names add 11 characters and must stay DNS-1035-sized (63)
_FORMAT_WORDS = {
    "dns1035": ("a DNS-1035 label (lower-case letters, digits and '-', starting with a letter and ending with a "
                "letter or digit, at most 63 characters)", "a Service name becomes a DNS name: start it with a letter"),
    "label": ("a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit, "
              "at most 63 characters)", "use lower-case letters, digits and '-'"),
    "subdomain": ("a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', at most 253 characters)",
                  "use lower-case letters, digits, '-' and '.'"),
}
_QUOTE = 'quote it so it stays a string: `{key}: "{text}"`'
_KEY_HINT = ("keys are `[prefix/]name`: an optional DNS subdomain prefix and '/', then a name of 1-63 "
             "letters, digits, '-', '_' or '.' that starts and ends with a letter or digit")


def _show(text: str, limit: int = 80) -> str:
    """Text for a one-line message: control characters escaped, long text cut."""
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text[:limit])
    return shown + ("..." if len(text) > limit else "")


def strip_sops(data: Mapping[str, Any]) -> dict[str, Any]:
    """A shallow copy of data without its top-level `sops` metadata block; a `sops`
    value that is not a mapping is no SOPS metadata and stays for the schema to report."""
    return {k: v for k, v in data.items() if not (k == "sops" and isinstance(v, Mapping))}


def check_object_shape(data: Any, source_map: SourceMap, file: str) -> list[Diagnostic]:
    """FLX508 unless data is a mapping with non-empty string `apiVersion` and `kind`.

    An empty document (None) is not reported: kubectl and kustomize skip it.
    """
    if data is None:
        return []
    if not isinstance(data, Mapping):
        return [Diagnostic(codes.NOT_AN_OBJECT, f"this document is {describe(data, show=True)}, not a "
                           "Kubernetes object", (), file, source_map.span(()),
                           "a manifest is a mapping with `apiVersion`, `kind`, `metadata` and "
                           "usually `spec`")]
    out: list[Diagnostic] = []
    examples = {"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository"}
    for key, example in examples.items():
        value, path = data.get(key), (key,)
        if key not in data:
            problem = f"`{key}` is missing"
        elif not isinstance(value, str):
            problem = f"`{key}` must be a string, not {describe(value, show=True)}"
        elif not value:
            problem = f"`{key}` is empty"
        elif key == "apiVersion" and value.count("/") > 1:
            problem = f"unexpected GroupVersion string: {value}"
        else:
            continue
        out.append(Diagnostic(codes.NOT_AN_OBJECT, problem, path, file, source_map.span(path),
                              f"every Kubernetes object needs `{key}`, e.g. `{key}: {example}`"))
    return out


class _Checker:
    def __init__(self, source_map: SourceMap, file: str) -> None:
        self.source_map, self.file = source_map, file
        self.out: list[Diagnostic] = []

    def report(self, path: JsonPath, message: str, hint: str, *, key: bool = False,
               code: str = codes.BAD_METADATA) -> None:
        self.out.append(Diagnostic(code, message, path, self.file, self.source_map.span(path, key=key), hint))

    def not_string(self, path: JsonPath, what: str, value: Any) -> None:
        located = self.source_map.get(path)
        text = located.text if located is not None else None
        if value is None:
            hint = f'write `{path[-1]}: ""` for an empty value, or remove the entry'
        elif text is not None:
            hint = _QUOTE.format(key=path[-1], text=text)
        else:
            hint = "write a single string value"
        self.report(path, f"{what} must be a string, not {describe(value, show=True)}", hint)

    def string_map(self, meta: Mapping[str, Any], field: str) -> None:
        """Check metadata.labels or metadata.annotations as ValidateLabels/ValidateAnnotations do."""
        value = meta.get(field)
        if value is None:
            return
        if not isinstance(value, Mapping):
            self.report(("metadata", field), f"`{field}` must be a mapping of strings to strings, "
                        f"not {describe(value, show=True)}", f"write `{field}:` with one `key: value` per line")
            return
        what, total = field[:-1], 0
        for raw_key, item in value.items():
            key = str(raw_key)
            path = ("metadata", field, key)
            # Annotation keys are checked lower-cased: their prefix may hold capitals.
            for msg in is_qualified_name(key.lower() if field == "annotations" else key):
                self.report(path, f"invalid {what} key `{_show(key)}`: {msg}", _KEY_HINT, key=True)
            if not isinstance(item, str):
                self.not_string(path, f"the {what} value of `{_show(key)}`", item)
                continue
            total += byte_size(key) + byte_size(item)
            if field == "labels":
                for msg in is_valid_label_value(item):
                    self.report(path, f"invalid label value `{_show(item)}`: {msg}",
                                "shorten the value or use an annotation for free text")
        if field == "annotations" and total > ANNOTATIONS_MAX_BYTES:
            self.report(("metadata", field), f"annotations are too long: may not be more than "
                        f"{ANNOTATIONS_MAX_BYTES} bytes (keys and values together are {total})",
                        "move large data into a ConfigMap or Secret")

    def finalizers(self, finalizers: Any) -> None:
        if not isinstance(finalizers, list):
            return  # the schema reports a wrong type
        for index, item in enumerate(finalizers):
            if isinstance(item, str):
                for msg in is_qualified_name(item):
                    self.report(("metadata", "finalizers", index), f"invalid finalizer `{_show(item)}`: {msg}",
                                "finalizers are qualified names such as `example.com/cleanup`")

    def generate_name(self, value: Any) -> None:
        path = ("metadata", "generateName")
        if not isinstance(value, str):
            if value is not None:
                self.not_string(path, "`generateName`", value)
            return
        if not value:
            return
        # NameIsDNSSubdomain(prefix=true) masks a trailing dash before checking.
        masked = value[:-2] + "a" if len(value) > 1 and value.endswith("-") else value
        for msg in is_dns1123_subdomain(masked):
            self.report(path, f"invalid generateName `{_show(value)}`: {msg}",
                        "use lower-case letters, digits, '-' and '.'; a trailing '-' is allowed")


def name_problem(name: str, api_version: str, kind: str) -> tuple[str, str] | None:
    """(what the name must be, a hint) if the API server refuses `name` for this kind; None if it takes it.

    Every name is first a path segment of the object's URL (IsValidPathSegmentName): `.`, `..`, `/` and `%`
    never pass, so `../../etc/passwd` names nothing whatever its kind.
    """
    group = api_version.rpartition("/")[0]
    fmt = NAME_FORMATS.get((group, kind), "subdomain")
    if name in (".", "..") or "/" in name or "%" in name:
        return "a path segment (not `.` or `..`, without `/` or `%`)", "name the object, not a path"
    if fmt == "segment":
        return None
    length, pattern = {"dns1035": (DNS1123_LABEL_MAX, _DNS1035_RE), "label": (DNS1123_LABEL_MAX, _LABEL_RE),
                       "subdomain": (_SUBDOMAIN_MAX, SUBDOMAIN_RE)}[fmt]
    what, hint = _FORMAT_WORDS[fmt]
    if byte_size(name) > length or not pattern.fullmatch(name):
        return what, hint
    if (group, kind) == ("batch", "CronJob") and byte_size(name) > _CRONJOB_NAME_MAX:
        return f"at most {_CRONJOB_NAME_MAX} characters for a CronJob", "the Jobs it creates add 11 characters"
    return None


def _check_name_and_namespace(data: Mapping[str, Any], meta: Mapping[str, Any], checker: _Checker) -> None:
    name, namespace = meta.get("name"), meta.get("namespace")
    api_version, kind = data.get("apiVersion"), data.get("kind")
    if isinstance(name, str) and name and isinstance(api_version, str) and isinstance(kind, str):
        problem = name_problem(name, api_version, kind)
        if problem is not None:
            checker.report(("metadata", "name"), f"'{_show(name)}' is not {problem[0]}", problem[1],
                           code=codes.BAD_FORMAT)
    if isinstance(namespace, str) and namespace and \
            (byte_size(namespace) > DNS1123_LABEL_MAX or not _LABEL_RE.fullmatch(namespace)):
        checker.report(("metadata", "namespace"), f"'{_show(namespace)}' is not {_FORMAT_WORDS['label'][0]}",
                       "a namespace is a DNS-1123 label", code=codes.BAD_FORMAT)


def check_metadata(data: Mapping[str, Any], source_map: SourceMap, file: str) -> list[Diagnostic]:
    """FLX504 for labels, annotations, finalizers and generateName the API server refuses; FLX105 for a
    name or namespace it refuses."""
    meta = data.get("metadata")
    checker = _Checker(source_map, file)
    if meta is None:
        return []  # the schema requires metadata
    if not isinstance(meta, Mapping):
        checker.report(("metadata",), f"`metadata` must be a mapping, not {describe(meta, show=True)}",
                       "write `metadata:` with `name:` and `namespace:` below it")
        return checker.out
    _check_name_and_namespace(data, meta, checker)
    checker.string_map(meta, "labels")
    checker.string_map(meta, "annotations")
    checker.finalizers(meta.get("finalizers"))
    checker.generate_name(meta.get("generateName"))
    return checker.out
