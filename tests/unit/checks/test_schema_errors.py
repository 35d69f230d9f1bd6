"""fluxc.checks.schema_errors.translate: jsonschema errors on real Flux documents -> Diagnostics.

Every case is a Flux object written inline, parsed by `parse_single` (so the
spans are the user's) and validated by `strict_validator` with fluxc's bundled
schema of its kind; `translate` is called on each error directly. Cases assert
the code, path, span and the telling part of the message and hint.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from fluxc.checks.schema_errors import translate
from fluxc.checks.schemas import answers_schema, strict_validator
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, JsonPath
from fluxc.targets.flux.kinds import flux_schema
from fluxc.yaml.load import parse_single
from helpers.documents import HELM_RELEASE
from helpers.secrets import MARKER
from helpers.snippets import GIT_REPOSITORY, PODINFO_CHART, flux_object

FILE = "flux.yaml"
SOURCE = "source.toolkit.fluxcd.io/v1"
HELM = "helm.toolkit.fluxcd.io/v2"

# Line numbers in the cases below are counted in these documents (spec: line 6 with a namespace, else 5).
GIT = GIT_REPOSITORY + "  ref:\n    branch: master\n"
HELM_REPO = flux_object(SOURCE, "HelmRepository", namespace=None,
                        spec="spec:\n  interval: 1h\n  url: https://stefanprodan.github.io/podinfo\n")
OCI = flux_object(SOURCE, "OCIRepository", namespace=None,
                  spec="spec:\n  interval: 5m\n  url: oci://ghcr.io/stefanprodan/manifests/podinfo\n")
RELEASE = HELM_RELEASE
KINDS = {GIT: "GitRepository", HELM_REPO: "HelmRepository", OCI: "OCIRepository", RELEASE: "HelmRelease"}


def diagnostics(text: str, base: str) -> list[Diagnostic]:
    """translate() of every error the bundled schema of `base`'s kind finds in `text`."""
    kind = KINDS[base]
    document = parse_single(text, FILE)
    validator = strict_validator(flux_schema(HELM if kind == "HelmRelease" else SOURCE, kind))
    return [d for error in validator.iter_errors(document.data) for d in translate(error, document.source_map)]


def only(found: list[Diagnostic]) -> Diagnostic:
    assert len(set(found)) == 1, [d.render() for d in found]
    return found[0]


def where(diag: Diagnostic) -> tuple[int, int] | None:
    return (diag.span.line, diag.span.col) if diag.span else None


@pytest.mark.parametrize("base", list(KINDS), ids=list(KINDS.values()))
def test_the_base_documents_are_valid(base: str) -> None:
    assert diagnostics(base, base) == []


class Case(NamedTuple):
    base: str
    old: str  # replaced by `new` in base ("" appends `new`)
    new: str
    code: str
    path: JsonPath
    span: tuple[int, int]
    message: str  # the whole message
    hint: str | None  # the whole hint; None: not checked here (see the xfail below)


