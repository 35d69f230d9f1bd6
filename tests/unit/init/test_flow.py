"""fluxc.init.flow through `fluxc init`, driven by click's test runner: every branch of the questions, answers
checked as they are typed (build's diagnostics, asked again), defaults taken with Enter, --set, --defaults,
-o -, and an existing file never replaced without --force. Every file written compiles with `fluxc build`."""

from __future__ import annotations

from pathlib import Path

import pytest

from fluxc.init.answers_file import modeline
from helpers.terminal import run_cli

MODELINE = modeline()
JOURNEY_MENU = """\
How is the application deployed?
  1) chart      a third-party Helm chart (Helm or OCI repository), deployed by a Flux HelmRelease
  2) helm       packaged as a Helm chart kept in Git
  3) kustomize  packaged as a Kustomize folder kept in Git
  4) raw        a plain folder of manifests kept in Git
"""
DEPLOYMENT_MENU = """\
Deploy the package with Flux? (gitopsDeployment)
  1) flux       Flux objects that deploy it from Git (a GitRepository and a HelmRelease or Kustomization)
  2) none       only the package: something else deploys it
"""
DEPLOYMENT_OBJECT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
"""


@pytest.fixture(autouse=True)
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def typed(*answers: str) -> str:
    return "".join(f"{answer}\n" for answer in answers)


def compiles(path: str = "fluxc.yaml") -> list[str]:
    """`fluxc build PATH` succeeds; the files it wrote."""
    built = run_cli(["build", path, "-q"])
    assert (built.code, built.stderr) == (0, "")
    return sorted(p.name for p in (Path(path).parent / "manifests").iterdir())


def test_chart_journey_with_every_default_taken_with_enter() -> None:
    ran = run_cli(["init"], typed("chart", "https://stefanprodan.github.io/podinfo", "podinfo", "6.5.4",
                                  "", "", "", "", "", ""))
    assert ran.code == 0 and ran.stdout == ""
    assert Path("fluxc.yaml").read_text() == MODELINE + """\
fluxc: v1
name: podinfo
namespace: podinfo
deploymentMethod: flux
chart:
  repository: https://stefanprodan.github.io/podinfo
  name: podinfo
  version: 6.5.4
fluxNamespace: flux-system
reconcileInterval: 5m
outputPath: ./manifests
"""
    assert ran.transcript.startswith(JOURNEY_MENU + "Choose 1-4 or a name: chart\n")
    for prompt in ("Application name (name) [podinfo]: \n", "(fluxNamespace) [flux-system]: \n",
                   "(namespace; -: none, it runs in fluxNamespace) [podinfo]: \n", "(reconcileInterval) [5m]: \n",
                   "(outputPath) [./manifests]: \n", "Write fluxc.yaml? [Y/n]: \n"):
        assert prompt in ran.transcript
    assert ran.stderr.endswith("fluxc: wrote fluxc.yaml; compile it with `fluxc build fluxc.yaml`\n")
    assert compiles() == ["helmrelease.yaml", "helmrepository.yaml"]


def test_an_oci_chart_with_a_version_yaml_would_read_as_a_number_and_no_namespace() -> None:
    ran = run_cli(["init"], typed("1", "oci://ghcr.io/stefanprodan/charts", "podinfo", "1.10", "", "", "-", "",
                                  "", "y"))
    assert ran.code == 0
    text = Path("fluxc.yaml").read_text()
    assert '  version: "1.10"\n' in text and "namespace: " not in text.replace("fluxNamespace", "")
    assert compiles() == ["helmrelease.yaml", "ocirepository.yaml"]


def test_an_unpinned_chart_is_written_with_builds_warning_shown_first() -> None:
    ran = run_cli(["init"], typed("chart", "https://grafana.github.io/helm-charts", "grafana", "", "", "", "", "",
                                  "", ""))
    assert ran.code == 0 and "version" not in Path("fluxc.yaml").read_text()
    warning = ("fluxc.yaml: warning FLX301: $.chart: no chart version: Flux will install whatever version is "
               "newest (pin one, e.g. `version: \"1.2.3\"`, or a range such as `version: \"1.x\"`)\n")
    assert warning + "\nfluxc.yaml:\n" + MODELINE in ran.transcript


@pytest.mark.parametrize("package", ["helm", "kustomize", "raw"])
def test_a_package_deployed_by_flux(package: str) -> None:
    ran = run_cli(["init"], typed(package, "flux", "", "shop", "", "", "", "https://github.com/acme/fleet.git",
                                  "", "apps/shop", "", ""))
    assert ran.code == 0, ran.transcript
    assert DEPLOYMENT_MENU in ran.transcript
    assert Path("fluxc.yaml").read_text() == MODELINE + f"""\
