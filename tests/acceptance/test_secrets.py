"""No diagnostic ever shows a secret, and no plaintext Secret is ever written: every reachable path, planted
with markers (tests/helpers/secrets.py), through the real CLI (`fluxc.cli.main`), stdout and stderr grepped.

* URLs with user-info however malformed, in every answers key that takes a URL (and misspelt or misplaced
  ones), and in Flux objects given to `fluxc validate` or packaged as `manifests`;
* Secret payloads of every YAML type, in every spelling of a Secret (and in ConfigMaps), as `manifests`:
  refused (FLX603, unless the file does not even load), never written, never shown;
* `manifests` documents that are no objects at all: a positioned FLX604, never an internal error.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fluxc.cli import main
from helpers.secrets import (
    HOSTILE_URLS,
    MARKER,
    PAYLOAD_VALUES,
    SECRET_SPELLINGS,
    payload,
    secret_document,
    secret_markers,
    yaml_string,
)
from helpers.snippets import flux_object

PACKAGE = "fluxc: v1\nname: shop\nnamespace: shop\noutputFormat: {fmt}\ngitopsDeployment: none\nmanifests: ./rendered\n"
# Values the YAML loader refuses before any object is checked (so no FLX603 can follow).
UNLOADABLE = {"binary-tag", "int-tag-string"}
# A YAML-level leak outside this suite's files: fluxc.yaml.safe words a tag mismatch with the value itself.


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FLUXC_TRACEBACK", raising=False)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Exit code and everything printed (notes and summary included: no --quiet)."""
    code = main(list(args))
    printed = capsys.readouterr()
    return code, printed.out + printed.err


def assert_hidden(code: int, printed: str) -> None:
    assert code in (0, 1), printed  # never an internal error
    for marker in secret_markers():
        assert marker not in printed, printed


