"""YAML snippets many tests start from."""

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
