"""fluxc.answers.rules_alerts: one Provider per Alert, no credential in a Provider's address (never shown), what
a Provider type cannot work without, eventSources named once.

Each case runs the whole cross-key pass (`fluxc.answers.rules.check`), so the one-problem-per-key rule and the
other rules' findings are part of what is checked.
"""

from __future__ import annotations

import pytest

from fluxc.answers.rules import check
from fluxc.answers.rules_alerts import credential_in_address
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, format_path
from fluxc.yaml.load import parse_single
from helpers.snippets import PODINFO_CHART, git_answers

CHART = PODINFO_CHART + '  version: "6.5.4"\n'  # lines 1-7
GIT = git_answers("shop")  # lines 1-6

Brief = tuple[str, str, tuple[int, int] | None]


def run(text: str) -> list[Diagnostic]:
    document = parse_single(text, "answers.yaml")
    return check(document.data, document.source_map, set())


def brief(found: list[Diagnostic]) -> list[Brief]:
    return [(d.code, format_path(d.path), (d.span.line, d.span.col) if d.span else None) for d in found]


def provider(fields: str) -> str:
    """`alert:` (line 8 after CHART) with `provider: {fields}` (line 9)."""
    return f"alert:\n  provider: {{{fields}}}\n"


# --------------------------------------------------------------------------- valid

@pytest.mark.parametrize("text", [
    CHART + provider("type: slack, channel: flux-alerts, secretRef: slack-webhook"),
    CHART + provider("type: slack, address: 'https://slack.com/api/chat.postMessage', secretRef: slack-token"),
    CHART + provider("type: msteams, secretRef: teams-webhook"),
    GIT + provider("name: github, type: github, address: 'https://github.com/org/app', secretRef: gh-token"),
    GIT + provider("type: googlepubsub, address: my-gcp-project, channel: flux-events"),
    GIT + provider("type: azureeventhub, address: fluxhub, channel: flux-namespace"),
    GIT + provider("type: nats, address: 'nats://nats.example.com:4222', channel: flux.events"),
    GIT + provider("type: telegram, channel: '@fluxcd', secretRef: telegram-token"),
    GIT + provider("type: alertmanager, address: 'http://alertmanager.monitoring:9093/api/v2/alerts'"),
    GIT + "alert:\n  providerRef: ops-slack\n  eventSeverity: error\n  eventMetadata: {cluster: prod}\n",
    GIT + "alert:\n  providerRef: ops\n  eventSources:\n    - {kind: Kustomization, name: shop}\n"
          "    - {kind: Kustomization, name: shop, namespace: apps}\n    - {kind: GitRepository, name: shop}\n",
], ids=["slack-webhook-in-secret", "slack-bot-token", "msteams", "github-commit-status", "googlepubsub",
        "azureeventhub-workload-identity", "nats", "telegram", "alertmanager-without-auth", "provider-ref",
        "same-name-other-namespace-or-kind"])
def test_valid_alerts_have_no_problems(text: str) -> None:
    assert run(text) == []


# --------------------------------------------------------------------------- exactly one provider

def test_neither_provider_nor_provider_ref_is_a_missing_key_at_alert() -> None:
    found = run(CHART + "alert:\n  eventSeverity: error\n")
    assert brief(found) == [(codes.MISSING_KEY, "$.alert.provider", (8, 1))]
    assert "`provider` or `providerRef`" in found[0].message


def test_both_provider_and_provider_ref_conflict() -> None:
    found = run(CHART + provider("type: slack, secretRef: hook") + "  providerRef: ops\n")
    assert brief(found) == [(codes.CONFLICTING_KEYS, "$.alert.providerRef", (10, 3))]


def test_an_unused_alert_only_warns() -> None:
    """With gitopsDeployment none nothing is emitted: `alert` is unused (FLX302), not incomplete."""
    text = "fluxc: v1\nname: shop\noutputFormat: raw\nmanifests: ./rendered\nalert:\n  eventSeverity: error\n"
    assert brief(run(text)) == [(codes.UNUSED_KEY, "$.alert", (5, 1))]


# --------------------------------------------------------------------------- credentials in the address

