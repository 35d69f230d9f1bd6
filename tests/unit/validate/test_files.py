"""fluxc.validate.files: finding files, counting documents, and the outcome `fluxc validate` prints."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, ExitCode
from fluxc.report.outcome import Counted
from fluxc.targets.flux.catalog import bundled_catalog
from fluxc.validate.files import ValidateOutcome, discover, run, validate_paths
from helpers import hostile
from helpers.snippets import GIT_REPOSITORY, NGINX_CHART

GIT = GIT_REPOSITORY
DEPLOYMENT = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n"
# valid, invalid (bogus on line 17), an empty document, a Deployment (line 21)
STREAM = GIT + "---\n" + GIT.replace("name: podinfo", "name: broken").replace(
    "  url:", "  bogus: true\n  url:") + "---\n---\n" + DEPLOYMENT
BAD_ANSWERS = NGINX_CHART.replace("name: nginx-ingress", "name: Bad_Name")


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)


# --------------------------------------------------------------------------- discover

def test_discover_walks_folders_and_keeps_files_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"b.yaml": "", "a.yml": "", "sub/z.yaml": "", "sub/deeper/c.yaml": "", "notes.txt": "",
                     "kustomization.json": "", "README.md": "", ".git/config.yaml": "", "sub/.cache/x.yml": "",
                     ".hidden.yaml": "", "sub/x.yaml.bak": "", "explicit.txt": ""})
    (tmp_path / "dir.yaml").mkdir()  # a folder named like a file is no file
    monkeypatch.chdir(tmp_path)
    found = discover([Path("explicit.txt"), Path(".")])[0]
    assert found == [Path("explicit.txt"), Path("a.yml"), Path("b.yaml"), Path("sub/deeper/c.yaml"),
                     Path("sub/z.yaml")]


def test_discover_reads_a_hidden_folder_named_explicitly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {".flux/gotk.yaml": "", ".flux/.git/x.yaml": ""})
    monkeypatch.chdir(tmp_path)
    assert discover([Path(".flux")])[0] == [Path(".flux/gotk.yaml")]


def test_discover_keeps_the_order_of_the_arguments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"b/1.yaml": "", "a/2.yaml": ""})
    monkeypatch.chdir(tmp_path)
    assert discover([Path("b"), Path("a")])[0] == [Path("b/1.yaml"), Path("a/2.yaml")]


# --------------------------------------------------------------------------- validate_paths

@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write(tmp_path, {
        "stream.yaml": STREAM,
        "apps/answers.yaml": NGINX_CHART,
        "apps/bad-answers.yml": BAD_ANSWERS,
        "broken/syntax.yaml": "apiVersion: v1\nkind: [\n",
        ".git/ignored.yaml": "kind: [\n",
        "notes.txt": "not: [yaml\n",
    })
    with open(tmp_path / "huge.yaml", "wb") as handle:  # sparse: cheap to write, 16 MiB + 1 to read
        handle.truncate((16 << 20) + 1)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_validate_paths_counts_and_reports(tree: Path) -> None:
    outcome = validate_paths([Path(".")], bundled_catalog())
    assert (outcome.files, outcome.valid, outcome.invalid, outcome.skipped) == (5, 2, 5, 0)
    assert outcome.summary() == Counted(files=5, valid=2, invalid=5)
    assert [(d.file, d.span.line if d.span else None, d.code, d.severity) for d in outcome.diagnostics] == [
        ("apps/bad-answers.yml", 2, codes.BAD_FORMAT, "error"),
        ("broken/syntax.yaml", 3, codes.YAML_SYNTAX, "error"),
        ("huge.yaml", None, codes.FILE_TOO_LARGE, "error"),
        ("stream.yaml", 17, codes.UNKNOWN_KEY, "error"),
        ("stream.yaml", 21, codes.MISSING_KEY, "error"),  # built-in kinds are validated too: a Deployment needs a spec
    ]
    assert outcome.exit_code == ExitCode.INVALID


def test_validate_paths_sorts_diagnostics(tree: Path) -> None:
    # given in reverse order, the diagnostics still come sorted by file and position
    outcome = validate_paths([Path("stream.yaml"), Path("huge.yaml"), Path("broken"), Path("apps")],
                             bundled_catalog())
    assert outcome.diagnostics == sorted(outcome.diagnostics, key=Diagnostic.sort_key)
    assert outcome.files == 5


def test_an_empty_document_is_not_counted(tmp_path: Path) -> None:
    write(tmp_path, {"empty.yaml": "---\n", "comments.yaml": "# nothing here\n", "blank.yaml": ""})
    outcome = validate_paths([tmp_path], bundled_catalog())
    assert (outcome.files, outcome.valid, outcome.invalid, outcome.skipped) == (3, 0, 0, 0)
    assert outcome.diagnostics == []
    assert outcome.summary() == Counted(files=3, valid=0, invalid=0)
    assert outcome.exit_code == ExitCode.OK


@pytest.mark.parametrize(("content", "code", "line"), [
    ("apiVersion: v1\nkind: [\n", codes.YAML_SYNTAX, 3),
    (b"\xff\xfeapiVersion", codes.FILE_NOT_UTF8, 1),
    (b"kind: \x00", codes.FILE_BINARY, 1),
], ids=["syntax", "utf16", "binary"])
def test_a_file_that_does_not_parse_counts_as_one_invalid_document(content: str | bytes, code: str, line: int,
                                                                     tmp_path: Path) -> None:
    write(tmp_path, {"bad.yaml": content})
    outcome = validate_paths([tmp_path / "bad.yaml"], bundled_catalog())
    assert (outcome.files, outcome.valid, outcome.invalid, outcome.skipped) == (1, 0, 1, 0)
    assert [(d.code, d.file, d.span.line if d.span else None) for d in outcome.diagnostics] == [
        (code, str(tmp_path / "bad.yaml"), line)]


def test_a_problem_inside_one_document_spoils_only_that_document(tmp_path: Path) -> None:
    write(tmp_path, {"two.yaml": GIT + "---\n" + GIT + "spec: {}\n"})
    outcome = validate_paths([tmp_path / "two.yaml"], bundled_catalog())
    assert (outcome.files, outcome.valid, outcome.invalid, outcome.skipped) == (1, 1, 1, 0)
    assert [(d.code, d.span.line if d.span else None) for d in outcome.diagnostics] == [(codes.DUPLICATE_KEY, 18)]


def test_answers_files_are_compiled_and_warn(tmp_path: Path) -> None:
    unpinned = NGINX_CHART.replace('  version: "4.8.3"\n', "")
    write(tmp_path, {"answers.yaml": unpinned})
    outcome = validate_paths([tmp_path], bundled_catalog())
    assert (outcome.valid, outcome.invalid) == (1, 0)
    assert [(d.code, d.severity) for d in outcome.diagnostics] == [(codes.UNPINNED_CHART, "warning")]
    assert outcome.exit_code == ExitCode.OK


def test_validate_writes_nothing(tree: Path) -> None:
    before = sorted(p for p in tree.rglob("*"))
    validate_paths([Path(".")], bundled_catalog())
    assert sorted(p for p in tree.rglob("*")) == before  # no manifests/ beside the answers files


def test_an_answers_file_too_large_for_build_is_refused(tmp_path: Path) -> None:
    write(tmp_path, {"answers.yaml": NGINX_CHART + ("#" + "x" * 99 + "\n") * 11000})  # ~1.1 MB of comments
    outcome = validate_paths([tmp_path / "answers.yaml"], bundled_catalog())
    assert [d.code for d in outcome.diagnostics] == [codes.FILE_TOO_LARGE]


# --------------------------------------------------------------------------- exit codes

@pytest.mark.parametrize(("diagnostics", "expected"), [
    ([], ExitCode.OK),
    ([Diagnostic(codes.SKIPPED, "skipped", severity="note"), Diagnostic(codes.NO_SCHEMA, "x", severity="warning")],
     ExitCode.OK),
    ([Diagnostic(codes.UNKNOWN_KEY, "unknown"), Diagnostic(codes.SKIPPED, "skipped", severity="note")],
     ExitCode.INVALID),
    ([Diagnostic(codes.UNKNOWN_KEY, "unknown"), Diagnostic(codes.OUTPUT_INVALID, "bug")], ExitCode.INTERNAL),
], ids=["nothing", "notes-and-warnings", "an-error", "internal"])
def test_exit_code(diagnostics: list[Diagnostic], expected: ExitCode) -> None:
    assert ValidateOutcome(diagnostics=diagnostics).exit_code == expected


def test_run_with_unusable_crds_checks_nothing_and_counts_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # never the user's cache
    write(tmp_path, {"crds.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n", "a.yaml": ""})
    outcome = run([tmp_path / "a.yaml"], crds=[tmp_path / "crds.yaml"])
    assert [d.code for d in outcome.diagnostics] == [codes.CRDS_UNUSABLE]
    assert (outcome.summary(), outcome.exit_code) == (None, ExitCode.INVALID)


# --------------------------------------------------------------------------- import cost

CHECK_IMPORTS = textwrap.dedent("""\
    import sys
    from pathlib import Path
    from fluxc.targets.flux.catalog import bundled_catalog
    from fluxc.validate.files import validate_paths

    outcome = validate_paths([Path("manifest.yaml")], bundled_catalog())
    assert (outcome.valid, outcome.invalid) == (1, 1), outcome  # the Deployment has no spec
    assert "pydantic" not in sys.modules, "validating manifests imported pydantic"
    assert "celpy" not in sys.modules, "the bundled catalog imported cel-python"
    outcome = validate_paths([Path("answers.yaml")], bundled_catalog())
    assert (outcome.valid, outcome.invalid) == (1, 0), outcome
    assert "pydantic" in sys.modules  # the check above can fail: compiling an answers file does import it
    print("ok")
