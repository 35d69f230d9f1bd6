"""The house plan holds: imports run one way between the subpackages, no cycles, small modules.

README's layout section states the same rules; this reads every import of
compiler/fluxc (also those inside functions and under TYPE_CHECKING) with a
short AST walk, so the rules stay true.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

from helpers.paths import REPO

PACKAGE = REPO / "compiler" / "fluxc"
MAX_LINES = 350

# subpackage -> the subpackages it may import (besides itself). `fluxc` is the package root: cli, __main__.
BELOW_PIPELINE = {"report", "yaml", "checks", "crds", "answers", "output", "package", "targets"}
ALLOWED: dict[str, set[str]] = {
    "report": set(),
    "yaml": {"report"},
    "checks": {"report", "yaml"},
    "crds": {"report", "yaml", "checks"},
    "answers": {"report", "yaml", "checks"},
    "output": {"report", "yaml"},
    "package": {"report", "yaml", "checks", "answers", "output"},
    "targets": {"report", "yaml", "checks", "crds", "answers"},
    "pipeline": {"report", "yaml", "checks", "answers", "package", "targets", "output"},
    "build": BELOW_PIPELINE | {"pipeline"},
    "validate": BELOW_PIPELINE | {"pipeline"},
    "init": BELOW_PIPELINE | {"pipeline"},  # `fluxc init` and `fluxc schema`: an edge like build and validate
    "fluxc": BELOW_PIPELINE | {"pipeline", "build", "validate", "init"},
}
# finer rules inside the allowed directions
ONLY = {("package", "answers"): {"fluxc.answers.defaults"}}  # packaging reads defaults, never lowering or rules


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def subpackage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and (PACKAGE / parts[1]).is_dir()) else "fluxc"


@cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imported(path: Path) -> set[str]:
    """Every fluxc module a file imports, resolved to a module (not a name inside one)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "fluxc"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "fluxc":
            assert node.level == 0, f"{path}: relative import"
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if candidate in modules() else node.module)
    return found - {"fluxc"}


def test_every_subpackage_has_a_rule_and_a_docstring_and_imports_nothing() -> None:
    packages = {p.parent.relative_to(PACKAGE).parts[0] for p in PACKAGE.rglob("__init__.py") if p.parent != PACKAGE}
    assert packages == set(ALLOWED) - {"fluxc"}
    for init in PACKAGE.rglob("__init__.py"):
        tree = ast.parse(init.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{init}: say the subpackage's role and what it may import"
        assert not [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))], \
            f"{init} imports something: a command must import only what it uses"


@pytest.mark.parametrize("module", sorted(modules()))
def test_imports_run_one_way(module: str) -> None:
    mine = subpackage(module)
    for target in sorted(imported(modules()[module])):
        theirs = subpackage(target)
        if theirs == mine:
            continue
        assert theirs in ALLOWED[mine], f"{module} imports {target}: {mine} may not import {theirs}"
        only = ONLY.get((mine, theirs))
        assert only is None or target in only, f"{module} imports {target}: {mine} may import only {only}"


def test_build_and_validate_never_import_each_other() -> None:
    assert "validate" not in ALLOWED["build"] and "build" not in ALLOWED["validate"]


def test_no_import_cycle() -> None:
    graph = {m: imported(p) & set(modules()) for m, p in modules().items()}
    # a module importing `fluxc.x.y` also runs `fluxc.x`'s __init__, which imports nothing (tested above)
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)


@pytest.mark.parametrize("module", sorted(modules()))
def test_modules_stay_small(module: str) -> None:
    lines = modules()[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module} has {lines} lines; split it along what it does"


def test_the_rules_see_real_imports() -> None:
    """The walk itself: a lazy import inside a function counts, a name imported from a module is that module."""
    assert "fluxc.targets.flux.resources" in imported(modules()["fluxc.build.parallel"])
    assert "fluxc.answers.validate_input" in imported(modules()["fluxc.pipeline.compile"])
    assert subpackage("fluxc.cli") == "fluxc" and subpackage("fluxc.targets.flux.emit") == "targets"
