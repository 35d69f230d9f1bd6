"""fluxc.answers.validate_input: jsonschema errors translated into Diagnostics.

Every case is inline YAML parsed by `parse_single`, so the spans are the ones a
user sees. Cases assert the code, the JSON path, the span and the telling part
of the message and hint.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from fluxc.answers.validate_input import require_valid, validate
from fluxc.report import codes
from fluxc.report.diagnostics import CompileError, Diagnostic, JsonPath, format_path, sort_diagnostics
from fluxc.yaml.load import parse_single
from helpers.snippets import MICROSERVICE_GIT, NGINX_CHART, PODINFO_CHART, answers, git_answers

FILE = "answers.yaml"

# A valid journey-1 file (version on line 7); line numbers below are counted in it.
CHART = PODINFO_CHART + '  version: "6.5.4"\n'
# A valid journey-3 file (kustomize + flux).
GIT = git_answers("podinfo")


def dd(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def run(text: str) -> list[Diagnostic]:
    found = validate(parse_single(text, FILE))
    for diag in found:
        assert diag.file == FILE
        assert "Traceback" not in diag.render()
    return found


def at(found: list[Diagnostic], path: JsonPath) -> Diagnostic:
    """The one diagnostic at `path` (duplicates from jsonschema are identical)."""
    matching = set(d for d in found if d.path == path)
    assert len(matching) == 1, [d.render() for d in found]
    return matching.pop()


def span(diag: Diagnostic) -> tuple[int, int] | None:
    return (diag.span.line, diag.span.col) if diag.span else None


# (yaml, path, code, span, message substring, hint substring)
Case = tuple[str, JsonPath, str, tuple[int, int], str, str]


def check_case(text: str, path: JsonPath, code: str, where: tuple[int, int], message: str, hint: str) -> Diagnostic:
    diag = at(run(text), path)
    assert diag.code == code, diag.render()
    assert span(diag) == where, diag.render()
    assert message in diag.message, diag.render()
    assert hint in diag.hint if hint else diag.hint == "", diag.render()
    assert diag.severity == "error"
    return diag


# --------------------------------------------------------------------------- unknown keys

UNKNOWN_KEYS = {
    "close-match": (CHART + "namepsace: podinfo\n", ("namepsace",), (8, 1), "did you mean 'namespace'?"),
    "case-only": (CHART + "Name: x\n", ("Name",), (8, 1),
                  "did you mean 'name'? (keys are case-sensitive)"),
    "case-only-nested": (CHART + "  Version: '1'\n", ("chart", "Version"), (8, 3),
                         "did you mean 'version'? (keys are case-sensitive)"),
    "case-only-camel": (GIT + "reconcileinterval: 5m\n", ("reconcileinterval",), (7, 1),
                        "did you mean 'reconcileInterval'? (keys are case-sensitive)"),
    "belongs-under-chart": (CHART + "version: '6.5.4'\n", ("version",), (8, 1), "did you mean `chart.version`?"),
    "belongs-under-chart-repository": (CHART + "repository: https://x.io\n", ("repository",), (8, 1),
                                       "did you mean `chart.repository`?"),
    "belongs-under-gitRef": (GIT + "tag: v1.0.0\n", ("tag",), (7, 1), "did you mean `gitRef.tag`?"),
    "belongs-under-remediation": (CHART + "  retries: 3\n", ("chart", "retries"), (8, 3),
                                  "did you mean `remediation.retries`?"),
    "nested-close-match": (CHART.replace("  version:", "  verison:"), ("chart", "verison"), (7, 3),
                           "did you mean 'version'?"),
    "no-near-miss-lists-known-keys": (CHART + "remediation:\n  foo: 1\n", ("remediation", "foo"), (9, 3),
                                      "known keys here: remediateLastFailure, retries, strategy"),
}


@pytest.mark.parametrize(("text", "path", "where", "hint"), UNKNOWN_KEYS.values(), ids=UNKNOWN_KEYS.keys())
def test_unknown_key_points_at_the_key_with_a_hint(text: str, path: JsonPath, where: tuple[int, int],
                                                  hint: str) -> None:
    check_case(text, path, codes.UNKNOWN_KEY, where, f"unknown key {path[-1]!r}", hint)


def test_unknown_top_level_key_without_near_miss_lists_every_known_key_sorted() -> None:
    diag = at(run(CHART + "foo: 1\n"), ("foo",))
    assert diag.code == codes.UNKNOWN_KEY
    known = diag.hint.removeprefix("known keys here: ").split(", ")
    assert known == sorted(known)
    assert {"fluxc", "name", "chart", "gitRepoUrl", "labels"} <= set(known)
    assert "foo" not in known


def test_unknown_key_in_a_list_item_is_not_sent_to_an_unrelated_object() -> None:
    diag = at(run(CHART + "valuesFrom:\n  - kind: Secret\n    name: x\n    secretName: y\n"),
              ("valuesFrom", 0, "secretName"))
    assert diag.code == codes.UNKNOWN_KEY
    assert span(diag) == (11, 5)
    assert "decryption" not in diag.hint
    assert diag.hint == "known keys here: kind, name, targetPath, valuesKey"


def test_every_unknown_key_of_a_mapping_is_reported() -> None:
    found = run(CHART + "foo: 1\nbar: 2\n")
    assert sorted(d.path for d in found if d.code == codes.UNKNOWN_KEY) == [("bar",), ("foo",)]


# --------------------------------------------------------------------------- wrong types

WRONG_TYPES: dict[str, Case] = {
    "yaml11-bool-no": (GIT + "gitBranch: no\n", ("gitBranch",), codes.WRONG_TYPE, (7, 12),
                       "expected a string, got a boolean", 'YAML reads `no` as a boolean; quote it: `gitBranch: "no"`'),
    "yaml11-bool-on": (GIT + "gitBranch: on\n", ("gitBranch",), codes.WRONG_TYPE, (7, 12),
                       "got a boolean", '`gitBranch: "on"`'),
    # the hint shows the text as written (1.10), not Python's reading of it (1.1)
    "yaml11-version-number": (CHART.replace('"6.5.4"', "1.10"), ("chart", "version"), codes.WRONG_TYPE, (7, 12),
                              "expected a string, got a number",
                              'YAML reads `1.10` as a number; quote it: `version: "1.10"`'),
    "version-integer": (CHART.replace('"6.5.4"', "6"), ("chart", "version"), codes.WRONG_TYPE, (7, 12),
                        "got an integer", '`version: "6"`'),
    "namespace-int": (CHART + "namespace: 42\n", ("namespace",), codes.WRONG_TYPE, (8, 12),
                      "expected a string, got an integer", 'YAML reads `42` as an integer; quote it: `namespace: "42"`'),
    # octal 0755 is 493 to YAML 1.1: the hint keeps the source text
    "namespace-octal": (CHART + "namespace: 0755\n", ("namespace",), codes.WRONG_TYPE, (8, 12),
                        "got an integer", '`namespace: "0755"`'),
    "label-value-bool": (CHART + "labels:\n  team: true\n", ("labels", "team"), codes.WRONG_TYPE, (9, 9),
                         "got a boolean", '`team: "true"`'),
    "null-namespace": (CHART + "namespace:\n", ("namespace",), codes.WRONG_TYPE, (8, 11),
                       "expected a string, got nothing (null)", "give it a value"),
    "null-values-tilde": (CHART + "values: ~\n", ("values",), codes.WRONG_TYPE, (8, 9),
                          "expected a mapping, got nothing (null)", "give it a value"),
    "null-chart": ("fluxc: v1\nname: podinfo\ndeploymentMethod: flux\nchart: null\n", ("chart",), codes.WRONG_TYPE,
                   (4, 8), "expected a mapping, got nothing (null)", "give it a value"),
    "bool-as-string-suspend": (CHART + 'suspend: "true"\n', ("suspend",), codes.WRONG_TYPE, (8, 10),
                               "expected a boolean (true or false), got a string",
                               "write it without quotes, e.g. `suspend: true`"),
    "bool-as-string-prune": (GIT + "prune: 'false'\n", ("prune",), codes.WRONG_TYPE, (7, 8),
                             "expected a boolean", "`prune: true`"),
    "int-as-string-retries": (CHART + 'remediation:\n  retries: "3"\n', ("remediation", "retries"),
                              codes.WRONG_TYPE, (9, 12), "expected an integer, got a string",
                              "write it without quotes, e.g. `retries: 3`"),
    "scalar-for-list": (CHART + "dependsOn: cert-manager\n", ("dependsOn",), codes.WRONG_TYPE, (8, 12),
                        "expected a list, got a string", "write a list: `dependsOn: [cert-manager]`"),
    "list-for-mapping": (CHART + "values: [replicaCount, 2]\n", ("values",), codes.WRONG_TYPE, (8, 9),
                         "expected a mapping, got a list", ""),
    "string-for-mapping": ("fluxc: v1\nname: podinfo\ndeploymentMethod: flux\nchart: https://x.io\n", ("chart",),
                           codes.WRONG_TYPE, (4, 8), "expected a mapping, got a string", ""),
}


@pytest.mark.parametrize("case", WRONG_TYPES.values(), ids=WRONG_TYPES.keys())
def test_wrong_type(case: Case) -> None:
    check_case(*case)


def test_collection_where_a_string_is_expected_has_no_quote_hint() -> None:
    diag = at(run(CHART + "namespace: {a: b}\n"), ("namespace",))
    assert (diag.code, diag.message, diag.hint) == (codes.WRONG_TYPE, "expected a string, got a mapping", "")


def test_quoted_scalar_gets_no_yaml11_hint() -> None:
    # quoted on purpose: the "YAML reads ..." explanation would be false
    found = run(CHART + 'suspend: "yes"\n')
    assert "YAML reads" not in at(found, ("suspend",)).hint


def test_yaml11_hint_for_a_list_item_does_not_turn_the_list_into_a_scalar() -> None:
    diag = at(run(CHART + "dependsOn: [yes]\n"), ("dependsOn", 0))
    assert diag.code == codes.WRONG_TYPE
    assert span(diag) == (8, 13)
    assert '"yes"' in diag.hint
    assert 'dependsOn: "yes"' not in diag.hint


# --------------------------------------------------------------------------- missing keys

def test_every_missing_top_level_key_is_reported_at_the_root() -> None:
    text = dd("""
        deploymentMethod: flux
        chart:
          repository: https://stefanprodan.github.io/podinfo
          name: podinfo
        """)
    found = sort_diagnostics(d for d in run(text) if d.code == codes.MISSING_KEY)
    assert [(d.path, span(d), d.hint) for d in found] == [
        (("fluxc",), (1, 1), "add `fluxc: v1`"),
        (("name",), (1, 1), "add `name: podinfo`"),
    ]
    assert found[0].message == "required key 'fluxc' is missing"


def test_every_missing_chart_key_is_reported_at_the_chart_key() -> None:
    text = "fluxc: v1\nname: podinfo\ndeploymentMethod: flux\nchart: {}\n"
    found = sort_diagnostics(run(text))
    assert [(d.code, d.path, span(d)) for d in found] == [
        (codes.MISSING_KEY, ("chart", "name"), (4, 1)),
        (codes.MISSING_KEY, ("chart", "repository"), (4, 1)),
    ]
    hints = {d.path[-1]: d.hint for d in found}
    assert hints == {"name": "add `name: podinfo` under `chart`",
                     "repository": "add `repository: https://stefanprodan.github.io/podinfo` under `chart`"}


def test_only_the_keys_that_are_missing_are_reported() -> None:
    text = "fluxc: v1\nname: podinfo\ndeploymentMethod: flux\nchart:\n  name: podinfo\n"
    assert [(d.code, d.path) for d in sort_diagnostics(run(text))] == [(codes.MISSING_KEY, ("chart", "repository"))]


def test_missing_key_of_a_list_item_names_the_list() -> None:
    text = CHART + "valuesFrom:\n  - kind: Secret\n"
    diag = at(run(text), ("valuesFrom", 0, "name"))
    assert (diag.code, span(diag)) == (codes.MISSING_KEY, (9, 5))
    assert diag.hint == "add `name` under `valuesFrom`"


def test_missing_nested_key_uses_the_schema_example() -> None:
    diag = at(run(GIT + "decryption: {}\n"), ("decryption", "secretName"))
    assert diag.hint == "add `secretName: sops-age` under `decryption`"
    assert span(diag) == (7, 1)


# --------------------------------------------------------------------------- const / enum

CONST_ENUM: dict[str, Case] = {
    "fluxc-v2": (CHART.replace("fluxc: v1", "fluxc: v2"), ("fluxc",), codes.UNSUPPORTED_VERSION, (1, 8),
                 "unsupported format version 'v2'", "fluxc supports: v1; write `fluxc: v1`"),
    "fluxc-number": (CHART.replace("fluxc: v1", "fluxc: 1"), ("fluxc",), codes.UNSUPPORTED_VERSION, (1, 8),
                     "unsupported format version 1", "write `fluxc: v1`"),
    "deploymentMethod-typo": (CHART.replace("Method: flux", "Method: fluxx"), ("deploymentMethod",),
                              codes.NOT_ALLOWED, (3, 19), "'fluxx' is not one of: flux, helm-install, argocd",
                              "did you mean 'flux'?"),
    "outputFormat-typo": (GIT.replace("kustomize", "kustomise"), ("outputFormat",), codes.NOT_ALLOWED, (3, 15),
                          "'kustomise' is not one of: helm, kustomize, raw", "did you mean 'kustomize'?"),
    "gitopsDeployment-far": (GIT.replace("Deployment: flux", "Deployment: gitlab"), ("gitopsDeployment",),
                             codes.NOT_ALLOWED, (4, 19), "'gitlab' is not one of: flux, none, argocd",
                             ""),  # the message lists the values; no near miss to suggest
    "valuesFrom-kind-case": (CHART + "valuesFrom:\n  - kind: configmap\n    name: x\n", ("valuesFrom", 0, "kind"),
                             codes.NOT_ALLOWED, (9, 11), "'configmap' is not one of: ConfigMap, Secret",
                             "did you mean 'ConfigMap'?"),
}


@pytest.mark.parametrize("case", CONST_ENUM.values(), ids=CONST_ENUM.keys())
def test_const_and_enum(case: Case) -> None:
    check_case(*case)


def test_case_only_enum_miss_does_not_call_the_value_a_key() -> None:
    diag = at(run(CHART.replace("Method: flux", "Method: Flux")), ("deploymentMethod",))
    assert "did you mean 'flux'?" in diag.hint
    assert "keys are" not in diag.hint


@pytest.mark.parametrize(("text", "path"), [
    (CHART.replace("fluxc: v1", "fluxc: yes"), ("fluxc",)),
    (GIT.replace("Format: kustomize", "Format: true"), ("outputFormat",)),
    (CHART.replace("Method: flux", "Method:"), ("deploymentMethod",)),
], ids=["const-yes", "enum-true", "enum-null"])
def test_non_string_values_are_shown_in_yaml_spelling(text: str, path: JsonPath) -> None:
    diag = at(run(text), path)
    assert "True" not in diag.message and "None" not in diag.message, diag.message


# --------------------------------------------------------------------------- formats

FORMATS: dict[str, Case] = {
    "name-not-dns-label": (CHART.replace("name: podinfo\nd", "name: My_App\nd"), ("name",), codes.BAD_FORMAT,
                           (2, 7), "'My_App' is not a DNS-1123 label", ""),
    "fluxNamespace-dots": (CHART + "fluxNamespace: flux.system\n", ("fluxNamespace",), codes.BAD_FORMAT, (8, 16),
                           "'flux.system' is not a DNS-1123 label", ""),
    "serviceAccount-subdomain": (CHART + "serviceAccountName: Team_A\n", ("serviceAccountName",),
                                 codes.BAD_FORMAT, (8, 21), "'Team_A' is not a DNS-1123 subdomain", ""),
    "chart-name": (CHART.replace("  name: podinfo", "  name: -podinfo"), ("chart", "name"), codes.BAD_FORMAT,
                   (6, 9), "'-podinfo' is not a chart name", ""),
    "duration-words": (CHART + "reconcileInterval: 5 minutes\n", ("reconcileInterval",), codes.BAD_FORMAT, (8, 20),
                       "'5 minutes' is not a Go duration", ""),
    "duration-days": (CHART + "sourceInterval: 1d\n", ("sourceInterval",), codes.BAD_FORMAT, (8, 17),
                      "'1d' is not a Go duration", ""),
    "duration-negative": (CHART + "timeout: -5m\n", ("timeout",), codes.BAD_FORMAT, (8, 10),
                          "'-5m' is not a Go duration", ""),
    "git-url-scheme": (GIT.replace("https://github.com", "ftp://github.com"), ("gitRepoUrl",), codes.BAD_FORMAT,
                       (5, 13), "ftp://github.com/org/gitops-repo.git is not an https://, http:// or ssh:// URL",
                       "Flux clones over https://, http:// or ssh://"),
    "git-url-scp-like": (GIT.replace("https://github.com/", "git@github.com:"), ("gitRepoUrl",),
                         codes.SCP_LIKE_URL, (5, 13), "git@github.com:org/gitops-repo.git is not an https://",
                         "write it as ssh://git@github.com/org/gitops-repo.git"),
    "chart-url-scheme": (CHART.replace("https://stefanprodan", "git://stefanprodan"), ("chart", "repository"),
                         codes.BAD_FORMAT, (5, 15), "is not an https://, http:// or oci:// URL",
                         "HelmRepository takes https:// or http://, OCI registries take oci://"),
    "commit-upper-case": (GIT + "gitRef:\n  commit: ABCDEF1\n", ("gitRef", "commit"), codes.BAD_FORMAT, (8, 11),
                          "'ABCDEF1' is not a commit SHA", ""),
    "branch-with-space": (GIT + "gitBranch: my branch\n", ("gitBranch",), codes.BAD_FORMAT, (7, 12),
                          "'my branch' is not a Git branch name", ""),
    # Go's `$` is end of text: a trailing newline (from "\n" or a `|` block) is refused
    "name-trailing-newline": (CHART.replace("name: podinfo\nd", 'name: "podinfo\\n"\nd'), ("name",),
                              codes.BAD_FORMAT, (2, 7), "'podinfo\\n' is not a DNS-1123 label", ""),
    "duration-block-scalar": (CHART + "timeout: |\n  5m\n", ("timeout",), codes.BAD_FORMAT, (8, 10),
                              "'5m\\n' is not a Go duration", ""),
    "dependsOn-item": (CHART + "dependsOn: [a, Bad/x]\n", ("dependsOn", 1), codes.BAD_FORMAT, (8, 16),
                       "'Bad/x' is not `name` or `namespace/name`", ""),
    "valuesKey": (CHART + "valuesFrom:\n  - kind: Secret\n    name: x\n    valuesKey: a b\n",
                  ("valuesFrom", 0, "valuesKey"), codes.BAD_FORMAT, (11, 16), "'a b' is not a data key", ""),
    "label-value-pattern": (CHART + "labels:\n  app.kubernetes.io/name: -bad\n",
                            ("labels", "app.kubernetes.io/name"), codes.BAD_FORMAT, (9, 27),
                            "'-bad' is not a label value", ""),
    "name-too-long": (CHART.replace("name: podinfo\nd", f"name: {'a' * 64}\nd"), ("name",), codes.BAD_FORMAT,
                      (2, 7), f"'{'a' * 64}' is too long (at most 63 characters)", ""),
    "label-value-too-long": (CHART + f"labels:\n  team: {'a' * 64}\n", ("labels", "team"), codes.BAD_FORMAT,
                             (9, 9), "is too long (at most 63 characters)", ""),
    "version-too-long-is-truncated": (CHART.replace('"6.5.4"', "v" * 129), ("chart", "version"), codes.BAD_FORMAT,
                                      (7, 12), f"'{'v' * 76}... is too long (at most 128 characters)", ""),
    "gitPath-empty": (GIT.replace("gitPath: apps/podinfo", 'gitPath: ""'), ("gitPath",), codes.BAD_FORMAT, (6, 10),
                      "must not be empty", ""),
    "gitRef-tag-empty": (GIT + "gitRef:\n  tag: ''\n", ("gitRef", "tag"), codes.BAD_FORMAT, (8, 8),
                         "must not be empty", ""),
    "retries-negative": (CHART + "remediation:\n  retries: -1\n", ("remediation", "retries"), codes.OUT_OF_RANGE,
                         (9, 12), "-1 is out of range", "the minimum is 0"),
    "gitRef-two-keys": (GIT + "gitRef:\n  tag: v1.0.0\n  commit: abcdef1\n", ("gitRef",), codes.CONFLICTING_KEYS,
                        (8, 3), "set exactly one of: tag, semver, name, commit", ""),
    "gitRef-empty": (GIT + "gitRef: {}\n", ("gitRef",), codes.CONFLICTING_KEYS, (7, 9),
                     "set exactly one of: tag, semver, name, commit", ""),
    # an empty selector field would be dropped on output (omitempty), leaving a JSON6902 patch without a target
    "patch-target-empty-field": (GIT + "patches:\n  - patch: 'x'\n    target:\n      kind: ''\n",
                                 ("patches", 0, "target", "kind"), codes.BAD_FORMAT, (10, 13), "must not be empty", ""),
    # YAML 1.1 reads `on` as true: the hint says so, as it does for a key that wants a string
    "enum-yaml11-boolean": (CHART + "driftDetection:\n  mode: on\n", ("driftDetection", "mode"), codes.NOT_ALLOWED,
                            (9, 9), "true is not one of: enabled, warn, disabled", "YAML reads `on` as a boolean"),
    "crds-empty-needs-at-least-one": (CHART + "crds: {}\n", ("crds",), codes.CONFLICTING_KEYS, (8, 7),
                                      "set at least one of: install, upgrade", ""),
    "dependsOn-duplicates": (CHART + "dependsOn: [a, b, a]\n", ("dependsOn",), codes.DUPLICATE_ENTRY, (8, 12),
                             "the list has duplicate entries", "remove the repeated entries"),
}


@pytest.mark.parametrize("case", FORMATS.values(), ids=FORMATS.keys())
def test_format_and_range(case: Case) -> None:
    check_case(*case)


def test_gitRef_commit_alone_is_valid() -> None:
    assert run(GIT + "gitRef:\n  commit: abcdef1\n") == []


# --------------------------------------------------------------------------- label keys

def test_label_key_format_is_reported() -> None:
    found = [d for d in run(CHART + "labels:\n  team: a\n  Bad Key: x\n") if d.code == codes.BAD_FORMAT]
    assert len(found) == 1
    assert found[0].message.startswith("'Bad Key' is not a label key ([prefix/]name")


@pytest.mark.parametrize("key", ["app.kubernetes.io/name", "team", "Team_1", "example.com/x.y-z"])
def test_valid_label_keys_pass(key: str) -> None:
    assert run(CHART + f"labels:\n  {key}: x\n") == []


@pytest.mark.parametrize("key", ["Example.com/x", "-team", "a/b/c", "x" * 64], ids=["upper-prefix", "leading-dash",
                                                                                  "two-slashes", "name-64"])
def test_invalid_label_keys_fail(key: str) -> None:
    found = run(CHART + f"labels:\n  {key}: x\n")
    assert [d.code for d in found] == [codes.BAD_FORMAT]
    assert "is not a label key" in found[0].message


def test_label_key_error_points_at_the_key() -> None:
    diag = next(d for d in run(CHART + "labels:\n  team: a\n  Bad Key: x\n") if d.code == codes.BAD_FORMAT)
    assert diag.path == ("labels", "Bad Key")
    assert span(diag) == (10, 3)
    assert format_path(diag.path) == "$.labels['Bad Key']"


# --------------------------------------------------------------------------- secrets in URLs

SECRET_URLS = {
    "git-ftp-user-pass": ("gitRepoUrl: ftp://deploy:hunter2@example.com/repo.git", ("gitRepoUrl",),
                          "ftp://***@example.com/repo.git"),
    "git-https-space": ('gitRepoUrl: "https://deploy:hunter2@github.com/org/my repo.git"', ("gitRepoUrl",),
                        "https://***@github.com/org/my repo.git"),
    "chart-space": ('  repository: "https://robot:hunter2@example.com/my charts"', ("chart", "repository"),
                    "https://***@example.com/my charts"),
    "chart-token-only": ("  repository: ftp://hunter2@example.com/charts", ("chart", "repository"),
                         "ftp://***@example.com/charts"),
}


def _with_url(line: str) -> str:
    if line.startswith("  "):
        return CHART.replace("  repository: https://stefanprodan.github.io/podinfo", line)
    return GIT.replace("gitRepoUrl: https://github.com/org/gitops-repo.git", line)


@pytest.mark.parametrize(("line", "path", "shown"), SECRET_URLS.values(), ids=SECRET_URLS.keys())
def test_url_failing_the_pattern_never_prints_its_secret(line: str, path: JsonPath, shown: str) -> None:
    found = run(_with_url(line))
    diag = at(found, path)
    assert diag.code == codes.BAD_FORMAT
    assert shown in diag.message
    assert all("hunter2" not in d.render() for d in found)


def test_url_failing_the_pattern_is_reported_once_not_again_by_the_credentials_rule() -> None:
    found = run(_with_url('gitRepoUrl: "https://deploy:hunter2@github.com/org/my repo.git"'))
    assert [d.code for d in found if d.path == ("gitRepoUrl",)] == [codes.BAD_FORMAT]


def test_scp_like_url_with_a_password_never_prints_it() -> None:
    found = run(_with_url("gitRepoUrl: deploy:hunter2@github.com:org/repo.git"))
    assert at(found, ("gitRepoUrl",)).code in (codes.SCP_LIKE_URL, codes.BAD_FORMAT, codes.URL_CREDENTIALS)
    assert all("hunter2" not in d.render() for d in found), [d.render() for d in found]


def test_url_with_at_sign_in_password_never_prints_it() -> None:
    found = run(_with_url('gitRepoUrl: "https://deploy:p@ss w0rd@github.com/org/repo.git"'))
    assert all("ss w0rd" not in d.render() for d in found), [d.render() for d in found]


# --------------------------------------------------------------------------- the stage as a whole

VALID = {
    "journey1-https": CHART,
    "journey1-oci": CHART.replace("https://stefanprodan.github.io/podinfo", "oci://ghcr.io/stefanprodan/charts"),
    "journey1-spec-example": NGINX_CHART + dd("""
        values:
          controller:
            replicaCount: 2
            resources:
              limits: {cpu: 500m, memory: 512Mi}
        """),
    "journey3-spec-example": MICROSERVICE_GIT,
    "journey2-helm-with-options": dd("""
        fluxc: v1
        name: my-application
        namespace: my-application
        outputFormat: helm
        gitopsDeployment: flux
        gitRepoUrl: https://github.com/org/gitops-repo.git
        gitBranch: "no"
        gitRef:
          commit: c88a2f41
        gitPath: apps/my-application
        createNamespace: true
        remediation: {retries: 3}
        dependsOn: [cert-manager, infra/ingress-nginx]
        labels: {team: platform, app.kubernetes.io/part-of: shop}
        values:
          replicaCount: 3
        """),
}


@pytest.mark.parametrize("text", VALID.values(), ids=VALID.keys())
def test_valid_file_yields_no_diagnostics(text: str) -> None:
    assert run(text) == []
    assert require_valid(parse_single(text, FILE)) == []


def test_require_valid_raises_sorted_unique_diagnostics() -> None:
    text = answers(fluxc="v2", name="podinfo", deploymentMethod="flux", chart="{}", namepsace="x")
    raw = run(text)
    assert len(raw) > len(set(raw))  # jsonschema reports `required` once per missing key
    with pytest.raises(CompileError) as info:
        require_valid(parse_single(text, FILE))
    found = list(info.value.diagnostics)
    assert found == sort_diagnostics(raw)
    assert len(found) == len(set(found))
    assert [(d.code, format_path(d.path), span(d)) for d in found] == [
        (codes.UNSUPPORTED_VERSION, "$.fluxc", (1, 8)),
        (codes.MISSING_KEY, "$.chart.name", (4, 1)),
        (codes.MISSING_KEY, "$.chart.repository", (4, 1)),
        (codes.UNKNOWN_KEY, "$.namepsace", (5, 1)),
    ]


def test_warnings_keep_their_severity_next_to_errors() -> None:
    # FLX302 (unused key) stays a warning next to an error of the same stage.
    text = answers(fluxc="v1", name="podinfo", outputFormat="kustomize", gitopsDeployment="none", gitBranch="main",
                   manifests="/rendered")
    with pytest.raises(CompileError) as info:
        require_valid(parse_single(text, FILE))
    assert [(d.code, d.severity, span(d)) for d in info.value.diagnostics] == [
        (codes.UNUSED_KEY, "warning", (5, 1)),
        (codes.PATH_ESCAPES, "error", (6, 12)),
    ]


def test_schema_and_rules_problems_are_reported_together() -> None:
    text = git_answers("podinfo", repository="https://tok@github.com/org/repo.git", path="/apps") + 'prune: "yes"\n'
    found = sort_diagnostics(run(text))
    assert [(d.code, format_path(d.path)) for d in found] == [
        (codes.URL_CREDENTIALS, "$.gitRepoUrl"),
        (codes.PATH_ESCAPES, "$.gitPath"),
        (codes.WRONG_TYPE, "$.prune"),
    ]


def test_an_abbreviated_key_is_matched_to_the_key_it_starts() -> None:
    text = CHART.replace("  repository:", "  repo:")
    diag = at(run(text), ("chart", "repo"))
    assert diag.code == codes.UNKNOWN_KEY
    assert diag.hint == "did you mean 'repository'?"


# --- refused before writing: what Git, Helm, Flux or the API server would refuse -------------------------------
# Each hostile spelling is written as a JSON (= YAML double-quoted) scalar, so control characters reach the
# checks as the user's YAML escapes would deliver them. Every one must be an error at its own key, through
# the schema or a rule, never a traceback or a build.

HELM_GIT = git_answers("podinfo", "helm")  # a HelmRelease from Git: gitBranch, gitRef and remediation apply
OCI = CHART.replace("https://stefanprodan.github.io/podinfo", "oci://ghcr.io/org/charts")

BAD_VERSIONS = ["latest", "stable", "1.2.3.4", "12.3.4.1234", " ", "1.2.3 garbage", "1|2", "1.2.3-rc..1",
                "1.2.3-01", "99999999999999999999.0.0", ">>1", "1.2x", "v", "1.2.3+", "1.2.3-", "|| 1.2",
                "1.2.3 ||", "1.2.3,,2.0.0", "main", ">= bar", "BAR >= 1.2.3", "12.3.34~ 1.2.3", "1.0\t", "\u00a01.0"]
GOOD_VERSIONS = ["1.2.3", "v1.2.3", "1.2.3-rc.1", "1.2.3+build", "1.2.3-0abc", "1.x", "1.X", "~1.2", "^1.2.0",
                 ">=1 <2", ">=1.0.0, <2.0.0", "1.2", "*", "x", "1 - 2", "1.2.3 - 2.3.4", "=1.2.3", "!=1.2.3",
                 "1.2 || 2.x", "~>1.2", "=>1", "=<2", "01.2.3", ">= 1.2.3 < 2.0 || => 3.0 < 4"]


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar: control characters (DEL too, which YAML refuses raw) as escapes."""
    def escape(c: str) -> str:
        return f"\\x{ord(c):02x}" if ord(c) < 32 or ord(c) == 127 else json.dumps(c, ensure_ascii=False)[1:-1]
    return '"' + "".join(escape(c) for c in value) + '"'


