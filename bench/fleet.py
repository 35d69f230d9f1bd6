"""A deterministic platform repository of answers files, for bench/bench_repo.py and the repository-mode tests.

`write_fleet(root, count)` writes `root/apps/<team>/<app>/fluxc.yaml`, every journey mixed the way a platform
repository mixes them: third-party charts from shared https:// Helm repositories (several apps per repository,
versions per app), internal and shared charts from OCI registries, Helm charts and Kustomize folders from a few
shared Git repositories. Sources are shared without conflict: every answers file that derives a source name
gives it the same settings (URL, ref, interval, secret, labels), as repository mode requires (FLX409). Two
tenant teams reconcile in their own Flux namespace with tenant labels; the others use flux-system. Some apps
depend on earlier apps of the same kind (never a cycle). The same (count, seed) always gives the same bytes.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

Answers = dict[str, Any]

# https:// Helm repositories: URL, optional secret and source interval (the same for every app that uses
# it), and the charts deployed from it with the versions teams pin.
HELM_REPOSITORIES: list[tuple[str, Answers, dict[str, list[str]]]] = [
    ("https://charts.bitnami.com/bitnami", {}, {
        "redis": ["19.6.4", "19.5.2", "18.19.4"], "postgresql": ["15.5.20", "15.5.17", "13.4.6"],
        "rabbitmq": ["14.6.6", "14.4.4"], "mongodb": ["15.6.16", "15.1.7"], "memcached": ["7.4.16"],
        "kafka": ["29.3.14", "28.3.0"], "minio": ["14.6.29"], "keycloak": ["21.8.0"]}),
    ("https://prometheus-community.github.io/helm-charts", {}, {
        "prometheus-postgres-exporter": ["6.3.1"], "prometheus-redis-exporter": ["6.3.0"],
        "prometheus-blackbox-exporter": ["8.17.0", "8.15.0"], "prometheus-adapter": ["4.10.0"]}),
    ("https://charts.jetstack.io", {}, {"cert-manager": ["v1.15.1"], "trust-manager": ["v0.11.0"]}),
    ("https://kubernetes.github.io/ingress-nginx", {}, {"ingress-nginx": ["4.10.1", "4.8.3"]}),
    ("https://grafana.github.io/helm-charts", {}, {"loki": ["6.6.4"], "tempo": ["1.10.1"], "promtail": ["6.16.2"]}),
    ("https://kubernetes-sigs.github.io/external-dns/", {}, {"external-dns": ["1.14.5"]}),
    ("https://charts.external-secrets.io", {}, {"external-secrets": ["0.9.20"]}),
    ("https://stefanprodan.github.io/podinfo", {}, {"podinfo": ["6.7.0", "6.6.3"]}),
    ("https://charts.acme.example.com/internal", {"secretRef": "acme-helm-auth"},
     {"service-template": ["3.2.1", "3.1.0", "~3.2"], "cronjob-template": ["1.4.0"]}),
]
# oci:// registries: one OCIRepository per chart and ref, so every app of a chart pins the same version.
OCI_SHARED: list[tuple[str, str, str]] = [
    ("oci://ghcr.io/stefanprodan/charts", "podinfo", "6.7.0"),
    ("oci://registry-1.docker.io/bitnamicharts", "valkey", "0.3.14"),
    ("oci://ghcr.io/dexidp/helm-charts", "dex", "0.19.1"),
]
OCI_INTERNAL = "oci://ghcr.io/acme/charts"  # one chart per internal service, named after it
# Git repositories: (gitRepoUrl, the settings every app using the derived name gives it).
GIT_REPOSITORIES: list[tuple[str, Answers]] = [
    ("https://github.com/acme/platform-charts.git", {}),
    ("https://github.com/acme/platform-charts.git", {"gitRepositoryName": "platform-charts-stable",
                                                    "gitRef": {"tag": "v2.14.0"}}),
    ("ssh://git@github.com/acme/fleet-apps.git", {"gitBranch": "production", "gitSecretRef": "fleet-apps-deploy-key"}),
    ("https://gitlab.acme.example.com/platform/k8s-manifests.git", {"gitSecretRef": "gitlab-token",
                                                                    "sourceInterval": "5m"}),
]
TEAMS = ["platform", "shop", "payments", "data", "identity", "search", "mobile", "observability"]
TENANTS = {"payments", "identity"}  # their own Flux namespace, tenant labels, a service account
COMPONENTS = ["cart", "checkout", "catalog", "orders", "pricing", "inventory", "reviews", "accounts", "billing",
              "ledger", "notifications", "recommendations", "reports", "gateway", "sessions", "events"]
ROLES = {"oci": ["api", "service", "grpc"], "git-helm": ["worker", "consumer", "scheduler"],
         "kustomize": ["web", "frontend", "admin", "jobs"]}
# journey -> weight: most apps deploy third-party charts or their own Kustomize folders
JOURNEYS = {"https": 35, "oci": 20, "git-helm": 20, "kustomize": 25}
DATA_STORES = {"redis", "postgresql", "mongodb", "rabbitmq", "memcached", "kafka", "minio", "valkey"}
INFRASTRUCTURE = {"cert-manager", "trust-manager", "ingress-nginx", "loki", "tempo", "promtail", "external-dns",
                  "external-secrets", "prometheus-postgres-exporter", "prometheus-redis-exporter",
                  "prometheus-blackbox-exporter", "prometheus-adapter"}
INTERVALS = ["5m", "5m", "5m", "10m", "15m", "1h"]


def write_fleet(root: Path, count: int, *, seed: int = 0) -> list[Path]:
    """Write `count` answers files under root (root/apps/<team>/<app>/fluxc.yaml); return their paths in order."""
    rng = random.Random(seed)
    used: dict[str, int] = {}
    earlier: dict[str, list[tuple[str, str]]] = {"HelmRelease": [], "Kustomization": []}  # kind -> (flux ns, name)
    paths = []
    for index in range(count):
        team = TEAMS[index % len(TEAMS)]
        journey = rng.choices(list(JOURNEYS), weights=list(JOURNEYS.values()))[0]
        answers = _app(rng, team, journey, used)
        kind = "Kustomization" if journey == "kustomize" else "HelmRelease"
        flux_namespace = answers.get("fluxNamespace", "flux-system")
        depends = _depends_on(rng, earlier[kind], flux_namespace)
        if depends:
            answers["dependsOn"] = depends
        if "values" in answers:  # last, as people write them
            answers["values"] = answers.pop("values")
        earlier[kind].append((flux_namespace, answers["name"]))
        path = root / "apps" / team / answers["name"] / "fluxc.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        header = f"# {answers['name']}: owned by team {team}; build with `fluxc build`.\n"
        path.write_text(header + yaml.safe_dump(answers, sort_keys=False, width=120), encoding="utf-8")
        paths.append(path)
    return paths


def _app(rng: random.Random, team: str, journey: str, used: dict[str, int]) -> Answers:
    component = rng.choice(COMPONENTS)
    if journey == "https":
        url, settings, charts = rng.choice(HELM_REPOSITORIES)
        chart_name = rng.choice(sorted(charts))
        chart = {"repository": url, "name": chart_name, "version": rng.choice(charts[chart_name]), **settings}
        name = _unique(used, chart_name if team == "platform" else f"{component}-{chart_name}")
        answers = _common(rng, team, name)
        answers.update(deploymentMethod="flux", chart=chart)
        _helm_release(rng, answers, team, chart_name)
    elif journey == "oci":
        if rng.random() < 0.3:
            url, chart_name, version = rng.choice(OCI_SHARED)
            name = _unique(used, f"{component}-{chart_name}")
        else:  # an internal service's own chart, versioned by its team's releases
            name = _unique(used, f"{component}-{rng.choice(ROLES['oci'])}")
            version = f"{rng.randint(0, 4)}.{rng.randint(0, 30)}.{rng.randint(0, 9)}"
            url, chart_name = OCI_INTERNAL, name
        answers = _common(rng, team, name)
        answers.update(deploymentMethod="flux", chart={"repository": url, "name": chart_name, "version": version})
        _helm_release(rng, answers, team, chart_name)
    else:
        name = _unique(used, f"{component}-{rng.choice(ROLES[journey])}")
        url, settings = rng.choice(GIT_REPOSITORIES)
        answers = _common(rng, team, name)
        answers.update(outputFormat="helm" if journey == "git-helm" else "kustomize", gitopsDeployment="flux",
                       gitRepoUrl=url, **settings)
        if journey == "git-helm":
            answers["gitPath"] = f"charts/{name}"
            _helm_release(rng, answers, team, name)
        else:
            answers["gitPath"] = f"./apps/{team}/{name}/overlays/production"
            _kustomization(rng, answers, team, name)
    if team in TENANTS:
        answers["serviceAccountName"] = f"{team}-deployer"
    return answers


def _common(rng: random.Random, team: str, name: str) -> Answers:
    """The keys every journey shares; tenants' labels go on their sources too, identically for the whole team."""
    answers: Answers = {"fluxc": "v1", "name": name}
    roll = rng.random()
    if roll < 0.7:
        answers["namespace"] = team
    elif roll < 0.9:
        answers["namespace"] = name
    if team in TENANTS:
        answers["fluxNamespace"] = team
        answers["labels"] = {"toolkit.fluxcd.io/tenant": team}
    interval = rng.choice(INTERVALS)
    if interval != "5m":
        answers["reconcileInterval"] = interval
    return answers


