"""The contract is documented: every answers key has a description and an example in the schema (what editors
show on hover and complete), and README's *Keys* list names it.

Checked to the depth a user writes (a top-level key and the keys of a group such as `chart` or `artifact`),
so a new key cannot be added without saying what it sets and how it is written.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from fluxc.checks.schemas import answers_schema
from helpers.paths import REPO

SCHEMA = answers_schema()


def _merged(prop: dict[str, Any]) -> dict[str, Any]:
    """A property with the annotations of the definition it refers to (its own win)."""
    ref = prop.get("$ref")
    if ref is None:
        return prop
    return {**SCHEMA["$defs"][ref.rsplit("/", 1)[-1]], **{k: v for k, v in prop.items() if k != "$ref"}}


def _keys() -> dict[str, dict[str, Any]]:
    """Every top-level key and every key of a top-level group, dotted."""
    found = {}
    for key, prop in SCHEMA["properties"].items():
        found[key] = _merged(prop)
        for child, sub in found[key].get("properties", {}).items():
            found[f"{key}.{child}"] = _merged(sub)
    return found


KEYS = _keys()


@pytest.mark.parametrize("key", sorted(KEYS))
def test_every_key_has_a_description_and_an_example(key: str) -> None:
    prop = KEYS[key]
    assert prop.get("description"), f"{key} has no description"
    assert prop.get("examples"), f"{key} has no example"


def _documented() -> set[str]:
    """The keys README's Keys section names: `a.b|c` is a.b and a.c, `a[].b` is a.b, and each prefix counts."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### Keys\n"):text.index("### Decisions the specification leaves open")]
    names: set[str] = set()
    for token in re.findall(r"`([A-Za-z][A-Za-z.\[\]|]*)`", section):
        token = token.replace("[]", "")
        first, *others = token.split("|")
        prefix = first.rsplit(".", 1)[0] + "." if "." in first else ""
        for name in [first, *(prefix + other for other in others)]:
            parts = name.split(".")
            names.update(".".join(parts[:end]) for end in range(1, len(parts) + 1))
    return names


DOCUMENTED = _documented()


@pytest.mark.parametrize("key", sorted(KEYS))
def test_readme_keys_name_every_key(key: str) -> None:
    assert key in DOCUMENTED, f"README's Keys section does not name `{key}`"


README_EXAMPLES = [block for block in re.findall(r"```yaml\n(fluxc: v1\n.*?)```", (REPO / "README.md").read_text(
    encoding="utf-8"), re.S) if "\nmanifests:" not in block]  # packaging examples read files that are not there


def test_readme_shows_answers_files() -> None:
    assert len(README_EXAMPLES) >= 6


@pytest.mark.parametrize("text", README_EXAMPLES, ids=lambda t: t.split("\n")[1])
def test_every_answers_file_readme_shows_compiles_without_a_word(text: str) -> None:
    from fluxc.pipeline.compile import compile_document
    from fluxc.yaml.load import parse_single

    compiled = compile_document(parse_single(text, "fluxc.yaml"))
    assert [d.render() for d in compiled.warnings] == []
    assert compiled.files
