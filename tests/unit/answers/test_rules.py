"""fluxc.answers.rules.check: rules across keys that the JSON Schema cannot state.

`check` runs on parsed data (it does not need schema-valid input), so each case
parses inline YAML and calls it directly; `failed` is the set of paths the
schema already reported.
"""

from __future__ import annotations

import textwrap

import pytest

from fluxc.answers.rules import FLUX_OBJECT_KEYS, check
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, JsonPath, format_path
from fluxc.yaml.document import SourceMap
from fluxc.yaml.load import parse_single
from helpers.snippets import PODINFO_CHART, answers, git_answers

FILE = "answers.yaml"

HEAD = "fluxc: v1\nname: podinfo\n"
CHART = PODINFO_CHART + '  version: "6.5.4"\n'  # lines 1-7
GIT = git_answers("podinfo")  # lines 1-6

Brief = tuple[str, str, tuple[int, int] | None]


def dd(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def run(text: str, failed: set[JsonPath] | None = None) -> list[Diagnostic]:
    document = parse_single(text, FILE)
    return check(document.data, document.source_map, failed or set())


def brief(found: list[Diagnostic]) -> list[Brief]:
    return [(d.code, format_path(d.path), (d.span.line, d.span.col) if d.span else None) for d in found]


def errors(found: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in found if d.is_error]


def only(found: list[Diagnostic]) -> Diagnostic:
    assert len(found) == 1, [d.render() for d in found]
    return found[0]


# --------------------------------------------------------------------------- valid inputs

@pytest.mark.parametrize("text", [
    CHART,
    CHART + "namespace: podinfo\ncreateNamespace: true\nvalues: {a: 1}\nremediation: {retries: 2}\n",
    CHART + "createNamespace: false\n",
    CHART.replace("https://stefanprodan.github.io/podinfo", "oci://ghcr.io/stefanprodan/charts"),
    GIT,
    GIT + "gitBranch: main\ngitRef:\n  commit: abcdef1\n",
    GIT + "gitRef:\n  tag: v1.0.0\n",
    GIT.replace("https://github.com", "ssh://git@github.com"),
    GIT + "prune: false\nwait: true\nhealthChecks: []\ndecryption: {secretName: sops}\n",
    GIT.replace("kustomize", "helm") + "values: {a: 1}\ncreateNamespace: false\n",
    GIT + "outputPath: ./a..b/c\n",
    GIT + "dependsOn: [other, apps/podinfo]\n",
    GIT.replace("kustomize", "helm") + "reconcileInterval: 1.5ms\nsourceInterval: 1ms\ntimeout: 90s\n",
], ids=["chart", "chart-helmrelease-keys", "createNamespace-false-alone", "chart-oci", "git",
        "branch-and-commit", "tag-without-branch", "ssh-git-user", "kustomization-keys", "helm-helmrelease-keys",
        "dots-in-a-name", "depends-on-another-namespace", "millisecond-durations"])
def test_valid_answers_have_no_cross_key_problems(text: str) -> None:
    assert run(text) == []


@pytest.mark.parametrize("data", [None, [], ["fluxc", "v1"], "fluxc: v1", 42], ids=repr)
def test_non_mapping_data_returns_nothing(data: object) -> None:
    assert check(data, SourceMap({}), set()) == []


# --------------------------------------------------------------------------- journeys

JOURNEYS: dict[str, tuple[str, list[Brief], str]] = {
    "both": (CHART + "outputFormat: helm\n", [(codes.BOTH_JOURNEYS, "$.outputFormat", (8, 1))],
             "keep `deploymentMethod` for a chart"),
    "none": (HEAD, [(codes.NO_JOURNEY, "$", (1, 1))], "add `deploymentMethod: flux`"),
    "helm-install": (HEAD + "deploymentMethod: helm-install\n",
                     [(codes.NOT_COMPILED, "$.deploymentMethod", (3, 19))], "compiles only `deploymentMethod: flux`"),
    "deployment-argocd": (HEAD + "deploymentMethod: argocd\n",
                          [(codes.NOT_COMPILED, "$.deploymentMethod", (3, 19))], "Flux resources only"),
    "gitops-argocd": (GIT.replace("Deployment: flux", "Deployment: argocd"),
                      [(codes.NOT_COMPILED, "$.gitopsDeployment", (4, 19))], "Flux resources only"),
    "missing-chart": (HEAD + "deploymentMethod: flux\n", [(codes.JOURNEY_KEY_MISSING, "$.chart", (3, 1))],
                      "add `chart:` with `repository`, `name` and `version`"),
}


@pytest.mark.parametrize(("text", "expected", "hint"), JOURNEYS.values(), ids=JOURNEYS.keys())
def test_journey(text: str, expected: list[Brief], hint: str) -> None:
    found = run(text)
    assert brief(found) == expected
    assert hint in found[0].hint
    assert found[0].severity == "error"


def test_not_compiled_message_names_the_answer() -> None:
    diag = only(run(HEAD + "deploymentMethod: helm-install\n"))
    assert diag.message == "deploymentMethod 'helm-install' is a valid answer but fluxc does not compile it"


def test_both_journeys_stops_the_journey_rules() -> None:
    # no "not applicable" noise for the keys of either journey once both are chosen
    found = run(CHART + "outputFormat: helm\ngitRepoUrl: https://github.com/org/repo\nprune: true\n")
    assert [d.code for d in found] == [codes.BOTH_JOURNEYS]


NOT_APPLICABLE: dict[str, tuple[str, str, tuple[int, int], str]] = {
    "gitRepoUrl-with-chart": (CHART + "gitRepoUrl: https://github.com/org/repo\n", "gitRepoUrl", (8, 1),
                              "`deploymentMethod`"),
    "gitRef-with-chart": (CHART + "gitRef: {tag: v1}\n", "gitRef", (8, 1), "`deploymentMethod`"),
    "manifests-with-chart": (CHART + "manifests: ./rendered\n", "manifests", (8, 1), "`deploymentMethod`"),
    "prune-with-chart": (CHART + "prune: true\n", "prune", (8, 1), "`deploymentMethod`"),
    "healthChecks-with-chart": (CHART + "healthChecks: []\n", "healthChecks", (8, 1), "`deploymentMethod`"),
    "chart-with-git": (GIT + "chart: {}\n", "chart", (7, 1), "`outputFormat`"),
    "deploymentMethod-never-with-git": (GIT + "values: {}\n", "values", (7, 1), "`outputFormat: kustomize`"),
    "values-with-raw": (GIT.replace("kustomize", "raw") + "values: {}\n", "values", (7, 1), "`outputFormat: raw`"),
    "createNamespace-with-kustomize": (GIT + "namespace: x\ncreateNamespace: true\n", "createNamespace", (8, 1),
                                       "`outputFormat: kustomize`"),
    "remediation-with-raw": (GIT.replace("kustomize", "raw") + "remediation: {retries: 1}\n", "remediation",
                             (7, 1), "`outputFormat: raw`"),
    "valuesFrom-with-kustomize": (GIT + "valuesFrom: []\n", "valuesFrom", (7, 1), "`outputFormat: kustomize`"),
    "prune-with-helm": (GIT.replace("kustomize", "helm") + "prune: false\n", "prune", (7, 1),
                        "`outputFormat: helm`"),
    "wait-with-helm": (GIT.replace("kustomize", "helm") + "wait: true\n", "wait", (7, 1), "`outputFormat: helm`"),
    "decryption-with-helm": (GIT.replace("kustomize", "helm") + "decryption: {secretName: x}\n", "decryption",
                             (7, 1), "`outputFormat: helm`"),
}


@pytest.mark.parametrize(("text", "key", "where", "journey"), NOT_APPLICABLE.values(), ids=NOT_APPLICABLE.keys())
def test_key_not_applicable_to_the_journey(text: str, key: str, where: tuple[int, int], journey: str) -> None:
    diag = only(run(text))
    assert brief([diag]) == [(codes.KEY_NOT_APPLICABLE, f"$.{key}", where)]
    assert diag.message == f"`{key}` does not apply with {journey}"
    assert diag.hint == "remove it"


def test_every_key_of_the_other_journey_is_reported() -> None:
    text = CHART + dd("""
        gitopsDeployment: flux
        gitRepoUrl: https://github.com/org/repo
        gitBranch: main
        gitPath: apps
        gitSecretRef: creds
        gitRepositoryName: repo
        wait: true
        """)
    assert [d.path for d in run(text)] == [("gitopsDeployment",), ("gitRepoUrl",), ("gitBranch",), ("gitPath",),
                                          ("gitSecretRef",), ("gitRepositoryName",), ("wait",)]


@pytest.mark.parametrize(("missing", "message", "hint"), [
    ("gitRepoUrl", "`gitopsDeployment: flux` needs `gitRepoUrl` (a Git repository) or `artifact` (an OCI artifact)",
     "add e.g. `gitRepoUrl: https://github.com/org/gitops-repo.git`, or `artifact:` with `url` and `ref`"),
    ("gitPath", "`gitopsDeployment: flux` needs `gitPath`", "add e.g. `gitPath: apps/my-app`")])
def test_flux_deployment_needs_url_and_path_reported_at_gitopsDeployment(missing: str, message: str,
                                                                         hint: str) -> None:
    text = "".join(line for line in GIT.splitlines(keepends=True) if not line.startswith(missing))
    diag = only(run(text))
    assert brief([diag]) == [(codes.JOURNEY_KEY_MISSING, f"$.{missing}", (4, 1))]
    assert diag.message == message
    assert diag.hint == hint


def test_flux_deployment_without_url_and_path_reports_both() -> None:
    found = run(HEAD + "outputFormat: helm\ngitopsDeployment: flux\n")
    assert brief(found) == [(codes.JOURNEY_KEY_MISSING, "$.gitRepoUrl", (4, 1)),
                            (codes.JOURNEY_KEY_MISSING, "$.gitPath", (4, 1))]


NONE = HEAD + "outputFormat: kustomize\ngitopsDeployment: none\n"  # lines 1-4


@pytest.mark.parametrize("key", ["gitRepoUrl", "gitBranch", "reconcileInterval", "fluxNamespace", "dependsOn",
                                 "suspend", "prune"])
def test_gitops_none_warns_about_flux_only_keys(key: str) -> None:
    found = run(NONE + f"{key}: x\n")
    assert brief(found) == [(codes.UNUSED_KEY, f"$.{key}", (5, 1)),
                            (codes.NOTHING_TO_BUILD, "$.gitopsDeployment", (4, 19))]
    warning, error = found
    assert warning.severity == "warning" and error.severity == "error"
    assert warning.message == f"`{key}` has no effect with `gitopsDeployment: none`"
    assert "set `gitopsDeployment: flux`" in warning.hint
    assert error.message == "`gitopsDeployment: none` (the default) without `manifests` builds nothing"


def test_flux_object_keys_cover_every_key_that_shapes_only_flux_objects() -> None:
    assert {"gitRepoUrl", "gitPath", "gitRef", "sourceInterval", "timeout", "healthChecks"} <= set(FLUX_OBJECT_KEYS)
    assert not {"name", "namespace", "outputFormat", "manifests", "values", "labels", "outputPath"} & set(
        FLUX_OBJECT_KEYS)


def test_gitops_deployment_defaults_to_none() -> None:
    # no gitopsDeployment: the default `none` applies; the problem is shown at outputFormat's value
    found = run(HEAD + "outputFormat: helm\ngitBranch: main\n")
    assert brief(found) == [(codes.UNUSED_KEY, "$.gitBranch", (4, 1)),
                            (codes.NOTHING_TO_BUILD, "$.gitopsDeployment", (3, 15))]


def test_manifests_are_accepted_with_flux_and_with_none() -> None:
    assert run(GIT + "manifests: ./rendered\n") == []
    assert run(NONE + "manifests: ./rendered\n") == []


@pytest.mark.parametrize("key", ["kubernetesVersion: \"1.32\"", "chartVersion: 1.0.0"], ids=["k8s", "chart"])
def test_package_keys_need_manifests(key: str) -> None:
    diag = only(run(GIT + key + "\n"))
    assert diag.code == codes.KEY_NOT_APPLICABLE
    assert "only when packaging `manifests`" in diag.message


def test_chart_version_needs_a_helm_package() -> None:
    diag = only(run(GIT + "manifests: ./rendered\nchartVersion: 1.0.0\n"))
    assert (diag.code, diag.message) == (codes.KEY_NOT_APPLICABLE,
                                         "`chartVersion` does not apply with `outputFormat: kustomize`")


# --------------------------------------------------------------------------- URLs

URLS: dict[str, tuple[str, str, str, str, str]] = {
    "https-user-pass": ("gitRepoUrl: https://bot:hunter2@github.com/org/repo.git", "$.gitRepoUrl",
                        "the URL embeds a user name and password: https://***@github.com/org/repo.git",
                        "`gitSecretRef`", "hunter2"),
    "https-token-only": ("gitRepoUrl: https://ghp_hunter2@github.com/org/repo.git", "$.gitRepoUrl",
                         "the URL embeds a user name or token: https://***@github.com/org/repo.git",
                         "`gitSecretRef`", "ghp_hunter2"),
    "ssh-password": ("gitRepoUrl: ssh://git:hunter2@github.com/org/repo.git", "$.gitRepoUrl",
                     "the URL embeds a password: ssh://***@github.com/org/repo.git", "`gitSecretRef`", "hunter2"),
    "oci-user-pass": ("  repository: oci://robot:hunter2@ghcr.io/org/charts", "$.chart.repository",
                      "the URL embeds a user name and password: oci://***@ghcr.io/org/charts",
                      "`chart.secretRef`", "hunter2"),
    "oci-token-only": ("  repository: oci://hunter2@ghcr.io/org/charts", "$.chart.repository",
                       "the URL embeds a user name or token: oci://***@ghcr.io/org/charts", "`chart.secretRef`",
                       "hunter2"),
    "https-chart-user-pass": ("  repository: https://u:hunter2@charts.example.com", "$.chart.repository",
                              "the URL embeds a user name and password: https://***@charts.example.com",
                              "`chart.secretRef`", "hunter2"),
}


def _with_url(line: str) -> str:
    if line.startswith("  "):
        return CHART.replace("  repository: https://stefanprodan.github.io/podinfo", line)
    return GIT.replace("gitRepoUrl: https://github.com/org/gitops-repo.git", line)


@pytest.mark.parametrize(("line", "path", "message", "secret_key", "secret"), URLS.values(), ids=URLS.keys())
def test_url_credentials_are_refused_and_redacted(line: str, path: str, message: str, secret_key: str,
                                                  secret: str) -> None:
    diag = only(run(_with_url(line)))
    assert (diag.code, format_path(diag.path)) == (codes.URL_CREDENTIALS, path)
    assert diag.span is not None and diag.span.line == 5
    assert diag.message == message
    assert f"named in {secret_key}" in diag.hint
    assert secret not in diag.render()


def test_url_credentials_with_at_sign_in_password_are_fully_redacted() -> None:
    diag = only(run(_with_url("gitRepoUrl: https://bot:p@ssw0rd@github.com/org/repo.git")))
    assert diag.code == codes.URL_CREDENTIALS
    assert "ssw0rd" not in diag.render()
    assert "https://***@github.com/org/repo.git" in diag.message


def test_ssh_user_name_is_not_a_credential() -> None:
    assert run(_with_url("gitRepoUrl: ssh://git@github.com/org/repo.git")) == []
    assert run(_with_url("gitRepoUrl: ssh://git@ssh.dev.azure.com/v3/org/project/repo")) == []


@pytest.mark.parametrize(("line", "path", "where"), [
    ("gitRepoUrl: https://", "$.gitRepoUrl", (5, 13)),
    ("gitRepoUrl: ssh:///org/repo.git", "$.gitRepoUrl", (5, 13)),
    ("  repository: https:///charts", "$.chart.repository", (5, 15)),
], ids=["https-empty", "ssh-no-host", "chart-no-host"])
def test_url_without_host(line: str, path: str, where: tuple[int, int]) -> None:
    found = run(_with_url(line))
    diag = next(d for d in found if format_path(d.path) == path)
    assert brief([diag]) == [(codes.BAD_FORMAT, path, where)]
    assert diag.message.endswith("has no host")


def test_urls_the_schema_reports_are_left_alone() -> None:
    # no "://": not a URL for these rules (the schema pattern reports it)
    assert run(_with_url("gitRepoUrl: git@github.com:org/repo.git")) == []


# --------------------------------------------------------------------------- paths

PATHS: dict[str, tuple[str, str, str, str]] = {
    "gitPath-absolute": ("gitPath: /apps", "$.gitPath", "'/apps' is an absolute path",
                         "write a path relative to the Git repository"),
    "gitPath-home": ("gitPath: ~/apps", "$.gitPath", "'~/apps' is an absolute path", "relative to the Git"),
    "gitPath-dotdot": ("gitPath: apps/../../x", "$.gitPath", "'apps/../../x' uses '..' and may leave the Git "
                       "repository", "without '..'"),
    "gitPath-backslash-dotdot": ("gitPath: apps\\..\\..\\x", "$.gitPath", "uses '..'", "without '..'"),
    "gitPath-windows-drive": ("gitPath: C:\\apps", "$.gitPath", "is an absolute path", "relative to the Git"),
    "gitPath-backslash-root": ("gitPath: \\apps", "$.gitPath", "is an absolute path", "relative to the Git"),
    "outputPath-dotdot": ("outputPath: ../out", "$.outputPath", "'../out' uses '..' and may leave the answers "
                          "file's folder", "write a path inside the answers file's folder"),
    "outputPath-bare-dotdot": ("outputPath: ..", "$.outputPath", "uses '..'", "without '..'"),
    "outputPath-absolute": ("outputPath: /tmp/out", "$.outputPath", "is an absolute path",
                            "relative to the answers file's folder"),
    "outputPath-drive-forward-slash": ("outputPath: D:/out", "$.outputPath", "is an absolute path",
                                       "relative to the answers file's folder"),
}


@pytest.mark.parametrize(("line", "path", "message", "hint"), PATHS.values(), ids=PATHS.keys())
def test_path_escapes_its_root(line: str, path: str, message: str, hint: str) -> None:
    key = line.split(":")[0]
    text = GIT.replace("gitPath: apps/podinfo", line) if key == "gitPath" else GIT + line + "\n"
    diag = only(run(text))
    assert (diag.code, format_path(diag.path)) == (codes.PATH_ESCAPES, path)
    assert diag.span == (parse_single(text, FILE).source_map.span((key,)))
    assert message in diag.message
    assert hint in diag.hint


def test_path_escape_span_is_the_value() -> None:
    diag = only(run(GIT.replace("gitPath: apps/podinfo", "gitPath: /apps")))
    assert brief([diag]) == [(codes.PATH_ESCAPES, "$.gitPath", (6, 10))]


@pytest.mark.parametrize("value", ["/abs", "../x", "~/x", "C:\\x"])
def test_manifests_path_escapes(value: str) -> None:
    # with no journey chosen the journey rules stop early, so the path rule speaks for `manifests`
    found = run(HEAD + f"manifests: {value}\n")
    assert brief(found) == [(codes.NO_JOURNEY, "$", (1, 1)), (codes.PATH_ESCAPES, "$.manifests", (3, 12))]


# --------------------------------------------------------------------------- consistency

def test_branch_and_tag_conflict_at_gitBranch() -> None:
    diag = only(run(GIT + "gitBranch: main\ngitRef:\n  tag: v1.0.0\n"))
    assert brief([diag]) == [(codes.CONFLICTING_KEYS, "$.gitBranch", (7, 1))]
    assert "only `gitRef.commit` may be combined with a branch" in diag.hint


def test_branch_and_semver_conflict() -> None:
    assert brief(run(GIT + "gitBranch: main\ngitRef: {semver: '>=1.0.0'}\n")) == [
        (codes.CONFLICTING_KEYS, "$.gitBranch", (7, 1))]


def test_create_namespace_without_namespace() -> None:
    diag = only(run(CHART + "createNamespace: true\n"))
    assert brief([diag]) == [(codes.CONFLICTING_KEYS, "$.createNamespace", (8, 1))]
    assert diag.message == "`createNamespace` needs `namespace`"


@pytest.mark.parametrize(("extra", "entries"), [
    ("dependsOn: [other, podinfo]\n", [1]),
    ("dependsOn: [flux-system/podinfo]\n", [0]),
    ("dependsOn: [podinfo, flux-system/podinfo]\n", [0, 1]),
    ("fluxNamespace: apps\ndependsOn: [apps/podinfo, flux-system/podinfo]\n", [0]),
], ids=["name", "default-namespace", "both-forms", "custom-flux-namespace"])
def test_depends_on_itself(extra: str, entries: list[int]) -> None:
    found = run(GIT + extra)
    assert [(d.code, d.path) for d in found] == [(codes.CONFLICTING_KEYS, ("dependsOn", i)) for i in entries]
    assert all(d.message == "'podinfo' cannot depend on itself" and d.hint == "remove this entry" for d in found)
    line = GIT.count("\n") + extra.count("\n")
    assert all(d.span is not None and d.span.line == line for d in found)


# --------------------------------------------------------------------------- durations

@pytest.mark.parametrize(("key", "value"), [("reconcileInterval", "0s"), ("sourceInterval", "0h0m"),
                                            ("timeout", "0ms"), ("reconcileInterval", "0.0s")])
def test_zero_duration(key: str, value: str) -> None:
    diag = only(run(GIT + f"{key}: {value}\n"))
    assert brief([diag])[0][:2] == (codes.OUT_OF_RANGE, f"$.{key}")
    assert diag.span is not None and (diag.span.line, diag.span.col) == (7, len(key) + 3)
    assert diag.message == f"`{key}` must be longer than 0s"
    assert diag.hint == "for example 5m"


@pytest.mark.parametrize(("key", "value", "shown"), [("timeout", "0.5ms", "500µs"),
                                                     ("sourceInterval", "0.0001s", "100µs"),
                                                     ("reconcileInterval", "0.9ms", "900µs")])
def test_sub_millisecond_duration(key: str, value: str, shown: str) -> None:
    diag = only(run(GIT + f"{key}: {value}\n"))
    assert (diag.code, diag.path) == (codes.BAD_FORMAT, (key,))
    assert diag.span is not None and (diag.span.line, diag.span.col) == (7, len(key) + 3)
    assert f"{value!r} is not a usable duration" in diag.message
    assert f"flux would write it as {shown!r}" in diag.message


def test_sub_millisecond_part_of_a_longer_duration_is_fine() -> None:
    # Go prints 1.0005s in seconds, which the CRD pattern accepts
    assert run(GIT + "sourceInterval: 1.0005s\n") == []


def test_overflowing_duration() -> None:
    diag = only(run(GIT + "timeout: 9999999999h\n"))
    assert (diag.code, diag.path) == (codes.BAD_FORMAT, ("timeout",))
    assert "longer than the maximum" in diag.message


def test_sub_millisecond_advice_is_not_refused_by_the_zero_rule() -> None:
    diag = only(run(GIT + "reconcileInterval: 0.5ms\n"))
    assert "at least 1ms" in diag.render()
    assert "0s" not in diag.render()


def test_durations_the_schema_reports_are_left_alone() -> None:
    assert run(GIT + "reconcileInterval: 5 minutes\ntimeout: -1s\nsourceInterval: 1d\n") == []


# --------------------------------------------------------------------------- derived names

@pytest.mark.parametrize("chart_name", ["Podinfo_Chart", "demo_chart", "my.chart", "x" * 100])
def test_oci_chart_name_that_is_not_a_dns_label_gets_a_derived_name(chart_name: str) -> None:
    text = CHART.replace("https://stefanprodan.github.io/podinfo", "oci://ghcr.io/org/charts").replace(
        "  name: podinfo", f"  name: {chart_name}")
    assert run(text) == []


def test_oci_chart_name_that_gives_no_label() -> None:
    text = CHART.replace("https://stefanprodan.github.io/podinfo", "oci://ghcr.io/org/charts").replace(
        "  name: podinfo", "  name: ___")
    diag = only(run(text))
    assert brief([diag]) == [(codes.NAME_NOT_DERIVABLE, "$.chart.name", (6, 9))]
    assert "'___' gives no DNS-1123 label to name the OCIRepository" in diag.message
    assert diag.hint == "set `chart.repositoryName`"
    assert run(text + "  repositoryName: podinfo\n") == []


def test_helm_repository_name_not_derivable() -> None:
    diag = only(run(CHART.replace("https://stefanprodan.github.io/podinfo", "https://___/charts")))
    assert brief([diag]) == [(codes.NAME_NOT_DERIVABLE, "$.chart.repository", (5, 15))]
    assert diag.hint == "set `chart.repositoryName`"


def test_names_are_only_derived_for_deploymentMethod_flux() -> None:
    text = HEAD + "deploymentMethod: helm-install\nchart:\n  repository: oci://ghcr.io/x\n  name: Bad_Name\n"
    assert [d.code for d in run(text)] == [codes.NOT_COMPILED]


@pytest.mark.parametrize("url", ["https://github.com", "https://github.com/", "ssh://git@github.com/.git"])
def test_git_repository_name_not_derivable(url: str) -> None:
    diag = only(run(_with_url(f"gitRepoUrl: {url}")))
    assert brief([diag]) == [(codes.NAME_NOT_DERIVABLE, "$.gitRepoUrl", (5, 13))]
    assert diag.hint == "set `gitRepositoryName`"
    assert run(_with_url(f"gitRepoUrl: {url}") + "gitRepositoryName: repo\n") == []


# --------------------------------------------------------------------------- one diagnostic per path

def test_first_rule_wins_for_a_path() -> None:
    # `createNamespace` is both "not applicable" (kustomize) and "needs namespace": only the first is told
    assert [d.code for d in run(GIT + "createNamespace: true\n")] == [codes.KEY_NOT_APPLICABLE]
    # a credential and an underivable name on the same URL: the credential
    assert [d.code for d in run(_with_url("gitRepoUrl: https://tok@github.com"))] == [codes.URL_CREDENTIALS]
    # a key of the other journey is only "not applicable", not also a credential problem
    assert [d.code for d in run(CHART + "gitRepoUrl: https://u:p@github.com/org/r\n")] == [
        codes.KEY_NOT_APPLICABLE]


def test_failed_paths_are_skipped() -> None:
    text = _with_url("gitRepoUrl: https://u:hunter2@github.com/org/repo.git").replace(
        "gitPath: apps/podinfo", "gitPath: /apps")
    assert [d.path for d in run(text)] == [("gitRepoUrl",), ("gitPath",)]
    assert [d.path for d in run(text, {("gitRepoUrl",)})] == [("gitPath",)]
    assert run(text, {("gitRepoUrl",), ("gitPath",)}) == []


def test_failed_is_not_modified() -> None:
    failed: set[JsonPath] = {("gitPath",)}
    run(GIT.replace("gitPath: apps/podinfo", "gitPath: /apps") + "outputPath: ../x\n", failed)
    assert failed == {("gitPath",)}


def test_every_span_is_present() -> None:
    text = answers(fluxc="v1", name="podinfo", outputFormat="kustomize", gitopsDeployment="none",
                   gitRepoUrl="https://u:p@github.com/org/repo", values="{}", outputPath="../x", reconcileInterval="0s")
    found = run(text)
    assert len(found) >= 5
    assert all(d.span is not None for d in found)


def test_health_checks_with_wait_warn_that_flux_ignores_them() -> None:
    found = run(GIT + "wait: true\nhealthChecks:\n- kind: Deployment\n  name: x\n")
    assert [(d.code, d.severity) for d in found] == [(codes.IGNORED_KEY, "warning")]
    assert "ignored" in found[0].message


@pytest.mark.parametrize("path", ["a:b", "apps/v1:x"], ids=["colon-second", "colon-later"])
def test_a_colon_is_not_taken_for_a_windows_drive(path: str) -> None:
    assert [d for d in run(GIT.replace("gitPath: apps/podinfo", f'gitPath: "{path}"')) if d.is_error] == []


def test_a_windows_drive_path_is_absolute() -> None:
    found = run(GIT.replace("gitPath: apps/podinfo", 'gitPath: "C:/repo"'))
    assert [(d.code, d.message) for d in found] == [(codes.PATH_ESCAPES, "'C:/repo' is an absolute path")]


def test_every_answers_key_says_where_it_applies() -> None:
    """A new key of the schema must join one group in answers/rules.py (and FLUX_OBJECT_KEYS if it only shapes
    Flux objects), or a Kustomize answers file could carry a HelmRelease key that fluxc silently ignores."""
    from fluxc.answers import rules
    from fluxc.checks.schemas import answers_schema

    groups = [rules.COMMON_KEYS, rules.CHART_JOURNEY_KEYS, rules.GIT_JOURNEY_KEYS, rules.HELM_RELEASE_KEYS,
              rules.KUSTOMIZATION_KEYS]
    classified = [key for group in groups for key in group]
    assert sorted(classified) == sorted(answers_schema()["properties"])  # each key once, none forgotten
    assert set(rules.FLUX_OBJECT_KEYS) <= set(classified)


# --------------------------------------------------------------------------- refused before writing

@pytest.mark.parametrize("value", ["a\x00b", "apps\nx", "\x07", "a\x1bb", "a\x7f", "tab\there", " ", "   "])
@pytest.mark.parametrize("key", ["gitPath", "outputPath", "manifests"])
def test_paths_with_control_characters_or_blank_are_refused(key: str, value: str) -> None:
    # Straight into the rules (the loader refuses some of these characters itself): a NUL reaches no file call.
    document = parse_single(GIT, FILE)
    found = check({**document.data, key: value}, document.source_map, set())
    diag = only(errors(found))
    assert (diag.code, diag.path) == (codes.BAD_FORMAT, (key,))
    assert ("control characters" in diag.message) is bool(value.strip(" "))


@pytest.mark.parametrize(("version", "refused"), [("latest", True), ("1.2.3.4", True), ("1.x", False),
                                                  (">=1 <2", False), ("6.5.4", False)])
@pytest.mark.parametrize("repository", ["https://stefanprodan.github.io/podinfo", "oci://ghcr.io/org/charts"])
def test_chart_version_must_be_a_masterminds_constraint(repository: str, version: str, refused: bool) -> None:
    text = CHART.replace("https://stefanprodan.github.io/podinfo", repository).replace("6.5.4", version)
    assert brief(run(text)) == ([(codes.BAD_FORMAT, "$.chart.version", (7, 12))] if refused else [])


def test_a_version_the_schema_refused_is_not_told_again() -> None:
    assert run(CHART.replace("6.5.4", "latest"), {("chart", "version")}) == []


@pytest.mark.parametrize(("text", "path"), [
    (GIT + "gitBranch: a..b\n", "$.gitBranch"),
    (GIT + "gitRef:\n  tag: v1.lock\n", "$.gitRef.tag"),
    (GIT + "gitRef:\n  semver: latest\n", "$.gitRef.semver"),
])
def test_git_refs_git_and_flux_refuse(text: str, path: str) -> None:
    assert [(d.code, format_path(d.path)) for d in run(text)] == [(codes.BAD_FORMAT, path)]


def test_label_key_with_a_prefix_over_253_characters() -> None:
    key = "a" * 254 + "/team"
    diag = only(run(GIT + f"labels:\n  {key}: x\n"))
    assert (diag.code, diag.path, (diag.span.line, diag.span.col) if diag.span else None) == (
        codes.BAD_FORMAT, ("labels", key), (8, 3))
    assert diag.message == f"label key {key[:40]!r}... is invalid: prefix part must be no more than 253 characters"


@pytest.mark.parametrize(("kind", "refused"), [("Deployment", False), ("DaemonSet", False), ("StatefulSet", False),
                                               ("HelmRelease", False), ("Service", True), ("Kustomization", True),
                                               ("Certificate", True), ("deployment", True), ("Pod", True)])
def test_health_check_without_api_version(kind: str, refused: bool) -> None:
    text = GIT + f"healthChecks:\n- kind: {kind}\n  name: web\n"
    expected = [(codes.MISSING_KEY, "$.healthChecks[0].apiVersion", (8, 3))] if refused else []
    assert brief(run(text)) == expected
    assert run(text + "  apiVersion: example.com/v1\n") == []


@pytest.mark.parametrize(("interval", "warned"), [("59s", True), ("59.999s", True), ("1s", True), ("500ms", True),
                                                  ("60s", False), ("1m", False), ("0.5m", True), ("1h", False)])
def test_short_reconcile_interval_of_a_kustomization_warns(interval: str, warned: bool) -> None:
    found = run(GIT + f"reconcileInterval: {interval}\n")
    assert brief(found) == ([(codes.SHORT_INTERVAL, "$.reconcileInterval", (7, 20))] if warned else [])
    assert all(d.severity == "warning" for d in found)
    if warned:
        assert found[0].message == f"`reconcileInterval: {interval}` is under 1m0s: every run of the " \
                                   "Kustomization builds and applies all its objects again"


@pytest.mark.parametrize("text", [
    GIT.replace("kustomize", "helm") + "reconcileInterval: 10s\n",  # a HelmRelease: not this rule's business
    CHART + "reconcileInterval: 10s\n",
    GIT.replace("gitopsDeployment: flux", "gitopsDeployment: none") + "manifests: x\nreconcileInterval: 10s\n",
])
def test_short_reconcile_interval_warns_only_for_a_kustomization_flux_runs(text: str) -> None:
    assert codes.SHORT_INTERVAL not in [d.code for d in run(text)]