CASES = {
    # unknown fields
    "unknown-misspelt": Case(GIT, "", "  intervall: 5m\n", codes.UNKNOWN_KEY, ("spec", "intervall"), (11, 3),
                             "unknown key 'intervall'", "did you mean 'interval'?"),
    "unknown-abbreviated": Case(GIT, "", "  recurse: true\n", codes.UNKNOWN_KEY, ("spec", "recurse"), (11, 3),
                                "unknown key 'recurse'", "did you mean 'recurseSubmodules'?"),
    "unknown-in-small-mapping-lists-keys": Case(
        GIT, "    branch: master\n", "    branch: master\n    label: v1\n", codes.UNKNOWN_KEY,
        ("spec", "ref", "label"), (11, 5), "unknown key 'label'", "known keys here: branch, commit, name, semver, tag"),
    # GitRepository's spec has 14 fields: listing them all would be noise
    "unknown-in-large-spec-lists-nothing": Case(GIT, "", "  bogus: true\n", codes.UNKNOWN_KEY, ("spec", "bogus"),
                                                (11, 3), "unknown key 'bogus'", "this object takes no such field"),
    # HelmRepository's spec has 11 fields (<= 12): they are listed
    "unknown-in-spec-of-12-or-fewer": Case(
        HELM_REPO, "", "  bogus: true\n", codes.UNKNOWN_KEY, ("spec", "bogus"), (8, 3), "unknown key 'bogus'",
        "known keys here: accessFrom, certSecretRef, insecure, interval, passCredentials, provider, secretRef, "
        "suspend, timeout, type, url"),
    "unknown-case-only": Case(GIT, "  url:", "  URL: x\n  url:", codes.UNKNOWN_KEY, ("spec", "URL"), (8, 3),
                              "unknown key 'URL'", "did you mean 'url'? (keys are case-sensitive)"),
    "unknown-top-level": Case(GIT, "spec:", "specs: {}\nspec:", codes.UNKNOWN_KEY, ("specs",), (6, 1),
                              "unknown key 'specs'", "did you mean 'spec'?"),
    # wrong types: YAML 1.1 turned what was typed into something else
    "type-no-is-a-boolean": Case(GIT, "branch: master", "branch: no", codes.WRONG_TYPE, ("spec", "ref", "branch"),
                                 (10, 13), "expected a string, got a boolean",
                                 'YAML reads `no` as a boolean; quote it: `branch: "no"`'),
    "type-1.10-is-a-number": Case(GIT, "branch: master", "tag: 1.10", codes.WRONG_TYPE, ("spec", "ref", "tag"),
                                  (10, 10), "expected a string, got a number",
                                  'YAML reads `1.10` as a number; quote it: `tag: "1.10"`'),
    "type-list-item": Case(RELEASE, '      version: "6.5.4"\n', '      version: "6.5.4"\n      valuesFiles: [on]\n',
                           codes.WRONG_TYPE, ("spec", "chart", "spec", "valuesFiles", 0), (12, 21),
                           "expected a string, got a boolean", 'YAML reads `on` as a boolean; quote it: `- "on"`'),
    "type-quoted-boolean": Case(GIT, "", '  suspend: "true"\n', codes.WRONG_TYPE, ("spec", "suspend"), (11, 12),
                                "expected a boolean (true or false), got a string",
                                "write it without quotes, e.g. `suspend: true`"),
    "type-quoted-no-hint": Case(GIT, "branch: master", "branch: [main]", codes.WRONG_TYPE,
                                ("spec", "ref", "branch"), (10, 13), "expected a string, got a list", ""),
    "type-null": Case(GIT, "interval: 1m", "interval:", codes.WRONG_TYPE, ("spec", "interval"), (7, 12),
                      "expected a string, got nothing (null)", "give it a value"),
    # a missing key is shown at its parent's key
    "missing-in-spec": Case(GIT, "  interval: 1m\n", "", codes.MISSING_KEY, ("spec", "interval"), (6, 1),
                            "required key 'interval' is missing", "add `interval` under `spec`"),
    "missing-in-nested": Case(RELEASE, "      chart: podinfo\n", "", codes.MISSING_KEY,
                              ("spec", "chart", "spec", "chart"), (9, 5), "required key 'chart' is missing",
                              "add `chart` under `spec`"),
    "missing-name": Case(GIT, "  name: podinfo\n", "", codes.MISSING_KEY, ("metadata", "name"), (3, 1),
                         "required key 'name' is missing", "add `name` under `metadata`"),
    # enums
    "enum-case": Case(GIT, "", "  provider: Azure\n", codes.NOT_ALLOWED, ("spec", "provider"), (11, 13),
                      "'Azure' is not one of: generic, aws, azure, github",
                      "did you mean 'azure'? (values are case-sensitive)"),
    "enum-near-miss": Case(GIT, "", "  provider: githb\n", codes.NOT_ALLOWED, ("spec", "provider"), (11, 13),
                           "'githb' is not one of: generic, aws, azure, github", "did you mean 'github'?"),
    "enum-no-near-miss": Case(GIT, "", "  provider: gitlab\n", codes.NOT_ALLOWED, ("spec", "provider"), (11, 13),
                              "'gitlab' is not one of: generic, aws, azure, github", ""),
    # const
    "const-apiVersion": Case(GIT, "fluxcd.io/v1", "fluxcd.io/v2", codes.NOT_ALLOWED, ("apiVersion",), (1, 13),
                             "'source.toolkit.fluxcd.io/v2' must be 'source.toolkit.fluxcd.io/v1'",
                             "write `apiVersion: source.toolkit.fluxcd.io/v1`"),
    "const-kind": Case(GIT, "kind: GitRepository", "kind: GitRepo", codes.NOT_ALLOWED, ("kind",), (2, 7),
                       "'GitRepo' must be 'GitRepository'", "write `kind: GitRepository`"),
    # upstream's patterns in words
    "duration-with-hours": Case(GIT, "interval: 1m", "interval: 5 minutes", codes.BAD_FORMAT, ("spec", "interval"),
                                (7, 13), "'5 minutes' is not a Go duration such as 30s, 5m, 1h or 1h30m "
                                "(units ms, s, m, h)", ""),
    "duration-without-hours": Case(GIT, "", "  timeout: 1h\n", codes.BAD_FORMAT, ("spec", "timeout"), (11, 12),
                                   "'1h' is not a Go duration in ms, s or m (no hours: write 60m, not 1h)", ""),
    "dns-label": Case(GIT, "namespace: flux-system", "namespace: Flux.System", codes.BAD_FORMAT,
                      ("metadata", "namespace"), (5, 14),
                      "'Flux.System' is not a DNS-1123 label (lower-case letters, digits and '-', starting and "
                      "ending with a letter or digit)", ""),
    "dns-subdomain": Case(GIT, "name: podinfo", "name: Pod_Info", codes.BAD_FORMAT, ("metadata", "name"), (4, 9),
                          "'Pod_Info' is not a DNS-1123 subdomain (lower-case letters, digits, '-' and '.')", ""),
    "too-long": Case(GIT, "name: podinfo", "name: " + "a" * 254, codes.BAD_FORMAT, ("metadata", "name"), (4, 9),
                     "'" + "a" * 76 + "... is too long (at most 253 characters)", ""),
    "url-scheme-git": Case(GIT, "https://github.com", "ftp://github.com", codes.BAD_FORMAT, ("spec", "url"), (8, 8),
                           "ftp://github.com/stefanprodan/podinfo is not an https://, http:// or ssh:// URL", None),
    "url-scheme-helm": Case(HELM_REPO, "https://", "git://", codes.BAD_FORMAT, ("spec", "url"), (7, 8),
                            "git://stefanprodan.github.io/podinfo is not an https://, http:// or oci:// URL",
                            "HelmRepository takes https:// or http://, OCI registries take oci://"),
    "url-scheme-oci": Case(OCI, "oci://", "https://", codes.BAD_FORMAT, ("spec", "url"), (7, 8),
                           "https://ghcr.io/stefanprodan/manifests/podinfo is not an oci:// URL",
                           "an OCIRepository pulls from a registry: write oci://<registry>/<repository>"),
    # a pattern fluxc has no words for is shown as it is
    "unknown-pattern": Case(RELEASE, "", "  valuesFrom:\n    - kind: ConfigMap\n      name: values\n"
                            "      valuesKey: 'a b'\n", codes.BAD_FORMAT, ("spec", "valuesFrom", 0, "valuesKey"),
                            (18, 18), "'a b' is not a match for `^[\\-._a-zA-Z0-9]+$`", ""),
    # CEL rules of the Flux API, hand-coded as JSON Schema: upstream's message, at the key the rule sits on
    "cel-chart-and-chartRef": Case(RELEASE, "", "  chartRef:\n    kind: OCIRepository\n    name: podinfo\n",
                                   codes.CEL_RULE_FAILED, ("spec",), (6, 1), "either chart or chartRef must be set",
                                   "a validation rule (x-kubernetes-validations) of the Flux API"),
    "cel-service-account": Case(GIT, "", "  serviceAccountName: reader\n", codes.CEL_RULE_FAILED, ("spec",), (6, 1),
                                "serviceAccountName can only be set when provider is 'azure' or 'aws'",
                                "a validation rule (x-kubernetes-validations) of the Flux API"),
}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_translate(case: Case) -> None:
    text = case.base + case.new if not case.old else case.base.replace(case.old, case.new, 1)
    assert text != case.base
    diag = only(diagnostics(text, case.base))
    assert (diag.code, diag.path, where(diag)) == (case.code, case.path, case.span), diag.render()
    assert diag.message == case.message
    if case.hint is not None:
        assert diag.hint == case.hint
    assert diag.severity == "error"
    assert diag.file == ""  # the caller sets the file