SECRETS = [
    "https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXX",
    "https://discord.com/api/webhooks/123456/s3cr3t-t0k3n",
    "https://discordapp.com/api/webhooks/123456/s3cr3t-t0k3n",
    "https://acme.webhook.office.com/webhookb2/abc@def/IncomingWebhook/s3cr3t/ghi",
    "https://outlook.office.com/webhook/s3cr3t",
    "https://chat.googleapis.com/v1/spaces/AAA/messages?key=s3cr3t&token=t0k3n",
    "https://api.telegram.org/bot123456:s3cr3t/sendMessage",
    "https://open.larksuite.com/open-apis/bot/v2/hook/s3cr3t",
    "https://prod-1.westeurope.logic.azure.com/workflows/1/triggers/manual/paths/invoke?api-version=1&sig=s3cr3t",
    "https://hooks.example.com/flux?access_token=s3cr3t",
    "https://hooks.example.com/flux?X-Api-Key=s3cr3t",
    "https://func.azurewebsites.net/api/flux?code=s3cr3t",
    "https://deploy:s3cr3t@hooks.example.com/flux",
    "https://s3cr3t@o123.ingest.sentry.io/456",
    "https://S3CR3T:pa/s3cr3t@hooks.example.com/flux",  # no parser's authority: the token is not the host
]


@pytest.mark.parametrize("address", SECRETS, ids=lambda a: a.split("/")[2].split("@")[-1] + a[-12:])
def test_a_credential_in_the_address_is_reported_without_the_secret(address: str) -> None:
    found = run(CHART + provider(f"type: generic, address: '{address}'"))
    assert brief(found) == [(codes.URL_CREDENTIALS, "$.alert.provider.address", (9, 38))]
    shown = found[0].render().lower()
    assert "s3cr3t" not in shown and "t0k3n" not in shown and "xxxxxxxx" not in shown
    assert "under the `address` key" in found[0].hint and "`alert.provider.secretRef`" in found[0].hint


def test_the_message_names_the_secret_and_shows_the_host_only() -> None:
    (found,) = run(CHART + provider(f"type: slack, address: '{SECRETS[0]}'"))
    assert found.message == "the address embeds a Slack webhook's secret (its path): https://hooks.slack.com/…"
    (found,) = run(CHART + provider("type: generic, address: 'https://hooks.example.com/x?token=a&sig=b'"))
    assert found.message == "the address embeds a credential in its query (`token`, `sig`): https://hooks.example.com/…"


def test_an_azure_connection_string_is_a_credential() -> None:
    text = GIT + provider("type: azureeventhub, address: 'Endpoint=sb://ns.servicebus.windows.net/;"
                          "SharedAccessKeyName=root;SharedAccessKey=s3cr3t'")
    (found,) = run(text)
    assert found.code == codes.URL_CREDENTIALS and "s3cr3t" not in found.render()


@pytest.mark.parametrize("address", [
    "https://slack.com/api/chat.postMessage", "https://github.com/org/app", "https://hooks.slack.com/",
    "https://discord.com/channels/1/2", "https://api.opsgenie.com/v2/alerts", "https://example.com/x?monkey=1",
    "https://example.com/x?token=", "https://webexapis.com/v1/messages", "https://api.datadoghq.com",
])
def test_addresses_without_a_secret_are_fine(address: str) -> None:
    assert credential_in_address(address) is None


def test_a_credential_is_reported_whatever_the_journey() -> None:
    text = ("fluxc: v1\nname: shop\noutputFormat: raw\nmanifests: ./rendered\nalert:\n"
            f"  provider: {{type: slack, address: '{SECRETS[0]}'}}\n")
    assert [d.code for d in run(text)] == [codes.UNUSED_KEY, codes.URL_CREDENTIALS]


# --------------------------------------------------------------------------- the address's form

@pytest.mark.parametrize(("fields", "what"), [
    ("type: slack, address: slack.com/api/chat.postMessage", "is an https:// or http:// URL"),
    ("type: generic, address: 'ftp://example.com/hook'", "is an https:// or http:// URL"),
    ("type: nats, address: broker.internal, channel: flux", "is a URL (e.g. nats://"),
    ("type: generic, address: 'https://example.com/a b'", "spaces or control characters"),
    ("type: generic, address: 'https://example.com/" + "a" * 2040 + "'", "is 2060 characters long"),
], ids=["no-scheme", "ftp", "nats-no-scheme", "space", "too-long"])
def test_a_malformed_address_is_bad_format_and_not_shown(fields: str, what: str) -> None:
    (found,) = run(GIT + provider(fields))
    assert (found.code, format_path(found.path)) == (codes.BAD_FORMAT, "$.alert.provider.address")
    assert what in found.message
    assert "example.com/" not in found.message and "broker.internal" not in found.message


# --------------------------------------------------------------------------- what a type cannot work without