fluxc: v1
name: shop
namespace: shop
outputFormat: {package}
gitopsDeployment: flux
gitRepoUrl: https://github.com/acme/fleet.git
gitBranch: main
gitPath: apps/shop
fluxNamespace: flux-system
reconcileInterval: 5m
outputPath: ./manifests
"""
    deployer = "helmrelease.yaml" if package == "helm" else "flux-kustomization.yaml"
    assert compiles() == sorted(["gitrepository.yaml", deployer])


@pytest.mark.parametrize("package", ["helm", "kustomize", "raw"])
def test_a_package_without_gitops_asks_for_manifests_and_no_flux_question(package: str) -> None:
    Path("rendered").mkdir()
    Path("rendered/web.yaml").write_text(DEPLOYMENT_OBJECT)
    ran = run_cli(["init"], typed(package, "", "", "./rendered", "web", "", "out", ""))
    assert ran.code == 0, ran.transcript
    assert "Choose 1-2 or a name [none]: \n" in ran.transcript
    assert "manifests needs an answer.\n" in ran.transcript  # Enter alone: the package needs manifests
    for flux_question in ("fluxNamespace", "reconcileInterval", "gitRepoUrl", "gitBranch", "gitPath"):
        assert f"({flux_question}" not in ran.transcript
    assert Path("fluxc.yaml").read_text() == MODELINE + f"""\
