"""fluxc.checks.urls: pure URL helpers; above all, no credential may ever be shown."""

from __future__ import annotations

import pytest

from fluxc.checks.urls import credentials_in, host_of, last_segment, redact, scp_to_ssh, to_dns_label

# --------------------------------------------------------------------------- redact

REDACT = {
    "user-pass": ("https://bot:hunter2@github.com/org/repo.git", "https://***@github.com/org/repo.git"),
    "token-only": ("https://ghp_hunter2@github.com/org/repo.git", "https://***@github.com/org/repo.git"),
    "empty-user": ("https://:hunter2@github.com/org/repo.git", "https://***@github.com/org/repo.git"),
    "oci": ("oci://robot:hunter2@ghcr.io/org/charts", "oci://***@ghcr.io/org/charts"),
    "upper-case-scheme": ("HTTPS://u:hunter2@example.com/x", "HTTPS://***@example.com/x"),
    "with-port": ("http://u:hunter2@example.com:8080/x", "http://***@example.com:8080/x"),
    "ssh-password": ("ssh://git:hunter2@github.com/org/repo.git", "ssh://***@github.com/org/repo.git"),
    "ssh-git-user-kept": ("ssh://git@github.com/org/repo.git", "ssh://git@github.com/org/repo.git"),
    "no-userinfo": ("https://github.com/org/repo.git", "https://github.com/org/repo.git"),
    "at-in-path-is-not-userinfo": ("https://github.com/org/repo@v1", "https://github.com/org/repo@v1"),
    "at-in-query-is-not-userinfo": ("https://example.com/x?u=a:b@c", "https://example.com/x?u=a:b@c"),
    "not-a-url": ("hunter", "hunter"),
}


@pytest.mark.parametrize(("url", "shown"), REDACT.values(), ids=REDACT.keys())
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


# --------------------------------------------------------------------------- scp_to_ssh

SCP = {
    "github-git-user": ("git@github.com:org/repo.git", "ssh://git@github.com/org/repo.git"),
    "no-user": ("github.com:org/repo", "ssh://github.com/org/repo"),
    "absolute-path": ("git@host.example.com:/srv/git/repo.git", "ssh://git@host.example.com/srv/git/repo.git"),
    "azure-devops": ("git@ssh.dev.azure.com:v3/org/project/repo", "ssh://git@ssh.dev.azure.com/v3/org/project/repo"),
    "dotted-user": ("first.last@gitlab.example.com:group/sub/repo.git",
                    "ssh://first.last@gitlab.example.com/group/sub/repo.git"),
}


@pytest.mark.parametrize(("address", "ssh"), SCP.values(), ids=SCP.keys())
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


# --------------------------------------------------------------------------- credentials_in

CREDENTIALS = {
    "https-user-pass": ("https://bot:pw@github.com/x", "a user name and password"),
    "https-token": ("https://ghp_x@github.com/x", "a user name or token"),
    "http-empty-user": ("http://:pw@example.com/x", "a user name and password"),
    "oci-user-pass": ("oci://robot:pw@ghcr.io/x", "a user name and password"),
    "oci-token": ("oci://token@ghcr.io/x", "a user name or token"),
    "ssh-password": ("ssh://git:pw@github.com/x", "a password"),
    "ssh-upper-case": ("SSH://git:pw@github.com/x", "a password"),
    "ssh-user": ("ssh://git@github.com/x", None),
    "https-none": ("https://github.com/x", None),
    "at-in-path": ("https://github.com/org/repo@v1", None),
    "scp-like": ("git@github.com:org/repo.git", None),
    "empty": ("", None),
}


@pytest.mark.parametrize(("url", "what"), CREDENTIALS.values(), ids=CREDENTIALS.keys())
def test_credentials_in(url: str, what: str | None) -> None:
    assert credentials_in(url) == what


# --------------------------------------------------------------------------- host_of

