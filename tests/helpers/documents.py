"""Flux objects as users write them, for the tests that validate them (resources, apiversions, schema_errors).

Spans in those tests are counted in these texts: the line numbers given here are part of the contract.
"""

from __future__ import annotations

from helpers.snippets import flux_object

# A valid HelmRelease from a HelmRepository: `spec:` on line 6, `chart:` on line 8, 14 lines.
HELM_RELEASE = flux_object("helm.toolkit.fluxcd.io/v2", "HelmRelease", """\
spec:
  interval: 10m
  chart:
    spec:
      chart: podinfo
      version: "6.5.4"
      sourceRef:
        kind: HelmRepository
        name: podinfo
""")

# A Kustomization of a removed version, with fields removed along with it: `validation` on line 8,
# `patchesStrategicMerge` on line 12 and `patchesJson6902` on line 17 (no namespace).
OLD_KUSTOMIZATION = flux_object("kustomize.toolkit.fluxcd.io/v1beta2", "Kustomization", """\
spec:
  interval: 10m
  prune: true
  validation: client
  sourceRef:
    kind: GitRepository
    name: flux-system
  patchesStrategicMerge:
    - apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec: {replicas: 2}
  patchesJson6902:
    - target: {kind: Deployment, name: web}
      patch:
        - op: replace
          path: /spec/replicas
          value: 3
""", name="apps", namespace=None)
