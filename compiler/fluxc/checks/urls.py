"""URL facts fluxc needs: credentials, scp-like Git addresses, derived names.

Pure string functions; nothing here may ever print a credential, so every
URL shown to a user goes through `redact` first.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

# git@github.com:org/repo.git: the scp-like form Git accepts but Flux does not.
# The user part may hold a password (`user:secret@host:path`), which must never be shown.
_SCP_LIKE = re.compile(r"^(?:(?P<user>[^@/\s:]+)(?P<password>:[^@/\s]*)?@)?(?P<host>[A-Za-z0-9.-]+):(?!//)"
                       r"(?P<path>[^\s]+)\Z")
# User-info runs to the LAST `@` before the path, as Go's url.Parse and urlsplit read it.
_USERINFO = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<userinfo>[^/?#]*)@")
_NOT_LABEL_CHARS = re.compile(r"[^a-z0-9-]+")


def redact(url: str) -> str:
    """The URL (or scp-like address) with any credential replaced by `***`, so it can be shown."""
    scp = _SCP_LIKE.match(url) if "://" not in url else None
    if scp is not None and scp["password"] is not None:
        return f"***@{url[scp.end('password') + 1:]}"
    if credentials_in(url) is None:
        return url  # no user-info, or an ssh user name such as `git@`
    return _USERINFO.sub(lambda m: f"{m['scheme']}***@", url, count=1)


def without_userinfo(url: str) -> str:
    """The URL without its credentials: `https://org@dev.azure.com/x` -> `https://dev.azure.com/x`;
    an ssh URL keeps its user name (`ssh://git:pw@host/x` -> `ssh://git@host/x`)."""
    def keep(match: re.Match[str]) -> str:
        user = match["userinfo"].split(":", 1)[0]
        ssh = match["scheme"].lower().startswith("ssh")
        return f"{match['scheme']}{user}@" if ssh and user else match["scheme"]

    return _USERINFO.sub(keep, url, count=1)


def scp_to_ssh(address: str) -> str | None:
    """`git@host:org/repo.git` -> `ssh://git@host/org/repo.git`; None if not scp-like."""
    match = _SCP_LIKE.match(address)
    if match is None or "://" in address:
        return None
    path = match["path"].lstrip("/")
    user = f"{match['user']}@" if match["user"] else ""  # a password is dropped, never carried over
    return f"ssh://{user}{match['host']}/{path}"


def credentials_in(url: str) -> str | None:
    """What kind of credential a URL embeds, or None.

    Any user-info in an http(s)/oci URL is a credential (tokens travel as the
    user name); an ssh URL may name a user (`git@`) but never a password.
    """
    match = _USERINFO.match(url)
    if match is None:
        return None
    userinfo = match["userinfo"]
    if match["scheme"].lower().startswith("ssh"):
        return "a password" if ":" in userinfo else None
    return "a user name and password" if ":" in userinfo else "a user name or token"


def host_of(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def last_segment(url: str) -> str:
    """The last non-empty path segment, without a `.git` suffix."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return ""
    segments = [s for s in path.split("/") if s]
    if not segments:
        return ""
    last = segments[-1]
    return last[: -len(".git")] if last.endswith(".git") else last


def to_dns_label(text: str) -> str:
    """Lower-case, non-label characters to '-', trimmed to 63; may return ''."""
    label = _NOT_LABEL_CHARS.sub("-", text.lower()).strip("-")
    return label[:63].rstrip("-")


def url_hint(key: str, value: Any) -> str:
    """A hint for a URL the schema pattern rejected."""
    if not isinstance(value, str):
        return ""
    if key == "gitRepoUrl":
        ssh = scp_to_ssh(value)
        if ssh is not None:
            return f"write it as {redact(ssh)}"
        return "Flux clones over https://, http:// or ssh://"
    return "HelmRepository takes https:// or http://, OCI registries take oci://"