HOSTS = {
    "https": ("https://github.com/org/repo", "github.com"),
    "lower-cased": ("https://GitHub.COM/org/repo", "github.com"),
    "port-dropped": ("https://example.com:8443/x", "example.com"),
    "userinfo-dropped": ("https://u:p@example.com/x", "example.com"),
    "ssh": ("ssh://git@github.com/org/repo", "github.com"),
    "oci": ("oci://ghcr.io/org/charts", "ghcr.io"),
    "ipv6": ("https://[::1]:8080/x", "::1"),
    "no-host": ("https:///charts", ""),
    "scheme-only": ("https://", ""),
    "scp-like": ("git@github.com:org/repo", ""),
    "bad-ipv6": ("https://[::1/x", ""),
    "empty": ("", ""),
}


@pytest.mark.parametrize(("url", "host"), HOSTS.values(), ids=HOSTS.keys())
def test_host_of(url: str, host: str) -> None:
    assert host_of(url) == host


# --------------------------------------------------------------------------- last_segment

SEGMENTS = {
    "plain": ("https://github.com/org/repo", "repo"),
    "dot-git": ("https://github.com/org/repo.git", "repo"),
    "trailing-slash": ("https://github.com/org/repo/", "repo"),
    "dot-git-and-slash": ("https://github.com/org/repo.git/", "repo"),
    "double-dot-git": ("https://github.com/org/repo.git.git", "repo.git"),
    "dot-git-only": ("https://github.com/org/.git", ""),
    "no-path": ("https://github.com", ""),
    "root-path": ("https://github.com/", ""),
    "query-ignored": ("https://example.com/charts?x=y", "charts"),
    "dots-kept": ("https://example.com/my.repo", "my.repo"),
    "bad-ipv6": ("https://[::1/x", ""),
    "empty": ("", ""),
}


@pytest.mark.parametrize(("url", "segment"), SEGMENTS.values(), ids=SEGMENTS.keys())
def test_last_segment(url: str, segment: str) -> None:
    assert last_segment(url) == segment


# --------------------------------------------------------------------------- to_dns_label

LABELS = {
    "already-valid": ("podinfo", "podinfo"),
    "upper-case": ("PodInfo", "podinfo"),
    "underscores": ("my_app", "my-app"),
    "dots": ("my.repo.name", "my-repo-name"),
    "runs-collapse": ("a__.b", "a-b"),
    "valid-dashes-kept": ("a--b", "a--b"),
    "trimmed-dashes": ("-a-", "a"),
    "trimmed-invalid-edges": ("_a_", "a"),
    "non-ascii": ("café", "caf"),
    "all-invalid": ("___", ""),
    "all-non-ascii": ("ÄÖÜ", ""),
    "empty": ("", ""),
    "63-kept": ("a" * 63, "a" * 63),
    "64-cut": ("a" * 64, "a" * 63),
    "cut-then-trailing-dash-trimmed": ("a" * 62 + "-b" + "c" * 5, "a" * 62),
}


@pytest.mark.parametrize(("text", "label"), LABELS.values(), ids=LABELS.keys())
def test_to_dns_label(text: str, label: str) -> None:
    result = to_dns_label(text)
    assert result == label
    assert len(result) <= 63
    assert not result.startswith("-") and not result.endswith("-")


@pytest.mark.parametrize(("url", "expected"), [
    ("https://org@dev.azure.com/org/p/_git/repo", "https://dev.azure.com/org/p/_git/repo"),
    ("https://bot:p@ss@github.com/x.git", "https://github.com/x.git"),
    ("oci://user:token@ghcr.io/org/charts", "oci://ghcr.io/org/charts"),
    ("ssh://git:pw@github.com/org/repo.git", "ssh://git@github.com/org/repo.git"),
    ("ssh://git@github.com/org/repo.git", "ssh://git@github.com/org/repo.git"),
    ("https://github.com/x.git", "https://github.com/x.git"),
], ids=["azure-org", "at-in-password", "oci-token", "ssh-password", "ssh-user", "none"])
def test_without_userinfo_drops_credentials_but_keeps_an_ssh_user(url: str, expected: str) -> None:
    from fluxc.checks.urls import without_userinfo

    assert without_userinfo(url) == expected