def _error_at(text: str, path: JsonPath) -> Diagnostic:
    """The one error of `text`, at `path`: from the loader (which refuses some characters itself) or the checks."""
    try:
        errors = [d for d in run(text) if d.is_error]
    except CompileError as error:
        errors = error.diagnostics
    assert [format_path(d.path) for d in errors] == [format_path(path)], [d.render() for d in errors]
    assert errors[0].span is not None, "every refusal is positioned"
    return errors[0]


@pytest.mark.parametrize("base", [CHART, OCI], ids=["https", "oci"])
@pytest.mark.parametrize("version", BAD_VERSIONS)
def test_chart_version_that_is_no_masterminds_constraint_is_refused(base: str, version: str) -> None:
    text = base.replace('version: "6.5.4"', f"version: {_quoted(version)}")
    diag = _error_at(text, ("chart", "version"))
    assert diag.code in (codes.BAD_FORMAT, codes.WRONG_TYPE)


@pytest.mark.parametrize("base", [CHART, OCI], ids=["https", "oci"])
@pytest.mark.parametrize("version", GOOD_VERSIONS)
def test_chart_version_or_range_is_accepted(base: str, version: str) -> None:
    text = base.replace('version: "6.5.4"', f"version: {_quoted(version)}")
    assert [d for d in run(text) if d.is_error] == []


