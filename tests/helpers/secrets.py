"""Planted secrets: URLs with user-info however malformed, and Secret payloads of every YAML type and spelling.

Every case carries MARKER where a secret would be; a diagnostic that shows MARKER (or
SECOND, the other half of a split one) leaks it. Shared by tests/unit/checks/test_urls.py,
tests/unit/package/test_manifests.py and tests/acceptance/test_secrets.py.
"""

from __future__ import annotations

import json
import textwrap

MARKER = "Zq7Mark"
SECOND = "Wv4Mark"  # a second secret in the same value, where one is split (`a@b@c`)
MARKERS = (MARKER, SECOND)

# (case id, URL or scp-like address): MARKER is in the user-info (a password, a token, or a user other than `git`).
SCP_LIKE = [
    ("scp-password-underscore-host", f"git:{MARKER}@my_host:org/repo.git"),
    ("scp-password-space", f"git:hun ter{MARKER}@host:org/repo.git"),
    ("scp-password-tab", f"git:a\t{MARKER}@host:org/repo.git"),
    ("scp-password-brackets", f"git:[{MARKER}]@host:org/repo.git"),
    ("scp-password-unicode", f"git:ü{MARKER}é@host:org/repo.git"),
    ("scp-password-several-at", f"git:{SECOND}@{MARKER}@host:org/repo.git"),
    ("scp-password-percent-40", f"git:{MARKER}%40@host:org/repo.git"),
    ("scp-password-slash", f"git:{MARKER}/x@host:org/repo.git"),
    ("scp-password-absolute-path", f"deploy:{MARKER}@host.example.com:/srv/repo.git"),
    ("scp-user-is-a-token", f"{MARKER}@github.com:org/repo.git"),
    ("scp-token-and-password", f"{MARKER}:{SECOND}@github.com:org/repo.git"),
    ("scp-empty-user", f":{MARKER}@github.com:org/repo.git"),
    ("scp-ipv6-host", f"git:{MARKER}@[::1]:org/repo.git"),
    ("scp-no-path", f"git:{MARKER}@host"),
    ("scp-nothing-after-at", f"git:{MARKER}@"),
    ("scp-at-in-path", f"git:{MARKER}@host:org/repo@v1.git"),
    ("scp-newline", f"git:{MARKER}\n@host:org/repo.git"),
]
WITH_SCHEME = [
    ("https-password", f"https://u:{MARKER}@github.com/org/repo.git"),
    ("https-token", f"https://{MARKER}@github.com/org/repo.git"),
    ("https-double-at", f"https://u:{MARKER}@@github.com/x"),
    ("https-several-at", f"https://{SECOND}@{MARKER}@github.com/x"),
    ("https-password-slash", f"https://u:{MARKER}/x@github.com/y"),
    ("https-password-query", f"https://u:{MARKER}?x@github.com/y"),
    ("https-password-fragment", f"https://u:{MARKER}#x@github.com/y"),
    ("https-password-space", f"https://u:hun ter{MARKER}@github.com/x"),
    ("https-no-host", f"https://u:{MARKER}@"),
    ("https-space-in-host", f"https://u:{MARKER}@git hub.com/x"),
    ("https-upper-case", f"HTTPS://u:{MARKER}@github.com/x"),
    ("http-port", f"http://u:{MARKER}@example.com:8080/x"),
    ("https-brackets", f"https://[u:{MARKER}]@github.com/x"),
    ("https-percent-40", f"https://u:{MARKER}%40@github.com/x"),
    ("https-unicode", f"https://ü:{MARKER}é@github.com/x"),
    ("https-one-slash", f"https:/u:{MARKER}@github.com/x"),
    ("scheme-relative", f"//u:{MARKER}@github.com/x"),
    ("ssh-password", f"ssh://git:{MARKER}@github.com/org/repo.git"),
    ("ssh-user-other-than-git", f"ssh://{MARKER}:x@github.com/org/repo.git"),
    ("git-plus-ssh", f"git+ssh://u:{MARKER}@github.com/x"),
    ("oci-password", f"oci://u:{MARKER}@ghcr.io/org/charts"),
    ("oci-token", f"oci://{MARKER}@ghcr.io/org/charts"),
    ("ftp-password", f"ftp://u:{MARKER}@example.com/x"),
    ("file-url", f"file://u:{MARKER}@/srv/repo.git"),
    ("tab-before-at", f"https://u:{MARKER}\t@github.com/x"),
]
HOSTILE_URLS = SCP_LIKE + WITH_SCHEME

