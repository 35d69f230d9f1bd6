"""YAML snippets many tests start from, and the few helpers that write their variants."""

from __future__ import annotations

# Journey 1 as the specification's example has it, without values: the answers many tests start from.
NGINX_CHART = """\
fluxc: v1
name: nginx-ingress
namespace: ingress-nginx
deploymentMethod: flux
chart:
  repository: https://kubernetes.github.io/ingress-nginx
  name: ingress-nginx
  version: "4.8.3"
"""

# Journey 1 with podinfo's chart from its https:// repository, without a version: the chart mapping comes
# last (lines 4-6), so a test can append keys under it, e.g. `PODINFO_CHART + '  version: "6.5.4"\n'`.
PODINFO_CHART = """\
fluxc: v1
name: podinfo
deploymentMethod: flux
chart:
  repository: https://stefanprodan.github.io/podinfo
  name: podinfo
"""

# Journey 1 with podinfo's chart from its OCI registry, pinned: the chart mapping comes last (lines 4-7).
PODINFO_OCI_CHART = """\
fluxc: v1
name: podinfo
deploymentMethod: flux
chart:
  repository: oci://ghcr.io/stefanprodan/charts
  name: podinfo
  version: "6.5.4"
"""

# Journey 3 from podinfo's manifests as an OCI artifact, by tag: the artifact mapping comes last (lines 6-9).
PODINFO_ARTIFACT = """\
fluxc: v1
name: podinfo
outputFormat: kustomize
gitopsDeployment: flux
artifact:
  url: oci://ghcr.io/stefanprodan/manifests/podinfo
  ref:
    tag: 6.3.5
"""

# A journey-1 file the input checks refuse: a name that is no DNS label (line 2, column 7) and a
# misspelt chart key (line 7, column 3).
INVALID_CHART = """\
fluxc: v1
name: Bad_Name
deploymentMethod: flux
chart:
  repository: https://charts.example.com
  name: demo
  versoin: "1.0.0"
"""

# Journey 3 as the specification's example has it.
MICROSERVICE_GIT = """\
fluxc: v1
name: my-microservice
namespace: shop
outputFormat: kustomize
gitopsDeployment: flux
gitRepoUrl: ssh://git@github.com/org/gitops-repo.git
gitBranch: production
gitPath: ./apps/my-microservice
reconcileInterval: 10m
"""


def answers(**keys: str) -> str:
    """An answers file of top-level keys, one `key: value` line each, in the order given (values as YAML text)."""
    return "".join(f"{key}: {value}\n" for key, value in keys.items())


def git_answers(name: str, output_format: str = "kustomize", *,
                repository: str = "https://github.com/org/gitops-repo.git", path: str = "") -> str:
    """A journey-2 (helm) or journey-3 (kustomize, raw) file with only the required keys, deployed by Flux.

    Six lines: fluxc, name, outputFormat, gitopsDeployment, gitRepoUrl, gitPath (`apps/<name>` unless given).
    """
    return answers(fluxc="v1", name=name, outputFormat=output_format, gitopsDeployment="flux", gitRepoUrl=repository,
                   gitPath=path or f"apps/{name}")


def edit(text: str, old: str, new: str) -> str:
    """text with its one occurrence of old replaced by new (a variant that cannot silently be the original)."""
    assert text.count(old) == 1, f"{old!r} is not in the text exactly once"
    return text.replace(old, new)


# A hand-written GitRepository, valid: the Flux object many validate tests start from.
GIT_REPOSITORY = """\
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: podinfo
  namespace: flux-system
spec:
  interval: 1m
  url: https://github.com/stefanprodan/podinfo
"""


def flux_object(api_version: str, kind: str, spec: str, *, name: str = "podinfo",
                namespace: str | None = "flux-system") -> str:
    """An object as Flux writes it: apiVersion, kind, metadata (name, then namespace unless None), then spec.

    spec is YAML lines as they stand in the document, starting with `spec:`; it starts on line 5, or on
    line 6 with a namespace.
    """
    metadata = f"  name: {name}\n" + (f"  namespace: {namespace}\n" if namespace is not None else "")
    return f"apiVersion: {api_version}\nkind: {kind}\nmetadata:\n{metadata}{spec}"


def web_deployment(containers: str, *, metadata: str = "  labels: {app: web}\n", spec: str = "  replicas: 2\n") -> str:
    """A Deployment `web` whose pods carry the label app: web.

    Each argument is YAML lines as they stand in the document: metadata's keys after `name: web` (line 4),
    spec's keys before `selector`, and the pod's list of containers, which ends the document.
    """
    return ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n" + metadata + "spec:\n" + spec
            + "  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n"
            + "    spec:\n      containers:\n" + containers)


def web_service(target_port: str) -> str:
    """A Service `web` that sends its port 80 to target_port of the pods labelled app: web."""
    return (f"apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {{app: web}}\n"
            f"  ports:\n    - port: 80\n      targetPort: {target_port}\n")