def test_chart_version_refusal_is_worded_for_the_user() -> None:
    diag = _error_at(CHART.replace('version: "6.5.4"', "version: latest"), ("chart", "version"))
    assert (diag.code, span(diag)) == (codes.BAD_FORMAT, (7, 12))
    assert diag.message == "'latest' is neither a version nor a semver range, so Helm and Flux cannot choose a " \
                           "chart version by it"
    assert "`1.x`" in diag.hint and "`latest` cannot be chosen" in diag.hint


@pytest.mark.parametrize("semver", ["latest", "1.2.3.4", " ", "1|2", "\n", ">>1"])
def test_git_semver_that_is_no_constraint_is_refused(semver: str) -> None:
    _error_at(HELM_GIT + f"gitRef:\n  semver: {_quoted(semver)}\n", ("gitRef", "semver"))


BAD_REFS = ["a..b", "main.lock", "feature/x.lock", "feature/", "/x", "a//b", "a@{b", "", " ", "\t", "a\u0001b",
            "a\u007fb", "a\nb", "a b", "a~b", "a^b", "a:b", "a?b", "a*b", "a[b", "a\\b", "x.", "@", "-x",
            ".hidden", "a/.b", "refs/heads/../x"]


@pytest.mark.parametrize("name", BAD_REFS)
@pytest.mark.parametrize("key", ["gitBranch", "tag"])
def test_git_ref_name_git_refuses_is_refused(key: str, name: str) -> None:
    text = HELM_GIT + (f"gitBranch: {_quoted(name)}\n" if key == "gitBranch" else f"gitRef:\n  tag: {_quoted(name)}\n")
    _error_at(text, (key,) if key == "gitBranch" else ("gitRef", "tag"))  # the loader refuses DEL itself