fluxc: v1
name: web
namespace: web
outputFormat: {package}
gitopsDeployment: none
manifests: ./rendered
outputPath: out
"""
    built = run_cli(["build", "fluxc.yaml", "-q"])
    assert (built.code, built.stderr) == (0, "") and Path("out").is_dir()


def test_manifests_are_optional_with_flux_and_written_when_given() -> None:
    Path("rendered").mkdir()
    Path("rendered/web.yaml").write_text(DEPLOYMENT_OBJECT)
    ran = run_cli(["init"], typed("kustomize", "1", "rendered", "web", "", "", "", "https://github.com/a/b.git",
                                  "", "apps/web/manifests", "", ""))
    assert ran.code == 0 and "manifests: rendered\n" in Path("fluxc.yaml").read_text()
    assert "kustomization.yaml" in compiles()


WRONG_ANSWERS = [  # (journey answers to get there, the wrong answer, the line build prints for it)
    (["chart", "ftp://charts.example.com"],
     "fluxc.yaml: error FLX105: $.chart.repository: ftp://charts.example.com is not an https://, http:// or oci:// "
     "URL (HelmRepository takes https:// or http://, OCI registries take oci://)"),
    (["chart", "https://user:hunter2@charts.example.com/stable"],
     "fluxc.yaml: error FLX204: $.chart.repository: the URL embeds a user name and password: "
     "https://***@charts.example.com/stable (credentials are never written to Git: write "
     "https://charts.example.com/stable and put them in a Secret named in `chart.secretRef`)"),
    (["chart", "https://charts.example.com/x", "my chart"],
     "fluxc.yaml: error FLX105: $.chart.name: 'my chart' is not a chart name (letters, digits, '.', '_' and '-')"),
    (["chart", "https://charts.example.com/x", "x", "latest"],
     "fluxc.yaml: error FLX105: $.chart.version: 'latest' is neither a version nor a semver range, so Helm and "
     "Flux cannot choose a chart version by it (write a version such as `1.2.3`, or a range such as `1.x`, "
     "`~1.2`, `^1.2.0` or `>=1.0.0 <2.0.0`; a tag such as `latest` cannot be chosen)"),
    (["kustomize", "flux", "", "Bad_Name"],
     "fluxc.yaml: error FLX105: $.name: 'Bad_Name' is not a DNS-1123 label (lower-case letters, digits and '-', "
     "starting and ending with a letter or digit, at most 63 characters)"),
    (["kustomize", "flux", "", "shop", "kube system"],
     "fluxc.yaml: error FLX105: $.fluxNamespace: 'kube system' is not a DNS-1123 label (lower-case letters, "
     "digits and '-', starting and ending with a letter or digit, at most 63 characters)"),
    (["kustomize", "flux", "", "shop", "", "", "0s"],
     "fluxc.yaml: error FLX107: $.reconcileInterval: `reconcileInterval` must be longer than 0s (for example 5m)"),
    (["kustomize", "flux", "", "shop", "", "", "", "git@github.com:acme/fleet.git"],
     "fluxc.yaml: error FLX205: $.gitRepoUrl: git@github.com:acme/fleet.git is not an https://, http:// or ssh:// "
     "URL (write it as ssh://git@github.com/acme/fleet.git)"),
    (["kustomize", "flux", "", "shop", "", "", "", "https://github.com/acme/fleet.git", "main..x"],
     "fluxc.yaml: error FLX105: $.gitBranch: 'main..x' is not a Git branch name: it contains `..` (Git refuses "
     "such names, see `git check-ref-format`; write the branch as it is in the repository)"),
    (["raw", "flux", "", "shop", "", "", "", "https://github.com/acme/fleet.git", "", "../elsewhere"],
     "fluxc.yaml: error FLX206: $.gitPath: '../elsewhere' uses '..' and may leave the Git repository (write a "
     "path inside the Git repository, without '..')"),
    (["raw", "none", "/etc"],
     "fluxc.yaml: error FLX206: $.manifests: '/etc' is an absolute path (write a path relative to the answers "
     "file's folder)"),
]


@pytest.mark.parametrize(("answers", "diagnostic"), WRONG_ANSWERS, ids=[d.split(": ")[2] for _a, d in WRONG_ANSWERS])
def test_a_wrong_answer_is_shown_builds_diagnostic_and_asked_again(answers: list[str], diagnostic: str) -> None:
    ran = run_cli(["init"], typed(*answers))  # the input ends after the wrong answer: the question comes back
    assert ran.code == 130 and not Path("fluxc.yaml").exists()
    *_, prompt_line = ran.transcript.split(diagnostic + "\n")[0].rstrip("\n").split("\n")
    prompt = prompt_line[:prompt_line.rindex(": ") + 2]
    assert ran.transcript.endswith(f"{diagnostic}\n{prompt}Aborted.\n")
    assert ran.transcript.count(diagnostic) == 1


def test_the_right_answer_after_a_wrong_one_is_taken() -> None:
    ran = run_cli(["init"], typed("kustomize", "flux", "", "Shop", "shop", "", "", "10 minutes", "10m",
                                  "https://github.com/acme/fleet.git", "", "apps/shop", "", ""))
    assert ran.code == 0
    text = Path("fluxc.yaml").read_text()
    assert "name: shop\n" in text and "reconcileInterval: 10m\n" in text
    assert "error FLX105: $.name: 'Shop'" in ran.stderr and "error FLX105: $.reconcileInterval: '10 minutes'" in ran.stderr
    compiles()


def test_a_warning_is_shown_once_and_the_answer_kept() -> None:
    ran = run_cli(["init"], typed("raw", "flux", "", "shop", "", "", "30s", "https://github.com/acme/fleet.git", "",
                                  "apps/shop", "", ""))
    assert ran.code == 0 and "reconcileInterval: 30s\n" in Path("fluxc.yaml").read_text()
    assert ran.stderr.count("warning FLX304: $.reconcileInterval:") == 1
    assert "(reconcileInterval) [5m]: 30s\nfluxc.yaml: warning FLX304" in ran.transcript


def test_choices_by_number_or_name_in_any_case_and_nothing_else() -> None:
    ran = run_cli(["init"], typed("5", "0", "Kustomize!", "KUSTOMIZE"))
    assert ran.transcript.count("Choose one of 1-4 or chart, helm, kustomize, raw.\n") == 3
    assert DEPLOYMENT_MENU in ran.transcript  # KUSTOMIZE was taken


def test_a_question_without_default_asks_again_on_enter() -> None:
    ran = run_cli(["init"], typed("", "chart", "", " "))
    assert ran.transcript.count("Choose one of 1-4") == 1
    assert ran.transcript.count("chart.repository needs an answer.\n") == 2


def test_a_chart_name_that_is_no_dns_label_is_no_default_for_the_name() -> None:
    ran = run_cli(["init"], typed("chart", "oci://ghcr.io/acme/charts", "Web_App", "1.0.0", "", "web-app"))
    assert "Application name (name): \nname needs an answer.\n" in ran.transcript


def test_declining_writes_nothing() -> None:
    ran = run_cli(["init"], typed("chart", "https://charts.example.com/x", "x", "1.0.0", "", "", "", "", "", "n"))
    assert ran.code == 0 and not Path("fluxc.yaml").exists()
    assert ran.stderr.endswith("Write fluxc.yaml? [Y/n]: n\nfluxc: nothing written\n")


def test_answers_given_with_set_are_not_asked() -> None:
    ran = run_cli(["init", "--set", "deploymentMethod=flux", "--set", "chart.repository=https://charts.example.com/x",
                   "--set", "chart.version=1.10", "--set", "namespace=", "-o", "apps/x/fluxc.yaml"],
                  typed("x", "", "", "", "", ""))
    assert ran.code == 0, ran.transcript
    assert "How is the application deployed?" not in ran.transcript
    for asked in ("(chart.repository", "(chart.version", "(namespace"):
        assert asked not in ran.transcript
    text = Path("apps/x/fluxc.yaml").read_text()
    assert '  version: "1.10"\n' in text and "\nnamespace:" not in text
    assert compiles("apps/x/fluxc.yaml") == ["helmrelease.yaml", "helmrepository.yaml"]


def test_an_answer_that_makes_a_set_answer_wrong_is_asked_again() -> None:
    ran = run_cli(["init", "--set", "gitBranch=dev"], typed("chart", "kustomize"))
    assert ran.transcript.startswith(JOURNEY_MENU + "Choose 1-4 or a name: chart\n"
                                     "fluxc.yaml: error FLX207: $.gitBranch: `gitBranch` does not apply with "
                                     "`deploymentMethod` (remove it)\nChoose 1-4 or a name: kustomize\n"
                                     + DEPLOYMENT_MENU)


@pytest.mark.parametrize(("sets", "lines"), [
    (["name=Bad_Name"], ["fluxc.yaml: error FLX105: $.name: 'Bad_Name' is not a DNS-1123 label"]),
    (["chart.versoin=1", "gitopsDeployment=maybe"],
     ["fluxc.yaml: error FLX101: $.chart.versoin: unknown key 'versoin' (did you mean 'version'?)",
      "fluxc.yaml: error FLX104: $.gitopsDeployment: "]),
    (["values.x=.nan"], ["fluxc.yaml: error FLX016: $.values.x: "]),
    (["deploymentMethod=argocd"], ["fluxc.yaml: error FLX203: $.deploymentMethod: deploymentMethod 'argocd' is a "
                                   "valid answer but fluxc does not compile it"]),
])
def test_a_wrong_set_answer_stops_before_the_first_question(sets: list[str], lines: list[str]) -> None:
    ran = run_cli(["init", *[arg for item in sets for arg in ("--set", item)]], typed("chart"))
    assert ran.code == 1 and ran.stdout == "" and not Path("fluxc.yaml").exists()
    printed = ran.stderr.splitlines()
    assert len(printed) == len(lines) and all(p.startswith(line) for p, line in zip(printed, lines, strict=True))


@pytest.mark.parametrize(("args", "message"), [
    (["--set", "name"], "'name' is not KEY=VALUE"), (["--set", "chart=x", "--set", "chart.name=y"],
                                                     "chart is set to a value and chart.name inside it"),
    (["--set", "a..b=1"], "is not KEY=VALUE"), (["-o", "."], ""),
    (["--set", "fluxc.x=1"], "fluxc.x cannot be set: fluxc is not a mapping"),
    (["-o", "apps/new/"], "it names a folder")])
def test_a_malformed_flag_is_a_usage_error(args: list[str], message: str) -> None:
    ran = run_cli(["init", "--defaults", *args])
    assert ran.code == 2 and message in ran.stderr and "Usage: fluxc init" in ran.stderr


def test_defaults_list_every_missing_answer_and_write_nothing() -> None:
    ran = run_cli(["init", "--defaults", "--set", "outputFormat=kustomize", "--set", "gitopsDeployment=flux"])
    assert (ran.code, ran.stdout) == (1, "") and not Path("fluxc.yaml").exists()
    hint = "or run `fluxc init` without `--defaults` to be asked"
    assert ran.stderr == "".join(
        f"fluxc.yaml: error FLX103: $.{key}: no answer for `{key}` (give it with `--set {key}=VALUE`, {hint})\n"
        for key in ("name", "gitRepoUrl", "gitPath"))
    nothing = run_cli(["init", "--defaults"])
    assert nothing.stderr.startswith(
        "fluxc.yaml: error FLX103: $.deploymentMethod: no answer for `deploymentMethod` or `outputFormat` (give one "
        "of `--set deploymentMethod=flux`, `--set outputFormat=helm`, `--set outputFormat=kustomize`, `--set "
        f"outputFormat=raw`, {hint})\n")


def test_defaults_with_every_needed_answer_write_without_asking() -> None:
    ran = run_cli(["init", "--defaults", "--set", "outputFormat=raw", "--set", "gitopsDeployment=flux", "--set",
                   "name=shop", "--set", "gitRepoUrl=https://github.com/acme/fleet.git", "--set", "gitPath=./apps",
                   "--set", "gitBranch=no", "--set", "prune=off", "--set", "labels.team=007"])
    assert ran.code == 0 and ran.stderr == "fluxc: wrote fluxc.yaml; compile it with `fluxc build fluxc.yaml`\n"
    assert Path("fluxc.yaml").read_text() == MODELINE + """\
