"""The Flux target, the one place that knows Flux: the kinds table, the typed model, lowering from answers,
the emitters, the check of emitted objects, removed apiVersions, and validating a Flux object against the
bundled schemas or the user's CRDs.

May import what `fluxc.targets` may import.
"""