""")


def test_validating_manifests_does_not_import_pydantic(tmp_path: Path) -> None:
    write(tmp_path, {"manifest.yaml": GIT + "---\n" + DEPLOYMENT, "answers.yaml": NGINX_CHART})
    done = subprocess.run([sys.executable, "-c", CHECK_IMPORTS], cwd=tmp_path, capture_output=True, text=True,
                          check=False, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, "ok\n", "")


def test_discover_leaves_out_what_helm_renders_but_keeps_the_flux_objects_beside_a_chart(tmp_path: Path) -> None:
    chart = tmp_path / "apps" / "shop"
    for name in ["Chart.yaml", "values.yaml", "values-prod.yaml", "templates/deploy.yaml", "charts/dep/Chart.yaml",
                 "crds/crd.yaml", "helmrelease.yaml", "gitrepository.yaml"]:
        (chart / name).parent.mkdir(parents=True, exist_ok=True)
        (chart / name).write_text("x: 1\n")
    (tmp_path / "apps" / "values.yaml").write_text("x: 1\n")  # not in a chart folder: validated
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])[0]]
    assert found == ["apps/shop/gitrepository.yaml", "apps/shop/helmrelease.yaml", "apps/values.yaml"]
    # a file named explicitly is validated whatever it is
    assert discover([chart / "Chart.yaml"])[0] == [chart / "Chart.yaml"]


def test_discover_does_not_follow_a_link_out_of_the_folder_and_says_so(tmp_path: Path) -> None:
    write(tmp_path, {"repo/apps/a.yaml": "", "elsewhere/secret.yaml": ""})
    (tmp_path / "repo" / "apps" / "shared").symlink_to(tmp_path / "elsewhere")
    files, notes = discover([tmp_path / "repo"])
    assert files == [tmp_path / "repo" / "apps" / "a.yaml"]
    assert [(d.code, d.severity, d.file) for d in notes] == [
        (codes.SKIPPED, "note", str(tmp_path / "repo" / "apps" / "shared"))]


# --------------------------------------------------------------------------- what is no regular file, or too much


@pytest.mark.parametrize(("where", "kind"), [
    pytest.param(where, *kind.values, id=f"{where}-{kind.id}", marks=kind.marks)
    for where, kinds in (("named", hostile.KINDS), ("in-folder", hostile.PLACEABLE)) for kind in hostile.kinds(kinds)])
def test_what_is_no_regular_file_is_one_error_never_a_hang(tmp_path: Path, kind: str, where: str) -> None:
    write(tmp_path, {"repo/git.yaml": GIT})
    path = hostile.make(kind, tmp_path / "repo" / "objects.yaml")
    given = [tmp_path / "repo"] if where == "in-folder" else [path]
    outcome = hostile.call_within(lambda: validate_paths(given, bundled_catalog()), fifos=[path])
    errors = [(d.file, d.code) for d in outcome.diagnostics if d.is_error]
    if kind == "directory" and where != "in-folder":
        # a folder given that holds no YAML file: a check that proves nothing is an error
        assert [(d.file, d.code) for d in outcome.diagnostics] == [(str(path), codes.NO_YAML)]
        return
    if kind == "directory" or (where == "in-folder" and kind.startswith("link-") and kind != "link-fifo"):
        # a folder is searched; a link out of the folder is a note, never read
        assert errors == [] and outcome.exit_code == ExitCode.OK
        return
    assert errors == [(str(path), codes.FILE_UNREADABLE)]
    assert hostile.NOT_REGULAR in outcome.diagnostics[0].message
    assert outcome.exit_code == ExitCode.INVALID


def test_an_answers_file_over_the_value_cap_is_one_error(tmp_path: Path) -> None:
    write(tmp_path, {"answers.yaml": NGINX_CHART + "values:\n  big: [" + "1," * 100_000 + "1]\n"})
    outcome = validate_paths([tmp_path / "answers.yaml"], bundled_catalog())
    assert [(d.code, "more than 100,000 YAML values" in d.message) for d in outcome.diagnostics] == [
        (codes.FILE_TOO_LARGE, True)]


def test_a_duplicate_key_in_a_kustomization_is_an_error(tmp_path: Path) -> None:
    """kustomize refuses it too; a kustomization file is never 'not Kubernetes' YAML to set aside."""
    write(tmp_path, {"kustomization.yaml": "resources: []\nresources: []\n"})
    outcome = validate_paths([tmp_path], bundled_catalog())
    assert [(d.code, d.span.line if d.span else None) for d in outcome.diagnostics] == [(codes.DUPLICATE_KEY, 2)]
    assert outcome.invalid == 1