def test_an_unknown_key_in_a_flux_spec_with_many_fields_does_not_list_them() -> None:
    diag = only(diagnostics(RELEASE + "  bogus: true\n", RELEASE))  # HelmRelease's spec: 26 fields
    assert "known keys" not in diag.hint
    assert "chartRef" not in diag.hint and "interval" not in diag.hint


def test_every_missing_key_is_reported_at_the_parent_key_line() -> None:
    text = GIT.replace("  interval: 1m\n  url: https://github.com/stefanprodan/podinfo\n", "")
    found = sorted(set(diagnostics(text, GIT)), key=Diagnostic.sort_key)
    assert [(d.code, d.path, where(d)) for d in found] == [
        (codes.MISSING_KEY, ("spec", "interval"), (6, 1)), (codes.MISSING_KEY, ("spec", "url"), (6, 1))]


def test_a_missing_top_level_key_points_at_the_document() -> None:
    diag = only(diagnostics(GIT.split("spec:")[0], GIT))
    assert (diag.code, diag.path, where(diag)) == (codes.MISSING_KEY, ("spec",), (1, 1))
    assert diag.hint == "add `spec`"


# --------------------------------------------------------------------------- credentials in URLs

@pytest.mark.parametrize(("base", "old", "new", "shown"), [
    (GIT, "https://github.com/stefanprodan/podinfo", "ftp://user:secret@host/x", "ftp://***@host/x"),
    (GIT, "https://github.com/stefanprodan/podinfo", "ftp://token:secret@host/x", "ftp://***@host/x"),
    (GIT, "https://github.com/stefanprodan/podinfo", "user:secret@github.com:org/x.git", "***@github.com:org/x.git"),
    (OCI, "oci://ghcr.io", "https://user:secret@ghcr.io", "https://***@ghcr.io/stefanprodan/manifests/podinfo"),
    (HELM_REPO, "https://", "s3://user:secret@", "s3://***@stefanprodan.github.io/podinfo"),
], ids=["git-ftp", "git-token", "git-scp-like-password", "oci-https", "helm-s3"])
def test_a_url_with_credentials_is_never_echoed(base: str, old: str, new: str, shown: str) -> None:
    diag = only(diagnostics(base.replace(old, new), base))
    # an scp-like Git address gets its own code (FLX205) and the ssh:// form, without the password
    expected = codes.SCP_LIKE_URL if shown.startswith("***@github.com:") else codes.BAD_FORMAT
    assert (diag.code, diag.path) == (expected, ("spec", "url"))
    assert diag.message.startswith(f"{shown} is not an ")
    assert "secret" not in diag.render()


