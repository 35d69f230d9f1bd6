"""fluxc.answers.rules_kustomize: the Kustomization's production keys, checked through rules.check as a build
checks them (so each problem is told once, and not at all where the keys do not apply)."""

from __future__ import annotations

import pytest

from fluxc.answers.rules import check
from fluxc.answers.rules_kustomize import check as check_kustomize
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, JsonPath, format_path
from fluxc.yaml.load import parse_single
from helpers.snippets import PODINFO_CHART, git_answers

GIT = git_answers("podinfo", path="apps/podinfo/overlays/prod")  # six lines
RAW = git_answers("podinfo", "raw", path="apps/podinfo")
HELM = git_answers("podinfo", "helm")


def run(text: str, failed: set[JsonPath] | None = None) -> list[Diagnostic]:
    document = parse_single(text, "answers.yaml")
    return check(document.data, document.source_map, failed or set())


def brief(found: list[Diagnostic]) -> list[tuple[str, str]]:
    return [(d.code, format_path(d.path)) for d in found]


def only(found: list[Diagnostic]) -> Diagnostic:
    assert len(found) == 1, [d.render() for d in found]
    return found[0]


EVERY_KEY = """\
postBuild:
  substitute: {cluster_env: prod, suffix: ""}
  substituteFrom:
    - {kind: ConfigMap, name: vars}
    - {kind: Secret, name: vars, optional: true}
patches:
  - patch: "- {op: remove, path: /spec/replicas}"
    target: {kind: Deployment}
images:
  - {name: podinfo, newTag: 6.5.4}
components: [../../components/ha, components/tls, ./x/../y]
force: true
retryInterval: 90s
"""


@pytest.mark.parametrize("text", [GIT + EVERY_KEY, RAW + EVERY_KEY.replace("../../components/ha", "../shared")])
def test_every_key_used_well_passes(text: str) -> None:
    assert run(text) == []


# --------------------------------------------------------------------------- retryInterval

@pytest.mark.parametrize("value", ["0s", "0m0s", "0.0h", "0ms"])
def test_a_retry_interval_of_zero_is_out_of_range(value: str) -> None:
    found = only(run(GIT + f"retryInterval: {value}\n"))
    assert brief([found]) == [(codes.OUT_OF_RANGE, "$.retryInterval")]
    assert found.message == "`retryInterval` must be longer than 0s"
    assert found.span is not None and found.span.line == 7


def test_a_retry_interval_beyond_go_is_bad_format() -> None:
    found = only(run(GIT + "retryInterval: 3000000h\n"))
    assert brief([found]) == [(codes.BAD_FORMAT, "$.retryInterval")]
    assert found.message.startswith("'3000000h' is not a usable duration: longer than the maximum")


@pytest.mark.parametrize("value", ["5 minutes", "1d", "42", "[1m]"])
def test_a_retry_interval_the_schema_refuses_is_left_to_it(value: str) -> None:
    assert run(GIT + f"retryInterval: {value}\n") == []


# --------------------------------------------------------------------------- components

@pytest.mark.parametrize("component", [
    "../../components/ha", "../../../../components/ha", "../../../../a/../b", "ha", "./ha", "..\\\\..\\\\ha"])
def test_components_inside_the_repository_pass(component: str) -> None:
    assert run(GIT + f'components: ["{component}"]\n') == []


@pytest.mark.parametrize(("component", "code", "words"), [
    ("/srv/components/ha", codes.PATH_ESCAPES, "is an absolute path"),
    ("\\\\srv\\\\ha", codes.PATH_ESCAPES, "is an absolute path"),
    ("C:/components/ha", codes.PATH_ESCAPES, "is an absolute path"),
    ("~/components/ha", codes.PATH_ESCAPES, "is an absolute path"),
    ("https://github.com/acme/components//ha?ref=v1", codes.PATH_ESCAPES, "is not a local path"),
    ("git::https://github.com/acme/components", codes.PATH_ESCAPES, "is not a local path"),
    ("github.com/acme/components/ha", codes.PATH_ESCAPES, "is not a local path"),
    ("git@github.com:acme/components.git", codes.PATH_ESCAPES, "is not a local path"),
    ("../../../../../components/ha", codes.PATH_ESCAPES, "leaves the Git repository"),
    ("../../../../x/../../y", codes.PATH_ESCAPES, "leaves the Git repository"),
    ("components/\\tha", codes.BAD_FORMAT, "holds control characters (\\t)"),
    ("   ", codes.BAD_FORMAT, "is blank"),
])
def test_components_that_are_not_local_and_relative(component: str, code: str, words: str) -> None:
    found = only(run(GIT + f'components: [ok, "{component}"]\n'))
    assert brief([found]) == [(code, "$.components[1]")]
    assert words in found.message


