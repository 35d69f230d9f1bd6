"""Cross-key rules of alerts (the Provider and the Alert).

- The Alert sends to exactly one Provider: `provider` (written by fluxc) or `providerRef` (an existing one).
- A Provider's `address` holds no credential: a URL's user-info, or a webhook URL whose path or query is
  itself the secret (Slack, Discord, Microsoft Teams, Google Chat, Telegram, Lark), or a query parameter
  named like a token. The diagnostic shows the address's scheme and host only, never the secret.
- A Provider type gets what notification-controller's documentation (docs/spec/v1beta3/providers.md) says
  it cannot work without: an address (in `address`, or under the `address` key of the Secret), a `channel`
  (the chat, topic, subject or room it posts to), a `secretRef` (the token it authenticates with). Where
  the docs offer a way without (workload identity for azuredevops, azureeventhub and googlepubsub;
  optional auth for alertmanager, grafana, otel), nothing is required.
- An address is at most 2048 characters (the CRD's limit), without spaces, and a URL where the type posts
  to one. The schema leaves these to this module so that no schema message ever prints the address.
- eventSources name each object once.

The structural rules are skipped when the answers file emits no Flux objects (`gitopsDeployment: none`):
the key is unused then (FLX302). A credential is reported whatever the journey.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from fluxc.answers import defaults
from fluxc.answers.rule_support import at, deployer, repeats
from fluxc.checks.urls import credentials_in, host_of, redact
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, JsonPath, format_path
from fluxc.yaml.document import SourceMap

PROVIDER: JsonPath = ("alert", "provider")
ADDRESS: JsonPath = (*PROVIDER, "address")
MAX_ADDRESS = 2048  # Provider spec.address maxLength in the CRD

_IN_A_SECRET = ("a webhook URL is a credential, never written to Git: put the whole URL in a Secret under the "
                "`address` key, name that Secret in `alert.provider.secretRef`, and remove `address`")

# What each type posts to (the address's role), for the missing-address message; absent: "the endpoint".
_ADDRESS_IS = {
    **dict.fromkeys(("github", "githubdispatch", "githubpullrequestcomment", "gitlab", "gitlabmergerequestcomment",
                     "gitea", "giteapullrequestcomment", "bitbucket", "bitbucketserver", "azuredevops"),
                    "the repository's https:// URL"),
    "googlepubsub": "the GCP project ID", "nats": "the NATS server's URL", "azureeventhub": "the Event Hub",
    "sentry": "the Sentry DSN, a credential: in the Secret",
}
_NO_ADDRESS = frozenset({"telegram"})  # always the Telegram Bot API: the docs say `address` is ignored
_NOT_URL = frozenset({"googlepubsub", "azureeventhub"})  # a project ID, an Event Hub's name
_ANY_SCHEME = frozenset({"nats"})  # nats://, tls://, ws://

# Where the type posts (docs: "is used to set the receiver ..."): it cannot send without one. (what, example)
_CHANNEL_IS = {
    "telegram": ("the ID of the chat to post to, or `@` and a channel's name", '"@flux-alerts"'),
    "googlepubsub": ("the Pub/Sub topic ID", "flux-events"),
    "nats": ("the NATS subject to publish on", "flux.events"),
    "zulip": ("the Zulip channel and topic, as `channel/topic`", "ops/flux"),
    "matrix": ("the ID of the room to post to", '"!roomid:matrix.org"'),
    "webex": ("the ID of the room to post to", "<room-id>"),
    "pagerduty": ("the integration (routing) key", "<routing-key>"),
}

# What the Secret must hold for the type to authenticate at all (docs: "the referenced secret must contain").
_GITHUB = "`token` (a personal access token) or a GitHub App's keys"
_SECRET_HOLDS = {
    "generic-hmac": "`token`, the key the request is signed with",
    "telegram": "`token`, the bot's token", "opsgenie": "`token`, the API key",
    "datadog": "`token`, the API key", "webex": "`token`, the access token", "matrix": "`token`, the access token",
    "github": _GITHUB, "githubdispatch": _GITHUB, "githubpullrequestcomment": _GITHUB,
    "gitlab": "`token`, an access token", "gitlabmergerequestcomment": "`token`, an access token",
    "gitea": "`token`, an access token", "giteapullrequestcomment": "`token`, an access token",
    "bitbucket": "`token`, as `<username>:<app-password>`",
    "bitbucketserver": "`token`, or `username` and `password`",
}

# Webhook URLs whose path is the secret: (host, or a suffix starting with '.'; path pattern; what the secret is)
_WEBHOOKS = (
    ("hooks.slack.com", re.compile(r"/."), "a Slack webhook's secret (its path)"),
    ("discord.com", re.compile(r"/api(/v\d+)?/webhooks/"), "a Discord webhook's token (its path)"),
    ("discordapp.com", re.compile(r"/api(/v\d+)?/webhooks/"), "a Discord webhook's token (its path)"),
    (".webhook.office.com", re.compile(r"/"), "a Microsoft Teams webhook's secret (its path)"),
    ("outlook.office.com", re.compile(r"/webhook"), "a Microsoft Teams webhook's secret (its path)"),
    ("api.telegram.org", re.compile(r"/bot"), "a Telegram bot's token (its path)"),
    ("open.larksuite.com", re.compile(r"/open-apis/bot/v2/hook/"), "a Lark bot webhook's secret (its path)"),
    ("open.feishu.cn", re.compile(r"/open-apis/bot/v2/hook/"), "a Feishu bot webhook's secret (its path)"),
)
_SECRET_PARAMS = frozenset({"token", "key", "secret", "sig", "signature", "accesstoken", "apikey", "code",
                            "password"})
_SECRET_PARAM_ENDINGS = frozenset({"token", "key", "secret", "signature", "password"})  # `x-api-key`
_AZURE_KEY = re.compile(r"sharedaccess(key|signature)\s*=", re.IGNORECASE)  # an Event Hub connection string
_SPACE = re.compile(r"[\s\x00-\x1f\x7f]")


def check(data: Mapping[str, Any], smap: SourceMap) -> Iterator[Diagnostic]:
    """Every problem these keys have with each other or with the rest of the answers file."""
    alert = data.get("alert")
    if not isinstance(alert, Mapping):
        return  # absent, or the schema's to report
    provider = alert.get("provider")
    if isinstance(provider, Mapping):
        yield from _address(provider, smap)
    if deployer(data) is None:
        return  # no Flux objects: `alert` is unused (FLX302), so what it lacks does not matter
    yield from _one_provider(alert, smap)
    if isinstance(provider, Mapping):
        yield from _type_needs(provider, smap)
    yield from _duplicate_sources(alert, str(data.get("fluxNamespace", defaults.FLUX_NAMESPACE)), smap)


def _one_provider(alert: Mapping[str, Any], smap: SourceMap) -> Iterator[Diagnostic]:
    if "provider" in alert and "providerRef" in alert:
        yield at(codes.CONFLICTING_KEYS, "`alert.provider` and `alert.providerRef` both say where alerts go",
                 ("alert", "providerRef"), smap, "keep `provider` to have fluxc write the Provider, or "
                 "`providerRef` to send to one that exists in fluxNamespace", key=True)
    elif "provider" not in alert and "providerRef" not in alert:
        yield at(codes.MISSING_KEY, "`alert` needs `provider` or `providerRef`: the Provider its events go to",
                 PROVIDER, smap, "add `provider:` with its `type`, e.g. `type: slack` with `channel` and "
                 "`secretRef`; or `providerRef: <name>` for a Provider that exists in fluxNamespace",
                 near=("alert",), key=True)


def _type_needs(provider: Mapping[str, Any], smap: SourceMap) -> Iterator[Diagnostic]:
    """What the type cannot work without, one diagnostic per missing key."""
    kind = provider.get("type")
    if not isinstance(kind, str):
        return  # the schema's to report
    if kind not in _NO_ADDRESS and "address" not in provider and "secretRef" not in provider:
        yield at(codes.MISSING_KEY, f"a `{kind}` Provider needs an address, "
                 f"{_ADDRESS_IS.get(kind, 'the endpoint it posts to')}: this one has neither `address` nor "
                 "`secretRef`", ADDRESS, smap,
                 "write `address` if it is no secret; a webhook URL is one: put it in a Secret under the "
                 "`address` key and name that Secret in `secretRef`", near=PROVIDER, key=True)
    if kind in _CHANNEL_IS and "channel" not in provider:
        what, example = _CHANNEL_IS[kind]
        yield at(codes.MISSING_KEY, f"a `{kind}` Provider needs `channel`: {what}", (*PROVIDER, "channel"), smap,
                 f"add e.g. `channel: {example}`", near=PROVIDER, key=True)
    if kind in _SECRET_HOLDS and "secretRef" not in provider:
        yield at(codes.MISSING_KEY, f"a `{kind}` Provider needs `secretRef`: a Secret with {_SECRET_HOLDS[kind]}",
                 (*PROVIDER, "secretRef"), smap, "create that Secret in fluxNamespace, outside Git or "
                 "encrypted, and name it in `secretRef`", near=PROVIDER, key=True)


def _address(provider: Mapping[str, Any], smap: SourceMap) -> Iterator[Diagnostic]:
    """A credential in the address, then its form; the address itself is never shown."""
    address, kind = provider.get("address"), provider.get("type")
    if not isinstance(address, str) or not address:
        return  # the schema's to report
    what = credential_in_address(address)
    if what is not None:
        yield at(codes.URL_CREDENTIALS, f"the address embeds {what}", ADDRESS, smap, _IN_A_SECRET)
    elif len(address) > MAX_ADDRESS:
        yield at(codes.BAD_FORMAT, f"the address is {len(address)} characters long, more than Flux takes "
                 f"({MAX_ADDRESS})", ADDRESS, smap, "put it in a Secret under the `address` key and name that "
                 "Secret in `secretRef`: the Secret has no such limit")
    elif _SPACE.search(address):
        yield at(codes.BAD_FORMAT, "the address holds spaces or control characters", ADDRESS, smap,
                 "write the address alone, without spaces")
    elif isinstance(kind, str) and kind not in _NOT_URL and not _is_url(address, any_scheme=kind in _ANY_SCHEME):
        scheme = "a URL (e.g. nats://nats.example.com:4222)" if kind in _ANY_SCHEME else "an https:// or http:// URL"
        yield at(codes.BAD_FORMAT, f"the address of a `{kind}` Provider is {scheme}", ADDRESS, smap,
                 "write it whole, with its scheme and host")


def credential_in_address(address: str) -> str | None:
    """What secret the address embeds (`a Slack webhook's secret (its path): https://hooks.slack.com/…`), or
    None. Only the scheme and host are ever part of the answer."""
    if _AZURE_KEY.search(address):
        return "an Azure shared access key (a connection string)"
    userinfo = credentials_in(address)
    try:  # read without its user-info: `https://TOKEN:pa/ss@host` would otherwise give the host `token`
        parts = urlsplit(redact(address))
        host = (parts.hostname or "").lower()
        query = parse_qsl(parts.query, keep_blank_values=True)
    except ValueError:  # an address no URL parser reads: its user-info is all there is to find
        return f"{userinfo}: the address's user-info" if userinfo else None
    origin = f"{parts.scheme}://{host}/…" if host else "the address"
    if userinfo is not None:
        return f"{userinfo}: {origin}"
    for domain, path, what in _WEBHOOKS:
        if (host == domain or host.endswith(domain if domain.startswith(".") else "." + domain)) and \
                path.match(parts.path):
            return f"{what}: {origin}"
    named = [name for name, value in query if value and _secret_parameter(name)]
    if named:
        return f"a credential in its query ({', '.join(f'`{n}`' for n in dict.fromkeys(named))}): {origin}"
    return None


def _secret_parameter(name: str) -> bool:
    """`token`, `api_key`, `X-Api-Key`, `client_secret`, `sig`: a query parameter that carries a secret."""
    lowered = name.lower()
    words = re.split(r"[-_.]", lowered)
    return "".join(words) in _SECRET_PARAMS or words[-1] in _SECRET_PARAM_ENDINGS


def _is_url(address: str, *, any_scheme: bool) -> bool:
    scheme, separator, _ = address.partition("://")
    scheme_ok = bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", scheme)) if any_scheme else \
        scheme.lower() in ("http", "https")
    return bool(separator) and scheme_ok and bool(host_of(address))


def _duplicate_sources(alert: Mapping[str, Any], namespace: str, smap: SourceMap) -> Iterator[Diagnostic]:
    """An object named twice (an entry without a namespace is in fluxNamespace, like the Alert)."""
    sources = alert.get("eventSources")

    def identity(entry: Any) -> tuple[str, str, str] | None:
        if not isinstance(entry, Mapping) or not all(isinstance(entry.get(k), str) for k in ("kind", "name")) or \
                not isinstance(entry.get("namespace", namespace), str):
            return None
        return entry["kind"], entry.get("namespace", namespace), entry["name"]

    for index, first, (kind, where, name) in repeats(sources, identity):
        yield at(codes.DUPLICATE_ENTRY, f"{kind} {where}/{name} is already an event source "
                 f"({format_path(('alert', 'eventSources', first))})", ("alert", "eventSources", index), smap,
                 "remove this entry")
