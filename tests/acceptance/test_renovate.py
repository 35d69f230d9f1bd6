"""README's Renovate custom managers, run with a JavaScript engine over the examples and the chart fixtures.

Renovate runs `matchStrings` as ECMAScript regular expressions (through RE2): Node runs them here exactly as
README gives them (tests/helpers/renovate_extract.js does what Renovate's regex manager does with a match:
named groups, then `{{{group}}}` templates). What they must find is read from each answers file with fluxc's
own loader, so the regular expressions and the answers format cannot drift apart.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from typing import Any

import pytest

from fluxc.yaml.load import parse_single
from helpers.paths import REPO

NODE = shutil.which("node")
if NODE is None and not os.environ.get("CI"):
    pytest.skip("node is not installed: the Renovate regular expressions need a JavaScript engine",
                allow_module_level=True)

EXTRACT = REPO / "tests" / "helpers" / "renovate_extract.js"
ANSWERS = sorted([*REPO.glob("examples/*/fluxc.yaml"), *REPO.glob("fixtures/valid/*/answers.yaml")])


def readme_config() -> dict[str, Any]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- renovate-config:[^\n]*-->\n```json\n(.*?)\n```", text, re.S)
    assert block, "README lost its Renovate configuration block"
    config: dict[str, Any] = json.loads(block[1])
    return config


MANAGERS: list[dict[str, Any]] = readme_config()["customManagers"]


def extract(files: dict[str, str]) -> list[dict[str, str]]:
    assert NODE is not None, "CI has node: the Renovate regular expressions must run"
    done = subprocess.run([NODE, str(EXTRACT)], input=json.dumps({
        "managers": MANAGERS, "files": [{"name": name, "text": text} for name, text in files.items()]}),
        capture_output=True, text=True, check=True, timeout=60)
    found: list[dict[str, str]] = json.loads(done.stdout)
    return found


def expected(name: str, text: str) -> list[dict[str, str]]:
    """The dependency Renovate should see in one answers file, from fluxc's own reading of it."""
    document = parse_single(text, name)
    if "artifact" in document.data:
        return _artifact(name, text, document.data["artifact"])
    chart = document.data.get("chart")
    if not isinstance(chart, dict) or "version" not in chart:
        return []  # no chart, or an unpinned one: nothing to bump
    if [k for k in chart if k in ("repository", "name", "version")] != ["repository", "name", "version"]:
        return []
    lines = text.splitlines()
    name_span = document.source_map.span(("chart", "name"))
    assert name_span is not None
    if lines[name_span.line - 1][name_span.col - 1:].startswith("*"):
        return []  # an alias: Renovate cannot see through it
    repository, chart_name, version = chart["repository"], chart["name"], str(chart["version"])
    if repository.startswith("oci://"):
        return [{"file": name, "datasource": "docker", "depName": chart_name, "currentValue": version,
                 "packageName": f"{repository.removeprefix('oci://').rstrip('/')}/{chart_name}",
                 "ociRepository": repository.removeprefix("oci://").rstrip("/"), "versioning": "helm"}]
    return [{"file": name, "datasource": "helm", "depName": chart_name, "currentValue": version,
             "registryUrl": repository, "versioning": "helm"}]


def _artifact(name: str, text: str, artifact: dict[str, Any]) -> list[dict[str, str]]:
    """An artifact pulled by tag, written in block style with `url` before `ref`: its tag is bumped."""
    tag = artifact["ref"].get("tag")
    if tag is None or "\nartifact:\n" not in text or list(artifact).index("url") > list(artifact).index("ref"):
        return []  # a semver range or a digest (nothing to bump), or a spelling the manager does not read
    return [{"file": name, "datasource": "docker", "depName": artifact["url"].removeprefix("oci://").rstrip("/"),
             "currentValue": str(tag)}]


def test_every_chart_of_the_examples_and_fixtures_is_found_as_fluxc_reads_it() -> None:
    files = {str(path.relative_to(REPO)): path.read_text(encoding="utf-8") for path in ANSWERS}
    wanted = [dep for name, text in files.items() for dep in expected(name, text)]
    assert len(wanted) >= 7  # https and OCI charts, exact versions and ranges
    assert sorted(extract(files), key=json.dumps) == sorted(wanted, key=json.dumps)
    assert {dep["datasource"] for dep in wanted} == {"helm", "docker"}
    assert any("packageName" not in dep for dep in wanted if dep["datasource"] == "docker")  # an artifact tag


@pytest.mark.parametrize(("text", "found"), [
    ('chart: {repository: "https://charts.example.com", name: podinfo, version: "6.7.1"}\n',
     {"datasource": "helm", "registryUrl": "https://charts.example.com", "depName": "podinfo",
      "currentValue": "6.7.1"}),
    ("chart: {repository: oci://ghcr.io/org/charts/, name: app, version: '>=1.0.0 <2.0.0'}\n",
     {"datasource": "docker", "packageName": "ghcr.io/org/charts/app", "depName": "app",
      "currentValue": ">=1.0.0 <2.0.0"}),
    ("chart:\n  repository: https://charts.example.com  # the team's mirror\n  repositoryName: mirror\n"
     "  name: podinfo\n  version: 6.7.1 # pinned\nvalues:\n  image:\n    name: other\n    version: 9.9.9\n",
     {"datasource": "helm", "registryUrl": "https://charts.example.com", "depName": "podinfo",
      "currentValue": "6.7.1"}),
], ids=["flow-style", "flow-style-oci-range", "comments-and-keys-between"])
def test_other_spellings_are_found(text: str, found: dict[str, str]) -> None:
    [dep] = extract({"fluxc.yaml": "fluxc: v1\nname: demo\nnamespace: apps\ndeploymentMethod: flux\n" + text})
    assert {key: dep[key] for key in found} == found


@pytest.mark.parametrize("text", [
    "chart:\n  name: podinfo\n  repository: https://charts.example.com\n  version: 6.7.1\n",  # another order
    "chart:\n  repository: https://charts.example.com\n  name: podinfo\n",  # unpinned
    "gitRepoUrl: https://github.com/org/app\nvalues:\n  repository: https://x.example.com\n  name: a\n"
    "  version: 1.0.0\n",  # not a chart
], ids=["other-order", "no-version", "values-look-alike"])
def test_what_is_not_a_pinned_chart_in_order_is_not_found(text: str) -> None:
    assert extract({"fluxc.yaml": "fluxc: v1\nname: demo\n" + text}) == []


def test_the_regular_expressions_are_re2_compatible() -> None:
    """Renovate compiles matchStrings with RE2: no look-around, no back-reference."""
    for manager in MANAGERS:
        for source in manager["matchStrings"]:
            assert not re.search(r"\(\?<?[=!]|\\[1-9]", source), source


def test_the_managers_match_answers_files_by_name() -> None:
    for manager in MANAGERS:
        [pattern] = manager["managerFilePatterns"]
        regex = re.compile(pattern.strip("/"))
        assert all(regex.search(p) for p in ("fluxc.yaml", "apps/podinfo/fluxc.yml"))
        assert not any(regex.search(p) for p in ("myfluxc.yaml", "fluxc.yaml.bak", "apps/helmrelease.yaml"))