fluxc: v1
name: shop
namespace: shop
outputFormat: raw
gitopsDeployment: flux
gitRepoUrl: https://github.com/acme/fleet.git
gitBranch: "no"
gitPath: ./apps
fluxNamespace: flux-system
reconcileInterval: 5m
outputPath: ./manifests
prune: false
labels:
  team: "007"
"""
    compiles()


def test_dash_prints_the_file_on_stdout_and_writes_nothing() -> None:
    ran = run_cli(["init", "--defaults", "-o", "-", "--set", "deploymentMethod=flux", "--set",
                   "chart.repository=https://charts.example.com/x", "--set", "chart.name=x"])
    assert ran.code == 0 and ran.stdout.startswith(MODELINE + "fluxc: v1\nname: x\n")
    assert ran.stderr.startswith("<stdout>: warning FLX301: $.chart: no chart version") and list(Path().iterdir()) == []


def test_an_existing_file_is_refused_before_the_first_question_unless_forced() -> None:
    Path("fluxc.yaml").write_text("mine\n")
    ran = run_cli(["init"], typed("chart"))
    assert (ran.code, ran.stdout) == (1, "") and Path("fluxc.yaml").read_text() == "mine\n"
    assert ran.stderr == ("fluxc.yaml: error FLX404: $: the file already exists; it is not replaced (choose another "
                          "path with -o, or pass --force to replace it)\n")
    forced = run_cli(["init", "--force", "--defaults", "--set", "deploymentMethod=flux", "--set",
                      "chart.repository=https://charts.example.com/x", "--set", "chart.name=x"])
    assert forced.code == 0 and Path("fluxc.yaml").read_text().startswith(MODELINE)


def test_a_file_that_appears_while_the_questions_are_asked_is_not_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    import click

    confirm = click.confirm

    def meanwhile(*args: object, **kwargs: object) -> bool:
        Path("fluxc.yaml").write_text("written meanwhile\n")
        return bool(confirm(*args, **kwargs))  # type: ignore[arg-type]

    monkeypatch.setattr(click, "confirm", meanwhile)
    ran = run_cli(["init"], typed("chart", "https://charts.example.com/x", "x", "1.0.0", "", "", "", "", "", "y"))
    assert ran.code == 1 and "error FLX404" in ran.stderr
    assert Path("fluxc.yaml").read_text() == "written meanwhile\n"


def test_control_characters_typed_are_refused_and_never_printed_raw() -> None:
    ran = run_cli(["init"], typed("kustomize", "flux", "", "web\x1b[2J", "w\x7fb", "\u202eweb"))
    problems = [line for line in ran.stderr.splitlines() if line.startswith("fluxc.yaml: ")]
    assert [line.split(": ")[2] for line in problems] == ["$.name"] * 3
    assert "'web\\x1b[2J' is not a DNS-1123 label" in problems[0]
    assert "error FLX016: $.name: the string holds U+007F" in problems[1] and "\\u202e" in problems[2]
    assert not any(char in line for line in problems for char in "\x1b\x7f\u202e")
