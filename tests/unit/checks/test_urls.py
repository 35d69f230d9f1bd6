"""fluxc.checks.urls: pure URL helpers; above all, no credential may ever be shown."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fluxc.checks.urls import (
    credentials_in,
    host_of,
    last_segment,
    redact,
    scp_to_ssh,
    to_dns_label,
    url_hint,
    without_userinfo,
)
from helpers.secrets import HOSTILE_URLS, MARKERS
from helpers.tables import cases_of

# Each helper on one input, by case id: (helper, case id, input, what the helper returns). Each test takes its rows.
RESULTS: list[tuple[Callable[[str], str | None], str, str, str | None]] = [
    # --- redact: the userinfo becomes *** (a plain ssh user stays)
    (redact, "user-pass", "https://bot:hunter2@github.com/org/repo.git", "https://***@github.com/org/repo.git"),
    (redact, "token-only", "https://ghp_hunter2@github.com/org/repo.git", "https://***@github.com/org/repo.git"),
    (redact, "empty-user", "https://:hunter2@github.com/org/repo.git", "https://***@github.com/org/repo.git"),
    (redact, "oci", "oci://robot:hunter2@ghcr.io/org/charts", "oci://***@ghcr.io/org/charts"),
    (redact, "upper-case-scheme", "HTTPS://u:hunter2@example.com/x", "HTTPS://***@example.com/x"),
    (redact, "with-port", "http://u:hunter2@example.com:8080/x", "http://***@example.com:8080/x"),
    (redact, "ssh-password", "ssh://git:hunter2@github.com/org/repo.git", "ssh://***@github.com/org/repo.git"),
    (redact, "ssh-git-user-kept", "ssh://git@github.com/org/repo.git", "ssh://git@github.com/org/repo.git"),
    (redact, "no-userinfo", "https://github.com/org/repo.git", "https://github.com/org/repo.git"),
    (redact, "at-in-path-is-not-userinfo", "https://github.com/org/repo@v1", "https://github.com/org/repo@v1"),
    (redact, "at-in-query-is-not-userinfo", "https://example.com/x?u=a:b@c", "https://example.com/x?u=a:b@c"),
    (redact, "not-a-url", "hunter", "hunter"),
    # malformed user-info: from the scheme (or the start) to the last `@` before the host, whatever it holds
    (redact, "scp-password", "git:hunter2@my_host:org/repo.git", "***@my_host:org/repo.git"),
    (redact, "scp-git-user-kept", "git@github.com:org/repo.git", "git@github.com:org/repo.git"),
    (redact, "scp-other-user", "deploy@host:org/repo.git", "***@host:org/repo.git"),
    (redact, "scp-several-at", "git:a@hunter2@host:org/repo.git", "***@host:org/repo.git"),
    (redact, "scp-space", "git:hun ter2@host:org/repo.git", "***@host:org/repo.git"),
    (redact, "scp-slash-in-password", "git:hun/ter2@host:org/repo.git", "***@host:org/repo.git"),
    (redact, "ssh-other-user", "ssh://deploy@host/x", "ssh://***@host/x"),
    (redact, "https-user-git", "https://git@host/x", "https://***@host/x"),
    (redact, "slash-in-password", "https://u:hunter2/x@github.com/y", "https://***@github.com/y"),
    (redact, "query-in-password", "https://u:hunter2?x@github.com/y", "https://***@github.com/y"),
    (redact, "one-slash-scheme", "https:/u:hunter2@github.com/x", "***@github.com/x"),
    (redact, "scheme-relative", "//u:hunter2@github.com/x", "***@github.com/x"),
    (redact, "nothing-after-at", "https://hunter2@", "https://***@"),
    (redact, "port-then-at-in-path", "https://example.com:8080/x@y", "https://example.com:8080/x@y"),
    # --- scp_to_ssh
    (scp_to_ssh, "github-git-user", "git@github.com:org/repo.git", "ssh://git@github.com/org/repo.git"),
    (scp_to_ssh, "no-user", "github.com:org/repo", "ssh://github.com/org/repo"),
    (scp_to_ssh, "absolute-path", "git@host.example.com:/srv/git/repo.git", "ssh://git@host.example.com/srv/git/repo.git"),
    (scp_to_ssh, "azure-devops", "git@ssh.dev.azure.com:v3/org/project/repo", "ssh://git@ssh.dev.azure.com/v3/org/project/repo"),
    (scp_to_ssh, "dotted-user", "first.last@gitlab.example.com:group/sub/repo.git", "ssh://first.last@gitlab.example.com/group/sub/repo.git"),
    (scp_to_ssh, "password-dropped", "git:hunter2@my_host:org/repo.git", "ssh://git@my_host/org/repo.git"),
    (scp_to_ssh, "password-with-at", "git:a@hunter2@host:org/repo.git", "ssh://git@host/org/repo.git"),
    (scp_to_ssh, "password-with-space", "git:hun ter2@host:org/repo.git", "ssh://git@host/org/repo.git"),
    (scp_to_ssh, "password-with-slash", "git:hun/ter2@host:org/repo.git", "ssh://git@host/org/repo.git"),
    (scp_to_ssh, "user-not-a-name", "gi t:hunter2@host:org/repo.git", None),
    (scp_to_ssh, "user-in-brackets", "[git]:hunter2@host:org/repo.git", None),
    (scp_to_ssh, "ipv6-host", "git@[::1]:org/repo.git", None),
    (scp_to_ssh, "no-path", "git:hunter2@host:", None),
    (scp_to_ssh, "space-in-path", "git@host:org/my repo.git", None),
    (scp_to_ssh, "mistyped-scheme", "https:/u:hunter2@github.com/x", None),
    (scp_to_ssh, "at-in-path", "git@host:org/repo@v1.git", "ssh://git@host/org/repo@v1.git"),
    # --- credentials_in: what kind of credential a URL carries, if any
    (credentials_in, "https-user-pass", "https://bot:pw@github.com/x", "a user name and password"),
    (credentials_in, "https-token", "https://ghp_x@github.com/x", "a user name or token"),
    (credentials_in, "http-empty-user", "http://:pw@example.com/x", "a user name and password"),
    (credentials_in, "oci-user-pass", "oci://robot:pw@ghcr.io/x", "a user name and password"),
    (credentials_in, "oci-token", "oci://token@ghcr.io/x", "a user name or token"),
    (credentials_in, "ssh-password", "ssh://git:pw@github.com/x", "a password"),
    (credentials_in, "ssh-upper-case", "SSH://git:pw@github.com/x", "a password"),
    (credentials_in, "ssh-user", "ssh://git@github.com/x", None),
    (credentials_in, "https-none", "https://github.com/x", None),
    (credentials_in, "at-in-path", "https://github.com/org/repo@v1", None),
    (credentials_in, "scp-like", "git@github.com:org/repo.git", None),
    (credentials_in, "empty", "", None),
    (credentials_in, "slash-in-password", "https://u:pw/x@github.com/y", "a user name and password"),
    (credentials_in, "several-at", "https://a@b@github.com/y", "a user name or token"),
    (credentials_in, "port-then-at-in-path", "https://example.com:8080/x@y", None),
    (credentials_in, "ssh-other-user", "ssh://deploy@github.com/x", None),
    # --- host_of
    (host_of, "https", "https://github.com/org/repo", "github.com"),
    (host_of, "lower-cased", "https://GitHub.COM/org/repo", "github.com"),
    (host_of, "port-dropped", "https://example.com:8443/x", "example.com"),
    (host_of, "userinfo-dropped", "https://u:p@example.com/x", "example.com"),
    (host_of, "ssh", "ssh://git@github.com/org/repo", "github.com"),
    (host_of, "oci", "oci://ghcr.io/org/charts", "ghcr.io"),
    (host_of, "ipv6", "https://[::1]:8080/x", "::1"),
    (host_of, "no-host", "https:///charts", ""),
    (host_of, "scheme-only", "https://", ""),
    (host_of, "scp-like", "git@github.com:org/repo", ""),
    (host_of, "bad-ipv6", "https://[::1/x", ""),
    (host_of, "empty", "", ""),
    # --- last_segment
    (last_segment, "plain", "https://github.com/org/repo", "repo"),
    (last_segment, "dot-git", "https://github.com/org/repo.git", "repo"),
    (last_segment, "trailing-slash", "https://github.com/org/repo/", "repo"),
    (last_segment, "dot-git-and-slash", "https://github.com/org/repo.git/", "repo"),
    (last_segment, "double-dot-git", "https://github.com/org/repo.git.git", "repo.git"),
    (last_segment, "dot-git-only", "https://github.com/org/.git", ""),
    (last_segment, "no-path", "https://github.com", ""),
    (last_segment, "root-path", "https://github.com/", ""),
    (last_segment, "query-ignored", "https://example.com/charts?x=y", "charts"),
    (last_segment, "dots-kept", "https://example.com/my.repo", "my.repo"),
    (last_segment, "bad-ipv6", "https://[::1/x", ""),
    (last_segment, "empty", "", ""),
    # --- to_dns_label
    (to_dns_label, "already-valid", "podinfo", "podinfo"),
    (to_dns_label, "upper-case", "PodInfo", "podinfo"),
    (to_dns_label, "underscores", "my_app", "my-app"),
    (to_dns_label, "dots", "my.repo.name", "my-repo-name"),
    (to_dns_label, "runs-collapse", "a__.b", "a-b"),
    (to_dns_label, "valid-dashes-kept", "a--b", "a--b"),
    (to_dns_label, "trimmed-dashes", "-a-", "a"),
    (to_dns_label, "trimmed-invalid-edges", "_a_", "a"),
    (to_dns_label, "non-ascii", "café", "caf"),
    (to_dns_label, "all-invalid", "___", ""),
    (to_dns_label, "all-non-ascii", "ÄÖÜ", ""),
    (to_dns_label, "empty", "", ""),
    (to_dns_label, "63-kept", "a" * 63, "a" * 63),
    (to_dns_label, "64-cut", "a" * 64, "a" * 63),
    (to_dns_label, "cut-then-trailing-dash-trimmed", "a" * 62 + "-b" + "c" * 5, "a" * 62),
]


# --------------------------------------------------------------------------- redact

@pytest.mark.parametrize(("url", "shown"), cases_of(redact, RESULTS))
def test_redact(url: str, shown: str) -> None:
    assert redact(url) == shown
    assert "hunter2" not in redact(url)


def test_redact_is_idempotent() -> None:
    once = redact("https://bot:hunter2@github.com/x")
    assert redact(once) == once


def test_redact_password_containing_an_at_sign() -> None:
    assert redact("https://bot:p@ssw0rd@github.com/x") == "https://***@github.com/x"


def test_redact_scp_like_address_with_a_password() -> None:
    assert "hunter2" not in redact("deploy:hunter2@github.com:org/repo.git")


@pytest.mark.parametrize("url", [pytest.param(url, id=case) for case, url in HOSTILE_URLS])
def test_no_helper_ever_shows_a_planted_user_info(url: str) -> None:
    """Every helper whose result a diagnostic may show, on user-info however malformed."""
    shown = [redact(url), without_userinfo(url), url_hint("gitRepoUrl", url), url_hint("repository", url),
             redact(scp_to_ssh(url) or "")]
    assert not [text for text in shown for marker in MARKERS if marker in text]


@pytest.mark.parametrize("url", [pytest.param(url, id=case) for case, url in HOSTILE_URLS])
def test_a_suggested_ssh_url_is_a_url_flux_takes(url: str) -> None:
    hint = url_hint("gitRepoUrl", url)
    if hint.startswith("write it as "):
        suggested = hint.removeprefix("write it as ").split(",")[0]
        assert suggested.startswith("ssh://") and " " not in suggested and "\t" not in suggested
        assert host_of(suggested) and ":" not in suggested.removeprefix("ssh://")


@pytest.mark.parametrize(("address", "hint"), [
    ("git@github.com:org/repo.git", "write it as ssh://git@github.com/org/repo.git"),
    ("git:hunter2@my_host:org/repo.git", "write it as ssh://git@my_host/org/repo.git"),
    ("deploy:hunter2@host:org/repo.git", "write it as ssh://USER@host/org/repo.git, with your ssh user name for USER"),
    ("gi t:hunter2@host:org/repo.git", "Flux clones over https://, http:// or ssh://"),
    ("ftp://host/x", "Flux clones over https://, http:// or ssh://"),
], ids=["git-user", "password-dropped", "other-user-as-template", "no-plain-user", "other-scheme"])
def test_url_hint_for_git(address: str, hint: str) -> None:
    assert url_hint("gitRepoUrl", address) == hint


# --------------------------------------------------------------------------- scp_to_ssh

@pytest.mark.parametrize(("address", "ssh"), cases_of(scp_to_ssh, RESULTS))
def test_scp_to_ssh(address: str, ssh: str) -> None:
    assert scp_to_ssh(address) == ssh


@pytest.mark.parametrize("address", [
    "https://github.com/org/repo.git",
    "ssh://git@github.com/org/repo.git",
    "ssh://git@github.com:22/org/repo.git",
    "git@github.com",
    "github.com",
    "./relative/path",
    "",
], ids=["https", "ssh", "ssh-with-port", "no-colon", "host-only", "relative-path", "empty"])
def test_scp_to_ssh_returns_none_for_other_inputs(address: str) -> None:
    assert scp_to_ssh(address) is None


def test_scp_to_ssh_does_not_turn_a_password_into_a_host() -> None:
    converted = scp_to_ssh("deploy:hunter2@github.com:org/repo.git")
    assert converted is None or "hunter2" not in converted


# --------------------------------------------------------------------------- credentials_in, host_of, last_segment

@pytest.mark.parametrize(("url", "what"), cases_of(credentials_in, RESULTS))
def test_credentials_in(url: str, what: str | None) -> None:
    assert credentials_in(url) == what


@pytest.mark.parametrize(("url", "host"), cases_of(host_of, RESULTS))
def test_host_of(url: str, host: str) -> None:
    assert host_of(url) == host


@pytest.mark.parametrize(("url", "segment"), cases_of(last_segment, RESULTS))
def test_last_segment(url: str, segment: str) -> None:
    assert last_segment(url) == segment


# --------------------------------------------------------------------------- to_dns_label

@pytest.mark.parametrize(("text", "label"), cases_of(to_dns_label, RESULTS))
def test_to_dns_label(text: str, label: str) -> None:
    result = to_dns_label(text)
    assert result == label
    assert len(result) <= 63
    assert not result.startswith("-") and not result.endswith("-")
    assert not result.startswith("-") and not result.endswith("-")


@pytest.mark.parametrize(("url", "expected"), [
    ("https://org@dev.azure.com/org/p/_git/repo", "https://dev.azure.com/org/p/_git/repo"),
    ("https://bot:p@ss@github.com/x.git", "https://github.com/x.git"),
    ("oci://user:token@ghcr.io/org/charts", "oci://ghcr.io/org/charts"),
    ("ssh://git:pw@github.com/org/repo.git", "ssh://git@github.com/org/repo.git"),
    ("ssh://git@github.com/org/repo.git", "ssh://git@github.com/org/repo.git"),
    ("https://github.com/x.git", "https://github.com/x.git"),
    ("ssh://deploy:hunter2@github.com/x.git", "ssh://USER@github.com/x.git"),
    ("https://u:hunter2/x@github.com/y", "https://github.com/y"),
], ids=["azure-org", "at-in-password", "oci-token", "ssh-password", "ssh-user", "none", "ssh-other-user",
        "slash-in-password"])
def test_without_userinfo_drops_credentials_but_keeps_an_ssh_user(url: str, expected: str) -> None:
    assert without_userinfo(url) == expected