def _helm_release(rng: random.Random, answers: Answers, team: str, chart: str) -> None:
    if rng.random() < 0.4:
        answers["remediation"] = {"retries": rng.choice([3, 5])}
    if rng.random() < 0.2:
        answers["timeout"] = rng.choice(["10m", "15m"])
    if rng.random() < 0.15:
        answers["valuesFrom"] = [{"kind": "Secret", "name": f"{answers['name']}-values", "valuesKey": "values.yaml"}]
    answers["values"] = _values(rng, answers["name"], team, chart)


def _values(rng: random.Random, name: str, team: str, chart: str) -> Answers:
    """Values of the size teams write: replicas and resources; an ingress for a service, storage for a data
    store, monitoring for the rest."""
    cpu, memory = rng.choice([("100m", "128Mi"), ("250m", "256Mi"), ("500m", "512Mi"), ("1", "1Gi")])
    values: Answers = {
        "replicaCount": rng.choice([1, 2, 2, 3, 3, 5]),
        "resources": {"requests": {"cpu": cpu, "memory": memory}, "limits": {"memory": memory}},
    }
    if chart in DATA_STORES:
        values["auth"] = {"existingSecret": f"{name}-auth"}
        values["persistence"] = {"enabled": True, "size": rng.choice(["8Gi", "20Gi", "50Gi"]), "storageClass": "gp3"}
        values["metrics"] = {"enabled": True, "serviceMonitor": {"enabled": True}}
    elif chart in INFRASTRUCTURE:
        values["serviceMonitor"] = {"enabled": True, "interval": "30s"}
        values["podDisruptionBudget"] = {"enabled": True, "minAvailable": 1}
        if chart == "cert-manager":
            values["crds"] = {"enabled": True}
    else:
        host = f"{name}.{team}.acme.example.com"
        values["ingress"] = {
            "enabled": rng.random() < 0.8, "className": "nginx",
            "annotations": {"cert-manager.io/cluster-issuer": "letsencrypt-prod"},
            "hosts": [{"host": host, "paths": [{"path": "/", "pathType": "Prefix"}]}],
            "tls": [{"secretName": f"{name}-tls", "hosts": [host]}],
        }
        if rng.random() < 0.5:
            values["autoscaling"] = {"enabled": True, "minReplicas": 2, "maxReplicas": rng.choice([6, 10, 20]),
                                     "targetCPUUtilizationPercentage": 75}
    if rng.random() < 0.4:
        values["podAnnotations"] = {"prometheus.io/scrape": "true", "prometheus.io/port": "9090"}
        values["nodeSelector"] = {"kubernetes.io/os": "linux"}
    return values