def test_climbing_is_measured_from_the_artifacts_path() -> None:
    text = GIT.replace("gitRepoUrl: https://github.com/org/gitops-repo.git\ngitPath: apps/podinfo/overlays/prod\n",
                       "artifact: {url: oci://ghcr.io/org/manifests, ref: {tag: '1'}, path: deploy}\n")
    assert run(text + "components: [../components/ha]\n") == []
    found = only(run(text + "components: [../../components/ha]\n"))
    assert found.code == codes.PATH_ESCAPES and "leaves the artifact" in found.message
    found = only(run(text.replace(", path: deploy", "") + "components: [../components/ha]\n"))
    assert "leaves the artifact" in found.message  # the artifact's root is the default path


def test_no_climbing_check_without_a_usable_path() -> None:
    """A gitPath the path rules refuse (or none at all) gives nothing to measure from."""
    escaping = GIT.replace("gitPath: apps/podinfo/overlays/prod", "gitPath: ../elsewhere")
    assert brief(run(escaping + "components: [../../x]\n")) == [(codes.PATH_ESCAPES, "$.gitPath")]
    found = run(GIT.replace("gitPath: apps/podinfo/overlays/prod\n", "") + "components: [../../x]\n")
    assert brief(found) == [(codes.JOURNEY_KEY_MISSING, "$.gitPath")]


# --------------------------------------------------------------------------- postBuild

def test_a_substitute_from_read_twice_is_a_duplicate() -> None:
    found = only(run(GIT + """\
postBuild:
  substituteFrom:
    - {kind: ConfigMap, name: vars}
    - {kind: Secret, name: vars}
    - {kind: ConfigMap, name: vars, optional: true}
"""))
    assert brief([found]) == [(codes.DUPLICATE_ENTRY, "$.postBuild.substituteFrom[2]")]
    assert found.message == "the ConfigMap 'vars' is already read by $.postBuild.substituteFrom[0]"


@pytest.mark.parametrize("post_build", ["{substituteFrom: {kind: ConfigMap}}", "{substituteFrom: [42, {kind: 1}]}",
                                        "[]", "{substitute: {a: '${b}'}}"])
def test_post_build_the_schema_reports_or_that_is_fine(post_build: str) -> None:
    assert run(GIT + f"postBuild: {post_build}\n") == []


# --------------------------------------------------------------------------- patches and images, and where the rules run

def test_patches_and_images_are_checked_at_the_top_level() -> None:
    found = run(GIT + "patches:\n  - patch: \"- {op: remove, path: /a}\"\nimages:\n  - name: podinfo\n")
    assert brief(found) == [(codes.MISSING_KEY, "$.patches[0].target"), (codes.IGNORED_KEY, "$.images[0]")]


@pytest.mark.parametrize("text", [HELM, PODINFO_CHART + '  version: "6.5.4"\n'])
def test_keys_that_do_not_apply_are_refused_once_and_not_looked_into(text: str) -> None:
    found = run(text + "components: [/abs]\nretryInterval: 0s\npatches:\n  - patch: '42'\n")
    assert brief(found) == [(codes.KEY_NOT_APPLICABLE, f"$.{key}") for key in ("patches", "components",
                                                                                 "retryInterval")]


def test_check_alone_yields_nothing_for_a_file_without_these_keys() -> None:
    document = parse_single(GIT, "answers.yaml")
    assert list(check_kustomize(document.data, document.source_map)) == []


def test_a_path_the_schema_reported_is_not_told_again() -> None:
    assert run(GIT + "retryInterval: 0s\n", failed={("retryInterval",)}) == []


def test_without_flux_objects_the_keys_are_only_unused() -> None:
    """gitopsDeployment none writes no Kustomization: its keys get the unused warning, nothing more."""
    package_only = "fluxc: v1\nname: podinfo\noutputFormat: kustomize\nmanifests: ./rendered\n"
    found = run(package_only + "retryInterval: 0s\npatches:\n  - patch: '[{op: remove}]'\n")
    assert sorted(brief(found)) == [(codes.UNUSED_KEY, "$.patches"), (codes.UNUSED_KEY, "$.retryInterval")]