@pytest.mark.parametrize(("url", "code", "hint"), [
    ("ftp://github.com/org/x", codes.BAD_FORMAT, "Flux clones over https://, http:// or ssh://"),
    ("git@github.com:org/x.git", codes.SCP_LIKE_URL, "write it as ssh://git@github.com/org/x.git"),
], ids=["bad-scheme", "scp-like"])
def test_a_git_repository_url_gets_the_git_hint(url: str, code: str, hint: str) -> None:
    diag = only(diagnostics(GIT.replace("https://github.com/stefanprodan/podinfo", url), GIT))
    assert (diag.code, diag.hint) == (code, hint)


# --------------------------------------------------------------------------- root: "did you mean chart.x"

ANSWERS = PODINFO_CHART + 'version: "6.5.4"\n'  # line 7: chart's key, written at the top level


def answers_diagnostics(text: str, with_root: bool) -> list[Diagnostic]:
    document = parse_single(text, "answers.yaml")
    schema = answers_schema()
    return [d for error in strict_validator(schema).iter_errors(document.data)
            for d in translate(error, document.source_map, schema if with_root else None)]


@pytest.mark.parametrize(("text", "path", "span", "hint"), [
    (ANSWERS, ("version",), (7, 1), "did you mean `chart.version`?"),
    (ANSWERS.replace('version: "6.5.4"', "gitBranch: main").replace("  name: podinfo\n", "  name: podinfo\n"
                                                                    "  reconcileInterval: 5m\n"),
     ("chart", "reconcileInterval"), (7, 3), "did you mean the top-level `reconcileInterval`?"),
], ids=["top-level-belongs-in-chart", "chart-key-belongs-at-top-level"])
def test_root_enables_did_you_mean_elsewhere(text: str, path: JsonPath, span: tuple[int, int], hint: str) -> None:
    with_root = [d for d in answers_diagnostics(text, True) if d.code == codes.UNKNOWN_KEY]
    diag = only(with_root)
    assert (diag.path, where(diag), diag.hint) == (path, span, hint)
    without = only([d for d in answers_diagnostics(text, False) if d.code == codes.UNKNOWN_KEY])
    assert (without.path, where(without)) == (path, span)
    assert "did you mean `" not in without.hint  # no root: no guess at another level


def test_flux_objects_get_no_did_you_mean_elsewhere() -> None:
    # `version` exists deeper in a HelmRelease (spec.chart.spec.version); without root nothing points there
    diag = only(diagnostics(RELEASE + "  version: 1.0.0\n", RELEASE))
    assert (diag.code, diag.path, where(diag)) == (codes.UNKNOWN_KEY, ("spec", "version"), (15, 3))
    assert diag.hint == "this object takes no such field"


