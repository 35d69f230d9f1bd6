"""fluxc.answers.rules_patches: the patches and images kustomize would refuse or misread, wherever they stand.

The functions take the list and its JSON path, so each case parses a small document whose list sits at
the path a Kustomization (`patches`) or a HelmRelease post-renderer gives.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from fluxc.answers.rules_patches import JSON6902_OPS, check_images, check_patches
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, JsonPath, format_path
from fluxc.yaml.document import SourceMap
from fluxc.yaml.load import parse_single

Check = Callable[[Any, JsonPath, SourceMap], Iterator[Diagnostic]]
POST_RENDERER: JsonPath = ("postRenderers", 0, "kustomize")


def run(check: Check, key: str, entries: str, *, under: JsonPath = ()) -> list[Diagnostic]:
    """`check` on the list `entries` (YAML lines of `key:`'s items), at the top or under a post-renderer."""
    body = textwrap.indent(textwrap.dedent(entries).lstrip("\n"), "  ")
    text = f"{key}:\n{body}"
    if under:
        text = "postRenderers:\n  - kustomize:\n" + textwrap.indent(text, "      ")
    document = parse_single(text, "answers.yaml")
    data = document.data
    for part in under:
        data = data[part]
    return list(check(data[key], (*under, key), document.source_map))


def patches(entries: str, *, under: JsonPath = ()) -> list[Diagnostic]:
    return run(check_patches, "patches", entries, under=under)


def images(entries: str, *, under: JsonPath = ()) -> list[Diagnostic]:
    return run(check_images, "images", entries, under=under)


def brief(found: list[Diagnostic]) -> list[tuple[str, str]]:
    return [(d.code, format_path(d.path)) for d in found]


def only(found: list[Diagnostic]) -> Diagnostic:
    assert len(found) == 1, [d.render() for d in found]
    return found[0]


# --------------------------------------------------------------------------- patches kustomize accepts

@pytest.mark.parametrize("entries", [
    # JSON6902 operations with their target, in YAML and in JSON
    """
    - patch: |
        - op: replace
          path: /spec/replicas
          value: 3
      target: {kind: Deployment, name: podinfo}
    """,
    """
    - patch: '[{"op": "remove", "path": "/spec/replicas"}, {"op": "copy", "from": "/a", "path": "/b"}]'
      target: {kind: Deployment}
    """,
    # `add` without a value adds null (kustomize accepts it)
    """
    - patch: "- {op: add, path: /metadata/annotations}"
      target: {kind: Deployment}
    """,
    # a strategic merge patch that names its object, with or without a namespace
    """
    - patch: |
        apiVersion: v1
        kind: Service
        metadata: {name: podinfo}
        spec: {type: LoadBalancer}
    """,
    # with a target, apiVersion may go and the name is any name
    """
    - patch: |
        kind: Deployment
        metadata: {name: not-used}
        spec: {replicas: 2}
      target: {labelSelector: app=podinfo}
    """,
    # `---` around a document, as kustomize reads it
    """
    - patch: "---\\n- {op: remove, path: /spec/replicas}\\n---\\n"
      target: {kind: Deployment}
    """,
    # several objects in one strategic merge patch
    """
    - patch: |
        apiVersion: v1
        kind: Service
        metadata: {name: a}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: b}
    """,
])
def test_patches_kustomize_applies_pass(entries: str) -> None:
    assert patches(entries) == []


@pytest.mark.parametrize("op", JSON6902_OPS)
def test_every_rfc6902_operation_is_known(op: str) -> None:
    assert patches(f"- patch: '- {{op: {op}, path: /a, from: /b, value: 1}}'\n  target: {{kind: X}}\n") == []


# --------------------------------------------------------------------------- patches kustomize refuses

def test_a_patch_that_is_not_yaml_is_bad_format_with_its_line() -> None:
    found = only(patches("""
    - patch: |
        spec:
          replicas: [3
      target: {kind: Deployment}
    """))
    assert brief([found]) == [(codes.BAD_FORMAT, "$.patches[0].patch")]
    assert found.message.startswith("the patch is not valid YAML (line 3 of the patch): did not find expected")
    assert found.span is not None and found.span.line == 2


def test_a_duplicate_key_inside_a_patch_is_refused_by_fluxcs_own_loader() -> None:
    found = only(patches("- patch: \"kind: A\\nkind: B\\n\"\n"))
    assert found.code == codes.BAD_FORMAT and "the key `kind` is repeated" in found.message


@pytest.mark.parametrize("patch", ['"42"', '"replicas=3"', '"# only a comment"', '"---\\n"'])
def test_a_patch_that_is_no_object_and_no_list_is_bad_format(patch: str) -> None:
    found = only(patches(f"- patch: {patch}\n  target: {{kind: Deployment}}\n"))
    assert brief([found]) == [(codes.BAD_FORMAT, "$.patches[0].patch")]


def test_json6902_without_target_is_missing_the_target_shown_at_the_entry() -> None:
    found = only(patches("""
    - patch: "- {op: remove, path: /spec/replicas}"
      target: {kind: Service}
    - patch: "- {op: remove, path: /spec/replicas}"
    """))
    assert brief([found]) == [(codes.MISSING_KEY, "$.patches[1].target")]
    assert "needs `target`" in found.message
    assert found.span is not None and (found.span.line, found.span.col) == (4, 5)  # the entry: no target to show


@pytest.mark.parametrize(("operations", "problem"), [
    ("- {op: set, path: /a}", "operation 1 of the JSON6902 patch has an unknown `op` 'set'"),
    ("- {path: /a}", "operation 1 of the JSON6902 patch has no `op`"),
    ("- {op: remove, path: /a}\n- {op: remove}", "operation 2 of the JSON6902 patch has no `path`"),
    ("- {op: remove, path: 3}", "operation 1 of the JSON6902 patch has a `path` that is not a string"),
    ("- {op: replace, path: spec/replicas, value: 3}", "has a `path` 'spec/replicas' that is not a JSON pointer"),
    ("- {op: add, path: '', value: {}}", "has an empty `path`"),
    ("- {op: move, path: /b}", "operation 1 of the JSON6902 patch (move) has no `from`"),
    ("- {op: copy, path: /b}", "(copy) has no `from`: it says where the value is copied from"),
    ("- remove", "operation 1 of the JSON6902 patch is not a mapping"),
    ("[]", "the JSON6902 patch holds no operations"),
])
def test_json6902_operations_kustomize_refuses(operations: str, problem: str) -> None:
    found = only(patches(f"- patch: {json.dumps(operations)}\n  target: {{kind: Deployment}}\n"))
    assert brief([found]) == [(codes.BAD_FORMAT, "$.patches[0].patch")]
    assert problem in found.message


def test_json6902_operations_share_a_stream_with_nothing() -> None:
    found = only(patches("- patch: \"- {op: remove, path: /a}\\n---\\nkind: A\\n\"\n  target: {kind: A}\n"))
    assert found.code == codes.BAD_FORMAT and "the patch's only YAML document" in found.message


@pytest.mark.parametrize(("patch", "target", "missing"), [
    ("{kind: Deployment, metadata: {name: podinfo}}", "", "`apiVersion`"),
    ("{apiVersion: apps/v1, metadata: {name: podinfo}}", "", "`kind`"),
    ("{apiVersion: apps/v1, kind: Deployment, spec: {}}", "", "`metadata.name`"),
    ("{apiVersion: apps/v1, kind: Deployment, metadata: {name: ''}}", "", "`metadata.name`"),
    ("{spec: {}}", "", "`apiVersion`, `kind` and `metadata.name`"),
    ("{metadata: {name: x}}", "target: {kind: Deployment}", "`kind`"),
    ("{kind: Deployment, spec: {}}", "target: {kind: Deployment}", "`metadata.name`"),
])
def test_a_strategic_merge_patch_must_name_its_object(patch: str, target: str, missing: str) -> None:
    found = only(patches(f"- patch: {patch!r}\n" + (f"  {target}\n" if target else "")))
    assert brief([found]) == [(codes.MISSING_KEY, "$.patches[0].patch")]
    assert found.message.startswith(f"the strategic merge patch lacks {missing}:")
    assert ("even with `target`" in found.message) == bool(target)


def test_each_document_of_a_strategic_merge_patch_names_its_object() -> None:
    found = only(patches("- patch: \"{apiVersion: v1, kind: A, metadata: {name: a}}\\n---\\n{kind: B}\\n\"\n"))
    assert found.message.startswith("document 2 of the patch lacks `apiVersion` and `metadata.name`")


def test_one_diagnostic_per_patch_and_every_patch_checked() -> None:
    found = patches("""
    - patch: "- {op: set, path: /a}\\n- {op: get, path: /b}"
      target: {kind: A}
    - patch: "{spec: {}}"
    - patch: "- {op: remove, path: /a}"
    """)
    assert brief(found) == [(codes.BAD_FORMAT, "$.patches[0].patch"), (codes.MISSING_KEY, "$.patches[1].patch"),
                            (codes.MISSING_KEY, "$.patches[2].target")]


@pytest.mark.parametrize("entries", ["- 42\n", "- {target: {kind: A}}\n", "- {patch: 3}\n"])
def test_values_of_the_wrong_type_are_left_to_the_schema(entries: str) -> None:
    assert patches(entries) == []


def test_a_list_that_is_no_list_is_left_to_the_schema() -> None:
    document = parse_single("patches: {patch: x}\n", "answers.yaml")
    assert list(check_patches(document.data["patches"], ("patches",), document.source_map)) == []


def test_paths_follow_the_list_given_by_a_post_renderer() -> None:
    found = only(patches("- patch: \"- {op: remove, path: /a}\"\n", under=POST_RENDERER))
    assert brief([found]) == [(codes.MISSING_KEY, "$.postRenderers[0].kustomize.patches[0].target")]
    assert found.span is not None and found.span.line == 4


# --------------------------------------------------------------------------- images

def test_images_that_change_something_pass() -> None:
    assert images("""
    - {name: podinfo, newTag: 6.5.4}
    - {name: redis, newName: registry.example.com/redis}
    - {name: busybox, newName: mirror/busybox, digest: "sha256:0000000000000000000000000000000000000000000000000000000000000000"}
    """) == []


def test_an_image_that_changes_nothing_is_a_warning_at_the_entry() -> None:
    found = only(images("- {name: podinfo, newTag: '1'}\n- name: redis\n"))
    assert brief([found]) == [(codes.IGNORED_KEY, "$.images[1]")]
    assert found.severity == "warning" and "'redis' changes nothing" in found.message


def test_new_tag_with_digest_conflicts_at_the_tag() -> None:
    found = only(images("- {name: podinfo, newTag: 6.5.4, digest: 'sha256:0'}\n"))
    assert brief([found]) == [(codes.CONFLICTING_KEYS, "$.images[0].newTag")]
    assert found.is_error and "pulled by its digest alone" in found.message


def test_a_repeated_image_name_is_a_duplicate_at_each_later_entry() -> None:
    found = images("""
    - {name: podinfo, newTag: '1'}
    - {name: redis, newTag: '7'}
    - {name: podinfo, newName: mirror/podinfo}
    - {name: podinfo, digest: 'sha256:0'}
    """)
    assert brief(found) == [(codes.DUPLICATE_ENTRY, "$.images[2].name"), (codes.DUPLICATE_ENTRY, "$.images[3].name")]
    assert all("already overridden by $.images[0]" in d.message for d in found)


def test_image_entries_of_the_wrong_type_are_left_to_the_schema() -> None:
    assert images("- 42\n- {newTag: '1'}\n") == []


def test_image_paths_follow_a_post_renderer() -> None:
    found = only(images("- name: podinfo\n", under=POST_RENDERER))
    assert brief([found]) == [(codes.IGNORED_KEY, "$.postRenderers[0].kustomize.images[0]")]
