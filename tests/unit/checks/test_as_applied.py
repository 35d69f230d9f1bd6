"""fluxc.checks.as_applied: an object as the cluster receives it (nulls dropped, directives consumed, SOPS values)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from fluxc.checks.as_applied import encrypted_paths, without_directives, without_nulls
from fluxc.yaml.load import parse_single

ENC = "ENC[AES256_GCM,data:abc=,iv:def=,tag:ghi=,type:str]"
SOPS = {"age": [{"recipient": "age1xyz", "enc": "-----BEGIN AGE ENCRYPTED FILE-----\n"}],
        "mac": "ENC[AES256_GCM,data:mac,type:str]", "version": "3.8.1"}


# --------------------------------------------------------------------------- without_nulls

def test_without_nulls_drops_null_entries_at_every_depth() -> None:
    data = {"apiVersion": "v1", "suspend": None,
            "spec": {"postBuild": None, "interval": "1m", "deep": {"a": None, "b": {"c": None}}}}
    assert without_nulls(data) == {"apiVersion": "v1", "spec": {"interval": "1m", "deep": {"b": {}}}}


def test_without_nulls_keeps_null_list_items_and_cleans_mappings_in_lists() -> None:
    data = {"args": [None, "x", None], "containers": [{"name": "app", "image": None}, None]}
    assert without_nulls(data) == {"args": [None, "x", None], "containers": [{"name": "app"}, None]}


def test_without_nulls_keeps_falsy_values_that_are_not_null() -> None:
    data = {"a": 0, "b": False, "c": "", "d": [], "e": {}}
    assert without_nulls(data) == data


@pytest.mark.parametrize("value", [None, 3, "text", True, [None]])
def test_without_nulls_of_something_that_is_no_mapping(value: Any) -> None:
    assert without_nulls(value) == value


def test_without_nulls_does_not_change_its_input() -> None:
    data = {"spec": {"suspend": None, "list": [{"x": None}]}}
    before = copy.deepcopy(data)
    result = without_nulls(data)
    assert data == before
    assert result == {"spec": {"list": [{}]}}
    assert result is not data and result["spec"] is not data["spec"]


def test_without_nulls_of_a_parsed_document() -> None:
    document = parse_single("spec:\n  postBuild:\n  suspend: ~\n  timeout: null\n  interval: 5m\n", "k.yaml")
    assert without_nulls(document.data) == {"spec": {"interval": "5m"}}


# --------------------------------------------------------------------------- without_directives

def test_without_directives_drops_every_dollar_key() -> None:
    patch = {
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
        "spec": {
            "$retainKeys": ["strategy"],
            "template": {"spec": {
                "$setElementOrder/containers": [{"name": "app"}, {"name": "sidecar"}],
                "containers": [{"name": "app", "$patch": "delete"},
                               {"name": "sidecar", "env": [{"name": "A", "$patch": "delete"}]}],
            }},
        },
    }
    assert without_directives(patch) == {
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
        "spec": {"template": {"spec": {"containers": [{"name": "app"},
                                                     {"name": "sidecar", "env": [{"name": "A"}]}]}}},
    }


def test_without_directives_at_the_top_level() -> None:
    patch = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}, "$patch": "delete"}
    assert without_directives(patch) == {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}


def test_a_list_item_of_only_a_directive_stays_as_an_empty_mapping() -> None:
    # `- $patch: replace` marks a list to be replaced; the item is kept, emptied
    assert without_directives({"ports": [{"$patch": "replace"}, {"port": 80}]}) == {"ports": [{}, {"port": 80}]}


def test_without_directives_keeps_dollar_values_and_non_string_keys() -> None:
    data = {"command": ["$patch", "$(VAR)"], "value": "$retainKeys", 1: {"$patch": "x"}}
    assert without_directives(data) == {"command": ["$patch", "$(VAR)"], "value": "$retainKeys", 1: {}}


def test_without_directives_does_not_change_its_input() -> None:
    data = {"spec": {"$patch": "replace", "items": [{"$patch": "delete", "name": "a"}]}}
    before = copy.deepcopy(data)
    assert without_directives(data) == {"spec": {"items": [{"name": "a"}]}}
    assert data == before


# --------------------------------------------------------------------------- encrypted_paths

def test_encrypted_paths_of_a_sops_document() -> None:
    data = {
        "apiVersion": "v1", "kind": "Secret", "metadata": {"name": "creds"},
        "stringData": {"password": ENC, "user": "plain"},
        "spec": {"list": ["plain", ENC, {"token": ENC}], "deep": {"deeper": {"key": ENC}}},
        "sops": SOPS,
    }
    assert encrypted_paths(data) == {
        ("stringData", "password"), ("spec", "list", 1), ("spec", "list", 2, "token"),
        ("spec", "deep", "deeper", "key"),
    }


def test_the_sops_block_itself_is_not_an_encrypted_value() -> None:
    assert encrypted_paths({"sops": SOPS}) == frozenset()
    assert encrypted_paths({"data": {"a": ENC}, "sops": {"mac": ENC, "nested": [ENC]}}) == {("data", "a")}


def test_a_nested_sops_key_is_walked() -> None:
    # only the top-level `sops` is SOPS's metadata
    assert encrypted_paths({"spec": {"sops": {"a": ENC}}, "sops": SOPS}) == {("spec", "sops", "a")}


@pytest.mark.parametrize("value", ["enc[AES256_GCM,data:x]", "prefix ENC[AES256_GCM,data:x]", "ENC", "ENC(x)", "",
                                   3, None, True])
def test_values_that_are_not_encrypted(value: Any) -> None:
    assert encrypted_paths({"data": {"a": value}, "sops": SOPS}) == frozenset()


def test_any_string_starting_with_enc_bracket_counts() -> None:
    assert encrypted_paths({"a": "ENC[", "b": "ENC[not really]", "sops": SOPS}) == {("a",), ("b",)}


@pytest.mark.parametrize("data", [
    {"data": {"a": ENC}},  # no sops block
    {"data": {"a": ENC}, "sops": "encrypted"},  # a `sops` that is no mapping
    {"data": {"a": ENC}, "sops": None},
    {"data": {"a": ENC}, "sops": [SOPS]},
    [ENC, {"sops": SOPS}],  # not a mapping
    ENC,
    None,
], ids=["no-sops", "sops-string", "sops-null", "sops-list", "list", "string", "null"])
def test_without_a_sops_mapping_nothing_is_encrypted(data: Any) -> None:
    assert encrypted_paths(data) == frozenset()


def test_encrypted_paths_of_a_parsed_document() -> None:
    text = (f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\nstringData:\n  password: {ENC}\n"
            f"sops:\n  mac: {ENC}\n  version: 3.8.1\n")
    assert encrypted_paths(parse_single(text, "secret.yaml").data) == {("stringData", "password")}