def assert_nothing_written_with_secrets(root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_file() and path.parent.name != "rendered" and path.name != "answers.yaml":
            text = path.read_text(errors="replace")
            assert not any(marker in text for marker in secret_markers()), path


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


# --- URLs in answers files ----------------------------------------------------------------------------------

GIT = "fluxc: v1\nname: podinfo\noutputFormat: kustomize\ngitopsDeployment: flux\ngitPath: apps/podinfo\n"
CHART = "fluxc: v1\nname: podinfo\ndeploymentMethod: flux\nchart:\n  name: podinfo\n  version: 6.5.4\n"
# (case id, answers text with `{url}`): every answers key that takes a URL, and the same URL where it does not belong.
URL_PLACES = [
    ("gitRepoUrl", GIT + "gitRepoUrl: {url}\n"),
    ("chart.repository", CHART + "  repository: {url}\n"),
    ("misspelt-gitRepoURL", GIT + "gitRepoURL: {url}\n"),
    ("misspelt-chart.repo", CHART + "  repo: {url}\n"),
    ("gitRepoUrl-in-chart-journey", CHART + "  repository: https://charts.example.com\ngitRepoUrl: {url}\n"),
    ("repository-at-top-level", GIT + "gitRepoUrl: https://github.com/org/x.git\nrepository: {url}\n"),
    ("url-as-name", GIT.replace("name: podinfo", "name: {url}") + "gitRepoUrl: https://github.com/org/x.git\n"),
    ("url-as-gitPath", GIT.replace("gitPath: apps/podinfo", "gitPath: {url}")
     + "gitRepoUrl: https://github.com/org/x.git\n"),
    ("url-in-a-list", GIT + "gitRepoUrl: [{url}]\n"),
]


# Every URL in the keys that take one; a sample (one of each shape) where a URL does not belong.
SAMPLE = {"scp-password-underscore-host", "scp-password-several-at", "scp-user-is-a-token", "https-password-slash",
          "https-token", "https-one-slash", "ssh-password", "oci-password", "scheme-relative", "tab-before-at"}
URL_CASES = [pytest.param(text, url, id=f"{url_case}-{place}") for place, text in URL_PLACES
             for url_case, url in HOSTILE_URLS if place in ("gitRepoUrl", "chart.repository") or url_case in SAMPLE]


@pytest.mark.parametrize(("place", "url"), URL_CASES)
def test_urls_in_answers_never_show_their_user_info(work: Path, capsys: pytest.CaptureFixture[str], place: str,
                                                    url: str) -> None:
    write(work, {"answers.yaml": place.replace("{url}", yaml_string(url))})
    assert_hidden(*run(capsys, "build", "answers.yaml", "-o", "out"))
    assert_hidden(*run(capsys, "validate", "answers.yaml"))


# --- URLs in Flux objects -----------------------------------------------------------------------------------

FLUX_SOURCES = [
    ("source.toolkit.fluxcd.io/v1", "GitRepository", "spec:\n  interval: 1m\n  url: {url}\n"),
    ("source.toolkit.fluxcd.io/v1", "HelmRepository", "spec:\n  interval: 1m\n  url: {url}\n"),
    ("source.toolkit.fluxcd.io/v1", "OCIRepository", "spec:\n  interval: 1m\n  url: {url}\n"),
    ("source.toolkit.fluxcd.io/v1", "GitRepository", "spec:\n  interval: 1m\n  url: [{url}]\n"),
    ("source.toolkit.fluxcd.io/v1", "GitRepository", "spec:\n  interval: 1m\n  url: {url}\n  proxy: {url}\n"),
    ("source.toolkit.fluxcd.io/v1beta2", "GitRepository", "spec:\n  interval: 1m\n  url: {url}\n"),
]


def flux_stream(url: str) -> str:
    return "---\n".join(flux_object(api, kind, spec.replace("{url}", yaml_string(url)), name=f"s{i}")
                        for i, (api, kind, spec) in enumerate(FLUX_SOURCES))


@pytest.mark.parametrize("url", [pytest.param(url, id=case) for case, url in HOSTILE_URLS])
def test_urls_in_flux_objects_never_show_their_user_info(work: Path, capsys: pytest.CaptureFixture[str],
                                                         url: str) -> None:
    write(work, {"flux.yaml": flux_stream(url), "rendered/flux.yaml": flux_stream(url),
                 "answers.yaml": PACKAGE.format(fmt="kustomize")})
    assert_hidden(*run(capsys, "validate", "flux.yaml"))
    assert_hidden(*run(capsys, "build", "answers.yaml", "-o", "out"))


# --- Secrets in manifests -----------------------------------------------------------------------------------

def _payload_params(spellings: list[str], values: list[tuple[str, str]], formats: list[str]) -> list[object]:
    params = []
    for spelling in spellings:
        for field in ("data", "stringData"):
            for case, value in values:
                for fmt in formats:
                    params.append(pytest.param(spelling, field, case, value, fmt,
                                               id=f"{spelling}-{field}-{case}-{fmt}"))
    return params


# Every value in a plain Secret, for every packager; the other spellings with a few values (one packager: the
# spellings are found before any packager runs).
EVERY_VALUE = _payload_params(["v1-Secret"], PAYLOAD_VALUES, ["kustomize", "helm", "raw"])
SOME_VALUES = [(c, v) for c, v in PAYLOAD_VALUES if c in ("string", "int", "bool", "map", "block-string", "list")]
EVERY_SPELLING = _payload_params([case for case, _ in SECRET_SPELLINGS if case != "v1-Secret"], SOME_VALUES,
                                 ["kustomize"])


@pytest.mark.parametrize(("spelling", "field", "case", "value", "fmt"), EVERY_VALUE + EVERY_SPELLING)
def test_plaintext_secrets_are_refused_never_shown_never_written(work: Path, capsys: pytest.CaptureFixture[str],
                                                                 spelling: str, field: str, case: str, value: str,
                                                                 fmt: str) -> None:
    write(work, {"rendered/secret.yaml": secret_document(spelling, payload(field, value)),
                 "answers.yaml": PACKAGE.format(fmt=fmt)})
    code, printed = run(capsys, "build", "answers.yaml", "-o", "out")
    assert_hidden(code, printed)
    assert code == 1, printed
    if case not in UNLOADABLE:
        assert "FLX603" in printed, printed
    assert_nothing_written_with_secrets(work)
    assert_hidden(*run(capsys, "validate", "rendered"))  # `fluxc validate` skips them, and says so without values


@pytest.mark.parametrize(("case", "value"), [pytest.param(c, v, id=c) for c, v in PAYLOAD_VALUES])
@pytest.mark.parametrize("field", ["data", "binaryData"])
def test_configmap_values_are_never_shown(work: Path, capsys: pytest.CaptureFixture[str], field: str, case: str,
                                          value: str) -> None:
    configmap = f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n{payload(field, value)}"
    write(work, {"rendered/cm.yaml": configmap, "answers.yaml": PACKAGE.format(fmt="kustomize")})
    assert_hidden(*run(capsys, "build", "answers.yaml", "-o", "out"))


SOPS_BLOCK = "sops:\n  version: 3.9.0\n  mac: ENC[AES256_GCM,data:bWFj,iv:aXY=,tag:dGFn,type:str]\n"
ENCRYPTED = "ENC[AES256_GCM,data:Zm9v,iv:aXY=,tag:dGFn,type:str]"
HALF_ENCRYPTED = [
    ("one-value-plain", f"stringData:\n  a: {ENCRYPTED}\n  pin: {MARKER}\n"),
    ("fake-enc", f'stringData:\n  pin: "ENC[{MARKER}]"\n'),
    ("number", "stringData:\n  pin: 424242\n"),
    ("nested", f"stringData:\n  pin:\n    deep: {MARKER}\n"),
    ("other-field-plain", f"data:\n  a: {ENCRYPTED}\nstringData:\n  pin: {MARKER}\n"),
    ("last-applied", f"stringData:\n  a: {ENCRYPTED}\nmetadata:\n  annotations:\n    "
                     f"kubectl.kubernetes.io/last-applied-configuration: '{{\"stringData\":{{\"pin\":\"{MARKER}\"}}}}'\n"),
]


@pytest.mark.parametrize("text", [pytest.param(t, id=c) for c, t in HALF_ENCRYPTED])
def test_half_encrypted_secrets_are_refused(work: Path, capsys: pytest.CaptureFixture[str], text: str) -> None:
    document = secret_document("v1-Secret", text + SOPS_BLOCK)
    if "\nmetadata:\n  annotations" in document:  # one metadata mapping: move the annotations under the first
        document = document.replace("metadata:\n  name: db\n", "").replace("metadata:\n", "metadata:\n  name: db\n")
    write(work, {"rendered/secret.yaml": document, "answers.yaml": PACKAGE.format(fmt="kustomize")})
    code, printed = run(capsys, "build", "answers.yaml", "-o", "out")
    assert_hidden(code, printed)
    assert code == 1 and "FLX603" in printed, printed
    assert_nothing_written_with_secrets(work)


def test_an_encrypted_secret_is_written(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The other side: a Secret SOPS encrypted is packaged, as it is."""
    write(work, {"rendered/secret.yaml": secret_document("v1-Secret", f"stringData:\n  pin: {ENCRYPTED}\n"
                                                          + SOPS_BLOCK),
                 "answers.yaml": PACKAGE.format(fmt="kustomize")})
    code, printed = run(capsys, "build", "answers.yaml", "-o", "out")
    assert code == 0, printed
    assert ENCRYPTED in (work / "out" / "base" / "secret-db.yaml").read_text()


# --- documents that are no objects ----------------------------------------------------------------------------

@pytest.mark.parametrize("document", ["--- 42", "--- true", f"--- {MARKER}", '--- "x"', "--- [1, 2]", "--- 4.2",
                                      "--- ''", "--- !!str 7", "--- 0x10", "--- yes"])
def test_scalar_documents_get_a_positioned_diagnostic(work: Path, capsys: pytest.CaptureFixture[str],
                                                      document: str) -> None:
    configmap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n"
    write(work, {"rendered/a.yaml": f"{configmap}{document}\n", "answers.yaml": PACKAGE.format(fmt="kustomize")})
    code, printed = run(capsys, "build", "answers.yaml", "-o", "out", "--quiet")
    assert_hidden(code, printed)
    assert code == 1
    assert printed.startswith("rendered/a.yaml:5:") and "FLX604" in printed, printed


@pytest.mark.parametrize("path", ["./ren\\0dered", "\\0", "a\\u0000/b.yaml", "./" + "x" * 5000, "rendered\\n/x"])
def test_unusable_manifests_paths_get_a_diagnostic(work: Path, capsys: pytest.CaptureFixture[str], path: str) -> None:
    write(work, {"answers.yaml": PACKAGE.format(fmt="kustomize").replace("./rendered", f'"{path}"')})
    code, printed = run(capsys, "build", "answers.yaml", "-o", "out", "--quiet")
    assert code == 1, printed
    assert printed.startswith("answers.yaml:6:"), printed
