"""fluxc never hangs and never reads without bound, whatever a path names or a file holds.

Every way a path reaches fluxc (the answers file, `--crds` of build and
validate, `manifests:` as a file and as a folder, `fluxc validate` naming a
file or a folder) is given every kind of path that is no regular file: a FIFO,
/dev/zero, /dev/urandom, /dev/null, a symbolic link to each, a folder. Then
files that are small on disk but huge to parse: 15 MiB of `---` and of
`--- {}`, a flat list of millions of values, an alias bomb in a CRD. Each
run goes through `fluxc.cli.main` in a child process with a time limit
(helpers.hostile.run_cli), so a hang fails its test instead of the test run.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers.hostile import KINDS, NOT_REGULAR, PLACEABLE, Outcome, kinds, make, run_cli
from helpers.snippets import GIT_REPOSITORY, NGINX_CHART

CONFIG_MAP = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  a: b\n"
PACKAGE = """\
fluxc: v1
name: shop
namespace: shop
outputFormat: kustomize
gitopsDeployment: flux
gitRepoUrl: ssh://git@github.com/org/gitops-repo.git
gitBranch: production
gitPath: ./shop
manifests: {manifests}
"""
CRD_HEAD = """\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
"""
FIFTEEN_MIB = 15 << 20


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@dataclass(frozen=True)
class Entry:
    """One way a path reaches fluxc: `args(tmp, kind)` builds the workspace and returns fluxc's arguments."""

    args: Callable[[Path, str], list[str]]
    kinds: tuple[str, ...]


def _answers(tmp: Path, kind: str) -> list[str]:
    return ["build", str(make(kind, tmp / "answers.yaml")), "--stdout"]


def _crds_build(tmp: Path, kind: str) -> list[str]:
    return ["build", str(_write(tmp / "app.yaml", NGINX_CHART)), "--stdout", "--crds", str(make(kind, tmp / "crds.yaml"))]


def _crds_validate(tmp: Path, kind: str) -> list[str]:
    return ["validate", str(_write(tmp / "git.yaml", GIT_REPOSITORY)), "--crds", str(make(kind, tmp / "crds.yaml"))]


def _manifests_file(tmp: Path, kind: str) -> list[str]:
    target = make(kind, tmp / "app" / "objects.yaml")
    value = target.as_posix() if kind in ("zero", "urandom", "null") else "./objects.yaml"  # a device: by its path
    return ["build", str(_write(tmp / "app" / "fluxc.yaml", PACKAGE.format(manifests=value))), "-q"]


def _manifests_folder(tmp: Path, kind: str) -> list[str]:
    _write(tmp / "app" / "rendered" / "web.yaml", CONFIG_MAP)
    make(kind, tmp / "app" / "rendered" / "objects.yaml")
    return ["build", str(_write(tmp / "app" / "fluxc.yaml", PACKAGE.format(manifests="./rendered"))), "-q"]


def _validate_file(tmp: Path, kind: str) -> list[str]:
    return ["validate", str(make(kind, tmp / "objects.yaml"))]


def _validate_folder(tmp: Path, kind: str) -> list[str]:
    _write(tmp / "repo" / "git.yaml", GIT_REPOSITORY)
    make(kind, tmp / "repo" / "objects.yaml")
    return ["validate", str(tmp / "repo")]


ENTRIES = {
    "answers": Entry(_answers, KINDS),
    "crds-build": Entry(_crds_build, KINDS),
    "crds-validate": Entry(_crds_validate, KINDS),
    "manifests-file": Entry(_manifests_file, KINDS),
    "manifests-folder": Entry(_manifests_folder, PLACEABLE),
    "validate-file": Entry(_validate_file, KINDS),
    "validate-folder": Entry(_validate_folder, PLACEABLE),
}