# Values of a Secret's `data`/`stringData` key, one per YAML type: (case id, YAML text after `key: `).
PAYLOAD_VALUES = [
    ("string", f"{MARKER}"),
    ("quoted-string", f'"{MARKER}"'),
    ("int", "424242"),
    ("negative-int", "-424242"),
    ("float", "4242.42"),
    ("hex-int", "0x4242ab"),
    ("bool", "true"),
    ("yes-bool", "yes"),
    ("null", "null"),
    ("tilde-null", "~"),
    ("empty", '""'),
    ("list", f"[{MARKER}, 424242]"),
    ("map", f"{{inner: {MARKER}}}"),
    ("block-string", f"|\n    {MARKER}\n    {SECOND}"),
    ("binary-tag", f"!!binary {MARKER}"),
    ("str-tag-int", "!!str 424242"),
    ("int-tag-string", f"!!int {MARKER}"),
    ("sops-lookalike", f'"ENC[{MARKER}]"'),
    ("number-string", '"424242"'),
]
# The numbers above are secrets too: no diagnostic may show them.
NUMBER_SECRETS = ("424242", "4242.42", "4242ab")


def secret_markers() -> tuple[str, ...]:
    return (*MARKERS, *NUMBER_SECRETS)


def yaml_string(text: str) -> str:
    """text as one YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


# Objects the API server would treat as a Secret, or a user means as one: (case id, header, indentation, footer).
# The payload goes in `{payload}`, the name in `{name}`.
_SECRET = "apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: {{name}}\n{{payload}}"
SECRET_SPELLINGS = [
    ("v1-Secret", _SECRET.format(api="v1", kind="Secret")),
    ("core-v1", _SECRET.format(api="core/v1", kind="Secret")),
    ("lower-case-kind", _SECRET.format(api="v1", kind="secret")),
    ("upper-case-kind", _SECRET.format(api="v1", kind="SECRET")),
    ("plural-kind", _SECRET.format(api="v1", kind="Secrets")),
    ("padded-kind", _SECRET.format(api="v1", kind='" Secret "')),
    ("padded-api-version", _SECRET.format(api='"v1 "', kind="Secret")),
    ("slash-v1", _SECRET.format(api="/v1", kind="Secret")),
    ("custom-group", _SECRET.format(api="example.com/v1", kind="Secret")),
    ("v1-List", "apiVersion: v1\nkind: List\nitems:\n- " + textwrap.indent(
        _SECRET.format(api="v1", kind="Secret"), "  ").lstrip()),
    ("core-v1-List", "apiVersion: core/v1\nkind: List\nitems:\n- " + textwrap.indent(
        _SECRET.format(api="v1", kind="Secret"), "  ").lstrip()),
    ("List-of-any-group", "apiVersion: example.com/v1\nkind: List\nitems:\n- " + textwrap.indent(
        _SECRET.format(api="v1", kind="Secret"), "  ").lstrip()),
    ("SecretList", "apiVersion: v1\nkind: SecretList\nitems:\n- " + textwrap.indent(
        _SECRET.format(api="v1", kind="Secret"), "  ").lstrip()),
    ("nested-List", "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: List\n  items:\n  - "
     + textwrap.indent(_SECRET.format(api="v1", kind="Secret"), "    ").lstrip()),
    ("items-of-any-kind", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: holder\nitems:\n- " + textwrap.indent(
        _SECRET.format(api="v1", kind="Secret"), "  ").lstrip()),
]


def secret_document(spelling: str, payload: str, name: str = "db") -> str:
    """One of SECRET_SPELLINGS with `payload` (YAML at the Secret's own level) in it."""
    template = dict((case, text) for case, text in SECRET_SPELLINGS)[spelling]
    # the payload is indented as deep as the `name:` line's parent (the Secret's own keys)
    depth = next(len(line) - len(line.lstrip()) for line in template.splitlines() if "{name}" in line) - 2
    # the placeholder already stands at that depth: indent the payload's other lines only
    return template.replace("{name}", name).replace("{payload}", textwrap.indent(payload, " " * depth)[depth:])


def payload(field: str, value: str) -> str:
    """`field:` with one key `pin` holding value (a YAML text, possibly several lines)."""
    return f"{field}:\n  pin: {value}\n"