@pytest.mark.parametrize(("fields", "missing"), [
    ("type: slack", ["address"]),
    ("type: generic-hmac, address: 'https://hooks.example.com/flux'", ["secretRef"]),
    ("type: telegram", ["channel", "secretRef"]),
    ("type: googlepubsub", ["address", "channel"]),
    ("type: nats, address: 'nats://nats:4222'", ["channel"]),
    ("type: zulip, address: 'https://zulip.example.com', secretRef: zulip", ["channel"]),
    ("type: matrix, address: 'https://matrix.org', secretRef: matrix", ["channel"]),
    ("type: pagerduty, address: 'https://events.pagerduty.com'", ["channel"]),
    ("type: webex, address: 'https://webexapis.com/v1/messages', channel: room", ["secretRef"]),
    ("type: github", ["address", "secretRef"]),
    ("type: gitlab, address: 'https://gitlab.com/1234'", ["secretRef"]),
    ("type: bitbucketserver, address: 'https://bitbucket.example.com/scm/p/r.git'", ["secretRef"]),
    ("type: opsgenie, address: 'https://api.opsgenie.com/v2/alerts'", ["secretRef"]),
    ("type: datadog, address: 'https://api.datadoghq.com'", ["secretRef"]),
], ids=lambda x: x.split(",")[0].removeprefix("type: ") if isinstance(x, str) else "-".join(x))
def test_what_a_type_cannot_work_without_is_a_missing_key(fields: str, missing: list[str]) -> None:
    found = run(GIT + provider(fields))
    assert brief(found) == [(codes.MISSING_KEY, f"$.alert.provider.{key}", (8, 3)) for key in missing]
    kind = fields.split(",")[0].removeprefix("type: ")
    assert all(d.message.startswith(f"a `{kind}` Provider needs") for d in found)


def test_an_address_in_the_secret_counts() -> None:
    assert run(GIT + provider("type: discord, secretRef: discord-webhook")) == []


@pytest.mark.parametrize("kind", ["azuredevops", "alertmanager", "grafana", "otel", "generic"])
def test_types_with_a_way_without_a_secret_need_none(kind: str) -> None:
    assert run(GIT + provider(f"type: {kind}, address: 'https://example.com/x'")) == []


def test_a_provider_without_a_type_is_left_to_the_schema() -> None:
    assert run(GIT + "alert:\n  provider: {channel: x}\n") == []


# --------------------------------------------------------------------------- eventSources

def test_an_object_named_twice_is_a_duplicate() -> None:
    text = GIT + ("alert:\n  providerRef: ops\n  eventSources:\n    - {kind: Kustomization, name: shop}\n"
                  "    - {kind: GitRepository, name: shop}\n"
                  "    - {kind: Kustomization, name: shop, namespace: flux-system}\n")
    found = run(text)
    assert brief(found) == [(codes.DUPLICATE_ENTRY, "$.alert.eventSources[2]", (12, 7))]
    assert found[0].message == ("Kustomization flux-system/shop is already an event source "
                                "($.alert.eventSources[0])")


def test_duplicates_follow_flux_namespace() -> None:
    text = "fluxNamespace: apps\n" + GIT + ("alert:\n  providerRef: ops\n  eventSources:\n"
                                          "    - {kind: HelmRelease, name: '*', namespace: apps}\n"
                                          "    - {kind: HelmRelease, name: '*'}\n")
    assert [d.code for d in run(text)] == [codes.DUPLICATE_ENTRY]


@pytest.mark.parametrize(("alert", "expected"), [
    ("alert: []\n", []), ("alert: x\n", []),
    ("alert:\n  provider: x\n  providerRef: y\n", [codes.CONFLICTING_KEYS]),  # both given, whatever their types
    ("alert:\n  providerRef: ops\n  eventSources: x\n", []),
    ("alert:\n  providerRef: ops\n  eventSources: [x, {kind: 1}, {kind: A, name: b, namespace: 1}]\n", []),
    ("alert:\n  provider: {type: [slack], address: 1, channel: {}}\n", []),
], ids=["list", "scalar", "both-scalars", "sources-scalar", "source-entries", "provider-fields"])
def test_values_of_the_wrong_type_are_left_to_the_schema(alert: str, expected: list[str]) -> None:
    assert [d.code for d in run(GIT + alert)] == expected


@pytest.mark.parametrize(("case", "imported"), [("chart-https-spec-example", False), ("alert-slack", True)])
def test_the_alert_rules_are_imported_only_for_a_file_with_alerts(case: str, imported: bool) -> None:
    import subprocess
    import sys

    from helpers.paths import FIXTURES

    answers = FIXTURES / "valid" / case / "answers.yaml"
    code = ("import sys; from pathlib import Path; from fluxc.pipeline.compile import compile_file; "
            f"compile_file(Path({str(answers)!r})); print('fluxc.answers.rules_alerts' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == str(imported)