def test_head_is_no_branch_but_may_be_a_tag() -> None:
    _error_at(HELM_GIT + "gitBranch: HEAD\n", ("gitBranch",))
    assert [d for d in run(HELM_GIT + "gitRef:\n  tag: HEAD\n") if d.is_error] == []


@pytest.mark.parametrize("name", ["main", "feature/x", "release/1.x", "v1.2.3", "日本", "a.b", "a-b_c", "@x", "x@y"])
def test_git_ref_names_git_takes_are_accepted(name: str) -> None:
    for extra in (f"gitBranch: {_quoted(name)}\n", f"gitRef:\n  tag: {_quoted(name)}\n"):
        assert [d for d in run(HELM_GIT + extra) if d.is_error] == []


def test_git_ref_refusal_says_why() -> None:
    diag = _error_at(HELM_GIT + 'gitBranch: "a..b"\n', ("gitBranch",))
    assert (diag.code, span(diag), diag.message) == (codes.BAD_FORMAT, (7, 12),
                                                      "'a..b' is not a Git branch name: it contains `..`")


@pytest.mark.parametrize("value", ["a\u0000b", "apps\nx", "apps\rx", "\u0007", "a\u001bb", "a\u007f", " ", "   ",
                                   "\t"])
@pytest.mark.parametrize("key", ["gitPath", "outputPath", "manifests"])
def test_path_with_control_characters_or_blank_is_refused(key: str, value: str) -> None:
    base = HELM_GIT if key != "manifests" else HELM_GIT.replace("gitopsDeployment: flux", "gitopsDeployment: none")
    base = "\n".join(line for line in base.splitlines() if not line.startswith(f"{key}:")) + "\n"
    if key == "manifests":
        base = "\n".join(line for line in base.splitlines() if not line.startswith(("gitRepoUrl", "gitPath"))) + "\n"
    _error_at(base + f"{key}: {_quoted(value)}\n", (key,))