def _kustomization(rng: random.Random, answers: Answers, team: str, name: str) -> None:
    answers["prune"] = rng.random() < 0.9
    if rng.random() < 0.5:
        answers["wait"] = True
        answers["timeout"] = rng.choice(["3m", "5m"])
    elif rng.random() < 0.5:
        runs_in = answers.get("namespace", answers.get("fluxNamespace", "flux-system"))
        answers["healthChecks"] = [{"kind": "Deployment", "name": name, "namespace": runs_in}]
    if rng.random() < 0.2:
        answers["decryption"] = {"secretName": "sops-age"}


def _depends_on(rng: random.Random, earlier: list[tuple[str, str]], flux_namespace: str) -> list[str]:
    """One or two earlier apps of the same kind (so never a cycle): `name` in the same Flux namespace."""
    if not earlier or rng.random() >= 0.25:
        return []
    picked = {earlier[rng.randrange(max(0, len(earlier) - 40), len(earlier))] for _ in range(rng.choice([1, 1, 2]))}
    return [name if namespace == flux_namespace else f"{namespace}/{name}" for namespace, name in sorted(picked)]


def _unique(used: dict[str, int], base: str) -> str:
    """base, or base-2, base-3...: app names are unique in the whole fleet (so in every Flux namespace)."""
    used[base] = used.get(base, 0) + 1
    if used[base] == 1:
        return base
    candidate = f"{base}-{used[base]}"
    if candidate in used:
        return _unique(used, base)
    used[candidate] = 1
    return candidate