# --------------------------------------------------------------------------- secrets are never shown

# (rule, the YAML text of a value that breaks it): every keyword translate words, with a secret value.
SECRET_RULES = [
    ({"type": "string"}, "424242"),
    ({"type": "string"}, "true"),
    ({"type": "array"}, MARKER),
    ({"type": "integer"}, f'"{MARKER}"'),
    ({"enum": ["a", "b"]}, MARKER),
    ({"const": "a"}, MARKER),
    ({"pattern": "^a$"}, MARKER),
    ({"maxLength": 2}, MARKER),
    ({"minLength": 100}, MARKER),
    ({"minimum": 10 ** 9}, "424242"),
    ({"maximum": 1}, "424242"),
    ({"multipleOf": 5}, "424242"),
    ({"oneOf": [{"type": "integer"}, {"type": "boolean"}]}, MARKER),
    ({"anyOf": [{"type": "integer"}, {"type": "boolean"}]}, MARKER),
    ({"not": {"type": "string"}}, MARKER),
    ({"minItems": 3}, f"[{MARKER}]"),
    ({"maxItems": 0}, f"[{MARKER}]"),
    ({"uniqueItems": True}, f"[{MARKER}, {MARKER}]"),
    ({"contains": {"const": "x"}}, f"[{MARKER}]"),
    ({"type": "object", "required": ["x"]}, f"{{a: {MARKER}}}"),
]


def secret_diagnostics(path: tuple[str, ...], rule: dict[str, object], value: str) -> list[Diagnostic]:
    """translate() of a document whose value at `path` (a mapping per key) breaks `rule`."""
    schema: dict[str, object] = rule
    for key in reversed(path):
        schema = {"type": "object", "properties": {key: schema}}
    text = "".join(f"{'  ' * depth}{key}:\n" for depth, key in enumerate(path[:-1]))
    text += f"{'  ' * (len(path) - 1)}{path[-1]}: {value}\n"
    document = parse_single(text, FILE)
    return [d for error in strict_validator(schema).iter_errors(document.data)
            for d in translate(error, document.source_map)]


@pytest.mark.parametrize("path", [("data", "pin"), ("stringData", "pin"), ("binaryData", "pin"), ("data",),
                                  ("spec", "template", "data", "pin"), ("values", "stringData", "deep", "pin")],
                         ids=lambda p: ".".join(p))
@pytest.mark.parametrize(("rule", "value"), SECRET_RULES, ids=[f"{next(iter(r))}-{v[:8]}" for r, v in SECRET_RULES])
def test_a_value_under_data_or_string_data_is_never_shown(path: tuple[str, ...], rule: dict[str, object],
                                                          value: str) -> None:
    found = secret_diagnostics(path, rule, value)
    assert found, "the value breaks the rule"
    for diag in found:
        assert not any(secret in diag.render() for secret in (MARKER, "424242")), diag.render()


def test_a_secret_of_the_wrong_type_gets_a_hint_without_its_value() -> None:
    diag = only(secret_diagnostics(("stringData", "pin"), {"type": "string"}, "424242"))
    assert (diag.code, diag.message) == (codes.WRONG_TYPE, "expected a string, got an integer")
    assert diag.hint == "YAML reads the value as an integer; quote it so it stays a string"
    shown = only(secret_diagnostics(("spec", "pin"), {"type": "string"}, "424242"))  # not a secret: quoted
    assert shown.hint == 'YAML reads `424242` as an integer; quote it: `pin: "424242"`'


@pytest.mark.parametrize(("rule", "value"), [r for r in SECRET_RULES if "type" not in r[0]],
                         ids=[f"{next(iter(r))}" for r, _ in SECRET_RULES if "type" not in r])
def test_a_url_anywhere_is_shown_redacted(rule: dict[str, object], value: str) -> None:
    url = f'"https://u:{MARKER}@example.com/x"'
    found = secret_diagnostics(("spec", "endpoint"), rule, value.replace(f'"{MARKER}"', url).replace(MARKER, url))
    for diag in found:
        assert MARKER not in diag.render(), diag.render()


def test_a_mapping_or_list_is_named_not_printed() -> None:
    # jsonschema's own message would print the whole instance, with whatever it holds
    found = secret_diagnostics(("spec",), {"not": {"type": "object"}}, f"{{token: {MARKER}}}")
    assert [d.message for d in found] == ["a mapping should not be valid under {'type': 'object'}"]