# (exit code, the one line's code, words it holds); anything not listed: exit 1, FLX001 or (for --crds) FLX509,
# "not a regular file".
SPECIAL: dict[tuple[str, str], tuple[int, str | None, str]] = {
    # click refuses a folder as ANSWERS before fluxc runs (cli.py: dir_okay=False): a usage error.
    ("answers", "directory"): (1, "FLX413", "the folder holds no answers file"),  # a folder is searched
    ("crds-build", "directory"): (1, "FLX509", "no CustomResourceDefinition found"),
    ("crds-validate", "directory"): (1, "FLX509", "no CustomResourceDefinition found"),
    # `manifests:` checks its own path first: what is no file or folder, or leads outside, is refused there.
    ("manifests-file", "fifo"): (1, "FLX607", "is neither a file nor a folder"),
    ("manifests-file", "link-fifo"): (1, "FLX607", "is neither a file nor a folder"),
    **{("manifests-file", kind): (1, "FLX206", "leads outside the answers file's folder")
       for kind in ("zero", "urandom", "null", "link-zero", "link-urandom", "link-null")},
    ("manifests-file", "directory"): (1, "FLX607", "holds no Kubernetes objects"),
    **{("manifests-folder", f"link-{device}"): (1, "FLX206", "a symlink leads outside")
       for device in ("zero", "urandom", "null")},
    # A folder named objects.yaml inside a folder is searched like any folder: here, an empty one.
    ("manifests-folder", "directory"): (0, None, ""),
    # a folder given to `fluxc validate` that holds no YAML file: a check that proves nothing is an error
    ("validate-file", "directory"): (1, "FLX512", "the folder holds no YAML file"),
    # Links out of a folder given to `fluxc validate` are never followed: a note says so, nothing is read.
    **{("validate-folder", f"link-{device}"): (0, "FLX507", "leads outside")
       for device in ("zero", "urandom", "null")},
    ("validate-folder", "directory"): (0, None, "1 document in 1 file: 1 valid"),
}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """Every (entry, kind) case the platform can make, run once in one child process."""
    root = tmp_path_factory.mktemp("hostile")
    cases: dict[str, list[str]] = {}
    for entry_name, entry in ENTRIES.items():
        for param in kinds(entry.kinds):
            if not param.marks:
                kind = param.values[0]
                cases[f"{entry_name}/{kind}"] = entry.args(root / entry_name / kind, kind)
    return run_cli(cases, cache=root / "cache")


@pytest.mark.parametrize(("entry", "kind"), [
    pytest.param(entry_name, *param.values, id=f"{entry_name}-{param.id}", marks=param.marks)
    for entry_name, entry in ENTRIES.items() for param in kinds(entry.kinds)])
def test_no_path_hangs_or_reads_without_bound(outcomes: dict[str, Outcome], entry: str, kind: str) -> None:
    outcome = outcomes[f"{entry}/{kind}"]
    assert outcome.code is not None, f"fluxc hung (still running after {outcome.seconds:.0f} s)"
    assert outcome.seconds < 10, outcome
    assert "internal error" not in outcome.stderr and "Traceback" not in outcome.stderr, outcome.stderr
    default = (1, "FLX509" if entry.startswith("crds") else "FLX001", NOT_REGULAR)
    code, diagnostic, words = SPECIAL.get((entry, kind), default)
    assert outcome.code == code, outcome.stderr
    assert words in outcome.stderr
    problems = [line for line in outcome.stderr.splitlines() if " error FLX" in line]
    if diagnostic is None:
        assert problems == [], outcome.stderr
    else:  # one line for the one problem, with its code
        assert len([line for line in outcome.stderr.splitlines() if f" {diagnostic}: " in line]) == 1
        assert len(problems) == (1 if code == 1 else 0), outcome.stderr


# --- files cheap to write, costly to read ---------------------------------------------------------------------------