@pytest.mark.parametrize(("retries", "ok"), [(0, True), (2147483647, True), (2147483648, False),
                                             (2**63 - 1, False), (-1, False)])
def test_remediation_retries_fit_a_32_bit_int(retries: int, ok: bool) -> None:
    found = [d for d in run(HELM_GIT + f"remediation:\n  retries: {retries}\n") if d.is_error]
    assert (found == []) is ok
    if not ok:
        assert [(d.code, d.path) for d in found] == [(codes.OUT_OF_RANGE, ("remediation", "retries"))]


@pytest.mark.parametrize("entry", ["a" * 64, "a" * 64 + "/x", "x/" + "a" * 64, "Apps/x", "a_b/x", "-a/x", "a-/x",
                                   "a.b/x", "a/b/c", "/x", "x/", "a..b", "a b"])
def test_depends_on_namespace_and_name_are_dns_labels_of_63(entry: str) -> None:
    diag = _error_at(HELM_GIT + f"dependsOn: [{_quoted(entry)}]\n", ("dependsOn", 0))
    assert diag.code == codes.BAD_FORMAT


@pytest.mark.parametrize("entry", ["a" * 63, "a" * 63 + "/" + "b" * 63, "0/x", "a-b/c-d"])
def test_depends_on_at_the_limits_is_accepted(entry: str) -> None:
    assert [d for d in run(HELM_GIT + f"dependsOn: [{_quoted(entry)}]\n") if d.is_error] == []


