"""GitOps targets: what the pipeline needs from one (`types`), the `TARGETS` registry, and one folder per
target (`flux/`, the one place that knows Flux).

May import: `fluxc.report`, `fluxc.yaml`, `fluxc.checks`, `fluxc.crds`, `fluxc.answers`.
"""