# 15 MiB of documents stops at the document cap, fast; a single document of a million values stops at
# the node cap (scanning a million values takes ~2 s, so it runs once here; the other spellings of
# many values are unit tests of fluxc.yaml.bounds with a small cap). `fluxc validate` reads at most 1 MiB
# of a file: under it, the document cap still applies (1 MiB of `---` is 262,144 documents); a million
# values do not fit in 1 MiB, so there the byte cap is what refuses the list.
ONE_MIB = 1 << 20
STREAMS = {
    "dashes": ("---\n" * (FIFTEEN_MIB // 4), "more than 10,000 YAML documents", ":10001:1: ", ("manifests",)),
    "empty-maps": ("--- {}\n" * (FIFTEEN_MIB // 7), "more than 10,000 YAML documents", ":10001:1: ", ("manifests",)),
    "dashes-under-1-mib": ("---\n" * (ONE_MIB // 4 - 1), "more than 10,000 YAML documents", ":10001:1: ",
                           ("validate",)),
    "empty-maps-under-1-mib": ("--- {}\n" * (ONE_MIB // 7), "more than 10,000 YAML documents", ":10001:1: ",
                               ("validate",)),
    "block-list": ("- a\n" * (FIFTEEN_MIB // 4), "is larger than 1 MiB, the limit for a file fluxc validates", ": ",
                   ("validate",)),
}


@pytest.fixture(scope="module")
def streams(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    root = tmp_path_factory.mktemp("streams")
    cases: dict[str, list[str]] = {}
    for name, (text, _, _, vias) in STREAMS.items():
        objects = _write(root / name / "app" / "objects.yaml", text)
        answers = _write(root / name / "app" / "fluxc.yaml", PACKAGE.format(manifests="./objects.yaml"))
        cases.update({f"{via}/{name}": ["build", str(answers), "-q"] if via == "manifests" else
                      ["validate", str(objects)] for via in vias})
    return run_cli(cases)


@pytest.mark.parametrize(("name", "via"), [(name, via) for name, stream in STREAMS.items() for via in stream[3]])
def test_huge_streams_are_refused_quickly_naming_the_cap(streams: dict[str, Outcome], name: str, via: str) -> None:
    outcome = streams[f"{via}/{name}"]
    assert outcome.code == 1, outcome
    assert outcome.seconds < 15, outcome
    _, cap, where, _ = STREAMS[name]
    [problem] = [line for line in outcome.stderr.splitlines() if " error " in line]
    said = "the file" if cap.startswith("is ") else "the file holds"
    assert f"objects.yaml{where}error FLX002: $: {said} {cap}" in problem  # positioned where it can be, naming the cap


def _bomb(levels: int) -> str:
    """A CRD whose `default` a few hundred bytes of aliases blow up to 10**levels values."""
    lines = ["        default:\n", "          l0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"]
    lines += [f"          l{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, levels)]
    return CRD_HEAD + "".join(lines)


@pytest.mark.parametrize("command", ["build", "validate"])
def test_alias_bomb_in_crds_is_refused_quickly(tmp_path: Path, command: str) -> None:
    crds = _write(tmp_path / "bomb.yaml", _bomb(9))
    assert os.path.getsize(crds) < 2000
    target = _write(tmp_path / ("app.yaml" if command == "build" else "git.yaml"),
                    NGINX_CHART if command == "build" else GIT_REPOSITORY)
    outcome = run_cli({"bomb": [command, str(target), "--crds", str(crds)]
                       + (["--stdout"] if command == "build" else [])}, cache=tmp_path / "cache")["bomb"]
    assert outcome.code == 1, outcome
    assert outcome.seconds < 15, outcome
    [line] = [line for line in outcome.stderr.splitlines() if " error " in line]
    assert "FLX509" in line and "aliases expand the file to more than 500,000 values" in line
    where = int(line.split(f"{crds}:")[-1].split(":")[0])  # positioned: at an alias past the cap
    assert "*a" in crds.read_text().splitlines()[where - 1]