@pytest.mark.parametrize("prefix", ["a" * 254, ".".join(["a" * 63] * 4) + "a" * 2, ".".join(["b" * 60] * 5)])
def test_label_key_prefix_over_253_characters_is_refused(prefix: str) -> None:
    diag = _error_at(HELM_GIT + f"labels:\n  {prefix}/team: x\n", ("labels", f"{prefix}/team"))
    assert (diag.code, span(diag)) == (codes.BAD_FORMAT, (8, 3))
    assert "prefix part must be no more than 253 characters" in diag.message


def test_label_key_prefix_of_253_characters_is_accepted() -> None:
    prefix = ".".join(["a" * 63] * 4)[:253]  # four labels, the last one cut: 253 characters
    assert len(prefix) == 253
    assert [d for d in run(HELM_GIT + f"labels:\n  {prefix}/team: x\n") if d.is_error] == []


# The same refusals through the real command line: exit 1, a positioned error at the key, nothing written.
CLI_CASES = {
    "chart-latest": (CHART.replace('version: "6.5.4"', "version: latest"), 7),
    "chart-four-parts-oci": (OCI.replace('version: "6.5.4"', 'version: "1.2.3.4"'), 7),
    "chart-blank": (CHART.replace('version: "6.5.4"', 'version: " "'), 7),
    "branch-dots": (HELM_GIT + 'gitBranch: "a..b"\n', 7),
    "branch-lock": (HELM_GIT + "gitBranch: main.lock\n", 7),
    "branch-trailing-slash": (HELM_GIT + "gitBranch: feature/\n", 7),
    "branch-leading-dash": (HELM_GIT + "gitBranch: -x\n", 7),
    "branch-at-brace": (HELM_GIT + 'gitBranch: "a@{b"\n', 7),
    "tag-control": (HELM_GIT + 'gitRef:\n  tag: "v1\\x01"\n', 8),
    "semver-latest": (HELM_GIT + "gitRef:\n  semver: latest\n", 8),
    "path-nul": (HELM_GIT.replace("gitPath: apps/podinfo", 'gitPath: "apps\\0x"'), 6),
    "path-newline": (HELM_GIT.replace("gitPath: apps/podinfo", 'gitPath: "apps\\nx"'), 6),
    "path-blank": (HELM_GIT.replace("gitPath: apps/podinfo", 'gitPath: "  "'), 6),
    "output-path-nul": (HELM_GIT + 'outputPath: "out\\0"\n', 7),
    "retries-int32": (HELM_GIT + "remediation:\n  retries: 2147483648\n", 8),
    "depends-on-64": (HELM_GIT + f"dependsOn: [{'a' * 64}/x]\n", 7),
    "label-prefix-254": (HELM_GIT + f"labels:\n  {'a' * 254}/x: y\n", 8),
    "health-check-service": (GIT + "healthChecks:\n- kind: Service\n  name: web\n", 8),
}


@pytest.mark.parametrize(("text", "line"), CLI_CASES.values(), ids=CLI_CASES.keys())
def test_refused_through_the_command_line(text: str, line: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    from fluxc.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "answers.yaml").write_text(text, encoding="utf-8")
    assert main(["build", "answers.yaml", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert re.match(rf"answers\.yaml:{line}:\d+: error FLX\d{{3}}: ", err), err
    assert "internal error" not in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.yaml"]  # nothing written
