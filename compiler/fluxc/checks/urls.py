"""URL facts fluxc needs: credentials, scp-like Git addresses, derived names.

Pure string functions; nothing here may ever print a credential, so every
URL shown to a user goes through `redact` first.

User-info is found the way a careful reader would, not only as Go's url.Parse
finds it: everything from the scheme to the last `@` of the authority; and
when the authority is no valid `host[:port]` (a password holding `/`, `?` or
`#`: `https://u:pa/ss@host`), or there is no `scheme://` (an scp-like address,
`https:/u:pw@host`), from the start to the last `@` of all.
The one user-info ever shown is the ssh user `git`, the public name every Git
host uses; any other (a user name, a token, a password, however malformed) is
`***`.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
# A well-formed authority without user-info: a host name or [IPv6] address, and an optional numeric port.
_PLAIN_AUTHORITY = re.compile(r"(?:[A-Za-z0-9._~%!$&'()*+,;=-]*|\[[0-9A-Fa-f:.]*\])(?::[0-9]*)?")
# What an scp-like address (`git@github.com:org/repo.git`, which Git accepts but Flux does not) needs after its
# user-info to be turned into an ssh:// URL: a host name, `:`, and a path without spaces or control characters.
_SCP_REST = re.compile(r"(?P<host>[A-Za-z0-9_][A-Za-z0-9._-]*):(?P<path>[^\s\x00-\x1f\x7f]+)")
_SSH_USER = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*")  # an ssh user name: never a secret by itself
_PUBLIC_USER = "git"
_NOT_LABEL_CHARS = re.compile(r"[^a-z0-9-]+")


def _split(url: str) -> tuple[str, str | None, str]:
    """(scheme with `://` or '', the user-info or None, the rest after its `@`)."""
    scheme = _SCHEME.match(url)
    start = scheme.end() if scheme else 0
    prefix, body = url[:start], url[start:]
    authority = re.split(r"[/?#]", body, maxsplit=1)[0]
    if "@" in authority:
        at = authority.rindex("@")
    elif "@" in body and (not scheme or not _PLAIN_AUTHORITY.fullmatch(authority)):
        # `u:pa/ss@host`: no parser's reading, but surely a password; and without a scheme (scp-like, or a
        # scheme mistyped as `https:/`) nothing marks where an authority ends
        at = body.rindex("@")
    else:
        return prefix, None, body
    return prefix, body[:at], body[at + 1:]


def _is_ssh(prefix: str) -> bool:
    """An ssh:// URL (also git+ssh://, ssh+git://) or no scheme at all (an scp-like address)."""
    return not prefix or "ssh" in prefix.lower()


def redact(url: str) -> str:
    """The URL (or scp-like address) with any user-info replaced by `***`, so it can be shown.

    Only the ssh user `git` is kept (`git@github.com:org/repo.git`); every other user-info goes,
    however malformed: spaces, brackets, several `@`, percent-escapes, non-ASCII.
    """
    prefix, userinfo, rest = _split(url)
    if userinfo is None or (userinfo == _PUBLIC_USER and _is_ssh(prefix)):
        return url
    return f"{prefix}***@{rest}"


def without_userinfo(url: str) -> str:
    """The URL without its credentials: `https://org@dev.azure.com/x` -> `https://dev.azure.com/x`.

    An ssh URL needs its user name: the user `git` is kept (`ssh://git:pw@host/x` -> `ssh://git@host/x`),
    any other becomes the placeholder `USER` (it may not be shown; dropping it would mean another user).
    """
    prefix, userinfo, rest = _split(url)
    if userinfo is None:
        return url
    user = userinfo.split(":", 1)[0]
    if not _is_ssh(prefix) or not user:
        return f"{prefix}{rest}"
    return f"{prefix}{'git' if user == _PUBLIC_USER else 'USER'}@{rest}"


def scp_to_ssh(address: str) -> str | None:
    """`git@host:org/repo.git` -> `ssh://git@host/org/repo.git`; None if it is not scp-like, or no
    ssh:// URL can be derived from it for sure (a host Git would not read as one, a user name that is
    no plain name). A password (`git:pw@host:path`) is dropped, never carried over."""
    prefix, userinfo, rest = _split(address)
    match = _SCP_REST.fullmatch(rest)
    if prefix or "://" in address or match is None:
        return None
    user = "" if userinfo is None else userinfo.split(":", 1)[0]
    if user and not _SSH_USER.fullmatch(user):
        return None
    path = match["path"].lstrip("/")
    return f"ssh://{user}@{match['host']}/{path}" if user else f"ssh://{match['host']}/{path}"


def credentials_in(url: str) -> str | None:
    """What kind of credential a URL embeds, or None.

    Any user-info in an http(s)/oci URL is a credential (tokens travel as the
    user name); an ssh URL may name a user (`git@`) but never a password.
    """
    prefix, userinfo, _ = _split(url)
    if not prefix or userinfo is None:
        return None
    if prefix.lower().startswith("ssh"):
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
        if ssh is None:
            return "Flux clones over https://, http:// or ssh://"
        shown = redact(ssh)
        if shown == ssh:
            return f"write it as {ssh}"
        # the user name may not be shown: a template, with the one thing to fill in named
        return f"write it as {shown.replace('***', 'USER', 1)}, with your ssh user name for USER"
    if key == "artifact":
        return "an OCIRepository pulls from a registry: write oci://<registry>/<repository>"
    return "HelmRepository takes https:// or http://, OCI registries take oci://"
