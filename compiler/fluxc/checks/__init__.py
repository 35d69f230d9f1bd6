"""Checking values: the Go-faithful JSON Schema validator, finding the bundled schemas, jsonschema errors
turned into Diagnostics, and the formats messages speak of (URLs, Go durations, apimachinery names,
Kubernetes object metadata).

Shared by the answers check, packaging and the Flux target. May import: `fluxc.report`, `fluxc.yaml`.
"""
