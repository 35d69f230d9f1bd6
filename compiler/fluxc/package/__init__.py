"""Packaging raw manifests (`manifests`): reading and checking the user's objects (kubernetes-validate),
and the helm / kustomize / raw packagers.

May import: `fluxc.report`, `fluxc.yaml`, `fluxc.checks`, `fluxc.answers` (defaults only), `fluxc.output`.
Never a target: packaging does not depend on what deploys the package.
"""
